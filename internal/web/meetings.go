package web

import (
	"net/http"
	"strconv"
	"time"

	"nghisu/internal/drafting"
	"nghisu/internal/meeting"
	"nghisu/internal/model"
	"nghisu/internal/opinion"
	"nghisu/internal/vntext"
)

// calendarData is a body's meetings month by month.
type calendarData struct {
	Body     model.Body
	Months   []meeting.Month
	Prev     string
	Next     string
	CanNew   bool
	Kinds    []model.MeetingKind
	Standing bool
}

func (s *Server) calendarPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := actorOf(r)
	loc := vntext.Location()
	from := s.st.Now().In(loc).AddDate(0, -8, 0)
	if f := r.URL.Query().Get("from"); f != "" {
		if t, err := time.ParseInLocation("2006-01", f, loc); err == nil {
			from = t
		}
	}
	b, months, err := s.meetings.Calendar(r.Context(), a, id, from, 12)
	if err != nil {
		return err
	}
	d := calendarData{Body: *b, Months: months, Prev: from.AddDate(0, -12, 0).Format("2006-01"),
		Next: from.AddDate(0, 12, 0).Format("2006-01"), CanNew: meeting.Preparer(a, b.Org), Standing: b.Kind == model.BodyStanding}
	for _, k := range model.MeetingKinds {
		if k.Body() == b.Kind {
			d.Kinds = append(d.Kinds, k)
		}
	}
	p := s.page(r, "calendar.title", p0(r).Enum("bodykind", b.Kind))
	p.Data = d
	s.render(w, r, http.StatusOK, "calendar", p)
	return nil
}

// meetingForm schedules or edits a meeting.
type meetingForm struct {
	Body    model.Body
	Meeting *model.Meeting
	Input   model.MeetingInput
	Members []model.Membership
	People  []model.Person
	Guests  map[int64]bool
}

func (s *Server) newMeetingForm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	in, err := s.meetings.ProposeRegular(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	if k := model.MeetingKind(r.URL.Query().Get("kind")); k.Valid() {
		in.Kind = k
	}
	return s.showMeetingForm(w, r, id, nil, *in, nil)
}

func (s *Server) showMeetingForm(w http.ResponseWriter, r *http.Request, bodyID int64, m *model.Meeting, in model.MeetingInput, ferr error) error {
	a := actorOf(r)
	ctx := r.Context()
	b, err := s.org.Body(ctx, a, bodyID)
	if err != nil {
		return err
	}
	if !meeting.Preparer(a, b.Org) {
		return model.Deny("meeting.not_preparer")
	}
	d := meetingForm{Body: *b, Meeting: m, Input: in, Guests: map[int64]bool{}}
	if d.Members, err = s.org.Members(ctx, a, b.ID, false); err != nil {
		return err
	}
	if d.People, err = s.org.People(ctx, a, b.OrgID, "", 0, 0); err != nil {
		return err
	}
	if m != nil {
		guests, err := s.st.Guests(ctx, m.ID)
		if err != nil {
			return err
		}
		for _, g := range guests {
			d.Guests[g.ID] = true
		}
	}
	title := "meetingform.new"
	if m != nil {
		title = "meetingform.edit"
	}
	p := s.page(r, title)
	p.Data = d
	return s.renderForm(w, r, "meetingform", p, ferr)
}

// meetingInput reads the meeting form.
func meetingInput(f *form) model.MeetingInput {
	in := model.MeetingInput{Kind: model.MeetingKind(f.Str("kind")), Title: f.Str("title"), Place: f.Str("place"),
		ChairID: f.Int64("chair_id"), SecretaryID: f.Int64("secretary_id"), Guests: f.Lines("guests"),
		Version: int(f.Int64("version"))}
	in.StartsAt = f.DateTime("date", "time")
	for _, v := range f.r.PostForm["guest_ids"] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			in.GuestIDs = append(in.GuestIDs, id)
		}
	}
	return in
}

func (s *Server) createMeeting(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	in := meetingInput(f)
	if err := f.Err(); err != nil {
		return s.showMeetingForm(w, r, id, nil, in, err)
	}
	m, err := s.meetings.Create(r.Context(), actorOf(r), id, in)
	if err != nil {
		if isFormError(err) {
			return s.showMeetingForm(w, r, id, nil, in, err)
		}
		return err
	}
	s.flash(r, "meeting.created")
	return redirect(w, r, meetingPath(m.ID))
}

func (s *Server) editMeetingForm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	m, err := s.meetings.Get(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	in := model.MeetingInput{Kind: m.Kind, Title: m.Title, Place: m.Place, StartsAt: m.StartsAt, ChairID: m.ChairID,
		SecretaryID: m.SecretaryID, Guests: m.Guests, Version: m.Version}
	return s.showMeetingForm(w, r, m.BodyID, m, in, nil)
}

