package session_test

import (
	"encoding/json"
	"sync"
	"testing"
	"time"

	"nghisu/internal/auth"
	"nghisu/internal/db"
	"nghisu/internal/model"
	"nghisu/internal/session"
	"nghisu/internal/store"
	"nghisu/internal/testutil"
)

// TestBallotRetries: a device that lost the reply sends the same ballot
// again with the same key; it gets the same receipt, marked repeated, and
// the ballot counts once. In a named vote that allows a change, a late
// retry of the old ballot does not take the change back.
func TestBallotRetries(t *testing.T) {
	t.Parallel()
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := setup(t, newServer(t, d, nil))
		f.present(t, 20)
		f.open(t)
		a, b := f.incumbents[1], f.incumbents[2]

		for _, method := range []model.VoteMethod{model.MethodSecret, model.MethodNamed} {
			p := f.openPoll(t, model.DecideAdmission, method, allowChange(false))
			first := f.cast(t, p.ID, a, model.ChoiceFor, key(a, 1))
			if first.Repeated || first.Changed || first.PollID != p.ID || first.Key != key(a, 1) {
				t.Errorf("%s: first receipt %+v", method, first)
			}
			for i, c := range []model.Choice{model.ChoiceFor, model.ChoiceAgainst} {
				again := f.cast(t, p.ID, a, c, key(a, 1))
				if !again.Repeated || again.Changed || again.Key != first.Key || again.Choice != first.Choice {
					t.Errorf("%s: retry %d: receipt %+v, want %+v repeated", method, i, again, first)
				}
			}
			want := model.ChoiceFor
			if method == model.MethodSecret {
				want = ""
			}
			if first.Choice != want {
				t.Errorf("%s: receipt choice %q, want %q", method, first.Choice, want)
			}
			f.cast(t, p.ID, b, model.ChoiceAgainst, key(b, 1))
			if n, _ := f.st.Turnout(ctx, p.ID); n != 2 {
				t.Errorf("%s: turnout %d, want 2", method, n)
			}
			closed := f.close(t, p.ID, nil)
			if closed.For != 1 || closed.Against != 1 || closed.Abstain != 0 {
				t.Errorf("%s: closed %d/%d/%d, want 1/1/0", method, closed.For, closed.Against, closed.Abstain)
			}
		}

		// A named vote that allows a change.
		p := f.openPoll(t, model.DecideOrdinary, model.MethodNamed, allowChange(true), hideResults(false))
		if !p.AllowChange {
			t.Fatal("named vote opened without allow_change")
		}
		steps := []struct {
			what              string
			choice            model.Choice
			key               string
			repeated, changed bool
			now               model.Choice
		}{
			{"first ballot", model.ChoiceFor, key(a, 1), false, false, model.ChoiceFor},
			{"change", model.ChoiceAgainst, key(a, 2), false, true, model.ChoiceAgainst},
			{"retry of the change", model.ChoiceAgainst, key(a, 2), true, false, model.ChoiceAgainst},
			{"late retry of the first ballot", model.ChoiceFor, key(a, 1), true, false, model.ChoiceAgainst},
			{"change again", model.ChoiceAbstain, key(a, 3), false, true, model.ChoiceAbstain},
			{"late retry of the second ballot", model.ChoiceAgainst, key(a, 2), true, false, model.ChoiceAbstain},
		}
		for _, s := range steps {
			r := f.cast(t, p.ID, a, s.choice, s.key)
			if r.Repeated != s.repeated || r.Changed != s.changed || r.Choice != s.now {
				t.Errorf("%s: receipt %+v, want repeated %v, changed %v, choice %s", s.what, r, s.repeated, s.changed, s.now)
			}
			me, err := f.svc.MeOf(ctx, f.actor(t, a), f.m.ID)
			if err != nil || !me.Voted || me.Choice != s.now {
				t.Errorf("%s: me %+v, %v", s.what, me, err)
			}
			if tally, _ := f.st.Count(ctx, p); tally.For+tally.Against+tally.Abstain != 1 {
				t.Errorf("%s: %+v counted, want one ballot", s.what, tally)
			}
		}
		if live := f.live(t); !live.Poll.Shown || live.Poll.Abstain != 1 || live.Poll.Voted != 1 {
			t.Errorf("live named vote showing results: %+v", live.Poll)
		}
		closed := f.close(t, p.ID, nil)
		if closed.For != 0 || closed.Against != 0 || closed.Abstain != 1 {
			t.Errorf("closed %d/%d/%d, want 0/0/1", closed.For, closed.Against, closed.Abstain)
		}
		named, err := f.svc.NamedVotes(ctx, f.chair, p.ID)
		if err != nil || len(named) != 1 || named[0].PersonID != a || named[0].Choice != model.ChoiceAbstain || named[0].Name == "" {
			t.Errorf("named votes %+v, %v", named, err)
		}
		var history int
		if err := d.R.QueryRowContext(ctx, d.Rebind("SELECT COUNT(*) FROM poll_votes WHERE poll_id = ? AND person_id = ?"), p.ID, a).Scan(&history); err != nil || history != 3 {
			t.Errorf("history of the named ballots: %d rows, %v; want 3", history, err)
		}
	})
}

