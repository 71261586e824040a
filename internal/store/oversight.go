package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"nghisu/internal/db"
	"nghisu/internal/model"
)

// The oversight reads: set-based queries over a group of communes and a
// range of months, each one statement for the whole group, so that the
// indicators of a province cost a few queries, not a few per meeting.

// OversightScope selects the communes and months an oversight read covers.
type OversightScope struct {
	OrgIDs   []int64
	From, To string // months 'YYYY-MM', inclusive
}

func (sc OversightScope) orgs() (string, []any) {
	args := make([]any, len(sc.OrgIDs))
	for i, id := range sc.OrgIDs {
		args[i] = id
	}
	return placeholders(len(sc.OrgIDs)), args
}

// meetingFilter selects the meetings of the scope's BCH and BTV: "m" and
// "b" are the meetings and bodies aliases.
func (sc OversightScope) meetingFilter() (string, []any) {
	in, args := sc.orgs()
	return "b.org_id IN (" + in + ") AND b.kind IN ('committee', 'standing') AND m.month >= ? AND m.month <= ?",
		append(args, sc.From, sc.To)
}

// OversightMeeting is a meeting with what the indicators read of it.
type OversightMeeting struct {
	ID, OrgID, BodyID int64
	Body              model.BodyKind
	Kind              model.MeetingKind
	Title, Month      string
	StartsAt          time.Time
	State             model.MeetingState
	// Postponed is true when the meeting was postponed at least once.
	Postponed bool
	// PapersSent is when the last member's papers went out; Sent counts
	// the members (guests aside) they went to.
	PapersSent *time.Time
	Sent       int
	// Here and Recorded count the roll call: present (also late or left
	// early) and all recorded.
	Here, Recorded int
	Items          []OversightItem
	// MinutesFinal is when the minutes became final; InBook that they
	// have their minute-book entry.
	MinutesFinal *time.Time
	InBook       bool
	BookSeq      int
}

// OversightItem is a program item: its areas, and for a decision whether a
// vote was closed on it.
type OversightItem struct {
	Title    string
	Kind     model.ItemKind
	Areas    []model.Area
	Voted    bool
	Decision bool
}

