package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"nghisu/internal/api"
	"nghisu/internal/db"
	"nghisu/internal/model"
	"nghisu/internal/record"
	"nghisu/internal/store"
	"nghisu/internal/testutil"
)

// crashSignature is one signature in the crash test: the secretary's or
// the chair's on one meeting's minutes.
type crashSignature struct {
	minutes int64
	signer  Member
	role    string
	// loseFirst: the first answer that comes is lost (dropped says it
	// was); the resend must be refused as already signed (or final).
	loseFirst bool
	dropped   bool

	mu    sync.Mutex
	tries int
	done  bool
	// lost: a resend was refused as already signed (or the minutes as
	// final): the first copy was stored and its answer lost.
	lost bool
}

// TestCrashDuringSigning kills the server with SIGKILL again and again
// while the secretaries and chairs of many meetings of one BCH sign their
// minutes (the second signature makes minutes final: a BB number of the
// term and an entry in the body's minute book), restarts it, and resends
// what was not acknowledged. In the end every minutes are final with each
// signature once, the minute book has one entry per meeting, numbered
// without gap, its chain verifies (`nghisu verify`), and the BB numbers are
// 1…n with no gap and no duplicate.
func TestCrashDuringSigning(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills server processes")
	}
	bin := serverBinary(t)
	for _, dialect := range testutil.Dialects(t) {
		t.Run(string(dialect), func(t *testing.T) { crashDuringSigning(t, bin, dialect) })
	}
}

// signRepeats are the messages (vi and en) of the refusals a resent
// signature may meet when its first copy was stored.
func signRepeats(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, lang := range []string{"vi", "en"} {
		b, err := os.ReadFile(filepath.Join("..", "..", "internal", "i18n", "catalog", lang+".json"))
		if err != nil {
			t.Fatal(err)
		}
		var cat map[string]string
		if err := json.Unmarshal(b, &cat); err != nil {
			t.Fatal(err)
		}
		for _, k := range []string{"record.already_signed", "record.final"} {
			if cat[k] == "" {
				t.Fatalf("%s: no %s", lang, k)
			}
			m, _ := json.Marshal(cat[k])
			out = append(out, strings.Trim(string(m), `"`))
		}
	}
	return out
}

