package main

// The browsing scenario: people of every role reading pages, measured at an
// offered rate (open loop) and at saturation (closed loop), next to a bare
// static page and a bare html/template page served by a process of this
// program's own.

import (
	"context"
	"errors"
	"flag"
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
	"time"

	"nghisu/internal/auth"
	"nghisu/internal/db"
	"nghisu/internal/demo"
	"nghisu/internal/model"
	"nghisu/internal/store"
)

// BrowseConfig is what one browsing run does.
type BrowseConfig struct {
	Scale          string        `json:"scale"`
	DemoArgs       string        `json:"demo_args,omitempty"`
	DB             string        `json:"-"`
	Bin            string        `json:"bin"`
	DataDir        string        `json:"data_dir"`
	Keep           bool          `json:"keep"`
	Rate           int           `json:"rate"`
	Duration       time.Duration `json:"duration"`
	SatDuration    time.Duration `json:"saturation_duration"`
	Concurrency    int           `json:"concurrency"`
	Warmup         time.Duration `json:"warmup"`
	Sessions       int           `json:"sessions_per_account"`
	Communes       int           `json:"extra_communes"`
	Timeout        time.Duration `json:"timeout"`
	MaxErrors      float64       `json:"max_error_fraction"`
	NoBaseline     bool          `json:"no_baseline"`
	JSON           string        `json:"-"`
	Pprof          string        `json:"-"`
	CPUProfile     string        `json:"-"`
	ProfileSeconds int           `json:"-"`
	Quiet          bool          `json:"-"`
}

func (c *BrowseConfig) register(fs *flag.FlagSet) {
	fs.StringVar(&c.Scale, "scale", "", "empty: the normal demo (31 communes); province: `nghisu demo --scale province` (102 communes × 60 months, minutes to seed)")
	fs.StringVar(&c.DemoArgs, "demo", "", "more arguments for `nghisu demo`, space-separated (e.g. \"--communes 2 --months 2\" for a small one)")
	fs.StringVar(&c.DB, "db", "", "empty: SQLite in the data folder; postgres://…: a fresh database is created on that server")
	fs.StringVar(&c.Bin, "bin", "./bin/nghisu", "the nghisu binary (built with `go build` when missing; -tags pprof for -pprof)")
	fs.StringVar(&c.DataDir, "data", "", "data folder (default: a new temporary one); one that holds a seeded nghisu.db is reused as it is")
	fs.BoolVar(&c.Keep, "keep", false, "keep the data folder (and the PostgreSQL database), to reuse with -data")
	fs.IntVar(&c.Rate, "rate", 1000, "open loop: requests a second offered to each server")
	fs.DurationVar(&c.Duration, "duration", 20*time.Second, "open loop: how long")
	fs.DurationVar(&c.SatDuration, "saturation", 20*time.Second, "closed loop: how long (0: no saturation measurement)")
	fs.IntVar(&c.Concurrency, "concurrency", max(16, 8*runtime.GOMAXPROCS(0)), "closed loop: requests in flight at once")
	fs.DurationVar(&c.Warmup, "warmup", 2*time.Second, "closed loop before measuring each server, not counted")
	fs.IntVar(&c.Sessions, "sessions", 4, "signed-in sessions per account")
	fs.IntVar(&c.Communes, "communes", 4, "communes beyond the demo's two with accounts that get a Bí thư and an office account of the load's own")
	fs.DurationVar(&c.Timeout, "timeout", 5*time.Second, "a request not answered within this is counted as a timeout")
	fs.Float64Var(&c.MaxErrors, "max-errors", 0.001, "the run fails when more than this fraction of nghisu's answers are errors (not 200, or none)")
	fs.BoolVar(&c.NoBaseline, "no-baseline", false, "skip the bare baselines")
	fs.StringVar(&c.JSON, "json", "", "also write the report as JSON to this file ('-': standard output)")
	fs.StringVar(&c.Pprof, "pprof", "", "ask the server to serve net/http/pprof on this address (NGHISU_PPROF; a binary built with -tags pprof)")
	fs.StringVar(&c.CPUProfile, "cpuprofile", "", "with -pprof: save a CPU profile of the server taken during the saturation run")
	fs.IntVar(&c.ProfileSeconds, "profile-seconds", 10, "length of the -cpuprofile profile")
	fs.BoolVar(&c.Quiet, "q", false, "no progress lines")
}

