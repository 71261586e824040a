package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"nghisu/internal/db"
)

// Event is one entry of the event log behind the live screens: something
// that changed on a topic (a meeting, usually), with the data the screens
// need to show it. Ids grow in commit order (see AppendEvent), so an id is a
// position in the log that a reconnecting client can resume from.
type Event struct {
	ID    int64           `json:"id"`
	Topic string          `json:"topic"`
	Kind  string          `json:"kind"`
	Data  json.RawMessage `json:"data"`
	At    time.Time       `json:"at"`
}

// eventsLock is the PostgreSQL advisory lock that AppendEvent holds until
// its transaction ends. The value is arbitrary; it only has to differ from
// the other advisory locks of the application (testutil uses 4242).
const eventsLock = 7_301_466_001

// errEventField refuses topics and kinds that would break the text/event-stream
// framing (a line break ends the field) or that cannot be looked up.
var errEventField = errors.New("event topic and kind must be non-empty and on one line")

// AppendEvent adds an event to the log and returns it with its id. Call it
// on the store of the transaction that makes the change it reports (InTx),
// so that the event commits or rolls back with the change, and hand the
// event to the broker only after the commit.
//
// Ids are handed out in commit order, which is what lets readers resume
// from an id without a gap: on SQLite the single writer serialises
// transactions already; on PostgreSQL a transaction-scoped advisory lock
// is taken before the id is drawn and held until commit, so a transaction
// that drew id N commits before any transaction can draw N+1. (Without it,
// N+1 could commit first, a reader would move past N, and N would never be
// shown.) The price is that event-writing transactions queue behind each
// other from AppendEvent to their commit: append the event as the last
// write of the transaction, which also keeps lock order simple.
func (s *Store) AppendEvent(ctx context.Context, topic, kind string, data any) (*Event, error) {
	if topic == "" || kind == "" || strings.ContainsAny(topic, "\r\n") || strings.ContainsAny(kind, "\r\n") {
		return nil, errEventField
	}
	// json.Marshal compacts (RawMessage included), so the data fits on the
	// single "data:" line of an SSE frame.
	raw, err := json.Marshal(data)
	if err != nil {
		return nil, err
	}
	// Microseconds are what PostgreSQL keeps: the event returned here must
	// equal the one read back from the log.
	ev := &Event{Topic: topic, Kind: kind, Data: raw, At: s.Now().Truncate(time.Microsecond)}
	appendRow := func(tx *Store) error {
		if tx.q.Dialect() == db.Postgres {
			if _, err := tx.q.Exec(ctx, "SELECT pg_advisory_xact_lock(?)", int64(eventsLock)); err != nil {
				return err
			}
		}
		ev.ID, err = tx.insert(ctx, "INSERT INTO events (topic, kind, data, at) VALUES (?, ?, ?, ?)",
			topic, kind, string(raw), ev.At)
		return err
	}
	if s.q.Dialect() == db.Postgres {
		// Outside a transaction the lock needs one to live in; inside one,
		// InTx joins it.
		err = s.InTx(ctx, appendRow)
	} else {
		err = appendRow(s)
	}
	if err != nil {
		return nil, err
	}
	if s.outbox != nil {
		*s.outbox = append(*s.outbox, *ev) // published when the transaction commits
	} else {
		s.published(ctx, []Event{*ev})
	}
	return ev, nil
}

const eventCols = "id, topic, kind, data, at"

func scanEvent(r *sql.Rows) (Event, error) {
	var e Event
	err := r.Scan(&e.ID, &e.Topic, &e.Kind, (*[]byte)(&e.Data), &e.At)
	e.At = e.At.UTC()
	return e, err
}

// EventsAfter returns up to limit events of topic with an id above afterID,
// oldest first: what a client that saw afterID has missed.
func (s *Store) EventsAfter(ctx context.Context, topic string, afterID int64, limit int) ([]Event, error) {
	rows, err := s.q.Query(ctx, "SELECT "+eventCols+" FROM events WHERE topic = ? AND id > ? ORDER BY id LIMIT ?",
		topic, afterID, limit)
	return collect(rows, err, scanEvent)
}

// EventsSince returns up to limit events of every topic with an id above
// afterID, oldest first: how a broker catches up after a missed
// notification or a lost connection.
func (s *Store) EventsSince(ctx context.Context, afterID int64, limit int) ([]Event, error) {
	rows, err := s.q.Query(ctx, "SELECT "+eventCols+" FROM events WHERE id > ? ORDER BY id LIMIT ?", afterID, limit)
	return collect(rows, err, scanEvent)
}

// LastEventID returns the id of topic's newest event, or of the newest event
// of all topics when topic is "", and 0 when there is none.
func (s *Store) LastEventID(ctx context.Context, topic string) (int64, error) {
	var id int64
	var err error
	if topic == "" {
		err = s.q.QueryRow(ctx, "SELECT COALESCE(MAX(id), 0) FROM events").Scan(&id)
	} else {
		err = s.q.QueryRow(ctx, "SELECT COALESCE(MAX(id), 0) FROM events WHERE topic = ?", topic).Scan(&id)
	}
	return id, err
}

// PruneEvents deletes the events older than before and returns how many
// went. The newest event always stays: SQLite gives a new row the highest
// id plus one, so emptying the table would hand out old ids again, and
// clients and brokers that remember a position would skip the new events.
func (s *Store) PruneEvents(ctx context.Context, before time.Time) (int64, error) {
	res, err := s.q.Exec(ctx, `DELETE FROM events WHERE at < ?
		AND id < (SELECT COALESCE(MAX(id), 0) FROM events)`, before.UTC())
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
