package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"nghisu/internal/db"
	"nghisu/internal/model"
	"nghisu/internal/session"
	"nghisu/internal/testutil"
)

// follower is a participant's device following a meeting's events: on
// its home instance, and, once the home is gone, on the other one when the
// balancer sends it there (moved closes), resuming from its last event id.
type follower struct {
	s          *Stream
	home, away string
	moved      <-chan struct{}

	connects atomic.Int64
	onAway   atomic.Bool
}

// run follows the stream until ctx ends; ready gets the first connection's
// outcome (the server subscribes before it answers: from then on nothing
// is missed).
func (f *follower) run(ctx context.Context, ready chan<- error) {
	first := true
	addr := f.home
	for ctx.Err() == nil {
		f.s.addr = addr // only this goroutine reads it
		err := f.s.session(ctx, func() {
			f.connects.Add(1)
			f.onAway.Store(addr == f.away)
			if first {
				first = false
				ready <- nil
			}
		})
		f.s.connected.Store(false)
		if ctx.Err() != nil {
			return
		}
		if first {
			ready <- err
			return
		}
		if addr == f.home && f.home != f.away {
			// The home instance closed the stream: it is gone (the test
			// kills it). Wait for the balancer to send us on.
			select {
			case <-ctx.Done():
				return
			case <-f.moved:
				addr = f.away
			}
			continue
		}
		// Dropped by the instance we are on: reconnect after a pause, as
		// EventSource does.
		select {
		case <-ctx.Done():
			return
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// TestFailoverPostgres runs two `nghisu serve` instances on one PostgreSQL
// database. Participants follow their meeting's events on instance A (a
// quarter of them on B); the chair acts through B, opening and closing
// votes, and members vote through either. In the middle of a vote A is
// killed with SIGKILL; the chair goes on through B (closes that vote,
// opens and closes more) before A's participants are sent to B. They
// reconnect with their Last-Event-ID and must replay every event they
// missed: each stream sees every vote of its meeting open and close,
// exactly in order, none missing, no event twice. Ballots A acknowledged
// before it died are counted; the ones it did not answer are resent to B
// with the same key and counted once.
func TestFailoverPostgres(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills server processes")
	}
	if !slices.Contains(testutil.Dialects(t), db.Postgres) {
		testutil.Skip(t, "PostgreSQL: NGHISU_TEST_PG is not set")
	}
	bin := serverBinary(t)
	ctx := context.Background()
	nMeetings, perMeeting := sized(2, 4), sized(20, 100)
	polls, killAt := sized(4, 10), sized(2, 5) // A dies during vote killAt (1-based)
	d := testutil.NewDB(t, db.Postgres)
	meetings, err := Prepare(ctx, d, nMeetings, nMeetings*perMeeting)
	if err != nil {
		t.Fatal(err)
	}

	var a, b *Server
	for _, s := range []**Server{&a, &b} {
		dir := t.TempDir()
		*s = &Server{Bin: bin, DataDir: dir, DB: d.URL()}
		srv := *s
		t.Cleanup(func() {
			srv.Kill()
			if t.Failed() {
				log, _ := os.ReadFile(filepath.Join(dir, "server.log"))
				t.Logf("%s log:\n%s", srv.Addr, log)
			}
		})
		if err := srv.Start(ctx); err != nil {
			t.Fatal(err)
		}
	}
	apiA, apiB := NewAPI(a.URL(), 32), NewAPI(b.URL(), 32)
	post := func(c *API, path, token string, in, out any) {
		t.Helper()
		if err := c.Do(ctx, http.MethodPost, path, token, in, out); err != nil {
			t.Fatalf("POST %s%s: %v", c.Base, path, err)
		}
	}

	// Everyone present and the meetings open, through B.
	for _, m := range meetings {
		chair := m.Chair().Token
		for _, mem := range m.Members {
			post(apiB, fmt.Sprintf("/meetings/%d/attendance", m.ID), chair, map[string]any{"person_id": mem.PersonID, "status": model.AttendPresent}, nil)
		}
		post(apiB, fmt.Sprintf("/meetings/%d/open", m.ID), chair, struct{}{}, nil)
	}

	// Every participant follows the events: three in four on A.
	moved := make(chan struct{})
	sctx, stop := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer func() { stop(); wg.Wait() }()
	clock := &Clock{start: time.Now()}
	var followers []*follower
	ready := make(chan error)
	for i, m := range meetings {
		for j, mem := range m.Members {
			f := &follower{s: &Stream{Meeting: i, meetID: m.ID, token: mem.Token, clock: clock, errs: &Errors{}},
				home: a.Addr, away: b.Addr, moved: moved}
			if j%4 == 3 {
				f.home = b.Addr
			}
			followers = append(followers, f)
			wg.Go(func() { f.run(sctx, ready) })
		}
	}
	for range followers {
		if err := <-ready; err != nil {
			t.Fatalf("a stream did not connect: %v", err)
		}
	}
	onA := 0
	for _, f := range followers {
		if f.home == a.Addr {
			onA++
		}
	}

	// waitAll polls, with a deadline, until every follower that cond
	// selects has seen what it asks.
	waitAll := func(what string, cond func(f *follower) bool) {
		t.Helper()
		deadline := time.Now().Add(60 * time.Second)
		for {
			missing := 0
			for _, f := range followers {
				if !cond(f) {
					missing++
				}
			}
			if missing == 0 {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: %d of %d streams still waiting after 60 s", what, missing, len(followers))
			}
			time.Sleep(10 * time.Millisecond)
		}
	}

	type vote struct {
		poll   int64
		member Member
		choice model.Choice
		key    string
		viaA   bool
		acked  bool
	}
	want := map[int64][]int64{} // meeting → its polls in order
	var ballots []*vote
	began := time.Now()
	killed := false
	var ackedByA, resentToB int
	for k := 1; k <= polls; k++ {
		// The chair opens a vote in each meeting, through B.
		opened := map[int]int64{}
		for i, m := range meetings {
			var p model.Poll
			post(apiB, fmt.Sprintf("/meetings/%d/polls", m.ID), m.Chair().Token,
				model.PollInput{Title: fmt.Sprintf("Biểu quyết số %d", k), DecisionKind: model.DecideOrdinary, Method: model.MethodNamed}, &p)
			opened[i] = p.ID
			want[m.ID] = append(want[m.ID], p.ID)
		}
		// Before anyone votes, every stream still connected has the vote
		// open: those on A thus see it on A, from B's NOTIFY.
		waitAll(fmt.Sprintf("vote %d open", k), func(f *follower) bool {
			return !f.s.connected.Load() || f.s.seenOpen.Load() >= opened[f.s.Meeting]
		})
		var round []*vote
		for i, m := range meetings {
			for j, mem := range m.Members {
				v := &vote{poll: opened[i], member: mem, choice: choices[(j+k)%len(choices)],
					key: fmt.Sprintf("failover-%d-%d", opened[i], mem.PersonID), viaA: !killed && j%2 == 0}
				round = append(round, v)
			}
		}
		ballots = append(ballots, round...)
		cast := func(c *API, vs []*vote, killAfter int) {
			var mu sync.Mutex
			n := 0
			var once sync.Once
			var cw sync.WaitGroup
			jobs := make(chan *vote)
			for range 8 {
				cw.Go(func() {
					for v := range jobs {
						var r session.Receipt
						err := c.Do(ctx, http.MethodPost, fmt.Sprintf("/polls/%d/ballots", v.poll), v.member.Token,
							model.BallotInput{Choice: v.choice, Key: v.key}, &r)
						switch {
						case err == nil:
							mu.Lock()
							v.acked = true
							n++
							hit := killAfter > 0 && n >= killAfter
							mu.Unlock()
							if hit {
								once.Do(a.Kill)
							}
						case !Retryable(err):
							t.Errorf("ballot %s: %v", v.key, err)
						}
					}
				})
			}
			for _, v := range vs {
				jobs <- v
			}
			close(jobs)
			cw.Wait()
		}
		var viaA, viaB []*vote
		for _, v := range round {
			if v.viaA {
				viaA = append(viaA, v)
			} else {
				viaB = append(viaB, v)
			}
		}
		if k == killAt {
			// A dies once half of its ballots are acknowledged.
			cast(apiA, viaA, len(viaA)/2)
			killed = true
			for _, v := range viaA {
				if v.acked {
					ackedByA++
				} else {
					viaB = append(viaB, v) // the phone resends to B, same key
					resentToB++
				}
			}
		} else {
			cast(apiA, viaA, 0)
		}
		cast(apiB, viaB, 0)
		for _, v := range round {
			if !v.acked {
				t.Fatalf("ballot %s not acknowledged", v.key)
			}
		}
		// The chair closes the votes; each counts every ballot once.
		for i, m := range meetings {
			var p model.Poll
			post(apiB, fmt.Sprintf("/polls/%d/close", opened[i]), m.Chair().Token, struct{}{}, &p)
			var w model.Tally
			for _, v := range round {
				if v.poll != p.ID {
					continue
				}
				switch v.choice {
				case model.ChoiceFor:
					w.For++
				case model.ChoiceAgainst:
					w.Against++
				default:
					w.Abstain++
				}
			}
			if p.For != w.For || p.Against != w.Against || p.Abstain != w.Abstain {
				t.Errorf("vote %d closed with %d/%d/%d, want %d/%d/%d", p.ID, p.For, p.Against, p.Abstain, w.For, w.Against, w.Abstain)
			}
		}
		if k == killAt+1 || (k == polls && killAt == polls) {
			// A's participants have missed the end of vote killAt and all
			// of this one: now the balancer sends them to B.
			close(moved)
		}
	}
	last := map[int]int64{}
	for i, m := range meetings {
		last[i] = want[m.ID][len(want[m.ID])-1]
	}
	waitAll("the last votes closed", func(f *follower) bool {
		return f.s.seenClosed.Load() >= last[f.s.Meeting]
	})
	elapsed := time.Since(began)
	stop()
	wg.Wait()

	// Each stream: every vote of its meeting opened then closed, in order,
	// none missing; event ids strictly rising (nothing twice).
	moves := 0
	for _, f := range followers {
		obs := f.s.Observations()
		type step struct {
			poll int64
			open bool
		}
		var got, exp []step
		for _, p := range want[meetings[f.s.Meeting].ID] {
			exp = append(exp, step{p, true}, step{p, false})
		}
		var prev int64
		for _, o := range obs {
			if o.ID <= prev {
				t.Errorf("stream of meeting %d (home %s): event %d after %d", f.s.Meeting, f.home, o.ID, prev)
			}
			prev = o.ID
			s := step{o.Poll, o.Open}
			if len(got) == 0 || got[len(got)-1] != s {
				got = append(got, s)
			}
		}
		if !slices.Equal(got, exp) {
			t.Errorf("stream (home %s, %d connects): saw %v, want %v", f.home, f.connects.Load(), got, exp)
		}
		if f.home == a.Addr {
			if !f.onAway.Load() || f.connects.Load() < 2 {
				t.Errorf("a stream of A: %d connects, on B %v", f.connects.Load(), f.onAway.Load())
			}
			moves++
		}
	}
	// In the table: one voter per member per vote, the ballots A
	// acknowledged among them.
	var voters int
	if err := d.R.QueryRowContext(ctx, "SELECT COUNT(*) FROM poll_voters").Scan(&voters); err != nil {
		t.Fatal(err)
	}
	if voters != len(ballots) {
		t.Errorf("poll_voters: %d, want %d", voters, len(ballots))
	}
	if err := b.Stop(); err != nil {
		t.Fatal(err)
	}
	t.Logf("failover: %d meetings × %d participants (%d streams on A, %d on B), %d votes each, A killed during vote %d: "+
		"%d ballots A acknowledged before dying counted, %d it left unanswered resent to B and counted once, %d ballots in all; "+
		"%d streams moved to B and replayed what they missed, every stream saw %d opens and closes in order; %v",
		nMeetings, perMeeting, onA, len(followers)-onA, polls, killAt, ackedByA, resentToB, len(ballots), moves, 2*polls,
		elapsed.Round(time.Millisecond))
}
