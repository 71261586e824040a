// Package org keeps the organisations of a province and their people: the
// tree, bodies and terms, people, memberships with their status history,
// posts and concurrent posts. Every method takes the acting user and checks
// access itself; what the actor may not see is model.ErrNotFound.
package org

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"nghisu/internal/auth"
	"nghisu/internal/model"
	"nghisu/internal/store"
	"nghisu/internal/vntext"
)

// Service is the organisation domain.
type Service struct {
	st *store.Store
}

// New returns the service.
func New(st *store.Store) *Service { return &Service{st: st} }

// Today is the current day in Vietnam.
func (s *Service) Today() model.Date { return model.DateOf(s.st.Now().In(vntext.Location())) }

// Org reads an organisation the actor sees.
func (s *Service) Org(ctx context.Context, a *auth.Actor, id int64) (*model.Org, error) {
	o, err := s.st.Org(ctx, id)
	if err != nil {
		return nil, err
	}
	if !a.Sees(o) {
		return nil, model.ErrNotFound
	}
	return o, nil
}

// Tree lists every organisation the actor sees, parents before children.
func (s *Service) Tree(ctx context.Context, a *auth.Actor) ([]model.Org, error) {
	return s.st.Subtree(ctx, a.Scope.Path)
}

// SearchOrgs finds organisations in the actor's scope by name, diacritics
// ignored.
func (s *Service) SearchOrgs(ctx context.Context, a *auth.Actor, text string, limit int) ([]model.Org, error) {
	return s.st.SearchOrgs(ctx, a.Scope.Path, text, limit)
}

// OrgsByID reads the organisations of the given ids that the actor sees.
func (s *Service) OrgsByID(ctx context.Context, a *auth.Actor, ids []int64) (map[int64]model.Org, error) {
	all, err := s.st.Orgs(ctx, ids)
	out := map[int64]model.Org{}
	for _, o := range all {
		if a.Sees(&o) {
			out[o.ID] = o
		}
	}
	return out, err
}

// Children lists the organisations directly under o.
func (s *Service) Children(ctx context.Context, a *auth.Actor, id int64) ([]model.Org, error) {
	if _, err := s.Org(ctx, a, id); err != nil {
		return nil, err
	}
	return s.st.Children(ctx, id)
}

// Ancestors lists the organisations above o, root first, that the actor sees.
func (s *Service) Ancestors(ctx context.Context, a *auth.Actor, o *model.Org) ([]model.Org, error) {
	all, err := s.st.Orgs(ctx, pathIDs(o.Path))
	if err != nil {
		return nil, err
	}
	var out []model.Org
	for _, x := range all {
		if x.ID != o.ID && a.Sees(&x) {
			out = append(out, x)
		}
	}
	return out, nil
}

// CommuneOf returns the commune-level party organisation o belongs to (o
// itself for a commune), or nil above commune level.
func (s *Service) CommuneOf(ctx context.Context, o *model.Org) (*model.Org, error) {
	if o.Kind == model.OrgCommune {
		return o, nil
	}
	all, err := s.st.Orgs(ctx, pathIDs(o.Path))
	if err != nil {
		return nil, err
	}
	for i := range all {
		if all[i].Kind == model.OrgCommune {
			return &all[i], nil
		}
	}
	return nil, nil
}

// pathIDs reads the ids out of a path "/1/5/12/".
func pathIDs(path string) []int64 {
	var ids []int64
	for _, p := range strings.Split(strings.Trim(path, "/"), "/") {
		if id, err := strconv.ParseInt(p, 10, 64); err == nil {
			ids = append(ids, id)
		}
	}
	return ids
}

// OrgInput creates an organisation.
type OrgInput struct {
	ParentID int64         `json:"parent_id"`
	Kind     model.OrgKind `json:"kind"`
	Unit     model.Unit    `json:"unit,omitempty"`
	Name     string        `json:"name"`
	Place    string        `json:"place,omitempty"`
	// TermName and TermStarts open the first term of a new party
	// organisation, with its BCH, BTV and UBKT.
	TermName   string     `json:"term_name,omitempty"`
	TermStarts model.Date `json:"term_starts_on,omitzero"`
}

