package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"nghisu/internal/model"
	"nghisu/internal/programs"
	"nghisu/internal/vntext"
)

// PeriodMonth is "tháng 5/2026" for "2026-05" (or the text itself when it
// is no month).
func (p *Page) PeriodMonth(m string) string {
	t, err := time.Parse("2006-01", m)
	if err != nil {
		return m
	}
	return p.T("calendar.month", int(t.Month()), t.Year())
}

// ProgramPeriod names a program's span: the term, a year, a month.
func (p *Page) ProgramPeriod(pr model.Program) string {
	switch pr.Kind {
	case model.ProgramYear:
		return p.T("workprogram.period_year", pr.Period)
	case model.ProgramMonth:
		return p.PeriodMonth(pr.Period)
	}
	return p.T("workprogram.period_term")
}

// OwnerValue is an owner (model.Owner or *model.Owner) as a select's
// value, "org:12"; "" for none.
func OwnerValue(v any) string {
	var o model.Owner
	switch x := v.(type) {
	case model.Owner:
		o = x
	case *model.Owner:
		if x == nil {
			return ""
		}
		o = *x
	default:
		return ""
	}
	return string(o.Kind) + ":" + strconv.FormatInt(o.ID, 10)
}

// parseOwner reads "kind:id"; "" is no owner. Anything else is an owner
// the domain refuses (kind unknown).
func parseOwner(v string) *model.Owner {
	if v == "" {
		return nil
	}
	k, id, _ := strings.Cut(v, ":")
	n, _ := strconv.ParseInt(id, 10, 64)
	return &model.Owner{Kind: model.OwnerKind(k), ID: n}
}

// programsData is a body's list of programs and the form for a new one.
type programsData struct {
	Body     *model.Body
	Programs []model.Program
	CanEdit  bool
	Kinds    []model.ProgramKind
	Year     string
	Month    string
}

func (s *Server) programsPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.showPrograms(w, r, id, nil)
}

func (s *Server) showPrograms(w http.ResponseWriter, r *http.Request, bodyID int64, ferr error) error {
	a := actorOf(r)
	b, err := s.programs.Body(r.Context(), a, bodyID)
	if err != nil {
		return err
	}
	list, err := s.programs.Programs(r.Context(), a, b.ID)
	if err != nil {
		return err
	}
	now := s.st.Now().In(vntext.Location())
	d := programsData{Body: b, Programs: list, CanEdit: programs.CanEdit(a, b), Kinds: model.ProgramKinds,
		Year: now.Format("2006"), Month: now.Format("2006-01")}
	p := s.page(r, "workprogram.list_title", p0(r).Enum("bodykind", b.Kind))
	p.Data = d
	return s.renderForm(w, r, "programs", p, ferr)
}

func (s *Server) seeProgramBody(r *http.Request, id int64) error {
	_, err := s.programs.Body(r.Context(), actorOf(r), id)
	return err
}

func (s *Server) createProgram(w http.ResponseWriter, r *http.Request) error {
	id, f, err := postedForm(w, r, s.seeProgramBody)
	if err != nil {
		return err
	}
	kind := model.ProgramKind(f.Str("kind"))
	period := f.Str("period_" + string(kind))
	in := model.ProgramInput{Kind: kind, Period: period, Title: f.Str("title")}
	pr, err := s.programs.CreateProgram(r.Context(), actorOf(r), id, in)
	if isFormError(err) {
		return s.showPrograms(w, r, id, err)
	}
	if err != nil {
		return err
	}
	s.flash(r, "workprogram.created")
	return redirect(w, r, "/programs/"+strconv.FormatInt(pr.ID, 10))
}

// workProgramData is a program's page.
type workProgramData struct {
	*programs.View
	Owners   []model.Owner
	Areas    []model.Area
	Statuses []model.EntryStatus
	// Default is the month the add form proposes.
	Default string
	// Edit is the entry being changed, nil when adding.
	Edit     *model.ProgramEntry
	Meetings []model.Meeting
	Issued   []model.IssuedDocument
}

