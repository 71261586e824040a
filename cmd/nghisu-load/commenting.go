package main

// The "prepare" scenario: the days before a BCH meeting, when the BTV
// comments on the draft resolution. It prepares a fresh database with M BCH
// meetings in BTV review, each with a draft of P paragraphs and an open
// review round, and N BTV members in all with tokens; starts `nghisu serve`
// on it; and has every reviewer post K comments at once on random
// paragraphs (remarks, proposed wordings, agreements), some followed by a
// reload of the review (GET /rounds/{id}, what the page shows), while each
// meeting's drafter answers some of the comments as they come in. The
// review page has no event stream, so none is kept open. It reports the
// comments' acknowledgement latency and rate, the errors, the server's CPU
// and memory, and a raw single-row insert baseline measured in the same run;
// then it checks in the database that every acknowledged comment is stored
// exactly once, as sent, with the drafter's acknowledged answer.
//
//	go run ./cmd/nghisu-load prepare -n 500 -m 10 -comments 5
//	scripts/with-postgres sh -c 'go run ./cmd/nghisu-load prepare -n 500 -m 10 -db "$NGHISU_TEST_PG"'
//
// Each comment goes with a key, as a phone sends it, and is resent with the
// same key when its answer is lost (a timeout, a 5xx): the server stores it
// once. Each comment's text also carries a tag, and the check counts the
// stored comments by tag, so a key that failed to deduplicate shows.

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"text/tabwriter"
	"time"

	"nghisu/internal/db"
	"nghisu/internal/model"
)

func init() {
	scenarios["prepare"] = func(ctx context.Context, args []string, stdout, progress io.Writer) (Outcome, error) {
		rep, err := runPrepare(ctx, args, stdout, progress)
		if rep == nil {
			return nil, err
		}
		return rep, err
	}
}

// PrepConfig is what one run of the preparation scenario does.
type PrepConfig struct {
	N           int           `json:"reviewers"`
	M           int           `json:"meetings"`
	Comments    int           `json:"comments_each"`
	Paragraphs  int           `json:"paragraphs"`
	Rate        float64       `json:"rate"`
	Respond     float64       `json:"respond"`
	Reload      float64       `json:"reload"`
	Concurrency int           `json:"concurrency"`
	DB          string        `json:"-"`
	Sync        string        `json:"sync,omitempty"`
	Bin         string        `json:"-"`
	DataDir     string        `json:"-"`
	JSON        string        `json:"-"`
	Keep        bool          `json:"-"`
	Quiet       bool          `json:"-"`
	Baseline    time.Duration `json:"baseline"`
	Pprof       string        `json:"-"`
	CPUProfile  string        `json:"-"`
	ProfileSecs int           `json:"-"`
}

func (c *PrepConfig) register(fs *flag.FlagSet) {
	fs.IntVar(&c.N, "n", 500, "reviewers: BTV members in all, each with a token")
	fs.IntVar(&c.M, "m", 10, "meetings in BTV review the reviewers are spread over (each its own commune)")
	fs.IntVar(&c.Comments, "comments", 5, "comments each reviewer posts")
	fs.IntVar(&c.Paragraphs, "paragraphs", 40, "paragraphs of each draft")
	fs.Float64Var(&c.Rate, "rate", 0, "comments a second offered in all (0: as fast as -concurrency allows)")
	fs.Float64Var(&c.Respond, "respond", 0.1, "share of the acknowledged comments the drafter answers (answered, rejected, accepted) during the run")
	fs.Float64Var(&c.Reload, "reload", 0.2, "share of the acknowledged comments after which the reviewer reloads the review (GET /rounds/{id})")
	fs.IntVar(&c.Concurrency, "concurrency", 64, "most API requests in flight at once, overall")
	fs.StringVar(&c.DB, "db", "", "empty: SQLite in the data folder; postgres://…: a fresh database is created on that server")
	fs.StringVar(&c.Sync, "sync", "", "SQLite synchronous pragma for the server, if `nghisu serve` has a flag for it (default: serve's own, FULL)")
	fs.StringVar(&c.Bin, "bin", "./bin/nghisu", "the nghisu binary to serve with (built with `go build` when missing)")
	fs.BoolVar(&c.Keep, "keep", false, "keep the data folder (and the PostgreSQL database)")
	fs.StringVar(&c.DataDir, "data", "", "data folder (default: a new temporary one)")
	fs.StringVar(&c.JSON, "json", "", "also write the report as JSON to this file ('-': standard output)")
	fs.BoolVar(&c.Quiet, "q", false, "no progress lines")
	fs.DurationVar(&c.Baseline, "baseline", 3*time.Second, "after the load, measure the raw single-row insert baseline for this long with -concurrency goroutines (0: skip)")
	fs.StringVar(&c.Pprof, "pprof", "", "ask the server to serve net/http/pprof on this address (NGHISU_PPROF; a binary built with -tags pprof)")
	fs.StringVar(&c.CPUProfile, "cpuprofile", "", "with -pprof: save a CPU profile of the server taken from the start of the commenting")
	fs.IntVar(&c.ProfileSecs, "profile-seconds", 10, "length of the -cpuprofile profile")
}

