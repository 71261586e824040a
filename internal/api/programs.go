package api

import (
	"net/http"

	"nghisu/internal/auth"
	"nghisu/internal/model"
	"nghisu/internal/programs"
)

// StatusInput marks a program entry planned, done, or dropped with a
// reason.
type StatusInput struct {
	Status model.EntryStatus `json:"status"`
	Reason string            `json:"reason,omitempty"`
}

func (s *Server) programTable() []Route {
	pg := s.programs
	return []Route{
		{Method: "GET", Path: "/bodies/{id}/programs", Tag: "programs", Summary: "A BCH's or BTV's work programs: the full term, years, months",
			Out: []model.Program{},
			h: byID(func(r *http.Request, a *auth.Actor, n int64) (any, error) {
				return list(pg.Programs(r.Context(), a, n))
			})},
		{Method: "POST", Path: "/bodies/{id}/programs", Tag: "programs", Summary: "Start a work program (kind term, year with period \"2026\", month with period \"2026-05\"); 409 if the body has it",
			In: model.ProgramInput{}, Out: model.Program{}, Status: http.StatusCreated,
			h: withBody(s.seeProgramBody, func(r *http.Request, a *auth.Actor, n int64, in model.ProgramInput) (any, error) {
				return pg.CreateProgram(r.Context(), a, n, in)
			})},
		{Method: "GET", Path: "/programs/{id}", Tag: "programs", Summary: "A work program: its entries, the counts per month, the required areas it misses",
			Out: programs.View{},
			h: byID(func(r *http.Request, a *auth.Actor, n int64) (any, error) {
				v, err := pg.Get(r.Context(), a, n)
				if err != nil {
					return nil, err
				}
				v.Entries, v.Months, v.Missing = nonNil(v.Entries), nonNil(v.Months), nonNil(v.Missing)
				return v, nil
			})},
		{Method: "POST", Path: "/programs/{id}/entries", Tag: "programs", Summary: "Add an entry to a work program",
			In: model.EntryInput{}, Out: model.ProgramEntry{}, Status: http.StatusCreated,
			h: withBody(s.seeProgram, func(r *http.Request, a *auth.Actor, n int64, in model.EntryInput) (any, error) {
				return pg.AddEntry(r.Context(), a, n, in)
			})},
		{Method: "GET", Path: "/program-entries/{id}", Tag: "programs", Summary: "One entry of a work program", Out: model.ProgramEntry{},
			h: byID(func(r *http.Request, a *auth.Actor, n int64) (any, error) {
				e, _, err := pg.Entry(r.Context(), a, n)
				return e, err
			})},
		{Method: "PUT", Path: "/program-entries/{id}", Tag: "programs", Summary: "Change an entry (every field)",
			In: model.EntryInput{}, Out: model.ProgramEntry{},
			h: withBody(s.seeEntry, func(r *http.Request, a *auth.Actor, n int64, in model.EntryInput) (any, error) {
				return pg.UpdateEntry(r.Context(), a, n, in)
			})},
		{Method: "POST", Path: "/program-entries/{id}/status", Tag: "programs", Summary: "Mark an entry planned, done, or dropped (with a reason)",
			In: StatusInput{}, Out: model.ProgramEntry{},
			h: withBody(s.seeEntry, func(r *http.Request, a *auth.Actor, n int64, in StatusInput) (any, error) {
				return pg.SetStatus(r.Context(), a, n, in.Status, in.Reason)
			})},
		{Method: "GET", Path: "/orgs/{id}/upper-documents", Tag: "programs", Summary: "The upper level's documents: at a province with every commune's follow-up, at a commune with its own",
			Out: programs.UpperView{},
			h: byID(func(r *http.Request, a *auth.Actor, n int64) (any, error) {
				return pg.Uppers(r.Context(), a, n)
			})},
		{Method: "POST", Path: "/orgs/{id}/upper-documents", Tag: "programs", Summary: "Register an upper-level document at the province (its administrators)",
			In: model.UpperInput{}, Out: model.UpperDocument{}, Status: http.StatusCreated,
			h: withBody(s.seeOrg, func(r *http.Request, a *auth.Actor, n int64, in model.UpperInput) (any, error) {
				return pg.Register(r.Context(), a, n, in)
			})},
		{Method: "PUT", Path: "/orgs/{id}/upper-documents/{doc}/followup", Tag: "programs", Summary: "Record a commune's follow-up of a document: disseminated on, implementation plan",
			In: model.FollowupInput{}, Out: model.UpperFollowup{},
			h: withBody(s.seeOrg, func(r *http.Request, a *auth.Actor, n int64, in model.FollowupInput) (any, error) {
				doc, err := id(r, "doc")
				if err != nil {
					return nil, err
				}
				return pg.RecordFollowup(r.Context(), a, n, doc, in)
			})},
	}
}

func (s *Server) seeProgramBody(r *http.Request, a *auth.Actor, n int64) error {
	_, err := s.programs.Body(r.Context(), a, n)
	return err
}

func (s *Server) seeProgram(r *http.Request, a *auth.Actor, n int64) error {
	_, err := s.programs.Get(r.Context(), a, n)
	return err
}

func (s *Server) seeEntry(r *http.Request, a *auth.Actor, n int64) error {
	_, _, err := s.programs.Entry(r.Context(), a, n)
	return err
}
