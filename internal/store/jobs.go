package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"slices"
	"time"

	"nghisu/internal/db"
	"nghisu/internal/model"
)

// Job is one unit of background work (an e-mail to send, a periodic sweep).
// The queue lives in the database so that a job enqueued in the same
// transaction as the write that causes it is never lost, and so that several
// instances sharing one PostgreSQL database share one queue.
type Job struct {
	ID        int64
	Kind      string
	UniqueKey string // "" when the job has none
	Payload   string // JSON
	RunAt     time.Time
	// Attempts counts the runs started, the current one included once the
	// job is claimed.
	Attempts    int
	MaxAttempts int
	LastError   string
	// LockedBy is the worker holding the lease until LockedUntil; after the
	// job is done or failed it names the worker that finished it.
	LockedBy    string
	LockedUntil *time.Time
	DoneAt      *time.Time
	FailedAt    *time.Time
	CreatedAt   time.Time
}

const jobCols = `id, kind, COALESCE(unique_key, ''), payload, run_at, attempts, max_attempts,
	last_error, locked_by, locked_until, done_at, failed_at, created_at`

func scanJob(r *sql.Rows) (Job, error) {
	var j Job
	var until, done, failed sql.NullTime
	err := r.Scan(&j.ID, &j.Kind, &j.UniqueKey, &j.Payload, &j.RunAt, &j.Attempts, &j.MaxAttempts,
		&j.LastError, &j.LockedBy, &until, &done, &failed, &j.CreatedAt)
	j.LockedUntil, j.DoneAt, j.FailedAt = timePtr(until), timePtr(done), timePtr(failed)
	return j, err
}

// EnqueueJob adds a job that runs at runAt (zero: now). A non-empty
// uniqueKey makes the call idempotent: when a job with that key exists
// already, nothing is written and created is false (id is the existing
// job's). Call it on the store of a transaction (InTx) so that the job
// commits or rolls back together with the write that causes it.
func (s *Store) EnqueueJob(ctx context.Context, kind string, payload []byte, runAt time.Time, uniqueKey string) (id int64, created bool, err error) {
	now := s.Now()
	if runAt.IsZero() {
		runAt = now
	}
	if len(payload) == 0 {
		payload = []byte("null")
	}
	// NULL, not '', when there is no key: NULLs never conflict in a unique
	// index, on both databases.
	key := sql.NullString{String: uniqueKey, Valid: uniqueKey != ""}
	err = s.q.WriteRow(ctx, `INSERT INTO jobs (kind, unique_key, payload, run_at, created_at)
		VALUES (?, ?, ?, ?, ?) ON CONFLICT (unique_key) DO NOTHING RETURNING id`,
		kind, key, string(payload), runAt.UTC(), now).Scan(&id)
	if err == nil {
		return id, true, nil
	}
	if !errors.Is(err, model.ErrNotFound) || uniqueKey == "" {
		return 0, false, err
	}
	// DO NOTHING returned no row: the key exists (committed, or written
	// earlier in this transaction).
	err = s.q.QueryRow(ctx, "SELECT id FROM jobs WHERE unique_key = ?", uniqueKey).Scan(&id)
	return id, false, err
}

