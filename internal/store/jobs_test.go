package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"nghisu/internal/db"
	"nghisu/internal/model"
	"nghisu/internal/store"
	"nghisu/internal/testutil"
)

// jobsFixture is a store on a fresh database with a test clock.
func jobsFixture(t *testing.T, d *db.DB) (*store.Store, *testutil.Clock) {
	clock := testutil.NewClock(testutil.DemoNow)
	return store.New(d, clock.Now), clock
}

func jobsMust(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func jobCounts(t *testing.T, st *store.Store) [3]int {
	t.Helper()
	p, d, f, err := st.CountJobs(context.Background())
	jobsMust(t, err)
	return [3]int{p, d, f}
}

func TestEnqueueJobCommitsWithTransaction(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st, _ := jobsFixture(t, d)
		boom := errors.New("business write failed")
		err := st.InTx(ctx, func(tx *store.Store) error {
			if _, _, err := tx.EnqueueJob(ctx, "mail", []byte(`{"to":1}`), time.Time{}, ""); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("InTx = %v", err)
		}
		if c := jobCounts(t, st); c != [3]int{} {
			t.Fatalf("rolled back enqueue left jobs: %v", c)
		}
		jobsMust(t, st.InTx(ctx, func(tx *store.Store) error {
			_, _, err := tx.EnqueueJob(ctx, "mail", []byte(`{"to":2}`), time.Time{}, "")
			return err
		}))
		jobs, err := st.JobsByKind(ctx, "mail")
		jobsMust(t, err)
		if len(jobs) != 1 {
			t.Fatalf("jobs = %+v", jobs)
		}
		j := jobs[0]
		if j.Payload != `{"to":2}` || !j.RunAt.Equal(testutil.DemoNow) || j.Attempts != 0 || j.MaxAttempts != 8 ||
			j.UniqueKey != "" || j.LockedUntil != nil || j.DoneAt != nil || j.FailedAt != nil || !j.CreatedAt.Equal(testutil.DemoNow) {
			t.Fatalf("job = %+v", j)
		}
	})
}

func TestEnqueueJobUniqueKey(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st, _ := jobsFixture(t, d)
		id1, created, err := st.EnqueueJob(ctx, "sweep", nil, time.Time{}, "sweep:1")
		jobsMust(t, err)
		if !created {
			t.Fatal("first enqueue not created")
		}
		id2, created, err := st.EnqueueJob(ctx, "sweep", nil, time.Time{}, "sweep:1")
		jobsMust(t, err)
		if created || id2 != id1 {
			t.Fatalf("duplicate key: id %d created %v, want id %d not created", id2, created, id1)
		}
		// Inside a transaction too, against the job just written in it.
		jobsMust(t, st.InTx(ctx, func(tx *store.Store) error {
			a, c1, err := tx.EnqueueJob(ctx, "sweep", nil, time.Time{}, "sweep:2")
			if err != nil {
				return err
			}
			b, c2, err := tx.EnqueueJob(ctx, "sweep", nil, time.Time{}, "sweep:2")
			if err != nil {
				return err
			}
			if !c1 || c2 || a != b {
				t.Errorf("in tx: %d %v, %d %v", a, c1, b, c2)
			}
			return nil
		}))
		// No key: never deduplicated.
		for range 2 {
			if _, created, err := st.EnqueueJob(ctx, "mail", nil, time.Time{}, ""); err != nil || !created {
				t.Fatalf("keyless enqueue: %v %v", created, err)
			}
		}
		if c := jobCounts(t, st); c != [3]int{4, 0, 0} {
			t.Fatalf("counts = %v", c)
		}
	})
}