// CreateOrg adds an organisation: a commune under the province, or an
// organisation a commune leads under the commune. Administrators only.
func (s *Service) CreateOrg(ctx context.Context, a *auth.Actor, in OrgInput) (*model.Org, error) {
	in.Name, in.Place, in.TermName = vntext.CleanLine(in.Name), vntext.CleanLine(in.Place), vntext.CleanLine(in.TermName)
	parent, err := s.st.Org(ctx, in.ParentID)
	if errors.Is(err, model.ErrNotFound) || (err == nil && !a.Sees(parent)) {
		return nil, model.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	if !a.CanManageAccounts(parent) {
		return nil, model.Deny("org.not_admin")
	}
	v := &model.ValidationError{}
	switch {
	case !in.Kind.Valid() || in.Kind == model.OrgProvince:
		v.Add("kind", "org.kind_invalid")
	case in.Kind == model.OrgCommune && parent.Kind != model.OrgProvince:
		v.Add("kind", "org.commune_under_province")
	case in.Kind != model.OrgCommune && parent.Kind != model.OrgCommune:
		v.Add("kind", "org.led_under_commune")
	}
	requireText(v, "name", in.Name, 200)
	if in.Kind == model.OrgCommune {
		if in.Unit != model.UnitWard && in.Unit != model.UnitCommune && in.Unit != model.UnitSpecial {
			v.Add("unit", "org.unit_invalid")
		}
		requireText(v, "place", in.Place, 100)
		requireText(v, "term_name", in.TermName, 50)
		if in.TermStarts.IsZero() {
			v.Add("term_starts_on", "field.required")
		}
	} else {
		in.Unit = ""
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	o := &model.Org{ParentID: parent.ID, Kind: in.Kind, Unit: in.Unit, Name: in.Name, Place: in.Place}
	err = s.st.InTx(ctx, func(st *store.Store) error {
		if err := st.CreateOrg(ctx, o); err != nil {
			if errors.Is(err, model.ErrConflict) {
				return model.Refuse("org.name_taken")
			}
			return err
		}
		if o.Kind == model.OrgCommune {
			if err := OpenTerm(ctx, st, o.ID, in.TermName, in.TermStarts); err != nil {
				return err
			}
		}
		return st.Audit(ctx, a.Audit("org.create", "org", o.ID, o.ID, o.Name))
	})
	if err != nil {
		return nil, err
	}
	return o, nil
}

// OpenTerm starts a term of a party organisation with its three bodies.
func OpenTerm(ctx context.Context, st *store.Store, orgID int64, name string, starts model.Date) error {
	t := &model.Term{OrgID: orgID, Name: name, StartsOn: starts}
	if err := st.CreateTerm(ctx, t); err != nil {
		return err
	}
	for _, k := range model.BodyKinds {
		if err := st.CreateBody(ctx, &model.Body{OrgID: orgID, TermID: t.ID, Kind: k}); err != nil {
			return err
		}
	}
	return nil
}

// Bodies lists an organisation's bodies with their terms and sizes.
func (s *Service) Bodies(ctx context.Context, a *auth.Actor, orgID int64) ([]model.Body, error) {
	if _, err := s.Org(ctx, a, orgID); err != nil {
		return nil, err
	}
	return s.st.Bodies(ctx, orgID)
}

// Body reads a body the actor sees.
func (s *Service) Body(ctx context.Context, a *auth.Actor, id int64) (*model.Body, error) {
	b, err := s.st.Body(ctx, id)
	if err != nil {
		return nil, err
	}
	if !a.Sees(b.Org) {
		return nil, model.ErrNotFound
	}
	return b, nil
}

// CanEdit reports whether the actor may change the records of o.
func (s *Service) CanEdit(ctx context.Context, a *auth.Actor, o *model.Org) (bool, error) {
	commune, err := s.CommuneOf(ctx, o)
	if err != nil {
		return false, err
	}
	return a.CanEditRecords(o, commune), nil
}

// MayEdit returns a Denial when the actor may see o but not change it.
func (s *Service) MayEdit(ctx context.Context, a *auth.Actor, o *model.Org) error {
	ok, err := s.CanEdit(ctx, a, o)
	if err != nil {
		return err
	}
	if !ok {
		return model.Deny("org.read_only")
	}
	return nil
}

// requireText checks a required one-line text field and its length.
func requireText(v *model.ValidationError, field, value string, max int) {
	switch {
	case value == "":
		v.Add(field, "field.required")
	case len([]rune(value)) > max:
		v.Add(field, "field.too_long", max)
	}
}

// optionalText checks an optional text field's length.
func optionalText(v *model.ValidationError, field, value string, max int) {
	if len([]rune(value)) > max {
		v.Add(field, "field.too_long", max)
	}
}
