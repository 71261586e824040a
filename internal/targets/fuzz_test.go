package targets

import (
	"math"
	"strings"
	"testing"

	"nghisu/internal/model"
)

// Numbers as people type them ("1.234,5", "12.5", "−3") are read without
// panicking into finite numbers, or refused.
func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"", "12,5", "1.234,5", "1.234", "12.5", "−3", "1e308", "1e309", "NaN", "Inf", "0x10", "1_000",
		"1.2.3", "1,2,3", " 1 234 ", "+.5", "-", "١٢٣", "1\u00a0000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, ok := ParseNumber(s)
		if ok && (math.IsNaN(v) || math.IsInf(v, 0)) || !ok && v != 0 {
			t.Fatalf("ParseNumber(%+q) = %v, %v", s, v, ok)
		}
	})
}

// Periods and owners typed in forms and sheets are read without panicking
// into their canonical form, which reads back the same.
func FuzzParsePeriod(f *testing.F) {
	for _, s := range []string{"2026", "2026-03", "3/2026", "03/2026", "2025-2030", "2025–2030", "2026-13", "1899", "2026-3-1",
		"org:12", "body:0", "person:-1", "x:1", ":", "9999999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, kind := range []model.PeriodKind{model.PeriodMonth, model.PeriodYear, model.PeriodTerm} {
			p, sp, ok := ParsePeriod(kind, s)
			if !ok {
				continue
			}
			if sp.Months() < 1 || strings.TrimSpace(p) != p {
				t.Fatalf("ParsePeriod(%s, %+q) = %q, %+v", kind, s, p, sp)
			}
			if p2, sp2, ok2 := ParsePeriod(kind, p); !ok2 || p2 != p || sp2 != sp {
				t.Fatalf("ParsePeriod(%s, %+q) = %q does not read back: %q %v", kind, s, p, p2, ok2)
			}
		}
		if _, sp, ok := ParseValuePeriod(s); ok && sp.Months() < 1 {
			t.Fatalf("ParseValuePeriod(%+q): %+v", s, sp)
		}
		if o, ok := ParseOwner(s); ok {
			if o.ID <= 0 || !o.Kind.Valid() {
				t.Fatalf("ParseOwner(%+q) = %+v", s, o)
			}
			if o2, ok2 := ParseOwner(FormatOwner(o)); !ok2 || o2 != o {
				t.Fatalf("ParseOwner(%+q) = %+v does not read back", s, o)
			}
		}
	})
}