// TestSimultaneousBallots: two devices of one member (or a double tap with
// a new key) send different ballots at the same instant: exactly one is
// counted. And every member voting at once is counted exactly.
func TestSimultaneousBallots(t *testing.T) {
	t.Parallel()
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := setup(t, newServer(t, d, nil))
		f.present(t, 25)
		f.open(t)
		voters := f.incumbents[:25]
		for _, p := range voters {
			f.actor(t, p)
		}

		for _, method := range []model.VoteMethod{model.MethodSecret, model.MethodNamed} {
			p := f.openPoll(t, model.DecideAdmission, method, allowChange(false))
			// 10 members, each with 4 ballots of different keys and choices
			// sent at once.
			const tries = 4
			type result struct {
				person int64
				err    error
			}
			results := make(chan result, 10*tries)
			start := make(chan struct{})
			var wg sync.WaitGroup
			for _, person := range voters[:10] {
				for i := range tries {
					wg.Add(1)
					go func() {
						defer wg.Done()
						<-start
						_, err := f.svc.Cast(ctx, f.actor(t, person), p.ID,
							model.BallotInput{Choice: model.Choices[i%3], Key: key(person, i)})
						results <- result{person, err}
					}()
				}
			}
			close(start)
			wg.Wait()
			close(results)
			ok := map[int64]int{}
			for r := range results {
				switch {
				case r.err == nil:
					ok[r.person]++
				case testutil.RefusalKey(r.err) != "vote.already_voted":
					t.Errorf("%s: ballot of %d: %v", method, r.person, r.err)
				}
			}
			for _, person := range voters[:10] {
				if ok[person] != 1 {
					t.Errorf("%s: %d ballots of member %d accepted, want 1", method, ok[person], person)
				}
			}
			closed := f.close(t, p.ID, nil)
			if n := closed.For + closed.Against + closed.Abstain; n != 10 {
				t.Errorf("%s: %d ballots counted, want 10", method, n)
			}
		}

		// Every member votes at once: all are counted, each once.
		for _, method := range []model.VoteMethod{model.MethodSecret, model.MethodNamed} {
			p := f.openPoll(t, model.DecideAdmission, method)
			want := choices(17, model.ChoiceFor, 5, model.ChoiceAgainst, 3, model.ChoiceAbstain)
			f.castAll(t, p.ID, voters, want)
			if n, _ := f.st.Turnout(ctx, p.ID); n != 25 {
				t.Errorf("%s: turnout %d, want 25", method, n)
			}
			closed := f.close(t, p.ID, nil)
			if closed.For != 17 || closed.Against != 5 || closed.Abstain != 3 || closed.Passed == nil || *closed.Passed {
				t.Errorf("%s: closed %d/%d/%d (passed %v), want 17/5/3, failed: admission needs 19 of 28",
					method, closed.For, closed.Against, closed.Abstain, ptr(closed.Passed))
			}
		}
	})
}

// TestSimultaneousChanges: in a named vote that allows a change, a member's
// changes sent at once leave exactly one current ballot.
func TestSimultaneousChanges(t *testing.T) {
	t.Parallel()
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := setup(t, newServer(t, d, nil))
		f.present(t, 20)
		f.open(t)
		members := f.incumbents[:8]
		p := f.openPoll(t, model.DecideOrdinary, model.MethodNamed, allowChange(true))
		f.castAll(t, p.ID, members, choices(8, model.ChoiceFor))
		for round := range 3 {
			start := make(chan struct{})
			var wg sync.WaitGroup
			errs := make(chan error, len(members)*4)
			for _, person := range members {
				for i := range 4 {
					wg.Add(1)
					go func() {
						defer wg.Done()
						<-start
						_, err := f.svc.Cast(ctx, f.actor(t, person), p.ID,
							model.BallotInput{Choice: model.Choices[(i+round)%3], Key: key(person, 10*(round+1)+i)})
						errs <- err
					}()
				}
			}
			close(start)
			wg.Wait()
			close(errs)
			for err := range errs {
				if err != nil {
					t.Errorf("change: %v", err)
				}
			}
			tally, err := f.st.Count(ctx, p)
			if err != nil {
				t.Fatal(err)
			}
			if n := tally.For + tally.Against + tally.Abstain; n != len(members) {
				t.Errorf("round %d: %d current ballots for %d members (%+v)", round, n, len(members), tally)
			}
		}
		closed := f.close(t, p.ID, nil)
		if n := closed.For + closed.Against + closed.Abstain; n != len(members) {
			t.Errorf("closed with %d ballots for %d members", n, len(members))
		}
	})
}

