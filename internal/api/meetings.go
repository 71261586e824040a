package api

import (
	"net/http"
	"strconv"
	"time"

	"nghisu/internal/auth"
	"nghisu/internal/drafting"
	"nghisu/internal/model"
	"nghisu/internal/textdiff"
)

// MoveInput moves a meeting to another state.
type MoveInput struct {
	To     model.MeetingState `json:"to"`
	Reason string             `json:"reason,omitempty"`
}

// ProgramOut is a meeting's program and the required areas it misses.
type ProgramOut struct {
	Items   []model.AgendaItem `json:"items"`
	Missing []model.Area       `json:"missing"`
	Minutes int                `json:"minutes"`
}

// DocumentOut is a paper with its latest version and paragraphs.
type DocumentOut struct {
	Document   model.Document `json:"document"`
	Paragraphs []string       `json:"paragraphs"`
}

// RoundInput opens a review round.
type RoundInput struct {
	Deadline time.Time `json:"deadline"`
}

// ReviewOut is a round with its comments and who has not answered.
type ReviewOut struct {
	Round      model.ReviewRound     `json:"round"`
	Open       bool                  `json:"open"`
	Paragraphs []string              `json:"paragraphs"`
	Comments   []model.ReviewComment `json:"comments"`
	Silent     []model.Person        `json:"not_responded"`
}

// CirculationOut is who was or will be sent a meeting's papers.
type CirculationOut struct {
	Recipients []model.Circulation `json:"recipients"`
	Days       int                 `json:"days_before"`
	Deadline   time.Time           `json:"deadline"`
	Late       bool                `json:"late"`
	Sent       bool                `json:"sent"`
}

// Empty is an answer with nothing to say beyond success.
type Empty struct {
	OK bool `json:"ok"`
}

