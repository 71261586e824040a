// Command nghisu-load measures nghisu under load. Its first argument names
// the scenario (see scenarios); without one it runs "live", the meeting in
// session: it
// prepares a fresh database with M convened meetings whose N members all
// have accounts and tokens, starts `nghisu serve` on it as a child process,
// records everyone present and opens the meetings through the API, keeps one
// event stream open per member, and runs rounds of votes: in each meeting a
// poll opens, every member casts a ballot, the poll closes. It reports how
// long the poll events took to reach the last participant, how many ballots
// a second were acknowledged, the errors, and the server's memory; then it
// checks that the database counted exactly the acknowledged ballots and
// exits non-zero if not.
//
//	go build -o bin/nghisu ./cmd/nghisu
//	go run ./cmd/nghisu-load -n 10000 -m 100 -rounds 3
//	scripts/with-postgres sh -c 'go run ./cmd/nghisu-load -n 10000 -m 100 -db "$NGHISU_TEST_PG"'
//
// With -db postgres://…, a fresh database is created next to the one named
// (and dropped afterwards unless -keep).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"
)

// Config is what one run does.
type Config struct {
	N, M, Rounds   int
	Instances      int
	Stagger        time.Duration
	Method         string
	DB             string
	Sync           string
	Concurrency    int
	Bin            string
	Keep           bool
	DataDir        string
	JSON           string
	Pprof          string
	CPUProfile     string
	ProfileSeconds int
	Quiet          bool
	Baseline       time.Duration
}

func (c *Config) register(fs *flag.FlagSet) {
	fs.IntVar(&c.N, "n", 1000, "participants: members with an event stream and a ballot each")
	fs.IntVar(&c.M, "m", 10, "meetings the participants are spread over (each its own commune)")
	fs.IntVar(&c.Instances, "instances", 1, "servers sharing the database (PostgreSQL only): each meeting's streams and ballots are spread over all of them, the chairs act through the first")
	fs.IntVar(&c.Rounds, "rounds", 3, "rounds of votes: in each, every meeting opens a poll, every member votes, the poll closes")
	fs.DurationVar(&c.Stagger, "stagger", time.Second, "the chairs open their votes at random moments within this window, as people do (0: all at the same instant)")
	fs.StringVar(&c.Method, "method", "named", "named or secret (secret ballots are opened as elections: the rules refuse them for ordinary decisions)")
	fs.StringVar(&c.DB, "db", "", "empty: SQLite in the data folder; postgres://…: a fresh database is created on that server")
	fs.StringVar(&c.Sync, "sync", "", "SQLite synchronous pragma for the server, if `nghisu serve` has a flag for it (default: serve's own, FULL)")
	fs.IntVar(&c.Concurrency, "concurrency", 256, "most API requests (ballots, roll call) in flight at once, overall")
	fs.StringVar(&c.Bin, "bin", "./bin/nghisu", "the nghisu binary to serve with (built with `go build` when missing)")
	fs.BoolVar(&c.Keep, "keep", false, "keep the data folder (and the PostgreSQL database)")
	fs.StringVar(&c.DataDir, "data", "", "data folder (default: a new temporary one)")
	fs.StringVar(&c.JSON, "json", "", "also write the report as JSON to this file ('-': standard output)")
	fs.StringVar(&c.Pprof, "pprof", "", "ask the server to serve net/http/pprof on this address (NGHISU_PPROF; a binary built with -tags pprof)")
	fs.StringVar(&c.CPUProfile, "cpuprofile", "", "with -pprof: save a CPU profile of the server taken from the start of the first vote")
	fs.IntVar(&c.ProfileSeconds, "profile-seconds", 10, "length of the -cpuprofile profile")
	fs.BoolVar(&c.Quiet, "q", false, "no progress lines")
	fs.DurationVar(&c.Baseline, "baseline", 3*time.Second, "after the load, measure the raw single-row insert baseline for this long with -concurrency goroutines (0: skip)")
}

// Outcome is what every scenario's report answers: whether the run found
// its server wrong (lost, doubled or refused work), and what.
type Outcome interface {
	OK() bool
	Failure() string
}

// scenarios are the loads the tool runs, by the name given as its first
// argument; "live" (the meeting in session) when the first argument is a
// flag, as before there were several.
var scenarios = map[string]func(ctx context.Context, args []string, stdout, progress io.Writer) (Outcome, error){
	"live": func(ctx context.Context, args []string, stdout, progress io.Writer) (Outcome, error) {
		rep, err := run(ctx, args, stdout, progress)
		if rep == nil {
			return nil, err
		}
		return rep, err
	},
}

func main() {
	runChild()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	name, args := "live", os.Args[1:]
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		name, args = args[0], args[1:]
	}
	scenario, ok := scenarios[name]
	if !ok {
		fmt.Fprintf(os.Stderr, "nghisu-load: no scenario %q (have: %s)\n", name, strings.Join(slices.Sorted(maps.Keys(scenarios)), ", "))
		os.Exit(2)
	}
	rep, err := scenario(ctx, args, os.Stdout, os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(0)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "nghisu-load:", err)
		os.Exit(1)
	}
	if !rep.OK() {
		fmt.Fprintln(os.Stderr, "nghisu-load: FAILED:", rep.Failure())
		os.Exit(1)
	}
}

// run parses args, runs the load and prints the report. The error is for a
// run that could not be carried out; a run that found lost ballots returns
// its report with OK() false.
func run(ctx context.Context, args []string, stdout, progress io.Writer) (*Report, error) {
	var c Config
	fs := flag.NewFlagSet("nghisu-load", flag.ContinueOnError)
	fs.SetOutput(progress)
	c.register(fs)
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if c.Method != "named" && c.Method != "secret" {
		return nil, fmt.Errorf("-method must be named or secret, not %q", c.Method)
	}
	if c.M < 1 || c.N < 2*c.M || c.Rounds < 1 || c.Concurrency < 1 || c.Instances < 1 {
		return nil, errors.New("need -m ≥ 1, -n ≥ 2·m, -rounds ≥ 1, -concurrency ≥ 1, -instances ≥ 1")
	}
	if c.Instances > 1 && !strings.HasPrefix(c.DB, "postgres") {
		return nil, errors.New("-instances > 1 needs -db postgres://…: SQLite is one server's file")
	}
	if c.Quiet {
		progress = io.Discard
	}
	l := &Load{Config: c, log: progress}
	rep, err := l.Run(ctx)
	if err != nil {
		return nil, err
	}
	return rep, output(rep, stdout, c.JSON)
}

// output prints a scenario's report as a table, and as JSON to path
// ("-": standard output) when one is given.
func output(rep interface {
	WriteTable(io.Writer)
	WriteJSON(io.Writer) error
}, stdout io.Writer, path string) error {
	rep.WriteTable(stdout)
	if path == "" {
		return nil
	}
	w := stdout
	if path != "-" {
		f, err := os.Create(path)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	return rep.WriteJSON(w)
}

// logf writes a progress line with the time since the start.
func (l *Load) logf(format string, args ...any) {
	fmt.Fprintf(l.log, "[%6.1fs] %s\n", time.Since(l.started).Seconds(), fmt.Sprintf(format, args...))
}