func init() {
	scenarios["browse"] = func(ctx context.Context, args []string, stdout, progress io.Writer) (Outcome, error) {
		rep, err := runBrowse(ctx, args, stdout, progress)
		if rep == nil {
			return nil, err
		}
		return rep, err
	}
}

// runBrowse parses args, runs the browsing load and prints its report.
func runBrowse(ctx context.Context, args []string, stdout, progress io.Writer) (*BrowseReport, error) {
	var c BrowseConfig
	fs := flag.NewFlagSet("nghisu-load browse", flag.ContinueOnError)
	fs.SetOutput(progress)
	c.register(fs)
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if c.Scale != "" && c.Scale != "province" && c.Scale != "country" {
		return nil, fmt.Errorf("-scale is province or country, not %q", c.Scale)
	}
	if c.Rate < 1 || c.Duration <= 0 || c.Concurrency < 1 || c.Sessions < 1 {
		return nil, errors.New("need -rate ≥ 1, -duration > 0, -concurrency ≥ 1, -sessions ≥ 1")
	}
	if c.Quiet {
		progress = io.Discard
	}
	b := &Browse{BrowseConfig: c, log: progress}
	rep, err := b.Run(ctx)
	if err != nil {
		return nil, err
	}
	return rep, output(rep, stdout, c.JSON)
}

// Browse is one run of the browsing scenario.
type Browse struct {
	BrowseConfig
	log     io.Writer
	started time.Time
	dbURL   string
	dropDB  func()
	srv     *Server
	rep     *BrowseReport

	accounts []*browseAccount
	byClass  map[string][]*browseAccount
}

// browseAccount is one account of the pool, its signed-in sessions and the
// pages it reads.
type browseAccount struct {
	ID       int64
	Username string
	Role     model.Role
	OrgID    int64
	OrgKind  model.OrgKind
	ParentID int64
	Class    string // member, office, people committee, oversight, admin
	Cookies  []string
	Mix      []*mixEntry
	total    int // sum of the mix's weights
}

// mixEntry is a route of an account's mix: the pages (paths) that answered
// 200 when probed, and the route's weight.
type mixEntry struct {
	Pattern string
	Weight  int
	Paths   []string
	Bytes   float64 // mean size when probed
}

// classShare is how much of the traffic each class of account makes.
var classShare = []struct {
	Class string
	Share int
}{{"member", 50}, {"office", 22}, {"people committee", 6}, {"oversight", 14}, {"admin", 8}}

func (b *Browse) logf(format string, args ...any) {
	fmt.Fprintf(b.log, "[%6.1fs] %s\n", time.Since(b.started).Seconds(), fmt.Sprintf(format, args...))
}

