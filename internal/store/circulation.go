package store

import (
	"context"
	"database/sql"
	"time"

	"nghisu/internal/model"
)

// AddCirculation records that a person was sent a meeting's papers; sending
// again keeps the first time.
func (s *Store) AddCirculation(ctx context.Context, c model.Circulation) error {
	_, err := s.q.Exec(ctx, `INSERT INTO circulations (meeting_id, person_id, role, sent_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (meeting_id, person_id) DO NOTHING`, c.MeetingID, c.PersonID, c.Role, c.SentAt.UTC())
	return err
}

// MarkOpened records the first time a person opened a meeting's papers.
func (s *Store) MarkOpened(ctx context.Context, meetingID, personID int64, at time.Time) error {
	_, err := s.db.Exec(ctx, "UPDATE circulations SET opened_at = ? WHERE meeting_id = ? AND person_id = ? AND opened_at IS NULL",
		at.UTC(), meetingID, personID)
	return err
}

// Circulations lists who was sent a meeting's papers, and when they opened them.
func (s *Store) Circulations(ctx context.Context, meetingID int64) ([]model.Circulation, error) {
	rows, err := s.q.Query(ctx, `SELECT c.meeting_id, c.person_id, c.role, c.sent_at, c.opened_at, `+personCols+`
		FROM circulations c JOIN people p ON p.id = c.person_id WHERE c.meeting_id = ? ORDER BY p.sort_key`, meetingID)
	return collect(rows, err, func(r *sql.Rows) (model.Circulation, error) {
		var c model.Circulation
		var p model.Person
		var opened sql.NullTime
		err := r.Scan(&c.MeetingID, &c.PersonID, &c.Role, &c.SentAt, &opened, &p.ID, &p.OrgID, &p.FullName, &p.Gender,
			&p.BirthDate, &p.PartyJoined, &p.Phone, &p.Email, &p.Version, &p.CreatedAt, &p.UpdatedAt)
		c.OpenedAt, c.Person = timePtr(opened), &p
		return c, err
	})
}

// Circulation reads one person's copy of a meeting's papers.
func (s *Store) Circulation(ctx context.Context, meetingID, personID int64) (*model.Circulation, error) {
	var c model.Circulation
	var opened sql.NullTime
	err := s.q.QueryRow(ctx, "SELECT meeting_id, person_id, role, sent_at, opened_at FROM circulations WHERE meeting_id = ? AND person_id = ?",
		meetingID, personID).Scan(&c.MeetingID, &c.PersonID, &c.Role, &c.SentAt, &opened)
	c.OpenedAt = timePtr(opened)
	if err != nil {
		return nil, err
	}
	return &c, nil
}
