package session_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"slices"
	"sort"
	"sync"
	"testing"

	"nghisu/internal/app"
	"nghisu/internal/auth"
	"nghisu/internal/config"
	"nghisu/internal/db"
	"nghisu/internal/demo"
	"nghisu/internal/model"
	"nghisu/internal/session"
	"nghisu/internal/store"
	"nghisu/internal/testutil"
	"nghisu/internal/vntext"
)

var ctx = context.Background()

// fixture is Mỹ Tho's BCH and its thematic meeting of today (convened, at
// 14:00), from the demo: 31 members, of whom the demo makes two
// temporarily transferred and one exempted; the fixture makes the third
// transferred as well, so the BCH has 31 members, 3 transferred, 28
// incumbent, which is the base of every vote.
type fixture struct {
	srv *testutil.Server
	svc *session.Service
	st  *store.Store
	// m is the meeting; items its program.
	m     *model.Meeting
	items []model.AgendaItem
	bch   *model.Body
	// incumbents are the person ids of the 28 incumbent members, the
	// chair's (the Bí thư's) first; transferred the 3 others.
	incumbents  []int64
	transferred []int64
	chair       *auth.Actor // bithu.mytho
	mu          sync.Mutex
	actors      map[int64]*auth.Actor
}

// newServer starts nghisu with the demo on d, as testutil.NewServerWith
// does, but with only the two communes the tests use (Mỹ Tho and Cao
// Lãnh): seeding all of them takes most of a test's time on PostgreSQL.
// The app logs to logger (nil: nowhere).
func newServer(t *testing.T, d *db.DB, logger *slog.Logger) *testutil.Server {
	t.Helper()
	if logger == nil {
		logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	clock := testutil.NewClock(testutil.DemoNow)
	cfg := config.Config{MaxUploadMB: 2, SMTPSecurity: "none", SMTPFrom: "nghisu@dongthap.test", PublicURL: "http://nghisu.test"}
	a, err := app.New(cfg, d, logger, clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	res, err := demo.Seed(ctx, a.Store, demo.Options{Communes: 2})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(a.Close)
	hs := httptest.NewServer(a.Handler())
	t.Cleanup(hs.Close)
	return &testutil.Server{Server: hs, App: a, Clock: clock, Demo: res}
}

// setup prepares the fixture on a server with the demo.
func setup(t *testing.T, srv *testutil.Server) *fixture {
	t.Helper()
	f := &fixture{srv: srv, svc: srv.App.Session, st: srv.App.Store, actors: map[int64]*auth.Actor{}}
	// The tests count one poll event per ballot (TestTurnoutSpaced sets
	// the spacing the server runs with).
	f.svc.SpaceTurnout(0)
	f.bch = srv.Body(t, "Mỹ Tho", model.BodyCommittee)
	ms, err := f.st.Meetings(ctx, store.MeetingQuery{BodyIDs: []int64{f.bch.ID}, Kind: model.MeetingThematic})
	if err != nil || len(ms) != 1 {
		t.Fatalf("the demo's thematic meeting: %d, %v", len(ms), err)
	}
	f.m = f.meeting(t, ms[0].ID)
	if f.m.State != model.StateConvened {
		t.Fatalf("demo meeting in state %s, want convened", f.m.State)
	}
	if f.items, err = f.st.Items(ctx, f.m.ID); err != nil || len(f.items) != 4 {
		t.Fatalf("items: %d, %v", len(f.items), err)
	}
	f.chair = srv.Actor(t, "bithu.mytho")
	for _, u := range []string{"bithu.mytho", "pbtt.mytho", "btv.mytho", "uv.mytho"} {
		a := srv.Actor(t, u)
		f.actors[a.Account.PersonID] = a
	}
	members, err := f.st.BodyMembers(ctx, f.bch.ID, false)
	if err != nil {
		t.Fatal(err)
	}
	today := srv.App.Org.Today()
	for _, ms := range members {
		if ms.Status == model.StatusExempted {
			if _, err := srv.App.Org.ChangeStatus(ctx, f.chair, ms.ID, model.StatusChange{Status: model.StatusTransferred, On: today}); err != nil {
				t.Fatal(err)
			}
		}
	}
	if members, err = f.st.BodyMembers(ctx, f.bch.ID, false); err != nil {
		t.Fatal(err)
	}
	for _, ms := range members {
		switch ms.Status {
		case model.StatusIncumbent:
			f.incumbents = append(f.incumbents, ms.PersonID)
		case model.StatusTransferred:
			f.transferred = append(f.transferred, ms.PersonID)
		default:
			t.Fatalf("member %d: status %s", ms.PersonID, ms.Status)
		}
	}
	if len(members) != 31 || len(f.incumbents) != 28 || len(f.transferred) != 3 {
		t.Fatalf("BCH: %d members, %d incumbent, %d transferred; want 31, 28, 3", len(members), len(f.incumbents), len(f.transferred))
	}
	// The chair first, then the other demo accounts, then the rest: the
	// first few voters of a test are people one can sign in as.
	first := []int64{f.chair.Account.PersonID, srv.PersonOf(t, "pbtt.mytho"), srv.PersonOf(t, "btv.mytho"), srv.PersonOf(t, "uv.mytho")}
	sort.SliceStable(f.incumbents, func(i, j int) bool {
		ri, rj := slices.Index(first, f.incumbents[i]), slices.Index(first, f.incumbents[j])
		if ri < 0 {
			ri = len(first)
		}
		if rj < 0 {
			rj = len(first)
		}
		return ri < rj
	})
	if f.incumbents[0] != f.chair.Account.PersonID {
		t.Fatal("the Bí thư is not an incumbent member")
	}
	return f
}

// meeting reads a meeting from the store.
func (f *fixture) meeting(t *testing.T, id int64) *model.Meeting {
	t.Helper()
	m, err := f.st.Meeting(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// actor is the actor of a person of Mỹ Tho, with an account made for them
// when they have none (most BCH members of the demo have none). The
// account is made with the store, as auth.Service.CreateAccount does but
// without hashing a password nobody types, and the actor is loaded the way
// testutil.Server.Actor does.
func (f *fixture) actor(t testing.TB, personID int64) *auth.Actor {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	if a, ok := f.actors[personID]; ok {
		return a
	}
	acc, err := f.st.AccountByPerson(ctx, personID)
	if errors.Is(err, model.ErrNotFound) {
		acc = &model.Account{Username: fmt.Sprintf("dv%d.mytho", personID), PersonID: personID,
			OrgID: f.m.Body.OrgID, Role: model.RoleMember, PasswordHash: "-"}
		err = f.st.CreateAccount(ctx, acc)
	}
	if err != nil {
		t.Fatal(err)
	}
	a, err := f.srv.App.Auth.Actor(ctx, acc, "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	f.actors[personID] = a
	return a
}

// attend records people's attendance as the chair.
func (f *fixture) attend(t *testing.T, status model.AttendanceStatus, people ...int64) {
	t.Helper()
	for _, p := range people {
		in := model.AttendanceInput{Status: status}
		if status == model.AttendExcused {
			in.Reason = "Đi công tác"
		}
		if err := f.svc.RecordAttendance(ctx, f.chair, f.m.ID, p, in); err != nil {
			t.Fatalf("attendance of %d (%s): %v", p, status, err)
		}
	}
}

// present marks the first n incumbent members present.
func (f *fixture) present(t *testing.T, n int) { f.attend(t, model.AttendPresent, f.incumbents[:n]...) }

// open opens the meeting as the chair.
func (f *fixture) open(t *testing.T) {
	t.Helper()
	if err := f.svc.Open(ctx, f.chair, f.m.ID); err != nil {
		t.Fatalf("open: %v", err)
	}
	f.m = f.meeting(t, f.m.ID)
}

// openPoll opens a vote on the item on the floor as the chair.
func (f *fixture) openPoll(t *testing.T, kind model.DecisionKind, method model.VoteMethod, opts ...func(*model.PollInput)) *model.Poll {
	t.Helper()
	in := model.PollInput{Title: "Biểu quyết " + string(kind) + " " + string(method), DecisionKind: kind, Method: method}
	for _, o := range opts {
		o(&in)
	}
	p, err := f.svc.OpenPoll(ctx, f.chair, f.m.ID, in)
	if err != nil {
		t.Fatalf("open %s vote by %s: %v", kind, method, err)
	}
	return p
}

func allowChange(v bool) func(*model.PollInput) {
	return func(in *model.PollInput) { in.AllowChange = &v }
}

func hideResults(v bool) func(*model.PollInput) {
	return func(in *model.PollInput) { in.HideResults = &v }
}

// key is a ballot key for a person's n-th ballot in a test.
func key(personID int64, n int) string { return fmt.Sprintf("key-%d-%d-abcdef", personID, n) }

// cast casts a person's ballot and fails the test on error.
func (f *fixture) cast(t testing.TB, pollID, personID int64, c model.Choice, k string) *session.Receipt {
	t.Helper()
	r, err := f.svc.Cast(ctx, f.actor(t, personID), pollID, model.BallotInput{Choice: c, Key: k})
	if err != nil {
		t.Fatalf("ballot of %d (%s, %s): %v", personID, c, k, err)
	}
	return r
}

// castAll casts the ballots of people concurrently, choices[i] for
// people[i], and fails the test on any error.
func (f *fixture) castAll(t *testing.T, pollID int64, people []int64, choices []model.Choice) {
	t.Helper()
	for _, p := range people {
		f.actor(t, p) // accounts made before the goroutines start
	}
	var wg sync.WaitGroup
	errs := make([]error, len(people))
	for i, p := range people {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = f.svc.Cast(ctx, f.actor(t, p), pollID, model.BallotInput{Choice: choices[i], Key: key(p, 1)})
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("ballot of %d: %v", people[i], err)
		}
	}
}

// choices is n1 times c1, then n2 times c2, and so on.
func choices(spec ...any) []model.Choice {
	var out []model.Choice
	for i := 0; i+1 < len(spec); i += 2 {
		for range spec[i].(int) {
			out = append(out, spec[i+1].(model.Choice))
		}
	}
	return out
}

// close closes a vote as the chair (with a tally for a show of hands or
// paper ballots).
func (f *fixture) close(t *testing.T, pollID int64, tally *model.Tally) *model.Poll {
	t.Helper()
	p, err := f.svc.ClosePoll(ctx, f.chair, pollID, tally)
	if err != nil {
		t.Fatalf("close vote %d: %v", pollID, err)
	}
	return p
}

// lastEvent is the id of the meeting's newest event.
func (f *fixture) lastEvent(t *testing.T) int64 {
	t.Helper()
	id, err := f.st.LastEventID(ctx, session.Topic(f.m.ID))
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// events lists the meeting's events after an id.
func (f *fixture) events(t *testing.T, after int64) []store.Event {
	t.Helper()
	evs, err := f.st.EventsAfter(ctx, session.Topic(f.m.ID), after, 1000)
	if err != nil {
		t.Fatal(err)
	}
	return evs
}

// expectEvents checks that the events after an id are exactly one of each
// section named, in any order, and returns the newest id.
func (f *fixture) expectEvents(t *testing.T, after int64, what string, want ...session.Section) int64 {
	t.Helper()
	evs := f.events(t, after)
	var got, exp []string
	for _, e := range evs {
		got = append(got, e.Kind)
		after = e.ID
	}
	for _, s := range want {
		exp = append(exp, string(s))
	}
	slices.Sort(got)
	slices.Sort(exp)
	if !slices.Equal(got, exp) {
		t.Errorf("%s: events %v, want %v", what, got, exp)
	}
	return after
}

// pollCount is how many votes a meeting has.
func (f *fixture) pollCount(t *testing.T) int {
	t.Helper()
	ps, err := f.st.Polls(ctx, f.m.ID)
	if err != nil {
		t.Fatal(err)
	}
	return len(ps)
}

// refused checks that err is a Refusal with key.
func refused(t testing.TB, what string, err error, key string) {
	t.Helper()
	if got := testutil.RefusalKey(err); got != key {
		t.Errorf("%s: got %v (key %q), want the refusal %s", what, err, got, key)
	}
}

// denied checks that err is a Denial with key.
func denied(t testing.TB, what string, err error, key string) {
	t.Helper()
	var d *model.Denial
	if !errors.As(err, &d) || d.Msg.Key != key {
		t.Errorf("%s: got %v, want the denial %s", what, err, key)
	}
}

// invalid checks that err is a validation error on field with key.
func invalid(t testing.TB, what string, err error, field, key string) {
	t.Helper()
	if testutil.FieldOf(err) != field || testutil.FieldKey(err) != key {
		t.Errorf("%s: got %v (field %q, key %q), want %s: %s", what, err, testutil.FieldOf(err), testutil.FieldKey(err), field, key)
	}
}

// notFound checks that err is model.ErrNotFound.
func notFound(t testing.TB, what string, err error) {
	t.Helper()
	if !errors.Is(err, model.ErrNotFound) {
		t.Errorf("%s: got %v, want ErrNotFound", what, err)
	}
}

// today is the demo's day in Vietnam.
func (f *fixture) today() model.Date { return model.DateOf(f.st.Now().In(vntext.Location())) }

// setSettings writes settings of Mỹ Tho as its Bí thư.
func (f *fixture) setSettings(t *testing.T, kv map[string]string) {
	t.Helper()
	if err := f.srv.App.Org.SetSettings(ctx, f.chair, f.m.Body.OrgID, kv); err != nil {
		t.Fatal(err)
	}
}

// seat is an actor's seat in the meeting.
func (f *fixture) seat(t *testing.T, a *auth.Actor) *session.Seat {
	t.Helper()
	seat, err := f.svc.Seat(ctx, a, f.m.ID)
	if err != nil {
		t.Fatal(err)
	}
	return seat
}

// live reads every section of the meeting as the chair sees it.
func (f *fixture) live(t *testing.T) *session.Live {
	t.Helper()
	l, err := f.svc.Live(ctx, f.seat(t, f.chair))
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func errorsAs[T error](err error, target *T) bool { return errors.As(err, target) }

func itoa(n int) string { return fmt.Sprint(n) }

// equalArgs compares a message's arguments with the ones expected.
func equalArgs(got, want []any) bool { return fmt.Sprint(got) == fmt.Sprint(want) }
