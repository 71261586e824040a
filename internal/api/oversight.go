package api

import (
	"net/http"
	"strconv"
	"time"

	"nghisu/internal/auth"
	"nghisu/internal/i18n"
	"nghisu/internal/model"
	"nghisu/internal/oversight"
	"nghisu/internal/vntext"
	"nghisu/internal/xlsx"
)

// The province's oversight of its communes, read-only: the same services,
// permissions and messages as the pages. Numbers that do not apply (no
// meeting, no question that month) are null, never 0.

// OversightCell is a commune's month in the dashboard, or one indicator's
// month of a commune.
type OversightCell struct {
	Month string `json:"month"`
	// Value is the score (0–100), a rate in percent, or a count; null when
	// nothing applies.
	Value *float64 `json:"value"`
	Band  string   `json:"band,omitempty"`
	// Num and Den are the indicator's count and base (not for scores).
	Num int `json:"num"`
	Den int `json:"den"`
}

// OversightRow is a commune in the dashboard.
type OversightRow struct {
	Commune model.Org `json:"commune"`
	// Rank is the commune's place by the period's value, best first; 0
	// when it has nothing to rank by.
	Rank int `json:"rank"`
	// Period is the period's value: the mean month score, the indicator's
	// rate over the period in percent, or its total count.
	Period *float64 `json:"period"`
	Band   string   `json:"band,omitempty"`
	// Change is the last three scored months' mean minus the first three's
	// (scores only, six scored months at least).
	Change *float64        `json:"change"`
	Cells  []OversightCell `json:"cells"`
}

// OversightTrendPoint is the province's month: the mean score of its
// communes, how many were scored, how many were below 60.
type OversightTrendPoint struct {
	Month  string  `json:"month"`
	Mean   float64 `json:"mean"`
	Scored int     `json:"scored"`
	Weak   int     `json:"weak"`
}

// OversightDashboardOut is the province's heat table.
type OversightDashboardOut struct {
	Province model.Org `json:"province"`
	From     string    `json:"from"`
	To       string    `json:"to"`
	// Indicator is what the cells show: "" for the score.
	Indicator   string                `json:"indicator"`
	Sort        string                `json:"sort"`
	Months      []string              `json:"months"`
	Total       int                   `json:"total"`
	Page        int                   `json:"page"`
	Pages       int                   `json:"pages"`
	Rows        []OversightRow        `json:"rows"`
	Trend       []OversightTrendPoint `json:"trend"`
	ComputedAt  *time.Time            `json:"computed_at"`
	Weights     map[string]int        `json:"weights"`
	MinutesDays int                   `json:"minutes_days"`
}

// OversightFact is one indicator of a commune's month.
type OversightFact struct {
	Indicator string `json:"indicator"`
	Rate      bool   `json:"rate"`
	Num       int    `json:"num"`
	Den       int    `json:"den"`
	// Value is the rate in percent or the count; null when the indicator
	// does not apply (its base is 0).
	Value  *float64 `json:"value"`
	Weight int      `json:"weight"`
}

// OversightTerm is one indicator's part in a score.
type OversightTerm struct {
	Indicator string  `json:"indicator"`
	Weight    int     `json:"weight"`
	Num       int     `json:"num"`
	Den       int     `json:"den"`
	Rate      float64 `json:"rate"`
}

// OversightScore is a score with the formula it came from.
type OversightScore struct {
	// Value is null when no weighted indicator applied.
	Value   *float64        `json:"value"`
	Band    string          `json:"band,omitempty"`
	Formula string          `json:"formula"`
	Terms   []OversightTerm `json:"terms"`
}

// OversightMonthOut is a commune's month computed live from the record,
// with the meetings, tasks, questions and targets behind each number. A
// BTV meeting the caller may not read is counted but not named (kind
// "hidden", no id, no title).
type OversightMonthOut struct {
	Commune     model.Org                       `json:"commune"`
	Month       string                          `json:"month"`
	Judged      bool                            `json:"judged"`
	Facts       []OversightFact                 `json:"facts"`
	Score       OversightScore                  `json:"score"`
	MinutesDays int                             `json:"minutes_days"`
	Evidence    map[string][]oversight.Evidence `json:"evidence"`
}

// OversightIndicatorRow is one indicator of a commune across the period.
type OversightIndicatorRow struct {
	Indicator string          `json:"indicator"`
	Rate      bool            `json:"rate"`
	Weight    int             `json:"weight"`
	Total     OversightCell   `json:"total"`
	Cells     []OversightCell `json:"cells"`
}

// OversightCommuneOut is a commune's indicators month by month, from the
// snapshot.
type OversightCommuneOut struct {
	Commune     model.Org               `json:"commune"`
	From        string                  `json:"from"`
	To          string                  `json:"to"`
	Months      []string                `json:"months"`
	Scores      []OversightCell         `json:"scores"`
	Rows        []OversightIndicatorRow `json:"rows"`
	ComputedAt  *time.Time              `json:"computed_at"`
	MinutesDays int                     `json:"minutes_days"`
}