// PrepReport is what a run of the preparation scenario measured.
type PrepReport struct {
	Config    PrepConfig `json:"config"`
	Date      string     `json:"date"`
	Machine   string     `json:"machine"`
	Database  string     `json:"database"`
	FileLimit uint64     `json:"file_limit"`
	Elapsed   string     `json:"elapsed"`

	// Comment: from sending a comment to its acknowledgement (201).
	Comment           Summary `json:"comment_latency"`
	Sent              int64   `json:"comments_sent"`
	Acked             int64   `json:"comments_acknowledged"`
	Refused           int64   `json:"comments_refused"`
	Resent            int64   `json:"comments_resent"`
	Unresolved        int64   `json:"comments_unresolved"`
	CommentSeconds    float64 `json:"commenting_seconds"`
	CommentsPerSecond float64 `json:"comments_per_second"`
	// Respond: the drafter's answers; Reload: a reviewer reading the review.
	Respond   Summary `json:"respond_latency"`
	Responses int64   `json:"responses_acknowledged"`
	Reload    Summary `json:"reload_latency"`

	Errors        map[string]int    `json:"errors"`
	ErrorExamples map[string]string `json:"error_examples,omitempty"`

	// CPU is the server's user+system CPU time over the commenting phase,
	// and CPUCores that ÷ the phase's wall time (1.0: one core busy).
	CPUSeconds    float64 `json:"server_cpu_seconds"`
	CPUCores      float64 `json:"server_cpu_cores"`
	CPUPerComment float64 `json:"server_cpu_ms_per_comment"`
	MemIdle       Memory  `json:"server_memory_idle"`
	MemEnd        Memory  `json:"server_memory_end"`

	RawInsert           *InsertBaseline `json:"raw_insert_baseline,omitempty"`
	CommentsVsRawInsert float64         `json:"comments_vs_raw_insert,omitempty"`

	Rounds        int      `json:"rounds_verified"`
	Stored        int64    `json:"comments_stored"`
	Lost          int64    `json:"comments_lost"`
	Doubled       int64    `json:"comments_doubled"`
	UnackedStored int64    `json:"unacknowledged_stored"`
	Mismatches    []string `json:"mismatches"`
}

// OK reports whether every acknowledged comment is stored once, as sent.
func (r *PrepReport) OK() bool { return r.Failure() == "" }

// Failure says what went wrong, "" when nothing did.
func (r *PrepReport) Failure() string {
	var why []string
	if r.Lost > 0 {
		why = append(why, fmt.Sprintf("%d acknowledged comments lost", r.Lost))
	}
	if r.Doubled > 0 {
		why = append(why, fmt.Sprintf("%d comments stored more than once", r.Doubled))
	}
	if r.Refused > 0 {
		why = append(why, fmt.Sprintf("%d valid comments refused", r.Refused))
	}
	if len(r.Mismatches) > 0 {
		why = append(why, fmt.Sprintf("%d comments do not match what was sent: %s", len(r.Mismatches), r.Mismatches[0]))
	}
	return strings.Join(why, "; ")
}

