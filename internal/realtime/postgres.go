package realtime

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"math"
	"math/rand/v2"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"

	"nghisu/internal/store"
)

// Channel is the PostgreSQL notification channel that announces events.
const Channel = "nghisu_events"

// maxPayload is the largest NOTIFY payload sent whole. PostgreSQL refuses
// payloads of 8000 bytes or more; a larger event is announced by its id
// alone and the listeners read it from the log.
const maxPayload = 7000

// notifyTimeout bounds a Publish, connectTimeout a reconnection attempt (a
// database behind a dead route would otherwise hold it for minutes).
const (
	notifyTimeout  = 5 * time.Second
	connectTimeout = 10 * time.Second
)

// pgOptions tune the PostgreSQL broker; tests shorten the times and hook in.
type pgOptions struct {
	// poll is how long the listener waits for a notification before it
	// checks its connection and reads the log anyway (default 10s).
	poll time.Duration
	// minBackoff and maxBackoff bound the wait between reconnect attempts
	// (default 100ms, 5s).
	minBackoff, maxBackoff time.Duration
	// beforeReconnect, when set, runs in the listener before each reconnect.
	beforeReconnect func()
}

// pgBroker announces events with NOTIFY and hands every event it hears of,
// its own included, to its hub.
type pgBroker struct {
	hub *Hub
	st  *store.Store
	log *slog.Logger
	cfg *pgx.ConnConfig
	opt pgOptions

	cancel    context.CancelFunc
	done      chan struct{}
	closeOnce sync.Once

	// Owned by the listener goroutine.
	conn *pgx.Conn
	last int64 // highest id handed to the hub

	pid atomic.Uint32 // backend pid of the listening connection (0: none), for tests
}

// NewPostgres returns the broker of an instance that shares its PostgreSQL
// database with others. Publish sends pg_notify on Channel with the event
// as JSON (or just {"id":N} when that would not fit a notification); a
// dedicated connection, opened from url and kept apart from the pool
// because LISTEN belongs to one session, listens on Channel and hands each
// event to h.
//
// Publish does not also hand the event to h directly: this instance hears
// its own notifications like every other, so there is one path and every
// instance delivers the same events in the same (id) order; the cost is one
// round trip to the database before this instance's own screens update.
//
// The listener delivers events in id order and never one id twice. It
// remembers the last id it delivered; a notification that skips ids (two
// instances' notifications crossing, an id-only notification, a missed
// one) makes it read the log from there, which ids in commit order make
// complete. When its connection drops it reconnects with backoff, listens
// again, and reads the log from the last id before waiting, so nothing
// committed meanwhile is lost. When no notification comes for a while it
// reads the log anyway, for events whose NOTIFY never came (the publisher
// died between its commit and its Publish).
//
// ctx bounds the first connection only; Close stops the listener.
func NewPostgres(ctx context.Context, url string, st *store.Store, h *Hub, log *slog.Logger) (Broker, error) {
	return newPostgres(ctx, url, st, h, log, pgOptions{})
}

func newPostgres(ctx context.Context, url string, st *store.Store, h *Hub, log *slog.Logger, opt pgOptions) (*pgBroker, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, err
	}
	if _, ok := cfg.RuntimeParams["application_name"]; !ok {
		cfg.RuntimeParams["application_name"] = "nghisu event listener"
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if opt.poll <= 0 {
		opt.poll = 10 * time.Second
	}
	if opt.minBackoff <= 0 {
		opt.minBackoff = 100 * time.Millisecond
	}
	if opt.maxBackoff < opt.minBackoff {
		opt.maxBackoff = max(5*time.Second, opt.minBackoff)
	}
	b := &pgBroker{hub: h, st: st, log: log, cfg: cfg, opt: opt, done: make(chan struct{})}
	conn, err := b.connect(ctx)
	if err != nil {
		return nil, err
	}
	// Start from the end of the log, read after LISTEN: whatever commits
	// from now on is announced; what committed before, streams replay from
	// the log themselves.
	b.last, err = st.LastEventID(ctx, "")
	if err != nil {
		conn.Close(context.Background())
		return nil, err
	}
	b.conn = conn
	runCtx, cancel := context.WithCancel(context.Background())
	b.cancel = cancel
	go b.run(runCtx)
	return b, nil
}

func (b *pgBroker) Hub() *Hub { return b.hub }

// Close stops the listener and closes its connection.
func (b *pgBroker) Close() error {
	b.closeOnce.Do(func() {
		b.cancel()
		<-b.done
	})
	return nil
}