// TestCloseWhileVoting: the chair closes the vote while ballots arrive.
// Every ballot acknowledged is in the result and every other ballot is
// refused as too late: no ballot is acknowledged and then lost.
func TestCloseWhileVoting(t *testing.T) {
	t.Parallel()
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := setup(t, newServer(t, d, nil))
		f.present(t, 28)
		f.open(t)
		voters := f.incumbents[:28]
		for _, p := range voters {
			f.actor(t, p)
		}
		rounds := 6
		for round := range rounds {
			method := []model.VoteMethod{model.MethodSecret, model.MethodNamed}[round%2]
			kind := model.DecideOrdinary
			if method == model.MethodSecret {
				kind = model.DecideElection
			}
			p := f.openPoll(t, kind, method)
			start := make(chan struct{})
			var wg sync.WaitGroup
			var mu sync.Mutex
			acked, late := 0, 0
			for i, person := range voters {
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					_, err := f.svc.Cast(ctx, f.actor(t, person), p.ID, model.BallotInput{Choice: model.ChoiceFor, Key: key(person, 100+round)})
					mu.Lock()
					defer mu.Unlock()
					switch {
					case err == nil:
						acked++
					case testutil.RefusalKey(err) == "vote.closed":
						late++
					default:
						t.Errorf("ballot %d: %v", i, err)
					}
				}()
			}
			var closed *model.Poll
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				var err error
				closed, err = f.svc.ClosePoll(ctx, f.chair, p.ID, nil)
				if err != nil {
					t.Errorf("close: %v", err)
				}
			}()
			close(start)
			wg.Wait()
			if closed == nil {
				t.FailNow()
			}
			if acked+late != len(voters) || closed.For != acked {
				t.Errorf("round %d (%s): %d ballots acknowledged, %d refused as late, %d counted", round, method, acked, late, closed.For)
			}
		}
	})
}

// TestBallotsWhileStopping: ballots cast while the server stops are either
// written and acknowledged or refused (the device sends them again to the
// next server); none waits for ever.
func TestBallotsWhileStopping(t *testing.T) {
	t.Parallel()
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := setup(t, newServer(t, d, nil))
		f.present(t, 28)
		f.open(t)
		p := f.openPoll(t, model.DecideOrdinary, model.MethodNamed)
		for _, person := range f.incumbents {
			f.actor(t, person)
		}
		done := make(chan error, 2*len(f.incumbents))
		start := make(chan struct{})
		for round := range 2 {
			for _, person := range f.incumbents {
				go func() {
					<-start
					_, err := f.svc.Cast(ctx, f.actor(t, person), p.ID, model.BallotInput{Choice: model.ChoiceFor, Key: key(person, round)})
					done <- err
				}()
			}
		}
		go func() { <-start; f.svc.Close() }()
		close(start)
		deadline := time.After(10 * time.Second)
		acked := 0
		for range 2 * len(f.incumbents) {
			select {
			case err := <-done:
				if err == nil {
					acked++
				}
			case <-deadline:
				t.Fatal("a ballot cast while the server stops waits for ever")
			}
		}
		if n, _ := f.st.Turnout(ctx, p.ID); n > acked {
			t.Errorf("%d ballots written, %d acknowledged", n, acked)
		}
	})
}

