// Package jobs runs background work from the database's job queue: e-mail
// invitations and reminders with retries, and periodic sweeps (closing review
// rounds past their deadline, sending reminders) that run once per period
// however many instances share the database.
//
// A job is enqueued with Enqueue in the same transaction as the write that
// causes it, so nothing acknowledged is lost. Every instance runs a Runner;
// runners claim jobs under a lease, so a job runs on one instance at a time,
// and a job whose worker died is taken again once its lease runs out. A job
// may therefore run more than once (the worker died after the work, before
// recording it), so handlers must tolerate a repeat.
package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"nghisu/internal/model"
	"nghisu/internal/store"
)

// Handler does the work of one job kind. The payload is the JSON given to
// Enqueue. The context ends with the job's lease: past it, another worker may
// take the job. A nil error completes the job; a Permanent error fails it at
// once; any other error retries it later.
type Handler func(ctx context.Context, payload []byte) error

// Permanent is an error after which retrying is pointless (the address is
// malformed, the meeting is gone): the job fails at once.
type Permanent struct{ Err error }

// Error is the cause's message.
func (p Permanent) Error() string {
	if p.Err == nil {
		return "permanent failure"
	}
	return p.Err.Error()
}

// Unwrap exposes the cause to errors.Is and errors.As.
func (p Permanent) Unwrap() error { return p.Err }

// Fail marks err as permanent: return jobs.Fail(err) from a handler to give
// up without retrying. Fail(nil) is nil, so it can wrap a call's result.
func Fail(err error) error {
	if err == nil {
		return nil
	}
	return Permanent{err}
}

// IsPermanent reports whether err, or an error it wraps, is Permanent.
func IsPermanent(err error) bool {
	var p Permanent
	var pp *Permanent
	return errors.As(err, &p) || errors.As(err, &pp)
}

// Options tune a Runner; zero values take the defaults.
type Options struct {
	// Worker names this runner in the lease (default hostname:pid, with
	// "#2", "#3"… for further runners in the same process, which must not
	// share a name: a lease is recognised by it).
	Worker string
	// Poll is the pause between claims when the queue is drained (default 1s).
	Poll time.Duration
	// Lease is how long a claimed job belongs to this runner; a handler's
	// context ends with it (default 1m).
	Lease time.Duration
	// Batch is how many jobs one claim takes (default 10).
	Batch int
	// Now is the clock (default the store's clock).
	Now func() time.Time
	// Backoff is the wait before the next run after the attempt-th run
	// failed (default DefaultBackoff).
	Backoff func(attempt int) time.Duration
}

// unknownDelay is how long a job of a kind this runner has no handler for
// waits before it is offered again: during a rolling upgrade an older
// instance must leave a new kind to the newer ones.
const unknownDelay = time.Minute

// writeTimeout bounds the writes that record a job's outcome; they run even
// after Run's context ended, or a finished job would run again.
const writeTimeout = 30 * time.Second

// maxErrorLen bounds the error text kept in the table.
const maxErrorLen = 2000

// Runner claims due jobs and runs their handlers. Create it with New,
// register handlers with Handle and periodic jobs with Every, then call Run.
type Runner struct {
	st      *store.Store
	log     *slog.Logger
	worker  string
	poll    time.Duration
	lease   time.Duration
	batch   int
	now     func() time.Time
	backoff func(int) time.Duration

	mu       sync.Mutex
	handlers map[string]Handler
	periodic []*periodic
}

// periodic is a job enqueued once per period.
type periodic struct {
	kind    string
	period  time.Duration
	payload []byte
	last    string // unique key last enqueued (or found) by this runner; guarded by Runner.mu
}

var runners atomic.Int64

// New returns a runner on st logging to log (nil: slog.Default()).
func New(st *store.Store, log *slog.Logger, opts Options) *Runner {
	if log == nil {
		log = slog.Default()
	}
	r := &Runner{
		st: st, log: log, worker: opts.Worker, poll: opts.Poll, lease: opts.Lease, batch: opts.Batch,
		now: opts.Now, backoff: opts.Backoff, handlers: map[string]Handler{},
	}
	if r.worker == "" {
		host, err := os.Hostname()
		if err != nil || host == "" {
			host = "unknown"
		}
		r.worker = host + ":" + strconv.Itoa(os.Getpid())
		if n := runners.Add(1); n > 1 {
			r.worker += "#" + strconv.FormatInt(n, 10)
		}
	}
	if r.poll <= 0 {
		r.poll = time.Second
	}
	if r.lease <= 0 {
		r.lease = time.Minute
	}
	if r.batch <= 0 {
		r.batch = 10
	}
	if r.now == nil {
		r.now = st.Now
	}
	if r.backoff == nil {
		r.backoff = DefaultBackoff
	}
	return r
}

// Worker is the name this runner leases jobs under.
func (r *Runner) Worker() string { return r.worker }

