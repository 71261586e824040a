package main

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"nghisu/internal/db"
	"nghisu/internal/model"
	"nghisu/internal/session"
)

// Load is one run of the tool.
type Load struct {
	Config
	log     io.Writer
	started time.Time
	clock   *Clock

	meetings []*Meeting
	srv      *Server   // the first instance: the chairs act through it, its memory is reported
	srvs     []*Server // every instance (-instances)
	api      *API
	apis     []*API // one per instance: member j of a meeting votes through apis[j % len]
	streams  []*Stream
	byMeet   [][]*Stream
	polls    []*pollRun
	errs     Errors
	rep      *Report
	dbURL    string // the database the server uses ("" for SQLite in DataDir)
	dropDB   func() // drops the PostgreSQL database made for the run
}

// pollRun is one poll of one round in one meeting.
type pollRun struct {
	Round, Meeting int
	ID             int64
	openSent       time.Duration
	mu             sync.Mutex
	acks           []time.Duration
	expected       map[model.Choice]int
	closed         *model.Poll
}

func (p *pollRun) ack(at time.Duration, c model.Choice) {
	p.mu.Lock()
	p.acks = append(p.acks, at)
	p.expected[c]++
	p.mu.Unlock()
}

// Run carries out the whole load and returns its report.
func (l *Load) Run(ctx context.Context) (rep *Report, err error) {
	l.started = time.Now()
	l.clock = &Clock{start: l.started}
	l.rep = &Report{Config: l.Config, Date: l.started.UTC().Format(time.RFC3339), Machine: machine()}
	rep = l.rep

	cleanUp, limit, err := l.setUp(ctx, uint64(l.N+l.Concurrency+100))
	l.rep.FileLimit = limit
	if err != nil {
		return nil, err
	}
	defer cleanUp()

	if err := l.prepare(ctx); err != nil {
		return nil, fmt.Errorf("prepare: %w", err)
	}
	if err := l.start(ctx); err != nil {
		return nil, err
	}
	stopped := false
	defer func() {
		if !stopped {
			for _, s := range l.srvs {
				s.Kill()
			}
		}
	}()
	for _, s := range l.srvs {
		l.apis = append(l.apis, NewAPI(s.URL(), l.Concurrency+l.M+8))
	}
	l.api = l.apis[0]
	if err := l.openMeetings(ctx); err != nil {
		return nil, err
	}

	sctx, stopStreams := context.WithCancel(ctx)
	var swg sync.WaitGroup
	defer func() { stopStreams(); swg.Wait() }()
	if err := l.connect(sctx, &swg); err != nil {
		return nil, err
	}
	time.Sleep(time.Second) // let the server settle before reading its memory
	l.rep.MemIdle, _ = ReadMemory(l.srv.PID())
	l.rep.GoroutinesIdle = Goroutines(l.srv.URL())
	l.logf("idle with %d streams: server %s, %d goroutines", l.rep.Streams, l.rep.MemIdle, l.rep.GoroutinesIdle)
	for i, s := range l.srvs[1:] {
		m, _ := ReadMemory(s.PID())
		l.logf("instance %d: %s", i+2, m)
	}

	var profile chan error
	for r := 1; r <= l.Rounds; r++ {
		if err := l.round(ctx, r, func() {
			if r == 1 && l.CPUProfile != "" && l.Pprof != "" {
				profile = make(chan error, 1)
				go func() { profile <- l.profile() }()
			}
		}); err != nil {
			return nil, fmt.Errorf("round %d: %w", r, err)
		}
	}
	if profile != nil {
		if err := <-profile; err != nil {
			l.logf("cpu profile: %v", err)
		} else {
			l.logf("cpu profile written to %s", l.CPUProfile)
		}
	}
	l.rep.MemEnd, _ = ReadMemory(l.srv.PID())
	l.rep.GoroutinesEnd = Goroutines(l.srv.URL())
	for _, s := range l.streams {
		l.rep.Reconnects += s.reconnects.Load()
	}
	stopStreams()
	swg.Wait()
	l.measure()

	stopped = true
	for _, s := range l.srvs {
		if err := s.Stop(); err != nil {
			l.logf("server stop: %v", err)
		}
	}
	if l.rep.RawInsert, err = l.insertBaseline(ctx); err != nil {
		return nil, err
	}
	l.rep.BallotsVsRawInsert = l.rep.RawInsert.Ratio(l.rep.BallotsPerSecond)
	if err := l.verify(ctx); err != nil {
		return nil, fmt.Errorf("verify: %w", err)
	}
	l.rep.Errors, l.rep.ErrorExamples = l.errs.Counts(), l.errs.Examples()
	l.rep.Elapsed = time.Since(l.started).Round(time.Millisecond).String()
	return l.rep, nil
}

