package api

import (
	"net/http"

	"nghisu/internal/auth"
	"nghisu/internal/model"
	"nghisu/internal/opinion"
)

// OpinionSummaryOut is a written opinion request in a body's list, with how
// its answers stand.
type OpinionSummaryOut struct {
	Request  model.OpinionRequest `json:"request"`
	Agree    int                  `json:"agree"`
	Disagree int                  `json:"disagree"`
	Other    int                  `json:"other"`
	Answered int                  `json:"answered"`
	// Needed is how many "agree" answers carry the decision, of Base.
	Needed int `json:"needed"`
}

// OpinionOut is one request: the question, each member's answer by name,
// who has not answered, and the result so far (or the result once closed).
type OpinionOut struct {
	OpinionSummaryOut `json:"summary"`
	// Open: answers are taken now.
	Open       bool                  `json:"open"`
	PassingNow bool                  `json:"passing_now"`
	RuleSource string                `json:"rule_source"`
	File       *model.File           `json:"file,omitempty"`
	Answers    []model.OpinionAnswer `json:"answers"`
	Silent     []model.Person        `json:"not_answered"`
	CanAnswer  bool                  `json:"can_answer"`
	CanClose   bool                  `json:"can_close"`
}

// RemindOut says how many members were reminded.
type RemindOut struct {
	Reminded int `json:"reminded"`
}

func summaryOut(x opinion.Summary) OpinionSummaryOut {
	return OpinionSummaryOut{Request: x.OpinionRequest, Agree: x.Agree, Disagree: x.Disagree, Other: x.Other,
		Answered: x.Answered, Needed: x.Needed}
}

func opinionOut(r *opinion.Request, err error) (any, error) {
	if err != nil {
		return nil, err
	}
	return OpinionOut{OpinionSummaryOut: summaryOut(r.Summary), Open: r.Open, PassingNow: r.PassingNow, RuleSource: r.Source,
		File: r.File, Answers: nonNil(r.Answers), Silent: nonNil(r.Silent), CanAnswer: r.CanAnswer, CanClose: r.CanClose}, nil
}

func (s *Server) opinionTable() []Route {
	return []Route{
		{Method: "GET", Path: "/bodies/{id}/opinions", Tag: "opinions", Summary: "A body's written opinion requests (xin ý kiến bằng văn bản), newest first",
			Out: []OpinionSummaryOut{},
			h: byID(func(r *http.Request, a *auth.Actor, n int64) (any, error) {
				all, err := s.opinions.List(r.Context(), a, n)
				if err != nil {
					return nil, err
				}
				out := make([]OpinionSummaryOut, len(all))
				for i, x := range all {
					out[i] = summaryOut(x)
				}
				return out, nil
			})},
		{Method: "POST", Path: "/bodies/{id}/opinions",
			Tag: "opinions", Summary: "Ask a BCH or BTV in writing, with a deadline (preparers; JSON without a file: attach one in the web UI)",
			In: model.OpinionInput{}, Out: model.OpinionRequest{}, Status: http.StatusCreated,
			h: withBody(s.seeOpinionBody, func(r *http.Request, a *auth.Actor, n int64, in model.OpinionInput) (any, error) {
				return s.opinions.Create(r.Context(), a, n, in, nil)
			})},
		{Method: "GET", Path: "/opinions/{id}", Tag: "opinions", Summary: "One request: every answer by name, who has not answered, the result",
			Out: OpinionOut{},
			h: byID(func(r *http.Request, a *auth.Actor, n int64) (any, error) {
				return opinionOut(s.opinions.Get(r.Context(), a, n))
			})},
		{Method: "POST", Path: "/opinions/{id}/answer", Tag: "opinions",
			Summary: "Answer agree, disagree or other (with a comment) as a member; a new answer replaces the earlier one until the deadline",
			In:      model.OpinionReply{}, Out: model.OpinionAnswer{},
			h: withBody(s.seeOpinion, func(r *http.Request, a *auth.Actor, n int64, in model.OpinionReply) (any, error) {
				return s.opinions.Answer(r.Context(), a, n, in)
			})},
		{Method: "POST", Path: "/opinions/{id}/close", Tag: "opinions",
			Summary: "Close a request and record its result (preparers; before the deadline only when every member has answered)",
			Out:     OpinionOut{},
			h: byID(func(r *http.Request, a *auth.Actor, n int64) (any, error) {
				return opinionOut(s.opinions.Close(r.Context(), a, n))
			})},
		{Method: "POST", Path: "/opinions/{id}/remind", Tag: "opinions",
			Summary: "Remind the members who have not answered (preparers; each at most once an hour)", Out: RemindOut{},
			h: byID(func(r *http.Request, a *auth.Actor, n int64) (any, error) {
				k, err := s.opinions.Remind(r.Context(), a, n)
				if err != nil {
					return nil, err
				}
				return RemindOut{Reminded: k}, nil
			})},
	}
}

// seeOpinionBody lets through a body whose requests the actor sees.
func (s *Server) seeOpinionBody(r *http.Request, a *auth.Actor, n int64) error {
	_, err := s.opinions.Body(r.Context(), a, n)
	return err
}

func (s *Server) seeOpinion(r *http.Request, a *auth.Actor, n int64) error {
	_, err := s.opinions.Get(r.Context(), a, n)
	return err
}
