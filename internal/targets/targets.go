// Package targets keeps a commune's targets (chỉ tiêu): what is to be
// reached by when, who answers for it, the values reported period by
// period, and how far each has come, with the formula that says so.
//
// Decisions of this package:
//   - A value is given in the target's unit. A report that names another
//     unit is refused: converting "hộ" into "%" is not ours to guess.
//   - Reports are never rewritten: a second report for a period is kept
//     beside the first and the newest counts (the detail page shows both).
//   - A value's period is a month or a year inside the target's span: a
//     year target takes "2026" and "2026-01"…"2026-12"; a term target the
//     years and months of the term; a month target only its month.
//   - The value that stands for the target is the one of the period that
//     ends last (a year's value over its December's).
//   - "On track" means the achievement is at least the share of the span
//     gone by (a straight line from the baseline to the target); "reached"
//     that the value meets the target.
//   - The record keepers (meeting.Preparer) set targets and report values;
//     the owner reports too: the person's own account, or an account of the
//     owner organisation (a UBND user for UBND's targets). Everyone who sees
//     the commune reads, and so do the accounts of the organisations it
//     leads; another commune's targets are not found.
package targets

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"

	"nghisu/internal/auth"
	"nghisu/internal/meeting"
	"nghisu/internal/model"
	"nghisu/internal/org"
	"nghisu/internal/store"
	"nghisu/internal/vntext"
)

// Units are the common units offered by the form (any other may be typed).
var Units = []string{"%", "triệu đồng/người/năm", "hộ", "hồ sơ", "tiêu chí", "đảng viên", "chi bộ", "người",
	"công trình", "km", "ha", "tỷ đồng"}

// Limits.
const (
	maxName = 300
	maxUnit = 60
	maxNote = 2000
	maxPara = 2000
	// maxAbs bounds values: nothing a commune counts is larger.
	maxAbs = 1e15
)

// Service keeps the targets.
type Service struct {
	st *store.Store
}

// New returns the service.
func New(st *store.Store) *Service { return &Service{st: st} }

// Input is a target as typed.
type Input struct {
	Name            string           `json:"name"`
	Unit            string           `json:"unit"`
	Baseline        Number           `json:"baseline"`
	Value           Number           `json:"target_value"`
	Direction       model.Direction  `json:"direction"`
	PeriodKind      model.PeriodKind `json:"period_kind"`
	Period          string           `json:"period"`
	Owner           model.Owner      `json:"owner"`
	SourceKind      string           `json:"source_kind,omitempty"`
	SourceID        int64            `json:"source_id,omitempty"`
	SourceParagraph string           `json:"source_paragraph,omitempty"`
}

// ValueInput is a reported value as typed. Unit, when given, must be the
// target's.
type ValueInput struct {
	Period string `json:"period"`
	Value  Number `json:"value"`
	Unit   string `json:"unit,omitempty"`
	Note   string `json:"note,omitempty"`
}

// Item is a target as a reader sees it.
type Item struct {
	model.Target
	// History is every report, by period, oldest first within one.
	History []model.TargetValue `json:"history"`
	// Series is the newest report of each period, in period order.
	Series []model.TargetValue `json:"series"`
	Latest *model.TargetValue  `json:"latest,omitempty"`
	Status Status              `json:"status"`
	// Achievement of the latest value (nil with no data).
	Achievement *Achievement `json:"achievement,omitempty"`
	CanReport   bool         `json:"can_report"`
}

// List is a commune's targets.
type List struct {
	Commune   *model.Org `json:"-"`
	Items     []Item     `json:"targets"`
	CanCreate bool       `json:"can_create"`
}

// Reads reports whether the actor reads the commune's targets: those who
// see the commune, and the accounts of the organisations it leads.
func Reads(a *auth.Actor, commune *model.Org) bool {
	return a.Sees(commune) || a.Scope.ParentID == commune.ID && a.Scope.ID != 0
}

// CanCreate reports whether the actor sets the commune's targets.
func CanCreate(a *auth.Actor, commune *model.Org) bool { return meeting.Preparer(a, commune) }

