package store

import (
	"context"
	"database/sql"

	"nghisu/internal/model"
)

// CreateTerm inserts a term of office and sets t.ID.
func (s *Store) CreateTerm(ctx context.Context, t *model.Term) error {
	id, err := s.insert(ctx, "INSERT INTO terms (org_id, name, starts_on, ends_on) VALUES (?, ?, ?, ?)",
		t.OrgID, t.Name, t.StartsOn, t.EndsOn)
	t.ID = id
	return err
}

func scanTerm(r interface{ Scan(...any) error }) (model.Term, error) {
	var t model.Term
	err := r.Scan(&t.ID, &t.OrgID, &t.Name, &t.StartsOn, &t.EndsOn)
	return t, err
}

// Terms lists an organisation's terms, newest first.
func (s *Store) Terms(ctx context.Context, orgID int64) ([]model.Term, error) {
	rows, err := s.q.Query(ctx, "SELECT id, org_id, name, starts_on, ends_on FROM terms WHERE org_id = ? ORDER BY starts_on DESC", orgID)
	return collect(rows, err, func(r *sql.Rows) (model.Term, error) { return scanTerm(r) })
}

// CurrentTerm is the term of orgID that contains day, or the newest that has
// started.
func (s *Store) CurrentTerm(ctx context.Context, orgID int64, day model.Date) (*model.Term, error) {
	t, err := scanTerm(s.q.QueryRow(ctx, `SELECT id, org_id, name, starts_on, ends_on FROM terms
		WHERE org_id = ? AND starts_on <= ? ORDER BY starts_on DESC LIMIT 1`, orgID, day))
	if err != nil {
		return nil, err
	}
	return &t, nil
}

// CreateBody inserts a body and sets b.ID.
func (s *Store) CreateBody(ctx context.Context, b *model.Body) error {
	id, err := s.insert(ctx, "INSERT INTO bodies (org_id, term_id, kind) VALUES (?, ?, ?)", b.OrgID, b.TermID, b.Kind)
	b.ID = id
	return err
}

const bodyCols = `b.id, b.org_id, b.term_id, b.kind,
	t.id, t.org_id, t.name, t.starts_on, t.ends_on, ` + orgCols + `,
	(SELECT COUNT(*) FROM memberships m WHERE m.body_id = b.id AND m.ended_on IS NULL)`

const bodyFrom = " FROM bodies b JOIN terms t ON t.id = b.term_id JOIN orgs o ON o.id = b.org_id "

func scanBody(r interface{ Scan(...any) error }) (model.Body, error) {
	var b model.Body
	var t model.Term
	var o model.Org
	var parent sql.NullInt64
	err := r.Scan(&b.ID, &b.OrgID, &b.TermID, &b.Kind,
		&t.ID, &t.OrgID, &t.Name, &t.StartsOn, &t.EndsOn,
		&o.ID, &parent, &o.Kind, &o.Unit, &o.Name, &o.Place, &o.Path, &o.CreatedAt, &b.Size)
	o.ParentID = parent.Int64
	b.Term, b.Org = &t, &o
	return b, err
}

// Body reads one body with its term, organisation and size.
func (s *Store) Body(ctx context.Context, id int64) (*model.Body, error) {
	b, err := scanBody(s.q.QueryRow(ctx, "SELECT "+bodyCols+bodyFrom+"WHERE b.id = ?", id))
	if err != nil {
		return nil, err
	}
	return &b, nil
}

// Bodies lists an organisation's bodies, current term first, then by kind.
func (s *Store) Bodies(ctx context.Context, orgID int64) ([]model.Body, error) {
	rows, err := s.q.Query(ctx, "SELECT "+bodyCols+bodyFrom+`WHERE b.org_id = ?
		ORDER BY t.starts_on DESC, CASE b.kind WHEN 'committee' THEN 0 WHEN 'standing' THEN 1 ELSE 2 END`, orgID)
	return collect(rows, err, func(r *sql.Rows) (model.Body, error) { return scanBody(r) })
}

// BodyOfKind finds the body of one kind in a term.
func (s *Store) BodyOfKind(ctx context.Context, orgID, termID int64, kind model.BodyKind) (*model.Body, error) {
	b, err := scanBody(s.q.QueryRow(ctx, "SELECT "+bodyCols+bodyFrom+"WHERE b.org_id = ? AND b.term_id = ? AND b.kind = ?",
		orgID, termID, kind))
	if err != nil {
		return nil, err
	}
	return &b, nil
}