func (s *Server) workProgramPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.showWorkProgram(w, r, id, nil)
}

func (s *Server) showWorkProgram(w http.ResponseWriter, r *http.Request, id int64, ferr error) error {
	a := actorOf(r)
	v, err := s.programs.Get(r.Context(), a, id)
	if err != nil {
		return err
	}
	d := workProgramData{View: v, Areas: model.Areas, Statuses: model.EntryStatuses, Default: v.First}
	if now := s.st.Now().In(vntext.Location()).Format("2006-01"); now >= v.First && now <= v.Last {
		d.Default = now
	}
	if v.CanEdit {
		if d.Owners, err = s.programs.Owners(r.Context(), v.Body.Org); err != nil {
			return err
		}
		if d.Meetings, d.Issued, err = s.programs.Links(r.Context(), v.Body.Org, v.Body); err != nil {
			return err
		}
	}
	p := s.page(r, "workprogram.title_of", v.Program.Title)
	p.Title = v.Program.Title
	p.Data = d
	return s.renderForm(w, r, "workprogram", p, ferr)
}

func (s *Server) seeWorkProgram(r *http.Request, id int64) error {
	_, err := s.programs.Get(r.Context(), actorOf(r), id)
	return err
}

// entryInput reads an entry's form.
func entryInput(f *form) model.EntryInput {
	return model.EntryInput{Title: f.Str("title"), Content: f.Text("content"), Area: model.Area(f.Str("area")),
		Month: f.Str("month"), Deadline: f.Date("deadline"), Owner: parseOwner(f.Str("owner")),
		Status: model.EntryStatus(f.Str("status")), Reason: f.Text("reason"),
		MeetingID: f.Int64("meeting_id"), IssuedID: f.Int64("issued_id")}
}

func (s *Server) addEntry(w http.ResponseWriter, r *http.Request) error {
	id, f, err := postedForm(w, r, s.seeWorkProgram)
	if err != nil {
		return err
	}
	in := entryInput(f)
	if err := f.Err(); err != nil {
		return s.showWorkProgram(w, r, id, err)
	}
	_, err = s.programs.AddEntry(r.Context(), actorOf(r), id, in)
	if isFormError(err) {
		return s.showWorkProgram(w, r, id, err)
	}
	if err != nil {
		return err
	}
	s.flash(r, "workprogram.entry_added")
	return redirect(w, r, "/programs/"+strconv.FormatInt(id, 10))
}

func (s *Server) seeEntry(r *http.Request, id int64) error {
	_, _, err := s.programs.Entry(r.Context(), actorOf(r), id)
	return err
}

func (s *Server) entryForm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.showEntryForm(w, r, id, nil)
}

func (s *Server) showEntryForm(w http.ResponseWriter, r *http.Request, id int64, ferr error) error {
	a := actorOf(r)
	e, pr, err := s.programs.Entry(r.Context(), a, id)
	if err != nil {
		return err
	}
	v, err := s.programs.Get(r.Context(), a, pr.ID)
	if err != nil {
		return err
	}
	if !v.CanEdit {
		return model.Deny("workprogram.not_keeper")
	}
	owners, err := s.programs.Owners(r.Context(), v.Body.Org)
	if err != nil {
		return err
	}
	d := workProgramData{View: v, Owners: owners, Areas: model.Areas, Statuses: model.EntryStatuses, Edit: e}
	if d.Meetings, d.Issued, err = s.programs.Links(r.Context(), v.Body.Org, v.Body); err != nil {
		return err
	}
	p := s.page(r, "workprogram.edit_title")
	p.Data = d
	return s.renderForm(w, r, "entryform", p, ferr)
}