// Run carries out the whole run.
func (b *Browse) Run(ctx context.Context) (*BrowseReport, error) {
	b.started = time.Now()
	b.rep = &BrowseReport{Config: b.BrowseConfig, Date: b.started.UTC().Format(time.RFC3339), Machine: machine()}
	if _, err := raiseFileLimit(); err != nil {
		return nil, err
	}
	if err := (&Load{Config: Config{Bin: b.Bin}, log: b.log, started: b.started}).binary(ctx); err != nil {
		return nil, err
	}
	if b.DataDir == "" {
		dir, err := os.MkdirTemp("", "nghisu-browse-")
		if err != nil {
			return nil, err
		}
		b.DataDir = dir
		if !b.Keep {
			defer os.RemoveAll(dir)
		}
	} else if err := os.MkdirAll(b.DataDir, 0o700); err != nil {
		return nil, err
	}
	defer func() {
		if b.dropDB != nil && !b.Keep {
			b.dropDB()
		}
		if b.Keep {
			b.logf("kept the data in %s", b.DataDir)
		}
	}()
	if err := b.seed(ctx); err != nil {
		return nil, fmt.Errorf("seed: %w", err)
	}
	if err := b.prepareAccounts(ctx); err != nil {
		return nil, fmt.Errorf("accounts: %w", err)
	}

	b.srv = &Server{Bin: b.Bin, DataDir: b.DataDir, DB: b.dbURL}
	if b.Pprof != "" {
		b.srv.Env = append(b.srv.Env, "NGHISU_PPROF="+b.Pprof)
	}
	if err := b.srv.Start(ctx); err != nil {
		return nil, err
	}
	defer b.srv.Kill()
	b.logf("server %s (pid %d) ready", b.srv.URL(), b.srv.PID())

	hc := NewHTTPClient(512, b.Timeout)
	if err := b.signIn(ctx); err != nil {
		return nil, fmt.Errorf("sign in: %w", err)
	}
	if err := b.probe(ctx, hc); err != nil {
		return nil, fmt.Errorf("probe: %w", err)
	}
	b.rep.Mix = b.mixReport()
	b.rep.MeanBytes = b.meanBytes()
	b.logf("mix of %d routes over %d accounts, %d sessions; weighted mean page %.0f bytes",
		len(b.rep.Mix), len(b.accounts), b.rep.Sessions, b.rep.MeanBytes)

	ours := &Driver{Base: b.srv.URL(), PID: b.srv.PID(), HC: hc, Next: b.next, Name: "nghisu", Timeout: b.Timeout}
	b.rep.Nghisu = b.measure(ctx, ours, true)
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}

	if !b.NoBaseline {
		bl, err := StartBaseline(ctx, int(b.rep.MeanBytes))
		if err != nil {
			return nil, fmt.Errorf("baseline: %w", err)
		}
		defer bl.Stop()
		for _, page := range []string{"template", "static"} {
			d := &Driver{Base: bl.URL(), PID: bl.PID(), HC: NewHTTPClient(512, b.Timeout), Name: "bare " + page, Timeout: b.Timeout,
				Next: func(int) Req { return Req{Route: "GET /" + page, Path: "/" + page} }}
			pr := b.measure(ctx, d, false)
			if page == "template" {
				b.rep.Template = pr
			} else {
				b.rep.Static = pr
			}
		}
		bl.Stop()
	}
	b.rep.MemEnd, _ = ReadMemory(b.srv.PID())
	if err := b.srv.Stop(); err != nil {
		b.logf("server stop: %v", err)
	}
	b.rep.compute()
	b.rep.Elapsed = time.Since(b.started).Round(time.Millisecond).String()
	return b.rep, ctx.Err()
}

// measure runs the open loop and the saturation against one server.
func (b *Browse) measure(ctx context.Context, d *Driver, profile bool) *Pair {
	p := &Pair{}
	if b.Warmup > 0 {
		d.ClosedLoop(ctx, b.Concurrency, b.Warmup)
	}
	p.Open = d.OpenLoop(ctx, b.Rate, b.Duration)
	b.logf("%s", p.Open)
	if b.SatDuration > 0 && ctx.Err() == nil {
		// An open loop the server could not keep up with leaves it working
		// through requests whose clients gave up: not on the saturation's
		// account.
		if idle := d.Settle(ctx, 30*time.Second); idle > time.Second {
			b.logf("%s took %.1f s to work through the open loop's backlog", d.Name, idle.Seconds())
		}
		var prof chan error
		if profile && b.Pprof != "" && b.CPUProfile != "" {
			prof = make(chan error, 1)
			l := &Load{Config: Config{Pprof: b.Pprof, CPUProfile: b.CPUProfile, ProfileSeconds: b.ProfileSeconds}}
			go func() { prof <- l.profile() }()
		}
		p.Saturation = d.ClosedLoop(ctx, b.Concurrency, b.SatDuration)
		b.logf("%s", p.Saturation)
		if prof != nil {
			if err := <-prof; err != nil {
				b.logf("cpu profile: %v", err)
			} else {
				b.logf("cpu profile written to %s", b.CPUProfile)
			}
		}
	}
	return p
}

// seed makes the database and seeds the demo into it with `nghisu demo`,
// unless the data folder already holds a seeded SQLite database.
func (b *Browse) seed(ctx context.Context) error {
	if b.DB != "" {
		u, drop, err := freshPostgres(ctx, b.DB)
		if err != nil {
			return err
		}
		b.dbURL, b.dropDB = u, drop
	} else if _, err := os.Stat(filepath.Join(b.DataDir, "nghisu.db")); err == nil {
		b.logf("reusing the database in %s", b.DataDir)
		b.rep.Database = "sqlite (reused)"
		return b.describeDB(ctx)
	}
	args := []string{"demo", "--data", b.DataDir}
	if b.dbURL != "" {
		args = append(args, "--db", b.dbURL)
	}
	if b.Scale != "" {
		args = append(args, "--scale", b.Scale)
	}
	args = append(args, strings.Fields(b.DemoArgs)...)
	t := time.Now()
	b.logf("seeding: nghisu %s", strings.Join(args, " "))
	cmd := exec.CommandContext(ctx, b.Bin, args...)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("%s %s: %v\n%s", b.Bin, strings.Join(args, " "), err, out)
	}
	b.rep.SeedSeconds = time.Since(t).Seconds()
	b.logf("seeded in %.1f s", b.rep.SeedSeconds)
	return b.describeDB(ctx)
}

