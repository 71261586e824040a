package targets

import (
	"context"
	"fmt"
	"strconv"

	"nghisu/internal/auth"
	"nghisu/internal/i18n"
	"nghisu/internal/model"
	"nghisu/internal/store"
	"nghisu/internal/vntext"
	"nghisu/internal/xlsx"
)

// ImportRow is one value of a sheet, as text: the target by its number or
// its name, the period, the value, the unit (optional, must be the
// target's) and a note.
type ImportRow struct {
	Row    int
	Target string
	Period string
	Value  string
	Unit   string
	Note   string
}

// RowProblem is what is wrong with one field of one row. Field is one of
// target, period, value, unit, note.
type RowProblem struct {
	Row   int
	Field string
	Msg   model.Msg
}

// ImportValues records every row's value, or none: a row that names no
// target of the commune (or one the actor may not report), a bad period,
// value or unit stops the whole import, and every such problem of every
// row is returned. n is how many values were recorded.
func (s *Service) ImportValues(ctx context.Context, a *auth.Actor, orgID int64, rows []ImportRow) (n int, problems []RowProblem, err error) {
	c, err := s.commune(ctx, a, orgID)
	if err != nil {
		return 0, nil, err
	}
	ts, err := s.st.Targets(ctx, c.ID)
	if err != nil {
		return 0, nil, err
	}
	byID := map[int64]*model.Target{}
	byName := map[string][]*model.Target{}
	for i := range ts {
		t := &ts[i]
		byID[t.ID] = t
		k := vntext.Fold(t.Name)
		byName[k] = append(byName[k], t)
	}
	var values []model.TargetValue
	for _, r := range rows {
		add := func(field, key string, args ...any) {
			problems = append(problems, RowProblem{Row: r.Row, Field: field, Msg: model.M(key, args...)})
		}
		var t *model.Target
		if r.Target == "" {
			add("target", "field.required")
		} else if id, err := strconv.ParseInt(r.Target, 10, 64); err == nil {
			if t = byID[id]; t == nil {
				add("target", "target.import_no_id", id)
			}
		} else {
			switch m := byName[vntext.Fold(r.Target)]; len(m) {
			case 0:
				add("target", "target.import_no_name", r.Target)
			case 1:
				t = m[0]
			default:
				add("target", "target.import_ambiguous", r.Target)
			}
		}
		if t != nil && !CanReport(a, c, t) {
			add("target", "target.import_not_reporter", t.Name)
			t = nil
		}
		if t == nil {
			// Still check what can be checked without the target.
			if _, ok := ParseNumber(r.Value); !ok {
				add("value", map[bool]string{true: "field.required", false: "target.not_number"}[r.Value == ""])
			}
			continue
		}
		e := &model.ValidationError{}
		v := checkValue(t, ValueInput{Period: r.Period, Value: Number(r.Value), Unit: r.Unit, Note: r.Note}, e)
		for _, f := range e.Fields {
			problems = append(problems, RowProblem{Row: r.Row, Field: f.Field, Msg: f.Msg})
		}
		if len(e.Fields) == 0 {
			v.ReportedBy = a.Account.ID
			values = append(values, v)
		}
	}
	if len(problems) > 0 || len(values) == 0 {
		return 0, problems, nil
	}
	err = s.st.InTx(ctx, func(st *store.Store) error {
		for i := range values {
			if err := st.AddTargetValue(ctx, &values[i]); err != nil {
				return err
			}
		}
		return st.Audit(ctx, a.Audit("target.import", "org", c.ID, c.ID, fmt.Sprintf("%d values", len(values))))
	})
	if err != nil {
		return 0, nil, err
	}
	return len(values), nil, nil
}

// Export reads a commune's targets for the Excel export, labelled in lang.
func (s *Service) Export(ctx context.Context, a *auth.Actor, orgID int64, lang string) (*model.Org, []xlsx.TargetSheet, error) {
	l, err := s.List(ctx, a, orgID)
	if err != nil {
		return nil, nil, err
	}
	out := make([]xlsx.TargetSheet, 0, len(l.Items))
	for _, it := range l.Items {
		ts := xlsx.TargetSheet{ID: it.ID, Name: it.Name, Unit: it.Unit, Direction: i18n.T(lang, "direction."+string(it.Direction)),
			Period: i18n.T(lang, "periodkind."+string(it.PeriodKind)) + " " + it.Period, Owner: it.Owner.Name,
			Baseline: it.Baseline, Value: it.Value, Status: i18n.T(lang, "targetstatus."+string(it.Status))}
		if it.Achievement != nil {
			ts.Achievement = it.Achievement.Formula
		}
		for _, v := range it.History {
			ts.Values = append(ts.Values, xlsx.SheetValue{Period: v.Period, Value: v.Value, Note: v.Note, Reporter: v.Reporter,
				ReportedAt: v.ReportedAt})
		}
		out = append(out, ts)
	}
	return l.Commune, out, nil
}

// FromSheet turns the sheet's rows into import rows.
func FromSheet(rows []xlsx.ValueRow) []ImportRow {
	out := make([]ImportRow, len(rows))
	for i, r := range rows {
		out[i] = ImportRow{Row: r.Row, Target: r.Target, Period: r.Period, Value: r.Value, Unit: r.Unit, Note: r.Note}
	}
	return out
}
