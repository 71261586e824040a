package jobs_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"nghisu/internal/db"
	"nghisu/internal/jobs"
	"nghisu/internal/model"
	"nghisu/internal/store"
	"nghisu/internal/testutil"
)

// logBuffer collects a runner's log lines; safe for concurrent writers.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// lines returns the log lines holding msg.
func (l *logBuffer) lines(msg string) []string {
	var out []string
	for _, line := range strings.Split(l.String(), "\n") {
		if strings.Contains(line, "msg=\""+msg+"\"") {
			out = append(out, line)
		}
	}
	return out
}

type fixture struct {
	st    *store.Store
	clock *testutil.Clock
	logs  *logBuffer
	log   *slog.Logger
}

func newFixture(t *testing.T, d *db.DB) *fixture {
	clock := testutil.NewClock(testutil.DemoNow)
	logs := &logBuffer{}
	return &fixture{
		st: store.New(d, clock.Now), clock: clock, logs: logs,
		log: slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	}
}

func (f *fixture) runner(worker string) *jobs.Runner {
	return jobs.New(f.st, f.log, jobs.Options{Worker: worker})
}

// runDue runs r.RunDue and checks how many jobs ran.
func runDue(t *testing.T, r *jobs.Runner, want int) {
	t.Helper()
	n, err := r.RunDue(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if n != want {
		t.Fatalf("RunDue ran %d jobs, want %d", n, want)
	}
}

func ok(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func counts(t *testing.T, st *store.Store) [3]int {
	t.Helper()
	p, d, f, err := st.CountJobs(context.Background())
	ok(t, err)
	return [3]int{p, d, f}
}

func onlyJob(t *testing.T, st *store.Store, kind string) store.Job {
	t.Helper()
	js, err := st.JobsByKind(context.Background(), kind)
	ok(t, err)
	if len(js) != 1 {
		t.Fatalf("%d jobs of kind %s, want 1: %+v", len(js), kind, js)
	}
	return js[0]
}

type invite struct {
	MeetingID int64  `json:"meeting_id"`
	Email     string `json:"email"`
}

// secret is personal data in a payload; it must never reach the log.
const secret = "nguyen.van.an@dangbo.example.vn"

func TestEnqueueRolledBackLeavesNoJob(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		boom := errors.New("meeting write failed")
		err := f.st.InTx(ctx, func(tx *store.Store) error {
			ok(t, jobs.Enqueue(ctx, tx, "mail.invite", invite{1, secret}, time.Time{}))
			ok(t, jobs.EnqueueUnique(ctx, tx, "mail.invite", "mail.invite:1", invite{1, secret}, time.Time{}))
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatal(err)
		}
		if c := counts(t, f.st); c != [3]int{} {
			t.Fatalf("jobs after rollback: %v", c)
		}
		r := f.runner("w")
		r.Handle("mail.invite", func(context.Context, []byte) error { t.Error("ran a rolled back job"); return nil })
		runDue(t, r, 0)

		ok(t, f.st.InTx(ctx, func(tx *store.Store) error {
			return jobs.Enqueue(ctx, tx, "mail.invite", invite{2, secret}, time.Time{})
		}))
		var got []byte
		r.Handle("mail.invite", func(_ context.Context, p []byte) error { got = p; return nil })
		runDue(t, r, 1)
		if string(got) != `{"meeting_id":2,"email":"`+secret+`"}` {
			t.Fatalf("payload = %s", got)
		}
	})
}

func TestEnqueueUniqueDedupes(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		for range 3 {
			ok(t, jobs.EnqueueUnique(ctx, f.st, "mail.invite", "mail.invite:12:5", invite{12, secret}, time.Time{}))
		}
		ok(t, jobs.EnqueueUnique(ctx, f.st, "mail.invite", "mail.invite:12:6", invite{12, secret}, time.Time{}))
		if err := jobs.EnqueueUnique(ctx, f.st, "mail.invite", "", nil, time.Time{}); err == nil {
			t.Fatal("EnqueueUnique without a key accepted")
		}
		if c := counts(t, f.st); c != [3]int{2, 0, 0} {
			t.Fatalf("counts = %v", c)
		}
		runs := 0
		r := f.runner("w")
		r.Handle("mail.invite", func(context.Context, []byte) error { runs++; return nil })
		runDue(t, r, 2)
		// Done jobs keep their key: a repeat stays a no-op.
		ok(t, jobs.EnqueueUnique(ctx, f.st, "mail.invite", "mail.invite:12:5", invite{12, secret}, time.Time{}))
		runDue(t, r, 0)
		if c := counts(t, f.st); c != [3]int{0, 2, 0} {
			t.Fatalf("counts = %v", c)
		}
	})
}

