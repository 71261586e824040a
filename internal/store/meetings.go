package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"nghisu/internal/model"
)

const meetingCols = `m.id, m.body_id, m.kind, m.title, m.place, m.starts_at, m.month, m.chair_id, m.secretary_id,
	m.guests, m.state, m.state_reason, m.convened_at, m.current_item_id, m.version, m.created_at, m.updated_at`

func scanMeeting(r interface{ Scan(...any) error }, extra ...any) (model.Meeting, error) {
	var m model.Meeting
	var chair, sec, cur sql.NullInt64
	var guests string
	var convened sql.NullTime
	err := r.Scan(append([]any{&m.ID, &m.BodyID, &m.Kind, &m.Title, &m.Place, &m.StartsAt, &m.Month, &chair, &sec,
		&guests, &m.State, &m.StateReason, &convened, &cur, &m.Version, &m.CreatedAt, &m.UpdatedAt}, extra...)...)
	m.ChairID, m.SecretaryID, m.CurrentItemID = chair.Int64, sec.Int64, cur.Int64
	m.Guests = splitAreas(guests)
	m.ConvenedAt = timePtr(convened)
	return m, err
}

// CreateMeeting inserts m and sets its id. A second regular meeting of a
// body in one month is model.ErrConflict.
// The meeting enters the search index in the same transaction.
func (s *Store) CreateMeeting(ctx context.Context, m *model.Meeting, by int64) error {
	return s.InTx(ctx, func(s *Store) error {
		now := s.Now()
		m.CreatedAt, m.UpdatedAt, m.Version = now, now, 1
		id, err := s.insert(ctx, `INSERT INTO meetings (body_id, kind, title, place, starts_at, month, chair_id, secretary_id,
			guests, state, state_reason, version, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)`,
			m.BodyID, m.Kind, m.Title, m.Place, m.StartsAt.UTC(), m.Month, nullInt(m.ChairID), nullInt(m.SecretaryID),
			strings.Join(m.Guests, "\n"), m.State, m.StateReason, nullInt(by), now, now)
		m.ID = id
		if err != nil {
			return err
		}
		return s.Reindex(ctx, model.SearchMeeting, id)
	})
}

// UpdateMeeting writes m's details if its version is still m.Version, and
// its search entry in the same transaction.
func (s *Store) UpdateMeeting(ctx context.Context, m *model.Meeting) error {
	now := s.Now()
	err := s.InTx(ctx, func(s *Store) error {
		res, err := s.q.Exec(ctx, `UPDATE meetings SET title = ?, place = ?, starts_at = ?, month = ?, chair_id = ?,
			secretary_id = ?, guests = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?`,
			m.Title, m.Place, m.StartsAt.UTC(), m.Month, nullInt(m.ChairID), nullInt(m.SecretaryID),
			strings.Join(m.Guests, "\n"), now, m.ID, m.Version)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return model.Refuse("meeting.stale")
		}
		return s.Reindex(ctx, model.SearchMeeting, m.ID)
	})
	if err != nil {
		return err
	}
	m.Version++
	m.UpdatedAt = now
	return nil
}

// SetMeetingState moves a meeting from one state to another and records the
// transition; it fails with model.ErrConflict when the meeting is no longer
// in from (someone else moved it first).
func (s *Store) SetMeetingState(ctx context.Context, t *model.Transition) error {
	t.At = s.Now()
	convened := ""
	var args []any
	if t.To == model.StateConvened {
		convened = ", convened_at = ?"
		args = append(args, t.At)
	}
	args = append([]any{t.To, t.Reason}, args...)
	args = append(args, t.At, t.MeetingID, t.From)
	res, err := s.q.Exec(ctx, `UPDATE meetings SET state = ?, state_reason = ?`+convened+`, version = version + 1,
		updated_at = ? WHERE id = ? AND state = ?`, args...)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return model.Refuse("meeting.state_changed")
	}
	id, err := s.insert(ctx, `INSERT INTO meeting_transitions (meeting_id, from_state, to_state, reason, account_id, username, at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, t.MeetingID, t.From, t.To, t.Reason, nullInt(t.AccountID), t.Username, t.At)
	t.ID = id
	return err
}

// RecordTransition records a state change that SetMeetingState did not make:
// a meeting's creation, from no state into its first.
func (s *Store) RecordTransition(ctx context.Context, t *model.Transition) error {
	t.At = s.Now()
	id, err := s.insert(ctx, `INSERT INTO meeting_transitions (meeting_id, from_state, to_state, reason, account_id, username, at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, t.MeetingID, t.From, t.To, t.Reason, nullInt(t.AccountID), t.Username, t.At)
	t.ID = id
	return err
}