// CanReport reports whether the actor reports values of a target: the
// record keepers, and its owner.
func CanReport(a *auth.Actor, commune *model.Org, t *model.Target) bool {
	if meeting.Preparer(a, commune) {
		return true
	}
	switch a.Role() {
	case model.RoleOffice, model.RoleMember:
	default:
		return false
	}
	switch t.Owner.Kind {
	case model.OwnerPerson:
		return a.Account.PersonID != 0 && a.Account.PersonID == t.Owner.ID
	case model.OwnerOrg:
		return t.Owner.ID != commune.ID && a.Account.OrgID == t.Owner.ID
	}
	return false
}

// commune reads a commune the actor reads the targets of.
func (s *Service) commune(ctx context.Context, a *auth.Actor, id int64) (*model.Org, error) {
	o, err := s.st.Org(ctx, id)
	if err != nil {
		return nil, err
	}
	if o.Kind != model.OrgCommune || !Reads(a, o) {
		return nil, model.ErrNotFound
	}
	return o, nil
}

// Commune reads a commune the actor reads the targets of.
func (s *Service) Commune(ctx context.Context, a *auth.Actor, id int64) (*model.Org, error) {
	return s.commune(ctx, a, id)
}

// today is the day in Vietnam.
func (s *Service) today() model.Date { return model.DateOf(s.st.Now().In(vntext.Location())) }

// item builds what a reader sees of a target.
func (s *Service) item(a *auth.Actor, commune *model.Org, t model.Target, history []model.TargetValue, names map[model.Owner]string) Item {
	it := Item{Target: t, History: history, Series: Current(history), Latest: Latest(history)}
	it.Owner.Name = names[model.Owner{Kind: t.Owner.Kind, ID: t.Owner.ID}]
	it.Status, it.Achievement = StatusOf(t, history, s.today())
	it.CanReport = CanReport(a, commune, &t)
	if it.History == nil {
		it.History = []model.TargetValue{}
	}
	return it
}

