package web

import (
	"fmt"
	"net/http"
	"strings"

	"nghisu/internal/auth"
	"nghisu/internal/i18n"
	"nghisu/internal/model"
	"nghisu/internal/rules"
	"nghisu/internal/session"
	"nghisu/internal/textdiff"
)

// The four live screens of a meeting in session. They share one template
// and one script (static/live.js): the page carries the meeting's state as
// of an event id, the script keeps it current from the meeting's event
// stream (/api/v1/meetings/{id}/events) and acts through the JSON API.
const (
	modeParticipant = "participant" // a member's phone or tablet
	modeConsole     = "console"     // the chair's console
	modeSecretary   = "secretary"   // the meeting secretary's console
	modeProjector   = "projector"   // the room's screen
)

// liveData is what a live screen starts from.
type liveData struct {
	Mode    string
	Meeting model.Meeting
	State   *session.Live
	Me      *session.Me
	Labels  map[string]string
	// Papers are the papers the viewer may read, by item (0: the meeting's).
	Papers map[int64][]model.Document
	Items  []model.AgendaItem
	// People are the body's members and the guests, for the secretary's
	// and the chair's choices.
	People []session.Attendee
	// Texts are the meeting's text drafts, for votes on a paragraph.
	Texts []liveText
	// Kinds lists the decision kinds with the ways each may be voted.
	Kinds       []liveKind
	HideResults bool
	AllowChange bool
	// Carried are open questions of the body's earlier meetings, which the
	// chair may take up.
	Carried []model.Question
}

type liveText struct {
	ID         int64
	Title      string
	Paragraphs int
}

type liveKind struct {
	Kind    model.DecisionKind
	Methods []model.VoteMethod
	Source  string
}

func (s *Server) liveParticipant(w http.ResponseWriter, r *http.Request) error {
	return s.live(w, r, modeParticipant)
}
func (s *Server) liveConsole(w http.ResponseWriter, r *http.Request) error {
	return s.live(w, r, modeConsole)
}
func (s *Server) liveSecretary(w http.ResponseWriter, r *http.Request) error {
	return s.live(w, r, modeSecretary)
}
func (s *Server) liveProjector(w http.ResponseWriter, r *http.Request) error {
	return s.live(w, r, modeProjector)
}

func (s *Server) live(w http.ResponseWriter, r *http.Request, mode string) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := actorOf(r)
	ctx := r.Context()
	seat, err := s.session.Seat(ctx, a, id)
	if err != nil {
		return err
	}
	switch {
	case mode == modeConsole && !seat.Runs:
		return model.Deny("session.not_chair")
	case mode == modeSecretary && !seat.Records:
		return model.Deny("session.not_secretary")
	}
	d := liveData{Mode: mode, Meeting: *seat.Meeting, Papers: map[int64][]model.Document{}}
	if d.State, err = s.session.Live(ctx, seat); err != nil {
		return err
	}
	if d.Me, err = s.session.MeOf(ctx, a, id); err != nil {
		return err
	}
	p := s.page(r, "live.title")
	p.Title = seat.Meeting.Title
	p.Bare = mode == modeProjector
	d.Labels = liveLabels(p.Lang)
	prog, err := s.meetings.Program(ctx, a, id)
	if err != nil {
		return err
	}
	d.Items = prog.Items
	if mode != modeProjector {
		_, docs, err := s.drafting.Documents(ctx, a, id)
		if err != nil {
			return err
		}
		for _, doc := range docs {
			d.Papers[doc.ItemID] = append(d.Papers[doc.ItemID], doc)
		}
		if d.People, _, err = s.session.Roll(ctx, a, id); err != nil {
			return err
		}
	}
	if mode == modeConsole {
		if err := s.voteChoices(r, seat, &d); err != nil {
			return err
		}
		_, carried, err := s.session.Questions(ctx, a, id)
		if err != nil {
			return err
		}
		for _, q := range carried {
			if q.State == model.QuestionSubmitted {
				d.Carried = append(d.Carried, q)
			}
		}
	}
	p.Data = d
	s.render(w, r, http.StatusOK, "live", p)
	return nil
}

