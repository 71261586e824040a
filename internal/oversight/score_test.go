package oversight

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestScoreTable(t *testing.T) {
	w := DefaultWeights()
	for _, c := range []struct {
		name string
		f    Facts
		want float64
		ok   bool
	}{
		{"nothing applies", Facts{}, 0, false},
		{"only counts", Facts{StandingHeld: {3, 1}, Cancelled: {1, 1}}, 0, false},
		{"all perfect", Facts{CommitteeHeld: {1, 1}, PapersOnTime: {2, 2}, Attendance: {30, 30}}, 100, true},
		{"all failed", Facts{CommitteeHeld: {0, 1}, PapersOnTime: {0, 2}}, 0, true},
		// 100 × (3×1 + 2×0,5) / (3 + 2) = 80
		{"weighted mean", Facts{CommitteeHeld: {1, 1}, PapersOnTime: {1, 2}}, 80, true},
		// A base of 0 leaves the indicator out instead of counting 0.
		{"no questions is not a failure", Facts{CommitteeHeld: {1, 1}, QuestionsTimely: {0, 0}}, 100, true},
		// Over-counting (bad data) is capped at 100%.
		{"rate capped", Facts{CommitteeHeld: {2, 1}}, 100, true},
	} {
		s := ScoreOf(c.f, w)
		if s.OK != c.ok || math.Abs(s.Value-c.want) > 1e-9 {
			t.Errorf("%s: got %v %v, want %v %v (%s)", c.name, s.OK, s.Value, c.ok, c.want, s.Formula())
		}
	}
	if got := ScoreOf(Facts{CommitteeHeld: {1, 1}, PapersOnTime: {2, 3}}, w).Formula(); got != "100 × (3×1 + 2×0,67) / (3 + 2) = 86,7" {
		t.Errorf("formula: %q", got)
	}
	// A weight of 0 leaves an indicator out.
	w0 := DefaultWeights()
	w0[PapersOnTime] = 0
	if s := ScoreOf(Facts{CommitteeHeld: {1, 1}, PapersOnTime: {0, 3}}, w0); s.Value != 100 || len(s.Terms) != 1 {
		t.Errorf("weight 0: %+v", s)
	}
}

// TestScoreProperties: for random facts and weights, the score stays in
// [0, 100], and raising any one indicator's count (within its base) never
// lowers it.
func TestScoreProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	for i := 0; i < 20000; i++ {
		f, w := Facts{}, Weights{}
		for _, in := range Indicators {
			if rng.IntN(4) > 0 {
				den := rng.IntN(6)
				f[in.Code] = Value{Num: rng.IntN(den + 1), Den: den}
			}
			w[in.Code] = rng.IntN(MaxWeight + 1)
		}
		s := ScoreOf(f, w)
		if s.Value < 0 || s.Value > 100 || math.IsNaN(s.Value) {
			t.Fatalf("out of bounds: %v for %v", s.Value, f)
		}
		for _, in := range Indicators {
			v, ok := f[in.Code]
			if !ok || v.Num >= v.Den {
				continue
			}
			g := Facts{}
			for k, x := range f {
				g[k] = x
			}
			g[in.Code] = Value{v.Num + 1, v.Den}
			if up := ScoreOf(g, w); up.Value < s.Value-1e-9 || up.OK != s.OK {
				t.Fatalf("raising %s lowered the score: %v → %v", in.Code, s.Value, up.Value)
			}
		}
	}
}

func TestDecimal(t *testing.T) {
	for v, want := range map[float64]string{0.6666: "0,67", 1: "1", 86.66: "86,7", 0: "0", 12.5: "12,5"} {
		places := 2
		if v > 1 {
			places = 1
		}
		if got := Decimal(v, places); got != want {
			t.Errorf("Decimal(%v) = %q, want %q", v, got, want)
		}
	}
}