// insertBaseline measures the raw single-row insert on the run's database
// after the servers stopped (nil with -baseline 0).
func (l *Load) insertBaseline(ctx context.Context) (*InsertBaseline, error) {
	if l.Baseline <= 0 {
		return nil, nil
	}
	b, err := RawInsertBaseline(ctx, l.dbURL, l.DataDir, l.Sync, l.Concurrency, l.Baseline)
	if err != nil {
		return nil, fmt.Errorf("raw insert baseline: %w", err)
	}
	l.logf("raw insert baseline: %s", b)
	return b, nil
}

// setUp makes ready what every scenario needs before its data: an open-file
// limit of at least need, the server binary, the data folder. cleanUp
// removes the folder and drops the PostgreSQL database made for the run,
// unless -keep.
func (l *Load) setUp(ctx context.Context, need uint64) (cleanUp func(), limit uint64, err error) {
	limit, err = raiseFileLimit()
	if err != nil {
		return nil, 0, fmt.Errorf("raise the open-file limit: %w", err)
	}
	if limit < need {
		return nil, limit, fmt.Errorf("open-file limit %d is below the %d this run needs", limit, need)
	}
	if err := l.binary(ctx); err != nil {
		return nil, limit, err
	}
	temp := false
	if l.DataDir == "" {
		if l.DataDir, err = os.MkdirTemp("", "nghisu-load-"); err != nil {
			return nil, limit, err
		}
		temp = true
	} else if err := os.MkdirAll(l.DataDir, 0o700); err != nil {
		return nil, limit, err
	}
	return func() {
		if l.dropDB != nil && !l.Keep {
			l.dropDB()
		}
		if l.Keep {
			l.logf("kept the data in %s %s", l.DataDir, l.dbURLForLog())
		} else if temp {
			os.RemoveAll(l.DataDir)
		}
	}, limit, nil
}

func (l *Load) dbURLForLog() string {
	if l.dbURL == "" {
		return ""
	}
	u, err := url.Parse(l.dbURL)
	if err != nil {
		return ""
	}
	return "and PostgreSQL database " + strings.TrimPrefix(u.Path, "/")
}

// binary makes sure the server binary exists, building it when missing.
func (l *Load) binary(ctx context.Context) error {
	if _, err := os.Stat(l.Bin); err == nil {
		return nil
	}
	l.logf("%s missing: go build -o %s ./cmd/nghisu", l.Bin, l.Bin)
	cmd := exec.CommandContext(ctx, goTool(), "build", "-o", l.Bin, "nghisu/cmd/nghisu")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("build %s: %v\n%s", l.Bin, err, out)
	}
	return nil
}

// goTool is the go command of the toolchain this was built with, else the
// one on PATH.
func goTool() string {
	if p := filepath.Join(runtime.GOROOT(), "bin", "go"); runtime.GOROOT() != "" {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return "go"
}

// openFresh makes the run's database, empty and migrated: SQLite in the
// data folder, or a new database on the PostgreSQL server named by -db.
func (l *Load) openFresh(ctx context.Context) (*db.DB, error) {
	if l.DB != "" {
		var err error
		if l.dbURL, l.dropDB, err = freshPostgres(ctx, l.DB); err != nil {
			return nil, err
		}
	}
	d, err := db.Open(ctx, l.dbURL, l.DataDir, db.Options{Synchronous: l.Sync})
	if err != nil {
		return nil, err
	}
	if _, err := d.Migrate(ctx); err != nil {
		d.Close()
		return nil, err
	}
	return d, nil
}

// prepare makes the database and fills it.
func (l *Load) prepare(ctx context.Context) error {
	t := time.Now()
	d, err := l.openFresh(ctx)
	if err != nil {
		return err
	}
	defer d.Close()
	l.rep.Database = string(d.Dialect())
	if l.meetings, err = Prepare(ctx, d, l.M, l.N); err != nil {
		return err
	}
	l.logf("prepared %d meetings, %d members with accounts and tokens on %s in %.1f s", l.M, l.N, d.Location, time.Since(t).Seconds())
	return nil
}

// freshPostgres creates a new database on the server of base and returns its
// URL and how to drop it.
func freshPostgres(ctx context.Context, base string) (string, func(), error) {
	u, err := url.Parse(base)
	if err != nil {
		return "", nil, err
	}
	name := fmt.Sprintf("nghisu_load_%d_%d", os.Getpid(), time.Now().UnixNano()%1e9)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		return "", nil, err
	}
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		admin.Close()
		return "", nil, fmt.Errorf("create database %s: %w", name, err)
	}
	u.Path = "/" + name
	drop := func() {
		if _, err := admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"); err != nil {
			fmt.Fprintln(os.Stderr, "nghisu-load: drop database:", err)
		}
		admin.Close()
	}
	return u.String(), drop, nil
}