// WriteTable prints the report as a table.
func (r *PrepReport) WriteTable(w io.Writer) {
	c := r.Config
	rate := "as fast as allowed"
	if c.Rate > 0 {
		rate = fmt.Sprintf("offered at %.0f/s", c.Rate)
	}
	fmt.Fprintf(w, "\nnghisu-load prepare: %d reviewers in %d reviews of %d paragraphs, %d comments each (%s), %s, concurrency %d\n",
		c.N, c.M, c.Paragraphs, c.Comments, rate, r.Database, c.Concurrency)
	fmt.Fprintf(w, "%s, %s, open-file limit %d\n\n", r.Date, r.Machine, r.FileLimit)
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	row := func(k, v string) { fmt.Fprintf(tw, "%s\t%s\n", k, v) }
	row("comment sent → ack p50/p95/p99/max", r.Comment.Long())
	row("comments acknowledged", fmt.Sprintf("%d of %d in %.2f s = %.0f/s (refused %d, unresolved %d, resent %d)",
		r.Acked, r.Sent, r.CommentSeconds, r.CommentsPerSecond, r.Refused, r.Unresolved, r.Resent))
	row("drafter's answers p50/p95/p99/max", fmt.Sprintf("%s, %d acknowledged", r.Respond.Long(), r.Responses))
	row("review reload p50/p95/p99/max", r.Reload.Long())
	if r.RawInsert != nil {
		row("raw single-row insert baseline", r.RawInsert.String())
		ratio := fmt.Sprintf("%.2f", r.CommentsVsRawInsert)
		if c.Rate > 0 {
			ratio += " (paced by -rate: a ratio of saturation only without it)"
		}
		row("comments/s ÷ raw inserts/s", ratio)
	}
	errs := "none"
	if len(r.Errors) > 0 {
		var parts []string
		for _, k := range slices.Sorted(maps.Keys(r.Errors)) {
			parts = append(parts, fmt.Sprintf("%s ×%d", k, r.Errors[k]))
		}
		errs = strings.Join(parts, ", ")
	}
	row("errors", errs)
	row("server CPU while commenting", fmt.Sprintf("%.2f s = %.2f cores, %.2f ms a comment", r.CPUSeconds, r.CPUCores, r.CPUPerComment))
	row("server memory idle", r.MemIdle.String())
	row("server memory at the end", r.MemEnd.String())
	check := "every acknowledged comment stored once, as sent"
	if !r.OK() {
		check = "FAILED: " + r.Failure()
	}
	row("database check", fmt.Sprintf("%d rounds, %d comments stored (%d unacknowledged): %s", r.Rounds, r.Stored, r.UnackedStored, check))
	row("elapsed", r.Elapsed)
	tw.Flush()
	for i, m := range r.Mismatches {
		if i == 10 {
			fmt.Fprintf(w, "  … and %d more\n", len(r.Mismatches)-10)
			break
		}
		fmt.Fprintln(w, "  mismatch:", m)
	}
	for _, k := range slices.Sorted(maps.Keys(r.ErrorExamples)) {
		fmt.Fprintf(w, "  e.g. %s: %s\n", k, r.ErrorExamples[k])
	}
}

// WriteJSON writes the report as indented JSON.
func (r *PrepReport) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// runPrepare parses args, runs the scenario and prints the report.
func runPrepare(ctx context.Context, args []string, stdout, progress io.Writer) (*PrepReport, error) {
	var c PrepConfig
	fs := flag.NewFlagSet("nghisu-load prepare", flag.ContinueOnError)
	fs.SetOutput(progress)
	c.register(fs)
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if c.M < 1 || c.N < c.M || c.Comments < 1 || c.Paragraphs < 1 || c.Concurrency < 1 || c.Rate < 0 {
		return nil, errors.New("need -m ≥ 1, -n ≥ m, -comments ≥ 1, -paragraphs ≥ 1, -concurrency ≥ 1, -rate ≥ 0")
	}
	if c.Quiet {
		progress = io.Discard
	}
	p := &prepLoad{PrepConfig: c}
	p.Load = &Load{Config: Config{DB: c.DB, Sync: c.Sync, Bin: c.Bin, DataDir: c.DataDir, Keep: c.Keep, Concurrency: c.Concurrency, Baseline: c.Baseline,
		Pprof: c.Pprof, CPUProfile: c.CPUProfile, ProfileSeconds: c.ProfileSecs}, log: progress}
	rep, err := p.run(ctx)
	if err != nil {
		return nil, err
	}
	return rep, output(rep, stdout, c.JSON)
}

// prepLoad is one run of the preparation scenario; it borrows the live
// scenario's Load for the binary, the server and the progress lines.
type prepLoad struct {
	PrepConfig
	*Load
	reviews []*Review
	sent    []*sentComment
	rep     *PrepReport
}

