package targets

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"nghisu/internal/model"
	"nghisu/internal/vntext"
)

// Status is how a target stands.
type Status string

const (
	NoData  Status = "no_data"  // no value reported yet
	Reached Status = "reached"  // the target is met
	OnTrack Status = "on_track" // at least as far as the time elapsed
	Behind  Status = "behind"   // less far than the time elapsed
)

// Achievement is how far an actual value has come towards a target.
type Achievement struct {
	// Ratio is the raw ratio: 1 is the target met, above 1 beyond it, below
	// 0 worse than the baseline.
	Ratio float64 `json:"ratio"`
	// Percent is the ratio for display, between 0 and 100.
	Percent float64 `json:"percent"`
	// Formula is the computation in words and numbers, in Vietnamese:
	// "(thực hiện − cơ sở) / (chỉ tiêu − cơ sở) = (58 − 50) / (60 − 50) = 80%".
	Formula string `json:"formula"`
	// Met: the value meets the target (for a baseline equal to the target,
	// the only thing that can be said).
	Met bool `json:"met"`
}

// num formats a number as the commune reads it: "12,5", "1.234".
func num(f float64) string {
	s := vntext.Decimal(f, 2)
	if i := strings.IndexByte(s, ','); i >= 0 {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ",")
	}
	return s
}

// Achieve computes the achievement of an actual value:
//
//	increase: (actual − baseline) / (target − baseline)
//	decrease: (baseline − actual) / (baseline − target)
//	reach:    actual / target
//
// When the denominator is zero (a baseline equal to the target, or a reach
// target of 0) the ratio is 1 if the value meets the target and 0 if not:
// there is no way to be part of the way there.
func Achieve(t model.Target, actual float64) Achievement {
	var num1, den float64
	var words, nums string
	switch t.Direction {
	case model.Decrease:
		num1, den = t.Baseline-actual, t.Baseline-t.Value
		words = "(cơ sở − thực hiện) / (cơ sở − chỉ tiêu)"
		nums = fmt.Sprintf("(%s − %s) / (%s − %s)", num(t.Baseline), num(actual), num(t.Baseline), num(t.Value))
	case model.Reach:
		num1, den = actual, t.Value
		words = "thực hiện / chỉ tiêu"
		nums = fmt.Sprintf("%s / %s", num(actual), num(t.Value))
	default:
		num1, den = actual-t.Baseline, t.Value-t.Baseline
		words = "(thực hiện − cơ sở) / (chỉ tiêu − cơ sở)"
		nums = fmt.Sprintf("(%s − %s) / (%s − %s)", num(actual), num(t.Baseline), num(t.Value), num(t.Baseline))
	}
	var a Achievement
	if den == 0 {
		a.Met = meets(t, actual)
		if a.Met {
			a.Ratio = 1
		}
		what := "chỉ tiêu bằng đường cơ sở"
		if t.Direction == model.Reach {
			what = "chỉ tiêu bằng 0"
		}
		verdict := "chưa đạt"
		if a.Met {
			verdict = "đạt"
		}
		a.Formula = fmt.Sprintf("%s: thực hiện %s, %s", what, num(actual), verdict)
	} else {
		a.Ratio = num1 / den
		a.Met = a.Ratio >= 1
		a.Formula = fmt.Sprintf("%s = %s = %s", words, nums, vntext.Percent(a.Ratio, 1))
	}
	a.Percent = math.Max(0, math.Min(100, a.Ratio*100))
	if math.IsNaN(a.Percent) {
		a.Percent = 0
	}
	return a
}

// meets reports whether actual meets the target in its direction.
func meets(t model.Target, actual float64) bool {
	if t.Direction == model.Decrease {
		return actual <= t.Value
	}
	return actual >= t.Value
}

// Span is a period as a range of months, both ends included, counted
// from year 0 (year×12 + month − 1).
type Span struct{ From, To int }

// Months is how many months the span holds.
func (s Span) Months() int { return s.To - s.From + 1 }

// Contains reports whether o lies inside s.
func (s Span) Contains(o Span) bool { return o.From >= s.From && o.To <= s.To }

func monthIndex(y, m int) int { return y*12 + m - 1 }

// parseYear reads a four-digit year between 1900 and 2200.
func parseYear(s string) (int, bool) {
	if len(s) != 4 {
		return 0, false
	}
	y, err := strconv.Atoi(s)
	return y, err == nil && y >= 1900 && y <= 2200
}