// start starts the servers on the prepared database: the first in the
// data folder, the others each in a folder of its own inside it (for their
// logs), sharing the first one's signing key as instances must.
func (l *Load) start(ctx context.Context) error {
	for i := range max(l.Instances, 1) { // scenarios other than live leave it 0
		s := &Server{Bin: l.Bin, DataDir: l.DataDir, DB: l.dbURL}
		if i > 0 {
			s.DataDir = filepath.Join(l.DataDir, fmt.Sprintf("instance-%d", i+1))
			if err := os.MkdirAll(s.DataDir, 0o700); err != nil {
				return err
			}
			s.Args = append(s.Args, "--signing-key", filepath.Join(l.DataDir, "signing.key"))
		}
		if l.Sync != "" {
			name, err := syncFlag(l.Bin)
			if err != nil {
				return err
			}
			s.Args = append(s.Args, "--"+name, l.Sync)
		}
		if l.Pprof != "" && i == 0 {
			s.Env = append(s.Env, "NGHISU_PPROF="+l.Pprof)
		}
		t := time.Now()
		if err := s.Start(ctx); err != nil {
			for _, started := range l.srvs {
				started.Kill()
			}
			return err
		}
		l.logf("server %s (pid %d) ready in %d ms", s.URL(), s.PID(), time.Since(t).Milliseconds())
		l.srvs = append(l.srvs, s)
	}
	l.srv = l.srvs[0]
	return nil
}

// syncFlag finds serve's flag for SQLite's synchronous pragma.
func syncFlag(bin string) (string, error) {
	out, _ := exec.Command(bin, "serve", "-h").CombinedOutput()
	for _, name := range []string{"sync", "synchronous", "sqlite-sync", "sqlite-synchronous"} {
		if bytes.Contains(out, []byte("\n  -"+name+" ")) {
			return name, nil
		}
	}
	return "", errors.New("-sync: `nghisu serve` has no flag for SQLite's synchronous pragma (it always runs with db.Options' default, FULL); leave -sync empty")
}

// openMeetings records every member present and opens each meeting, through
// the API, as the meeting's chair.
func (l *Load) openMeetings(ctx context.Context) error {
	t := time.Now()
	type job struct{ m, j int }
	jobs := make(chan job)
	var failed atomic.Int64
	var wg sync.WaitGroup
	for range min(l.Concurrency, l.N) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for x := range jobs {
				m := l.meetings[x.m]
				in := map[string]any{"person_id": m.Members[x.j].PersonID, "status": model.AttendPresent}
				if err := l.retry(ctx, "attendance", "/meetings/"+itoa(m.ID)+"/attendance", m.Chair().Token, in, nil); err != nil {
					failed.Add(1)
				}
			}
		}()
	}
	for j := 0; ; j++ {
		more := false
		for i, m := range l.meetings {
			if j < len(m.Members) {
				more = true
				jobs <- job{i, j}
			}
		}
		if !more {
			break
		}
	}
	close(jobs)
	wg.Wait()
	if n := failed.Load(); n > 0 {
		return fmt.Errorf("%d attendance records failed: %v", n, l.errs.Counts())
	}
	l.logf("roll call: %d present in %.1f s", l.N, time.Since(t).Seconds())
	t = time.Now()
	err := l.each(func(i int) error {
		m := l.meetings[i]
		return l.retry(ctx, "open meeting", "/meetings/"+itoa(m.ID)+"/open", m.Chair().Token, struct{}{}, nil)
	})
	if err != nil {
		return err
	}
	l.logf("opened %d meetings in %d ms", l.M, time.Since(t).Milliseconds())
	return nil
}

// each runs fn for every meeting, at most Concurrency at once, and returns
// the first error.
func (l *Load) each(fn func(i int) error) error {
	sem := make(chan struct{}, l.Concurrency)
	errc := make(chan error, len(l.meetings))
	var wg sync.WaitGroup
	for i := range l.meetings {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			if err := fn(i); err != nil {
				errc <- err
			}
		}()
	}
	wg.Wait()
	close(errc)
	return <-errc
}

