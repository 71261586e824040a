package targets_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"nghisu/internal/auth"
	"nghisu/internal/db"
	"nghisu/internal/model"
	"nghisu/internal/targets"
	"nghisu/internal/testutil"
)

var ctx = context.Background()

type fixture struct {
	srv          *testutil.Server
	svc          *targets.Service
	mytho        *model.Org
	caolanh      *model.Org
	ubnd, mttq   model.Owner
	vp, uv, ubU  *auth.Actor
	tinhuy, othr *auth.Actor
}

func setup(t *testing.T, d *db.DB) *fixture {
	t.Helper()
	srv := testutil.NewServer(t, d)
	f := &fixture{srv: srv, svc: srv.App.Targets, mytho: srv.Commune(t, "Mỹ Tho"), caolanh: srv.Commune(t, "Cao Lãnh"),
		vp: srv.Actor(t, "vp.mytho"), uv: srv.Actor(t, "uv.mytho"), tinhuy: srv.Actor(t, "tinhuy"), othr: srv.Actor(t, "bithu.caolanh")}
	kids, err := srv.App.Store.Children(ctx, f.mytho.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range kids {
		switch k.Kind {
		case model.OrgPeopleCommittee:
			f.ubnd = model.Owner{Kind: model.OwnerOrg, ID: k.ID}
		case model.OrgFront:
			f.mttq = model.Owner{Kind: model.OwnerOrg, ID: k.ID}
		}
	}
	// A UBND officer: the demo's account scoped to the UBND.
	f.ubU = srv.Actor(t, "ubnd.mytho")
	if f.ubU.Account.OrgID != f.ubnd.ID {
		t.Fatal("ubnd.mytho is not scoped to Mỹ Tho's UBND")
	}
	return f
}

func input(owner model.Owner) targets.Input {
	return targets.Input{Name: "Tỷ lệ hộ nghèo", Unit: "%", Baseline: "4,5", Value: "2,5", Direction: model.Decrease,
		PeriodKind: model.PeriodYear, Period: "2026", Owner: owner}
}

func isDenial(err error) bool {
	var d *model.Denial
	return errors.As(err, &d)
}

func count(t *testing.T, f *fixture) int {
	t.Helper()
	ts, err := f.srv.App.Store.Targets(ctx, f.mytho.ID)
	if err != nil {
		t.Fatal(err)
	}
	return len(ts)
}

func TestCreate(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		before := count(t, f)
		tg, err := f.svc.Create(ctx, f.vp, f.mytho.ID, input(f.ubnd))
		if err != nil {
			t.Fatal(err)
		}
		if tg.Baseline != 4.5 || tg.Value != 2.5 || tg.Period != "2026" {
			t.Fatalf("created %+v", tg)
		}
		// Who may not.
		if _, err := f.svc.Create(ctx, f.uv, f.mytho.ID, input(f.ubnd)); !isDenial(err) {
			t.Errorf("a committee member: %v", err)
		}
		if _, err := f.svc.Create(ctx, f.ubU, f.mytho.ID, input(f.ubnd)); !isDenial(err) {
			t.Errorf("a UBND officer: %v", err)
		}
		if _, err := f.svc.Create(ctx, f.tinhuy, f.mytho.ID, input(f.ubnd)); !isDenial(err) {
			t.Errorf("the province: %v", err)
		}
		if _, err := f.svc.Create(ctx, f.othr, f.mytho.ID, input(f.ubnd)); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("another commune: %v", err)
		}
		// Owners outside the commune, and bad fields: nothing written.
		other := f.srv.Body(t, "Cao Lãnh", model.BodyCommittee)
		otherPerson := f.othr.Account.PersonID
		ownBCH := f.srv.Body(t, "Mỹ Tho", model.BodyCommittee)
		cases := []struct {
			name  string
			edit  func(*targets.Input)
			field string
		}{
			{"another commune's body", func(in *targets.Input) { in.Owner = model.Owner{Kind: model.OwnerBody, ID: other.ID} }, "owner"},
			{"another commune", func(in *targets.Input) { in.Owner = model.Owner{Kind: model.OwnerOrg, ID: f.caolanh.ID} }, "owner"},
			{"another commune's person", func(in *targets.Input) { in.Owner = model.Owner{Kind: model.OwnerPerson, ID: otherPerson} }, "owner"},
			{"the province", func(in *targets.Input) { in.Owner = model.Owner{Kind: model.OwnerOrg, ID: f.mytho.ParentID} }, "owner"},
			{"no such body", func(in *targets.Input) { in.Owner = model.Owner{Kind: model.OwnerBody, ID: 99999999} }, "owner"},
			{"empty name", func(in *targets.Input) { in.Name = "" }, "name"},
			{"missing target value", func(in *targets.Input) { in.Value = "" }, "target_value"},
			{"not a number", func(in *targets.Input) { in.Baseline = "bốn" }, "baseline"},
			{"a source of no such document", func(in *targets.Input) { in.SourceKind, in.SourceID = "issued", 99999999 }, "source"},
		}
		for _, c := range cases {
			in := input(f.ubnd)
			c.edit(&in)
			if _, err := f.svc.Create(ctx, f.vp, f.mytho.ID, in); testutil.FieldOf(err) != c.field {
				t.Errorf("%s: %v, want a problem with %s", c.name, err, c.field)
			}
		}
		if n := count(t, f); n != before+1 {
			t.Errorf("%d targets, want %d", n, before+1)
		}
		// The commune's own owners are fine.
		for _, o := range []model.Owner{{Kind: model.OwnerOrg, ID: f.mytho.ID}, {Kind: model.OwnerBody, ID: ownBCH.ID},
			{Kind: model.OwnerPerson, ID: f.uv.Account.PersonID}, f.mttq} {
			if _, err := f.svc.Create(ctx, f.vp, f.mytho.ID, input(o)); err != nil {
				t.Errorf("owner %+v: %v", o, err)
			}
		}
	})
}