// Meeting reads one meeting with its body (and the body's term and org).
func (s *Store) Meeting(ctx context.Context, id int64) (*model.Meeting, error) {
	return scanMeetingWithBody(s.q.QueryRow(ctx, meetingWithBody+" WHERE m.id = ?", id))
}

// MeetingsByID reads meetings with their bodies, as Meeting does, by id;
// ids not found are left out.
func (s *Store) MeetingsByID(ctx context.Context, ids []int64) (map[int64]*model.Meeting, error) {
	out := make(map[int64]*model.Meeting, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := s.q.Query(ctx, meetingWithBody+" WHERE m.id IN ("+placeholders(len(ids))+")", args...)
	ms, err := collect(rows, err, func(r *sql.Rows) (*model.Meeting, error) { return scanMeetingWithBody(r) })
	for _, m := range ms {
		out[m.ID] = m
	}
	return out, err
}

// meetingWithBody selects a meeting with its body, term and organisation.
const meetingWithBody = "SELECT " + meetingCols + ", " + bodyCols + ` FROM meetings m
	JOIN bodies b ON b.id = m.body_id JOIN terms t ON t.id = b.term_id JOIN orgs o ON o.id = b.org_id`

func scanMeetingWithBody(r interface{ Scan(...any) error }) (*model.Meeting, error) {
	var b model.Body
	var t model.Term
	var o model.Org
	var parent sql.NullInt64
	m, err := scanMeeting(r, &b.ID, &b.OrgID, &b.TermID, &b.Kind, &t.ID, &t.OrgID, &t.Name, &t.StartsOn, &t.EndsOn,
		&o.ID, &parent, &o.Kind, &o.Unit, &o.Name, &o.Place, &o.Path, &o.CreatedAt, &b.Size)
	if err != nil {
		return nil, err
	}
	o.ParentID = parent.Int64
	b.Term, b.Org = &t, &o
	m.Body = &b
	return &m, nil
}

// OpenSeats lists the bodies a person has an open membership of.
func (s *Store) OpenSeats(ctx context.Context, personID int64) (map[int64]bool, error) {
	rows, err := s.q.Query(ctx, "SELECT body_id FROM memberships WHERE person_id = ? AND ended_on IS NULL", personID)
	ids, err := collect(rows, err, func(r *sql.Rows) (int64, error) {
		var id int64
		return id, r.Scan(&id)
	})
	out := make(map[int64]bool, len(ids))
	for _, id := range ids {
		out[id] = true
	}
	return out, err
}

// GuestOf lists, among meetings, those a person is invited to as a guest.
func (s *Store) GuestOf(ctx context.Context, personID int64, meetingIDs []int64) (map[int64]bool, error) {
	out := map[int64]bool{}
	if len(meetingIDs) == 0 {
		return out, nil
	}
	args := []any{personID}
	for _, id := range meetingIDs {
		args = append(args, id)
	}
	rows, err := s.q.Query(ctx, "SELECT meeting_id FROM meeting_guests WHERE person_id = ? AND meeting_id IN ("+placeholders(len(meetingIDs))+")", args...)
	ids, err := collect(rows, err, func(r *sql.Rows) (int64, error) {
		var id int64
		return id, r.Scan(&id)
	})
	for _, id := range ids {
		out[id] = true
	}
	return out, err
}

// MeetingQuery selects meetings.
type MeetingQuery struct {
	BodyIDs  []int64
	From, To time.Time // starts_at in [From, To) when set
	Kind     model.MeetingKind
	// PersonID keeps the meetings a person was sent papers for.
	PersonID int64
	Limit    int
	Desc     bool
}

// Meetings lists meetings, by start time.
func (s *Store) Meetings(ctx context.Context, q MeetingQuery) ([]model.Meeting, error) {
	var where []string
	var args []any
	if len(q.BodyIDs) > 0 {
		where = append(where, "m.body_id IN ("+placeholders(len(q.BodyIDs))+")")
		for _, id := range q.BodyIDs {
			args = append(args, id)
		}
	}
	if !q.From.IsZero() {
		where = append(where, "m.starts_at >= ?")
		args = append(args, q.From.UTC())
	}
	if !q.To.IsZero() {
		where = append(where, "m.starts_at < ?")
		args = append(args, q.To.UTC())
	}
	if q.Kind != "" {
		where = append(where, "m.kind = ?")
		args = append(args, q.Kind)
	}
	if q.PersonID != 0 {
		where = append(where, "EXISTS (SELECT 1 FROM circulations c WHERE c.meeting_id = m.id AND c.person_id = ?)")
		args = append(args, q.PersonID)
	}
	qs := "SELECT " + meetingCols + " FROM meetings m"
	if len(where) > 0 {
		qs += " WHERE " + strings.Join(where, " AND ")
	}
	qs += " ORDER BY m.starts_at"
	if q.Desc {
		qs += " DESC"
	}
	qs += ", m.id"
	if q.Limit > 0 {
		qs += " LIMIT ?"
		args = append(args, q.Limit)
	}
	rows, err := s.q.Query(ctx, qs, args...)
	return collect(rows, err, func(r *sql.Rows) (model.Meeting, error) { return scanMeeting(r) })
}

// Transitions lists a meeting's state changes, oldest first.
func (s *Store) Transitions(ctx context.Context, meetingID int64) ([]model.Transition, error) {
	rows, err := s.q.Query(ctx, `SELECT id, meeting_id, from_state, to_state, reason, account_id, username, at
		FROM meeting_transitions WHERE meeting_id = ? ORDER BY id`, meetingID)
	return collect(rows, err, func(r *sql.Rows) (model.Transition, error) {
		var t model.Transition
		var acc sql.NullInt64
		err := r.Scan(&t.ID, &t.MeetingID, &t.From, &t.To, &t.Reason, &acc, &t.Username, &t.At)
		t.AccountID = acc.Int64
		return t, err
	})
}

// SetGuests replaces the invited people of a meeting.
func (s *Store) SetGuests(ctx context.Context, meetingID int64, personIDs []int64) error {
	if _, err := s.q.Exec(ctx, "DELETE FROM meeting_guests WHERE meeting_id = ?", meetingID); err != nil {
		return err
	}
	for _, p := range personIDs {
		if _, err := s.q.Exec(ctx, "INSERT INTO meeting_guests (meeting_id, person_id) VALUES (?, ?)", meetingID, p); err != nil {
			return err
		}
	}
	return nil
}

// Guests lists the invited people of a meeting.
func (s *Store) Guests(ctx context.Context, meetingID int64) ([]model.Person, error) {
	rows, err := s.q.Query(ctx, "SELECT "+personCols+` FROM meeting_guests g JOIN people p ON p.id = g.person_id
		WHERE g.meeting_id = ? ORDER BY p.sort_key`, meetingID)
	return collect(rows, err, func(r *sql.Rows) (model.Person, error) { return scanPerson(r) })
}

// IsGuest reports whether a person is invited to a meeting as a guest.
func (s *Store) IsGuest(ctx context.Context, meetingID, personID int64) (bool, error) {
	var n int
	err := s.q.QueryRow(ctx, "SELECT COUNT(*) FROM meeting_guests WHERE meeting_id = ? AND person_id = ?", meetingID, personID).Scan(&n)
	return n > 0, err
}

// LastMeeting finds a body's latest meeting of a kind before t (not cancelled).
func (s *Store) LastMeeting(ctx context.Context, bodyIDs []int64, kind model.MeetingKind, before time.Time) (*model.Meeting, error) {
	if len(bodyIDs) == 0 {
		return nil, model.ErrNotFound
	}
	args := []any{}
	for _, id := range bodyIDs {
		args = append(args, id)
	}
	args = append(args, kind, before.UTC())
	m, err := scanMeeting(s.q.QueryRow(ctx, "SELECT "+meetingCols+" FROM meetings m WHERE m.body_id IN ("+
		placeholders(len(bodyIDs))+") AND m.kind = ? AND m.state <> 'cancelled' AND m.starts_at < ? ORDER BY m.starts_at DESC LIMIT 1", args...))
	if err != nil {
		return nil, err
	}
	return &m, nil
}