// OversightMeetings reads the scope's meetings with their papers, roll
// call, program, votes and minutes, in five statements.
func (s *Store) OversightMeetings(ctx context.Context, sc OversightScope) ([]*OversightMeeting, error) {
	if len(sc.OrgIDs) == 0 {
		return nil, nil
	}
	where, args := sc.meetingFilter()
	rows, err := s.q.Query(ctx, `SELECT m.id, b.org_id, b.id, b.kind, m.kind, m.title, m.month, m.starts_at, m.state,
		EXISTS (SELECT 1 FROM meeting_transitions t WHERE t.meeting_id = m.id AND t.to_state = 'postponed')
		FROM meetings m JOIN bodies b ON b.id = m.body_id WHERE `+where+` ORDER BY m.starts_at, m.id`, args...)
	list, err := collect(rows, err, func(r *sql.Rows) (*OversightMeeting, error) {
		m := &OversightMeeting{}
		err := r.Scan(&m.ID, &m.OrgID, &m.BodyID, &m.Body, &m.Kind, &m.Title, &m.Month, &m.StartsAt, &m.State, &m.Postponed)
		return m, err
	})
	if err != nil || len(list) == 0 {
		return list, err
	}
	byID := make(map[int64]*OversightMeeting, len(list))
	for _, m := range list {
		byID[m.ID] = m
	}
	from := " FROM meetings m JOIN bodies b ON b.id = m.body_id "
	// Papers: the last member's, as a member who got them late got them late.
	rows, err = s.q.Query(ctx, `SELECT c.meeting_id, MAX(c.sent_at), COUNT(*)`+from+`JOIN circulations c ON c.meeting_id = m.id
		WHERE `+where+` AND c.role <> 'guest' GROUP BY c.meeting_id`, args...)
	if err := each(rows, err, func(r *sql.Rows) error {
		var id int64
		var at any
		var n int
		if err := r.Scan(&id, &at, &n); err != nil {
			return err
		}
		t, err := looseTime(at)
		if m := byID[id]; m != nil && err == nil {
			m.PapersSent, m.Sent = t, n
		}
		return err
	}); err != nil {
		return nil, fmt.Errorf("circulations: %w", err)
	}
	rows, err = s.q.Query(ctx, `SELECT a.meeting_id,
		SUM(CASE WHEN a.status IN ('present', 'late', 'left_early') THEN 1 ELSE 0 END), COUNT(*)`+from+`
		JOIN attendance a ON a.meeting_id = m.id WHERE `+where+` AND a.status <> '' GROUP BY a.meeting_id`, args...)
	if err := each(rows, err, func(r *sql.Rows) error {
		var id int64
		var here, n int
		if err := r.Scan(&id, &here, &n); err != nil {
			return err
		}
		if m := byID[id]; m != nil {
			m.Here, m.Recorded = here, n
		}
		return nil
	}); err != nil {
		return nil, fmt.Errorf("attendance: %w", err)
	}
	// Polls are found through their meeting (indexed), then the item.
	rows, err = s.q.Query(ctx, `SELECT i.meeting_id, i.title, i.kind, i.areas,
		EXISTS (SELECT 1 FROM polls p WHERE p.meeting_id = i.meeting_id AND p.item_id = i.id AND p.state = 'closed')`+from+`
		JOIN agenda_items i ON i.meeting_id = m.id WHERE `+where+` ORDER BY i.meeting_id, i.position`, args...)
	if err := each(rows, err, func(r *sql.Rows) error {
		var id int64
		var it OversightItem
		var areas string
		if err := r.Scan(&id, &it.Title, &it.Kind, &areas, &it.Voted); err != nil {
			return err
		}
		for _, a := range strings.Split(areas, ",") {
			if a = strings.TrimSpace(a); a != "" {
				it.Areas = append(it.Areas, model.Area(a))
			}
		}
		it.Decision = it.Kind == model.ItemDecision
		if m := byID[id]; m != nil {
			m.Items = append(m.Items, it)
		}
		return nil
	}); err != nil {
		return nil, fmt.Errorf("items: %w", err)
	}
	rows, err = s.q.Query(ctx, `SELECT x.meeting_id, x.final_at, x.entry_id IS NOT NULL, COALESCE(e.seq, 0)`+from+`
		JOIN minutes x ON x.meeting_id = m.id LEFT JOIN minute_book e ON e.id = x.entry_id
		WHERE `+where+` AND x.kind = 'minutes' AND x.state = 'final'`, args...)
	if err := each(rows, err, func(r *sql.Rows) error {
		var id int64
		var at sql.NullTime
		var in bool
		var seq int
		if err := r.Scan(&id, &at, &in, &seq); err != nil {
			return err
		}
		if m := byID[id]; m != nil {
			m.MinutesFinal, m.InBook, m.BookSeq = timePtr(at), in, seq
		}
		return nil
	}); err != nil {
		return nil, fmt.Errorf("minutes: %w", err)
	}
	return list, nil
}

// OversightMembership is a membership of a BCH or BTV, to count the
// incumbent members on a day.
type OversightMembership struct {
	BodyID    int64
	Status    model.MemberStatus
	StartedOn model.Date
	EndedOn   *model.Date
}

// OversightMemberships lists the memberships of the scope's BCH and BTV.
func (s *Store) OversightMemberships(ctx context.Context, sc OversightScope) ([]OversightMembership, error) {
	if len(sc.OrgIDs) == 0 {
		return nil, nil
	}
	in, args := sc.orgs()
	rows, err := s.q.Query(ctx, `SELECT ms.body_id, ms.status, ms.started_on, ms.ended_on FROM memberships ms
		JOIN bodies b ON b.id = ms.body_id WHERE b.org_id IN (`+in+`) AND b.kind IN ('committee', 'standing')`, args...)
	return collect(rows, err, func(r *sql.Rows) (OversightMembership, error) {
		var m OversightMembership
		var end sql.Null[model.Date]
		err := r.Scan(&m.BodyID, &m.Status, &m.StartedOn, &end)
		if end.Valid {
			m.EndedOn = &end.V
		}
		return m, err
	})
}

// OversightQuestion is a question put at one of the scope's meetings.
type OversightQuestion struct {
	ID, MeetingID int64
	Text          string
	State         string
	AskedAt       time.Time
	AnsweredAt    *time.Time
	AnswerDue     *model.Date
	Satisfied     *bool
}