func (s *Server) updateMeeting(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := actorOf(r)
	m, err := s.meetings.Get(r.Context(), a, id)
	if err != nil {
		return err
	}
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	in := meetingInput(f)
	in.Kind = m.Kind
	if err := f.Err(); err != nil {
		return s.showMeetingForm(w, r, m.BodyID, m, in, err)
	}
	if _, err := s.meetings.Update(r.Context(), a, id, in); err != nil {
		if isFormError(err) {
			return s.showMeetingForm(w, r, m.BodyID, m, in, err)
		}
		return err
	}
	s.flash(r, "meeting.saved")
	return redirect(w, r, meetingPath(id))
}

// meetingData is a meeting's page: its details, where it stands and what
// comes next, its program, papers, circulation and history.
type meetingData struct {
	// Runs and Records: the actor chairs the meeting, keeps its record.
	Runs, Records bool
	Meeting       model.Meeting
	Viewer        *drafting.Viewer
	Moves         []model.MeetingState
	Program       *meeting.Program
	Documents     []model.Document
	Circulation   *drafting.Circulation
	Proposals     []model.Proposal
	Resolutions   []model.Document
	History       []model.Transition
	Guests        []model.Person
	CanPrepare    bool
	CanSend       bool
	Leader        bool
	Categories    []model.ProposalCategory
	Today         model.Date
	// Decisions are the body's written opinion requests closed since its
	// previous meeting, which this meeting takes note of.
	Decisions []opinion.Summary
}

func (s *Server) meetingPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := actorOf(r)
	ctx := r.Context()
	v, docs, err := s.drafting.Documents(ctx, a, id)
	if err != nil {
		return err
	}
	m := v.Meeting
	d := meetingData{Meeting: *m, Viewer: v, Documents: docs, CanPrepare: v.Preparer,
		Leader: meeting.Leader(a, m.Body.Org), Categories: model.ProposalCategories, Today: s.org.Today()}
	// Opening and adjourning happen on the chair's console, which puts the
	// first item on the floor and ends a speech under way.
	for _, to := range s.meetings.Moves(a, m) {
		if to != model.StateInSession && to != model.StateAdjourned {
			d.Moves = append(d.Moves, to)
		}
	}
	seat, err := s.session.Seat(ctx, a, id)
	if err != nil {
		return err
	}
	d.Runs, d.Records = seat.Runs, seat.Records
	if d.Program, err = s.meetings.Program(ctx, a, id); err != nil {
		return err
	}
	if d.History, err = s.meetings.Transitions(ctx, a, id); err != nil {
		return err
	}
	if d.Guests, err = s.st.Guests(ctx, id); err != nil {
		return err
	}
	if v.Preparer || m.State == model.StateConvened {
		if d.Circulation, err = s.drafting.Circulation(ctx, a, id); err != nil {
			return err
		}
	}
	d.CanSend = v.Preparer && m.State == model.StateApproved
	if m.Kind == model.MeetingStanding {
		if _, d.Proposals, err = s.drafting.Proposals(ctx, a, id); err != nil {
			return err
		}
		if d.Leader {
			if d.Resolutions, err = s.drafting.Resolutions(ctx, a, id); err != nil {
				return err
			}
		}
	}
	if d.Decisions, err = s.opinions.ForMeeting(ctx, a, m); err != nil {
		return err
	}
	if m.ConvenedAt != nil {
		if err := s.drafting.Opened(ctx, a, id); err != nil {
			return err
		}
	}
	p := s.page(r, "meeting.title")
	p.Title = m.Title
	p.Data = d
	s.render(w, r, http.StatusOK, "meeting", p)
	return nil
}

// transition moves a meeting along; a refusal shows on the meeting's page.
func (s *Server) transition(w http.ResponseWriter, r *http.Request) error {
	id, f, err := postedForm(w, r, s.seeMeeting)
	if err != nil {
		return err
	}
	a := actorOf(r)
	to := model.MeetingState(f.Str("to"))
	_, err = s.meetings.Transition(r.Context(), a, id, to, f.Text("reason"))
	return s.outcome(w, r, err, meetingPath(id), "meeting.moved", p0(r).Enum("meetingstate", to))
}

func meetingPath(id int64) string { return "/meetings/" + strconv.FormatInt(id, 10) }

// myMeetingsData lists the meetings the signed-in person was invited to.
type myMeetingsData struct {
	Upcoming []model.Meeting
	Bodies   []model.Meeting
}

func (s *Server) myMeetings(w http.ResponseWriter, r *http.Request) error {
	a := actorOf(r)
	ctx := r.Context()
	d := myMeetingsData{}
	var err error
	if d.Upcoming, err = s.meetings.Upcoming(ctx, a, 50); err != nil {
		return err
	}
	if a.Scope.Kind == model.OrgCommune {
		bodies, err := s.org.Bodies(ctx, a, a.Scope.ID)
		if err != nil {
			return err
		}
		if d.Bodies, err = s.meetings.OfBodies(ctx, a, bodies, 30); err != nil {
			return err
		}
	}
	p := s.page(r, "mymeetings.title")
	p.Data = d
	s.render(w, r, http.StatusOK, "mymeetings", p)
	return nil
}