// sentComment is one comment of the run.
type sentComment struct {
	review   *Review
	reviewer int
	tag      string
	in       model.CommentInput
	id       int64 // the acknowledged comment's id
	acked    bool
	// answer is the drafter's acknowledged answer ("" when none), tried
	// one whose request failed (it may have landed).
	answer, tried model.CommentStatus
}

func (p *prepLoad) run(ctx context.Context) (*PrepReport, error) {
	l := p.Load
	l.started = time.Now()
	p.rep = &PrepReport{Config: p.PrepConfig, Date: l.started.UTC().Format(time.RFC3339), Machine: machine()}
	cleanUp, limit, err := l.setUp(ctx, uint64(p.Concurrency+100))
	p.rep.FileLimit = limit
	if err != nil {
		return nil, err
	}
	defer cleanUp()
	if err := p.prepare(ctx); err != nil {
		return nil, fmt.Errorf("prepare: %w", err)
	}
	if err := l.start(ctx); err != nil {
		return nil, err
	}
	stopped := false
	defer func() {
		if !stopped {
			l.srv.Kill()
		}
	}()
	l.api = NewAPI(l.srv.URL(), p.Concurrency+p.M+8)
	p.rep.MemIdle, _ = ReadMemory(l.srv.PID())

	cpu0, err := cpuTime(l.srv.PID())
	if err != nil {
		return nil, err
	}
	var profile chan error
	if p.CPUProfile != "" && p.Pprof != "" {
		profile = make(chan error, 1)
		go func() { profile <- l.profile() }()
	}
	t0 := time.Now()
	p.comment(ctx)
	wall := time.Since(t0)
	cpu1, err := cpuTime(l.srv.PID())
	if err != nil {
		return nil, err
	}
	p.rep.CPUSeconds = (cpu1 - cpu0).Seconds()
	p.rep.CPUCores = p.rep.CPUSeconds / wall.Seconds()
	if p.rep.Acked > 0 {
		p.rep.CPUPerComment = 1000 * p.rep.CPUSeconds / float64(p.rep.Acked)
	}
	p.rep.MemEnd, _ = ReadMemory(l.srv.PID())
	if profile != nil {
		if err := <-profile; err != nil {
			l.logf("cpu profile: %v", err)
		} else {
			l.logf("cpu profile written to %s", p.CPUProfile)
		}
	}

	stopped = true
	if err := l.srv.Stop(); err != nil {
		l.logf("server stop: %v", err)
	}
	if p.rep.RawInsert, err = l.insertBaseline(ctx); err != nil {
		return nil, err
	}
	p.rep.CommentsVsRawInsert = p.rep.RawInsert.Ratio(p.rep.CommentsPerSecond)
	if err := p.verify(ctx); err != nil {
		return nil, fmt.Errorf("verify: %w", err)
	}
	p.rep.Errors, p.rep.ErrorExamples = l.errs.Counts(), l.errs.Examples()
	p.rep.Elapsed = time.Since(l.started).Round(time.Millisecond).String()
	return p.rep, nil
}

// prepare makes the database and fills it.
func (p *prepLoad) prepare(ctx context.Context) error {
	l := p.Load
	t := time.Now()
	d, err := l.openFresh(ctx)
	if err != nil {
		return err
	}
	defer d.Close()
	p.rep.Database = string(d.Dialect())
	if p.reviews, err = PrepareReviews(ctx, d, p.M, p.N, p.Paragraphs); err != nil {
		return err
	}
	l.logf("prepared %d reviews of %d paragraphs, %d reviewers with tokens on %s in %.1f s", p.M, p.Paragraphs, p.N, d.Location, time.Since(t).Seconds())
	return nil
}