func TestRetryWithBackoffThenSuccess(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		r := f.runner("w")
		runs := 0
		r.Handle("mail.invite", func(ctx context.Context, _ []byte) error {
			runs++
			if _, ok := ctx.Deadline(); !ok || ctx.Err() != nil {
				t.Errorf("handler context: deadline %v, err %v", ok, ctx.Err())
			}
			if runs <= 2 {
				return errors.New("smtp: 421 service not available")
			}
			return nil
		})
		ok(t, jobs.Enqueue(ctx, f.st, "mail.invite", invite{1, secret}, time.Time{}))

		runDue(t, r, 1) // fails; backoff 30s ± 10%
		runDue(t, r, 0)
		f.clock.Advance(26 * time.Second)
		runDue(t, r, 0)
		j := onlyJob(t, f.st, "mail.invite")
		if wait := j.RunAt.Sub(testutil.DemoNow); wait < 27*time.Second || wait > 33*time.Second || j.Attempts != 1 ||
			j.LastError != "smtp: 421 service not available" || j.LockedBy != "" || j.LockedUntil != nil {
			t.Fatalf("after the first failure: %+v (waits %v)", j, wait)
		}
		f.clock.Advance(8 * time.Second) // 34s
		runDue(t, r, 1)                  // fails again; backoff 60s ± 10%
		f.clock.Advance(53 * time.Second)
		runDue(t, r, 0)
		f.clock.Advance(14 * time.Second)
		runDue(t, r, 1) // succeeds
		f.clock.Advance(24 * time.Hour)
		runDue(t, r, 0)

		if runs != 3 {
			t.Fatalf("handler ran %d times, want 3", runs)
		}
		if c := counts(t, f.st); c != [3]int{0, 1, 0} {
			t.Fatalf("counts = %v", c)
		}
		if j := onlyJob(t, f.st, "mail.invite"); j.Attempts != 3 || j.DoneAt == nil {
			t.Fatalf("done job = %+v", j)
		}
		if n := len(f.logs.lines("job will be retried")); n != 2 {
			t.Fatalf("%d retry log lines, want 2:\n%s", n, f.logs)
		}
		if len(f.logs.lines("job failed")) != 0 || strings.Contains(f.logs.String(), secret) {
			t.Fatalf("log:\n%s", f.logs)
		}
	})
}

func TestPermanentErrorFailsAtOnce(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		r := f.runner("w")
		runs := 0
		r.Handle("mail.invite", func(context.Context, []byte) error {
			runs++
			// Wrapped on its way out: still permanent.
			return fmt.Errorf("send invitation: %w", jobs.Fail(errors.New("550 mailbox unavailable")))
		})
		ok(t, jobs.Enqueue(ctx, f.st, "mail.invite", invite{1, secret}, time.Time{}))
		runDue(t, r, 1)
		f.clock.Advance(48 * time.Hour)
		runDue(t, r, 0)
		if runs != 1 {
			t.Fatalf("ran %d times", runs)
		}
		j := onlyJob(t, f.st, "mail.invite")
		if j.FailedAt == nil || j.DoneAt != nil || j.Attempts != 1 || j.LastError != "send invitation: 550 mailbox unavailable" {
			t.Fatalf("job = %+v", j)
		}
		lines := f.logs.lines("job failed")
		if len(lines) != 1 {
			t.Fatalf("%d failure log lines, want 1:\n%s", len(lines), f.logs)
		}
		for _, want := range []string{"kind=mail.invite", fmt.Sprintf("id=%d", j.ID), "attempts=1", "550 mailbox unavailable"} {
			if !strings.Contains(lines[0], want) {
				t.Errorf("failure log %q lacks %q", lines[0], want)
			}
		}
		if strings.Contains(f.logs.String(), secret) {
			t.Fatalf("the payload reached the log:\n%s", f.logs)
		}
		if jobs.Fail(nil) != nil || !jobs.IsPermanent(&jobs.Permanent{}) || jobs.IsPermanent(errors.New("x")) {
			t.Fatal("Fail/IsPermanent")
		}
	})
}

