package rules

import (
	"errors"
	"testing"

	"nghisu/internal/model"
)

func TestThresholds(t *testing.T) {
	cases := []struct {
		name   string
		th     Threshold
		n      int
		base   int
		met    bool
		needed int
	}{
		// The article's case: 31 members, 3 transferred → base 28; half is
		// 14, so 15 passes and 14 (a tie with the rest) does not.
		{"31 members 3 transferred, 15 for", MoreThanHalf, 15, 28, true, 15},
		{"31 members 3 transferred, 14 for", MoreThanHalf, 14, 28, false, 15},
		{"odd base 31, 16 for", MoreThanHalf, 16, 31, true, 16},
		{"odd base 31, 15 for", MoreThanHalf, 15, 31, false, 16},
		{"BCH of 9 without BTV, 5 for", MoreThanHalf, 5, 9, true, 5},
		{"BCH of 9 without BTV, 4 for", MoreThanHalf, 4, 9, false, 5},
		{"BTV of 10, tie 5 for 5 against", MoreThanHalf, 5, 10, false, 6},
		{"base of 1", MoreThanHalf, 1, 1, true, 1},
		{"2/3 of 28 needs 19", TwoThirds, 19, 28, true, 19},
		{"2/3 of 28, 18 fails", TwoThirds, 18, 28, false, 19},
		{"2/3 of 9 is exactly 6", TwoThirds, 6, 9, true, 6},
		{"2/3 of 9, 5 fails", TwoThirds, 5, 9, false, 6},
		{"2/3 of 31 needs 21", TwoThirds, 21, 31, true, 21},
		{"2/3 of 31, 20 fails", TwoThirds, 20, 31, false, 21},
		{"2/3 of 30 is exactly 20", TwoThirds, 20, 30, true, 20},
		{"2/3 of 100 needs 67, not 66", TwoThirds, 66, 100, false, 67},
		{"empty base decides nothing", MoreThanHalf, 0, 0, false, 1},
		{"empty base, even with votes", TwoThirds, 3, 0, false, 1},
	}
	for _, c := range cases {
		if got := c.th.Met(c.n, c.base); got != c.met {
			t.Errorf("%s: Met(%d, %d) = %v, want %v", c.name, c.n, c.base, got, c.met)
		}
		if got := c.th.Needed(c.base); got != c.needed {
			t.Errorf("%s: Needed(%d) = %d, want %d", c.name, c.base, got, c.needed)
		}
	}
	// Needed is the exact edge for every base a body can have.
	for _, th := range []Threshold{MoreThanHalf, TwoThirds} {
		for base := 1; base <= 200; base++ {
			n := th.Needed(base)
			if !th.Met(n, base) || th.Met(n-1, base) {
				t.Fatalf("%+v: Needed(%d) = %d is not the edge", th, base, n)
			}
		}
	}
}

func TestVoteRules(t *testing.T) {
	all := []model.VoteMethod{model.MethodOpen, model.MethodNamed, model.MethodSecret, model.MethodPaper}
	open := []model.VoteMethod{model.MethodOpen, model.MethodNamed}
	secret := []model.VoteMethod{model.MethodSecret, model.MethodPaper}
	cases := []struct {
		kind            model.DecisionKind
		personnelSecret bool
		allowed         []model.VoteMethod
		pass            Threshold
	}{
		{model.DecideOrdinary, true, open, MoreThanHalf},
		{model.DecideAdmission, true, all, TwoThirds},
		{model.DecideElection, true, secret, MoreThanHalf},
		{model.DecideElection, false, secret, MoreThanHalf}, // the setting does not touch elections
		{model.DecideNomination, true, secret, MoreThanHalf},
		{model.DecideNomination, false, secret, MoreThanHalf},
		{model.DecideConfidence, true, secret, MoreThanHalf},
		{model.DecideConfidence, false, secret, MoreThanHalf},
		{model.DecidePersonnel, true, secret, MoreThanHalf},
		{model.DecidePersonnel, false, all, MoreThanHalf},
	}
	for _, c := range cases {
		r := RuleFor(c.kind, c.personnelSecret)
		if r.Pass != c.pass {
			t.Errorf("%s: pass %+v, want %+v", c.kind, r.Pass, c.pass)
		}
		if r.Source == "" {
			t.Errorf("%s: no source", c.kind)
		}
		for _, m := range all {
			want := false
			for _, a := range c.allowed {
				want = want || a == m
			}
			if got := r.Allows(m); got != want {
				t.Errorf("%s (personnel secret %v): Allows(%s) = %v, want %v", c.kind, c.personnelSecret, m, got, want)
			}
		}
	}
	for _, k := range model.DecisionKinds {
		if _, ok := voteRules[k]; !ok {
			t.Errorf("no rule for %s", k)
		}
	}
}