// comment has every reviewer post their comments, in random order across
// the reviews, while the drafters answer some of them.
func (p *prepLoad) comment(ctx context.Context) {
	l := p.Load
	for _, r := range p.reviews {
		for j := range r.Reviewers {
			for k := range p.Comments {
				p.sent = append(p.sent, p.newComment(r, j, k))
			}
		}
	}
	rand.Shuffle(len(p.sent), func(a, b int) { p.sent[a], p.sent[b] = p.sent[b], p.sent[a] })

	var mu sync.Mutex
	var lat, respLat, reloadLat []time.Duration
	var acked, refused, unresolved, responses, resent atomic.Int64
	answers := make(chan *sentComment, len(p.sent))
	jobs := make(chan *sentComment)
	var wg, dwg sync.WaitGroup

	// The drafters: a few at a time, each comment answered once.
	for range max(1, min(p.M, p.Concurrency/8)) {
		dwg.Add(1)
		go func() {
			defer dwg.Done()
			for s := range answers {
				in := model.CommentResponse{Status: model.CommentAnswered, Response: "Xin tiếp thu, sẽ chỉnh sửa trong dự thảo lần sau."}
				switch s.id % 3 {
				case 1:
					in = model.CommentResponse{Status: model.CommentRejected, Response: "Xin giữ nguyên như dự thảo vì đã phù hợp với chủ trương chung."}
				case 2:
					in = model.CommentResponse{Status: model.CommentAccepted}
				}
				t := time.Now()
				err := l.api.Do(ctx, http.MethodPost, "/comments/"+itoa(s.id)+"/respond", s.review.Drafter().Token, in, nil)
				if err != nil {
					l.errs.Add("respond", err)
					mu.Lock()
					s.tried = in.Status
					mu.Unlock()
					continue
				}
				d := time.Since(t)
				mu.Lock()
				s.answer = in.Status
				respLat = append(respLat, d)
				mu.Unlock()
				responses.Add(1)
			}
		}()
	}

	start := time.Now()
	for range min(p.Concurrency, len(p.sent)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for s := range jobs {
				mem := s.review.Reviewers[s.reviewer]
				var out model.ReviewComment
				t := time.Now()
				var err error
				for attempt := range 5 {
					if attempt > 0 {
						resent.Add(1)
						time.Sleep(time.Duration(attempt) * 100 * time.Millisecond)
					}
					err = l.api.Do(ctx, http.MethodPost, "/rounds/"+itoa(s.review.RoundID)+"/comments", mem.Token, s.in, &out)
					if err == nil || !Retryable(err) || ctx.Err() != nil {
						break
					}
					l.errs.Add("comment", err) // resent with the same key
				}
				d := time.Since(t)
				if err != nil {
					l.errs.Add("comment", err)
					var he *HTTPError
					if errors.As(err, &he) && he.Status < 500 {
						refused.Add(1)
					} else {
						unresolved.Add(1)
					}
					continue
				}
				mu.Lock()
				s.id, s.acked = out.ID, true
				lat = append(lat, d)
				mu.Unlock()
				acked.Add(1)
				if rand.Float64() < p.Respond {
					answers <- s
				}
				if rand.Float64() < p.Reload {
					t := time.Now()
					if err := l.api.Do(ctx, http.MethodGet, "/rounds/"+itoa(s.review.RoundID), mem.Token, nil, nil); err != nil {
						l.errs.Add("reload", err)
						continue
					}
					d := time.Since(t)
					mu.Lock()
					reloadLat = append(reloadLat, d)
					mu.Unlock()
				}
			}
		}()
	}
	done := make(chan struct{})
	go func() {
		tick := time.NewTicker(5 * time.Second)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				l.logf("%d of %d comments acknowledged, %d answered", acked.Load(), len(p.sent), responses.Load())
			}
		}
	}()
	for i, s := range p.sent {
		if p.Rate > 0 {
			if wait := time.Until(start.Add(time.Duration(float64(i) / p.Rate * float64(time.Second)))); wait > 0 {
				time.Sleep(wait)
			}
		}
		if ctx.Err() != nil {
			break
		}
		jobs <- s
	}
	close(jobs)
	wg.Wait()
	elapsed := time.Since(start)
	close(answers)
	dwg.Wait()
	close(done)

	r := p.rep
	r.Sent = int64(len(p.sent))
	r.Acked, r.Refused, r.Unresolved, r.Responses, r.Resent = acked.Load(), refused.Load(), unresolved.Load(), responses.Load(), resent.Load()
	r.CommentSeconds = elapsed.Seconds()
	r.CommentsPerSecond = float64(r.Acked) / elapsed.Seconds()
	r.Comment, r.Respond, r.Reload = summarize(lat), summarize(respLat), summarize(reloadLat)
	l.logf("%d comments acknowledged in %.2f s (%.0f/s), %d refused, %d unresolved; %d answered",
		r.Acked, elapsed.Seconds(), r.CommentsPerSecond, r.Refused, r.Unresolved, r.Responses)
}

