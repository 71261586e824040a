package oversight

import (
	"fmt"
	"strconv"
	"strings"
)

// Weights are the score's weight of each rate indicator, 0 to MaxWeight.
type Weights map[Code]int

// MaxWeight bounds a weight: enough to say "three times as important".
const MaxWeight = 5

// DefaultWeights are the weights before the province sets its own. They
// are our judgement, not a cited rule: the meeting itself and its papers
// and record count most ("mặc định, chưa xác minh").
func DefaultWeights() Weights {
	w := Weights{}
	for _, in := range Indicators {
		if in.Rate {
			w[in.Code] = in.Weight
		}
	}
	return w
}

// Term is one indicator's part in a score.
type Term struct {
	Code   Code
	Weight int
	Value  Value
}

// Score is a month's or a period's score with the terms it came from, so
// that the page can write the formula out.
type Score struct {
	// OK is false when no weighted indicator applied (nothing to score).
	OK    bool
	Value float64
	Terms []Term
}

// ScoreOf computes the score of facts under weights:
//
//	100 × Σ wᵢ·rateᵢ / Σ wᵢ   over the rate indicators that apply, wᵢ > 0.
//
// It lies in [0, 100] and never falls when one indicator's rate rises.
func ScoreOf(f Facts, w Weights) Score {
	var s Score
	var num, den float64
	for _, in := range Indicators {
		v, ok := f[in.Code]
		wt := w[in.Code]
		if !in.Rate || !ok || !v.Applies() || wt <= 0 {
			continue
		}
		s.Terms = append(s.Terms, Term{in.Code, wt, v})
		num += float64(wt) * v.Rate()
		den += float64(wt)
	}
	if den == 0 {
		return s
	}
	s.OK, s.Value = true, 100*num/den
	return s
}

// Formula writes the score out with its numbers, Vietnamese style:
// "100 × (3×1 + 2×0,67) / (3 + 2) = 86,7".
func (s Score) Formula() string {
	if !s.OK {
		return "không có chỉ số nào để tính điểm"
	}
	var nums, dens []string
	for _, t := range s.Terms {
		nums = append(nums, fmt.Sprintf("%d×%s", t.Weight, Decimal(t.Value.Rate(), 2)))
		dens = append(dens, strconv.Itoa(t.Weight))
	}
	return fmt.Sprintf("100 × (%s) / (%s) = %s", strings.Join(nums, " + "), strings.Join(dens, " + "), Decimal(s.Value, 1))
}

// Decimal formats v with at most places decimals and a decimal comma,
// trailing zeros dropped: 0,67; 1; 86,7.
func Decimal(v float64, places int) string {
	s := strconv.FormatFloat(v, 'f', places, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return strings.Replace(s, ".", ",", 1)
}

// Band is the colour class of a score: the legend's four bands.
func Band(score float64) string {
	switch {
	case score >= 90:
		return "excellent"
	case score >= 75:
		return "good"
	case score >= 60:
		return "fair"
	}
	return "weak"
}

// Bands lists the legend's bands, best first, with their lower bounds.
var Bands = []struct {
	Name string
	From float64
}{{"excellent", 90}, {"good", 75}, {"fair", 60}, {"weak", 0}}
