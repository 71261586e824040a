package oversight

import (
	"context"
	"slices"
	"strings"
	"time"

	"nghisu/internal/auth"
	"nghisu/internal/model"
	"nghisu/internal/store"
	"nghisu/internal/vntext"
)

// Query is what the dashboard is asked for.
type Query struct {
	Period
	// Indicator colours the cells by one indicator ("" = the score).
	Indicator Code
	// Unit keeps phường or xã only ("" = both); Name filters by name.
	Unit model.Unit
	Name string
	// Sort is "score" (best first, the default), "-score" (weakest
	// first), "name", or "m:YYYY-MM" (by that month, weakest first).
	Sort string
	Page int
}

// Cell is a commune's month in the heat table.
type Cell struct {
	Month string
	Has   bool
	// Value is the score (0–100), a rate in percent, or a count.
	Value float64
	Band  string
	Num   int
	Den   int
}

// Row is a commune in the heat table.
type Row struct {
	Org  model.Org
	Rank int
	// Period is the period's value: the mean month score, the indicator's
	// rate over the period in percent, or its total count.
	Period    float64
	HasPeriod bool
	Band      string
	Cells     []Cell
	// Change is the last three scored months' mean minus the first three's.
	Change    float64
	HasChange bool
}

// Dashboard is the province's heat table and what frames it.
type Dashboard struct {
	Province    *model.Org
	Query       Query
	Indicator   *Indicator // nil: the score
	Months      []string
	Rows        []Row
	Total       int // communes matching the filters
	Page        int
	Pages       int
	Trend       []store.OversightTrendPoint
	ComputedAt  time.Time
	Weights     Weights
	MinutesDays int
	CanRefresh  bool
}

// Dashboard reads the heat table of a province from the snapshot.
func (s *Service) Dashboard(ctx context.Context, a *auth.Actor, provinceID int64, q Query) (*Dashboard, error) {
	prov, err := s.province(ctx, a, provinceID)
	if err != nil {
		return nil, err
	}
	d := &Dashboard{Province: prov, Query: q, Months: q.Months(), CanRefresh: a.Role() == model.RoleAdmin || a.Role() == model.RoleOversight}
	if q.Indicator != "" {
		in, _ := Find(q.Indicator)
		d.Indicator = &in
	}
	if d.Weights, d.MinutesDays, err = s.weights(ctx, prov); err != nil {
		return nil, err
	}
	if d.ComputedAt, err = s.st.OversightComputedAt(ctx); err != nil {
		return nil, err
	}
	all, err := s.st.OrgsOfKind(ctx, prov.Path, model.OrgCommune)
	if err != nil {
		return nil, err
	}
	name := vntext.Fold(q.Name)
	var communes []model.Org
	for _, c := range all {
		if (q.Unit == "" || c.Unit == q.Unit) && (name == "" || strings.Contains(vntext.Fold(c.Name), name)) {
			communes = append(communes, c)
		}
	}
	sortCommunes(communes)
	d.Total = len(communes)
	ids := make([]int64, len(communes))
	for i, c := range communes {
		ids[i] = c.ID
	}

	// The period's value of every matching commune ranks them.
	period := map[int64]float64{}
	if d.Indicator == nil {
		ps, err := s.st.OversightPeriods(ctx, prov.ID, q.From, q.To)
		if err != nil {
			return nil, err
		}
		for _, p := range ps {
			period[p.OrgID] = p.Mean
		}
	} else {
		facts, keys, err := s.st.OversightValues(ctx, store.OversightScope{OrgIDs: ids, From: q.From, To: q.To}, string(q.Indicator))
		if err != nil {
			return nil, err
		}
		sums := map[int64]Value{}
		for i, f := range facts {
			sums[keys[i].OrgID] = sums[keys[i].OrgID].add(Value{f.Num, f.Den})
		}
		for id, v := range sums {
			if p, ok := periodValue(*d.Indicator, v); ok {
				period[id] = p
			}
		}
	}
	var byMonth map[int64]float64
	if m, ok := strings.CutPrefix(q.Sort, "m:"); ok && m >= q.From && m <= q.To {
		byMonth = map[int64]float64{}
		cells, err := s.cells(ctx, ids, m, m, d.Indicator)
		if err != nil {
			return nil, err
		}
		for id, cs := range cells {
			if c := cs[m]; c.Has {
				byMonth[id] = c.Value
			}
		}
	}
	rows := make([]Row, len(communes))
	for i, c := range communes {
		rows[i].Org = c
		rows[i].Period, rows[i].HasPeriod = period[c.ID]
		if rows[i].HasPeriod {
			rows[i].Band = band(d.Indicator, rows[i].Period)
		}
	}
	// Rank by the period's value, best first; communes with nothing to
	// rank come last.
	ranked := slices.Clone(rows)
	better := func(a, b Row) int {
		switch {
		case a.HasPeriod != b.HasPeriod:
			if a.HasPeriod {
				return -1
			}
			return 1
		case a.Period != b.Period:
			if a.Period > b.Period == higherIsBetter(d.Indicator) {
				return -1
			}
			return 1
		}
		return 0
	}
	slices.SortStableFunc(ranked, better)
	rank := map[int64]int{}
	for i, r := range ranked {
		if r.HasPeriod {
			rank[r.Org.ID] = i + 1
		}
	}
	for i := range rows {
		rows[i].Rank = rank[rows[i].Org.ID]
	}
	switch {
	case byMonth != nil:
		slices.SortStableFunc(rows, func(a, b Row) int {
			va, oka := byMonth[a.Org.ID]
			vb, okb := byMonth[b.Org.ID]
			switch {
			case oka != okb:
				if oka {
					return -1
				}
				return 1
			case va < vb:
				return -1
			case va > vb:
				return 1
			}
			return 0
		})
	case q.Sort == "name":
	case q.Sort == "-score":
		slices.SortStableFunc(rows, func(a, b Row) int {
			if a.HasPeriod != b.HasPeriod {
				return better(a, b)
			}
			return -better(a, b)
		})
	default:
		slices.SortStableFunc(rows, better)
	}

	d.Pages = max(1, (len(rows)+PageSize-1)/PageSize)
	d.Page = min(max(q.Page, 1), d.Pages)
	rows = rows[(d.Page-1)*PageSize : min(d.Page*PageSize, len(rows))]
	pageIDs := make([]int64, len(rows))
	for i, r := range rows {
		pageIDs[i] = r.Org.ID
	}
	cells, err := s.cells(ctx, pageIDs, q.From, q.To, d.Indicator)
	if err != nil {
		return nil, err
	}
	for i := range rows {
		cs := cells[rows[i].Org.ID]
		rows[i].Cells = make([]Cell, len(d.Months))
		var scored []float64
		for j, m := range d.Months {
			c := cs[m]
			c.Month = m
			rows[i].Cells[j] = c
			if c.Has {
				scored = append(scored, c.Value)
			}
		}
		if d.Indicator == nil && len(scored) >= 6 {
			rows[i].Change, rows[i].HasChange = mean(scored[len(scored)-3:])-mean(scored[:3]), true
		}
	}
	d.Rows = rows
	if d.Trend, err = s.st.OversightTrend(ctx, prov.ID, q.From, q.To, WeakScore); err != nil {
		return nil, err
	}
	return d, nil
}