// retry posts, retrying (at most 5 times) what failed in the network or
// the server; every failure is counted.
func (l *Load) retry(ctx context.Context, what, path, token string, in, out any) error {
	var err error
	for attempt := range 5 {
		if attempt > 0 {
			time.Sleep(time.Duration(attempt) * 100 * time.Millisecond)
		}
		if err = l.api.Do(ctx, http.MethodPost, path, token, in, out); err == nil {
			return nil
		}
		l.errs.Add(what, err)
		if !Retryable(err) || ctx.Err() != nil {
			return err
		}
	}
	return err
}

// connect opens one stream per member and waits until every stream is
// subscribed.
func (l *Load) connect(ctx context.Context, wg *sync.WaitGroup) error {
	t := time.Now()
	l.byMeet = make([][]*Stream, len(l.meetings))
	for i, m := range l.meetings {
		for j, mem := range m.Members {
			// With several instances a meeting's screens are spread over
			// all of them, so its events must cross from one to another.
			host := strings.TrimPrefix(l.srvs[(i+j)%len(l.srvs)].URL(), "http://")
			s := &Stream{Meeting: i, meetID: m.ID, token: mem.Token, addr: host, clock: l.clock, errs: &l.errs}
			l.streams = append(l.streams, s)
			l.byMeet[i] = append(l.byMeet[i], s)
		}
	}
	// Connect a few hundred at a time: the listen backlog is finite.
	sem := make(chan struct{}, 256)
	var ready sync.WaitGroup
	var failed atomic.Int64
	for _, s := range l.streams {
		sem <- struct{}{}
		ready.Add(1)
		wg.Add(1)
		go func() {
			defer wg.Done()
			var once sync.Once
			s.Run(ctx, func(err error) {
				once.Do(func() {
					if err != nil {
						failed.Add(1)
					}
					<-sem
					ready.Done()
				})
			})
		}()
	}
	ready.Wait()
	// Those that failed first keep retrying: wait for them a while.
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		n := 0
		for _, s := range l.streams {
			if s.connected.Load() {
				n++
			}
		}
		l.rep.Streams = n
		if n == len(l.streams) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	l.logf("%d of %d streams connected in %.1f s (%d failed first)", l.rep.Streams, len(l.streams), time.Since(t).Seconds(), failed.Load())
	if l.rep.Streams < len(l.streams) {
		return fmt.Errorf("only %d of %d streams connected: %v", l.rep.Streams, len(l.streams), l.errs.Counts())
	}
	return nil
}

var choices = []model.Choice{model.ChoiceFor, model.ChoiceAgainst, model.ChoiceAbstain}

