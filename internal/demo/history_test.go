package demo_test

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"

	"nghisu/internal/db"
	"nghisu/internal/demo"
	"nghisu/internal/model"
	"nghisu/internal/record"
	"nghisu/internal/targets"
	"nghisu/internal/testutil"
	"nghisu/internal/vntext"
)

// counts runs a query of (commune place, count) rows.
func counts(t *testing.T, d *db.DB, q string, args ...any) map[string]float64 {
	t.Helper()
	rows, err := d.Query(context.Background(), q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]float64{}
	for rows.Next() {
		var k string
		var n float64
		if err := rows.Scan(&k, &n); err != nil {
			t.Fatal(err)
		}
		out[k] = n
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

const byCommune = ` FROM meetings m JOIN bodies b ON b.id = m.body_id JOIN orgs o ON o.id = b.org_id `

// Two years of history for every commune, kept the way its profile says:
// every past month has its regular BCH meeting or a recorded cancellation
// or postponement; the late-papers, missing-areas and late-minutes
// communes are visibly worse at it than the best; the weakest cancels
// meetings; the minute books verify and their numbers have no gaps; the
// previous term exists and what asks for the current bodies gets them.
func TestHistory(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		start := time.Now()
		srv := testutil.NewServerWith(t, d, testutil.Options{History: 24})
		t.Logf("seeded 31 communes × 24 months in %s", time.Since(start).Round(time.Millisecond))
		st := srv.App.Store
		now := st.Now().In(vntext.Location())
		thisMonth := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, vntext.Location())

		// Every past month: a regular meeting held, or one called off or
		// put off on the record.
		held := counts(t, d, `SELECT o.place || '/' || m.month, COUNT(*)`+byCommune+`
			WHERE b.kind = 'committee' AND m.kind = 'regular' AND m.state = 'closed' GROUP BY o.place, m.month`)
		off := counts(t, d, `SELECT o.place || '/' || m.month, COUNT(DISTINCT m.id)`+byCommune+`
			JOIN meeting_transitions x ON x.meeting_id = m.id
			WHERE b.kind = 'committee' AND m.kind = 'regular' AND x.to_state IN ('cancelled', 'postponed') GROUP BY o.place, m.month`)
		for place := range demo.Profiles() {
			for k := 1; k <= 24; k++ {
				month := thisMonth.AddDate(0, -k, 0).Format("2006-01")
				if held[place+"/"+month] != 1 && off[place+"/"+month] == 0 {
					t.Errorf("%s %s: %v regular meetings held, none called off", place, month, held[place+"/"+month])
				}
			}
		}
		cancelled := counts(t, d, `SELECT o.place, COUNT(*)`+byCommune+`WHERE m.state = 'cancelled' GROUP BY o.place`)
		if cancelled[demo.Weakest] != 2 || cancelled[demo.Best] != 0 {
			t.Errorf("cancelled meetings: %v", cancelled)
		}

		// The profiles differ where they say they do.
		late := share(t, d, `SELECT o.place, m.starts_at, c.sent_at`+byCommune+`
			JOIN circulations c ON c.meeting_id = m.id WHERE b.kind = 'committee'`, func(a, b time.Time) bool { return b.After(a.Add(-72 * time.Hour)) })
		if late["Cao Lãnh"] < 0.3 || late["Cao Lãnh"] < 3*late[demo.Best] {
			t.Errorf("late papers: late_papers %.2f, excellent %.2f", late["Cao Lãnh"], late[demo.Best])
		}
		areas := map[string]int{}
		rows, err := d.Query(ctx, `SELECT o.place, m.id, i.areas`+byCommune+`JOIN agenda_items i ON i.meeting_id = m.id
			WHERE b.kind = 'committee' AND m.kind = 'regular' AND m.state = 'closed'`)
		if err != nil {
			t.Fatal(err)
		}
		covered := map[int64]map[string]bool{}
		place := map[int64]string{}
		for rows.Next() {
			var p, a string
			var id int64
			if err := rows.Scan(&p, &id, &a); err != nil {
				t.Fatal(err)
			}
			place[id] = p
			if covered[id] == nil {
				covered[id] = map[string]bool{}
			}
			for _, x := range splitAreas(a) {
				covered[id][x] = true
			}
		}
		rows.Close()
		for id, c := range covered {
			if len(c) < len(model.Areas) {
				areas[place[id]]++
			}
		}
		if areas["Hồng Ngự"] < 6 || areas[demo.Best] != 0 {
			t.Errorf("meetings missing areas: missing_areas %d, excellent %d", areas["Hồng Ngự"], areas[demo.Best])
		}
		slow := share(t, d, `SELECT o.place, m.starts_at, x.final_at`+byCommune+`JOIN minutes x ON x.meeting_id = m.id`,
			func(a, b time.Time) bool { return b.After(a.Add(7 * 24 * time.Hour)) })
		if slow["Trung An"] < 0.3 || slow[demo.Best] != 0 {
			t.Errorf("minutes signed after 7 days: late_minutes %.2f, excellent %.2f", slow["Trung An"], slow[demo.Best])
		}
		// Tasks due before this month not done by the end of their day.
		taskLate := map[string]float64{}
		taskN := map[string]float64{}
		rows, err = d.Query(ctx, `SELECT o.place, t.due_on, e.created_at FROM tasks t JOIN orgs o ON o.id = t.commune_id
			LEFT JOIN task_events e ON e.task_id = t.id AND e.status = 'done' WHERE t.due_on < ?`, model.DateOf(thisMonth))
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var p string
			var due model.Date
			var done sql.NullTime
			if err := rows.Scan(&p, &due, &done); err != nil {
				t.Fatal(err)
			}
			taskN[p]++
			if !done.Valid || done.Time.After(due.Time(vntext.Location()).AddDate(0, 0, 1)) {
				taskLate[p]++
			}
		}
		rows.Close()
		for p := range taskN {
			taskLate[p] /= taskN[p]
		}
		if taskLate["Mỹ Phong"] < 2*taskLate[demo.Best] || taskLate["Mỹ Phong"] < 0.3 {
			t.Errorf("tasks late or open: late_tasks %.2f, excellent %.2f", taskLate["Mỹ Phong"], taskLate[demo.Best])
		}

		// Quorum (two thirds of the incumbents present) fails only in the
		// weakest commune, if ever.
		quorum := counts(t, d, `SELECT o.place, COUNT(*)`+byCommune+`WHERE m.state = 'closed' AND
			3 * (SELECT COUNT(*) FROM attendance a WHERE a.meeting_id = m.id AND a.status IN ('present', 'late', 'left_early'))
			< 2 * (SELECT COUNT(*) FROM attendance a WHERE a.meeting_id = m.id) GROUP BY o.place`)
		for p, n := range quorum {
			if p != demo.Weakest || n > 2 {
				t.Errorf("%s: %v meetings without a quorum", p, n)
			}
		}

		// The improving communes slip less in the second year than in the
		// first, the declining ones more.
		slips := map[string][2]int{}
		rows, err = d.Query(ctx, `SELECT o.place, m.month, m.starts_at,
			(SELECT MAX(c.sent_at) FROM circulations c WHERE c.meeting_id = m.id),
			(SELECT x.final_at FROM minutes x WHERE x.meeting_id = m.id)`+byCommune+`
			WHERE b.kind = 'committee' AND m.kind = 'regular' AND m.state = 'closed' AND m.month < ?`, thisMonth.Format("2006-01"))
		if err != nil {
			t.Fatal(err)
		}
		split := thisMonth.AddDate(0, -12, 0).Format("2006-01")
		for rows.Next() {
			var p, month string
			var at time.Time
			var sent, final sql.NullString
			if err := rows.Scan(&p, &month, &at, &sent, &final); err != nil {
				t.Fatal(err)
			}
			yr := 0
			if month >= split {
				yr = 1
			}
			n := slips[p]
			for _, x := range []struct {
				v    sql.NullString
				late func(time.Time) bool
			}{{sent, func(v time.Time) bool { return v.After(at.Add(-72 * time.Hour)) }},
				{final, func(v time.Time) bool { return v.After(at.Add(7 * 24 * time.Hour)) }}} {
				if v, ok := parseTime(x.v); ok && x.late(v) {
					n[yr]++
				}
			}
			slips[p] = n
		}
		rows.Close()
		for p, profile := range demo.Profiles() {
			n := slips[p]
			if profile == "improving" && n[0] <= n[1] || profile == "declining" && n[0] >= n[1] {
				t.Errorf("%s (%s): %d slips in the first year, %d in the second", p, profile, n[0], n[1])
			}
		}

		// Targets: the excellent commune's on track or reached, the
		// late-tasks one's behind.
		for place, want := range map[string]bool{demo.Best: false, "Mỹ Phong": true} {
			c := srv.Commune(t, place)
			list, err := st.Targets(ctx, c.ID)
			if err != nil || len(list) == 0 {
				t.Fatalf("%s targets: %d, %v", place, len(list), err)
			}
			for _, tg := range list {
				values, err := st.TargetValues(ctx, tg.ID)
				if err != nil {
					t.Fatal(err)
				}
				status, _ := targets.StatusOf(tg, values, model.DateOf(now))
				if (status == targets.Behind) != want {
					t.Errorf("%s: %s %s is %s", place, tg.Name, tg.Period, status)
				}
			}
		}

		// Signature, final time and book entry agree.
		var disagree int
		if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM minutes x JOIN minute_book e ON e.id = x.entry_id
			JOIN issued_documents i ON i.id = x.document_id
			WHERE x.final_at <> e.created_at OR i.created_at <> e.created_at
			OR x.final_at <> (SELECT MAX(g.signed_at) FROM minute_signatures g WHERE g.minutes_id = x.id)`).Scan(&disagree); err != nil {
			t.Fatal(err)
		}
		if disagree != 0 {
			t.Errorf("%d minutes whose signing, final time and book entry disagree", disagree)
		}

		// Books verify; numbers run 1…n in each term.
		checks, err := record.VerifyAll(ctx, st)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range checks {
			if !c.OK() {
				t.Errorf("book %d: %v", c.BodyID, c.Problem)
			}
		}
		var gaps int
		if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM (SELECT org_id, term_id, type, COUNT(*) AS n, MAX(number) AS top
			FROM issued_documents GROUP BY org_id, term_id, type) g WHERE n <> top`).Scan(&gaps); err != nil {
			t.Fatal(err)
		}
		if gaps != 0 {
			t.Errorf("%d numbering series with gaps", gaps)
		}

		// Two terms; the current term's bodies are the ones found.
		for _, name := range []string{"Mỹ Tho", demo.Weakest} {
			c := srv.Commune(t, name)
			terms, err := st.Terms(ctx, c.ID)
			if err != nil || len(terms) != 2 || terms[1].Name != "2020–2025" || terms[1].EndsOn.IsZero() {
				t.Fatalf("%s terms: %+v %v", name, terms, err)
			}
			bodies, err := st.Bodies(ctx, c.ID)
			if err != nil || len(bodies) != 6 {
				t.Fatalf("%s: %d bodies %v", name, len(bodies), err)
			}
			cur := model.CurrentBodies(bodies, model.DateOf(now))
			if len(cur) != 3 || cur[0].TermID != terms[0].ID {
				t.Fatalf("%s current bodies: %+v", name, cur)
			}
			bch := srv.Body(t, name, model.BodyCommittee)
			if bch.TermID != terms[0].ID {
				t.Errorf("%s: BCH of term %d, not the current %d", name, bch.TermID, terms[0].ID)
			}
			for _, list := range [][]model.Owner{
				must(srv.App.Followup.Owners(ctx, srv.Actor(t, "tinhuy"), c.ID)),
				must(srv.App.Programs.Owners(ctx, c)),
			} {
				n := 0
				for _, o := range list {
					if o.Kind == model.OwnerBody {
						n++
						if o.ID != cur[0].ID && o.ID != cur[1].ID && o.ID != cur[2].ID {
							t.Errorf("%s: an owner of the old term: %+v", name, o)
						}
					}
				}
				if n != 3 {
					t.Errorf("%s: %d bodies among the owners", name, n)
				}
			}
		}
		// The pages that show the history answer: a meeting of the old
		// term, its minutes, the old books, the tasks, targets, register.
		var oldMeeting, oldBody, task, question int64
		if err := d.QueryRow(ctx, `SELECT m.id, b.id`+byCommune+`JOIN terms t ON t.id = b.term_id
			WHERE o.place = 'Mỹ Tho' AND t.name = '2020–2025' AND b.kind = 'committee' AND m.state = 'closed' ORDER BY m.starts_at LIMIT 1`).
			Scan(&oldMeeting, &oldBody); err != nil {
			t.Fatal(err)
		}
		c := srv.Commune(t, "Mỹ Tho")
		if err := d.QueryRow(ctx, "SELECT MIN(id) FROM tasks WHERE commune_id = ?", c.ID).Scan(&task); err != nil {
			t.Fatal(err)
		}
		if err := d.QueryRow(ctx, "SELECT MIN(id) FROM questions WHERE org_id = ?", c.ID).Scan(&question); err != nil {
			t.Fatal(err)
		}
		// The old term's books are closed to new documents.
		if _, err := srv.App.Record.IssueBody(ctx, srv.Actor(t, "vp.mytho"), oldBody); testutil.RefusalKey(err) != "record.issue_past_term" {
			t.Errorf("issuing for the old term's BCH: %v", err)
		}
		if _, err := srv.App.Record.IssueBody(ctx, srv.Actor(t, "vp.mytho"), srv.Body(t, "Mỹ Tho", model.BodyCommittee).ID); err != nil {
			t.Errorf("issuing for the current BCH: %v", err)
		}
		for _, user := range []string{"tinhuy", "bithu.mytho", "vp.mytho"} {
			cl := srv.Login(t, user)
			for _, path := range []string{"/", fmt.Sprintf("/meetings/%d", oldMeeting), fmt.Sprintf("/meetings/%d/minutes", oldMeeting),
				fmt.Sprintf("/meetings/%d/record", oldMeeting), fmt.Sprintf("/meetings/%d/review", oldMeeting),
				fmt.Sprintf("/bodies/%d/minute-book", oldBody), fmt.Sprintf("/bodies/%d", oldBody),
				fmt.Sprintf("/orgs/%d", c.ID), fmt.Sprintf("/orgs/%d/tasks", c.ID), fmt.Sprintf("/tasks/%d", task),
				fmt.Sprintf("/orgs/%d/targets", c.ID), fmt.Sprintf("/orgs/%d/register", c.ID), "/my/meetings",
				"/search?q=ngh%E1%BB%8B+quy%E1%BA%BFt"} {
				if r := cl.Get(t, path); r.StatusCode != 200 {
					t.Errorf("%s GET %s: %d", user, path, r.StatusCode)
				}
			}
		}

		// Mỹ Tho's story is still there: the meeting under review next
		// month and today's.
		var story int
		if err := d.QueryRow(ctx, `SELECT COUNT(*)`+byCommune+`WHERE o.place = 'Mỹ Tho' AND m.state IN ('review', 'convened')`).Scan(&story); err != nil {
			t.Fatal(err)
		}
		if story != 2 {
			t.Errorf("Mỹ Tho: %d story meetings", story)
		}
	})
}