func TestMaxAttemptsFails(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		r := f.runner("w")
		runs := 0
		r.Handle("mail.invite", func(context.Context, []byte) error { runs++; return errors.New("timeout") })
		r.Handle("panics", func(context.Context, []byte) error { panic("nil map") })
		ok(t, jobs.Enqueue(ctx, f.st, "mail.invite", invite{1, secret}, time.Time{}))
		ok(t, jobs.Enqueue(ctx, f.st, "panics", nil, time.Time{}))
		for i := 1; i <= 8; i++ {
			if c := counts(t, f.st); c != [3]int{2, 0, 0} {
				t.Fatalf("before run %d: counts = %v", i, c)
			}
			runDue(t, r, 2)
			f.clock.Advance(2 * time.Hour) // past the longest backoff, 1h + 10%
		}
		runDue(t, r, 0)
		if runs != 8 {
			t.Fatalf("ran %d times, want max_attempts = 8", runs)
		}
		if c := counts(t, f.st); c != [3]int{0, 0, 2} {
			t.Fatalf("counts = %v", c)
		}
		if j := onlyJob(t, f.st, "panics"); j.LastError != "panic: nil map" || j.Attempts != 8 {
			t.Fatalf("panicking job = %+v", j)
		}
		if n := len(f.logs.lines("job failed")); n != 2 {
			t.Fatalf("%d failure log lines, want 2:\n%s", n, f.logs)
		}
		if n := len(f.logs.lines("job will be retried")); n != 14 {
			t.Fatalf("%d retry log lines, want 14", n)
		}
	})
}

func TestExpiredLeaseIsTakenAgain(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		ok(t, jobs.Enqueue(ctx, f.st, "mail.invite", invite{1, secret}, time.Time{}))
		// A worker claims the job and dies before finishing it.
		claimed, err := f.st.ClaimJobs(ctx, "dead", f.clock.Now(), time.Minute, 10)
		ok(t, err)
		if len(claimed) != 1 {
			t.Fatalf("claimed %+v", claimed)
		}
		r := f.runner("live")
		runs := 0
		r.Handle("mail.invite", func(context.Context, []byte) error { runs++; return nil })
		runDue(t, r, 0)
		f.clock.Advance(59 * time.Second)
		runDue(t, r, 0)
		f.clock.Advance(time.Second)
		runDue(t, r, 1)
		if err := f.st.CompleteJob(ctx, claimed[0].ID, "dead", f.clock.Now()); !errors.Is(err, model.ErrNotFound) {
			t.Fatalf("late CompleteJob of the dead worker = %v, want ErrNotFound", err)
		}
		if j := onlyJob(t, f.st, "mail.invite"); runs != 1 || j.DoneAt == nil || j.Attempts != 2 || j.LockedBy != "live" {
			t.Fatalf("runs %d, job %+v", runs, j)
		}
	})
}

func TestHandlerPastItsLeaseLosesIt(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		ok(t, jobs.Enqueue(ctx, f.st, "slow", nil, time.Time{}))
		r := f.runner("slow-worker")
		r.Handle("slow", func(context.Context, []byte) error {
			// Meanwhile the lease runs out and another worker takes the job.
			f.clock.Advance(2 * time.Minute)
			got, err := f.st.ClaimJobs(ctx, "other", f.clock.Now(), time.Minute, 10)
			if err != nil || len(got) != 1 {
				t.Errorf("other worker's claim: %v %v", got, err)
			}
			return nil
		})
		runDue(t, r, 1)
		if n := len(f.logs.lines("job lease lost: it ran past its lease and another worker may run it again")); n != 1 {
			t.Fatalf("lease loss not logged:\n%s", f.logs)
		}
		if j := onlyJob(t, f.st, "slow"); j.DoneAt != nil || j.LockedBy != "other" {
			t.Fatalf("job = %+v: the other worker's lease must stand", j)
		}
	})
}

func TestUnknownKindWaitsForAnotherInstance(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		ok(t, jobs.Enqueue(ctx, f.st, "new.kind", nil, time.Time{}))
		old := f.runner("old")
		runDue(t, old, 0)
		runDue(t, old, 0)
		j := onlyJob(t, f.st, "new.kind")
		if j.Attempts != 0 || j.LockedBy != "" || !j.RunAt.After(testutil.DemoNow) || !strings.Contains(j.LastError, "no handler") {
			t.Fatalf("job = %+v", j)
		}
		if n := len(f.logs.lines("no handler for job kind here, leaving it to another instance")); n != 1 {
			t.Fatalf("%d warnings:\n%s", n, f.logs)
		}
		newer := f.runner("new")
		newer.Handle("new.kind", func(context.Context, []byte) error { return nil })
		runDue(t, newer, 0)
		f.clock.Advance(time.Minute)
		runDue(t, newer, 1)
		if c := counts(t, f.st); c != [3]int{0, 1, 0} {
			t.Fatalf("counts = %v", c)
		}
	})
}

