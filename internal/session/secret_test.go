package session_test

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"nghisu/internal/db"
	"nghisu/internal/model"
	"nghisu/internal/session"
	"nghisu/internal/testutil"
)

// logBuffer is a log sink that goroutines may share.
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

// pollViewKeys are the fields of a poll event: turnout and, once shown, the
// counts; never a person.
var pollViewKeys = []string{"id", "title", "kind", "method", "state", "base", "present", "needed", "voted", "allow_change", "shown",
	"for", "against", "abstain", "spoiled", "passed", "item_id", "paragraph"}

// TestSecretMeansSecret: members vote in a secret ballot, and every link
// between a member and their choice is looked for: every row of every
// table, the columns of the ballot tables, the events, the receipts, what
// the member's own device reads, and the log. None may tie a voter to a
// choice. (Not parallel: it captures the default logger too.)
func TestSecretMeansSecret(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		var logs logBuffer
		logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
		prev := slog.Default()
		slog.SetDefault(logger)
		defer slog.SetDefault(prev)
		srv := newServer(t, d, logger)
		f := setup(t, srv)
		f.present(t, 20)
		f.open(t)
		p := f.openPoll(t, model.DecideElection, model.MethodSecret, hideResults(false), allowChange(true))
		if p.AllowChange {
			t.Error("a secret ballot allows changes: nothing says which count to take a changed ballot from")
		}

		// Known members, known choices.
		votes := map[int64]model.Choice{}
		order := choices(5, model.ChoiceFor, 3, model.ChoiceAgainst, 2, model.ChoiceAbstain)
		for i, c := range order {
			votes[f.incumbents[i]] = c
		}
		last := f.lastEvent(t)
		// The last two vote through the API, as a device does, so that
		// the request log is in the picture.
		viaHTTP := func(person int64, c model.Choice) *session.Receipt {
			a := f.actor(t, person)
			token, _, err := srv.App.Auth.IssueToken(ctx, a, a.Account.ID, "máy tính bảng")
			if err != nil {
				t.Fatal(err)
			}
			body, _ := json.Marshal(model.BallotInput{Choice: c, Key: key(person, 1)})
			req, _ := http.NewRequest("POST", srv.URL+"/api/v1/polls/"+fmt.Sprint(p.ID)+"/ballots", bytes.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+token)
			req.Header.Set("Content-Type", "application/json")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			out, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != http.StatusOK || bytes.Contains(out, []byte("choice")) || bytes.Contains(out, []byte(c)) {
				t.Errorf("ballot through the API: %d %s", resp.StatusCode, out)
			}
			var r session.Receipt
			json.Unmarshal(out, &r)
			return &r
		}
		for i, person := range f.incumbents[:len(order)] {
			c := votes[person]
			var r *session.Receipt
			if i < len(order)-2 {
				r = f.cast(t, p.ID, person, c, key(person, 1))
			} else {
				r = viaHTTP(person, c)
			}
			if r.Choice != "" || r.Changed {
				t.Errorf("receipt of a secret ballot %+v tells the choice", r)
			}
			if b, _ := json.Marshal(r); bytes.Contains(b, []byte("choice")) || bytes.Contains(b, []byte(c)) {
				t.Errorf("receipt of a secret ballot %s", b)
			}
			if r := f.cast(t, p.ID, person, c, key(person, 1)); r.Choice != "" || !r.Repeated {
				t.Errorf("repeated receipt %+v", r)
			}
			me, err := f.svc.MeOf(ctx, f.actor(t, person), f.m.ID)
			if err != nil || !me.Voted || me.Choice != "" {
				t.Errorf("the voter's device reads %+v, %v", me, err)
			}
			// The ballot's event: turnout, no counts, no person.
			evs := f.events(t, last)
			if len(evs) != 1 || evs[0].Kind != string(session.SectionPoll) {
				t.Fatalf("ballot %d: %d events", i, len(evs))
			}
			last = evs[0].ID
			var v map[string]any
			if err := json.Unmarshal(evs[0].Data, &v); err != nil {
				t.Fatal(err)
			}
			for k := range v {
				if !slices.Contains(pollViewKeys, k) {
					t.Errorf("poll event has a field %q: %s", k, evs[0].Data)
				}
			}
			if v["voted"] != float64(i+1) || v["shown"] != false || v["for"] != 0.0 || v["against"] != 0.0 || v["abstain"] != 0.0 {
				t.Errorf("ballot %d: event %s, want turnout %d and no counts", i, evs[0].Data, i+1)
			}
		}
		// While the vote is open nobody sees a count: not the chair's
		// screen, not the list of votes.
		if l := f.live(t); l.Poll.Shown || l.Poll.For+l.Poll.Against+l.Poll.Abstain != 0 || l.Poll.Voted != len(order) {
			t.Errorf("live poll while open: %+v", l.Poll)
		}
		ps, _, err := f.svc.Polls(ctx, f.chair, f.m.ID)
		if err != nil || len(ps) != 1 || ps[0].For+ps[0].Against+ps[0].Abstain != 0 || ps[0].Voted != len(order) {
			t.Errorf("polls while open: %+v, %v", ps, err)
		}
		if nv, err := f.svc.NamedVotes(ctx, f.chair, p.ID); err != nil || nv != nil {
			t.Errorf("named votes of a secret ballot: %v, %v", nv, err)
		}
		closed := f.close(t, p.ID, nil)
		if closed.For != 5 || closed.Against != 3 || closed.Abstain != 2 || *closed.Passed {
			t.Errorf("closed %d/%d/%d passed %v; want 5/3/2, failed", closed.For, closed.Against, closed.Abstain, *closed.Passed)
		}
		if nv, err := f.svc.NamedVotes(ctx, f.chair, p.ID); err != nil || nv != nil {
			t.Errorf("named votes of a closed secret ballot: %v, %v", nv, err)
		}

		// The ballot tables' columns: who voted and a key, no time; counts
		// without a person.
		cols := columns(t, d, "poll_voters")
		if want := []string{"ballot_key", "person_id", "poll_id"}; !slices.Equal(names(cols), want) {
			t.Errorf("poll_voters columns %v, want %v", cols, want)
		}
		for _, c := range cols {
			if strings.Contains(c.typ, "time") || strings.Contains(c.typ, "date") {
				t.Errorf("poll_voters has a time column %s %s", c.name, c.typ)
			}
		}
		if want := []string{"choice", "count", "poll_id", "shard"}; !slices.Equal(names(columns(t, d, "poll_tally")), want) {
			t.Errorf("poll_tally columns %v, want %v", names(columns(t, d, "poll_tally")), want)
		}
		var n int
		if err := d.R.QueryRowContext(ctx, "SELECT COUNT(*) FROM poll_tally").Scan(&n); err != nil || n != 0 {
			t.Errorf("poll_tally keeps %d rows after the close (%v)", n, err)
		}
		if d.Dialect() == db.SQLite {
			// No row id that would tell the order of voting.
			if _, err := d.R.QueryContext(ctx, "SELECT rowid FROM poll_voters"); err == nil {
				t.Error("poll_voters has a rowid")
			}
		} else {
			// Every voter's row was rewritten by the close: no row keeps
			// the transaction of its ballot.
			if err := d.R.QueryRowContext(ctx, "SELECT COUNT(DISTINCT xmin::text) FROM poll_voters WHERE poll_id = $1", p.ID).Scan(&n); err != nil || n != 1 {
				t.Errorf("poll_voters rows of %d transactions after the close (%v)", n, err)
			}
		}
		// The keys the devices chose are gone.
		rows, err := d.R.QueryContext(ctx, d.Rebind("SELECT person_id, ballot_key FROM poll_voters WHERE poll_id = ?"), p.ID)
		if err != nil {
			t.Fatal(err)
		}
		voters := 0
		for rows.Next() {
			var person int64
			var k string
			if err := rows.Scan(&person, &k); err != nil {
				t.Fatal(err)
			}
			voters++
			if _, ok := votes[person]; !ok || k == key(person, 1) {
				t.Errorf("poll_voters row (%d, %s)", person, k)
			}
		}
		rows.Close()
		if voters != len(votes) {
			t.Errorf("%d voters recorded, want %d", voters, len(votes))
		}

		// Every row of every table: none holds a voter and a choice.
		choiceRE := regexp.MustCompile(`^(for|against|abstain)$|"choice"\s*:`)
		for _, table := range tables(t, d) {
			rows, err := d.R.QueryContext(ctx, "SELECT * FROM "+table)
			if err != nil {
				t.Fatalf("read %s: %v", table, err)
			}
			colNames, _ := rows.Columns()
			vals := make([]sql.NullString, len(colNames))
			ptrs := make([]any, len(vals))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			for rows.Next() {
				if err := rows.Scan(ptrs...); err != nil {
					t.Fatalf("scan %s: %v", table, err)
				}
				var voter int64
				choice := ""
				for i, v := range vals {
					if !v.Valid {
						continue
					}
					var id int64
					if _, err := fmt.Sscan(v.String, &id); err == nil && fmt.Sprint(id) == v.String {
						if _, ok := votes[id]; ok { // any number that could be a voter
							voter = id
						}
					}
					if choiceRE.MatchString(v.String) {
						choice = colNames[i] + "=" + v.String
					}
				}
				if voter != 0 && choice != "" {
					t.Errorf("table %s: a row holds voter %d and %s", table, voter, choice)
				}
			}
			if err := rows.Err(); err != nil {
				t.Fatal(err)
			}
			rows.Close()
		}

		// The events of the meeting never name a choice; the poll's last
		// event shows the result.
		for _, e := range f.events(t, 0) {
			if bytes.Contains(e.Data, []byte(`"choice"`)) {
				t.Errorf("event %s: %s", e.Kind, e.Data)
			}
		}
		if !strings.Contains(logs.String(), "/ballots") {
			t.Errorf("the log has no request of a ballot; is it the app's log? %q", logs.String())
		}
		// The log never mentions a choice.
		for _, line := range strings.Split(logs.String(), "\n") {
			for _, c := range model.Choices {
				if regexp.MustCompile(`(^|[^a-z])` + string(c) + `([^a-z]|$)`).MatchString(line) {
					t.Errorf("log line mentions %s: %s", c, line)
				}
			}
			if strings.Contains(line, "choice") {
				t.Errorf("log line mentions a choice: %s", line)
			}
		}
	})
}

type column struct{ name, typ string }

func names(cs []column) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.name)
	}
	slices.Sort(out)
	return out
}

// columns lists a table's columns with their declared types.
func columns(t *testing.T, d *db.DB, table string) []column {
	t.Helper()
	q := "SELECT name, type FROM pragma_table_info('" + table + "')"
	if d.Dialect() == db.Postgres {
		q = "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'public' AND table_name = '" + table + "'"
	}
	rows, err := d.R.QueryContext(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []column
	for rows.Next() {
		var c column
		if err := rows.Scan(&c.name, &c.typ); err != nil {
			t.Fatal(err)
		}
		c.typ = strings.ToLower(c.typ)
		out = append(out, c)
	}
	return out
}

// tables lists every table of the database.
func tables(t *testing.T, d *db.DB) []string {
	t.Helper()
	q := "SELECT name FROM sqlite_master WHERE type = 'table'"
	if d.Dialect() == db.Postgres {
		q = "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
	}
	rows, err := d.R.QueryContext(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		out = append(out, n)
	}
	if !slices.Contains(out, "poll_voters") || !slices.Contains(out, "events") || len(out) < 20 {
		t.Fatalf("tables %v", out)
	}
	return out
}