func crashDuringSigning(t *testing.T, bin string, dialect db.Dialect) {
	meetings := sized(10, 60)
	rounds, every := sized(3, 10), sized(4, 10)
	repeats := signRepeats(t)
	e := newCrashEnv(t, bin, dialect)
	path := []model.MeetingState{model.StateDraft, model.StatePreparing, model.StateReview, model.StateApproved,
		model.StateConvened, model.StateInSession, model.StateAdjourned}
	c, err := prepareCommune(e.ctx, e.d, "Ký Sổ", 5, 3, meetings, path)
	if err != nil {
		t.Fatal(err)
	}
	e.start()
	chair, secretary := c.Members[0], c.Members[1]

	// The secretary writes each meeting's minutes.
	var jobs []*crashSignature
	minutes := map[int64]bool{}
	for k, m := range c.Meetings {
		var x model.Minutes
		e.post(fmt.Sprintf("/meetings/%d/minutes", m), secretary.Token, api.MinutesInput{
			Text: fmt.Sprintf("BIÊN BẢN HỘI NGHỊ số %d\n\nHội nghị đã thảo luận và thống nhất.", k+1)}, &x)
		minutes[x.ID] = true
		// The chair signs some first, the secretary others.
		first, second := &crashSignature{minutes: x.ID, signer: secretary, role: model.RoleSecretary},
			&crashSignature{minutes: x.ID, signer: chair, role: model.RoleChair}
		if k%2 == 1 {
			first, second = second, first
		}
		first.loseFirst = k%3 == 0
		jobs = append(jobs, first, second)
	}
	done := func(j *crashSignature) bool {
		j.mu.Lock()
		defer j.mu.Unlock()
		return j.done
	}
	send := func(j *crashSignature) error {
		err := e.api.Do(e.ctx, http.MethodPost, fmt.Sprintf("/minutes/%d/sign", j.minutes), j.signer.Token,
			api.SignInput{Password: signPassword}, nil)
		j.mu.Lock()
		defer j.mu.Unlock()
		j.tries++
		var he *HTTPError
		switch {
		case err == nil && j.loseFirst && !j.dropped:
			j.dropped = true
			return errAnswerLost
		case err == nil:
			j.done = true
		case errors.As(err, &he) && he.Status == http.StatusConflict && j.tries > 1 &&
			slices.ContainsFunc(repeats, func(m string) bool { return strings.Contains(he.Body, m) }):
			// Resent, and refused because the first copy is in.
			j.done, j.lost = true, true
			return nil
		}
		return err
	}
	crashRounds(e, "signatures", jobs, done, send, 4, rounds, every)
	if err := e.srv.Stop(); err != nil {
		t.Fatal(err)
	}

	// Every minutes final, signed once by each.
	st := store.New(e.d, nil)
	var numbers []int
	lost, dropped := 0, 0
	for _, j := range jobs {
		if j.lost {
			lost++
		}
		if j.loseFirst {
			dropped++
			if !j.lost {
				t.Errorf("signature %s on minutes %d: its answer was dropped, yet the resend was not refused as signed", j.role, j.minutes)
			}
		}
	}
	for id := range minutes {
		x, err := st.MinutesByID(e.ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		roles := []string{}
		for _, g := range x.Signatures {
			roles = append(roles, g.Role)
		}
		slices.Sort(roles)
		if x.State != model.MinutesFinal || !slices.Equal(roles, []string{model.RoleChair, model.RoleSecretary}) {
			t.Errorf("minutes %d: %s, signed by %v", id, x.State, roles)
			continue
		}
		d, err := st.Issued(e.ctx, x.DocumentID)
		if err != nil {
			t.Fatal(err)
		}
		numbers = append(numbers, d.Number)
	}
	var sigs, issued, distinct int
	if err := e.d.R.QueryRowContext(e.ctx, "SELECT COUNT(*) FROM minute_signatures").Scan(&sigs); err != nil {
		t.Fatal(err)
	}
	if err := e.d.R.QueryRowContext(e.ctx, e.d.Rebind("SELECT COUNT(*), COUNT(DISTINCT number) FROM issued_documents WHERE body_id = ? AND type = ?"),
		c.Committee, model.TypeMinutes).Scan(&issued, &distinct); err != nil {
		t.Fatal(err)
	}
	if sigs != len(jobs) || issued != meetings || distinct != meetings {
		t.Errorf("%d signatures (want %d), %d minutes issued with %d numbers (want %d)", sigs, len(jobs), issued, distinct, meetings)
	}
	// The BB numbers of the term: 1…n, no gap, no duplicate.
	slices.Sort(numbers)
	for i, n := range numbers {
		if n != i+1 {
			t.Errorf("BB numbers %v: want 1…%d", numbers, meetings)
			break
		}
	}
	// The book: one entry per minutes, 1…n, and the chain verifies.
	book, err := st.Book(e.ctx, c.Committee)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[int64]bool{}
	for i, en := range book {
		if en.Seq != i+1 || !minutes[en.MinutesID] || seen[en.MinutesID] {
			t.Errorf("book entry %d: seq %d, minutes %d (seen before: %v)", i, en.Seq, en.MinutesID, seen[en.MinutesID])
		}
		seen[en.MinutesID] = true
	}
	if len(book) != meetings {
		t.Errorf("%d book entries, want %d", len(book), meetings)
	}
	if n, err := record.FirstBroken(e.ctx, st, c.Committee); err != nil || n != 0 {
		t.Errorf("the book breaks at entry %d (%v)", n, err)
	}
	// And as the administrator checks it: `nghisu verify` with the
	// instance's key.
	args := []string{"verify", "--data", e.dir, "--key", filepath.Join(e.dir, "signing.key")}
	if e.srv.DB != "" {
		args = append(args, "--db", e.srv.DB)
	}
	var out bytes.Buffer
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil || !strings.Contains(out.String(), "1 sổ biên bản, 0 lỗi") {
		t.Errorf("nghisu verify: %v\n%s", err, out.String())
	}
	t.Logf("signatures: %d meetings final, %d signatures once each (%d resends refused as already signed or final, %d answers dropped on purpose), BB numbers 1…%d, book of %d entries verifies: %s",
		meetings, sigs, lost, dropped, meetings, len(book), strings.TrimSpace(out.String()))
}
