package api

import (
	"net/http"

	"nghisu/internal/auth"
	"nghisu/internal/i18n"
	"nghisu/internal/model"
	"nghisu/internal/targets"
	"nghisu/internal/vntext"
	"nghisu/internal/xlsx"
)

// TargetsOut is a commune's targets with their values and achievement.
type TargetsOut struct {
	Targets   []targets.Item `json:"targets"`
	CanCreate bool           `json:"can_create"`
}

func (s *Server) seeTargets(r *http.Request, a *auth.Actor, n int64) error {
	_, err := s.targets.Commune(r.Context(), a, n)
	return err
}

func (s *Server) seeTarget(r *http.Request, a *auth.Actor, n int64) error {
	_, _, err := s.targets.Get(r.Context(), a, n)
	return err
}

func (s *Server) targetTable() []Route {
	ts := s.targets
	return []Route{
		{Method: "GET", Path: "/orgs/{id}/targets", Tag: "targets", Summary: "A commune's targets (chỉ tiêu), each with its reported values, achievement and the formula",
			Out: TargetsOut{},
			h: byID(func(r *http.Request, a *auth.Actor, n int64) (any, error) {
				l, err := ts.List(r.Context(), a, n)
				if err != nil {
					return nil, err
				}
				return TargetsOut{Targets: l.Items, CanCreate: l.CanCreate}, nil
			})},
		{Method: "POST", Path: "/orgs/{id}/targets", Tag: "targets", Summary: "Set a commune's target; numbers may be JSON numbers or text with a decimal comma (\"12,5\"); owner {kind: person|body|org, id}",
			In: targets.Input{}, Out: model.Target{}, Status: http.StatusCreated,
			h: withBody(s.seeTargets, func(r *http.Request, a *auth.Actor, n int64, in targets.Input) (any, error) {
				return ts.Create(r.Context(), a, n, in)
			})},
		{Method: "GET", Path: "/targets/{id}", Tag: "targets", Summary: "A target with its values (history and the newest per period), status and achievement",
			Out: targets.Item{},
			h: byID(func(r *http.Request, a *auth.Actor, n int64) (any, error) {
				it, _, err := ts.Get(r.Context(), a, n)
				return it, err
			})},
		{Method: "POST", Path: "/targets/{id}/values", Tag: "targets", Summary: "Report a target's value for a month (\"2026-03\") or a year (\"2026\") of its span; unit, when given, must be the target's",
			In: targets.ValueInput{}, Out: model.TargetValue{}, Status: http.StatusCreated,
			h: withBody(s.seeTarget, func(r *http.Request, a *auth.Actor, n int64, in targets.ValueInput) (any, error) {
				return ts.Report(r.Context(), a, n, in)
			})},
		{Method: "GET", Path: "/orgs/{id}/targets.xlsx", Tag: "targets", Summary: "A commune's targets and every reported value as an Excel workbook (the values sheet first, in the layout the import reads)",
			Out: []byte{},
			stream: func(w http.ResponseWriter, r *http.Request, a *auth.Actor) error {
				n, err := id(r, "id")
				if err != nil {
					return err
				}
				lang := i18n.Lang(a.Account.Locale)
				c, sheets, err := ts.Export(r.Context(), a, n, lang)
				if err != nil {
					return err
				}
				w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
				w.Header().Set("Content-Disposition", `attachment; filename="`+vntext.FileName("chi-tieu-"+c.Name+".xlsx")+`"`)
				return xlsx.WriteTargets(w, lang, sheets)
			}},
	}
}