func (s *Server) updateEntry(w http.ResponseWriter, r *http.Request) error {
	id, f, err := postedForm(w, r, s.seeEntry)
	if err != nil {
		return err
	}
	in := entryInput(f)
	if err := f.Err(); err != nil {
		return s.showEntryForm(w, r, id, err)
	}
	e, err := s.programs.UpdateEntry(r.Context(), actorOf(r), id, in)
	if isFormError(err) {
		return s.showEntryForm(w, r, id, err)
	}
	if err != nil {
		return err
	}
	s.flash(r, "workprogram.entry_saved")
	return redirect(w, r, "/programs/"+strconv.FormatInt(e.ProgramID, 10))
}

// entryStatus marks an entry done, planned again, or dropped with a reason.
func (s *Server) entryStatus(w http.ResponseWriter, r *http.Request) error {
	id, f, err := postedForm(w, r, s.seeEntry)
	if err != nil {
		return err
	}
	_, pr, err := s.programs.Entry(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	_, err = s.programs.SetStatus(r.Context(), actorOf(r), id, model.EntryStatus(f.Str("status")), f.Text("reason"))
	return s.outcome(w, r, err, "/programs/"+strconv.FormatInt(pr.ID, 10), "workprogram.status_saved")
}

// upperData is an organisation's page of upper-level documents.
type upperData struct {
	*programs.UpperView
	Kinds  []model.UpperKind
	Issued []model.IssuedDocument
}

func (s *Server) upperPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.showUpper(w, r, id, nil)
}

func (s *Server) showUpper(w http.ResponseWriter, r *http.Request, id int64, ferr error) error {
	v, err := s.programs.Uppers(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	d := upperData{UpperView: v, Kinds: model.UpperKinds}
	if v.Commune != nil && v.Commune.CanRecord {
		if _, d.Issued, err = s.programs.Links(r.Context(), v.Commune.Commune, nil); err != nil {
			return err
		}
	}
	p := s.page(r, "upper.title")
	p.Data = d
	return s.renderForm(w, r, "upper", p, ferr)
}

func (s *Server) seeUpper(r *http.Request, id int64) error {
	_, err := s.programs.Uppers(r.Context(), actorOf(r), id)
	return err
}

func (s *Server) registerUpper(w http.ResponseWriter, r *http.Request) error {
	id, f, err := postedForm(w, r, s.seeUpper)
	if err != nil {
		return err
	}
	in := model.UpperInput{Kind: model.UpperKind(f.Str("kind")), Symbol: f.Str("symbol"), Title: f.Str("title"),
		IssuedOn: f.Date("issued_on"), Issuer: f.Str("issuer"), Deadline: f.Date("deadline")}
	if err := f.Err(); err != nil {
		return s.showUpper(w, r, id, err)
	}
	_, err = s.programs.Register(r.Context(), actorOf(r), id, in)
	if isFormError(err) {
		return s.showUpper(w, r, id, err)
	}
	if err != nil {
		return err
	}
	s.flash(r, "upper.registered")
	return redirect(w, r, "/orgs/"+strconv.FormatInt(id, 10)+"/upper-documents")
}

// recordFollowup saves a commune's follow-up of one document; problems are
// told at the top of the page it returns to (the page holds one form per
// document).
func (s *Server) recordFollowup(w http.ResponseWriter, r *http.Request) error {
	id, f, err := postedForm(w, r, s.seeUpper)
	if err != nil {
		return err
	}
	doc, err := pathID(r, "doc")
	if err != nil {
		return err
	}
	back := "/orgs/" + strconv.FormatInt(id, 10) + "/upper-documents"
	in := model.FollowupInput{DisseminatedOn: f.Date("disseminated_on"), PlanOn: f.Date("plan_on"),
		PlanIssuedID: f.Int64("plan_issued_id"), PlanNumber: f.Str("plan_number")}
	if err := f.Err(); err != nil {
		return s.outcome(w, r, err, back, "")
	}
	_, err = s.programs.RecordFollowup(r.Context(), actorOf(r), id, doc, in)
	return s.outcome(w, r, err, back, "upper.followup_saved")
}