// share runs a query of (place, a, b) rows and gives, per place, the share
// of rows where late(a, b).
func share(t *testing.T, d *db.DB, q string, late func(a, b time.Time) bool, args ...any) map[string]float64 {
	t.Helper()
	rows, err := d.Query(context.Background(), q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n, bad := map[string]float64{}, map[string]float64{}
	for rows.Next() {
		var p string
		var a, b sql.NullTime
		if err := rows.Scan(&p, &a, &b); err != nil {
			t.Fatal(err)
		}
		n[p]++
		if late(a.Time, b.Time) {
			bad[p]++
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	for p := range n {
		bad[p] /= n[p]
	}
	return bad
}

// parseTime reads a time an aggregate gave back as text (SQLite) or as
// a time (PostgreSQL's driver gives text too for MAX of timestamptz only
// through the NullString).
func parseTime(v sql.NullString) (time.Time, bool) {
	if !v.Valid {
		return time.Time{}, false
	}
	for _, layout := range []string{"2006-01-02 15:04:05.999999999-07:00", time.RFC3339Nano, "2006-01-02 15:04:05.999999999Z07:00",
		"2006-01-02 15:04:05.999999999Z07"} {
		if t, err := time.Parse(layout, v.String); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func splitAreas(s string) []string {
	var out []string
	for _, a := range splitComma(s) {
		if a != "" {
			out = append(out, a)
		}
	}
	return out
}

func splitComma(s string) []string {
	var out []string
	start := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ',' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return out
}

// The same seed gives the same history.
func TestHistoryDeterministic(t *testing.T) {
	d1, d2 := testutil.NewDB(t, db.SQLite), testutil.NewDB(t, db.SQLite)
	testutil.NewServerWith(t, d1, testutil.Options{Communes: 3, History: 24})
	testutil.NewServerWith(t, d2, testutil.Options{Communes: 3, History: 24})
	for _, table := range []string{"meetings", "meeting_transitions", "agenda_items", "circulations", "attendance", "polls",
		"questions", "minutes", "tasks", "task_events", "targets", "target_values", "opinion_requests", "memberships", "people"} {
		var a, b int
		q := fmt.Sprintf("SELECT COUNT(*) FROM %s", table)
		if err := d1.QueryRow(context.Background(), q).Scan(&a); err != nil {
			t.Fatal(err)
		}
		if err := d2.QueryRow(context.Background(), q).Scan(&b); err != nil {
			t.Fatal(err)
		}
		if a != b || a == 0 {
			t.Errorf("%s: %d and %d rows", table, a, b)
		}
	}
}
