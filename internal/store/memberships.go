package store

import (
	"context"
	"database/sql"

	"nghisu/internal/model"
)

const membershipCols = "m.id, m.body_id, m.person_id, m.status, m.started_on, m.ended_on, m.note, m.created_at"

func scanMembership(r interface{ Scan(...any) error }, extra ...any) (model.Membership, error) {
	var m model.Membership
	err := r.Scan(append([]any{&m.ID, &m.BodyID, &m.PersonID, &m.Status, &m.StartedOn, &m.EndedOn, &m.Note, &m.CreatedAt}, extra...)...)
	return m, err
}

// AddMembership inserts m and sets its id. A second open membership of the
// same person in the same body is model.ErrConflict.
func (s *Store) AddMembership(ctx context.Context, m *model.Membership) error {
	m.CreatedAt = s.Now()
	id, err := s.insert(ctx, `INSERT INTO memberships (body_id, person_id, status, started_on, ended_on, note, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, m.BodyID, m.PersonID, m.Status, m.StartedOn, m.EndedOn, m.Note, m.CreatedAt)
	m.ID = id
	return err
}

// Membership reads one membership period.
func (s *Store) Membership(ctx context.Context, id int64) (*model.Membership, error) {
	m, err := scanMembership(s.q.QueryRow(ctx, "SELECT "+membershipCols+" FROM memberships m WHERE m.id = ?", id))
	if err != nil {
		return nil, err
	}
	return &m, nil
}

// EndMembership closes an open membership period on day.
func (s *Store) EndMembership(ctx context.Context, id int64, day model.Date) error {
	return s.execOne(ctx, "UPDATE memberships SET ended_on = ? WHERE id = ? AND ended_on IS NULL", day, id)
}

// BodyMembers lists a body's members with their person, sorted the
// Vietnamese way; with history, ended periods are included.
func (s *Store) BodyMembers(ctx context.Context, bodyID int64, history bool) ([]model.Membership, error) {
	q := "SELECT " + membershipCols + ", " + personCols + ` FROM memberships m JOIN people p ON p.id = m.person_id
		WHERE m.body_id = ?`
	if !history {
		q += " AND m.ended_on IS NULL"
	}
	q += " ORDER BY p.sort_key, p.id, m.started_on"
	rows, err := s.q.Query(ctx, q, bodyID)
	return collect(rows, err, func(r *sql.Rows) (model.Membership, error) {
		var p model.Person
		m, err := scanMembership(r, &p.ID, &p.OrgID, &p.FullName, &p.Gender, &p.BirthDate, &p.PartyJoined,
			&p.Phone, &p.Email, &p.Version, &p.CreatedAt, &p.UpdatedAt)
		m.Person = &p
		return m, err
	})
}

// PersonMemberships lists every membership period of a person with its body,
// newest first.
func (s *Store) PersonMemberships(ctx context.Context, personID int64) ([]model.Membership, error) {
	rows, err := s.q.Query(ctx, "SELECT "+membershipCols+", "+bodyCols+` FROM memberships m
		JOIN bodies b ON b.id = m.body_id JOIN terms t ON t.id = b.term_id JOIN orgs o ON o.id = b.org_id
		WHERE m.person_id = ? ORDER BY m.ended_on IS NOT NULL, m.started_on DESC, m.id DESC`, personID)
	return collect(rows, err, func(r *sql.Rows) (model.Membership, error) {
		var b model.Body
		var t model.Term
		var o model.Org
		var parent sql.NullInt64
		m, err := scanMembership(r, &b.ID, &b.OrgID, &b.TermID, &b.Kind,
			&t.ID, &t.OrgID, &t.Name, &t.StartsOn, &t.EndsOn,
			&o.ID, &parent, &o.Kind, &o.Unit, &o.Name, &o.Place, &o.Path, &o.CreatedAt, &b.Size)
		o.ParentID = parent.Int64
		b.Term, b.Org = &t, &o
		m.Body = &b
		return m, err
	})
}

// OpenMembership finds a person's open membership in a body.
func (s *Store) OpenMembership(ctx context.Context, bodyID, personID int64) (*model.Membership, error) {
	m, err := scanMembership(s.q.QueryRow(ctx, "SELECT "+membershipCols+
		" FROM memberships m WHERE m.body_id = ? AND m.person_id = ? AND m.ended_on IS NULL", bodyID, personID))
	if err != nil {
		return nil, err
	}
	return &m, nil
}

// CountOpenMembers counts a body's open memberships.
func (s *Store) CountOpenMembers(ctx context.Context, bodyID int64) (int, error) {
	var n int
	err := s.q.QueryRow(ctx, "SELECT COUNT(*) FROM memberships WHERE body_id = ? AND ended_on IS NULL", bodyID).Scan(&n)
	return n, err
}

// HasOpenSeat reports whether a person sits now in the body of a kind of an
// organisation, in a term that has not ended by day.
func (s *Store) HasOpenSeat(ctx context.Context, personID, orgID int64, kind model.BodyKind, day model.Date) (bool, error) {
	var n int
	err := s.q.QueryRow(ctx, `SELECT COUNT(*) FROM memberships m JOIN bodies b ON b.id = m.body_id
		JOIN terms t ON t.id = b.term_id
		WHERE m.person_id = ? AND m.ended_on IS NULL AND b.org_id = ? AND b.kind = ?
		AND (t.ends_on IS NULL OR t.ends_on >= ?)`, personID, orgID, kind, day).Scan(&n)
	return n > 0, err
}