func TestReport(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ub, err := f.svc.Create(ctx, f.vp, f.mytho.ID, input(f.ubnd))
		if err != nil {
			t.Fatal(err)
		}
		mt, err := f.svc.Create(ctx, f.vp, f.mytho.ID, input(f.mttq))
		if err != nil {
			t.Fatal(err)
		}
		personal, err := f.svc.Create(ctx, f.vp, f.mytho.ID, input(model.Owner{Kind: model.OwnerPerson, ID: f.uv.Account.PersonID}))
		if err != nil {
			t.Fatal(err)
		}
		v := targets.ValueInput{Period: "2026-02", Value: "4,1", Unit: "%", Note: "Rà soát tháng 2"}
		// The UBND officer reports UBND's target, not MTTQ's.
		got, err := f.svc.Report(ctx, f.ubU, ub.ID, v)
		if err != nil || got.Value != 4.1 || got.Period != "2026-02" {
			t.Fatalf("UBND reports: %+v %v", got, err)
		}
		if _, err := f.svc.Report(ctx, f.ubU, mt.ID, v); !isDenial(err) {
			t.Errorf("UBND on MTTQ's target: %v", err)
		}
		// A person reports their own target; not another's.
		if _, err := f.svc.Report(ctx, f.uv, personal.ID, v); err != nil {
			t.Errorf("the owner person: %v", err)
		}
		if _, err := f.svc.Report(ctx, f.uv, ub.ID, v); !isDenial(err) {
			t.Errorf("a member on UBND's target: %v", err)
		}
		if _, err := f.svc.Report(ctx, f.tinhuy, ub.ID, v); !isDenial(err) {
			t.Errorf("the province: %v", err)
		}
		if _, err := f.svc.Report(ctx, f.othr, ub.ID, v); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("another commune: %v", err)
		}
		// The office reports on anyone's behalf; a second report of a
		// period is kept beside the first, and counts.
		if _, err := f.svc.Report(ctx, f.vp, ub.ID, targets.ValueInput{Period: "02/2026", Value: "3,9"}); err != nil {
			t.Fatal(err)
		}
		// Bad values: nothing written.
		for _, c := range []struct {
			in    targets.ValueInput
			field string
		}{
			{targets.ValueInput{Period: "2026-03", Value: "3", Unit: "hộ"}, "unit"},
			{targets.ValueInput{Period: "2026-03", Value: "ba phẩy chín"}, "value"},
			{targets.ValueInput{Period: "2027-01", Value: "3"}, "period"},
			{targets.ValueInput{Period: "2025", Value: "3"}, "period"},
		} {
			if _, err := f.svc.Report(ctx, f.vp, ub.ID, c.in); testutil.FieldOf(err) != c.field {
				t.Errorf("%+v: %v, want a problem with %s", c.in, err, c.field)
			}
		}
		it, _, err := f.svc.Get(ctx, f.ubU, ub.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(it.History) != 2 || len(it.Series) != 1 || it.Latest.Value != 3.9 || it.Series[0].Value != 3.9 {
			t.Fatalf("history %+v series %+v", it.History, it.Series)
		}
		if it.Achievement == nil || it.Achievement.Formula != "(cơ sở − thực hiện) / (cơ sở − chỉ tiêu) = (4,5 − 3,9) / (4,5 − 2,5) = 30,0%" {
			t.Errorf("achievement %+v", it.Achievement)
		}
		if !it.CanReport || it.Owner.Name == "" {
			t.Errorf("the UBND officer's view: %+v", it)
		}
		// The UBND officer reads the commune's list too; a person owner
		// is named there.
		l, err := f.svc.List(ctx, f.ubU, f.mytho.ID)
		if err != nil || l.CanCreate {
			t.Fatalf("UBND's list: %v %v", l, err)
		}
		for _, it := range l.Items {
			if it.ID == personal.ID && it.Owner.Name == "" {
				t.Error("a person owner has no name in the list")
			}
		}
		owners, err := f.svc.Owners(ctx, f.mytho)
		if err != nil {
			t.Fatal(err)
		}
		kinds := map[model.OwnerKind]int{}
		for _, o := range owners {
			kinds[o.Kind]++
		}
		if kinds[model.OwnerOrg] != 9 || kinds[model.OwnerBody] != 3 || kinds[model.OwnerPerson] == 0 {
			t.Errorf("owners offered: %v", kinds)
		}
	})
}