func TestEveryOncePerPeriod(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		runs := 0
		var payloads []string
		newRunner := func(name string) *jobs.Runner {
			r := f.runner(name)
			r.Every("review.close", time.Hour, map[string]string{"scope": "all"})
			r.Handle("review.close", func(_ context.Context, p []byte) error {
				runs++
				payloads = append(payloads, string(p))
				return nil
			})
			return r
		}
		a, b := newRunner("a"), newRunner("b")
		f.clock.Advance(10 * time.Minute) // 02:10, inside the 02:00 period
		n1, err := a.RunDue(context.Background())
		ok(t, err)
		n2, err := b.RunDue(context.Background())
		ok(t, err)
		if n1+n2 != 1 || runs != 1 {
			t.Fatalf("ran %d+%d (handler %d), want once", n1, n2, runs)
		}
		j := onlyJob(t, f.st, "review.close")
		if j.UniqueKey != "review.close:2026-03-10T02:00:00Z" || !j.RunAt.Equal(testutil.DemoNow) || payloads[0] != `{"scope":"all"}` {
			t.Fatalf("job = %+v, payload %s", j, payloads[0])
		}
		// A runner that starts later in the same period finds the job done.
		f.clock.Advance(49 * time.Minute) // 02:59
		runDue(t, newRunner("c"), 0)
		runDue(t, a, 0)
		// The next period: one more job, again once.
		f.clock.Advance(time.Minute)
		runDue(t, b, 1)
		runDue(t, a, 0)
		js, err := f.st.JobsByKind(context.Background(), "review.close")
		ok(t, err)
		if len(js) != 2 || js[1].UniqueKey != "review.close:2026-03-10T03:00:00Z" || runs != 2 {
			t.Fatalf("runs %d, jobs %+v", runs, js)
		}
		if jobs.PeriodKey("x", 24*time.Hour, time.Date(2026, 3, 10, 23, 59, 0, 0, time.FixedZone("ICT", 7*3600))) != "x:2026-03-10T00:00:00Z" {
			t.Fatal("PeriodKey must count in UTC")
		}
	})
}

// Several runners claim from one queue at the same time: every job runs,
// and none runs twice. On PostgreSQL the claims run in parallel on separate
// connections, which is what FOR UPDATE SKIP LOCKED is for.
func TestConcurrentRunnersRunEachJobOnce(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		const total = 200
		ok(t, f.st.InTx(ctx, func(tx *store.Store) error {
			for i := range total {
				if err := jobs.Enqueue(ctx, tx, "mail.remind", i, time.Time{}); err != nil {
					return err
				}
			}
			return nil
		}))
		var mu sync.Mutex
		ran := map[string]int{}
		byWorker := map[string]int{}
		const workers = 4
		allIn := make(chan struct{})
		var wg sync.WaitGroup
		ns := make([]int, workers)
		errs := make([]error, workers)
		for w := range workers {
			name := fmt.Sprintf("instance-%d", w)
			r := jobs.New(f.st, f.log, jobs.Options{Worker: name, Batch: 7})
			r.Handle("mail.remind", func(_ context.Context, p []byte) error {
				mu.Lock()
				ran[string(p)]++
				byWorker[name]++
				if byWorker[name] == 1 && len(byWorker) == workers {
					close(allIn)
				}
				mu.Unlock()
				// Every runner holds a batch before any goes on, so that the
				// claims overlap however the goroutines are scheduled.
				select {
				case <-allIn:
				case <-time.After(time.Minute):
					t.Error("not every runner got a job")
				}
				runtime.Gosched()
				return nil
			})
			wg.Go(func() { ns[w], errs[w] = r.RunDue(ctx) })
		}
		wg.Wait()
		sum := 0
		for w := range workers {
			ok(t, errs[w])
			sum += ns[w]
		}
		if sum != total || len(ran) != total {
			t.Fatalf("ran %d handlers over %d distinct jobs, want %d", sum, len(ran), total)
		}
		for p, n := range ran {
			if n != 1 {
				t.Errorf("job %s ran %d times", p, n)
			}
		}
		if c := counts(t, f.st); c != [3]int{0, total, 0} {
			t.Fatalf("counts = %v", c)
		}
		t.Logf("jobs per worker: %v", byWorker)
	})
}

