package targets

import (
	"math"
	"testing"
	"time"

	"nghisu/internal/model"
)

func tgt(dir model.Direction, base, val float64) model.Target {
	return model.Target{Direction: dir, Baseline: base, Value: val, PeriodKind: model.PeriodYear, Period: "2026"}
}

func TestAchieve(t *testing.T) {
	cases := []struct {
		name    string
		t       model.Target
		actual  float64
		ratio   float64
		percent float64
		met     bool
		formula string
	}{
		{"income halfway", tgt(model.Increase, 50, 60), 55, 0.5, 50, false,
			"(thực hiện − cơ sở) / (chỉ tiêu − cơ sở) = (55 − 50) / (60 − 50) = 50,0%"},
		{"income beyond", tgt(model.Increase, 50, 60), 62, 1.2, 100, true,
			"(thực hiện − cơ sở) / (chỉ tiêu − cơ sở) = (62 − 50) / (60 − 50) = 120,0%"},
		{"income fell below baseline", tgt(model.Increase, 50, 60), 48, -0.2, 0, false,
			"(thực hiện − cơ sở) / (chỉ tiêu − cơ sở) = (48 − 50) / (60 − 50) = -20,0%"},
		{"poor households down 2 points, 1 done", tgt(model.Decrease, 4.5, 2.5), 3.5, 0.5, 50, false,
			"(cơ sở − thực hiện) / (cơ sở − chỉ tiêu) = (4,5 − 3,5) / (4,5 − 2,5) = 50,0%"},
		{"poor households reached", tgt(model.Decrease, 4.5, 2.5), 2.4, 1.05, 100, true,
			"(cơ sở − thực hiện) / (cơ sở − chỉ tiêu) = (4,5 − 2,4) / (4,5 − 2,5) = 105,0%"},
		{"poor households rose", tgt(model.Decrease, 4.5, 2.5), 5, -0.25, 0, false,
			"(cơ sở − thực hiện) / (cơ sở − chỉ tiêu) = (4,5 − 5) / (4,5 − 2,5) = -25,0%"},
		{"health insurance 96 of 100", tgt(model.Reach, 0, 100), 96, 0.96, 96, false,
			"thực hiện / chỉ tiêu = 96 / 100 = 96,0%"},
		{"health insurance reached", tgt(model.Reach, 0, 100), 100, 1, 100, true,
			"thực hiện / chỉ tiêu = 100 / 100 = 100,0%"},
		{"criteria 15 of 19 reached beyond", tgt(model.Reach, 12, 15), 16, 16.0 / 15, 100, true,
			"thực hiện / chỉ tiêu = 16 / 15 = 106,7%"},
		{"baseline equals target, met", tgt(model.Increase, 75, 75), 75, 1, 100, true,
			"chỉ tiêu bằng đường cơ sở: thực hiện 75, đạt"},
		{"baseline equals target, not met", tgt(model.Increase, 75, 75), 70, 0, 0, false,
			"chỉ tiêu bằng đường cơ sở: thực hiện 70, chưa đạt"},
		{"decrease baseline equals target, met", tgt(model.Decrease, 2, 2), 1.5, 1, 100, true,
			"chỉ tiêu bằng đường cơ sở: thực hiện 1,5, đạt"},
		{"reach zero", tgt(model.Reach, 0, 0), 0, 1, 100, true, "chỉ tiêu bằng 0: thực hiện 0, đạt"},
		{"thousands", tgt(model.Increase, 1000, 3000), 1500.5, 0.25025, 25.025, false,
			"(thực hiện − cơ sở) / (chỉ tiêu − cơ sở) = (1.500,5 − 1.000) / (3.000 − 1.000) = 25,0%"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := Achieve(c.t, c.actual)
			if math.Abs(a.Ratio-c.ratio) > 1e-9 || math.Abs(a.Percent-c.percent) > 1e-9 || a.Met != c.met || a.Formula != c.formula {
				t.Errorf("got %+v, want ratio %v percent %v met %v formula %q", a, c.ratio, c.percent, c.met, c.formula)
			}
		})
	}
}

func val(id int64, period string, v float64) model.TargetValue {
	return model.TargetValue{ID: id, Period: period, Value: v, ReportedAt: time.Date(2026, 1, 1, 0, 0, int(id), 0, time.UTC)}
}

