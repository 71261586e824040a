package api

import (
	"net/http"

	"nghisu/internal/auth"
	"nghisu/internal/followup"
	"nghisu/internal/model"
)

// ReportIn is a progress report through the API. Evidence files are sent
// from the web form only: the API takes no file.
type ReportIn struct {
	Status  model.TaskStatus `json:"status"`
	Percent int              `json:"percent"`
	Note    string           `json:"note"`
}

// ConcludeIn is a conclusion on a task (the record keepers, usually from
// the review item): a new deadline, closing it done or cancelled, or a new
// owner; Reason is required to cancel and recorded always.
type ConcludeIn struct {
	DueOn  model.Date  `json:"due_on,omitzero"`
	Done   bool        `json:"done,omitempty"`
	Owner  model.Owner `json:"owner,omitzero"`
	Reason string      `json:"reason"`
}

func (s *Server) seeTask(r *http.Request, a *auth.Actor, n int64) error {
	_, err := s.followup.Get(r.Context(), a, n)
	return err
}

func (s *Server) seeTaskCommune(r *http.Request, a *auth.Actor, n int64) error {
	_, _, err := s.followup.Commune(r.Context(), a, n)
	return err
}

func (s *Server) taskTable() []Route {
	fu := s.followup
	return []Route{
		{Method: "GET", Path: "/orgs/{id}/tasks", Tag: "tasks", Summary: "A commune's tasks the caller sees, late ones first",
			Query: []Param{{"status", "string", "not_started, on_track, at_risk, late, done or cancelled (the computed status)"},
				{"owner", "string", "kind:id of an owner, e.g. org:12"}},
			Out: []model.Task{},
			h: byID(func(r *http.Request, a *auth.Actor, n int64) (any, error) {
				f := followup.Filter{Status: model.TaskStatus(r.URL.Query().Get("status"))}
				if o, ok := followup.ParseOwner(r.URL.Query().Get("owner")); ok {
					f.Owner = &o
				}
				return list(fu.List(r.Context(), a, n, f))
			})},
		{Method: "POST", Path: "/orgs/{id}/tasks", Tag: "tasks", Summary: "Assign a task of the commune (its record keepers); an issued document's paragraph is quoted",
			In: followup.Input{}, Out: model.Task{}, Status: http.StatusCreated,
			h: withBody(s.seeTaskCommune, func(r *http.Request, a *auth.Actor, n int64, in followup.Input) (any, error) {
				return fu.Create(r.Context(), a, n, in)
			})},
		{Method: "GET", Path: "/tasks/{id}", Tag: "tasks", Summary: "One task with its history of reports and conclusions", Out: followup.Detail{},
			h: byID(func(r *http.Request, a *auth.Actor, n int64) (any, error) { return fu.Get(r.Context(), a, n) })},
		{Method: "POST", Path: "/tasks/{id}/reports", Tag: "tasks", Summary: "Report a task's progress (its owners, or the keepers on their behalf); no file through the API",
			In: ReportIn{}, Out: model.Task{}, Status: http.StatusCreated,
			h: withBody(s.seeTask, func(r *http.Request, a *auth.Actor, n int64, in ReportIn) (any, error) {
				return fu.Report(r.Context(), a, n, followup.ReportInput{Status: in.Status, Percent: in.Percent, Note: in.Note})
			})},
		{Method: "POST", Path: "/tasks/{id}/extend", Tag: "tasks", Summary: "Give a task a new deadline (the record keepers), with the reason",
			In: ConcludeIn{}, Out: model.Task{},
			h: withBody(s.seeTask, func(r *http.Request, a *auth.Actor, n int64, in ConcludeIn) (any, error) {
				return fu.Extend(r.Context(), a, n, in.DueOn, in.Reason)
			})},
		{Method: "POST", Path: "/tasks/{id}/close", Tag: "tasks", Summary: "Close a task: done, or cancelled with a reason (the record keepers)",
			In: ConcludeIn{}, Out: model.Task{},
			h: withBody(s.seeTask, func(r *http.Request, a *auth.Actor, n int64, in ConcludeIn) (any, error) {
				return fu.Close(r.Context(), a, n, in.Done, in.Reason)
			})},
		{Method: "POST", Path: "/tasks/{id}/reassign", Tag: "tasks", Summary: "Give a task to another owner of the commune (the record keepers)",
			In: ConcludeIn{}, Out: model.Task{},
			h: withBody(s.seeTask, func(r *http.Request, a *auth.Actor, n int64, in ConcludeIn) (any, error) {
				return fu.Reassign(r.Context(), a, n, in.Owner, in.Reason)
			})},
		{Method: "GET", Path: "/meetings/{id}/task-review", Tag: "tasks", Summary: "The review of tasks due or changed since the body's previous regular meeting, with its draft text",
			Out: followup.Review{},
			h:   byID(func(r *http.Request, a *auth.Actor, n int64) (any, error) { return fu.Review(r.Context(), a, n) })},
		{Method: "GET", Path: "/orgs/{id}/overlaps", Tag: "tasks", Summary: "The responsibility matrix of the commune's open tasks and its overlap warnings",
			Out: followup.Overlaps{},
			h:   byID(func(r *http.Request, a *auth.Actor, n int64) (any, error) { return fu.Overlaps(r.Context(), a, n) })},
	}
}