// round runs one round of votes in every meeting.
func (l *Load) round(ctx context.Context, r int, voting func()) error {
	t := time.Now()
	runs := make([]*pollRun, len(l.meetings))
	kind := model.DecideOrdinary
	if l.Method == "secret" {
		kind = model.DecideElection
	}
	no := false
	err := l.each(func(i int) error {
		m := l.meetings[i]
		p := &pollRun{Round: r, Meeting: i, expected: map[model.Choice]int{}}
		in := model.PollInput{Title: fmt.Sprintf("Biểu quyết thử tải, vòng %d", r), DecisionKind: kind,
			Method: model.VoteMethod(l.Method), HideResults: &no, AllowChange: &no}
		if l.Stagger > 0 {
			time.Sleep(rand.N(l.Stagger))
		}
		var out model.Poll
		p.openSent = l.clock.Now()
		if err := l.api.Do(ctx, http.MethodPost, "/meetings/"+itoa(m.ID)+"/polls", m.Chair().Token, in, &out); err != nil {
			l.errs.Add("open poll", err)
			return fmt.Errorf("open a poll in meeting %d: %w", m.ID, err)
		}
		p.ID = out.ID
		runs[i] = p
		return nil
	})
	if err != nil {
		return err
	}
	l.polls = append(l.polls, runs...)
	if missed := l.await(runs, func(s *Stream, p *pollRun) bool { return s.seenOpen.Load() >= p.ID }); missed > 0 {
		l.logf("round %d: %d streams did not see the poll open within 30 s", r, missed)
	}
	opened := time.Since(t)

	// Every member votes, in random order across the meetings.
	type ballot struct{ m, j int }
	var all []ballot
	for i, m := range l.meetings {
		for j := range m.Members {
			all = append(all, ballot{i, j})
		}
	}
	rand.Shuffle(len(all), func(a, b int) { all[a], all[b] = all[b], all[a] })
	jobs := make(chan ballot)
	var acked, unresolved, retried atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	voting()
	for range min(l.Concurrency, len(all)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range jobs {
				p, mem := runs[b.m], l.meetings[b.m].Members[b.j]
				c := choices[(b.j+r)%len(choices)]
				key := fmt.Sprintf("r%d-%d-%d-%08x", r, p.ID, mem.PersonID, rand.Uint32())
				var rc session.Receipt
				var err error
				for attempt := range 5 {
					if attempt > 0 {
						retried.Add(1)
						time.Sleep(time.Duration(attempt) * 100 * time.Millisecond)
					}
					// Member j votes through instance j, the screens of
					// member j watch instance i+j: most ballots reach most
					// screens through another instance.
					err = l.apis[b.j%len(l.apis)].Do(ctx, http.MethodPost, "/polls/"+itoa(p.ID)+"/ballots", mem.Token,
						model.BallotInput{Choice: c, Key: key}, &rc)
					if err == nil {
						break
					}
					l.errs.Add("ballot", err)
					if !Retryable(err) || ctx.Err() != nil {
						break
					}
				}
				if err != nil {
					unresolved.Add(1)
					continue
				}
				p.ack(l.clock.Now(), c)
				acked.Add(1)
			}
		}()
	}
	for _, b := range all {
		jobs <- b
	}
	close(jobs)
	wg.Wait()
	votingTime := time.Since(start)
	l.rep.VotingSeconds += votingTime.Seconds()
	l.rep.Acked += acked.Load()
	l.rep.Unresolved += unresolved.Load()
	l.rep.Retried += retried.Load()

	err = l.each(func(i int) error {
		p, m := runs[i], l.meetings[i]
		var out model.Poll
		if err := l.retry(ctx, "close poll", "/polls/"+itoa(p.ID)+"/close", m.Chair().Token, struct{}{}, &out); err != nil {
			return fmt.Errorf("close poll %d: %w", p.ID, err)
		}
		p.closed = &out
		return nil
	})
	if err != nil {
		return err
	}
	if missed := l.await(runs, func(s *Stream, p *pollRun) bool { return s.seenClosed.Load() >= p.ID }); missed > 0 {
		l.logf("round %d: %d streams did not see the poll close within 30 s", r, missed)
	}
	l.logf("round %d: polls open in %d ms; %d ballots acknowledged in %.2f s (%.0f/s), %d unresolved; closed and seen in %.1f s",
		r, opened.Milliseconds(), acked.Load(), votingTime.Seconds(), float64(acked.Load())/votingTime.Seconds(), unresolved.Load(), time.Since(t).Seconds())
	return nil
}

