package api

import (
	"net/http"
	"strings"

	"nghisu/internal/auth"
	"nghisu/internal/model"
	"nghisu/internal/org"
)

// staffingTable is the staffing view: read-only, for whoever sees the
// province or the commune.
func (s *Server) staffingTable() []Route {
	return []Route{
		{Method: "GET", Path: "/orgs/{id}/staffing", Tag: "organisations",
			Summary: "Posts and concurrent posts of a province's communes (or one commune) on a day: per commune the leading party posts with the posts held with them, the patterns (Bí thư also Chủ tịch UBND or HĐND…), totals with their share, and the conflicts worth a warning; unknown pattern or sort, a bad or future day: 422",
			Out:     org.Staffing{},
			Query: []Param{
				{"pattern", "string", "keep the communes showing this pattern (totals and conflicts still cover every commune)"},
				{"sort", "string", "name (default) or flags"},
				{"on", "string", "the day, YYYY-MM-DD (default today in Vietnam)"},
			},
			h: byID(func(r *http.Request, a *auth.Actor, n int64) (any, error) {
				// Who may see the organisation is decided first: another
				// commune is not found whatever the parameters.
				if _, err := s.org.StaffingOrg(r.Context(), a, n); err != nil {
					return nil, err
				}
				q := r.URL.Query()
				view, err := org.ParseStaffingView(q.Get("pattern"), q.Get("sort"))
				if err != nil {
					return nil, err
				}
				var on model.Date
				if raw := strings.TrimSpace(q.Get("on")); raw != "" {
					if on, err = model.ParseISODate(raw); err != nil {
						v := &model.ValidationError{}
						v.Add("on", "field.date_invalid")
						return nil, v
					}
				}
				st, err := s.org.Staffing(r.Context(), a, n, on)
				if err != nil {
					return nil, err
				}
				st.Apply(view)
				return st, nil
			})},
	}
}
