package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"nghisu/internal/model"
)

// At returns a store on the same database or transaction whose clock stands
// still at t: records of the past (the demo's history, a paper minute book
// carried over) get the times they happened at, through the same methods
// as everything else.
func (s *Store) At(t time.Time) *Store {
	c := *s
	c.now = func() time.Time { return t }
	return &c
}

// bulkRows is how many rows one multi-row INSERT carries: well under
// PostgreSQL's 65,535 parameters for the widest table written in bulk.
const bulkRows = 500

// insertRows runs INSERT INTO head VALUES (…), (…) for rows of width
// columns, bulkRows at a time.
func (s *Store) insertRows(ctx context.Context, head string, width int, rows [][]any) error {
	one := "(" + placeholders(width) + ")"
	for len(rows) > 0 {
		n := min(len(rows), bulkRows)
		args := make([]any, 0, n*width)
		for _, r := range rows[:n] {
			args = append(args, r...)
		}
		q := "INSERT INTO " + head + " VALUES " + strings.TrimSuffix(strings.Repeat(one+", ", n), ", ")
		if _, err := s.q.Exec(ctx, q, args...); err != nil {
			return err
		}
		rows = rows[n:]
	}
	return nil
}

// AddCirculations records many recipients' copies at once (a meeting's
// papers sent to the whole body); like AddCirculation, each pair once.
func (s *Store) AddCirculations(ctx context.Context, cs []model.Circulation) error {
	rows := make([][]any, len(cs))
	for i, c := range cs {
		rows[i] = []any{c.MeetingID, c.PersonID, c.Role, c.SentAt.UTC(), ptrTime(c.OpenedAt)}
	}
	return s.insertRows(ctx, "circulations (meeting_id, person_id, role, sent_at, opened_at)", 5, rows)
}

// AddAttendances records a whole roll call at once, for a meeting that
// has none yet; each row's UpdatedAt is kept when set, else the clock's.
func (s *Store) AddAttendances(ctx context.Context, as []model.Attendance) error {
	rows := make([][]any, len(as))
	for i, a := range as {
		if a.UpdatedAt.IsZero() {
			a.UpdatedAt = s.Now()
		}
		rows[i] = []any{a.MeetingID, a.PersonID, a.Status, a.Reason, ptrTime(a.ArrivedAt), ptrTime(a.LeftAt), a.RecordedBy, a.UpdatedAt.UTC()}
	}
	return s.insertRows(ctx, "attendance ("+attendanceCols+")", 8, rows)
}

// AddTransitions records a meeting's past state changes at once, each at
// its own time. The meeting's state must already be the last one's To.
func (s *Store) AddTransitions(ctx context.Context, ts []model.Transition) error {
	rows := make([][]any, len(ts))
	for i, t := range ts {
		rows[i] = []any{t.MeetingID, t.From, t.To, t.Reason, nullInt(t.AccountID), t.Username, t.At.UTC()}
	}
	return s.insertRows(ctx, "meeting_transitions (meeting_id, from_state, to_state, reason, account_id, username, at)", 7, rows)
}

// AddPastMeeting enters a meeting that has already gone its way: m is
// inserted in its final state (m.State) with the transitions that brought
// it there, each at its own time, the first from no state (From ""); the
// time it was convened is the convened transition's. Its search entry is
// written like CreateMeeting's.
func (s *Store) AddPastMeeting(ctx context.Context, m *model.Meeting, ts []model.Transition) error {
	if len(ts) == 0 || ts[len(ts)-1].To != m.State {
		return fmt.Errorf("past meeting %q: the transitions do not end in its state %s", m.Title, m.State)
	}
	if err := s.At(ts[0].At).CreateMeeting(ctx, m, 0); err != nil {
		return err
	}
	for i := range ts {
		ts[i].MeetingID = m.ID
		if ts[i].To == model.StateConvened {
			if _, err := s.q.Exec(ctx, "UPDATE meetings SET convened_at = ?, updated_at = ? WHERE id = ?",
				ts[i].At.UTC(), ts[len(ts)-1].At.UTC(), m.ID); err != nil {
				return err
			}
		}
	}
	return s.AddTransitions(ctx, ts)
}