// DefaultBackoff waits 30s·2^(attempt-1), capped at 1h, give or take 10%:
// the jitter spreads out the retries of jobs that failed together (the mail
// server was down) so that they do not all come back at the same instant.
func DefaultBackoff(attempt int) time.Duration {
	d := time.Hour
	if attempt < 1 {
		attempt = 1
	}
	if attempt <= 8 { // 30s·2^7 is past the cap already; larger shifts overflow
		d = min(30*time.Second<<(attempt-1), time.Hour)
	}
	return d + time.Duration((rand.Float64()*0.2-0.1)*float64(d))
}

// Handle registers the handler of a kind, replacing any earlier one.
func (r *Runner) Handle(kind string, h Handler) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.handlers[kind] = h
}

func (r *Runner) handler(kind string) Handler {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.handlers[kind]
}

// Every enqueues a job of kind once per period (at least a second), periods
// counted as by time.Truncate in UTC (time.Hour: on the hour; 24h: from UTC
// midnight, 07:00 in Vietnam; 7·24h: from Monday). Each period's job is due
// at the period's start. Its unique key is kind:start-of-period, so however
// many runners on however many instances tick, each period's job exists once
// and runs once. The kind needs a handler. It panics when payload is not
// JSON-encodable or the period is too short: both are programming errors.
func (r *Runner) Every(kind string, period time.Duration, payload any) {
	if period < time.Second {
		panic("jobs: Every period below a second: " + period.String())
	}
	b, err := json.Marshal(payload)
	if err != nil {
		panic(fmt.Sprintf("jobs: Every %s: payload: %v", kind, err))
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.periodic = append(r.periodic, &periodic{kind: kind, period: period, payload: b})
}

// PeriodicKinds lists the kinds registered with Every.
func (r *Runner) PeriodicKinds() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, p := range r.periodic {
		out = append(out, p.kind)
	}
	return out
}

// PeriodKey is the unique key of kind's periodic job for the period holding t.
func PeriodKey(kind string, period time.Duration, t time.Time) string {
	return kind + ":" + t.UTC().Truncate(period).Format(time.RFC3339)
}

// Enqueue adds a job of kind running at runAt (zero: now) with payload
// encoded as JSON. Pass the store of the transaction that makes the job
// necessary (store.InTx) so that both commit or neither does.
func Enqueue(ctx context.Context, st *store.Store, kind string, payload any, runAt time.Time) error {
	return enqueue(ctx, st, kind, "", payload, runAt)
}

// EnqueueUnique is Enqueue unless a job with key exists already, in which
// case it does nothing. Keys are unique across kinds: start them with the
// kind ("mail.invite:12:5" for meeting 12, person 5).
func EnqueueUnique(ctx context.Context, st *store.Store, kind, key string, payload any, runAt time.Time) error {
	if key == "" {
		return errors.New("jobs: EnqueueUnique without a key")
	}
	return enqueue(ctx, st, kind, key, payload, runAt)
}

func enqueue(ctx context.Context, st *store.Store, kind, key string, payload any, runAt time.Time) error {
	b, err := json.Marshal(payload)
	if err != nil {
		return fmt.Errorf("jobs: %s payload: %w", kind, err)
	}
	_, _, err = st.EnqueueJob(ctx, kind, b, runAt, key)
	return err
}

// Run claims and runs jobs until ctx ends, then returns nil. A handler that
// is running when ctx ends finishes its job (up to its lease); the rest of
// its batch goes back to the queue at once. Database errors are logged and
// retried after Poll: an outage must not stop background work for good.
func (r *Runner) Run(ctx context.Context) error {
	r.log.Info("job runner started", "worker", r.worker)
	defer r.log.Info("job runner stopped", "worker", r.worker)
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-timer.C:
		}
		if ctx.Err() != nil {
			return nil
		}
		if err := r.schedule(ctx); err != nil && ctx.Err() == nil {
			r.log.Error("enqueue periodic jobs", "worker", r.worker, "err", err)
		}
		claimed, _, err := r.runBatch(ctx)
		if err != nil && ctx.Err() == nil {
			r.log.Error("claim jobs", "worker", r.worker, "err", err)
		}
		wait := r.poll
		if err == nil && claimed == r.batch {
			wait = 0 // a full batch: more may be waiting
		}
		timer.Reset(wait)
	}
}

// RunDue enqueues the periodic jobs of the current period and runs every job
// due now, then returns how many handlers ran. It is Run without goroutines
// or sleeping, for tests that drive the clock.
func (r *Runner) RunDue(ctx context.Context) (int, error) {
	if err := r.schedule(ctx); err != nil {
		return 0, err
	}
	total := 0
	for {
		if err := ctx.Err(); err != nil {
			return total, err
		}
		claimed, ran, err := r.runBatch(ctx)
		total += ran
		if err != nil || claimed == 0 {
			return total, err
		}
	}
}

