package session_test

import (
	"testing"

	"nghisu/internal/db"
	"nghisu/internal/model"
	"nghisu/internal/session"
	"nghisu/internal/testutil"
)

// TestThresholdsWithRealNumbers runs the rules through the service with the
// numbers of a real committee: 31 members, 3 transferred, so a base of 28;
// 20 incumbents present (and the 3 transferred in the room, who do not
// count). A resolution needs more than half of the 28, whoever is present:
// 15 passes, 14 fails. Admitting a member needs two thirds of the 28: 19
// passes, 18 fails.
func TestThresholdsWithRealNumbers(t *testing.T) {
	t.Parallel()
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := setup(t, newServer(t, d, nil))
		f.present(t, 20)
		f.attend(t, model.AttendPresent, f.transferred...)
		f.open(t)
		if err := f.svc.GoTo(ctx, f.chair, f.m.ID, 0, f.items[2].ID); err != nil {
			t.Fatal(err)
		}
		voters := f.incumbents[:20]
		const (
			yes = model.ChoiceFor
			no  = model.ChoiceAgainst
			abs = model.ChoiceAbstain
		)
		cases := []struct {
			name   string
			kind   model.DecisionKind
			method model.VoteMethod
			tally  *model.Tally   // a show of hands or paper ballots, counted
			votes  []model.Choice // electronic ballots of the first voters
			needed int
			passed bool
		}{
			{"resolution by show of hands, 15 of 28 for", model.DecideOrdinary, model.MethodOpen,
				&model.Tally{For: 15, Against: 3, Abstain: 2}, nil, 15, true},
			{"resolution by show of hands, 14 of 28 for (a majority of those present)", model.DecideOrdinary, model.MethodOpen,
				&model.Tally{For: 14, Against: 6}, nil, 15, false},
			{"resolution by name, 15 for", model.DecideOrdinary, model.MethodNamed,
				nil, choices(15, yes, 5, no), 15, true},
			{"resolution by name, 14 for, 6 abstain", model.DecideOrdinary, model.MethodNamed,
				nil, choices(14, yes, 6, abs), 15, false},
			{"resolution by name, 14 for, the rest absent from the vote", model.DecideOrdinary, model.MethodNamed,
				nil, choices(14, yes), 15, false},
			{"admission by show of hands, 19 of 28", model.DecideAdmission, model.MethodOpen,
				&model.Tally{For: 19, Against: 1}, nil, 19, true},
			{"admission by show of hands, 18 of 28", model.DecideAdmission, model.MethodOpen,
				&model.Tally{For: 18, Abstain: 2}, nil, 19, false},
			{"admission by name, 19 for", model.DecideAdmission, model.MethodNamed,
				nil, choices(19, yes, 1, no), 19, true},
			{"admission by secret ballot, 18 for", model.DecideAdmission, model.MethodSecret,
				nil, choices(18, yes, 1, no, 1, abs), 19, false},
			{"admission by paper ballots, 19 for", model.DecideAdmission, model.MethodPaper,
				&model.Tally{For: 19, Spoiled: 1}, nil, 19, true},
			{"election by secret ballot, 15 for", model.DecideElection, model.MethodSecret,
				nil, choices(15, yes, 4, no, 1, abs), 15, true},
			{"election by secret ballot, 14 for", model.DecideElection, model.MethodSecret,
				nil, choices(14, yes, 6, no), 15, false},
		}
		for _, c := range cases {
			p := f.openPoll(t, c.kind, c.method)
			if p.Base != 28 || p.Present != 20 || p.State != model.PollOpen || p.ItemID != f.items[2].ID {
				t.Errorf("%s: opened with base %d, present %d, state %s, item %d; want 28, 20, open, %d",
					c.name, p.Base, p.Present, p.State, p.ItemID, f.items[2].ID)
			}
			live, err := f.svc.Live(ctx, f.seat(t, f.chair))
			if err != nil {
				t.Fatal(err)
			}
			if live.Poll == nil || live.Poll.ID != p.ID || live.Poll.Needed != c.needed || live.Poll.Base != 28 {
				t.Errorf("%s: live poll %+v, want id %d needing %d of 28", c.name, live.Poll, p.ID, c.needed)
			}
			if c.votes != nil {
				f.castAll(t, p.ID, voters[:len(c.votes)], c.votes)
			}
			got := f.close(t, p.ID, c.tally)
			want := model.Tally{}
			if c.tally != nil {
				want = *c.tally
			}
			for _, v := range c.votes {
				switch v {
				case yes:
					want.For++
				case no:
					want.Against++
				case abs:
					want.Abstain++
				}
			}
			stored, err := f.st.Poll(ctx, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, x := range []*model.Poll{got, stored} {
				if x.For != want.For || x.Against != want.Against || x.Abstain != want.Abstain || x.Spoiled != want.Spoiled ||
					x.Passed == nil || *x.Passed != c.passed || x.State != model.PollClosed || x.Base != 28 || x.ClosedAt == nil {
					t.Errorf("%s: closed %d/%d/%d/%d passed %v state %s base %d; want %d/%d/%d/%d passed %v",
						c.name, x.For, x.Against, x.Abstain, x.Spoiled, ptr(x.Passed), x.State, x.Base,
						want.For, want.Against, want.Abstain, want.Spoiled, c.passed)
				}
			}
		}
	})
}