// OversightQuestions lists the questions put at the scope's meetings.
func (s *Store) OversightQuestions(ctx context.Context, sc OversightScope) ([]OversightQuestion, error) {
	if len(sc.OrgIDs) == 0 {
		return nil, nil
	}
	where, args := sc.meetingFilter()
	rows, err := s.q.Query(ctx, `SELECT q.id, q.meeting_id, q.text, q.state, q.asked_at, q.answered_at, q.answer_due, q.satisfied
		FROM meetings m JOIN bodies b ON b.id = m.body_id JOIN questions q ON q.meeting_id = m.id
		WHERE `+where+` ORDER BY q.id`, args...)
	return collect(rows, err, func(r *sql.Rows) (OversightQuestion, error) {
		var q OversightQuestion
		var at sql.NullTime
		var due sql.Null[model.Date]
		var sat sql.NullBool
		err := r.Scan(&q.ID, &q.MeetingID, &q.Text, &q.State, &q.AskedAt, &at, &due, &sat)
		q.AnsweredAt = timePtr(at)
		if due.Valid {
			q.AnswerDue = &due.V
		}
		if sat.Valid {
			q.Satisfied = &sat.Bool
		}
		return q, err
	})
}

// OversightTask is a task of one of the scope's communes due in its months.
type OversightTask struct {
	ID, CommuneID int64
	Title         string
	OwnerName     string
	DueOn         model.Date
	Status        model.TaskStatus
	// DoneAt is the first report that said done.
	DoneAt *time.Time
}

// OversightTasks lists the tasks of the scope's communes whose deadline
// falls in its months.
func (s *Store) OversightTasks(ctx context.Context, sc OversightScope) ([]OversightTask, error) {
	if len(sc.OrgIDs) == 0 {
		return nil, nil
	}
	in, args := sc.orgs()
	from, err := time.Parse("2006-01", sc.From)
	if err != nil {
		return nil, err
	}
	to, err := time.Parse("2006-01", sc.To)
	if err != nil {
		return nil, err
	}
	args = append(args, model.DateOf(from), model.DateOf(to.AddDate(0, 1, 0)))
	rows, err := s.q.Query(ctx, `SELECT t.id, t.commune_id, t.title, t.owner_name, t.due_on, t.status,
		(SELECT MIN(e.created_at) FROM task_events e WHERE e.task_id = t.id AND e.status = 'done')
		FROM tasks t WHERE t.commune_id IN (`+in+`) AND t.due_on >= ? AND t.due_on < ? ORDER BY t.due_on, t.id`, args...)
	return collect(rows, err, func(r *sql.Rows) (OversightTask, error) {
		var t OversightTask
		var done any
		if err := r.Scan(&t.ID, &t.CommuneID, &t.Title, &t.OwnerName, &t.DueOn, &t.Status, &done); err != nil {
			return t, err
		}
		var err error
		t.DoneAt, err = looseTime(done)
		return t, err
	})
}

// OversightTargets lists the targets of the scope's communes with every
// value reported for them.
func (s *Store) OversightTargets(ctx context.Context, sc OversightScope) ([]model.Target, map[int64][]model.TargetValue, error) {
	if len(sc.OrgIDs) == 0 {
		return nil, nil, nil
	}
	in, args := sc.orgs()
	rows, err := s.q.Query(ctx, "SELECT "+targetCols+" FROM targets t WHERE t.org_id IN ("+in+") ORDER BY t.id", args...)
	ts, err := collect(rows, err, func(r *sql.Rows) (model.Target, error) { return scanTarget(r) })
	if err != nil || len(ts) == 0 {
		return ts, nil, err
	}
	values := map[int64][]model.TargetValue{}
	rows, err = s.q.Query(ctx, `SELECT v.id, v.target_id, v.period, v.value, v.reported_at FROM target_values v
		JOIN targets t ON t.id = v.target_id WHERE t.org_id IN (`+in+`) ORDER BY v.period, v.id`, args...)
	err = each(rows, err, func(r *sql.Rows) error {
		var v model.TargetValue
		if err := r.Scan(&v.ID, &v.TargetID, &v.Period, &v.Value, &v.ReportedAt); err != nil {
			return err
		}
		values[v.TargetID] = append(values[v.TargetID], v)
		return nil
	})
	return ts, values, err
}

// OversightOpinion is a written opinion collection of a commune's body.
type OversightOpinion struct {
	ID, OrgID int64
	Title     string
	CreatedAt time.Time
}

