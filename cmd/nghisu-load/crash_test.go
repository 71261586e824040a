package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"

	"nghisu/internal/db"
	"nghisu/internal/model"
	"nghisu/internal/session"
	"nghisu/internal/testutil"
)

var (
	buildOnce sync.Once
	builtBin  string
	buildErr  error
)

// serverBinary builds `nghisu` once for the tests of this package.
func serverBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "nghisu-load-test-")
		if err != nil {
			buildErr = err
			return
		}
		builtBin = filepath.Join(dir, "nghisu")
		cmd := exec.Command(goTool(), "build", "-o", builtBin, "nghisu/cmd/nghisu")
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return builtBin
}

func TestMain(m *testing.M) {
	runChild() // the browsing scenario's baseline server is this binary
	code := m.Run()
	if builtBin != "" {
		os.RemoveAll(filepath.Dir(builtBin))
	}
	os.Exit(code)
}

// TestLoadSmall runs the tool end to end on a small load: every
// acknowledged ballot must be counted once.
func TestLoadSmall(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a server process")
	}
	rep, err := run(context.Background(), []string{"-n", "60", "-m", "3", "-rounds", "2", "-q", "-bin", serverBinary(t)}, io.Discard, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() || rep.Acked != 120 || rep.Polls != 6 || rep.Streams != 60 {
		t.Fatalf("report: %s; %d acknowledged, %d polls, %d streams", rep.Failure(), rep.Acked, rep.Polls, rep.Streams)
	}
}

// crashBallot is one member's ballot in the crash test: sent until it is
// acknowledged, always with the same key.
type crashBallot struct {
	poll   int64
	member Member
	key    string
	choice model.Choice
	acked  atomic.Bool
}

// TestCrashDuringBallots kills the server with SIGKILL again and again
// while members vote (named and secret), restarts it, and has every device
// resend what was not acknowledged with the same key, as a phone does. In
// the end every ballot is counted exactly once: none acknowledged is lost,
// none resent is counted twice, and a ballot resent after its
// acknowledgement is answered "repeated".
func TestCrashDuringBallots(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills server processes")
	}
	bin := serverBinary(t)
	for _, dialect := range testutil.Dialects(t) {
		t.Run(string(dialect), func(t *testing.T) { crashDuringBallots(t, bin, dialect) })
	}
}