func TestDemoTargets(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		l, err := f.svc.List(ctx, f.uv, f.mytho.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(l.Items) != 8 {
			t.Fatalf("%d demo targets", len(l.Items))
		}
		seen := map[targets.Status]int{}
		for _, it := range l.Items {
			seen[it.Status]++
			if it.Owner.Name == "" {
				t.Errorf("%s has no owner's name", it.Name)
			}
		}
		for _, s := range []targets.Status{targets.Reached, targets.OnTrack, targets.Behind} {
			if seen[s] == 0 {
				t.Errorf("no demo target is %s: %v", s, seen)
			}
		}
		if _, err := f.svc.List(ctx, f.othr, f.mytho.ID); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("another commune reads: %v", err)
		}
	})
}

func TestImportValues(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ub, err := f.svc.Create(ctx, f.vp, f.mytho.ID, input(f.ubnd))
		if err != nil {
			t.Fatal(err)
		}
		in := input(f.mttq)
		in.Name = "Quỹ Vì người nghèo"
		in.Unit, in.Direction, in.Baseline, in.Value = "triệu đồng", model.Increase, "0", "500"
		mt, err := f.svc.Create(ctx, f.vp, f.mytho.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		id := func(t *model.Target) string { return fmt.Sprint(t.ID) }
		bad := []targets.ImportRow{
			{Row: 2, Target: id(ub), Period: "2026-01", Value: "4,3", Unit: "%"},
			{Row: 3, Target: "tỷ lệ hộ nghèo", Period: "2026-02", Value: "4,2"}, // by name, folded
			{Row: 4, Target: id(ub), Period: "2026-03", Value: "4,1", Unit: "hộ"},
			{Row: 5, Target: "Chỉ tiêu không có", Period: "2026-03", Value: "1"},
			{Row: 6, Target: id(mt), Period: "2027-01", Value: "mười"},
			{Row: 7, Target: "99999999", Period: "2026", Value: ""},
			{Row: 8, Period: "2026", Value: "1"},
		}
		n, problems, err := f.svc.ImportValues(ctx, f.vp, f.mytho.ID, bad)
		if err != nil || n != 0 {
			t.Fatalf("%d, %v", n, err)
		}
		type rf struct {
			row   int
			field string
		}
		var got []rf
		for _, p := range problems {
			got = append(got, rf{p.Row, p.Field})
		}
		want := []rf{{4, "unit"}, {5, "target"}, {6, "period"}, {6, "value"}, {7, "target"}, {7, "value"}, {8, "target"}}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("problems %v, want %v", got, want)
		}
		for _, tg := range []*model.Target{ub, mt} {
			if vs, _ := f.srv.App.Store.TargetValues(ctx, tg.ID); len(vs) != 0 {
				t.Fatalf("a refused import wrote %v", vs)
			}
		}
		// The UBND officer may import UBND's values, not MTTQ's.
		_, problems, err = f.svc.ImportValues(ctx, f.ubU, f.mytho.ID, []targets.ImportRow{
			{Row: 2, Target: id(ub), Period: "2026-01", Value: "4,3"}, {Row: 3, Target: id(mt), Period: "2026-01", Value: "50"}})
		if err != nil || len(problems) != 1 || problems[0].Row != 3 || problems[0].Msg.Key != "target.import_not_reporter" {
			t.Fatalf("UBND imports MTTQ's: %+v %v", problems, err)
		}
		n, problems, err = f.svc.ImportValues(ctx, f.vp, f.mytho.ID, bad[:2])
		if err != nil || n != 2 || len(problems) != 0 {
			t.Fatalf("good rows: %d %v %v", n, problems, err)
		}
		if vs, _ := f.srv.App.Store.TargetValues(ctx, ub.ID); len(vs) != 2 || vs[1].Value != 4.2 {
			t.Fatalf("imported %+v", vs)
		}
		if _, _, err := f.svc.ImportValues(ctx, f.othr, f.mytho.ID, bad[:2]); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("another commune imports: %v", err)
		}
	})
}

