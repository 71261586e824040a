package oversight

import (
	"context"
	"time"

	"nghisu/internal/auth"
	"nghisu/internal/model"
	"nghisu/internal/opinion"
	"nghisu/internal/store"
)

// IndicatorRow is one indicator of a commune across the period's months.
type IndicatorRow struct {
	Indicator Indicator
	Weight    int
	Cells     []Cell
	// Total is the period's value (rate in percent, or count).
	Total Cell
}

// CommuneView is one commune's indicators month by month (the first
// level of the drill-down), from the snapshot.
type CommuneView struct {
	Commune     *model.Org
	Province    *model.Org
	Period      Period
	Months      []string
	Scores      []Cell
	Rows        []IndicatorRow
	ComputedAt  time.Time
	MinutesDays int
}

// communeFrame reads a commune the actor sees, its province, and the
// province's weights and minutes window.
func (s *Service) communeFrame(ctx context.Context, a *auth.Actor, communeID int64) (c, prov *model.Org, w Weights, days int, err error) {
	if c, err = s.commune(ctx, a, communeID); err != nil {
		return
	}
	if prov, err = s.provinceOf(ctx, c); err != nil {
		return
	}
	w, days, err = s.weights(ctx, prov)
	return
}

// Commune reads a commune's indicators for a period.
func (s *Service) Commune(ctx context.Context, a *auth.Actor, communeID int64, p Period) (*CommuneView, error) {
	c, prov, w, days, err := s.communeFrame(ctx, a, communeID)
	if err != nil {
		return nil, err
	}
	v := &CommuneView{Commune: c, Province: prov, Period: p, Months: p.Months(), MinutesDays: days}
	if v.ComputedAt, err = s.st.OversightComputedAt(ctx); err != nil {
		return nil, err
	}
	sc := store.OversightScope{OrgIDs: []int64{c.ID}, From: p.From, To: p.To}
	scores, err := s.st.OversightScores(ctx, sc)
	if err != nil {
		return nil, err
	}
	byMonth := map[string]Cell{}
	for _, x := range scores {
		if x.Score != nil {
			byMonth[x.Month] = Cell{Month: x.Month, Has: true, Value: *x.Score, Band: Band(*x.Score)}
		}
	}
	for _, m := range v.Months {
		cell := byMonth[m]
		cell.Month = m
		v.Scores = append(v.Scores, cell)
	}
	facts, keys, err := s.st.OversightValues(ctx, sc, "")
	if err != nil {
		return nil, err
	}
	values := map[Code]map[string]Value{}
	for i, f := range facts {
		code := Code(f.Indicator)
		if values[code] == nil {
			values[code] = map[string]Value{}
		}
		values[code][keys[i].Month] = Value{f.Num, f.Den}
	}
	for _, in := range Indicators {
		row := IndicatorRow{Indicator: in, Weight: w[in.Code]}
		var total Value
		for _, m := range v.Months {
			val, ok := values[in.Code][m]
			cell := Cell{Month: m, Num: val.Num, Den: val.Den}
			if ok {
				cell.Value, cell.Has = periodValue(in, val)
				if cell.Has {
					cell.Band = band(&in, cell.Value)
				}
				total = total.add(val)
			}
			row.Cells = append(row.Cells, cell)
		}
		row.Total = Cell{Num: total.Num, Den: total.Den}
		row.Total.Value, row.Total.Has = periodValue(in, total)
		if row.Total.Has {
			row.Total.Band = band(&in, row.Total.Value)
		}
		v.Rows = append(v.Rows, row)
	}
	return v, nil
}

// MonthView is one commune's month computed live from the record, with
// the meetings, tasks, questions and targets behind each number.
type MonthView struct {
	Commune     *model.Org
	Province    *model.Org
	Month       string
	Facts       Facts
	Score       Score
	Weights     Weights
	MinutesDays int
	Evidence    map[Code][]Evidence
	// Judged is false for a month before the commune's first meeting.
	Judged bool
}

// Month computes a commune's month live, with its evidence. What the
// actor may not read (a BTV meeting for a member outside the BTV) is
// counted but not named.
func (s *Service) Month(ctx context.Context, a *auth.Actor, communeID int64, month string) (*MonthView, error) {
	c, prov, w, days, err := s.communeFrame(ctx, a, communeID)
	if err != nil {
		return nil, err
	}
	p, err := s.ParsePeriod(month, month)
	if err != nil {
		return nil, err
	}
	months, err := compute(ctx, s.st, s.Verify, []model.Org{*c}, p.From, p.To, days, true)
	if err != nil {
		return nil, err
	}
	v := &MonthView{Commune: c, Province: prov, Month: p.From, Weights: w, MinutesDays: days, Facts: Facts{}, Evidence: map[Code][]Evidence{}}
	if len(months) == 0 {
		return v, nil
	}
	m := months[0]
	v.Judged, v.Facts, v.Score = true, m.Facts, ScoreOf(m.Facts, w)
	sortEvidence(m.Evidence)
	hidden, err := s.hiddenMeetings(ctx, a, c)
	if err != nil {
		return nil, err
	}
	for _, e := range m.Evidence {
		if e.Kind == "meeting" && hidden[e.ID] || e.Kind == "opinion" && hidden[-e.ID] {
			e.ID, e.Title, e.Kind = 0, "", "hidden"
		}
		v.Evidence[e.Code] = append(v.Evidence[e.Code], e)
	}
	return v, nil
}

// hiddenMeetings lists the meetings (and, negated, the opinion
// collections) of the commune's BTV when the actor may not read the BTV's
// business.
func (s *Service) hiddenMeetings(ctx context.Context, a *auth.Actor, c *model.Org) (map[int64]bool, error) {
	hidden := map[int64]bool{}
	bodies, err := s.st.Bodies(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	for i := range bodies {
		b := &bodies[i]
		b.Org = c
		if b.Kind != model.BodyStanding || seesMeeting(a, b) && opinion.Sees(a, b) {
			continue
		}
		ids, err := s.st.BodyMeetingIDs(ctx, b.ID)
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			hidden[id] = true
		}
		ops, err := s.st.BodyOpinionIDs(ctx, b.ID)
		if err != nil {
			return nil, err
		}
		for _, id := range ops {
			hidden[-id] = true
		}
	}
	return hidden, nil
}
