package store

import (
	"context"
	"database/sql"

	"nghisu/internal/model"
)

// StaffPost is a post held on a day, with the commune it belongs to: the
// commune itself for a party post, the commune that leads the organisation
// otherwise.
type StaffPost struct {
	CommuneID int64
	model.Post
}

// StaffPosts lists the posts held on day (started on or before it, not yet
// ended on it) in the communes under path and the organisations they lead,
// each with its organisation and holder, in one query however many communes
// there are. A commune's own path selects that commune only.
func (s *Store) StaffPosts(ctx context.Context, path string, day model.Date) ([]StaffPost, error) {
	cond, args := subtree("c.path", path)
	// The commune is the post's organisation when that is a commune, else
	// its parent; posts anywhere else (none are recorded there) drop out.
	q := "SELECT c.id, " + postCols + `, o.id, o.parent_id, o.kind, o.name, p.id, p.org_id, p.full_name
		FROM posts po
		JOIN orgs o ON o.id = po.org_id
		JOIN orgs c ON c.id = CASE WHEN o.kind = 'commune' THEN o.id ELSE o.parent_id END AND c.kind = 'commune'
		JOIN people p ON p.id = po.person_id
		WHERE ` + cond + ` AND po.started_on <= ? AND (po.ended_on IS NULL OR po.ended_on > ?)
		ORDER BY c.id, p.id, po.started_on, po.id`
	rows, err := s.q.Query(ctx, q, append(args, day, day)...)
	return collect(rows, err, func(r *sql.Rows) (StaffPost, error) {
		var sp StaffPost
		var o model.Org
		var pe model.Person
		var parent sql.NullInt64
		var body sql.NullInt64
		var areas string
		err := r.Scan(&sp.CommuneID, &sp.ID, &sp.PersonID, &sp.OrgID, &body, &sp.Kind, &sp.Title, &areas,
			&sp.StartedOn, &sp.EndedOn, &sp.CreatedAt, &o.ID, &parent, &o.Kind, &o.Name, &pe.ID, &pe.OrgID, &pe.FullName)
		sp.BodyID, sp.Areas, o.ParentID = body.Int64, splitAreas(areas), parent.Int64
		sp.Org, sp.Person = &o, &pe
		return sp, err
	})
}
