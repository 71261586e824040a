package org

import (
	"context"
	"errors"

	"nghisu/internal/model"
	"nghisu/internal/store"
)

// Owner checks that o may answer for a commune's task, target or program
// entry — a person of the commune or of an organisation it leads, a body of
// the commune, the commune itself or an organisation it leads — and fills
// its name. ok is false for anything else (another commune's, the
// province's, an unknown id), which callers refuse beside the field.
func Owner(ctx context.Context, st *store.Store, commune *model.Org, o model.Owner) (_ model.Owner, ok bool, err error) {
	ours := func(orgID int64) (bool, error) {
		if orgID == commune.ID {
			return true, nil
		}
		g, err := st.Org(ctx, orgID)
		if err != nil {
			return false, err
		}
		return g.ParentID == commune.ID, nil
	}
	switch o.Kind {
	case model.OwnerPerson:
		var p *model.Person
		if p, err = st.Person(ctx, o.ID); err == nil {
			ok, o.Name = true, p.FullName
			ok, err = ours(p.OrgID)
		}
	case model.OwnerBody:
		var b *model.Body
		if b, err = st.Body(ctx, o.ID); err == nil {
			ok, o.Name = b.OrgID == commune.ID, BodyName(b)
		}
	case model.OwnerOrg:
		var g *model.Org
		if g, err = st.Org(ctx, o.ID); err == nil {
			ok, o.Name = g.ID == commune.ID || g.ParentID == commune.ID, g.Name
		}
	}
	if errors.Is(err, model.ErrNotFound) {
		return o, false, nil
	}
	return o, ok && err == nil, err
}

// BodyName names a body as an owner: "Ban Chấp hành Đảng bộ (2025–2030)".
func BodyName(b *model.Body) string {
	n := map[model.BodyKind]string{model.BodyCommittee: "Ban Chấp hành Đảng bộ", model.BodyStanding: "Ban Thường vụ Đảng ủy",
		model.BodyInspection: "Ủy ban Kiểm tra Đảng ủy"}[b.Kind]
	if b.Term != nil && b.Term.Name != "" {
		n += " (" + b.Term.Name + ")"
	}
	return n
}
