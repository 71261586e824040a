package programs

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"nghisu/internal/auth"
	"nghisu/internal/meeting"
	"nghisu/internal/model"
	"nghisu/internal/store"
	"nghisu/internal/vntext"
)

// CanRegister reports whether the actor may register the upper level's
// documents at a province: an administrator whose scope holds the province.
// Oversight only reads. (An office account belongs to a commune: accounts
// refuse the office and member roles above one, so the province's office
// staff register with an admin account.)
func CanRegister(a *auth.Actor, province *model.Org) bool {
	return province != nil && province.Kind == model.OrgProvince && a.Sees(province) && a.Role() == model.RoleAdmin
}

// Late reports whether a commune is late with a document on day today: the
// deadline has passed and it has no implementation plan.
func Late(d *model.UpperDocument, f *model.UpperFollowup, today model.Date) bool {
	if d.Deadline.IsZero() || !today.After(d.Deadline) {
		return false
	}
	return f == nil || !f.HasPlan()
}

// province reads the province an organisation page is about: the province
// itself, or a commune's province.
func (s *Service) provinceOf(ctx context.Context, o *model.Org) (*model.Org, error) {
	switch o.Kind {
	case model.OrgProvince:
		return o, nil
	case model.OrgCommune:
		p, err := s.st.Org(ctx, o.ParentID)
		if err != nil {
			return nil, err
		}
		if p.Kind != model.OrgProvince {
			return nil, model.ErrNotFound
		}
		return p, nil
	}
	return nil, model.ErrNotFound
}

