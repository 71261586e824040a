package rules

import (
	"testing"

	"nghisu/internal/model"
)

func TestStandingSize(t *testing.T) {
	cases := []struct {
		committee int
		allowed   bool
		max       int
	}{
		{0, false, 0},
		{7, false, 0},
		{8, false, 0}, // one short of the minimum
		{9, true, 3},  // the smallest committee with a BTV
		{10, true, 3},
		{11, true, 3},
		{12, true, 4},
		{15, true, 5},
		{31, true, 10}, // a third rounds down: 10 1/3 → 10
		{33, true, 11},
	}
	for _, c := range cases {
		if got := StandingAllowed(c.committee); got != c.allowed {
			t.Errorf("StandingAllowed(%d) = %v, want %v", c.committee, got, c.allowed)
		}
		if got := MaxStanding(c.committee); got != c.max {
			t.Errorf("MaxStanding(%d) = %d, want %d", c.committee, got, c.max)
		}
	}
}

func TestVoteBase(t *testing.T) {
	rep := func(s model.MemberStatus, n int) []model.MemberStatus {
		out := make([]model.MemberStatus, n)
		for i := range out {
			out[i] = s
		}
		return out
	}
	cat := func(parts ...[]model.MemberStatus) []model.MemberStatus {
		var out []model.MemberStatus
		for _, p := range parts {
			out = append(out, p...)
		}
		return out
	}
	cases := []struct {
		name    string
		members []model.MemberStatus
		base    int
	}{
		{"empty body", nil, 0},
		{"31 incumbent", rep(model.StatusIncumbent, 31), 31},
		{"31 members, 3 transferred", cat(rep(model.StatusIncumbent, 28), rep(model.StatusTransferred, 3)), 28},
		{"every excluded status", cat(rep(model.StatusIncumbent, 10), []model.MemberStatus{model.StatusTransferred,
			model.StatusExempted, model.StatusSuspended, model.StatusProsecuted, model.StatusProbationary}), 10},
		{"nobody incumbent", rep(model.StatusSuspended, 4), 0},
	}
	for _, c := range cases {
		if got := VoteBase(c.members); got != c.base {
			t.Errorf("%s: VoteBase = %d, want %d", c.name, got, c.base)
		}
	}
	for _, s := range model.MemberStatuses {
		if CountsInBase(s) != (s == model.StatusIncumbent) {
			t.Errorf("CountsInBase(%s) wrong", s)
		}
	}
}