// OversightSettingsOut is the province's scoring settings.
type OversightSettingsOut struct {
	Province       model.Org      `json:"province"`
	Weights        map[string]int `json:"weights"`
	DefaultWeights map[string]int `json:"default_weights"`
	MaxWeight      int            `json:"max_weight"`
	MinutesDays    int            `json:"minutes_days"`
	CanChange      bool           `json:"can_change"`
}

func (s *Server) oversightTable() []Route {
	ov := s.oversight
	period := []Param{{"from", "string", "first month, YYYY-MM (default: twelve months before to)"},
		{"to", "string", "last month, YYYY-MM, not in the future (default: last month); at most 36 months in all"}}
	return []Route{
		{Method: "GET", Path: "/orgs/{id}/oversight", Tag: "oversight",
			Summary: "A province's heat table of its communes × months from the snapshot: ranks, the period's value, cells, the trend",
			Query: append(period, Param{"indicator", "string", "an indicator's code; empty or \"score\" for the score"},
				Param{"unit", "string", "phuong, xa or dac_khu; empty for all"}, Param{"q", "string", "words of the commune's name, diacritics ignored"},
				Param{"sort", "string", "score (best first, default), -score, name, or m:YYYY-MM (that month, weakest first)"},
				Param{"page", "integer", "page of 120 communes"}),
			Out: OversightDashboardOut{},
			h: byID(func(r *http.Request, a *auth.Actor, n int64) (any, error) {
				q := r.URL.Query()
				query := oversight.Query{Unit: model.Unit(q.Get("unit")), Name: q.Get("q"), Sort: q.Get("sort")}
				query.Page, _ = strconv.Atoi(q.Get("page"))
				p, perr := ov.ParsePeriod(q.Get("from"), q.Get("to"))
				code, ierr := oversight.ParseIndicator(q.Get("indicator"))
				v := &model.ValidationError{}
				for _, err := range []error{perr, ierr} {
					if fe, ok := err.(*model.ValidationError); ok {
						v.Fields = append(v.Fields, fe.Fields...)
					}
				}
				if u := query.Unit; u != "" && u != model.UnitWard && u != model.UnitCommune && u != model.UnitSpecial {
					v.Add("unit", "oversight.unknown_unit")
				}
				if v.Err() != nil {
					// Another province is not found, whatever its filter.
					if _, err := ov.ReadSettings(r.Context(), a, n); err != nil {
						return nil, err
					}
					return nil, v
				}
				query.Period, query.Indicator = p, code
				d, err := ov.Dashboard(r.Context(), a, n, query)
				if err != nil {
					return nil, err
				}
				return dashboardOut(d), nil
			})},
		{Method: "GET", Path: "/orgs/{id}/oversight/indicators", Tag: "oversight",
			Summary: "A commune's indicators month by month from the snapshot, with the period's totals (the commune's own people, and the province's)",
			Query:   period, Out: OversightCommuneOut{},
			h: byID(func(r *http.Request, a *auth.Actor, n int64) (any, error) {
				q := r.URL.Query()
				p, perr := ov.ParsePeriod(q.Get("from"), q.Get("to"))
				if perr != nil {
					if _, err := ov.Commune(r.Context(), a, n, oversight.Period{From: "2000-01", To: "2000-01"}); err != nil {
						return nil, err
					}
					return nil, perr
				}
				c, err := ov.Commune(r.Context(), a, n, p)
				if err != nil {
					return nil, err
				}
				return communeOut(c), nil
			})},
		{Method: "GET", Path: "/orgs/{id}/oversight/settings", Tag: "oversight",
			Summary: "A province's score weights (0 leaves an indicator out) and the days allowed to sign the minutes",
			Out:     OversightSettingsOut{},
			h: byID(func(r *http.Request, a *auth.Actor, n int64) (any, error) {
				set, err := ov.ReadSettings(r.Context(), a, n)
				if err != nil {
					return nil, err
				}
				return OversightSettingsOut{Province: *set.Province, Weights: codes(set.Weights), DefaultWeights: codes(oversight.DefaultWeights()),
					MaxWeight: oversight.MaxWeight, MinutesDays: set.MinutesDays, CanChange: set.CanChange}, nil
			})},
		{Method: "GET", Path: "/orgs/{id}/oversight.xlsx", Tag: "oversight",
			Summary: "Every indicator of a province's communes (or of one commune, on its id) per month as an Excel workbook, with the definitions, weights and formula",
			Query:   period, Out: []byte{},
			stream: func(w http.ResponseWriter, r *http.Request, a *auth.Actor) error {
				n, err := id(r, "id")
				if err != nil {
					return err
				}
				q := r.URL.Query()
				p, perr := ov.ParsePeriod(q.Get("from"), q.Get("to"))
				if perr != nil {
					if _, err := ov.Export(r.Context(), a, n, oversight.Period{From: "2000-01", To: "2000-01"}); err != nil {
						return err
					}
					return perr
				}
				x, err := ov.Export(r.Context(), a, n, p)
				if err != nil {
					return err
				}
				w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
				w.Header().Set("Content-Disposition", `attachment; filename="`+vntext.FileName("chi-so-"+x.Org.Name+"-"+p.From+"-"+p.To+".xlsx")+`"`)
				return xlsx.WriteOversight(w, i18n.Lang(a.Account.Locale), x.Book())
			}},
		{Method: "GET", Path: "/orgs/{id}/oversight/{month}", Tag: "oversight",
			Summary: "A commune's month (YYYY-MM) computed live: every indicator, the score with its formula, and the evidence behind each number",
			Out:     OversightMonthOut{},
			h: byID(func(r *http.Request, a *auth.Actor, n int64) (any, error) {
				v, err := ov.Month(r.Context(), a, n, r.PathValue("month"))
				if err != nil {
					return nil, err
				}
				return monthOut(v), nil
			})},
	}
}