func ptr(b *bool) any {
	if b == nil {
		return nil
	}
	return *b
}

// TestQuorum: with the default setting, a vote needs two thirds of the 28
// incumbents in the room, 19; with 18 the vote is refused and nothing is
// written, not even an event. Members who are not incumbent do not make up
// the number.
func TestQuorum(t *testing.T) {
	t.Parallel()
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := setup(t, newServer(t, d, nil))
		f.present(t, 18)
		f.attend(t, model.AttendPresent, f.transferred...)
		f.open(t)
		live, err := f.svc.Live(ctx, f.seat(t, f.chair))
		if err != nil {
			t.Fatal(err)
		}
		if a := live.Attendance; a.Base != 28 || a.Present != 18 || a.Needed != 19 || a.Quorum || len(a.Here) != 21 {
			t.Errorf("attendance %+v, want base 28, present 18, needed 19, no quorum, 21 here", a)
		}
		before := f.lastEvent(t)
		for _, kind := range []model.DecisionKind{model.DecideOrdinary, model.DecideAdmission} {
			_, err := f.svc.OpenPoll(ctx, f.chair, f.m.ID, model.PollInput{Title: "Biểu quyết", DecisionKind: kind, Method: model.MethodOpen})
			refused(t, "18 of 28 present", err, "vote.no_quorum")
			var r *model.Refusal
			if errorsAs(err, &r) && (len(r.Msg.Args) != 3 || r.Msg.Args[0] != 19 || r.Msg.Args[1] != 18 || r.Msg.Args[2] != 28) {
				t.Errorf("no quorum: args %v, want [19 18 28]", r.Msg.Args)
			}
		}
		if n := f.pollCount(t); n != 0 {
			t.Errorf("a refused vote wrote %d poll rows", n)
		}
		f.expectEvents(t, before, "refused vote")

		f.present(t, 19)
		p := f.openPoll(t, model.DecideOrdinary, model.MethodOpen)
		if p.Base != 28 || p.Present != 19 {
			t.Errorf("opened with base %d, present %d; want 28, 19", p.Base, p.Present)
		}
	})
}

// TestConfidenceNeedsTwoThirdsPresent: a vote of confidence needs two thirds
// of the members present even when the commune's quorum is set to more than
// half.
func TestConfidenceNeedsTwoThirdsPresent(t *testing.T) {
	t.Parallel()
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := setup(t, newServer(t, d, nil))
		f.setSettings(t, map[string]string{"quorum": "1"})
		f.present(t, 14)
		f.open(t)
		steps := []struct {
			present int
			kind    model.DecisionKind
			method  model.VoteMethod
			key     string // the refusal, "" when the vote opens
			args    []any
		}{
			{14, model.DecideOrdinary, model.MethodOpen, "vote.no_quorum", []any{15, 14, 28}},
			{15, model.DecideOrdinary, model.MethodOpen, "", nil},
			{15, model.DecideConfidence, model.MethodSecret, "vote.min_present", []any{19, 15, 28}},
			{18, model.DecideConfidence, model.MethodSecret, "vote.min_present", []any{19, 18, 28}},
			{18, model.DecideElection, model.MethodSecret, "", nil},
			{19, model.DecideConfidence, model.MethodSecret, "", nil},
			{19, model.DecideConfidence, model.MethodPaper, "", nil},
		}
		for _, s := range steps {
			f.present(t, s.present)
			before, polls := f.lastEvent(t), f.pollCount(t)
			p, err := f.svc.OpenPoll(ctx, f.chair, f.m.ID, model.PollInput{Title: "Biểu quyết", DecisionKind: s.kind, Method: s.method})
			if s.key != "" {
				refused(t, string(s.kind)+" with "+itoa(s.present)+" present", err, s.key)
				var r *model.Refusal
				if errorsAs(err, &r) && !equalArgs(r.Msg.Args, s.args) {
					t.Errorf("%s with %d present: args %v, want %v", s.kind, s.present, r.Msg.Args, s.args)
				}
				if f.pollCount(t) != polls {
					t.Errorf("%s refused but a poll was written", s.kind)
				}
				f.expectEvents(t, before, "refused "+string(s.kind))
				continue
			}
			if err != nil {
				t.Fatalf("%s with %d present: %v", s.kind, s.present, err)
			}
			var tally *model.Tally
			if !s.method.Electronic() {
				tally = &model.Tally{}
			}
			if got := f.close(t, p.ID, tally); got.Passed == nil || *got.Passed {
				t.Errorf("%s without votes: passed %v", s.kind, ptr(got.Passed))
			}
		}
	})
}