// Register records an upper-level document at a province.
func (s *Service) Register(ctx context.Context, a *auth.Actor, provinceID int64, in model.UpperInput) (*model.UpperDocument, error) {
	p, err := s.st.Org(ctx, provinceID)
	if err != nil {
		return nil, err
	}
	if !a.Sees(p) || p.Kind != model.OrgProvince {
		return nil, model.ErrNotFound
	}
	if !CanRegister(a, p) {
		return nil, model.Deny("upper.not_registrar")
	}
	in.Symbol, in.Title, in.Issuer = vntext.CleanLine(in.Symbol), vntext.CleanLine(in.Title), vntext.CleanLine(in.Issuer)
	v := &model.ValidationError{}
	if !in.Kind.Valid() {
		v.Add("kind", "upper.kind_invalid")
	}
	for _, f := range []struct {
		name, val string
		max       int
	}{{"symbol", in.Symbol, maxSymbol}, {"title", in.Title, maxTitle}, {"issuer", in.Issuer, maxIssuer}} {
		switch n := len([]rune(f.val)); {
		case n == 0:
			v.Add(f.name, "field.required")
		case n > f.max:
			v.Add(f.name, "field.too_long", f.max)
		}
	}
	today := s.today()
	switch {
	case in.IssuedOn.IsZero():
		v.Add("issued_on", "field.required")
	case in.IssuedOn.After(today):
		v.Add("issued_on", "upper.issued_future")
	}
	if !in.Deadline.IsZero() && !in.IssuedOn.IsZero() && in.Deadline.Before(in.IssuedOn) {
		v.Add("deadline", "upper.deadline_before")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	d := &model.UpperDocument{OrgID: p.ID, Kind: in.Kind, Symbol: in.Symbol, Title: in.Title, IssuedOn: in.IssuedOn,
		Issuer: in.Issuer, Deadline: in.Deadline, CreatedBy: a.Account.ID}
	err = s.st.InTx(ctx, func(st *store.Store) error {
		if err := st.CreateUpper(ctx, d); err != nil {
			if errors.Is(err, model.ErrConflict) {
				return model.Refuse("upper.exists", d.Symbol)
			}
			return err
		}
		return st.Audit(ctx, a.Audit("upper.register", "upper_document", d.ID, p.ID, fmt.Sprintf("%s; %s; %s", d.Kind, d.Symbol, d.Title)))
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// CommuneRow is one commune's follow-up of a document.
type CommuneRow struct {
	Commune  model.Org            `json:"commune"`
	Followup *model.UpperFollowup `json:"followup,omitempty"`
	Late     bool                 `json:"late"`
}

// DocStatus is a document with every commune's follow-up.
type DocStatus struct {
	Document     model.UpperDocument `json:"document"`
	Communes     []CommuneRow        `json:"communes"`
	Disseminated int                 `json:"disseminated"`
	Planned      int                 `json:"planned"`
	Late         int                 `json:"late"`
}

// ProvinceView is the province's page: its documents and the communes'
// follow-up.
type ProvinceView struct {
	Province    *model.Org  `json:"-"`
	Documents   []DocStatus `json:"documents"`
	CanRegister bool        `json:"can_register"`
}

// CommuneItem is a document as a commune follows it.
type CommuneItem struct {
	Document model.UpperDocument  `json:"document"`
	Followup *model.UpperFollowup `json:"followup,omitempty"`
	Late     bool                 `json:"late"`
}

// CommuneView is a commune's page: its province's documents and what it
// has done with each.
type CommuneView struct {
	Commune   *model.Org    `json:"-"`
	Province  *model.Org    `json:"-"`
	Items     []CommuneItem `json:"items"`
	CanRecord bool          `json:"can_record"`
}

// UpperView is what /orgs/{id}/upper-documents shows: a province's view or
// a commune's, one of them set.
type UpperView struct {
	Org      *model.Org    `json:"-"`
	Province *ProvinceView `json:"province,omitempty"`
	Commune  *CommuneView  `json:"commune,omitempty"`
}

// Uppers reads an organisation's page of upper-level documents: at a
// province, the documents with the communes' follow-up; at a commune, its
// province's documents with its own follow-up. Other organisations: 404.
func (s *Service) Uppers(ctx context.Context, a *auth.Actor, orgID int64) (*UpperView, error) {
	o, err := s.st.Org(ctx, orgID)
	if err != nil {
		return nil, err
	}
	if !a.Sees(o) {
		return nil, model.ErrNotFound
	}
	p, err := s.provinceOf(ctx, o)
	if err != nil {
		return nil, err
	}
	docs, err := s.st.Uppers(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	today := s.today()
	uv := &UpperView{Org: o}
	if o.Kind == model.OrgCommune {
		fs, err := s.st.CommuneFollowups(ctx, o.ID)
		if err != nil {
			return nil, err
		}
		byDoc := map[int64]*model.UpperFollowup{}
		for i := range fs {
			byDoc[fs[i].DocumentID] = &fs[i]
		}
		cv := &CommuneView{Commune: o, Province: p, CanRecord: meeting.Preparer(a, o)}
		for _, d := range docs {
			f := byDoc[d.ID]
			cv.Items = append(cv.Items, CommuneItem{Document: d, Followup: f, Late: Late(&d, f, today)})
		}
		uv.Commune = cv
		return uv, nil
	}
	communes, err := s.st.OrgsOfKind(ctx, p.Path, model.OrgCommune)
	if err != nil {
		return nil, err
	}
	pv := &ProvinceView{Province: p, CanRegister: CanRegister(a, p)}
	for _, d := range docs {
		fs, err := s.st.Followups(ctx, d.ID)
		if err != nil {
			return nil, err
		}
		byOrg := map[int64]*model.UpperFollowup{}
		for i := range fs {
			byOrg[fs[i].OrgID] = &fs[i]
		}
		ds := DocStatus{Document: d}
		for _, c := range communes {
			f := byOrg[c.ID]
			row := CommuneRow{Commune: c, Followup: f, Late: Late(&d, f, today)}
			if f != nil && !f.DisseminatedOn.IsZero() {
				ds.Disseminated++
			}
			if f != nil && f.HasPlan() {
				ds.Planned++
			}
			if row.Late {
				ds.Late++
			}
			ds.Communes = append(ds.Communes, row)
		}
		pv.Documents = append(pv.Documents, ds)
	}
	uv.Province = pv
	return uv, nil
}

// Upper reads one document the actor sees: at its province, or from a
// commune under it.
func (s *Service) Upper(ctx context.Context, a *auth.Actor, id int64) (*model.UpperDocument, error) {
	d, err := s.st.Upper(ctx, id)
	if err != nil {
		return nil, err
	}
	p, err := s.st.Org(ctx, d.OrgID)
	if err != nil {
		return nil, err
	}
	// The province's path is a prefix of the actor's scope (a commune
	// under it) or the scope's a prefix of the province's.
	if !a.Sees(p) && !strings.HasPrefix(a.Scope.Path, p.Path) {
		return nil, model.ErrNotFound
	}
	return d, nil
}

// RecordFollowup writes a commune's follow-up of one of its province's
// documents: the day it was disseminated, and the implementation plan (an
// issued document of the commune's record, or a free number, and its day).
func (s *Service) RecordFollowup(ctx context.Context, a *auth.Actor, communeID, documentID int64, in model.FollowupInput) (*model.UpperFollowup, error) {
	c, err := s.st.Org(ctx, communeID)
	if err != nil {
		return nil, err
	}
	if !a.Sees(c) || c.Kind != model.OrgCommune {
		return nil, model.ErrNotFound
	}
	d, err := s.st.Upper(ctx, documentID)
	if err != nil {
		return nil, err
	}
	if d.OrgID != c.ParentID {
		return nil, model.ErrNotFound
	}
	if !meeting.Preparer(a, c) {
		return nil, model.Deny("upper.not_keeper")
	}
	in.PlanNumber = vntext.CleanLine(in.PlanNumber)
	v := &model.ValidationError{}
	today := s.today()
	for _, f := range []struct {
		name string
		day  model.Date
	}{{"disseminated_on", in.DisseminatedOn}, {"plan_on", in.PlanOn}} {
		switch {
		case f.day.IsZero():
		case f.day.Before(d.IssuedOn):
			v.Add(f.name, "upper.before_issued", d.IssuedOn.String())
		case f.day.After(today):
			v.Add(f.name, "upper.day_future")
		}
	}
	if len([]rune(in.PlanNumber)) > maxSymbol {
		v.Add("plan_number", "field.too_long", maxSymbol)
	}
	if in.PlanIssuedID != 0 {
		doc, err := s.st.Issued(ctx, in.PlanIssuedID)
		if err != nil && !errors.Is(err, model.ErrNotFound) {
			return nil, err
		}
		switch {
		case doc == nil || doc.OrgID != c.ID:
			v.Add("plan_issued_id", "workprogram.issued_unknown")
		case in.PlanOn.IsZero():
			in.PlanOn = doc.IssuedOn
		}
		if doc != nil && in.PlanNumber == "" {
			in.PlanNumber = doc.Symbol
		}
	}
	if in.PlanOn.IsZero() && in.PlanNumber != "" && !v.Has("plan_issued_id") {
		v.Add("plan_on", "upper.plan_day_required")
	}
	if !in.PlanOn.IsZero() && in.PlanNumber == "" && in.PlanIssuedID == 0 {
		v.Add("plan_number", "upper.plan_number_required")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	f := &model.UpperFollowup{DocumentID: d.ID, OrgID: c.ID, DisseminatedOn: in.DisseminatedOn, PlanOn: in.PlanOn,
		PlanIssuedID: in.PlanIssuedID, PlanNumber: in.PlanNumber, UpdatedBy: a.Account.ID}
	err = s.st.InTx(ctx, func(st *store.Store) error {
		if err := st.SetFollowup(ctx, f); err != nil {
			return err
		}
		return st.Audit(ctx, a.Audit("upper.followup", "upper_document", d.ID, c.ID,
			fmt.Sprintf("%s; disseminated %s; plan %s %s", d.Symbol, f.DisseminatedOn, f.PlanOn, f.PlanNumber)))
	})
	if err != nil {
		return nil, err
	}
	return f, nil
}