// OversightOpinions lists the written opinion collections of the scope's
// communes opened between from and to.
func (s *Store) OversightOpinions(ctx context.Context, sc OversightScope, from, to time.Time) ([]OversightOpinion, error) {
	if len(sc.OrgIDs) == 0 {
		return nil, nil
	}
	in, args := sc.orgs()
	rows, err := s.q.Query(ctx, `SELECT r.id, b.org_id, r.title, r.created_at FROM opinion_requests r JOIN bodies b ON b.id = r.body_id
		WHERE b.org_id IN (`+in+`) AND r.created_at >= ? AND r.created_at < ? ORDER BY r.created_at`, append(args, from.UTC(), to.UTC())...)
	return collect(rows, err, func(r *sql.Rows) (OversightOpinion, error) {
		var o OversightOpinion
		err := r.Scan(&o.ID, &o.OrgID, &o.Title, &o.CreatedAt)
		return o, err
	})
}

// each runs fn on every row and closes rows.
func each(rows *sql.Rows, err error, fn func(*sql.Rows) error) error {
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// looseTime reads a time an aggregate returned: PostgreSQL keeps the type,
// SQLite hands back the stored text.
func looseTime(v any) (*time.Time, error) {
	switch x := v.(type) {
	case nil:
		return nil, nil
	case time.Time:
		t := x.UTC()
		return &t, nil
	case []byte:
		return looseTime(string(x))
	case string:
		for _, layout := range []string{"2006-01-02 15:04:05.999999999-07:00", time.RFC3339Nano, "2006-01-02 15:04:05.999999999", "2006-01-02T15:04:05.999999999"} {
			if t, err := time.Parse(layout, x); err == nil {
				t = t.UTC()
				return &t, nil
			}
		}
	}
	return nil, fmt.Errorf("not a time: %v", v)
}

// OversightFact is one indicator's count and base in the snapshot.
type OversightFact struct {
	Indicator string
	Num, Den  int
}

// OversightMonth is one commune's month in the snapshot.
type OversightMonth struct {
	OrgID int64
	Month string
	// Score is nil when no weighted indicator applied.
	Score *float64
	Facts []OversightFact
}

// SaveOversight replaces the snapshot of the given communes and months
// with rows, in one transaction: a reader sees the old snapshot or the
// new one, never half of each.
func (s *Store) SaveOversight(ctx context.Context, provinceID int64, sc OversightScope, rows []OversightMonth) error {
	return s.InTx(ctx, func(st *Store) error {
		in, args := sc.orgs()
		args = append(args, sc.From, sc.To)
		for _, table := range []string{"oversight_values", "oversight_months"} {
			if _, err := st.q.Exec(ctx, "DELETE FROM "+table+" WHERE org_id IN ("+in+") AND month >= ? AND month <= ?", args...); err != nil {
				return err
			}
		}
		now := st.Now()
		const batch = 200 // rows per statement: well under both databases' parameter limits
		for i := 0; i < len(rows); i += batch {
			part := rows[i:min(i+batch, len(rows))]
			var q strings.Builder
			var vals []any
			q.WriteString("INSERT INTO oversight_months (org_id, province_id, month, score, computed_at) VALUES ")
			for j, r := range part {
				if j > 0 {
					q.WriteString(", ")
				}
				q.WriteString("(?, ?, ?, ?, ?)")
				var score sql.NullFloat64
				if r.Score != nil {
					score = sql.NullFloat64{Float64: *r.Score, Valid: true}
				}
				vals = append(vals, r.OrgID, provinceID, r.Month, score, now)
			}
			if _, err := st.q.Exec(ctx, q.String(), vals...); err != nil {
				return err
			}
			q.Reset()
			vals = vals[:0]
			n := 0
			q.WriteString("INSERT INTO oversight_values (org_id, month, indicator, num, den) VALUES ")
			for _, r := range part {
				for _, f := range r.Facts {
					if n > 0 {
						q.WriteString(", ")
					}
					q.WriteString("(?, ?, ?, ?, ?)")
					vals = append(vals, r.OrgID, r.Month, f.Indicator, f.Num, f.Den)
					n++
				}
			}
			if n > 0 {
				if _, err := st.q.Exec(ctx, q.String(), vals...); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// OversightScore is a commune's month score from the snapshot.
type OversightScore struct {
	OrgID int64
	Month string
	Score *float64
}

// OversightScores reads the snapshot's month scores of the given communes.
func (s *Store) OversightScores(ctx context.Context, sc OversightScope) ([]OversightScore, error) {
	if len(sc.OrgIDs) == 0 {
		return nil, nil
	}
	in, args := sc.orgs()
	rows, err := s.q.Query(ctx, `SELECT org_id, month, score FROM oversight_months
		WHERE org_id IN (`+in+`) AND month >= ? AND month <= ?`, append(args, sc.From, sc.To)...)
	return collect(rows, err, func(r *sql.Rows) (OversightScore, error) {
		var x OversightScore
		var v sql.NullFloat64
		err := r.Scan(&x.OrgID, &x.Month, &v)
		if v.Valid {
			x.Score = &v.Float64
		}
		return x, err
	})
}

// OversightPeriod is a commune's mean month score over a period, and the
// number of months scored.
type OversightPeriod struct {
	OrgID  int64
	Mean   float64
	Months int
}

// OversightPeriods averages the snapshot's month scores of every commune
// of a province over the months from..to, in the database (from the index
// alone): the one read of the dashboard that grows with the communes.
func (s *Store) OversightPeriods(ctx context.Context, provinceID int64, from, to string) ([]OversightPeriod, error) {
	rows, err := s.q.Query(ctx, `SELECT org_id, AVG(score), COUNT(score) FROM oversight_months
		WHERE province_id = ? AND month >= ? AND month <= ? AND score IS NOT NULL GROUP BY org_id`, provinceID, from, to)
	return collect(rows, err, func(r *sql.Rows) (OversightPeriod, error) {
		var p OversightPeriod
		err := r.Scan(&p.OrgID, &p.Mean, &p.Months)
		return p, err
	})
}

// OversightValues reads the snapshot's values of the given communes and
// months: of one indicator, or of all when indicator is "".
func (s *Store) OversightValues(ctx context.Context, sc OversightScope, indicator string) ([]OversightFact, []OversightScore, error) {
	if len(sc.OrgIDs) == 0 {
		return nil, nil, nil
	}
	in, args := sc.orgs()
	args = append(args, sc.From, sc.To)
	q := `SELECT org_id, month, indicator, num, den FROM oversight_values WHERE org_id IN (` + in + `) AND month >= ? AND month <= ?`
	if indicator != "" {
		q += " AND indicator = ?"
		args = append(args, indicator)
	}
	var keys []OversightScore
	rows, err := s.q.Query(ctx, q, args...)
	facts, err := collect(rows, err, func(r *sql.Rows) (OversightFact, error) {
		var f OversightFact
		var k OversightScore
		err := r.Scan(&k.OrgID, &k.Month, &f.Indicator, &f.Num, &f.Den)
		keys = append(keys, k)
		return f, err
	})
	return facts, keys, err
}

// OversightComputedAt is when the snapshot was last written (zero: never).
func (s *Store) OversightComputedAt(ctx context.Context) (time.Time, error) {
	var v any
	if err := s.q.QueryRow(ctx, "SELECT MAX(computed_at) FROM oversight_months").Scan(&v); err != nil {
		return time.Time{}, err
	}
	t, err := looseTime(v)
	if t == nil || err != nil {
		return time.Time{}, err
	}
	return *t, nil
}

// OversightDirections reads the directions the province wrote for an
// evaluation report of a period ("" when none yet).
func (s *Store) OversightDirections(ctx context.Context, orgID int64, from, to string) (text, by string, at *time.Time, err error) {
	var t time.Time
	err = s.q.QueryRow(ctx, `SELECT directions, updated_by, updated_at FROM oversight_reports
		WHERE org_id = ? AND period_from = ? AND period_to = ?`, orgID, from, to).Scan(&text, &by, &t)
	if errors.Is(err, model.ErrNotFound) {
		return "", "", nil, nil
	}
	if err != nil {
		return "", "", nil, err
	}
	return text, by, &t, nil
}

// SetOversightDirections writes the directions of a period's report.
func (s *Store) SetOversightDirections(ctx context.Context, orgID int64, from, to, text, by string) error {
	now := s.Now()
	res, err := s.q.Exec(ctx, `UPDATE oversight_reports SET directions = ?, updated_by = ?, updated_at = ?
		WHERE org_id = ? AND period_from = ? AND period_to = ?`, text, by, now, orgID, from, to)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n > 0 {
		return nil
	}
	_, err = s.insert(ctx, `INSERT INTO oversight_reports (org_id, period_from, period_to, directions, updated_by, updated_at)
		VALUES (?, ?, ?, ?, ?, ?)`, orgID, from, to, text, by, now)
	return err
}

// OversightFirstMonths gives each commune's first month with a meeting of
// its BCH or BTV: the months before it are not judged (the commune was
// not using the system yet).
func (s *Store) OversightFirstMonths(ctx context.Context, orgIDs []int64) (map[int64]string, error) {
	out := map[int64]string{}
	if len(orgIDs) == 0 {
		return out, nil
	}
	sc := OversightScope{OrgIDs: orgIDs}
	in, args := sc.orgs()
	rows, err := s.q.Query(ctx, `SELECT b.org_id, MIN(m.month) FROM meetings m JOIN bodies b ON b.id = m.body_id
		WHERE b.org_id IN (`+in+`) AND b.kind IN ('committee', 'standing') GROUP BY b.org_id`, args...)
	err = each(rows, err, func(r *sql.Rows) error {
		var id int64
		var m string
		if err := r.Scan(&id, &m); err != nil {
			return err
		}
		out[id] = m
		return nil
	})
	return out, err
}

// OversightTrendPoint is the province's month: the mean score of its
// communes, how many were scored, how many fell below weak.
type OversightTrendPoint struct {
	Month  string
	Mean   float64
	Scored int
	Weak   int
}

// OversightTrend averages the month scores of a province's communes.
func (s *Store) OversightTrend(ctx context.Context, provinceID int64, from, to string, weak float64) ([]OversightTrendPoint, error) {
	rows, err := s.q.Query(ctx, `SELECT month, AVG(score), COUNT(score), SUM(CASE WHEN score < ? THEN 1 ELSE 0 END)
		FROM oversight_months WHERE province_id = ? AND month >= ? AND month <= ? AND score IS NOT NULL
		GROUP BY month ORDER BY month`, weak, provinceID, from, to)
	return collect(rows, err, func(r *sql.Rows) (OversightTrendPoint, error) {
		var p OversightTrendPoint
		err := r.Scan(&p.Month, &p.Mean, &p.Scored, &p.Weak)
		return p, err
	})
}

// BodyMeetingIDs lists the ids of a body's meetings.
func (s *Store) BodyMeetingIDs(ctx context.Context, bodyID int64) ([]int64, error) {
	rows, err := s.q.Query(ctx, "SELECT id FROM meetings WHERE body_id = ?", bodyID)
	return collect(rows, err, func(r *sql.Rows) (int64, error) {
		var id int64
		return id, r.Scan(&id)
	})
}

// BodyOpinionIDs lists the ids of a body's written opinion collections.
func (s *Store) BodyOpinionIDs(ctx context.Context, bodyID int64) ([]int64, error) {
	rows, err := s.q.Query(ctx, "SELECT id FROM opinion_requests WHERE body_id = ?", bodyID)
	return collect(rows, err, func(r *sql.Rows) (int64, error) {
		var id int64
		return id, r.Scan(&id)
	})
}

// RescoreOversight recomputes every month score of a province's snapshot
// from its stored values under new weights (indicator → weight), in one
// statement: 100 × Σ w·min(1, num/den) / Σ w over the values whose base
// is above 0 and weight above 0, rounded to a tenth; NULL when none.
func (s *Store) RescoreOversight(ctx context.Context, provinceID int64, weights map[string]int) error {
	var w strings.Builder
	var args []any
	w.WriteString("CASE v.indicator")
	for code, n := range weights {
		if n > 0 {
			w.WriteString(" WHEN ? THEN ?")
			args = append(args, code, n)
		}
	}
	w.WriteString(" ELSE 0 END")
	weight := w.String()
	least, round := "MIN(1.0, v.num * 1.0 / v.den)", "ROUND(%s, 1)"
	if s.q.Dialect() == db.Postgres {
		least, round = "LEAST(1.0, v.num * 1.0 / v.den)", "ROUND((%s)::numeric, 1)::double precision"
	}
	applies := "CASE WHEN v.den > 0 THEN " + weight + " ELSE 0 END"
	score := fmt.Sprintf(round, "100.0 * SUM(CASE WHEN v.den > 0 THEN "+weight+" * "+least+" ELSE 0 END) / SUM("+applies+")")
	q := `UPDATE oversight_months SET score = (
		SELECT CASE WHEN SUM(` + applies + `) = 0 THEN NULL ELSE ` + score + ` END
		FROM oversight_values v WHERE v.org_id = oversight_months.org_id AND v.month = oversight_months.month)
		WHERE province_id = ?`
	// The weights appear three times in the statement.
	all := append(append(append([]any{}, args...), args...), args...)
	_, err := s.q.Exec(ctx, q, append(all, provinceID)...)
	return err
}