// TestBallotRules: the rules, not the chair, decide how a decision may be
// voted on: never secretly for an ordinary resolution, always secretly for
// elections, nominations and confidence, and secretly for other personnel
// decisions unless the commune's setting says otherwise.
func TestBallotRules(t *testing.T) {
	t.Parallel()
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := setup(t, newServer(t, d, nil))
		f.present(t, 20)
		f.open(t)
		cases := []struct {
			kind            model.DecisionKind
			method          model.VoteMethod
			personnelSecret string // the setting, "" for the default (1)
			key             string
		}{
			{model.DecideOrdinary, model.MethodSecret, "", "vote.must_be_open"},
			{model.DecideOrdinary, model.MethodPaper, "", "vote.must_be_open"},
			{model.DecideOrdinary, model.MethodOpen, "", ""},
			{model.DecideOrdinary, model.MethodNamed, "", ""},
			{model.DecideElection, model.MethodOpen, "", "vote.must_be_secret"},
			{model.DecideElection, model.MethodNamed, "", "vote.must_be_secret"},
			{model.DecideElection, model.MethodSecret, "", ""},
			{model.DecideElection, model.MethodPaper, "", ""},
			{model.DecideElection, model.MethodOpen, "0", "vote.must_be_secret"},
			{model.DecideNomination, model.MethodOpen, "", "vote.must_be_secret"},
			{model.DecideNomination, model.MethodNamed, "0", "vote.must_be_secret"},
			{model.DecideConfidence, model.MethodNamed, "", "vote.must_be_secret"},
			{model.DecidePersonnel, model.MethodOpen, "", "vote.must_be_secret"},
			{model.DecidePersonnel, model.MethodNamed, "1", "vote.must_be_secret"},
			{model.DecidePersonnel, model.MethodSecret, "1", ""},
			{model.DecidePersonnel, model.MethodOpen, "0", ""},
			{model.DecidePersonnel, model.MethodNamed, "0", ""},
			{model.DecidePersonnel, model.MethodSecret, "0", ""},
			{model.DecideAdmission, model.MethodOpen, "", ""},
			{model.DecideAdmission, model.MethodSecret, "", ""},
		}
		for _, c := range cases {
			f.setSettings(t, map[string]string{"personnel_secret": c.personnelSecret})
			name := string(c.kind) + " by " + string(c.method) + " (personnel_secret=" + c.personnelSecret + ")"
			before, polls := f.lastEvent(t), f.pollCount(t)
			p, err := f.svc.OpenPoll(ctx, f.chair, f.m.ID, model.PollInput{Title: "Biểu quyết", DecisionKind: c.kind, Method: c.method})
			if c.key != "" {
				refused(t, name, err, c.key)
				if f.pollCount(t) != polls {
					t.Errorf("%s: refused but written", name)
				}
				f.expectEvents(t, before, name)
				continue
			}
			if err != nil {
				t.Errorf("%s: %v", name, err)
				continue
			}
			before = f.expectEvents(t, before, name, session.SectionPoll)
			var tally *model.Tally
			if !c.method.Electronic() {
				tally = &model.Tally{For: 20}
			}
			f.close(t, p.ID, tally)
		}
	})
}
