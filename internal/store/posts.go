package store

import (
	"context"
	"database/sql"
	"strings"

	"nghisu/internal/model"
)

const postCols = "po.id, po.person_id, po.org_id, po.body_id, po.kind, po.title, po.areas, po.started_on, po.ended_on, po.created_at"

func scanPost(r interface{ Scan(...any) error }, extra ...any) (model.Post, error) {
	var p model.Post
	var body sql.NullInt64
	var areas string
	err := r.Scan(append([]any{&p.ID, &p.PersonID, &p.OrgID, &body, &p.Kind, &p.Title, &areas, &p.StartedOn,
		&p.EndedOn, &p.CreatedAt}, extra...)...)
	p.BodyID = body.Int64
	p.Areas = splitAreas(areas)
	return p, err
}

// Areas are stored one per line.
func splitAreas(s string) []string {
	if s == "" {
		return []string{}
	}
	return strings.Split(s, "\n")
}

// AddPost inserts p and sets its id. A second holder of a single post, or the
// same person holding the same post twice, is model.ErrConflict.
func (s *Store) AddPost(ctx context.Context, p *model.Post) error {
	p.CreatedAt = s.Now()
	id, err := s.insert(ctx, `INSERT INTO posts (person_id, org_id, body_id, kind, title, areas, started_on, ended_on, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, p.PersonID, p.OrgID, nullInt(p.BodyID), p.Kind, p.Title,
		strings.Join(p.Areas, "\n"), p.StartedOn, p.EndedOn, p.CreatedAt)
	p.ID = id
	return err
}

// Post reads one post.
func (s *Store) Post(ctx context.Context, id int64) (*model.Post, error) {
	p, err := scanPost(s.q.QueryRow(ctx, "SELECT "+postCols+" FROM posts po WHERE po.id = ?", id))
	if err != nil {
		return nil, err
	}
	return &p, nil
}

// EndPost closes an open post on day.
func (s *Store) EndPost(ctx context.Context, id int64, day model.Date) error {
	return s.execOne(ctx, "UPDATE posts SET ended_on = ? WHERE id = ? AND ended_on IS NULL", day, id)
}

// PersonPosts lists a person's posts with their organisation: open ones first
// by rank, then the ended ones newest first.
func (s *Store) PersonPosts(ctx context.Context, personID int64) ([]model.Post, error) {
	rows, err := s.q.Query(ctx, "SELECT "+postCols+", "+orgCols+` FROM posts po JOIN orgs o ON o.id = po.org_id
		WHERE po.person_id = ? ORDER BY po.ended_on IS NOT NULL, po.ended_on DESC, po.started_on, po.id`, personID)
	return collect(rows, err, func(r *sql.Rows) (model.Post, error) { return scanPostWithOrg(r) })
}

// OpenPostsOfPeople lists the posts the given people hold now, with their
// organisation, keyed by person.
func (s *Store) OpenPostsOfPeople(ctx context.Context, ids []int64) (map[int64][]model.Post, error) {
	out := map[int64][]model.Post{}
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := s.q.Query(ctx, "SELECT "+postCols+", "+orgCols+` FROM posts po JOIN orgs o ON o.id = po.org_id
		WHERE po.ended_on IS NULL AND po.person_id IN (`+placeholders(len(ids))+") ORDER BY po.started_on, po.id", args...)
	posts, err := collect(rows, err, func(r *sql.Rows) (model.Post, error) { return scanPostWithOrg(r) })
	for _, p := range posts {
		out[p.PersonID] = append(out[p.PersonID], p)
	}
	return out, err
}

func scanPostWithOrg(r *sql.Rows) (model.Post, error) {
	var o model.Org
	var parent sql.NullInt64
	p, err := scanPost(r, &o.ID, &parent, &o.Kind, &o.Unit, &o.Name, &o.Place, &o.Path, &o.CreatedAt)
	o.ParentID = parent.Int64
	p.Org = &o
	return p, err
}

// OpenPostsIn lists the posts held now in one organisation, with the person.
func (s *Store) OpenPostsIn(ctx context.Context, orgID int64) ([]model.Post, error) {
	rows, err := s.q.Query(ctx, "SELECT "+postCols+", "+personCols+` FROM posts po JOIN people p ON p.id = po.person_id
		WHERE po.ended_on IS NULL AND po.org_id = ? ORDER BY po.started_on, po.id`, orgID)
	return collect(rows, err, scanPostWithPerson)
}

// OpenPostsUnder is OpenPostsIn for every organisation under path, by
// organisation.
func (s *Store) OpenPostsUnder(ctx context.Context, path string) (map[int64][]model.Post, error) {
	cond, args := subtree("o.path", path)
	rows, err := s.q.Query(ctx, "SELECT "+postCols+", "+personCols+` FROM posts po JOIN people p ON p.id = po.person_id
		JOIN orgs o ON o.id = po.org_id WHERE po.ended_on IS NULL AND `+cond+` ORDER BY po.started_on, po.id`, args...)
	ps, err := collect(rows, err, scanPostWithPerson)
	out := map[int64][]model.Post{}
	for _, p := range ps {
		out[p.OrgID] = append(out[p.OrgID], p)
	}
	return out, err
}

func scanPostWithPerson(r *sql.Rows) (model.Post, error) {
	var pe model.Person
	p, err := scanPost(r, &pe.ID, &pe.OrgID, &pe.FullName, &pe.Gender, &pe.BirthDate, &pe.PartyJoined,
		&pe.Phone, &pe.Email, &pe.Version, &pe.CreatedAt, &pe.UpdatedAt)
	p.Person = &pe
	return p, err
}

// OpenPostsOf lists the posts a person holds now, with organisation.
func (s *Store) OpenPostsOf(ctx context.Context, personID int64) ([]model.Post, error) {
	all, err := s.PersonPosts(ctx, personID)
	if err != nil {
		return nil, err
	}
	open := all[:0]
	for _, p := range all {
		if p.Open() {
			open = append(open, p)
		}
	}
	return open, nil
}
