package store

import (
	"context"
	"database/sql"
	"strconv"

	"nghisu/internal/model"
	"nghisu/internal/vntext"
)

const orgCols = "o.id, o.parent_id, o.kind, o.unit, o.name, o.place, o.path, o.created_at"

func scanOrg(r interface{ Scan(...any) error }) (model.Org, error) {
	var o model.Org
	var parent sql.NullInt64
	err := r.Scan(&o.ID, &parent, &o.Kind, &o.Unit, &o.Name, &o.Place, &o.Path, &o.CreatedAt)
	o.ParentID = parent.Int64
	return o, err
}

// CreateOrg inserts o under its parent and sets o.ID and o.Path.
func (s *Store) CreateOrg(ctx context.Context, o *model.Org) error {
	return s.InTx(ctx, func(s *Store) error {
		parentPath := "/"
		if o.ParentID != 0 {
			p, err := s.Org(ctx, o.ParentID)
			if err != nil {
				return err
			}
			parentPath = p.Path
		}
		o.CreatedAt = s.Now()
		id, err := s.insert(ctx, `INSERT INTO orgs (parent_id, kind, unit, name, name_fold, place, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`,
			nullInt(o.ParentID), o.Kind, o.Unit, o.Name, vntext.Fold(o.Name), o.Place, o.CreatedAt)
		if err != nil {
			return err
		}
		o.ID = id
		o.Path = parentPath + strconv.FormatInt(id, 10) + "/"
		_, err = s.q.Exec(ctx, "UPDATE orgs SET path = ? WHERE id = ?", o.Path, id)
		return err
	})
}

// Org reads one organisation.
func (s *Store) Org(ctx context.Context, id int64) (*model.Org, error) {
	o, err := scanOrg(s.q.QueryRow(ctx, "SELECT "+orgCols+" FROM orgs o WHERE o.id = ?", id))
	if err != nil {
		return nil, err
	}
	return &o, nil
}

// Orgs reads several organisations, in path order.
func (s *Store) Orgs(ctx context.Context, ids []int64) ([]model.Org, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := s.q.Query(ctx, "SELECT "+orgCols+" FROM orgs o WHERE o.id IN ("+placeholders(len(ids))+") ORDER BY o.path", args...)
	return collect(rows, err, func(r *sql.Rows) (model.Org, error) { return scanOrg(r) })
}

// Subtree lists the organisation at path and everything under it, parents
// before children.
func (s *Store) Subtree(ctx context.Context, path string) ([]model.Org, error) {
	cond, args := subtree("o.path", path)
	rows, err := s.q.Query(ctx, "SELECT "+orgCols+" FROM orgs o WHERE "+cond+" ORDER BY o.path", args...)
	return collect(rows, err, func(r *sql.Rows) (model.Org, error) { return scanOrg(r) })
}

// Children lists the organisations directly under parentID.
func (s *Store) Children(ctx context.Context, parentID int64) ([]model.Org, error) {
	rows, err := s.q.Query(ctx, "SELECT "+orgCols+" FROM orgs o WHERE o.parent_id = ? ORDER BY o.id", parentID)
	return collect(rows, err, func(r *sql.Rows) (model.Org, error) { return scanOrg(r) })
}

// ChildrenUnder is Children for every organisation under path, by parent.
func (s *Store) ChildrenUnder(ctx context.Context, path string) (map[int64][]model.Org, error) {
	cond, args := subtree("o.path", path)
	rows, err := s.q.Query(ctx, "SELECT "+orgCols+" FROM orgs o WHERE "+cond+" AND o.parent_id IS NOT NULL ORDER BY o.id", args...)
	os, err := collect(rows, err, func(r *sql.Rows) (model.Org, error) { return scanOrg(r) })
	out := map[int64][]model.Org{}
	for _, o := range os {
		out[o.ParentID] = append(out[o.ParentID], o)
	}
	return out, err
}

// OrgsOfKind lists the organisations of one kind under path.
func (s *Store) OrgsOfKind(ctx context.Context, path string, kind model.OrgKind) ([]model.Org, error) {
	cond, args := subtree("o.path", path)
	rows, err := s.q.Query(ctx, "SELECT "+orgCols+" FROM orgs o WHERE "+cond+" AND o.kind = ? ORDER BY o.id", append(args, kind)...)
	return collect(rows, err, func(r *sql.Rows) (model.Org, error) { return scanOrg(r) })
}

// CountOrgs counts all organisations; the demo seeds only an empty database.
func (s *Store) CountOrgs(ctx context.Context) (int, error) {
	var n int
	err := s.q.QueryRow(ctx, "SELECT COUNT(*) FROM orgs").Scan(&n)
	return n, err
}

// RenameOrg changes an organisation's name and place.
func (s *Store) RenameOrg(ctx context.Context, id int64, name, place string) error {
	return s.execOne(ctx, "UPDATE orgs SET name = ?, name_fold = ?, place = ? WHERE id = ?",
		name, vntext.Fold(name), place, id)
}

// SearchOrgs finds organisations under path whose folded name holds every
// word of text.
func (s *Store) SearchOrgs(ctx context.Context, path, text string, limit int) ([]model.Org, error) {
	cond, args := subtree("o.path", path)
	words := vntext.FoldWords(text)
	if len(words) == 0 {
		return nil, nil
	}
	for _, w := range words {
		cond += " AND o.name_fold LIKE ? ESCAPE '\\'"
		args = append(args, "%"+escapeLike(w)+"%")
	}
	rows, err := s.q.Query(ctx, "SELECT "+orgCols+" FROM orgs o WHERE "+cond+" ORDER BY o.path LIMIT ?", append(args, limit)...)
	return collect(rows, err, func(r *sql.Rows) (model.Org, error) { return scanOrg(r) })
}