// ParseValuePeriod reads the period of a reported value: a year "2026" or a
// month "2026-03" (also written "03/2026" or "3/2026").
func ParseValuePeriod(s string) (string, Span, bool) {
	s = strings.TrimSpace(s)
	if y, ok := parseYear(s); ok {
		return s, Span{monthIndex(y, 1), monthIndex(y, 12)}, true
	}
	var ys, ms string
	if a, b, ok := strings.Cut(s, "-"); ok {
		ys, ms = a, b
	} else if a, b, ok := strings.Cut(s, "/"); ok {
		ys, ms = b, a
	} else {
		return "", Span{}, false
	}
	y, ok := parseYear(ys)
	m, err := strconv.Atoi(ms)
	if !ok || err != nil || m < 1 || m > 12 || len(ms) > 2 {
		return "", Span{}, false
	}
	return fmt.Sprintf("%04d-%02d", y, m), Span{monthIndex(y, m), monthIndex(y, m)}, true
}

// ParsePeriod reads a target's period by its kind: "2026-03" for a month,
// "2026" for a year, "2025-2030" for a term. It returns the period in its
// canonical form.
func ParsePeriod(kind model.PeriodKind, s string) (string, Span, bool) {
	s = strings.TrimSpace(s)
	switch kind {
	case model.PeriodYear:
		if y, ok := parseYear(s); ok {
			return s, Span{monthIndex(y, 1), monthIndex(y, 12)}, true
		}
	case model.PeriodMonth:
		if p, sp, ok := ParseValuePeriod(s); ok && sp.Months() == 1 {
			return p, sp, true
		}
	case model.PeriodTerm:
		a, b, ok := strings.Cut(strings.ReplaceAll(s, "–", "-"), "-")
		y1, ok1 := parseYear(strings.TrimSpace(a))
		y2, ok2 := parseYear(strings.TrimSpace(b))
		if ok && ok1 && ok2 && y2 > y1 && y2-y1 <= 10 {
			return fmt.Sprintf("%d-%d", y1, y2), Span{monthIndex(y1, 1), monthIndex(y2, 12)}, true
		}
	}
	return "", Span{}, false
}

// TargetSpan is the span of a target's period (zero when it does not parse).
func TargetSpan(t model.Target) Span {
	_, sp, _ := ParsePeriod(t.PeriodKind, t.Period)
	return sp
}

// Latest picks the value that stands for the target now: the report of the
// period that ends last (a year's value over its December's), the newest
// report of that period. Values must be of one target.
func Latest(values []model.TargetValue) *model.TargetValue {
	var best *model.TargetValue
	var bestSpan Span
	for i := range values {
		v := &values[i]
		_, sp, ok := ParseValuePeriod(v.Period)
		if !ok {
			continue
		}
		if best == nil || sp.To > bestSpan.To || sp.To == bestSpan.To && sp.Months() > bestSpan.Months() ||
			sp == bestSpan && (v.ReportedAt.After(best.ReportedAt) || v.ReportedAt.Equal(best.ReportedAt) && v.ID > best.ID) {
			best, bestSpan = v, sp
		}
	}
	return best
}

// Current keeps the newest report of each period, in period order (months
// and years by where they end; a year after its December).
func Current(values []model.TargetValue) []model.TargetValue {
	byPeriod := map[string]model.TargetValue{}
	for _, v := range values {
		if o, ok := byPeriod[v.Period]; !ok || v.ReportedAt.After(o.ReportedAt) || v.ReportedAt.Equal(o.ReportedAt) && v.ID > o.ID {
			byPeriod[v.Period] = v
		}
	}
	out := make([]model.TargetValue, 0, len(byPeriod))
	for _, v := range byPeriod {
		out = append(out, v)
	}
	key := func(v model.TargetValue) (int, int) {
		_, sp, _ := ParseValuePeriod(v.Period)
		return sp.To, sp.Months()
	}
	slices.SortFunc(out, func(a, b model.TargetValue) int {
		at, am := key(a)
		bt, bm := key(b)
		if at != bt {
			return at - bt
		}
		return am - bm
	})
	return out
}

// Elapsed is the share of the target's span gone by in the month of today
// (counted whole): 0 before it starts, 1 once it has ended.
func Elapsed(sp Span, today model.Date) float64 {
	if sp.Months() <= 0 || today.IsZero() {
		return 0
	}
	now := monthIndex(today.Year, int(today.Month))
	return math.Max(0, math.Min(1, float64(now-sp.From+1)/float64(sp.Months())))
}

// StatusOf says how a target stands today given its values: no data,
// reached, on track (its achievement is at least the share of its span that
// has gone by: a straight line from the baseline to the target), or behind.
func StatusOf(t model.Target, values []model.TargetValue, today model.Date) (Status, *Achievement) {
	v := Latest(values)
	if v == nil {
		return NoData, nil
	}
	a := Achieve(t, v.Value)
	switch {
	case a.Met:
		return Reached, &a
	case a.Ratio >= Elapsed(TargetSpan(t), today):
		return OnTrack, &a
	default:
		return Behind, &a
	}
}