// newComment is reviewer j's k-th comment on review r: mostly a remark on a
// paragraph, some proposed wordings, a few agreements with the whole draft.
func (p *prepLoad) newComment(r *Review, j, k int) *sentComment {
	tag := commentTag(r.RoundID, j, k)
	para := 1 + rand.IntN(r.Paragraphs)
	in := model.CommentInput{Paragraph: para, Kind: model.CommentRemark,
		Text: fmt.Sprintf("Đề nghị làm rõ thời hạn hoàn thành và đơn vị chủ trì ở đoạn %d. %s", para, tag)}
	switch rand.IntN(10) {
	case 0:
		in = model.CommentInput{Paragraph: 0, Kind: model.CommentAgree, Text: "Nhất trí với dự thảo. " + tag}
	case 1, 2:
		in.Kind = model.CommentWording
		in.Wording = fmt.Sprintf("Giao Ủy ban nhân dân xã chủ trì, phối hợp các đoàn thể hoàn thành nội dung đoạn %d trước ngày 30/6.", para)
	}
	in.Key = strings.NewReplacer("[", "", "]", "", " ", "-").Replace(tag)
	return &sentComment{review: r, reviewer: j, tag: tag, in: in}
}

// verify checks, in the database the server wrote, that every acknowledged
// comment is stored exactly once, under its id, as sent, with the answer
// the drafter was acknowledged, and that no comment is stored twice.
func (p *prepLoad) verify(ctx context.Context) error {
	l := p.Load
	d, err := db.Open(ctx, l.dbURL, l.DataDir, db.Options{})
	if err != nil {
		return err
	}
	defer d.Close()
	type row struct {
		id, round, author int64
		paragraph         int
		kind, status      string
		wording           string
	}
	rows, err := d.R.QueryContext(ctx, "SELECT id, round_id, author_id, paragraph, kind, text, wording, status FROM review_comments")
	if err != nil {
		return err
	}
	byTag := map[string][]row{}
	for rows.Next() {
		var x row
		var text string
		if err := rows.Scan(&x.id, &x.round, &x.author, &x.paragraph, &x.kind, &text, &x.wording, &x.status); err != nil {
			rows.Close()
			return err
		}
		p.rep.Stored++
		tag := tagOf(text)
		if tag == "" {
			p.rep.Mismatches = append(p.rep.Mismatches, fmt.Sprintf("comment %d: no tag in %q", x.id, text))
			continue
		}
		byTag[tag] = append(byTag[tag], x)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	bad := func(s *sentComment, format string, args ...any) {
		p.rep.Mismatches = append(p.rep.Mismatches, s.tag+": "+fmt.Sprintf(format, args...))
	}
	sent := map[string]bool{}
	for _, s := range p.sent {
		sent[s.tag] = true
		got := byTag[s.tag]
		if len(got) > 1 {
			p.rep.Doubled += int64(len(got) - 1)
		}
		if !s.acked {
			if len(got) > 0 {
				p.rep.UnackedStored++
			}
			continue
		}
		if len(got) == 0 {
			p.rep.Lost++
			continue
		}
		x := got[0]
		want := model.CommentOpen
		if s.answer != "" {
			want = s.answer
		}
		switch {
		case x.id != s.id:
			bad(s, "stored as comment %d, acknowledged as %d", x.id, s.id)
		case x.round != s.review.RoundID || x.author != s.review.Reviewers[s.reviewer].PersonID:
			bad(s, "stored in round %d by person %d, sent to round %d by person %d", x.round, x.author, s.review.RoundID, s.review.Reviewers[s.reviewer].PersonID)
		case x.paragraph != s.in.Paragraph || x.kind != string(s.in.Kind) || x.wording != s.in.Wording:
			bad(s, "stored paragraph %d %s, sent paragraph %d %s", x.paragraph, x.kind, s.in.Paragraph, s.in.Kind)
		case x.status != string(want) && (s.tried == "" || x.status != string(s.tried)):
			bad(s, "status %s, the drafter was acknowledged %s", x.status, want)
		}
	}
	for tag := range byTag {
		if !sent[tag] {
			p.rep.Mismatches = append(p.rep.Mismatches, tag+": stored, never sent")
		}
	}
	p.rep.Rounds = len(p.reviews)
	return nil
}