// List reads a commune's targets with their values.
func (s *Service) List(ctx context.Context, a *auth.Actor, orgID int64) (*List, error) {
	c, err := s.commune(ctx, a, orgID)
	if err != nil {
		return nil, err
	}
	ts, err := s.st.Targets(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	vs, err := s.st.OrgTargetValues(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	byTarget := map[int64][]model.TargetValue{}
	for _, v := range vs {
		byTarget[v.TargetID] = append(byTarget[v.TargetID], v)
	}
	names, err := s.ownerNames(ctx, c)
	if err != nil {
		return nil, err
	}
	for _, t := range ts {
		if _, ok := names[t.Owner]; !ok && t.Owner.Kind == model.OwnerPerson {
			if p, err := s.st.Person(ctx, t.Owner.ID); err == nil {
				names[t.Owner] = p.FullName
			}
		}
	}
	l := &List{Commune: c, Items: []Item{}, CanCreate: CanCreate(a, c)}
	for _, t := range ts {
		l.Items = append(l.Items, s.item(a, c, t, byTarget[t.ID], names))
	}
	return l, nil
}

// Get reads one target with its values.
func (s *Service) Get(ctx context.Context, a *auth.Actor, id int64) (*Item, *model.Org, error) {
	t, err := s.st.Target(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	c, err := s.commune(ctx, a, t.OrgID)
	if err != nil {
		return nil, nil, err
	}
	vs, err := s.st.TargetValues(ctx, t.ID)
	if err != nil {
		return nil, nil, err
	}
	names, err := s.ownerNames(ctx, c)
	if err != nil {
		return nil, nil, err
	}
	if _, ok := names[t.Owner]; !ok && t.Owner.Kind == model.OwnerPerson {
		if p, err := s.st.Person(ctx, t.Owner.ID); err == nil {
			names[t.Owner] = p.FullName
		}
	}
	it := s.item(a, c, *t, vs, names)
	return &it, c, nil
}

// bodyName names a body of the commune.
func bodyName(b model.Body) string { return org.BodyName(&b) }

// Owners lists what the form offers as owners: the commune, the
// organisations it leads, its bodies of the current term, and the people
// holding a post of its party committee now. (Any other person of the
// commune is given by id, through the API.)
func (s *Service) Owners(ctx context.Context, commune *model.Org) ([]model.Owner, error) {
	out := []model.Owner{{Kind: model.OwnerOrg, ID: commune.ID, Name: commune.Name}}
	kids, err := s.st.Children(ctx, commune.ID)
	if err != nil {
		return nil, err
	}
	for _, k := range kids {
		out = append(out, model.Owner{Kind: model.OwnerOrg, ID: k.ID, Name: k.Name})
	}
	term, err := s.st.CurrentTerm(ctx, commune.ID, s.today())
	if err != nil && err != model.ErrNotFound {
		return nil, err
	}
	bodies, err := s.st.Bodies(ctx, commune.ID)
	if err != nil {
		return nil, err
	}
	for _, b := range bodies {
		if term != nil && b.TermID == term.ID {
			out = append(out, model.Owner{Kind: model.OwnerBody, ID: b.ID, Name: bodyName(b)})
		}
	}
	// The people holding a post of the party committee now.
	posts, err := s.st.OpenPostsIn(ctx, commune.ID)
	if err != nil {
		return nil, err
	}
	seen := map[int64]bool{}
	for _, p := range posts {
		if p.Person != nil && !seen[p.PersonID] {
			seen[p.PersonID] = true
			out = append(out, model.Owner{Kind: model.OwnerPerson, ID: p.PersonID, Name: p.Person.FullName})
		}
	}
	return out, nil
}

// ownerNames names every organisation and body owner of a commune.
func (s *Service) ownerNames(ctx context.Context, commune *model.Org) (map[model.Owner]string, error) {
	names := map[model.Owner]string{{Kind: model.OwnerOrg, ID: commune.ID}: commune.Name}
	kids, err := s.st.Children(ctx, commune.ID)
	if err != nil {
		return nil, err
	}
	for _, k := range kids {
		names[model.Owner{Kind: model.OwnerOrg, ID: k.ID}] = k.Name
	}
	bodies, err := s.st.Bodies(ctx, commune.ID)
	if err != nil {
		return nil, err
	}
	for _, b := range bodies {
		names[model.Owner{Kind: model.OwnerBody, ID: b.ID}] = bodyName(b)
	}
	return names, nil
}

// ParseOwner reads an owner written "org:12", "body:5" or "person:7".
func ParseOwner(s string) (model.Owner, bool) {
	k, id, ok := strings.Cut(strings.TrimSpace(s), ":")
	n, err := strconv.ParseInt(id, 10, 64)
	o := model.Owner{Kind: model.OwnerKind(k), ID: n}
	return o, ok && err == nil && n > 0 && o.Kind.Valid()
}

// FormatOwner writes an owner as ParseOwner reads it.
func FormatOwner(o model.Owner) string { return fmt.Sprintf("%s:%d", o.Kind, o.ID) }

// resolveOwner checks that the owner belongs to the commune and names it;
// "" when it does not.
func (s *Service) resolveOwner(ctx context.Context, commune *model.Org, o model.Owner) (string, error) {
	o, ok, err := org.Owner(ctx, s.st, commune, o)
	if !ok {
		return "", err
	}
	return o.Name, nil
}

// number checks a typed number into e under field.
func number(e *model.ValidationError, field string, n Number, required bool) float64 {
	s := strings.TrimSpace(string(n))
	if s == "" {
		if required {
			e.Add(field, "field.required")
		}
		return 0
	}
	f, ok := ParseNumber(s)
	switch {
	case !ok:
		e.Add(field, "target.not_number")
	case math.Abs(f) > maxAbs:
		e.Add(field, "target.too_large")
	}
	return f
}

// check validates a target as typed; the owner and the source are checked
// against the store by Create.
func check(in *Input) (*model.Target, *model.ValidationError) {
	e := &model.ValidationError{}
	t := &model.Target{Name: vntext.CleanLine(in.Name), Unit: vntext.CleanLine(in.Unit), Direction: in.Direction,
		PeriodKind: in.PeriodKind, Owner: model.Owner{Kind: in.Owner.Kind, ID: in.Owner.ID},
		SourceKind: strings.TrimSpace(in.SourceKind), SourceID: in.SourceID, SourceParagraph: vntext.CleanLine(in.SourceParagraph)}
	switch n := len([]rune(t.Name)); {
	case n == 0:
		e.Add("name", "field.required")
	case n > maxName:
		e.Add("name", "field.too_long", maxName)
	}
	switch n := len([]rune(t.Unit)); {
	case n == 0:
		e.Add("unit", "field.required")
	case n > maxUnit:
		e.Add("unit", "field.too_long", maxUnit)
	}
	if !t.Direction.Valid() {
		e.Add("direction", "target.direction_invalid")
	}
	t.Baseline = number(e, "baseline", in.Baseline, t.Direction != model.Reach)
	t.Value = number(e, "target_value", in.Value, true)
	switch {
	case !t.PeriodKind.Valid():
		e.Add("period_kind", "target.period_kind_invalid")
	default:
		p, _, ok := ParsePeriod(t.PeriodKind, in.Period)
		if !ok {
			e.Add("period", "target.period_invalid."+string(t.PeriodKind))
		}
		t.Period = p
	}
	if !t.Owner.Kind.Valid() || t.Owner.ID <= 0 {
		e.Add("owner", "target.owner_required")
	}
	switch {
	case t.SourceKind == "" && t.SourceID == 0:
		t.SourceParagraph = ""
	case t.SourceKind != "issued" || t.SourceID <= 0:
		e.Add("source", "target.source_invalid")
	case len([]rune(t.SourceParagraph)) > maxPara:
		e.Add("source_paragraph", "field.too_long", maxPara)
	}
	return t, e
}

// Create sets a commune's target.
func (s *Service) Create(ctx context.Context, a *auth.Actor, orgID int64, in Input) (*model.Target, error) {
	c, err := s.commune(ctx, a, orgID)
	if err != nil {
		return nil, err
	}
	if !CanCreate(a, c) {
		return nil, model.Deny("target.not_keeper")
	}
	t, e := check(&in)
	t.OrgID, t.CreatedBy = c.ID, a.Account.ID
	if !e.Has("owner") {
		name, err := s.resolveOwner(ctx, c, t.Owner)
		if err != nil {
			return nil, err
		}
		if name == "" {
			e.Add("owner", "target.owner_outside")
		}
		t.Owner.Name = name
	}
	if t.SourceID != 0 && !e.Has("source") {
		d, err := s.st.Issued(ctx, t.SourceID)
		if err != nil && err != model.ErrNotFound {
			return nil, err
		}
		if err == model.ErrNotFound || d.OrgID != c.ID {
			e.Add("source", "target.source_invalid")
		}
	}
	if err := e.Err(); err != nil {
		return nil, err
	}
	err = s.st.InTx(ctx, func(st *store.Store) error {
		if err := st.CreateTarget(ctx, t); err != nil {
			return err
		}
		return st.Audit(ctx, a.Audit("target.create", "target", t.ID, c.ID, t.Name))
	})
	return t, err
}

// checkValue validates a reported value against its target into e; field
// names are the form's (period, value, unit, note).
func checkValue(t *model.Target, in ValueInput, e *model.ValidationError) model.TargetValue {
	v := model.TargetValue{TargetID: t.ID, Note: vntext.Clean(in.Note)}
	if strings.TrimSpace(in.Period) == "" {
		e.Add("period", "field.required")
	} else if p, sp, ok := ParseValuePeriod(in.Period); !ok {
		e.Add("period", "target.value_period_invalid")
	} else if !TargetSpan(*t).Contains(sp) {
		e.Add("period", "target.value_period_outside", t.Period)
	} else {
		v.Period = p
	}
	v.Value = number(e, "value", in.Value, true)
	if u := vntext.CleanLine(in.Unit); u != "" && !sameUnit(u, t.Unit) {
		e.Add("unit", "target.unit_mismatch", u, t.Unit)
	}
	if len([]rune(v.Note)) > maxNote {
		e.Add("note", "field.too_long", maxNote)
	}
	return v
}

// sameUnit compares units without minding case or spaces.
func sameUnit(a, b string) bool {
	f := func(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), "")) }
	return f(a) == f(b)
}

// Report records a value of a target.
func (s *Service) Report(ctx context.Context, a *auth.Actor, targetID int64, in ValueInput) (*model.TargetValue, error) {
	t, err := s.st.Target(ctx, targetID)
	if err != nil {
		return nil, err
	}
	c, err := s.commune(ctx, a, t.OrgID)
	if err != nil {
		return nil, err
	}
	if !CanReport(a, c, t) {
		return nil, model.Deny("target.not_reporter")
	}
	e := &model.ValidationError{}
	v := checkValue(t, in, e)
	if err := e.Err(); err != nil {
		return nil, err
	}
	v.ReportedBy = a.Account.ID
	err = s.st.InTx(ctx, func(st *store.Store) error {
		if err := st.AddTargetValue(ctx, &v); err != nil {
			return err
		}
		return st.Audit(ctx, a.Audit("target.report", "target", t.ID, c.ID, v.Period+" "+num(v.Value)))
	})
	return &v, err
}