func crashDuringBallots(t *testing.T, bin string, dialect db.Dialect) {
	ctx := context.Background()
	dir := t.TempDir()
	url := ""
	var d *db.DB
	var err error
	if dialect == db.Postgres {
		d = testutil.NewDB(t, db.Postgres) // closed when the test ends
		url = d.URL()
	} else {
		if d, err = db.Open(ctx, "", dir, db.Options{}); err != nil {
			t.Fatal(err)
		}
		defer d.Close()
		if _, err := d.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
	}
	meetings, err := Prepare(ctx, d, 2, sized(120, 600))
	if err != nil {
		t.Fatal(err)
	}
	srv := &Server{Bin: bin, DataDir: dir, DB: url}
	t.Cleanup(func() {
		if t.Failed() {
			log, _ := os.ReadFile(filepath.Join(dir, "server.log"))
			t.Logf("server log:\n%s", log)
		}
	})
	var api *API
	start := func() {
		t.Helper()
		srv.Addr = ""
		if err := srv.Start(ctx); err != nil {
			t.Fatal(err)
		}
		api = NewAPI(srv.URL(), 32)
	}
	start()
	defer srv.Kill()
	post := func(path, token string, in, out any) {
		t.Helper()
		if err := api.Do(ctx, http.MethodPost, path, token, in, out); err != nil {
			t.Fatalf("POST %s: %v", path, err)
		}
	}

	// Everyone present, the meetings open; a named vote in the first, a
	// secret ballot (an election) in the second.
	var ballots []*crashBallot
	for i, m := range meetings {
		chair := m.Chair().Token
		for _, mem := range m.Members {
			post(fmt.Sprintf("/meetings/%d/attendance", m.ID), chair, map[string]any{"person_id": mem.PersonID, "status": model.AttendPresent}, nil)
		}
		post(fmt.Sprintf("/meetings/%d/open", m.ID), chair, struct{}{}, nil)
		kind, method := model.DecideOrdinary, model.MethodNamed
		if i == 1 {
			kind, method = model.DecideElection, model.MethodSecret
		}
		var p model.Poll
		post(fmt.Sprintf("/meetings/%d/polls", m.ID), chair, model.PollInput{Title: "Biểu quyết khi máy chủ sập", DecisionKind: kind, Method: method}, &p)
		for j, mem := range m.Members {
			ballots = append(ballots, &crashBallot{poll: p.ID, member: mem, key: fmt.Sprintf("crash-%d-%d-k", p.ID, mem.PersonID),
				choice: choices[j%len(choices)]})
		}
	}

	// send sends every ballot not yet acknowledged, a few at a time, until
	// each is acknowledged or fails; kill, when set, kills the server once
	// that many more are acknowledged.
	send := func(kill int) (acked, failed int) {
		var nAcked, nFailed atomic.Int64
		jobs := make(chan *crashBallot)
		var wg sync.WaitGroup
		var once sync.Once
		for range 16 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for b := range jobs {
					var r session.Receipt
					err := api.Do(ctx, http.MethodPost, fmt.Sprintf("/polls/%d/ballots", b.poll), b.member.Token,
						model.BallotInput{Choice: b.choice, Key: b.key}, &r)
					var he *HTTPError
					switch {
					case err == nil:
						b.acked.Store(true)
						if n := nAcked.Add(1); kill > 0 && int(n) >= kill {
							once.Do(srv.Kill)
						}
					case errors.As(err, &he) && he.Status < 500:
						t.Errorf("ballot %s: %v", b.key, err) // a refusal is a bug here
					default:
						nFailed.Add(1) // the server died under it: resent later
					}
				}
			}()
		}
		for _, b := range ballots {
			if !b.acked.Load() {
				jobs <- b
			}
		}
		close(jobs)
		wg.Wait()
		return int(nAcked.Load()), int(nFailed.Load())
	}

	for round := 1; round <= sized(3, 10); round++ {
		acked, failed := send(sized(25, 50))
		t.Logf("round %d: %d acknowledged, then killed; %d unanswered", round, acked, failed)
		srv.Kill()
		start()
	}
	if acked, failed := send(0); failed > 0 {
		t.Fatalf("after the last restart: %d acknowledged, %d failed", acked, failed)
	}

	// A ballot resent after its acknowledgement is a repeat, not a vote.
	for _, b := range []*crashBallot{ballots[0], ballots[len(ballots)-1]} {
		var r session.Receipt
		post(fmt.Sprintf("/polls/%d/ballots", b.poll), b.member.Token, model.BallotInput{Choice: b.choice, Key: b.key}, &r)
		if !r.Repeated {
			t.Errorf("ballot %s resent: %+v, want repeated", b.key, r)
		}
	}

	// Each vote counts exactly its members' ballots, choice by choice.
	want := map[int64]*model.Tally{}
	for _, b := range ballots {
		if want[b.poll] == nil {
			want[b.poll] = &model.Tally{}
		}
		switch w := want[b.poll]; b.choice {
		case model.ChoiceFor:
			w.For++
		case model.ChoiceAgainst:
			w.Against++
		default:
			w.Abstain++
		}
	}
	for i, m := range meetings {
		poll := ballots[i*len(m.Members)].poll
		var p model.Poll
		post(fmt.Sprintf("/polls/%d/close", poll), m.Chair().Token, struct{}{}, &p)
		if w := want[poll]; p.For != w.For || p.Against != w.Against || p.Abstain != w.Abstain {
			t.Errorf("poll %d (%s) closed with %d/%d/%d, want %d/%d/%d", poll, p.Method,
				p.For, p.Against, p.Abstain, w.For, w.Against, w.Abstain)
		}
	}
	if err := srv.Stop(); err != nil {
		t.Fatal(err)
	}
	// And in the tables: one voter row per member in each vote, one
	// current ballot per member in the named one.
	named := ballots[0].poll
	for _, q := range []struct {
		sql  string
		args []any
		want int
	}{
		{"SELECT COUNT(*) FROM poll_voters", nil, len(ballots)},
		{"SELECT COUNT(*) FROM poll_votes WHERE poll_id = ? AND current = ?", []any{named, true}, len(meetings[0].Members)},
	} {
		var n int
		if err := d.R.QueryRowContext(ctx, d.Rebind(q.sql), q.args...).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != q.want {
			t.Errorf("%s: %d, want %d", q.sql, n, q.want)
		}
	}
}