func TestClaimJobsDueOrderLimit(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st, clock := jobsFixture(t, d)
		now := clock.Now()
		for _, at := range []time.Duration{-time.Minute, -time.Hour, 0, time.Second, time.Hour} {
			_, _, err := st.EnqueueJob(ctx, "k", []byte(`"`+at.String()+`"`), now.Add(at), "")
			jobsMust(t, err)
		}
		got, err := st.ClaimJobs(ctx, "w1", now, time.Minute, 2)
		jobsMust(t, err)
		if len(got) != 2 || got[0].Payload != `"-1h0m0s"` || got[1].Payload != `"-1m0s"` {
			t.Fatalf("claimed %+v", got)
		}
		for _, j := range got {
			if j.Attempts != 1 || j.LockedBy != "w1" || j.LockedUntil == nil || !j.LockedUntil.Equal(now.Add(time.Minute)) {
				t.Fatalf("claimed job %+v", j)
			}
		}
		got, err = st.ClaimJobs(ctx, "w2", now, time.Minute, 10)
		jobsMust(t, err)
		if len(got) != 1 || got[0].Payload != `"0s"` {
			t.Fatalf("second claim %+v (the future ones must wait, the leased ones are taken)", got)
		}
		got, err = st.ClaimJobs(ctx, "w2", now.Add(time.Second), time.Minute, 10)
		jobsMust(t, err)
		if len(got) != 1 || got[0].Payload != `"1s"` {
			t.Fatalf("third claim %+v", got)
		}
	})
}

func TestJobLeaseLost(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st, clock := jobsFixture(t, d)
		id, _, err := st.EnqueueJob(ctx, "mail", []byte(`{}`), time.Time{}, "")
		jobsMust(t, err)
		got, err := st.ClaimJobs(ctx, "dead", clock.Now(), time.Minute, 10)
		jobsMust(t, err)
		if len(got) != 1 || got[0].ID != id {
			t.Fatalf("claim = %+v", got)
		}
		// Leased: nobody else takes it, even at the last instant of the lease.
		clock.Advance(time.Minute - time.Microsecond)
		if got, _ := st.ClaimJobs(ctx, "live", clock.Now(), time.Minute, 10); len(got) != 0 {
			t.Fatalf("leased job taken: %+v", got)
		}
		// The worker died: the lease runs out and another worker takes it.
		clock.Advance(time.Microsecond)
		got, err = st.ClaimJobs(ctx, "live", clock.Now(), time.Minute, 10)
		jobsMust(t, err)
		if len(got) != 1 || got[0].ID != id || got[0].Attempts != 2 || got[0].LockedBy != "live" {
			t.Fatalf("reclaim = %+v", got)
		}
		// The first worker's late reports find the lease gone.
		for name, err := range map[string]error{
			"complete": st.CompleteJob(ctx, id, "dead", clock.Now()),
			"retry":    st.RetryJob(ctx, id, "dead", clock.Now(), "x"),
			"fail":     st.FailJob(ctx, id, "dead", clock.Now(), "x"),
			"release":  st.ReleaseJob(ctx, id, "dead", time.Time{}, ""),
		} {
			if !errors.Is(err, model.ErrNotFound) {
				t.Errorf("late %s by the lost lease = %v, want ErrNotFound", name, err)
			}
		}
		jobsMust(t, st.CompleteJob(ctx, id, "live", clock.Now()))
		if err := st.CompleteJob(ctx, id, "live", clock.Now()); !errors.Is(err, model.ErrNotFound) {
			t.Fatalf("second complete = %v", err)
		}
		clock.Advance(time.Hour)
		if got, _ := st.ClaimJobs(ctx, "live", clock.Now(), time.Minute, 10); len(got) != 0 {
			t.Fatalf("done job claimed: %+v", got)
		}
		jobs, err := st.JobsByKind(ctx, "mail")
		jobsMust(t, err)
		if j := jobs[0]; j.DoneAt == nil || j.LockedUntil != nil || j.LockedBy != "live" || j.Attempts != 2 {
			t.Fatalf("done job = %+v", j)
		}
		if c := jobCounts(t, st); c != [3]int{0, 1, 0} {
			t.Fatalf("counts = %v", c)
		}
	})
}