// await waits (at most 30 s) until every stream of every meeting satisfies
// seen for its meeting's poll, and returns how many did not.
func (l *Load) await(runs []*pollRun, seen func(*Stream, *pollRun) bool) int {
	deadline := time.Now().Add(30 * time.Second)
	for {
		missing := 0
		for i, p := range runs {
			for _, s := range l.byMeet[i] {
				if !seen(s, p) {
					missing++
				}
			}
		}
		if missing == 0 || time.Now().After(deadline) {
			return missing
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// profile fetches a CPU profile from the server's pprof address.
func (l *Load) profile() error {
	hc := &http.Client{Timeout: time.Duration(l.ProfileSeconds+30) * time.Second}
	resp, err := hc.Get(fmt.Sprintf("http://%s/debug/pprof/profile?seconds=%d", l.Pprof, l.ProfileSeconds))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("pprof: %s", resp.Status)
	}
	f, err := os.Create(l.CPUProfile)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, resp.Body); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// measure computes the latencies from what the streams saw.
func (l *Load) measure() {
	var open, ballots, settle []time.Duration
	obs := make([][]Obs, len(l.streams))
	idx := map[*Stream]int{}
	for i, s := range l.streams {
		obs[i] = s.Observations()
		idx[s] = i
	}
	for _, p := range l.polls {
		streams := l.byMeet[p.Meeting]
		// The poll's opening: until the last stream saw the poll.
		var last time.Duration
		missed := false
		for _, s := range streams {
			at, ok := time.Duration(0), false
			for _, o := range obs[idx[s]] {
				if o.Poll == p.ID {
					at, ok = o.At, true
					break
				}
			}
			if !ok {
				missed = true
				continue
			}
			last = max(last, at)
		}
		if missed {
			l.rep.MissedEvents++
		} else {
			open = append(open, last-p.openSent)
		}
		// The ballots: reach[n] is when the last stream saw a turnout of
		// at least n.
		acks := slices.Clone(p.acks)
		slices.Sort(acks)
		n := len(acks)
		if n == 0 {
			continue
		}
		reach := make([]time.Duration, n+1)
		reached := make([]int, n+1)
		for _, s := range streams {
			cur := 0
			for _, o := range obs[idx[s]] {
				if o.Poll != p.ID || int(o.Voted) <= cur {
					continue
				}
				for k := cur + 1; k <= min(int(o.Voted), n); k++ {
					reach[k] = max(reach[k], o.At)
					reached[k]++
				}
				cur = int(o.Voted)
			}
		}
		for k := 1; k <= n; k++ {
			if reached[k] < len(streams) {
				l.rep.MissedEvents++
				continue
			}
			ballots = append(ballots, max(0, reach[k]-acks[k-1]))
		}
		if reached[n] == len(streams) {
			settle = append(settle, max(0, reach[n]-acks[n-1]))
		}
	}
	l.rep.PollOpen = summarize(open)
	l.rep.Ballot = summarize(ballots)
	l.rep.Settle = summarize(settle)
	if l.rep.VotingSeconds > 0 {
		l.rep.BallotsPerSecond = float64(l.rep.Acked) / l.rep.VotingSeconds
	}
}

// verify checks, in the database the server wrote, that each poll counted
// exactly its acknowledged ballots, choice by choice.
func (l *Load) verify(ctx context.Context) error {
	d, err := db.Open(ctx, l.dbURL, l.DataDir, db.Options{})
	if err != nil {
		return err
	}
	defer d.Close()
	for _, p := range l.polls {
		acked := len(p.acks)
		var state string
		var forN, against, abstain, voters int
		err := d.R.QueryRowContext(ctx, d.Rebind("SELECT state, for_count, against_count, abstain_count FROM polls WHERE id = ?"), p.ID).
			Scan(&state, &forN, &against, &abstain)
		if err != nil {
			return err
		}
		if err := d.R.QueryRowContext(ctx, d.Rebind("SELECT COUNT(*) FROM poll_voters WHERE poll_id = ?"), p.ID).Scan(&voters); err != nil {
			return err
		}
		counted := forN + against + abstain
		bad := func(format string, args ...any) {
			l.rep.Mismatches = append(l.rep.Mismatches, fmt.Sprintf("round %d poll %d: ", p.Round, p.ID)+fmt.Sprintf(format, args...))
		}
		switch {
		case state != string(model.PollClosed):
			bad("state %s, want closed", state)
		case counted < acked:
			l.rep.Lost += int64(acked - counted)
			bad("%d counted, %d acknowledged: %d lost", counted, acked, acked-counted)
		case counted > acked:
			bad("%d counted, %d acknowledged (%d ballots unresolved this run)", counted, acked, l.rep.Unresolved)
		case forN != p.expected[model.ChoiceFor] || against != p.expected[model.ChoiceAgainst] || abstain != p.expected[model.ChoiceAbstain]:
			bad("counted %d/%d/%d, acknowledged %d/%d/%d (for/against/abstain)", forN, against, abstain,
				p.expected[model.ChoiceFor], p.expected[model.ChoiceAgainst], p.expected[model.ChoiceAbstain])
		case voters != acked:
			bad("%d voters recorded, %d acknowledged", voters, acked)
		case p.closed == nil || p.closed.For+p.closed.Against+p.closed.Abstain != acked:
			bad("the close reply counted %+v, %d acknowledged", p.closed, acked)
		}
		l.rep.Polls++
	}
	return nil
}

func itoa(n int64) string { return fmt.Sprint(n) }

// machine describes the machine: cores, CPU model, memory.
func machine() string {
	cpu := "unknown CPU"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for line := range strings.Lines(string(b)) {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				cpu = strings.TrimSpace(v)
				break
			}
		}
	}
	mem := ""
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		var kb int64
		fmt.Sscanf(strings.TrimPrefix(strings.SplitN(string(b), "\n", 2)[0], "MemTotal:"), "%d", &kb)
		mem = fmt.Sprintf(", %.1f GiB RAM", float64(kb)/(1<<20))
	}
	return fmt.Sprintf("%d CPU (%s)%s, %s", runtime.NumCPU(), cpu, mem, runtime.Version())
}