// AddItems gives an empty program its items at once, in the order given
// (positions 1, 2, …), and sets their ids.
func (s *Store) AddItems(ctx context.Context, items []model.AgendaItem) error {
	if len(items) == 0 {
		return nil
	}
	rows := make([][]any, len(items))
	for i := range items {
		if items[i].MeetingID != items[0].MeetingID {
			return fmt.Errorf("store: AddItems for more than one meeting")
		}
		it := &items[i]
		it.Position = i + 1
		rows[i] = []any{it.MeetingID, it.Position, it.Title, it.Kind, nullInt(it.PresenterID), it.Minutes, joinAreas(it.Areas), it.Notes, it.Source}
	}
	if err := s.insertRows(ctx, "agenda_items (meeting_id, position, title, kind, presenter_id, minutes, areas, notes, source)", 9, rows); err != nil {
		return err
	}
	rows2, err := s.q.Query(ctx, "SELECT id FROM agenda_items WHERE meeting_id = ? ORDER BY position, id", items[0].MeetingID)
	ids, err := collect(rows2, err, func(r *sql.Rows) (int64, error) {
		var id int64
		return id, r.Scan(&id)
	})
	if err != nil {
		return err
	}
	if len(ids) != len(items) {
		return fmt.Errorf("store: AddItems on a program that was not empty (meeting %d)", items[0].MeetingID)
	}
	for i := range items {
		items[i].ID = ids[i]
	}
	return nil
}

// AddPastDocument enters a paper of a past meeting with its one version,
// written at the clock's time, and its search entry once.
func (s *Store) AddPastDocument(ctx context.Context, d *model.Document, v *model.DocVersion) error {
	now := s.Now()
	d.CreatedAt, d.UpdatedAt = now, now
	if d.Status == "" {
		d.Status = model.DocDraft
	}
	id, err := s.insert(ctx, `INSERT INTO documents (meeting_id, item_id, kind, title, format, level, audience, released, status,
		created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		d.MeetingID, nullInt(d.ItemID), d.Kind, d.Title, d.Format, d.Level, d.Audience, d.Released, d.Status,
		nullInt(d.CreatedBy), now, now)
	if err != nil {
		return err
	}
	d.ID, v.DocumentID, v.Number, v.CreatedAt = id, id, 1, now
	if v.ID, err = s.insert(ctx, `INSERT INTO document_versions (document_id, number, body, file_id, note, based_on, author_id,
		author_name, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, v.DocumentID, v.Number, v.Body, nullInt(v.FileID),
		v.Note, v.BasedOn, nullInt(v.AuthorID), v.AuthorName, v.CreatedAt); err != nil {
		return err
	}
	return s.Reindex(ctx, model.SearchDocument, d.ID)
}

// AddPastTask enters a task that has already had its history: t as its
// last report left it (Reported, Percent, Note), created at the clock's
// time, with its events, each at its own CreatedAt; the task was last
// updated at the last event's.
func (s *Store) AddPastTask(ctx context.Context, t *model.Task, events []model.TaskEvent) error {
	if err := s.CreateTask(ctx, t); err != nil {
		return err
	}
	rows := make([][]any, len(events))
	for i := range events {
		e := &events[i]
		e.TaskID = t.ID
		var o model.Owner
		if e.Owner != nil {
			o = *e.Owner
		}
		rows[i] = []any{e.TaskID, e.Kind, e.Status, e.Percent, e.Note, nullInt(e.FileID), e.DueOn, string(o.Kind), o.ID, o.Name,
			nullInt(e.AccountID), e.ByName, e.CreatedAt.UTC()}
		if e.CreatedAt.After(t.UpdatedAt) {
			t.UpdatedAt = e.CreatedAt.UTC()
		}
	}
	if err := s.insertRows(ctx, `task_events (task_id, kind, status, percent, note, file_id, due_on, owner_kind, owner_id,
		owner_name, account_id, by_name, created_at)`, 13, rows); err != nil {
		return err
	}
	_, err := s.q.Exec(ctx, "UPDATE tasks SET updated_at = ? WHERE id = ?", t.UpdatedAt, t.ID)
	return err
}