// Run works in the background and, told to stop, lets the running handler
// finish and gives the rest of its batch back.
func TestRunStopsCleanly(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		r := jobs.New(f.st, f.log, jobs.Options{Worker: "bg", Poll: 5 * time.Millisecond})
		quick := make(chan struct{}, 1)
		r.Handle("quick", func(context.Context, []byte) error { quick <- struct{}{}; return nil })
		started, proceed := make(chan struct{}), make(chan struct{})
		var slowErr error
		r.Handle("slow", func(ctx context.Context, _ []byte) error {
			close(started)
			<-proceed
			slowErr = ctx.Err()
			return nil
		})
		r.Handle("later", func(context.Context, []byte) error { t.Error("ran after stop"); return nil })

		runCtx, stop := context.WithCancel(ctx)
		done := make(chan error, 1)
		go func() { done <- r.Run(runCtx) }()

		// A job enqueued while the runner polls is picked up.
		ok(t, jobs.Enqueue(ctx, f.st, "quick", nil, time.Time{}))
		<-quick

		// Two jobs in one batch: stop while the first runs.
		ok(t, f.st.InTx(ctx, func(tx *store.Store) error {
			if err := jobs.Enqueue(ctx, tx, "slow", nil, f.clock.Now().Add(-2*time.Second)); err != nil {
				return err
			}
			return jobs.Enqueue(ctx, tx, "later", nil, f.clock.Now().Add(-time.Second))
		}))
		<-started
		stop()
		close(proceed)
		if err := <-done; err != nil {
			t.Fatalf("Run = %v", err)
		}
		if slowErr != nil {
			t.Fatalf("the running handler's context ended with Run's: %v", slowErr)
		}
		if j := onlyJob(t, f.st, "slow"); j.DoneAt == nil {
			t.Fatalf("slow job not completed: %+v", j)
		}
		if j := onlyJob(t, f.st, "later"); j.Attempts != 0 || j.LockedBy != "" || j.LockedUntil != nil || j.DoneAt != nil {
			t.Fatalf("unstarted job not given back: %+v", j)
		}
	})
}

func TestDefaultBackoff(t *testing.T) {
	for attempt := -1; attempt <= 100; attempt++ {
		base := time.Hour
		if a := max(attempt, 1); a <= 7 {
			base = 30 * time.Second << (a - 1)
		}
		for range 50 {
			d := jobs.DefaultBackoff(attempt)
			if d < base*9/10 || d > base*11/10 {
				t.Fatalf("DefaultBackoff(%d) = %v, want %v ± 10%%", attempt, d, base)
			}
		}
	}
}

// TestPruneDonePeriodicJobs: the done rows of periodic kinds older than the
// limit go; newer ones, and one-off jobs (whose unique keys send a mail
// once), stay.
func TestPruneDonePeriodicJobs(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		r := f.runner("a")
		r.Every("review.close", time.Hour, nil)
		r.Handle("review.close", func(context.Context, []byte) error { return nil })
		r.Handle("mail.invite", func(context.Context, []byte) error { return nil })
		ok(t, jobs.EnqueueUnique(ctx, f.st, "mail.invite", "mail.invite:1:1", invite{MeetingID: 1}, time.Time{}))
		runDue(t, r, 2) // the mail and this hour's periodic job
		for range 3 {
			f.clock.Advance(time.Hour)
			runDue(t, r, 1)
		}
		if kinds := r.PeriodicKinds(); len(kinds) != 1 || kinds[0] != "review.close" {
			t.Fatalf("periodic kinds %v", kinds)
		}
		// Prune what was done before the last two hours: the first two
		// periodic jobs; never the mail.
		n, err := f.st.PruneDoneJobs(ctx, r.PeriodicKinds(), f.clock.Now().Add(-90*time.Minute))
		ok(t, err)
		if n != 2 {
			t.Errorf("pruned %d, want 2", n)
		}
		if js, _ := f.st.JobsByKind(ctx, "review.close"); len(js) != 2 {
			t.Errorf("%d periodic jobs left, want 2", len(js))
		}
		onlyJob(t, f.st, "mail.invite")
		// The mail's key still refuses a second mail.
		ok(t, jobs.EnqueueUnique(ctx, f.st, "mail.invite", "mail.invite:1:1", invite{MeetingID: 1}, time.Time{}))
		onlyJob(t, f.st, "mail.invite")
	})
}