// schedule enqueues the current period's job of each periodic kind.
func (r *Runner) schedule(ctx context.Context) error {
	r.mu.Lock()
	ps := make([]periodic, len(r.periodic))
	for i, p := range r.periodic {
		ps[i] = *p
	}
	r.mu.Unlock()
	now := r.now()
	var errs []error
	for i, p := range ps {
		key := PeriodKey(p.kind, p.period, now)
		if key == p.last {
			continue // this runner saw the period's job already: spare the write
		}
		start := now.UTC().Truncate(p.period)
		if _, _, err := r.st.EnqueueJob(ctx, p.kind, p.payload, start, key); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", p.kind, err))
			continue
		}
		r.mu.Lock()
		r.periodic[i].last = key
		r.mu.Unlock()
	}
	return errors.Join(errs...)
}

// runBatch claims one batch and runs it, returning how many jobs it claimed
// and how many handlers ran.
func (r *Runner) runBatch(ctx context.Context) (claimed, ran int, err error) {
	now := r.now()
	jobs, err := r.st.ClaimJobs(ctx, r.worker, now, r.lease, r.batch)
	if err != nil {
		return 0, 0, err
	}
	for i, j := range jobs {
		if ctx.Err() != nil {
			// Stopping: hand back what was not started so that another
			// instance runs it now, not when the lease runs out.
			for _, j := range jobs[i:] {
				r.release(ctx, j, time.Time{}, "")
			}
			break
		}
		until := now.Add(r.lease)
		if j.LockedUntil != nil {
			until = *j.LockedUntil
		}
		if r.runOne(ctx, j, until) {
			ran++
		}
	}
	return len(jobs), ran, nil
}

// runOne runs one claimed job and records the outcome; false when it did
// not run the handler.
func (r *Runner) runOne(ctx context.Context, j store.Job, until time.Time) bool {
	h := r.handler(j.Kind)
	if h == nil {
		r.log.Warn("no handler for job kind here, leaving it to another instance",
			"kind", j.Kind, "id", j.ID, "worker", r.worker)
		r.release(ctx, j, r.now().Add(unknownDelay), "no handler for "+j.Kind+" on "+r.worker)
		return false
	}
	left := until.Sub(r.now())
	if left <= 0 {
		// The batch outlasted the lease; another worker may hold the job now.
		r.release(ctx, j, time.Time{}, "")
		return false
	}
	// Not cancelled with ctx: a stopping runner lets the job finish, within
	// its lease, rather than leave it half done.
	hctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), left)
	err := call(hctx, h, []byte(j.Payload))
	cancel()

	wctx, wcancel := context.WithTimeout(context.WithoutCancel(ctx), writeTimeout)
	defer wcancel()
	now := r.now()
	var werr error
	switch {
	case err == nil:
		werr = r.st.CompleteJob(wctx, j.ID, r.worker, now)
	case IsPermanent(err) || j.Attempts >= j.MaxAttempts:
		// Logged here once, with no payload: it may hold personal data.
		r.log.Error("job failed", "kind", j.Kind, "id", j.ID, "attempts", j.Attempts,
			"permanent", IsPermanent(err), "err", err)
		werr = r.st.FailJob(wctx, j.ID, r.worker, now, errText(err))
	default:
		next := now.Add(r.backoff(j.Attempts))
		r.log.Warn("job will be retried", "kind", j.Kind, "id", j.ID, "attempts", j.Attempts,
			"next", next, "err", err)
		werr = r.st.RetryJob(wctx, j.ID, r.worker, next, errText(err))
	}
	r.reportWrite(j, werr)
	return true
}

// call runs h, turning a panic into an error so that one bad job does not
// stop the runner.
func call(ctx context.Context, h Handler, payload []byte) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("panic: %v", v)
		}
	}()
	return h(ctx, payload)
}

// release gives a claimed job back without counting the attempt.
func (r *Runner) release(ctx context.Context, j store.Job, runAt time.Time, note string) {
	wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), writeTimeout)
	defer cancel()
	r.reportWrite(j, r.st.ReleaseJob(wctx, j.ID, r.worker, runAt, note))
}

func (r *Runner) reportWrite(j store.Job, err error) {
	switch {
	case err == nil:
	case errors.Is(err, model.ErrNotFound):
		r.log.Warn("job lease lost: it ran past its lease and another worker may run it again",
			"kind", j.Kind, "id", j.ID, "worker", r.worker)
	default:
		// The lease runs out and the job runs again: late, not lost.
		r.log.Error("record job outcome", "kind", j.Kind, "id", j.ID, "worker", r.worker, "err", err)
	}
}

// errText is err's message cut to about maxErrorLen bytes on a rune boundary.
func errText(err error) string {
	s := strings.ToValidUTF8(err.Error(), "\uFFFD") // PostgreSQL TEXT rejects invalid UTF-8
	if len(s) <= maxErrorLen {
		return s
	}
	n := maxErrorLen
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
