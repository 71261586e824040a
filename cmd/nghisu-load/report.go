package main

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

// Report is what a run measured.
type Report struct {
	Config    Config `json:"config"`
	Date      string `json:"date"`
	Machine   string `json:"machine"`
	Database  string `json:"database"`
	FileLimit uint64 `json:"file_limit"`
	Elapsed   string `json:"elapsed"`

	Streams    int   `json:"streams_connected"`
	Reconnects int64 `json:"reconnects"`

	// PollOpen: from sending the POST that opens a poll to when the last
	// stream of its meeting had the poll event. Ballot: from a ballot's
	// acknowledgement to when the last stream of its meeting had a poll
	// event whose turnout counts it (see measure). Settle: from a poll's
	// last acknowledgement to when the last stream had the final turnout.
	PollOpen Summary `json:"poll_open_latency"`
	Ballot   Summary `json:"ballot_latency"`
	Settle   Summary `json:"settle_latency"`
	// MissedEvents counts polls or turnouts some stream never saw.
	MissedEvents int `json:"missed_events"`

	Acked            int64   `json:"ballots_acknowledged"`
	Unresolved       int64   `json:"ballots_unresolved"`
	Retried          int64   `json:"ballot_retries"`
	VotingSeconds    float64 `json:"voting_seconds"`
	BallotsPerSecond float64 `json:"ballots_per_second"`

	Errors        map[string]int    `json:"errors"`
	ErrorExamples map[string]string `json:"error_examples,omitempty"`

	MemIdle        Memory `json:"server_memory_idle"`
	MemEnd         Memory `json:"server_memory_end"`
	GoroutinesIdle int    `json:"server_goroutines_idle"`
	GoroutinesEnd  int    `json:"server_goroutines_end"`

	Polls      int      `json:"polls_verified"`
	Lost       int64    `json:"ballots_lost"`
	Mismatches []string `json:"mismatches"`
}

// OK reports whether every acknowledged ballot was counted exactly, and
// nothing went unresolved or unseen.
func (r *Report) OK() bool { return r.Failure() == "" }

// Failure says what went wrong, "" when nothing did.
func (r *Report) Failure() string {
	var why []string
	if r.Lost > 0 {
		why = append(why, fmt.Sprintf("%d acknowledged ballots lost", r.Lost))
	}
	if len(r.Mismatches) > 0 {
		why = append(why, fmt.Sprintf("%d polls do not match their acknowledgements: %s", len(r.Mismatches), r.Mismatches[0]))
	}
	if r.Unresolved > 0 {
		why = append(why, fmt.Sprintf("%d ballots never acknowledged", r.Unresolved))
	}
	if r.MissedEvents > 0 {
		why = append(why, fmt.Sprintf("%d events some stream never received", r.MissedEvents))
	}
	return strings.Join(why, "; ")
}

// Summary is a latency distribution.
type Summary struct {
	N   int     `json:"n"`
	P50 float64 `json:"p50_ms"`
	P95 float64 `json:"p95_ms"`
	P99 float64 `json:"p99_ms"`
	Max float64 `json:"max_ms"`
}

func summarize(ds []time.Duration) Summary {
	if len(ds) == 0 {
		return Summary{}
	}
	slices.Sort(ds)
	q := func(p float64) float64 {
		i := int(math.Ceil(p*float64(len(ds)))) - 1
		return ms(ds[max(0, min(i, len(ds)-1))])
	}
	return Summary{N: len(ds), P50: q(0.50), P95: q(0.95), P99: q(0.99), Max: ms(ds[len(ds)-1])}
}

func ms(d time.Duration) float64 { return math.Round(float64(d)/1e4) / 100 }

func (s Summary) String() string {
	if s.N == 0 {
		return "—"
	}
	return fmt.Sprintf("%.1f / %.1f / %.1f ms (n=%d)", s.P50, s.P99, s.Max, s.N)
}

// WriteTable prints the report as a table.
func (r *Report) WriteTable(w io.Writer) {
	c := r.Config
	fmt.Fprintf(w, "\nnghisu-load: %d participants in %d meetings, %d rounds, %s ballots, %s, concurrency %d, votes opened within %s\n",
		c.N, c.M, c.Rounds, c.Method, r.Database, c.Concurrency, c.Stagger)
	fmt.Fprintf(w, "%s, %s, open-file limit %d\n\n", r.Date, r.Machine, r.FileLimit)
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	row := func(k, v string) { fmt.Fprintf(tw, "%s\t%s\n", k, v) }
	row("streams connected", fmt.Sprintf("%d (reconnects %d)", r.Streams, r.Reconnects))
	row("poll open → last client p50/p99/max", r.PollOpen.String())
	row("ballot ack → last client p50/p99/max", r.Ballot.String())
	row("last ack → final turnout everywhere", r.Settle.String())
	row("ballots acknowledged", fmt.Sprintf("%d in %.2f s of voting = %.0f/s (retries %d, unresolved %d)",
		r.Acked, r.VotingSeconds, r.BallotsPerSecond, r.Retried, r.Unresolved))
	errs := "none"
	if len(r.Errors) > 0 {
		var parts []string
		for _, k := range slices.Sorted(maps.Keys(r.Errors)) {
			parts = append(parts, fmt.Sprintf("%s ×%d", k, r.Errors[k]))
		}
		errs = strings.Join(parts, ", ")
	}
	row("errors", errs)
	row("server memory idle (streams open)", fmt.Sprintf("%s, %s goroutines", r.MemIdle, count(r.GoroutinesIdle)))
	row("server memory at the end", fmt.Sprintf("%s, %s goroutines", r.MemEnd, count(r.GoroutinesEnd)))
	check := "every acknowledged ballot counted once"
	if !r.OK() {
		check = "FAILED: " + r.Failure()
	}
	row("database check", fmt.Sprintf("%d polls: %s", r.Polls, check))
	row("elapsed", r.Elapsed)
	tw.Flush()
	for _, m := range r.Mismatches {
		fmt.Fprintln(w, "  mismatch:", m)
	}
	for _, k := range slices.Sorted(maps.Keys(r.ErrorExamples)) {
		fmt.Fprintf(w, "  e.g. %s: %s\n", k, r.ErrorExamples[k])
	}
}

func count(n int) string {
	if n < 0 {
		return "?"
	}
	return fmt.Sprint(n)
}

// WriteJSON writes the report as indented JSON.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}