func codes(w oversight.Weights) map[string]int {
	out := make(map[string]int, len(w))
	for c, n := range w {
		out[string(c)] = n
	}
	return out
}

func computedAt(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func cellOut(c oversight.Cell) OversightCell {
	out := OversightCell{Month: c.Month, Num: c.Num, Den: c.Den}
	if c.Has {
		v := c.Value
		out.Value, out.Band = &v, c.Band
	}
	return out
}

func cellsOut(cs []oversight.Cell) []OversightCell {
	out := make([]OversightCell, len(cs))
	for i, c := range cs {
		out[i] = cellOut(c)
	}
	return out
}

func dashboardOut(d *oversight.Dashboard) OversightDashboardOut {
	out := OversightDashboardOut{Province: *d.Province, From: d.Query.From, To: d.Query.To, Indicator: string(d.Query.Indicator),
		Sort: d.Query.Sort, Months: nonNil(d.Months), Total: d.Total, Page: d.Page, Pages: d.Pages, ComputedAt: computedAt(d.ComputedAt),
		Weights: codes(d.Weights), MinutesDays: d.MinutesDays, Rows: []OversightRow{}, Trend: []OversightTrendPoint{}}
	for _, r := range d.Rows {
		row := OversightRow{Commune: r.Org, Rank: r.Rank, Cells: cellsOut(r.Cells)}
		if r.HasPeriod {
			v := r.Period
			row.Period, row.Band = &v, r.Band
		}
		if r.HasChange {
			v := r.Change
			row.Change = &v
		}
		out.Rows = append(out.Rows, row)
	}
	for _, t := range d.Trend {
		out.Trend = append(out.Trend, OversightTrendPoint{Month: t.Month, Mean: t.Mean, Scored: t.Scored, Weak: t.Weak})
	}
	return out
}

func communeOut(c *oversight.CommuneView) OversightCommuneOut {
	out := OversightCommuneOut{Commune: *c.Commune, From: c.Period.From, To: c.Period.To, Months: nonNil(c.Months),
		Scores: cellsOut(c.Scores), ComputedAt: computedAt(c.ComputedAt), MinutesDays: c.MinutesDays, Rows: []OversightIndicatorRow{}}
	for _, r := range c.Rows {
		row := OversightIndicatorRow{Indicator: string(r.Indicator.Code), Rate: r.Indicator.Rate, Total: cellOut(r.Total), Cells: cellsOut(r.Cells)}
		if r.Indicator.Rate {
			row.Weight = r.Weight
		}
		out.Rows = append(out.Rows, row)
	}
	return out
}

func monthOut(v *oversight.MonthView) OversightMonthOut {
	out := OversightMonthOut{Commune: *v.Commune, Month: v.Month, Judged: v.Judged, MinutesDays: v.MinutesDays,
		Facts: []OversightFact{}, Evidence: map[string][]oversight.Evidence{}}
	for _, in := range oversight.Indicators {
		f, ok := v.Facts[in.Code]
		if !ok {
			continue
		}
		fact := OversightFact{Indicator: string(in.Code), Rate: in.Rate, Num: f.Num, Den: f.Den}
		if in.Rate {
			fact.Weight = v.Weights[in.Code]
		}
		if f.Applies() {
			x := float64(f.Num)
			if in.Rate {
				x = 100 * f.Rate()
			}
			fact.Value = &x
		}
		out.Facts = append(out.Facts, fact)
	}
	out.Score = OversightScore{Formula: v.Score.Formula(), Terms: []OversightTerm{}}
	if v.Score.OK {
		x := v.Score.Value
		out.Score.Value, out.Score.Band = &x, oversight.Band(x)
	}
	for _, t := range v.Score.Terms {
		out.Score.Terms = append(out.Score.Terms, OversightTerm{Indicator: string(t.Code), Weight: t.Weight, Num: t.Value.Num, Den: t.Value.Den, Rate: t.Value.Rate()})
	}
	for c, es := range v.Evidence {
		out.Evidence[string(c)] = es
	}
	return out
}