func TestStatus(t *testing.T) {
	june := model.Date{Year: 2026, Month: 6, Day: 15}
	inc := tgt(model.Increase, 50, 60)
	dec := tgt(model.Decrease, 4.5, 2.5)
	cases := []struct {
		name   string
		t      model.Target
		values []model.TargetValue
		today  model.Date
		want   Status
	}{
		{"no data", inc, nil, june, NoData},
		{"half way in june: on track", inc, []model.TargetValue{val(1, "2026-05", 55)}, june, OnTrack},
		{"a third in june: behind", inc, []model.TargetValue{val(1, "2026-05", 53)}, june, Behind},
		{"reached", inc, []model.TargetValue{val(1, "2026-05", 60)}, june, Reached},
		{"newest report of a period counts", inc, []model.TargetValue{val(1, "2026-05", 60), val(2, "2026-05", 52)}, june, Behind},
		{"latest period counts", inc, []model.TargetValue{val(2, "2026-02", 60), val(1, "2026-05", 56)}, june, OnTrack},
		{"year value over december", inc, []model.TargetValue{val(2, "2026-12", 58), val(1, "2026", 61)}, june, Reached},
		{"decrease on track", dec, []model.TargetValue{val(1, "2026-06", 3.4)}, june, OnTrack},
		{"decrease behind", dec, []model.TargetValue{val(1, "2026-06", 4.4)}, june, Behind},
		{"decrease reached", dec, []model.TargetValue{val(1, "2026-06", 2.5)}, june, Reached},
		{"before the span: anything is on track", inc, []model.TargetValue{val(1, "2026-01", 50)}, model.Date{Year: 2025, Month: 12, Day: 1}, OnTrack},
		{"after the span: not met is behind", inc, []model.TargetValue{val(1, "2026", 59)}, model.Date{Year: 2027, Month: 1, Day: 1}, Behind},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got, _ := StatusOf(c.t, c.values, c.today); got != c.want {
				t.Errorf("got %s, want %s", got, c.want)
			}
		})
	}
}

func TestCurrent(t *testing.T) {
	got := Current([]model.TargetValue{val(1, "2026", 9), val(2, "2026-12", 8), val(3, "2026-01", 1), val(4, "2026-01", 2)})
	want := []string{"2026-01:2", "2026-12:8", "2026:9"}
	if len(got) != len(want) {
		t.Fatalf("got %v", got)
	}
	for i, v := range got {
		if s := v.Period + ":" + num(v.Value); s != want[i] {
			t.Errorf("%d: got %s, want %s", i, s, want[i])
		}
	}
}

