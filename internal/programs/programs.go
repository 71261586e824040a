// Package programs holds the work programs of a commune's BCH and BTV (the
// full-term program, the annual program, the monthly directions) and the
// upper level's documents, registered once at the province and followed in
// every commune under it.
//
// Decisions of this package, so that they are made once:
//   - A program belongs to a BCH or a BTV (the inspection committee keeps
//     its own plans). One program per body, kind and period.
//   - Its span: the term (from the term's first month to its last; a term
//     without an end runs five years), a calendar year that overlaps the
//     term, or one month of the term. An entry's planned month and its
//     deadline fall inside the span.
//   - The keepers of the commune's records (meeting.Preparer) write; whoever
//     sees the body reads (meeting.SeesBody); another commune gets 404.
//   - The required areas (DOMAIN.md §2.6, the regular meeting's list) are
//     checked against the annual and the full-term programs: an area with no
//     entry that is not dropped is missing. Monthly directions are not
//     checked: a month does not cover everything.
//   - Upper-level documents are registered at the province by its
//     administrators (admin accounts whose scope holds the province); the
//     office and member roles exist only in communes (model.Roles,
//     auth.CreateAccount), and oversight accounts only read. A commune's keepers
//     record its follow-up. A document is late for a commune when its
//     deadline has passed (Vietnam days) and the commune has no plan.
//   - Tasks derived from a document are counted by the follow-up package,
//     into upper_followups.tasks_derived; this package only shows it.
package programs

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"nghisu/internal/auth"
	"nghisu/internal/meeting"
	"nghisu/internal/model"
	"nghisu/internal/org"
	"nghisu/internal/rules"
	"nghisu/internal/store"
	"nghisu/internal/vntext"
)

const (
	maxTitle   = 300
	maxContent = 5000
	maxReason  = 1000
	maxSymbol  = 100
	maxIssuer  = 200
	// termYears is the span of a term without an end day.
	termYears = 5
)

// Service keeps work programs and the upper level's documents.
type Service struct {
	st *store.Store
}

// New returns the service.
func New(st *store.Store) *Service { return &Service{st: st} }

// today is the current day in Vietnam.
func (s *Service) today() model.Date { return model.DateOf(s.st.Now().In(vntext.Location())) }

// Month formats a day's month, "2026-05".
func Month(d model.Date) string { return fmt.Sprintf("%04d-%02d", d.Year, d.Month) }

// validMonth reports whether m is "YYYY-MM".
func validMonth(m string) bool {
	_, err := time.Parse("2006-01", m)
	return err == nil && len(m) == 7
}

// Span is the first and last month a program of kind and period covers in
// a term.
func Span(kind model.ProgramKind, period string, term *model.Term) (first, last string) {
	switch kind {
	case model.ProgramYear:
		return period + "-01", period + "-12"
	case model.ProgramMonth:
		return period, period
	}
	first = Month(term.StartsOn)
	if term.EndsOn.IsZero() {
		end := term.StartsOn.Time(time.UTC).AddDate(termYears, 0, -1)
		return first, end.Format("2006-01")
	}
	return first, Month(term.EndsOn)
}

// Months lists the months from first to last.
func Months(first, last string) []string {
	t, err1 := time.Parse("2006-01", first)
	e, err2 := time.Parse("2006-01", last)
	if err1 != nil || err2 != nil {
		return nil
	}
	var out []string
	for ; !t.After(e); t = t.AddDate(0, 1, 0) {
		out = append(out, t.Format("2006-01"))
	}
	return out
}

// keeps reports whether a body keeps work programs: the BCH and the BTV.
func keeps(b *model.Body) bool { return b.Kind == model.BodyCommittee || b.Kind == model.BodyStanding }

// CanEdit reports whether the actor may write a body's programs.
func CanEdit(a *auth.Actor, b *model.Body) bool {
	return meeting.SeesBody(a, b) && keeps(b) && meeting.Preparer(a, b.Org)
}

// Sees reports whether the actor reads a body's programs (the body page
// links to them only then).
func Sees(a *auth.Actor, b *model.Body) bool { return meeting.SeesBody(a, b) && keeps(b) }

// Body reads a body whose programs the actor may read.
func (s *Service) Body(ctx context.Context, a *auth.Actor, id int64) (*model.Body, error) {
	b, err := s.st.Body(ctx, id)
	if err != nil {
		return nil, err
	}
	if !meeting.SeesBody(a, b) {
		return nil, model.ErrNotFound
	}
	return b, nil
}