// cells reads the heat table's cells of some communes.
func (s *Service) cells(ctx context.Context, ids []int64, from, to string, in *Indicator) (map[int64]map[string]Cell, error) {
	out := map[int64]map[string]Cell{}
	put := func(id int64, m string, c Cell) {
		if out[id] == nil {
			out[id] = map[string]Cell{}
		}
		out[id][m] = c
	}
	sc := store.OversightScope{OrgIDs: ids, From: from, To: to}
	if in == nil {
		scores, err := s.st.OversightScores(ctx, sc)
		if err != nil {
			return nil, err
		}
		for _, x := range scores {
			c := Cell{Month: x.Month}
			if x.Score != nil {
				c.Has, c.Value, c.Band = true, *x.Score, Band(*x.Score)
			}
			put(x.OrgID, x.Month, c)
		}
		return out, nil
	}
	facts, keys, err := s.st.OversightValues(ctx, sc, string(in.Code))
	if err != nil {
		return nil, err
	}
	for i, f := range facts {
		v := Value{f.Num, f.Den}
		c := Cell{Month: keys[i].Month, Num: f.Num, Den: f.Den}
		c.Value, c.Has = periodValue(*in, v)
		if c.Has {
			c.Band = band(in, c.Value)
		}
		put(keys[i].OrgID, keys[i].Month, c)
	}
	return out, nil
}

// periodValue is what a cell or a period shows of an indicator: a rate in
// percent, or a count.
func periodValue(in Indicator, v Value) (float64, bool) {
	if in.Rate {
		return 100 * v.Rate(), v.Applies()
	}
	return float64(v.Num), v.Den > 0
}

// band colours a value: scores and rates by the legend; counts are
// neutral, except the ones that are bad news.
func band(in *Indicator, v float64) string {
	if in == nil || in.Rate {
		return Band(v)
	}
	switch in.Code {
	case Cancelled, TasksLate:
		if v > 0 {
			return "weak"
		}
		return "excellent"
	}
	return "count"
}

// higherIsBetter: counts of cancellations and late tasks rank the other way.
func higherIsBetter(in *Indicator) bool {
	return in == nil || in.Code != Cancelled && in.Code != TasksLate
}

func mean(xs []float64) float64 {
	var s float64
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}