// The targets' lines of the review: behind first, each with its value and
// how the achievement is computed; the meeting's review draft carries them.
func TestReviewLines(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := testutil.NewServerWith(t, d, testutil.Options{Communes: 2})
		bch := srv.Body(t, "Mỹ Tho", model.BodyCommittee)
		m := &model.Meeting{ID: 0, Body: bch, BodyID: bch.ID, StartsAt: srv.Clock.Now()}
		lines, err := srv.App.Targets.ReviewLines(ctx, m, time.Time{})
		if err != nil || len(lines) < 2 || lines[0] != "Kết quả thực hiện các chỉ tiêu:" {
			t.Fatalf("lines: %q, %v", lines, err)
		}
		seenOther := false
		for _, l := range lines[1:] {
			if !strings.HasPrefix(l, "- Chỉ tiêu ") {
				t.Errorf("line %q", l)
			}
			behind := strings.HasSuffix(l, "; chậm tiến độ.")
			if behind && seenOther {
				t.Errorf("a target behind after one that is not: %q", lines)
			}
			seenOther = seenOther || !behind
			if !strings.Contains(l, "chưa có số liệu") && !(strings.Contains(l, "; mức đạt ") && strings.Contains(l, " = ")) {
				t.Errorf("no formula in %q", l)
			}
		}
	})
}