func TestJobRetryFailRelease(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st, clock := jobsFixture(t, d)
		now := clock.Now()
		id, _, err := st.EnqueueJob(ctx, "mail", nil, time.Time{}, "")
		jobsMust(t, err)
		claim := func(at time.Time) []store.Job {
			t.Helper()
			got, err := st.ClaimJobs(ctx, "w", at, time.Minute, 10)
			jobsMust(t, err)
			return got
		}
		claim(now)
		jobsMust(t, st.RetryJob(ctx, id, "w", now.Add(30*time.Second), "smtp: 451 try later"))
		if got := claim(now.Add(29 * time.Second)); len(got) != 0 {
			t.Fatalf("claimed before its retry time: %+v", got)
		}
		got := claim(now.Add(30 * time.Second))
		if len(got) != 1 || got[0].Attempts != 2 || got[0].LastError != "smtp: 451 try later" {
			t.Fatalf("retry claim = %+v", got)
		}
		// Released: the attempt does not count and the job is due again at once.
		jobsMust(t, st.ReleaseJob(ctx, id, "w", time.Time{}, ""))
		got = claim(now.Add(30 * time.Second))
		if len(got) != 1 || got[0].Attempts != 2 || got[0].LastError != "smtp: 451 try later" {
			t.Fatalf("claim after release = %+v", got)
		}
		jobsMust(t, st.ReleaseJob(ctx, id, "w", now.Add(time.Hour), "no handler"))
		if got := claim(now.Add(59 * time.Minute)); len(got) != 0 {
			t.Fatalf("released job claimed before its new time: %+v", got)
		}
		got = claim(now.Add(time.Hour))
		if len(got) != 1 || got[0].Attempts != 2 || got[0].LastError != "no handler" {
			t.Fatalf("claim after moved release = %+v", got)
		}
		jobsMust(t, st.FailJob(ctx, id, "w", now.Add(time.Hour), "550 no such mailbox"))
		if got := claim(now.Add(48 * time.Hour)); len(got) != 0 {
			t.Fatalf("failed job claimed: %+v", got)
		}
		jobs, err := st.JobsByKind(ctx, "mail")
		jobsMust(t, err)
		if j := jobs[0]; j.FailedAt == nil || !j.FailedAt.Equal(now.Add(time.Hour)) || j.LastError != "550 no such mailbox" || j.LockedUntil != nil {
			t.Fatalf("failed job = %+v", j)
		}
		if c := jobCounts(t, st); c != [3]int{0, 0, 1} {
			t.Fatalf("counts = %v", c)
		}
	})
}

// While one transaction holds claimed rows, a concurrent claim on PostgreSQL
// passes over them (SKIP LOCKED) instead of waiting or taking them too.
// SQLite has one writer: the second claim would wait for the first.
func TestClaimJobsSkipsLockedRows(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		if d.Dialect() != db.Postgres {
			t.Skip("SQLite serialises writers; nothing to skip")
		}
		ctx := context.Background()
		st, clock := jobsFixture(t, d)
		for range 10 {
			_, _, err := st.EnqueueJob(ctx, "k", nil, time.Time{}, "")
			jobsMust(t, err)
		}
		seen := map[int64]string{}
		jobsMust(t, st.InTx(ctx, func(tx *store.Store) error {
			a, err := tx.ClaimJobs(ctx, "a", clock.Now(), time.Minute, 4)
			if err != nil {
				return err
			}
			// Outside tx, on another connection, while a's rows stay locked
			// and a's claim is not committed yet.
			b, err := st.ClaimJobs(ctx, "b", clock.Now(), time.Minute, 100)
			if err != nil {
				return err
			}
			if len(a) != 4 || len(b) != 6 {
				t.Errorf("a took %d, b took %d; want 4 and 6", len(a), len(b))
			}
			for _, j := range append(a, b...) {
				if w, dup := seen[j.ID]; dup {
					t.Errorf("job %d claimed by %s and %s", j.ID, w, j.LockedBy)
				}
				seen[j.ID] = j.LockedBy
			}
			return nil
		}))
	})
}
