package oversight

import (
	"context"

	"nghisu/internal/auth"
	"nghisu/internal/model"
	"nghisu/internal/store"
	"nghisu/internal/xlsx"
)

// Export is every indicator of some communes over a period, as the Excel
// export writes it: one row per commune and month, from the snapshot.
type Export struct {
	// Org is the province, or the one commune exported.
	Org         *model.Org
	Province    *model.Org
	Period      Period
	Weights     Weights
	MinutesDays int
	Rows        []ExportRow
}

// ExportRow is one commune's month.
type ExportRow struct {
	Commune model.Org
	Month   string
	// Score is nil when no weighted indicator applied (or the month is not
	// in the snapshot).
	Score *float64
	Facts Facts
}

// exportChunk bounds the IN list of one snapshot read: well under both
// databases' parameter limits.
const exportChunk = 500

// Export reads the snapshot of every commune of a province (or of one
// commune, on a commune's id) for the period p. The province's people read
// a province's; a commune's people only their own commune's.
func (s *Service) Export(ctx context.Context, a *auth.Actor, orgID int64, p Period) (*Export, error) {
	o, err := s.st.Org(ctx, orgID)
	if err != nil {
		return nil, err
	}
	var prov *model.Org
	var communes []model.Org
	switch o.Kind {
	case model.OrgProvince:
		if prov, err = s.province(ctx, a, orgID); err != nil {
			return nil, err
		}
		if communes, err = s.st.OrgsOfKind(ctx, prov.Path, model.OrgCommune); err != nil {
			return nil, err
		}
	case model.OrgCommune:
		c, err := s.commune(ctx, a, orgID)
		if err != nil {
			return nil, err
		}
		if prov, err = s.provinceOf(ctx, c); err != nil {
			return nil, err
		}
		communes = []model.Org{*c}
	default:
		return nil, model.ErrNotFound
	}
	sortCommunes(communes)
	x := &Export{Org: o, Province: prov, Period: p}
	if x.Weights, x.MinutesDays, err = s.weights(ctx, prov); err != nil {
		return nil, err
	}
	type key struct {
		id    int64
		month string
	}
	scores := map[key]*float64{}
	facts := map[key]Facts{}
	for i := 0; i < len(communes); i += exportChunk {
		group := communes[i:min(i+exportChunk, len(communes))]
		ids := make([]int64, len(group))
		for j, c := range group {
			ids[j] = c.ID
		}
		sc := store.OversightScope{OrgIDs: ids, From: p.From, To: p.To}
		ss, err := s.st.OversightScores(ctx, sc)
		if err != nil {
			return nil, err
		}
		for _, x := range ss {
			scores[key{x.OrgID, x.Month}] = x.Score
		}
		fs, keys, err := s.st.OversightValues(ctx, sc, "")
		if err != nil {
			return nil, err
		}
		for j, f := range fs {
			k := key{keys[j].OrgID, keys[j].Month}
			if facts[k] == nil {
				facts[k] = Facts{}
			}
			facts[k][Code(f.Indicator)] = Value{f.Num, f.Den}
		}
	}
	for _, c := range communes {
		for _, m := range p.Months() {
			k := key{c.ID, m}
			sc, scored := scores[k]
			if !scored && facts[k] == nil {
				continue // not judged: before the commune's first meeting
			}
			x.Rows = append(x.Rows, ExportRow{Commune: c, Month: m, Score: sc, Facts: facts[k]})
		}
	}
	return x, nil
}

// Book is the export as the Excel writer takes it.
func (x *Export) Book() xlsx.OversightBook {
	b := xlsx.OversightBook{MinutesDays: x.MinutesDays, From: x.Period.From, To: x.Period.To, Rows: make([]xlsx.OversightRow, len(x.Rows))}
	dflt := DefaultWeights()
	for _, in := range Indicators {
		b.Indicators = append(b.Indicators, xlsx.OversightIndicator{Code: string(in.Code), Rate: in.Rate, Weight: x.Weights[in.Code], Default: dflt[in.Code]})
	}
	for i, r := range x.Rows {
		row := xlsx.OversightRow{Commune: r.Commune.Name, Unit: string(r.Commune.Unit), Month: r.Month, Score: r.Score,
			Values: make(map[string]xlsx.OversightValue, len(r.Facts))}
		for c, v := range r.Facts {
			row.Values[string(c)] = xlsx.OversightValue{Num: v.Num, Den: v.Den}
		}
		b.Rows[i] = row
	}
	return b
}