// Publish announces evs with NOTIFY, in id order, in one statement.
func (b *pgBroker) Publish(ctx context.Context, evs ...store.Event) error {
	if len(evs) == 0 {
		return nil
	}
	evs = sortedByID(evs)
	payloads := make([]string, len(evs))
	for i, ev := range evs {
		p, err := json.Marshal(ev)
		if err != nil {
			return err
		}
		if len(p) > maxPayload {
			p = strconv.AppendInt([]byte(`{"id":`), ev.ID, 10)
			p = append(p, '}')
		}
		payloads[i] = string(p)
	}
	// The events are committed: a request that ends now must not stop their
	// announcement (the listeners would only find them at their next poll).
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), notifyTimeout)
	defer cancel()
	var err error
	if len(payloads) == 1 {
		_, err = b.st.DB().Exec(ctx, "SELECT pg_notify('"+Channel+"', ?)", payloads[0])
	} else {
		// Notifications of one transaction arrive in the order sent;
		// unnest yields the array in order.
		_, err = b.st.DB().Exec(ctx, "SELECT pg_notify('"+Channel+"', p) FROM unnest(?::text[]) AS p", payloads)
	}
	return err
}

// connect opens the listening connection.
func (b *pgBroker) connect(ctx context.Context) (*pgx.Conn, error) {
	conn, err := pgx.ConnectConfig(ctx, b.cfg)
	if err != nil {
		return nil, err
	}
	if _, err := conn.Exec(ctx, "LISTEN "+Channel); err != nil {
		conn.Close(context.Background())
		return nil, err
	}
	b.pid.Store(conn.PgConn().PID())
	return conn, nil
}

// run is the listener: it waits for notifications, and reconnects and
// catches up when the connection fails.
func (b *pgBroker) run(ctx context.Context) {
	defer close(b.done)
	defer func() {
		if b.conn != nil {
			b.closeConn()
		}
	}()
	backoff := b.opt.minBackoff
	for {
		if b.conn == nil {
			if b.opt.beforeReconnect != nil {
				b.opt.beforeReconnect()
			}
			cctx, cancel := context.WithTimeout(ctx, connectTimeout)
			conn, err := b.connect(cctx)
			cancel()
			if err != nil {
				if ctx.Err() != nil {
					return
				}
				// Jitter, so that instances that lost the database together
				// do not all come back in the same instant.
				wait := backoff/2 + rand.N(backoff)
				b.log.Warn("realtime: cannot reconnect the event listener", "err", err, "retry_in", wait)
				select {
				case <-ctx.Done():
					return
				case <-time.After(wait):
				}
				backoff = min(2*backoff, b.opt.maxBackoff)
				continue
			}
			b.conn = conn
			backoff = b.opt.minBackoff
			b.log.Info("realtime: event listener reconnected")
			// Whatever was announced while away went unheard.
			b.catchUp(ctx)
		}

		wctx, cancel := context.WithTimeout(ctx, b.opt.poll)
		n, err := b.conn.WaitForNotification(wctx)
		idle := wctx.Err() != nil
		cancel()
		if n != nil {
			b.notified(ctx, n.Payload)
		}
		if err == nil {
			continue
		}
		if ctx.Err() != nil {
			return
		}
		if idle && !b.conn.IsClosed() {
			// Quiet for a while: make sure the connection still works (a
			// peer that vanished does not say so), and read the log for
			// events whose NOTIFY never came.
			pctx, cancel := context.WithTimeout(ctx, b.opt.poll)
			err = b.conn.Ping(pctx)
			cancel()
			if err == nil {
				b.catchUp(ctx)
				continue
			}
			if ctx.Err() != nil {
				return
			}
		}
		b.log.Warn("realtime: event listener lost its connection", "err", err)
		b.closeConn()
	}
}

func (b *pgBroker) closeConn() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	b.conn.Close(ctx)
	b.conn = nil
	b.pid.Store(0)
}

// notified handles one notification: the next event in line goes straight
// to the hub; an old one is ignored; anything else (a gap, an id-only
// payload) is read from the log, which holds every committed event up to
// the one announced.
func (b *pgBroker) notified(ctx context.Context, payload string) {
	var ev store.Event
	if err := json.Unmarshal([]byte(payload), &ev); err != nil || ev.ID == 0 {
		b.log.Warn("realtime: unreadable notification", "payload", payload, "err", err)
		b.catchUp(ctx)
		return
	}
	switch {
	case ev.ID <= b.last:
	case ev.ID == b.last+1 && ev.Topic != "":
		b.hub.Publish(ev)
		b.last = ev.ID
	default:
		b.catchUp(ctx)
	}
}

// catchUp hands the hub everything in the log after the last id delivered.
// On error it leaves the position where it got to: the next notification or
// idle poll tries again, and nothing is delivered out of order meanwhile.
func (b *pgBroker) catchUp(ctx context.Context) {
	last, err := fill(ctx, b.st, b.hub, b.last, math.MaxInt64)
	b.last = last
	if err != nil && !errors.Is(err, context.Canceled) {
		b.log.Warn("realtime: cannot read the event log", "err", err)
	}
}
