package store

import (
	"context"
	"database/sql"
	"strings"

	"nghisu/internal/model"
	"nghisu/internal/vntext"
)

const personCols = "p.id, p.org_id, p.full_name, p.gender, p.birth_date, p.party_joined, p.phone, p.email, p.version, p.created_at, p.updated_at"

func scanPerson(r interface{ Scan(...any) error }) (model.Person, error) {
	var p model.Person
	err := r.Scan(&p.ID, &p.OrgID, &p.FullName, &p.Gender, &p.BirthDate, &p.PartyJoined, &p.Phone, &p.Email,
		&p.Version, &p.CreatedAt, &p.UpdatedAt)
	return p, err
}

// CreatePerson inserts p and sets its id, version and times.
func (s *Store) CreatePerson(ctx context.Context, p *model.Person) error {
	now := s.Now()
	id, err := s.insert(ctx, `INSERT INTO people (org_id, full_name, name_fold, sort_key, gender, birth_date,
		party_joined, phone, email, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
		p.OrgID, p.FullName, vntext.Fold(p.FullName), vntext.SortKey(p.FullName), p.Gender, p.BirthDate,
		p.PartyJoined, p.Phone, p.Email, now, now)
	if err != nil {
		return err
	}
	p.ID, p.Version, p.CreatedAt, p.UpdatedAt = id, 1, now, now
	return nil
}

// UpdatePerson writes p if nobody changed it since p.Version was read; a
// stale version is model.ErrConflict, so no edit silently overwrites another.
func (s *Store) UpdatePerson(ctx context.Context, p *model.Person) error {
	now := s.Now()
	res, err := s.q.Exec(ctx, `UPDATE people SET full_name = ?, name_fold = ?, sort_key = ?, gender = ?,
		birth_date = ?, party_joined = ?, phone = ?, email = ?, version = version + 1, updated_at = ?
		WHERE id = ? AND version = ?`,
		p.FullName, vntext.Fold(p.FullName), vntext.SortKey(p.FullName), p.Gender, p.BirthDate, p.PartyJoined,
		p.Phone, p.Email, now, p.ID, p.Version)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return model.Refuse("person.stale")
	}
	p.Version++
	p.UpdatedAt = now
	return nil
}

// Person reads one person.
func (s *Store) Person(ctx context.Context, id int64) (*model.Person, error) {
	p, err := scanPerson(s.q.QueryRow(ctx, "SELECT "+personCols+" FROM people p WHERE p.id = ?", id))
	if err != nil {
		return nil, err
	}
	return &p, nil
}

// PeopleQuery selects people for a listing.
type PeopleQuery struct {
	// Path limits the search to people of organisations under it.
	Path string
	// OrgID limits it to one organisation (0: any under Path).
	OrgID int64
	// Text is matched word by word against the folded name, so "nguyen van
	// duc" finds "Nguyễn Văn Đức".
	Text   string
	Limit  int
	Offset int
}

// People lists people sorted the Vietnamese way (given name first).
func (s *Store) People(ctx context.Context, q PeopleQuery) ([]model.Person, error) {
	var where []string
	var args []any
	if q.OrgID != 0 {
		where = append(where, "p.org_id = ?")
		args = append(args, q.OrgID)
	}
	if q.Path != "" {
		cond, a := subtree("o.path", q.Path)
		where = append(where, cond)
		args = append(args, a...)
	}
	for _, w := range vntext.FoldWords(q.Text) {
		where = append(where, "p.name_fold LIKE ? ESCAPE '\\'")
		args = append(args, "%"+escapeLike(w)+"%")
	}
	qs := "SELECT " + personCols + " FROM people p JOIN orgs o ON o.id = p.org_id"
	if len(where) > 0 {
		qs += " WHERE " + strings.Join(where, " AND ")
	}
	qs += " ORDER BY p.sort_key, p.id"
	if q.Limit > 0 {
		qs += " LIMIT ? OFFSET ?"
		args = append(args, q.Limit, q.Offset)
	}
	rows, err := s.q.Query(ctx, qs, args...)
	return collect(rows, err, func(r *sql.Rows) (model.Person, error) { return scanPerson(r) })
}

// PersonByNameAndBirth finds a person of orgID by folded name and birth date,
// so that an import matches people already on record instead of doubling them.
func (s *Store) PersonByNameAndBirth(ctx context.Context, orgID int64, name string, birth model.Date) (*model.Person, error) {
	q := "SELECT " + personCols + " FROM people p WHERE p.org_id = ? AND p.name_fold = ?"
	args := []any{orgID, vntext.Fold(name)}
	if birth.IsZero() {
		q += " AND p.birth_date IS NULL"
	} else {
		q += " AND p.birth_date = ?"
		args = append(args, birth)
	}
	p, err := scanPerson(s.q.QueryRow(ctx, q+" ORDER BY p.id LIMIT 1", args...))
	if err != nil {
		return nil, err
	}
	return &p, nil
}

// escapeLike protects LIKE wildcards typed by the user.
func escapeLike(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(s)
}