// ClaimJobs leases up to limit due jobs (not done, not failed, run_at ≤ now,
// not leased or the lease expired) to worker until now+lease, counts an
// attempt on each and returns them, oldest run_at first. Two workers never
// hold the same job: on PostgreSQL, FOR UPDATE SKIP LOCKED makes concurrent
// claims pass over each other's rows instead of waiting for or sharing them;
// SQLite has one writer, so the single UPDATE is atomic by itself.
func (s *Store) ClaimJobs(ctx context.Context, worker string, now time.Time, lease time.Duration, limit int) ([]Job, error) {
	if limit <= 0 {
		return nil, nil
	}
	now = now.UTC()
	lock := ""
	if s.q.Dialect() == db.Postgres {
		lock = " FOR UPDATE SKIP LOCKED"
	}
	q := `UPDATE jobs SET locked_by = ?, locked_until = ?, attempts = attempts + 1
		WHERE id IN (SELECT id FROM jobs
			WHERE done_at IS NULL AND failed_at IS NULL AND run_at <= ?
				AND (locked_until IS NULL OR locked_until <= ?)
			ORDER BY run_at, id LIMIT ?` + lock + `)
		RETURNING ` + jobCols
	var jobs []Job
	// A transaction because an UPDATE … RETURNING with several rows needs
	// Query, and only a transaction runs Query on the writer.
	err := s.InTx(ctx, func(tx *Store) error {
		rows, err := tx.q.Query(ctx, q, worker, now.Add(lease), now, now, limit)
		jobs, err = collect(rows, err, scanJob)
		return err
	})
	if err != nil {
		return nil, err
	}
	// RETURNING promises no order.
	slices.SortFunc(jobs, func(a, b Job) int {
		if c := a.RunAt.Compare(b.RunAt); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return jobs, nil
}

// jobLeased is the condition that worker still holds the job's lease (taken
// and not since taken by another worker) and the job is unfinished.
const jobLeased = " WHERE id = ? AND locked_by = ? AND done_at IS NULL AND failed_at IS NULL"

// CompleteJob marks a job done. It returns model.ErrNotFound when worker no
// longer holds the job: its lease expired and another worker took it (and
// may run it again), or it is finished already.
func (s *Store) CompleteJob(ctx context.Context, id int64, worker string, now time.Time) error {
	return s.execOne(ctx, "UPDATE jobs SET done_at = ?, locked_until = NULL"+jobLeased, now.UTC(), id, worker)
}

// RetryJob gives the job back to the queue to run again at nextRun, with
// errText as its last error. model.ErrNotFound: the lease was lost.
func (s *Store) RetryJob(ctx context.Context, id int64, worker string, nextRun time.Time, errText string) error {
	return s.execOne(ctx, "UPDATE jobs SET run_at = ?, last_error = ?, locked_by = '', locked_until = NULL"+jobLeased,
		nextRun.UTC(), errText, id, worker)
}

// FailJob gives up on a job: it stays in the table, failed, for the admin to
// see. model.ErrNotFound: the lease was lost.
func (s *Store) FailJob(ctx context.Context, id int64, worker string, now time.Time, errText string) error {
	return s.execOne(ctx, "UPDATE jobs SET failed_at = ?, last_error = ?, locked_until = NULL"+jobLeased,
		now.UTC(), errText, id, worker)
}

// ReleaseJob gives a claimed job back without counting the attempt, for a
// job the worker did not run (it is stopping, or does not know the kind).
// A non-zero runAt moves the job; a non-empty note replaces its last error.
// model.ErrNotFound: the lease was lost.
func (s *Store) ReleaseJob(ctx context.Context, id int64, worker string, runAt time.Time, note string) error {
	q := "UPDATE jobs SET locked_by = '', locked_until = NULL, attempts = attempts - 1"
	var args []any
	if !runAt.IsZero() {
		q += ", run_at = ?"
		args = append(args, runAt.UTC())
	}
	if note != "" {
		q += ", last_error = ?"
		args = append(args, note)
	}
	return s.execOne(ctx, q+jobLeased, append(args, id, worker)...)
}

// PruneDoneJobs deletes the jobs of the kinds done before a time. It is
// for periodic kinds, whose done rows say nothing after a while (a job a
// minute is 1,440 rows a day); the unique keys of one-off jobs (a mail sent
// once) must stay.
func (s *Store) PruneDoneJobs(ctx context.Context, kinds []string, before time.Time) (int64, error) {
	if len(kinds) == 0 {
		return 0, nil
	}
	args := []any{before.UTC()}
	for _, k := range kinds {
		args = append(args, k)
	}
	res, err := s.q.Exec(ctx, "DELETE FROM jobs WHERE done_at IS NOT NULL AND done_at < ? AND kind IN ("+placeholders(len(kinds))+")", args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// JobsByKind lists the jobs of one kind, oldest first, whatever their state.
func (s *Store) JobsByKind(ctx context.Context, kind string) ([]Job, error) {
	rows, err := s.q.Query(ctx, "SELECT "+jobCols+" FROM jobs WHERE kind = ? ORDER BY id", kind)
	return collect(rows, err, scanJob)
}

// CountJobs counts jobs waiting or running (pending), done and failed.
func (s *Store) CountJobs(ctx context.Context) (pending, done, failed int, err error) {
	err = s.q.QueryRow(ctx, `SELECT
		COALESCE(SUM(CASE WHEN done_at IS NULL AND failed_at IS NULL THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN done_at IS NOT NULL THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN failed_at IS NOT NULL THEN 1 ELSE 0 END), 0)
		FROM jobs`).Scan(&pending, &done, &failed)
	return
}