// TestConcurrentConsole: the chair's console pressed twice, or by the chair
// and the Phó Bí thư thường trực at once: one vote at a time, no vote left
// open in an adjourned meeting, and a vote stays on the item it was opened
// on.
func TestConcurrentConsole(t *testing.T) {
	t.Parallel()
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := newServer(t, d, nil)
		f := setup(t, srv)
		pbtt := srv.Actor(t, "pbtt.mytho")
		f.present(t, 20)
		f.open(t)
		in := model.PollInput{Title: "Biểu quyết", DecisionKind: model.DecideOrdinary, Method: model.MethodNamed}
		all := func(fns ...func() error) []error {
			start := make(chan struct{})
			errs := make([]error, len(fns))
			var wg sync.WaitGroup
			for i, fn := range fns {
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					errs[i] = fn()
				}()
			}
			close(start)
			wg.Wait()
			return errs
		}
		openAs := func(a *auth.Actor) func() error {
			return func() error { _, err := f.svc.OpenPoll(ctx, a, f.m.ID, in); return err }
		}
		for round := range 4 {
			// Two vote openings at once: one opens.
			errs := all(openAs(f.chair), openAs(pbtt), openAs(f.chair), openAs(pbtt))
			ps, err := f.st.Polls(ctx, f.m.ID)
			if err != nil {
				t.Fatal(err)
			}
			open := 0
			for _, p := range ps {
				if p.State == model.PollOpen {
					open++
					f.close(t, p.ID, nil)
				}
			}
			if open != 1 {
				t.Errorf("round %d: %d votes open at once (%v)", round, open, errs)
			}
			// A vote and the next item at once: the vote stays on the item
			// it was opened on, which is still on the floor.
			errs = all(openAs(f.chair), func() error { return f.svc.GoTo(ctx, pbtt, f.m.ID, 0, f.items[round%2].ID) })
			m := f.meeting(t, f.m.ID)
			if p, err := f.st.OpenPollOf(ctx, f.m.ID); err == nil {
				if p.ItemID != m.CurrentItemID {
					t.Errorf("round %d: the vote is on item %d, the floor on %d (%v)", round, p.ItemID, m.CurrentItemID, errs)
				}
				f.close(t, p.ID, nil)
			}
		}
		// A vote and the adjournment at once: never an open vote in an
		// adjourned meeting.
		all(openAs(f.chair), func() error { return f.svc.Adjourn(ctx, pbtt, f.m.ID) })
		m := f.meeting(t, f.m.ID)
		if p, err := f.st.OpenPollOf(ctx, f.m.ID); err == nil && m.State == model.StateAdjourned {
			t.Errorf("vote %d open in an adjourned meeting", p.ID)
		}
	})
}

// TestTurnoutSpaced: while ballots pour in, a vote's screens are told its
// turnout at most once per spacing, not once per ballot; the first ballot
// of a quiet vote shows at once, and the last count always arrives.
func TestTurnoutSpaced(t *testing.T) {
	t.Parallel()
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := setup(t, newServer(t, d, nil))
		f.present(t, 20)
		f.open(t)
		f.svc.SpaceTurnout(time.Hour) // no second event unless the close or the writer's final flush
		p := f.openPoll(t, model.DecideOrdinary, model.MethodNamed, hideResults(true))
		last := f.lastEvent(t)
		voters := f.incumbents[:12]
		for _, v := range voters {
			f.cast(t, p.ID, v, model.ChoiceFor, key(v, 1))
		}
		// voted reads the turnout an event tells.
		voted := func(ev store.Event) int {
			var v session.PollView
			if err := json.Unmarshal(ev.Data, &v); err != nil || v.ID != p.ID {
				t.Fatalf("event %s: %v", ev.Data, err)
			}
			return v.Voted
		}
		evs := f.events(t, last)
		if len(evs) != 1 || voted(evs[0]) != 1 {
			t.Fatalf("%d events after %d ballots, want the first ballot's only", len(evs), len(voters))
		}
		// With a short spacing, the rest arrives on its own, in one event.
		f.svc.SpaceTurnout(50 * time.Millisecond)
		f.cast(t, p.ID, f.incumbents[12], model.ChoiceAgainst, key(f.incumbents[12], 1))
		deadline := time.Now().Add(10 * time.Second)
		for {
			evs = f.events(t, last)
			if n := len(evs); voted(evs[n-1]) == len(voters)+1 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("no event with the final turnout in %d events", len(evs))
			}
			time.Sleep(20 * time.Millisecond)
		}
		if len(evs) > 3 {
			t.Errorf("%d events for %d ballots, want at most 3", len(evs), len(voters)+1)
		}
		if closed := f.close(t, p.ID, nil); closed.For != len(voters) || closed.Against != 1 {
			t.Errorf("closed %d/%d, want %d/1", closed.For, closed.Against, len(voters))
		}
	})
}