func TestPassed(t *testing.T) {
	cases := []struct {
		name string
		kind model.DecisionKind
		for_ int
		base int
		want bool
	}{
		{"resolution, 15 of 28", model.DecideOrdinary, 15, 28, true},
		{"resolution, 14 of 28 (20 present: abstentions and absences count against)", model.DecideOrdinary, 14, 28, false},
		{"admission, 19 of 28", model.DecideAdmission, 19, 28, true},
		{"admission, 18 of 28", model.DecideAdmission, 18, 28, false},
		{"election, 5 of 9", model.DecideElection, 5, 9, true},
		{"election, 4 of 9", model.DecideElection, 4, 9, false},
	}
	for _, c := range cases {
		if got := RuleFor(c.kind, true).Passed(c.for_, c.base); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

func TestCanVote(t *testing.T) {
	ord := RuleFor(model.DecideOrdinary, true)
	conf := RuleFor(model.DecideConfidence, true)
	cases := []struct {
		name    string
		rule    VoteRule
		present int
		base    int
		quorum  int
		ok      bool
		reason  string
	}{
		{"20 of 28 present, 2/3 quorum (19)", ord, 20, 28, QuorumTwoThirds, true, ""},
		{"19 of 28 present: exactly the quorum", ord, 19, 28, QuorumTwoThirds, true, ""},
		{"18 of 28 present", ord, 18, 28, QuorumTwoThirds, false, "vote.no_quorum"},
		{"6 of 9 present", ord, 6, 9, QuorumTwoThirds, true, ""},
		{"5 of 9 present", ord, 5, 9, QuorumTwoThirds, false, "vote.no_quorum"},
		{"15 of 28 with a majority quorum", ord, 15, 28, QuorumHalf, true, ""},
		{"14 of 28 with a majority quorum", ord, 14, 28, QuorumHalf, false, "vote.no_quorum"},
		{"confidence needs 2/3 whatever the quorum", conf, 15, 28, QuorumHalf, false, "vote.min_present"},
		{"confidence with 19 of 28", conf, 19, 28, QuorumHalf, true, ""},
		{"no incumbent member", ord, 0, 0, QuorumTwoThirds, false, "vote.no_base"},
		{"unknown quorum setting falls back to 2/3", ord, 18, 28, 0, false, "vote.no_quorum"},
	}
	for _, c := range cases {
		ok, why := CanVote(c.rule, c.present, c.base, c.quorum)
		if ok != c.ok || why.Key != c.reason {
			t.Errorf("%s: %v %q, want %v %q", c.name, ok, why.Key, c.ok, c.reason)
		}
	}
	_, why := CanVote(ord, 18, 28, QuorumTwoThirds)
	if len(why.Args) != 3 || why.Args[0] != 19 || why.Args[1] != 18 || why.Args[2] != 28 {
		t.Errorf("reason args %v, want needed 19, present 18, base 28", why.Args)
	}
}

func TestCheckTally(t *testing.T) {
	cases := []struct {
		name    string
		tally   model.Tally
		present int
		field   string
	}{
		{"all present counted", model.Tally{For: 15, Against: 3, Abstain: 2}, 20, ""},
		{"fewer ballots than present", model.Tally{For: 15}, 20, ""},
		{"spoiled count in the total", model.Tally{For: 15, Against: 3, Abstain: 2, Spoiled: 1}, 20, "for"},
		{"more votes than present", model.Tally{For: 21}, 20, "for"},
		{"negative", model.Tally{For: 15, Against: -1}, 20, "against"},
		{"nothing counted", model.Tally{}, 20, ""},
	}
	for _, c := range cases {
		err := CheckTally(c.tally, c.present)
		var ve *model.ValidationError
		switch {
		case c.field == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.field != "" && (!errors.As(err, &ve) || !ve.Has(c.field)):
			t.Errorf("%s: %v, want a problem with %s", c.name, err, c.field)
		}
	}
}