func (b *Browse) describeDB(ctx context.Context) error {
	d, err := db.Open(ctx, b.dbURL, b.DataDir, db.Options{})
	if err != nil {
		return err
	}
	defer d.Close()
	if b.rep.Database == "" {
		b.rep.Database = string(d.Dialect())
	}
	for _, c := range []struct {
		name string
		n    *int
	}{{"orgs", &b.rep.Data.Orgs}, {"people", &b.rep.Data.People}, {"meetings", &b.rep.Data.Meetings},
		{"documents", &b.rep.Data.Documents}, {"tasks", &b.rep.Data.Tasks}, {"targets", &b.rep.Data.Targets}} {
		if err := d.R.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+c.name).Scan(c.n); err != nil {
			return err
		}
	}
	return nil
}

// prepareAccounts adds, to communes that have none, a Bí thư's account and
// an office account (the demo has accounts in two communes only), and
// reads every account of the pool with the ids of the pages it reads.
func (b *Browse) prepareAccounts(ctx context.Context) error {
	d, err := db.Open(ctx, b.dbURL, b.DataDir, db.Options{})
	if err != nil {
		return err
	}
	defer d.Close()
	q := func(query string, args ...any) ([]int64, error) {
		rows, err := d.R.QueryContext(ctx, d.Rebind(query), args...)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		var out []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return nil, err
			}
			out = append(out, id)
		}
		return out, rows.Err()
	}
	// Communes without accounts, in order.
	bare, err := q(`SELECT o.id FROM orgs o WHERE o.kind = ? AND NOT EXISTS (SELECT 1 FROM accounts a WHERE a.org_id = o.id) ORDER BY o.id`, model.OrgCommune)
	if err != nil {
		return err
	}
	// A reused database has them already.
	have, err := q(`SELECT COUNT(*) FROM accounts WHERE username LIKE 'load.bithu.%'`)
	if err != nil {
		return err
	}
	st := store.New(d, nil)
	hash := ""
	for _, c := range bare[:max(0, min(len(bare), b.Communes-int(have[0])))] {
		sec, err := q(`SELECT person_id FROM posts WHERE org_id = ? AND kind = ? AND ended_on IS NULL ORDER BY id LIMIT 1`, c, model.PostSecretary)
		if err != nil {
			return err
		}
		if len(sec) == 0 {
			continue
		}
		if hash == "" {
			hash = auth.HashPassword(demo.Password)
		}
		for _, a := range []*model.Account{
			{Username: fmt.Sprintf("load.bithu.%d", c), Role: model.RoleMember, OrgID: c, PersonID: sec[0], PasswordHash: hash},
			{Username: fmt.Sprintf("load.vp.%d", c), Role: model.RoleOffice, OrgID: c, PasswordHash: hash},
		} {
			if err := st.CreateAccount(ctx, a); err != nil {
				return fmt.Errorf("account %s: %w", a.Username, err)
			}
		}
	}

	rows, err := d.R.QueryContext(ctx, `SELECT a.id, a.username, a.role, a.org_id, o.kind, COALESCE(o.parent_id, 0)
		FROM accounts a JOIN orgs o ON o.id = a.org_id ORDER BY a.id`)
	if err != nil {
		return err
	}
	for rows.Next() {
		a := &browseAccount{}
		if err := rows.Scan(&a.ID, &a.Username, &a.Role, &a.OrgID, &a.OrgKind, &a.ParentID); err != nil {
			rows.Close()
			return err
		}
		switch {
		case a.Role == model.RoleAdmin, a.Role == model.RoleOversight:
			a.Class = string(a.Role)
		case a.OrgKind == model.OrgCommune:
			a.Class = string(a.Role)
		case a.OrgKind == model.OrgPeopleCommittee:
			a.Class = "people committee"
		default:
			continue // accounts the load does not model
		}
		b.accounts = append(b.accounts, a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}

	ids := &idReader{q: q, communes: map[int64]*communeIDs{}}
	prov, err := q(`SELECT id FROM orgs WHERE kind = ? ORDER BY id LIMIT 1`, model.OrgProvince)
	if err != nil || len(prov) == 0 {
		return fmt.Errorf("no province: %v", err)
	}
	communes, err := q(`SELECT id FROM orgs WHERE kind = ? ORDER BY id`, model.OrgCommune)
	if err != nil {
		return err
	}
	months, err := queryStrings(ctx, d, `SELECT DISTINCT month FROM oversight_months WHERE province_id = ? ORDER BY month DESC LIMIT 6`, prov[0])
	if err != nil {
		return err
	}
	accountIDs, err := q(`SELECT id FROM accounts ORDER BY id LIMIT 8`)
	if err != nil {
		return err
	}
	// Provincial accounts read across the province: a spread of communes.
	var spread []int64
	for i := 0; i < len(communes) && len(spread) < 8; i += max(1, len(communes)/8) {
		spread = append(spread, communes[i])
	}
	b.byClass = map[string][]*browseAccount{}
	for _, a := range b.accounts {
		commune := a.OrgID
		if a.Class == "people committee" {
			commune = a.ParentID
		}
		var cs []*communeIDs
		switch a.Class {
		case "admin", "oversight":
			for _, c := range spread {
				ci, err := ids.of(c)
				if err != nil {
					return err
				}
				cs = append(cs, ci)
			}
		default:
			ci, err := ids.of(commune)
			if err != nil {
				return err
			}
			cs = append(cs, ci)
		}
		var own []string
		if a.Class == "people committee" {
			ts, err := q(`SELECT id FROM tasks WHERE owner_kind = 'org' AND owner_id = ? ORDER BY id DESC LIMIT 4`, a.OrgID)
			if err != nil {
				return err
			}
			for _, t := range ts {
				own = append(own, fmt.Sprintf("/tasks/%d", t))
			}
		}
		a.Mix = mixFor(a, prov[0], months, accountIDs, own, cs)
		b.byClass[a.Class] = append(b.byClass[a.Class], a)
	}
	return nil
}