func TestParseNumber(t *testing.T) {
	cases := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"12,5", 12.5, true}, {"12.5", 12.5, true}, {"1.234", 1234, true}, {"1.234,5", 1234.5, true},
		{" 60 ", 60, true}, {"-2", -2, true}, {"−2,5", -2.5, true}, {"1 234,5", 1234.5, true}, {"0,75", 0.75, true},
		{"", 0, false}, {"abc", 0, false}, {"12,5,1", 0, false}, {"1.23,4", 0, false}, {"NaN", 0, false},
		{"Inf", 0, false}, {"1e400", 0, false}, {"12%", 0, false}, {"0x10", 0, false},
	}
	for _, c := range cases {
		got, ok := ParseNumber(c.in)
		if ok != c.ok || ok && got != c.want {
			t.Errorf("ParseNumber(%q) = %v, %v; want %v, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

func TestParsePeriod(t *testing.T) {
	cases := []struct {
		kind model.PeriodKind
		in   string
		want string
		sp   Span
		ok   bool
	}{
		{model.PeriodYear, "2026", "2026", Span{2026 * 12, 2026*12 + 11}, true},
		{model.PeriodYear, "2026-03", "", Span{}, false},
		{model.PeriodMonth, "2026-03", "2026-03", Span{2026*12 + 2, 2026*12 + 2}, true},
		{model.PeriodMonth, "3/2026", "2026-03", Span{2026*12 + 2, 2026*12 + 2}, true},
		{model.PeriodMonth, "2026-13", "", Span{}, false},
		{model.PeriodTerm, "2025-2030", "2025-2030", Span{2025 * 12, 2030*12 + 11}, true},
		{model.PeriodTerm, "2025 – 2030", "2025-2030", Span{2025 * 12, 2030*12 + 11}, true},
		{model.PeriodTerm, "2030-2025", "", Span{}, false},
		{model.PeriodTerm, "2025-2050", "", Span{}, false},
		{"week", "2026", "", Span{}, false},
	}
	for _, c := range cases {
		got, sp, ok := ParsePeriod(c.kind, c.in)
		if got != c.want || sp != c.sp || ok != c.ok {
			t.Errorf("ParsePeriod(%s, %q) = %q %v %v", c.kind, c.in, got, sp, ok)
		}
	}
}

func TestCheckValue(t *testing.T) {
	target := &model.Target{ID: 1, Unit: "%", PeriodKind: model.PeriodYear, Period: "2026"}
	cases := []struct {
		name  string
		in    ValueInput
		field string
		key   string
	}{
		{"fine with comma", ValueInput{Period: "2026-03", Value: "12,5"}, "", ""},
		{"fine with unit", ValueInput{Period: "2026", Value: "12", Unit: " % "}, "", ""},
		{"wrong unit", ValueInput{Period: "2026", Value: "12", Unit: "hộ"}, "unit", "target.unit_mismatch"},
		{"not a number", ValueInput{Period: "2026", Value: "mười"}, "value", "target.not_number"},
		{"no value", ValueInput{Period: "2026"}, "value", "field.required"},
		{"period outside", ValueInput{Period: "2027-01", Value: "1"}, "period", "target.value_period_outside"},
		{"period nonsense", ValueInput{Period: "quý 1", Value: "1"}, "period", "target.value_period_invalid"},
		{"no period", ValueInput{Value: "1"}, "period", "field.required"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := &model.ValidationError{}
			checkValue(target, c.in, e)
			if c.field == "" {
				if len(e.Fields) != 0 {
					t.Fatalf("unexpected %v", e)
				}
				return
			}
			if len(e.Fields) != 1 || e.Fields[0].Field != c.field || e.Fields[0].Msg.Key != c.key {
				t.Fatalf("got %+v, want %s %s", e.Fields, c.field, c.key)
			}
		})
	}
}

func TestCheckTarget(t *testing.T) {
	good := Input{Name: "Thu nhập bình quân", Unit: "triệu đồng/người/năm", Baseline: "50", Value: "60",
		Direction: model.Increase, PeriodKind: model.PeriodYear, Period: "2026", Owner: model.Owner{Kind: model.OwnerOrg, ID: 3}}
	cases := []struct {
		name  string
		edit  func(*Input)
		field string
		key   string
	}{
		{"fine", func(*Input) {}, "", ""},
		{"empty name", func(in *Input) { in.Name = "  " }, "name", "field.required"},
		{"missing target value", func(in *Input) { in.Value = "" }, "target_value", "field.required"},
		{"target not a number", func(in *Input) { in.Value = "sáu mươi" }, "target_value", "target.not_number"},
		{"reach needs no baseline", func(in *Input) { in.Direction, in.Baseline = model.Reach, "" }, "", ""},
		{"increase needs a baseline", func(in *Input) { in.Baseline = "" }, "baseline", "field.required"},
		{"bad direction", func(in *Input) { in.Direction = "up" }, "direction", "target.direction_invalid"},
		{"bad period", func(in *Input) { in.Period = "năm nay" }, "period", "target.period_invalid.year"},
		{"no owner", func(in *Input) { in.Owner = model.Owner{} }, "owner", "target.owner_required"},
		{"bad source", func(in *Input) { in.SourceKind = "meeting"; in.SourceID = 3 }, "source", "target.source_invalid"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := good
			c.edit(&in)
			_, e := check(&in)
			if c.field == "" {
				if len(e.Fields) != 0 {
					t.Fatalf("unexpected %v", e)
				}
				return
			}
			if len(e.Fields) != 1 || e.Fields[0].Field != c.field || e.Fields[0].Msg.Key != c.key {
				t.Fatalf("got %+v, want %s %s", e.Fields, c.field, c.key)
			}
		})
	}
}