// Programs lists a body's programs.
func (s *Service) Programs(ctx context.Context, a *auth.Actor, bodyID int64) ([]model.Program, error) {
	b, err := s.Body(ctx, a, bodyID)
	if err != nil {
		return nil, err
	}
	return s.st.Programs(ctx, b.ID)
}

// defaultTitle names a program when its title is left empty.
func defaultTitle(kind model.ProgramKind, period string, b *model.Body) string {
	body := "Ban Chấp hành"
	if b.Kind == model.BodyStanding {
		body = "Ban Thường vụ"
	}
	switch kind {
	case model.ProgramYear:
		return fmt.Sprintf("Chương trình công tác năm %s của %s", period, body)
	case model.ProgramMonth:
		t, _ := time.Parse("2006-01", period)
		return fmt.Sprintf("Định hướng công tác tháng %d/%d của %s", t.Month(), t.Year(), body)
	}
	return fmt.Sprintf("Chương trình làm việc toàn khóa %s của %s", b.Term.Name, body)
}

// CreateProgram starts a body's program for its term, a year or a month.
func (s *Service) CreateProgram(ctx context.Context, a *auth.Actor, bodyID int64, in model.ProgramInput) (*model.Program, error) {
	b, err := s.Body(ctx, a, bodyID)
	if err != nil {
		return nil, err
	}
	if !meeting.Preparer(a, b.Org) {
		return nil, model.Deny("workprogram.not_keeper")
	}
	if !keeps(b) {
		return nil, model.Refuse("workprogram.body_kind")
	}
	in.Title, in.Period = vntext.CleanLine(in.Title), vntext.CleanLine(in.Period)
	v := &model.ValidationError{}
	first, last := Span(model.ProgramTerm, "", b.Term)
	switch in.Kind {
	case model.ProgramTerm:
		in.Period = ""
	case model.ProgramYear:
		y, err := strconv.Atoi(in.Period)
		switch {
		case in.Period == "":
			v.Add("period", "field.required")
		case err != nil || len(in.Period) != 4:
			v.Add("period", "workprogram.year_invalid")
		case fmt.Sprintf("%04d-12", y) < first || fmt.Sprintf("%04d-01", y) > last:
			v.Add("period", "workprogram.outside_term", first, last)
		}
	case model.ProgramMonth:
		switch {
		case in.Period == "":
			v.Add("period", "field.required")
		case !validMonth(in.Period):
			v.Add("period", "workprogram.month_invalid")
		case in.Period < first || in.Period > last:
			v.Add("period", "workprogram.outside_term", first, last)
		}
	default:
		v.Add("kind", "workprogram.kind_invalid")
	}
	if len([]rune(in.Title)) > maxTitle {
		v.Add("title", "field.too_long", maxTitle)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if in.Title == "" {
		in.Title = defaultTitle(in.Kind, in.Period, b)
	}
	p := &model.Program{BodyID: b.ID, Kind: in.Kind, Period: in.Period, Title: in.Title, CreatedBy: a.Account.ID}
	err = s.st.InTx(ctx, func(st *store.Store) error {
		if err := st.CreateProgram(ctx, p); err != nil {
			if errors.Is(err, model.ErrConflict) {
				return model.Refuse("workprogram.exists")
			}
			return err
		}
		return st.Audit(ctx, a.Audit("workprogram.create", "program", p.ID, b.OrgID, fmt.Sprintf("%s %s: %s", p.Kind, p.Period, p.Title)))
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// MonthCount is how a month of a program stands.
type MonthCount struct {
	Month   string `json:"month"`
	Planned int    `json:"planned"`
	Done    int    `json:"done"`
	Dropped int    `json:"dropped"`
}

// View is a program as its page shows it.
type View struct {
	Program *model.Program       `json:"program"`
	Body    *model.Body          `json:"-"`
	Entries []model.ProgramEntry `json:"entries"`
	// First and Last are the span's months.
	First string `json:"first"`
	Last  string `json:"last"`
	// Months counts the entries of each month that has any.
	Months []MonthCount `json:"months"`
	// Missing lists the required areas without an entry (annual and
	// full-term programs only).
	Missing []model.Area `json:"missing"`
	CanEdit bool         `json:"can_edit"`
}

// program reads a program and its body, if the actor sees the body.
func (s *Service) program(ctx context.Context, a *auth.Actor, id int64) (*model.Program, *model.Body, error) {
	p, err := s.st.Program(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	b, err := s.Body(ctx, a, p.BodyID)
	if err != nil {
		return nil, nil, err
	}
	return p, b, nil
}

// Get reads a program with its entries, the counts per month and the
// missing areas.
func (s *Service) Get(ctx context.Context, a *auth.Actor, id int64) (*View, error) {
	p, b, err := s.program(ctx, a, id)
	if err != nil {
		return nil, err
	}
	entries, err := s.st.ProgramEntries(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	if err := s.names(ctx, entries); err != nil {
		return nil, err
	}
	v := &View{Program: p, Body: b, Entries: entries, CanEdit: CanEdit(a, b)}
	v.First, v.Last = Span(p.Kind, p.Period, b.Term)
	v.Months, v.Missing = Summarize(p.Kind, entries)
	return v, nil
}

// Summarize counts a program's entries per month and lists the required
// areas no entry covers (for the annual and full-term programs; an entry
// dropped covers nothing).
func Summarize(kind model.ProgramKind, entries []model.ProgramEntry) ([]MonthCount, []model.Area) {
	var months []MonthCount
	idx := map[string]int{}
	var covered [][]model.Area
	for _, e := range entries {
		i, ok := idx[e.Month]
		if !ok {
			i = len(months)
			idx[e.Month] = i
			months = append(months, MonthCount{Month: e.Month})
		}
		switch e.Status {
		case model.EntryDone:
			months[i].Done++
		case model.EntryDropped:
			months[i].Dropped++
		default:
			months[i].Planned++
		}
		if e.Status != model.EntryDropped {
			covered = append(covered, []model.Area{e.Area})
		}
	}
	var missing []model.Area
	if kind != model.ProgramMonth {
		missing = rules.MissingAreas(model.MeetingRegular, covered)
	}
	return months, missing
}

// names fills the owners' names.
func (s *Service) names(ctx context.Context, entries []model.ProgramEntry) error {
	for i := range entries {
		if o := entries[i].Owner; o != nil {
			n, err := s.ownerName(ctx, o)
			if err != nil && !errors.Is(err, model.ErrNotFound) {
				return err
			}
			o.Name = n
		}
	}
	return nil
}

func (s *Service) ownerName(ctx context.Context, o *model.Owner) (string, error) {
	switch o.Kind {
	case model.OwnerPerson:
		p, err := s.st.Person(ctx, o.ID)
		if err != nil {
			return "", err
		}
		return p.FullName, nil
	case model.OwnerBody:
		b, err := s.st.Body(ctx, o.ID)
		if err != nil {
			return "", err
		}
		return BodyName(b), nil
	case model.OwnerOrg:
		g, err := s.st.Org(ctx, o.ID)
		if err != nil {
			return "", err
		}
		return g.Name, nil
	}
	return "", model.ErrNotFound
}

// BodyName names a body, "Ban Chấp hành (2025–2030)".
func BodyName(b *model.Body) string {
	name := map[model.BodyKind]string{model.BodyCommittee: "Ban Chấp hành", model.BodyStanding: "Ban Thường vụ",
		model.BodyInspection: "Ủy ban Kiểm tra"}[b.Kind]
	if b.Term != nil {
		name += " (" + b.Term.Name + ")"
	}
	return name
}

// Owners lists who may own an entry of a commune: the commune and the
// organisations it leads, its bodies of the current terms, its people.
func (s *Service) Owners(ctx context.Context, commune *model.Org) ([]model.Owner, error) {
	out := []model.Owner{{Kind: model.OwnerOrg, ID: commune.ID, Name: commune.Name}}
	kids, err := s.st.Children(ctx, commune.ID)
	if err != nil {
		return nil, err
	}
	for _, k := range kids {
		out = append(out, model.Owner{Kind: model.OwnerOrg, ID: k.ID, Name: k.Name})
	}
	bodies, err := s.st.Bodies(ctx, commune.ID)
	if err != nil {
		return nil, err
	}
	bodies = model.CurrentBodies(bodies, s.today())
	for i := range bodies {
		out = append(out, model.Owner{Kind: model.OwnerBody, ID: bodies[i].ID, Name: BodyName(&bodies[i])})
	}
	people, err := s.st.People(ctx, store.PeopleQuery{OrgID: commune.ID})
	if err != nil {
		return nil, err
	}
	for _, p := range people {
		out = append(out, model.Owner{Kind: model.OwnerPerson, ID: p.ID, Name: p.FullName})
	}
	return out, nil
}

// checkOwner reports whether an owner belongs to the commune, and fills
// its name.
func (s *Service) checkOwner(ctx context.Context, commune *model.Org, o *model.Owner) (bool, error) {
	r, ok, err := org.Owner(ctx, s.st, commune, *o)
	o.Name = r.Name
	return ok, err
}

// checkEntry validates an entry of program p of body b.
func (s *Service) checkEntry(ctx context.Context, p *model.Program, b *model.Body, in *model.EntryInput) error {
	in.Title, in.Content, in.Reason = vntext.CleanLine(in.Title), vntext.Clean(in.Content), vntext.Clean(in.Reason)
	in.Month = vntext.CleanLine(in.Month)
	v := &model.ValidationError{}
	switch n := len([]rune(in.Title)); {
	case n == 0:
		v.Add("title", "field.required")
	case n > maxTitle:
		v.Add("title", "field.too_long", maxTitle)
	}
	if len([]rune(in.Content)) > maxContent {
		v.Add("content", "field.too_long", maxContent)
	}
	if !in.Area.Valid() {
		v.Add("area", "workprogram.area_invalid")
	}
	first, last := Span(p.Kind, p.Period, b.Term)
	if in.Month == "" && !in.Deadline.IsZero() {
		in.Month = Month(in.Deadline)
	}
	if in.Month == "" && p.Kind == model.ProgramMonth {
		in.Month = p.Period
	}
	switch {
	case in.Month == "":
		v.Add("month", "workprogram.month_required")
	case !validMonth(in.Month):
		v.Add("month", "workprogram.month_invalid")
	case in.Month < first || in.Month > last:
		v.Add("month", "workprogram.outside_span", first, last)
	}
	if !in.Deadline.IsZero() {
		if m := Month(in.Deadline); m < first || m > last {
			v.Add("deadline", "workprogram.outside_span", first, last)
		}
	}
	if in.Status == "" {
		in.Status = model.EntryPlanned
	}
	switch {
	case !in.Status.Valid():
		v.Add("status", "field.invalid")
	case in.Status == model.EntryDropped && in.Reason == "":
		v.Add("reason", "workprogram.reason_required")
	case len([]rune(in.Reason)) > maxReason:
		v.Add("reason", "field.too_long", maxReason)
	}
	if in.Status != model.EntryDropped {
		in.Reason = ""
	}
	if o := in.Owner; o != nil && o.ID == 0 && o.Kind == "" {
		in.Owner = nil
	}
	if o := in.Owner; o != nil {
		ok := o.Kind.Valid() && o.ID > 0
		if ok {
			var err error
			if ok, err = s.checkOwner(ctx, b.Org, o); err != nil {
				return err
			}
		}
		if !ok {
			v.Add("owner", "workprogram.owner_outside")
		}
	}
	if in.MeetingID != 0 {
		m, err := s.st.Meeting(ctx, in.MeetingID)
		if err != nil && !errors.Is(err, model.ErrNotFound) {
			return err
		}
		if m == nil || m.Body.OrgID != b.OrgID {
			v.Add("meeting_id", "workprogram.meeting_unknown")
		}
	}
	if in.IssuedID != 0 {
		d, err := s.st.Issued(ctx, in.IssuedID)
		if err != nil && !errors.Is(err, model.ErrNotFound) {
			return err
		}
		if d == nil || d.OrgID != b.OrgID {
			v.Add("issued_id", "workprogram.issued_unknown")
		}
	}
	return v.Err()
}

// editable reads a program the actor may write.
func (s *Service) editable(ctx context.Context, a *auth.Actor, id int64) (*model.Program, *model.Body, error) {
	p, b, err := s.program(ctx, a, id)
	if err != nil {
		return nil, nil, err
	}
	if !meeting.Preparer(a, b.Org) {
		return nil, nil, model.Deny("workprogram.not_keeper")
	}
	return p, b, nil
}

// AddEntry adds an entry to a program.
func (s *Service) AddEntry(ctx context.Context, a *auth.Actor, programID int64, in model.EntryInput) (*model.ProgramEntry, error) {
	p, b, err := s.editable(ctx, a, programID)
	if err != nil {
		return nil, err
	}
	if err := s.checkEntry(ctx, p, b, &in); err != nil {
		return nil, err
	}
	e := &model.ProgramEntry{ProgramID: p.ID}
	apply(e, &in)
	err = s.st.InTx(ctx, func(st *store.Store) error {
		if err := st.CreateEntry(ctx, e); err != nil {
			return err
		}
		return st.Audit(ctx, a.Audit("workprogram.entry_add", "program_entry", e.ID, b.OrgID, fmt.Sprintf("program %d; %s; %s %s", p.ID, e.Title, e.Area, e.Month)))
	})
	if err != nil {
		return nil, err
	}
	return e, nil
}

func apply(e *model.ProgramEntry, in *model.EntryInput) {
	e.Title, e.Content, e.Area, e.Month, e.Deadline, e.Owner = in.Title, in.Content, in.Area, in.Month, in.Deadline, in.Owner
	e.Status, e.Reason, e.MeetingID, e.IssuedID = in.Status, in.Reason, in.MeetingID, in.IssuedID
}

// Entry reads one entry with its program, if the actor sees the body.
func (s *Service) Entry(ctx context.Context, a *auth.Actor, id int64) (*model.ProgramEntry, *model.Program, error) {
	e, err := s.st.ProgramEntry(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	p, _, err := s.program(ctx, a, e.ProgramID)
	if err != nil {
		return nil, nil, err
	}
	if e.Owner != nil {
		if e.Owner.Name, err = s.ownerName(ctx, e.Owner); err != nil && !errors.Is(err, model.ErrNotFound) {
			return nil, nil, err
		}
	}
	return e, p, nil
}

// UpdateEntry changes an entry: its fields and its status (done, or
// dropped with a reason).
func (s *Service) UpdateEntry(ctx context.Context, a *auth.Actor, id int64, in model.EntryInput) (*model.ProgramEntry, error) {
	e, err := s.st.ProgramEntry(ctx, id)
	if err != nil {
		return nil, err
	}
	p, b, err := s.editable(ctx, a, e.ProgramID)
	if err != nil {
		return nil, err
	}
	if err := s.checkEntry(ctx, p, b, &in); err != nil {
		return nil, err
	}
	apply(e, &in)
	err = s.st.InTx(ctx, func(st *store.Store) error {
		if err := st.UpdateEntry(ctx, e); err != nil {
			return err
		}
		return st.Audit(ctx, a.Audit("workprogram.entry_update", "program_entry", e.ID, b.OrgID, fmt.Sprintf("%s; %s %s; %s", e.Title, e.Area, e.Month, e.Status)))
	})
	if err != nil {
		return nil, err
	}
	return e, nil
}

// SetStatus marks an entry planned, done, or dropped with a reason.
func (s *Service) SetStatus(ctx context.Context, a *auth.Actor, id int64, status model.EntryStatus, reason string) (*model.ProgramEntry, error) {
	e, _, err := s.Entry(ctx, a, id)
	if err != nil {
		return nil, err
	}
	in := model.EntryInput{Title: e.Title, Content: e.Content, Area: e.Area, Month: e.Month, Deadline: e.Deadline, Owner: e.Owner,
		Status: status, Reason: reason, MeetingID: e.MeetingID, IssuedID: e.IssuedID}
	if status == "" {
		// checkEntry reads an empty status as "planned" (a new entry);
		// here it is a missing choice, refused beside its field.
		in.Status = "?"
	}
	return s.UpdateEntry(ctx, a, id, in)
}

// Links lists what an entry or a follow-up of a commune may link to: the
// body's meetings (newest first; none when body is nil) and the commune's
// issued documents (newest first). Only keepers are shown these lists.
func (s *Service) Links(ctx context.Context, commune *model.Org, body *model.Body) ([]model.Meeting, []model.IssuedDocument, error) {
	var ms []model.Meeting
	var err error
	if body != nil {
		if ms, err = s.st.Meetings(ctx, store.MeetingQuery{BodyIDs: []int64{body.ID}, Desc: true, Limit: 100}); err != nil {
			return nil, nil, err
		}
	}
	bodies, err := s.st.Bodies(ctx, commune.ID)
	if err != nil {
		return nil, nil, err
	}
	ids := make([]int64, len(bodies))
	for i, b := range bodies {
		ids[i] = b.ID
	}
	docs, err := s.st.Register(ctx, store.RegisterQuery{OrgID: commune.ID, BodyIDs: ids, Limit: 200})
	if err != nil {
		return nil, nil, err
	}
	return ms, docs, nil
}
