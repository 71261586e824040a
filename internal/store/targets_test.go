package store_test

import (
	"math"
	"testing"

	"nghisu/internal/db"
	"nghisu/internal/model"
	"nghisu/internal/testutil"
)

// Targets and their values on both databases: fractions and large numbers
// survive, reports of a period are all kept in the order they were made,
// and a commune lists only its own.
func TestTargets(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		st := newStore(t, d)
		_, a, b, bodies := tree(t, st)
		tg := &model.Target{OrgID: a.ID, Name: "Giảm tỷ lệ hộ nghèo", Unit: "%", Baseline: 4.5, Value: 2.5,
			Direction: model.Decrease, PeriodKind: model.PeriodYear, Period: "2026",
			Owner:      model.Owner{Kind: model.OwnerBody, ID: bodies[a.ID][model.BodyCommittee].ID},
			SourceKind: "", SourceParagraph: ""}
		must(t, st.CreateTarget(ctx, tg))
		big := &model.Target{OrgID: b.ID, Name: "Tổng vốn đầu tư", Unit: "đồng", Baseline: 0, Value: 1.25e12,
			Direction: model.Increase, PeriodKind: model.PeriodTerm, Period: "2025-2030", Owner: model.Owner{Kind: model.OwnerOrg, ID: b.ID}}
		must(t, st.CreateTarget(ctx, big))
		got, err := st.Target(ctx, tg.ID)
		must(t, err)
		if got.Baseline != 4.5 || got.Value != 2.5 || got.Owner != tg.Owner || got.Direction != model.Decrease || got.CreatedAt.IsZero() {
			t.Fatalf("read back %+v", got)
		}
		if g, _ := st.Target(ctx, big.ID); g.Value != 1.25e12 {
			t.Fatalf("large value %v", g.Value)
		}
		for _, v := range []model.TargetValue{{Period: "2026-02", Value: 4.1}, {Period: "2026-01", Value: 4.3, Note: "đầu năm"},
			{Period: "2026-02", Value: 3.95, Note: "sửa lại"}} {
			v.TargetID = tg.ID
			must(t, st.AddTargetValue(ctx, &v))
		}
		vs, err := st.TargetValues(ctx, tg.ID)
		must(t, err)
		if len(vs) != 3 || vs[0].Period != "2026-01" || vs[1].Value != 4.1 || math.Abs(vs[2].Value-3.95) > 1e-12 || vs[2].Note != "sửa lại" {
			t.Fatalf("values %+v", vs)
		}
		list, err := st.Targets(ctx, a.ID)
		must(t, err)
		if len(list) != 1 || list[0].ID != tg.ID {
			t.Fatalf("a commune's targets: %+v", list)
		}
		all, err := st.OrgTargetValues(ctx, b.ID)
		must(t, err)
		if len(all) != 0 {
			t.Fatalf("another commune's values: %+v", all)
		}
		if _, err := st.Target(ctx, 99999999); err != model.ErrNotFound {
			t.Fatalf("no such target: %v", err)
		}
	})
}