// voteChoices fills what the chair's vote form offers: the kinds of
// decision with the ways the rules allow for each, the defaults of the
// commune's settings, and the text drafts whose paragraphs may be voted.
func (s *Server) voteChoices(r *http.Request, seat *session.Seat, d *liveData) error {
	ctx := r.Context()
	o := seat.Meeting.Body.Org
	get := func(set rules.Setting) (int, error) {
		v, err := s.org.Setting(ctx, o, set)
		return v.Value, err
	}
	secret, err := get(rules.PersonnelSecret)
	if err != nil {
		return err
	}
	for _, k := range model.DecisionKinds {
		rule := rules.RuleFor(k, secret == 1)
		lk := liveKind{Kind: k, Source: rule.Source}
		for _, m := range model.VoteMethods {
			if rule.Allows(m) {
				lk.Methods = append(lk.Methods, m)
			}
		}
		d.Kinds = append(d.Kinds, lk)
	}
	hide, err := get(rules.HideResults)
	if err != nil {
		return err
	}
	change, err := get(rules.AllowChange)
	if err != nil {
		return err
	}
	d.HideResults, d.AllowChange = hide == 1, change == 1
	for _, docs := range d.Papers {
		for _, doc := range docs {
			if doc.Format != model.FormatText || doc.Latest == nil {
				continue
			}
			d.Texts = append(d.Texts, liveText{ID: doc.ID, Title: doc.Title, Paragraphs: len(textdiff.Paragraphs(doc.Latest.Body))})
		}
	}
	return nil
}

// liveLabels are the words the script shows, in the reader's language: its
// own ("live.*") and the names of states, kinds, methods and statuses.
func liveLabels(lang string) map[string]string {
	out := map[string]string{}
	for _, k := range i18n.Keys(lang) {
		for _, prefix := range []string{"live.", "meetingstate.", "decisionkind.", "votemethod.", "choice.",
			"addressee.", "attendance.", "speechkind."} {
			if strings.HasPrefix(k, prefix) {
				out[k] = i18n.T(lang, k)
			}
		}
	}
	return out
}

// sessionRecord is what happened in a meeting: attendance, speeches with
// their times, votes with results, questions.
type sessionRecord struct {
	Meeting      model.Meeting
	Roll         []session.Attendee
	Count        *session.AttendanceView
	Items        []session.ItemSpeeches
	Total        []session.SpeakerTime
	Polls        []model.Poll
	Named        map[int64][]model.NamedVote
	Reservations []model.Reservation
	Questions    []model.Question
	Carried      []model.Question
	Seat         *session.Seat
}

func (s *Server) sessionRecordPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := actorOf(r)
	ctx := r.Context()
	seat, err := s.session.Seat(ctx, a, id)
	if err != nil {
		return err
	}
	d := sessionRecord{Meeting: *seat.Meeting, Named: map[int64][]model.NamedVote{}, Seat: seat}
	if d.Roll, d.Count, err = s.session.Roll(ctx, a, id); err != nil {
		return err
	}
	if d.Items, d.Total, err = s.session.Speeches(ctx, a, id); err != nil {
		return err
	}
	if d.Polls, d.Reservations, err = s.session.Polls(ctx, a, id); err != nil {
		return err
	}
	for _, p := range d.Polls {
		if p.Method == model.MethodNamed && p.State == model.PollClosed {
			if d.Named[p.ID], err = s.session.NamedVotes(ctx, a, p.ID); err != nil {
				return err
			}
		}
	}
	if d.Questions, d.Carried, err = s.session.Questions(ctx, a, id); err != nil {
		return err
	}
	p := s.page(r, "record.title")
	p.Data = d
	s.render(w, r, http.StatusOK, "record", p)
	return nil
}

// The record page's three actions on questions, as plain forms: the asker's
// verdict and withdrawal, and the written answer to a promised question.

func (s *Server) questionVerdict(w http.ResponseWriter, r *http.Request) error {
	return s.onQuestion(w, r, func(a *auth.Actor, id int64, f *form) error {
		return s.session.Verdict(r.Context(), a, id, f.Str("satisfied") == "1")
	}, "record.verdict_saved")
}

func (s *Server) questionWritten(w http.ResponseWriter, r *http.Request) error {
	return s.onQuestion(w, r, func(a *auth.Actor, id int64, f *form) error {
		return s.session.AnswerInWriting(r.Context(), a, id, f.Text("answer"))
	}, "record.answer_saved")
}

func (s *Server) questionWithdraw(w http.ResponseWriter, r *http.Request) error {
	return s.onQuestion(w, r, func(a *auth.Actor, id int64, f *form) error {
		return s.session.WithdrawQuestion(r.Context(), a, id)
	}, "record.withdrawn")
}

// onQuestion runs a one-form action on a question and returns to the
// record page of its meeting, telling the outcome there.
func (s *Server) onQuestion(w http.ResponseWriter, r *http.Request, fn func(a *auth.Actor, id int64, f *form) error, done string) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := actorOf(r)
	q, err := s.session.Question(r.Context(), a, id)
	if err != nil {
		return err
	}
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	return s.outcome(w, r, fn(a, id, f), fmt.Sprintf("/meetings/%d/record", q.MeetingID), done)
}