func (s *Server) meetingTable() []Route {
	ok := Empty{OK: true}
	return []Route{
		{Method: "GET", Path: "/bodies/{id}/meetings", Tag: "meetings", Summary: "A body's meetings; from and to (YYYY-MM-DD) bound the start",
			Out: []model.Meeting{}, Query: []Param{{"from", "string", "first day"}, {"to", "string", "day after the last"}},
			h: byID(func(r *http.Request, a *auth.Actor, n int64) (any, error) {
				from, _ := time.Parse("2006-01-02", r.URL.Query().Get("from"))
				to, _ := time.Parse("2006-01-02", r.URL.Query().Get("to"))
				return list(s.meetings.OfBody(r.Context(), a, n, from, to))
			})},
		{Method: "POST", Path: "/bodies/{id}/meetings", Tag: "meetings", Summary: "Schedule a meeting of a body",
			In: model.MeetingInput{}, Out: model.Meeting{}, Status: http.StatusCreated,
			h: withBody(s.seeBody, func(r *http.Request, a *auth.Actor, n int64, in model.MeetingInput) (any, error) {
				return s.meetings.Create(r.Context(), a, n, in)
			})},
		{Method: "GET", Path: "/meetings/{id}", Tag: "meetings", Summary: "One meeting", Out: model.Meeting{},
			h: byID(func(r *http.Request, a *auth.Actor, n int64) (any, error) { return s.meetings.Get(r.Context(), a, n) })},
		{Method: "PUT", Path: "/meetings/{id}", Tag: "meetings", Summary: "Change a meeting's details (version required)",
			In: model.MeetingInput{}, Out: model.Meeting{},
			h: withBody(s.seeMeeting, func(r *http.Request, a *auth.Actor, n int64, in model.MeetingInput) (any, error) {
				return s.meetings.Update(r.Context(), a, n, in)
			})},
		{Method: "POST", Path: "/meetings/{id}/transition", Tag: "meetings", Summary: "Move a meeting to another state (409 with the reason when not allowed)",
			In: MoveInput{}, Out: model.Meeting{},
			h: withBody(s.seeMeeting, func(r *http.Request, a *auth.Actor, n int64, in MoveInput) (any, error) {
				return s.meetings.Transition(r.Context(), a, n, in.To, in.Reason)
			})},
		{Method: "GET", Path: "/meetings/{id}/transitions", Tag: "meetings", Summary: "A meeting's recorded state changes", Out: []model.Transition{},
			h: byID(func(r *http.Request, a *auth.Actor, n int64) (any, error) {
				return list(s.meetings.Transitions(r.Context(), a, n))
			})},
		{Method: "GET", Path: "/meetings/{id}/program", Tag: "program", Summary: "A meeting's program and the required areas it misses", Out: ProgramOut{},
			h: byID(func(r *http.Request, a *auth.Actor, n int64) (any, error) {
				p, err := s.meetings.Program(r.Context(), a, n)
				if err != nil {
					return nil, err
				}
				return ProgramOut{Items: nonNil(p.Items), Missing: nonNil(p.Missing), Minutes: p.Minutes}, nil
			})},
		{Method: "POST", Path: "/meetings/{id}/program/template", Tag: "program", Summary: "Fill an empty program from the monthly template", Out: Empty{},
			h: byID(func(r *http.Request, a *auth.Actor, n int64) (any, error) {
				return ok, s.meetings.ApplyTemplate(r.Context(), a, n)
			})},
		{Method: "POST", Path: "/meetings/{id}/items", Tag: "program", Summary: "Add an item to the program",
			In: model.ItemInput{}, Out: model.AgendaItem{}, Status: http.StatusCreated,
			h: withBody(s.seeMeeting, func(r *http.Request, a *auth.Actor, n int64, in model.ItemInput) (any, error) {
				return s.meetings.AddItem(r.Context(), a, n, in)
			})},
		{Method: "PUT", Path: "/items/{id}", Tag: "program", Summary: "Change an item", In: model.ItemInput{}, Out: model.AgendaItem{},
			h: withBody(s.seeItem, func(r *http.Request, a *auth.Actor, n int64, in model.ItemInput) (any, error) {
				return s.meetings.UpdateItem(r.Context(), a, n, in)
			})},
		{Method: "DELETE", Path: "/items/{id}", Tag: "program", Summary: "Remove an item (the review item stays)", Out: Empty{},
			h: byID(func(r *http.Request, a *auth.Actor, n int64) (any, error) {
				if err := s.seeItem(r, a, n); err != nil {
					return nil, err
				}
				return ok, s.meetings.DeleteItem(r.Context(), a, n)
			})},
		{Method: "GET", Path: "/meetings/{id}/documents", Tag: "documents", Summary: "The papers of a meeting the caller may read", Out: []model.Document{},
			h: byID(func(r *http.Request, a *auth.Actor, n int64) (any, error) {
				_, docs, err := s.drafting.Documents(r.Context(), a, n)
				return list(docs, err)
			})},
		{Method: "POST", Path: "/meetings/{id}/documents", Tag: "documents", Summary: "Write a text draft (its first version)",
			In: model.DocumentInput{}, Out: model.Document{}, Status: http.StatusCreated,
			h: withBody(s.seeMeeting, func(r *http.Request, a *auth.Actor, n int64, in model.DocumentInput) (any, error) {
				return s.drafting.CreateText(r.Context(), a, n, in)
			})},
		{Method: "GET", Path: "/documents/{id}", Tag: "documents", Summary: "A paper with its latest version, paragraph by paragraph", Out: DocumentOut{},
			h: byID(func(r *http.Request, a *auth.Actor, n int64) (any, error) {
				_, d, err := s.drafting.Document(r.Context(), a, n)
				if err != nil {
					return nil, err
				}
				return DocumentOut{Document: *d, Paragraphs: nonNil(textdiff.Paragraphs(d.Latest.Body))}, nil
			})},
		{Method: "GET", Path: "/documents/{id}/versions", Tag: "documents", Summary: "A paper's versions, newest first", Out: []model.DocVersion{},
			h: byID(func(r *http.Request, a *auth.Actor, n int64) (any, error) {
				return list(s.drafting.Versions(r.Context(), a, n))
			})},
		{Method: "GET", Path: "/documents/{id}/versions/{n}", Tag: "documents", Summary: "One version of a paper", Out: model.DocVersion{},
			h: byID(func(r *http.Request, a *auth.Actor, n int64) (any, error) {
				num, err := strconv.Atoi(r.PathValue("n"))
				if err != nil {
					return nil, model.ErrNotFound
				}
				return s.drafting.Version(r.Context(), a, n, num)
			})},
		{Method: "POST", Path: "/documents/{id}/versions", Tag: "documents", Summary: "Save a new version; 409 when based_on is no longer the latest",
			In: model.VersionInput{}, Out: model.DocVersion{}, Status: http.StatusCreated,
			h: withBody(s.seeDocument, func(r *http.Request, a *auth.Actor, n int64, in model.VersionInput) (any, error) {
				return s.drafting.SaveVersion(r.Context(), a, n, in)
			})},
		{Method: "POST", Path: "/documents/{id}/approve", Tag: "documents", Summary: "Approve a paper (no longer DỰ THẢO)", Out: Empty{},
			h: byID(func(r *http.Request, a *auth.Actor, n int64) (any, error) {
				return ok, s.drafting.Approve(r.Context(), a, n)
			})},
		{Method: "POST", Path: "/documents/{id}/release", Tag: "documents", Summary: "Release a BTV draft to the BCH", Out: Empty{},
			h: byID(func(r *http.Request, a *auth.Actor, n int64) (any, error) {
				return ok, s.drafting.Release(r.Context(), a, n)
			})},
		{Method: "POST", Path: "/documents/{id}/rounds", Tag: "review", Summary: "Ask the BTV for comments until a deadline",
			In: RoundInput{}, Out: model.ReviewRound{}, Status: http.StatusCreated,
			h: withBody(s.seeDocument, func(r *http.Request, a *auth.Actor, n int64, in RoundInput) (any, error) {
				return s.drafting.OpenRound(r.Context(), a, n, in.Deadline)
			})},
		{Method: "GET", Path: "/rounds/{id}", Tag: "review", Summary: "A review round with its comments and who has not answered", Out: ReviewOut{},
			h: byID(func(r *http.Request, a *auth.Actor, n int64) (any, error) {
				_, _, rv, err := s.drafting.Review(r.Context(), a, n)
				if err != nil {
					return nil, err
				}
				return ReviewOut{Round: rv.Round, Open: rv.Open, Paragraphs: nonNil(rv.Paragraphs), Comments: nonNil(rv.Comments), Silent: nonNil(rv.Silent)}, nil
			})},
		{Method: "POST", Path: "/rounds/{id}/comments", Tag: "review", Summary: "Comment on a paragraph (or 0: the whole draft), agree, or propose a wording",
			In: model.CommentInput{}, Out: model.ReviewComment{}, Status: http.StatusCreated,
			h: withBody(s.seeRound, func(r *http.Request, a *auth.Actor, n int64, in model.CommentInput) (any, error) {
				return s.drafting.Comment(r.Context(), a, n, in)
			})},
		{Method: "POST", Path: "/comments/{id}/respond", Tag: "review", Summary: "Accept, reject (with a reason) or answer a comment",
			In: model.CommentResponse{}, Out: Empty{},
			h: withBody(s.seeComment, func(r *http.Request, a *auth.Actor, n int64, in model.CommentResponse) (any, error) {
				return ok, s.drafting.Respond(r.Context(), a, n, in)
			})},
		{Method: "POST", Path: "/comments/{id}/accept", Tag: "review", Summary: "Take a proposed wording into a new version", Out: model.DocVersion{}, Status: http.StatusCreated,
			h: byID(func(r *http.Request, a *auth.Actor, n int64) (any, error) {
				if err := s.seeComment(r, a, n); err != nil {
					return nil, err
				}
				return s.drafting.AcceptWording(r.Context(), a, n)
			})},
		{Method: "GET", Path: "/meetings/{id}/proposals", Tag: "proposals", Summary: "The proposals brought to a BTV meeting", Out: []model.Proposal{},
			h: byID(func(r *http.Request, a *auth.Actor, n int64) (any, error) {
				_, ps, err := s.drafting.Proposals(r.Context(), a, n)
				return list(ps, err)
			})},
		{Method: "POST", Path: "/meetings/{id}/proposals", Tag: "proposals", Summary: "Bring an assessment or an issue to a BTV meeting",
			In: model.ProposalInput{}, Out: model.Proposal{}, Status: http.StatusCreated,
			h: withBody(s.seeMeeting, func(r *http.Request, a *auth.Actor, n int64, in model.ProposalInput) (any, error) {
				return s.drafting.Propose(r.Context(), a, n, in)
			})},
		{Method: "POST", Path: "/proposals/{id}/dispose", Tag: "proposals", Summary: "Record the BTV's disposition of a proposal",
			In: model.DispositionInput{}, Out: model.Proposal{},
			h: withBody(s.seeProposal, func(r *http.Request, a *auth.Actor, n int64, in model.DispositionInput) (any, error) {
				return s.drafting.Dispose(r.Context(), a, n, in)
			})},
		{Method: "GET", Path: "/meetings/{id}/circulation", Tag: "circulation", Summary: "Who was (or will be) sent the papers, when, and whether it is late", Out: CirculationOut{},
			h: byID(func(r *http.Request, a *auth.Actor, n int64) (any, error) {
				c, err := s.drafting.Circulation(r.Context(), a, n)
				if err != nil {
					return nil, err
				}
				return circulationOut(c), nil
			})},
		{Method: "POST", Path: "/meetings/{id}/send", Tag: "circulation", Summary: "Send the invitation and papers (the meeting is convened)", Out: CirculationOut{},
			h: byID(func(r *http.Request, a *auth.Actor, n int64) (any, error) {
				if err := s.seeMeeting(r, a, n); err != nil {
					return nil, err
				}
				c, err := s.drafting.Send(r.Context(), a, n)
				if err != nil {
					return nil, err
				}
				return circulationOut(c), nil
			})},
		{Method: "GET", Path: "/me/meetings", Tag: "meetings", Summary: "The meetings the caller was invited to, from a month back", Out: []model.Meeting{},
			h: func(r *http.Request, a *auth.Actor) (any, error) {
				return list(s.meetings.Upcoming(r.Context(), a, 100))
			}},
	}
}

func circulationOut(c *drafting.Circulation) CirculationOut {
	return CirculationOut{Recipients: nonNil(c.Recipients), Days: c.Setting.Value, Deadline: c.Deadline, Late: c.Late, Sent: c.Sent}
}

func (s *Server) seeMeeting(r *http.Request, a *auth.Actor, n int64) error {
	_, err := s.meetings.Get(r.Context(), a, n)
	return err
}

func (s *Server) seeItem(r *http.Request, a *auth.Actor, n int64) error {
	_, err := s.meetings.Item(r.Context(), a, n)
	return err
}

func (s *Server) seeDocument(r *http.Request, a *auth.Actor, n int64) error {
	_, _, err := s.drafting.Document(r.Context(), a, n)
	return err
}

func (s *Server) seeRound(r *http.Request, a *auth.Actor, n int64) error {
	_, _, _, err := s.drafting.Round(r.Context(), a, n)
	return err
}

func (s *Server) seeComment(r *http.Request, a *auth.Actor, n int64) error {
	_, err := s.drafting.CommentOf(r.Context(), a, n)
	return err
}

func (s *Server) seeProposal(r *http.Request, a *auth.Actor, n int64) error {
	_, err := s.drafting.Proposal(r.Context(), a, n)
	return err
}