func queryStrings(ctx context.Context, d *db.DB, query string, args ...any) ([]string, error) {
	rows, err := d.R.QueryContext(ctx, d.Rebind(query), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// communeIDs are the ids of a commune's pages.
type communeIDs struct {
	Org                                int64
	Bodies, Meetings, WithMinutes      []int64
	Reviews, Documents, Tasks, Targets []int64
	People                             []int64
}

type idReader struct {
	q        func(string, ...any) ([]int64, error)
	communes map[int64]*communeIDs
}

func (r *idReader) of(org int64) (*communeIDs, error) {
	if c, ok := r.communes[org]; ok {
		return c, nil
	}
	c := &communeIDs{Org: org}
	const inOrg = ` JOIN meetings m ON m.id = x.meeting_id JOIN bodies b ON b.id = m.body_id WHERE b.org_id = ?`
	for _, x := range []struct {
		dst   *[]int64
		query string
	}{
		{&c.Bodies, `SELECT id FROM bodies WHERE org_id = ? ORDER BY id DESC LIMIT 3`},
		{&c.Meetings, `SELECT m.id FROM meetings m JOIN bodies b ON b.id = m.body_id WHERE b.org_id = ? ORDER BY m.starts_at DESC LIMIT 10`},
		{&c.WithMinutes, `SELECT DISTINCT x.meeting_id FROM minutes x` + inOrg + ` ORDER BY x.meeting_id DESC LIMIT 6`},
		{&c.Documents, `SELECT x.id FROM documents x` + inOrg + ` ORDER BY x.id DESC LIMIT 6`},
		{&c.Reviews, `SELECT r.id FROM review_rounds r JOIN documents x ON x.id = r.document_id` + inOrg + ` ORDER BY r.id DESC LIMIT 6`},
		{&c.Tasks, `SELECT id FROM tasks WHERE commune_id = ? ORDER BY id DESC LIMIT 8`},
		{&c.Targets, `SELECT id FROM targets WHERE org_id = ? ORDER BY id DESC LIMIT 8`},
		{&c.People, `SELECT id FROM people WHERE org_id = ? ORDER BY id LIMIT 8`},
	} {
		ids, err := r.q(x.query, org)
		if err != nil {
			return nil, err
		}
		*x.dst = ids
	}
	r.communes[org] = c
	return c, nil
}

var searches = []string{"nghị quyết", "hội nghị", "kiểm tra giám sát", "chuyển đổi số", "kinh tế", "Mỹ Tho", "ban thường vụ"}

// mixFor is the routes an account reads, with their weights and the pages
// to try: candidates, kept by the probe only when they answer 200.
func mixFor(a *browseAccount, prov int64, months []string, accounts []int64, ownTasks []string, cs []*communeIDs) []*mixEntry {
	var out []*mixEntry
	add := func(pattern string, weight int, paths ...string) {
		if len(paths) > 0 {
			out = append(out, &mixEntry{Pattern: pattern, Weight: weight, Paths: paths})
		}
	}
	each := func(f func(c *communeIDs) []int64, format string) []string {
		var ps []string
		for _, c := range cs {
			for _, id := range f(c) {
				ps = append(ps, fmt.Sprintf(format, id))
			}
		}
		return ps
	}
	orgs := func(c *communeIDs) []int64 { return []int64{c.Org} }
	bodies := func(c *communeIDs) []int64 { return c.Bodies }
	search := make([]string, len(searches))
	for i, s := range searches {
		search[i] = "/search?q=" + url.QueryEscape(s)
	}
	add("GET /{$}", 10, "/")
	add("GET /search", 5, search...)
	switch a.Class {
	case "member", "office":
		add("GET /my/meetings", 8, "/my/meetings")
		add("GET /orgs/{id}", 4, each(orgs, "/orgs/%d")...)
		add("GET /bodies/{id}", 8, each(bodies, "/bodies/%d")...)
		add("GET /bodies/{id}/calendar", 5, each(bodies, "/bodies/%d/calendar")...)
		add("GET /meetings/{id}", 15, each(func(c *communeIDs) []int64 { return c.Meetings }, "/meetings/%d")...)
		add("GET /meetings/{id}/review", 4, each(func(c *communeIDs) []int64 { return c.Meetings }, "/meetings/%d/review")...)
		add("GET /meetings/{id}/minutes", 5, each(func(c *communeIDs) []int64 { return c.WithMinutes }, "/meetings/%d/minutes")...)
		add("GET /documents/{id}", 5, each(func(c *communeIDs) []int64 { return c.Documents }, "/documents/%d")...)
		add("GET /reviews/{id}", 5, each(func(c *communeIDs) []int64 { return c.Reviews }, "/reviews/%d")...)
		add("GET /orgs/{id}/tasks", 6, each(orgs, "/orgs/%d/tasks")...)
		add("GET /tasks/{id}", 5, each(func(c *communeIDs) []int64 { return c.Tasks }, "/tasks/%d")...)
		add("GET /orgs/{id}/targets", 4, each(orgs, "/orgs/%d/targets")...)
		add("GET /targets/{id}", 3, each(func(c *communeIDs) []int64 { return c.Targets }, "/targets/%d")...)
		add("GET /notices", 3, "/notices")
		add("GET /orgs/{id}/oversight", 2, each(orgs, "/orgs/%d/oversight")...)
		if a.Class == "office" {
			add("GET /orgs/{id}/register", 4, each(orgs, "/orgs/%d/register")...)
			add("GET /bodies/{id}/minute-book", 3, each(bodies, "/bodies/%d/minute-book")...)
			add("GET /orgs/{id}/staffing", 2, each(orgs, "/orgs/%d/staffing")...)
			add("GET /bodies/{id}/programs", 2, each(bodies, "/bodies/%d/programs")...)
			add("GET /orgs/{id}/upper-documents", 2, each(orgs, "/orgs/%d/upper-documents")...)
		}
	case "people committee":
		add("GET /orgs/{id}/tasks", 15, fmt.Sprintf("/orgs/%d/tasks", a.OrgID), fmt.Sprintf("/orgs/%d/tasks", a.ParentID))
		add("GET /tasks/{id}", 15, append(ownTasks, each(func(c *communeIDs) []int64 { return c.Tasks }, "/tasks/%d")...)...)
		add("GET /notices", 3, "/notices")
	case "oversight":
		add("GET /orgs/{id}/oversight", 30, fmt.Sprintf("/orgs/%d/oversight", prov))
		// A commune's month, from the drill-down.
		var ms []string
		for i, c := range cs {
			if len(months) > 0 {
				ms = append(ms, fmt.Sprintf("/orgs/%d/oversight/%s", c.Org, months[i%len(months)]))
			}
		}
		add("GET /orgs/{id}/oversight/{month}", 10, ms...)
		add("GET /orgs/{id}/oversight (commune)", 25, each(orgs, "/orgs/%d/oversight")...)
		add("GET /orgs/{id}/oversight/report", 5, fmt.Sprintf("/orgs/%d/oversight/report", prov))
		add("GET /orgs", 5, "/orgs")
		add("GET /orgs/{id}", 5, each(orgs, "/orgs/%d")...)
	case "admin":
		add("GET /admin/accounts", 20, "/admin/accounts")
		var as []string
		for _, id := range accounts {
			as = append(as, fmt.Sprintf("/admin/accounts/%d", id))
		}
		add("GET /admin/accounts/{id}", 15, as...)
		add("GET /admin/audit", 15, "/admin/audit")
		add("GET /orgs", 10, "/orgs")
		add("GET /orgs/{id}", 10, each(orgs, "/orgs/%d")...)
		add("GET /bodies/{id}", 10, each(bodies, "/bodies/%d")...)
		add("GET /people/{id}", 10, each(func(c *communeIDs) []int64 { return c.People[:min(2, len(c.People))] }, "/people/%d")...)
	}
	return out
}

// signIn signs every account in Sessions times, through the sign-in form
// as a browser does (same-origin headers: the cross-origin protection lets
// it through).
func (b *Browse) signIn(ctx context.Context) error {
	t := time.Now()
	hc := NewHTTPClient(8, 30*time.Second)
	type job struct {
		a *browseAccount
		i int
	}
	jobs := make(chan job)
	errc := make(chan error, 1)
	done := make(chan struct{})
	for _, a := range b.accounts {
		a.Cookies = make([]string, b.Sessions)
	}
	workers := 4
	var left = workers
	for range workers {
		go func() {
			defer func() { done <- struct{}{} }()
			for j := range jobs {
				c, err := b.login(ctx, hc, j.a.Username)
				if err != nil {
					select {
					case errc <- fmt.Errorf("%s: %w", j.a.Username, err):
					default:
					}
					continue
				}
				j.a.Cookies[j.i] = c
			}
		}()
	}
	for i := range b.Sessions {
		for _, a := range b.accounts {
			jobs <- job{a, i}
		}
	}
	close(jobs)
	for ; left > 0; left-- {
		<-done
	}
	select {
	case err := <-errc:
		return err
	default:
	}
	b.rep.Sessions = len(b.accounts) * b.Sessions
	b.rep.Accounts = len(b.accounts)
	b.logf("%d sessions of %d accounts signed in in %.1f s", b.rep.Sessions, len(b.accounts), time.Since(t).Seconds())
	return nil
}

// login signs in and returns the session's Cookie header.
func (b *Browse) login(ctx context.Context, hc *http.Client, username string) (string, error) {
	form := url.Values{"username": {username}, "password": {demo.Password}, "next": {"/"}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, b.srv.URL()+"/login", strings.NewReader(form.Encode()))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", b.srv.URL())
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err := hc.Do(req)
	if err != nil {
		return "", err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		return "", fmt.Errorf("sign-in answered %s", resp.Status)
	}
	var parts []string
	for _, c := range resp.Cookies() {
		parts = append(parts, c.Name+"="+c.Value)
	}
	if len(parts) == 0 {
		return "", errors.New("sign-in set no cookie")
	}
	return strings.Join(parts, "; "), nil
}

// probePerRoute bounds the candidate pages tried per route and account.
const probePerRoute = 6

// probe reads each candidate page of each account's mix once and keeps
// those that answer 200, with their size; a route left with none leaves the
// mix, and the report says so.
func (b *Browse) probe(ctx context.Context, hc *http.Client) error {
	t := time.Now()
	d := &Driver{Base: b.srv.URL(), HC: hc, Timeout: 30 * time.Second}
	n := 0
	for _, a := range b.accounts {
		var kept []*mixEntry
		for _, e := range a.Mix {
			var ok []string
			var bytes int64
			var refused []string
			for _, p := range e.Paths[:min(len(e.Paths), probePerRoute)] {
				if ctx.Err() != nil {
					return ctx.Err()
				}
				status, size, err := d.get(ctx, Req{Path: p, Cookie: a.Cookies[0]})
				n++
				switch {
				case err != nil:
					return fmt.Errorf("%s GET %s: %w", a.Username, p, err)
				case status == http.StatusOK:
					ok = append(ok, p)
					bytes += size
				case status >= 500:
					return fmt.Errorf("%s GET %s: HTTP %d", a.Username, p, status)
				default:
					refused = append(refused, fmt.Sprintf("%s→%d", p, status))
				}
			}
			if len(refused) > 0 {
				b.rep.Refused = append(b.rep.Refused, fmt.Sprintf("%s (%s) %s: %s", a.Username, a.Class, e.Pattern, strings.Join(refused, ", ")))
			}
			if len(ok) == 0 {
				b.rep.Dropped = append(b.rep.Dropped, fmt.Sprintf("%s (%s) %s", a.Username, a.Class, e.Pattern))
				continue
			}
			e.Paths, e.Bytes = ok, float64(bytes)/float64(len(ok))
			kept = append(kept, e)
			a.total += e.Weight
		}
		a.Mix = kept
	}
	b.logf("probed %d pages in %.1f s: %d routes dropped for an account, %d refusals", n, time.Since(t).Seconds(), len(b.rep.Dropped), len(b.rep.Refused))
	// An account left with no page reads nothing.
	for class, accs := range b.byClass {
		b.byClass[class] = slices.DeleteFunc(accs, func(a *browseAccount) bool { return a.total == 0 })
		if len(b.byClass[class]) == 0 {
			delete(b.byClass, class)
		}
	}
	if len(b.byClass) == 0 {
		return errors.New("no account has a page that answers 200")
	}
	return nil
}

// pick chooses an account by its class's share, then a session, a route
// by weight and a page.
func (b *Browse) pick() (*browseAccount, *mixEntry, string) {
	total := 0
	for _, cs := range classShare {
		if len(b.byClass[cs.Class]) > 0 {
			total += cs.Share
		}
	}
	r := rand.IntN(total)
	var class string
	for _, cs := range classShare {
		if len(b.byClass[cs.Class]) == 0 {
			continue
		}
		if r < cs.Share {
			class = cs.Class
			break
		}
		r -= cs.Share
	}
	accs := b.byClass[class]
	a := accs[rand.IntN(len(accs))]
	w := rand.IntN(a.total)
	for _, e := range a.Mix {
		if w < e.Weight {
			return a, e, a.Cookies[rand.IntN(len(a.Cookies))]
		}
		w -= e.Weight
	}
	panic("unreachable")
}

// next is the i-th request of the browsing mix.
func (b *Browse) next(int) Req {
	_, e, cookie := b.pick()
	return Req{Route: e.Pattern, Path: e.Paths[rand.IntN(len(e.Paths))], Cookie: cookie}
}

// mixReport is the mix as shares of the traffic by route pattern: each
// class's share spread over its accounts, each account's over its routes.
func (b *Browse) mixReport() []MixRow {
	rows := map[string]*MixRow{}
	total := 0
	for _, cs := range classShare {
		if len(b.byClass[cs.Class]) > 0 {
			total += cs.Share
		}
	}
	for _, cs := range classShare {
		accs := b.byClass[cs.Class]
		for _, a := range accs {
			for _, e := range a.Mix {
				share := float64(cs.Share) / float64(total) / float64(len(accs)) * float64(e.Weight) / float64(a.total)
				r := rows[e.Pattern]
				if r == nil {
					r = &MixRow{Route: e.Pattern}
					rows[e.Pattern] = r
				}
				r.Bytes = (r.Bytes*r.Share + e.Bytes*share) / (r.Share + share)
				r.Share += share
				if !slices.Contains(r.Classes, cs.Class) {
					r.Classes = append(r.Classes, cs.Class)
				}
			}
		}
	}
	var out []MixRow
	for _, r := range rows {
		r.Share = float64(int(r.Share*10000+0.5)) / 100
		r.Bytes = float64(int(r.Bytes + 0.5))
		out = append(out, *r)
	}
	slices.SortFunc(out, func(x, y MixRow) int {
		if x.Share != y.Share {
			if x.Share > y.Share {
				return -1
			}
			return 1
		}
		return strings.Compare(x.Route, y.Route)
	})
	return out
}

// meanBytes is the mix's mean page size, weighted by share.
func (b *Browse) meanBytes() float64 {
	var sum, share float64
	for _, r := range b.rep.Mix {
		sum += r.Bytes * r.Share
		share += r.Share
	}
	if share == 0 {
		return 0
	}
	return float64(int(sum/share + 0.5))
}
