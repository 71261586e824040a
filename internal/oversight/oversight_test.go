package oversight_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"math"
	"strings"
	"testing"
	"time"

	"nghisu/internal/app"
	"nghisu/internal/auth"
	"nghisu/internal/config"
	"nghisu/internal/db"
	"nghisu/internal/model"
	"nghisu/internal/oversight"
	"nghisu/internal/store"
	"nghisu/internal/testutil"
	"nghisu/internal/vntext"
)

// record builds a commune's record by hand, writing each thing at the time
// it happened, so that every indicator's count is known.
type record struct {
	t     *testing.T
	ctx   context.Context
	a     *app.App
	st    *store.Store
	clock *testutil.Clock
	prov  *model.Org
	c     *model.Org
	bch   *model.Body
	btv   *model.Body
	// people: bch[0] chairs, bch[1] takes minutes, bch[0..2] sit on the BTV.
	people []*model.Person
}

// vn is a time in Vietnam.
func vn(y int, m time.Month, d, h int) time.Time { return testutil.VNAt(y, m, d, h) }

func (r *record) at(t time.Time) { r.clock.Advance(t.Sub(r.clock.Now())) }

func (r *record) must(err error) {
	r.t.Helper()
	if err != nil {
		r.t.Fatal(err)
	}
}

func newRecord(t *testing.T, d *db.DB) *record {
	clock := testutil.NewClock(vn(2025, 8, 1, 9))
	a, err := app.New(config.Config{MaxUploadMB: 2}, d, slog.New(slog.NewTextHandler(io.Discard, nil)), clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(a.Close)
	r := &record{t: t, ctx: context.Background(), a: a, st: a.Store, clock: clock}
	r.prov = &model.Org{Kind: model.OrgProvince, Name: "Đảng bộ tỉnh Thử", Place: "Thử"}
	r.must(r.st.CreateOrg(r.ctx, r.prov))
	r.c = &model.Org{ParentID: r.prov.ID, Kind: model.OrgCommune, Unit: model.UnitCommune, Name: "Đảng bộ xã Thử Nghiệm", Place: "Thử Nghiệm"}
	r.must(r.st.CreateOrg(r.ctx, r.c))
	start := model.Date{Year: 2025, Month: time.August, Day: 1}
	term := &model.Term{OrgID: r.c.ID, Name: "2025–2030", StartsOn: start}
	r.must(r.st.CreateTerm(r.ctx, term))
	r.bch = &model.Body{OrgID: r.c.ID, TermID: term.ID, Kind: model.BodyCommittee}
	r.btv = &model.Body{OrgID: r.c.ID, TermID: term.ID, Kind: model.BodyStanding}
	r.must(r.st.CreateBody(r.ctx, r.bch))
	r.must(r.st.CreateBody(r.ctx, r.btv))
	r.bch.Org, r.btv.Org = r.c, r.c
	// Six incumbent members and one exempted one, who is not in the base.
	for i, name := range []string{"Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em", "Võ Thị Giang", "Đặng Văn Hải"} {
		p := &model.Person{OrgID: r.c.ID, FullName: name}
		r.must(r.st.CreatePerson(r.ctx, p))
		r.people = append(r.people, p)
		status := model.StatusIncumbent
		if i == 6 {
			status = model.StatusExempted
		}
		r.must(r.st.AddMembership(r.ctx, &model.Membership{BodyID: r.bch.ID, PersonID: p.ID, Status: status, StartedOn: start}))
		if i < 3 {
			r.must(r.st.AddMembership(r.ctx, &model.Membership{BodyID: r.btv.ID, PersonID: p.ID, Status: model.StatusIncumbent, StartedOn: start}))
		}
	}
	return r
}

// meeting schedules a meeting at a time and walks it to state.
func (r *record) meeting(b *model.Body, kind model.MeetingKind, at time.Time, state model.MeetingState) *model.Meeting {
	r.t.Helper()
	r.at(at.AddDate(0, 0, -20))
	m := &model.Meeting{BodyID: b.ID, Kind: kind, Title: "Hội nghị " + vntext.Date(at), StartsAt: at.UTC(), Month: at.Format("2006-01"),
		ChairID: r.people[0].ID, SecretaryID: r.people[1].ID, Guests: []string{}, State: model.StateDraft}
	r.must(r.st.CreateMeeting(r.ctx, m, 0))
	path := []model.MeetingState{model.StateDraft, model.StatePreparing}
	switch state {
	case model.StatePostponed:
		path = append(path, model.StatePostponed)
	case model.StateClosed:
		if b.Kind == model.BodyCommittee {
			path = append(path, model.StateReview)
		}
		path = append(path, model.StateApproved, model.StateConvened, model.StateInSession, model.StateAdjourned, model.StateSigned, model.StateClosed)
	}
	for i := 1; i < len(path); i++ {
		r.must(r.st.SetMeetingState(r.ctx, &model.Transition{MeetingID: m.ID, From: path[i-1], To: path[i], Username: "test"}))
	}
	m.State, m.Body = state, b
	return m
}

func (r *record) send(m *model.Meeting, people []*model.Person, at time.Time) {
	for _, p := range people {
		r.must(r.st.AddCirculation(r.ctx, model.Circulation{MeetingID: m.ID, PersonID: p.ID, Role: "member", SentAt: at.UTC()}))
	}
}

func (r *record) roll(m *model.Meeting, statuses ...model.AttendanceStatus) {
	for i, s := range statuses {
		r.must(r.st.SetAttendance(r.ctx, &model.Attendance{MeetingID: m.ID, PersonID: r.people[i].ID, Status: s, Reason: "công tác"}))
	}
}

func (r *record) item(m *model.Meeting, pos int, kind model.ItemKind, voted bool, areas ...model.Area) {
	it := &model.AgendaItem{MeetingID: m.ID, Position: pos, Title: "Mục " + string(rune('A'+pos)), Kind: kind, Areas: areas}
	r.must(r.st.AddItem(r.ctx, it))
	if voted {
		p := &model.Poll{MeetingID: m.ID, ItemID: it.ID, Title: it.Title, DecisionKind: model.DecideOrdinary, Method: model.MethodOpen, Base: 6, Present: 5}
		r.must(r.st.CreatePoll(r.ctx, p))
		yes := true
		p.For, p.Passed = 5, &yes
		r.must(r.st.ClosePoll(r.ctx, p))
	}
}

func (r *record) question(m *model.Meeting, state model.QuestionState, answered *time.Time, due model.Date, satisfied *bool) {
	q := &model.Question{OrgID: r.c.ID, MeetingID: m.ID, AskerID: r.people[3].ID, Addressee: model.Addressee("standing"),
		Text: "Câu hỏi", AskedAt: m.StartsAt, State: state, AnsweredAt: answered, AnswerDue: due, Satisfied: satisfied}
	if answered != nil {
		q.Answer = "Trả lời"
	}
	r.must(r.st.AddQuestion(r.ctx, q))
	q.AnsweredAt, q.AnswerDue, q.Satisfied, q.State = answered, due, satisfied, state
	r.must(r.st.UpdateQuestion(r.ctx, q))
}

func (r *record) task(due model.Date, done *time.Time, cancelled bool) {
	r.at(vn(2026, 1, 5, 9))
	t := &model.Task{CommuneID: r.c.ID, Title: "Nhiệm vụ " + due.String(), Subject: "việc", Owner: model.Owner{Kind: model.OwnerBody, ID: r.bch.ID, Name: "BCH"},
		StartOn: model.Date{Year: 2026, Month: 1, Day: 5}, DueOn: due, Expected: "xong", SourceText: ""}
	r.must(r.st.CreateTask(r.ctx, t))
	if done != nil {
		r.at(*done)
		r.must(r.st.AddTaskEvent(r.ctx, &model.TaskEvent{TaskID: t.ID, Kind: "report", Status: model.TaskDone, Percent: 100, ByName: "test"}))
		t.Reported, t.Percent = model.TaskDone, 100
		r.must(r.st.UpdateTask(r.ctx, t))
	}
	if cancelled {
		r.must(r.st.AddTaskEvent(r.ctx, &model.TaskEvent{TaskID: t.ID, Kind: "close", Status: model.TaskCancelled, ByName: "test"}))
		t.Reported = model.TaskCancelled
		r.must(r.st.UpdateTask(r.ctx, t))
	}
}

func ptr[T any](v T) *T { return &v }

// TestIndicatorsOfAHandBuiltMonth builds February 2026 of one commune by
// hand and checks every indicator's count and base, the score and its
// formula, and the month before the first meeting not being judged.
func TestIndicatorsOfAHandBuiltMonth(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		r := newRecord(t, d)
		ctx := r.ctx
		// December: a BCH meeting, nothing else (so January is judged and
		// has none).
		r.meeting(r.bch, model.MeetingRegular, vn(2025, 12, 9, 8), model.StateClosed)

		// February. The BTV meets on the 2nd, papers the day before (its
		// setting: 1 day), all three here.
		b1 := r.meeting(r.btv, model.MeetingStanding, vn(2026, 2, 2, 8), model.StateClosed)
		r.send(b1, r.people[:3], vn(2026, 2, 1, 15))
		r.roll(b1, model.AttendPresent, model.AttendPresent, model.AttendPresent)
		// The BCH meets on the 10th; the last papers went out on the 8th,
		// one day after the 3-day deadline (the 7th).
		m1 := r.meeting(r.bch, model.MeetingRegular, vn(2026, 2, 10, 8), model.StateClosed)
		r.send(m1, r.people[:5], vn(2026, 2, 6, 9))
		r.send(m1, r.people[5:6], vn(2026, 2, 8, 9))
		// Five of six incumbents here (one late), one excused.
		r.roll(m1, model.AttendPresent, model.AttendPresent, model.AttendLate, model.AttendPresent, model.AttendLeftEarly, model.AttendExcused)
		// Five of the seven areas; two decisions, one voted.
		r.item(m1, 1, model.ItemReport, false, model.AreaGuidelines, model.AreaEconomy)
		r.item(m1, 2, model.ItemDecision, true, model.AreaFront, model.AreaBuilding)
		r.item(m1, 3, model.ItemDecision, false, model.AreaInspection)
		// Questions: answered in the meeting (satisfied); promised by 5 March
		// and not answered (late); promised by 20 March (not yet due);
		// withdrawn.
		r.question(m1, model.QuestionAnswered, ptr(m1.StartsAt.Add(time.Hour)), model.Date{}, ptr(true))
		r.question(m1, model.QuestionPromised, nil, model.Date{Year: 2026, Month: 3, Day: 5}, nil)
		r.question(m1, model.QuestionPromised, nil, model.Date{Year: 2026, Month: 3, Day: 20}, nil)
		r.question(m1, model.QuestionClosed, nil, model.Date{}, nil)
		// A thematic BCH meeting postponed.
		r.meeting(r.bch, model.MeetingThematic, vn(2026, 2, 20, 8), model.StatePostponed)
		// Minutes of the BCH meeting signed on the 20th: ten days, late.
		r.at(vn(2026, 2, 20, 16))
		r.must(r.a.Record.Seal(ctx, r.st, m1, "Biên bản hội nghị.\nI. THÀNH PHẦN\nCó mặt 5/6.\n"))
		// Tasks due in February: on time, done late, not done, cancelled.
		r.task(model.Date{Year: 2026, Month: 2, Day: 15}, ptr(vn(2026, 2, 14, 10)), false)
		r.task(model.Date{Year: 2026, Month: 2, Day: 20}, ptr(vn(2026, 2, 25, 10)), false)
		r.task(model.Date{Year: 2026, Month: 2, Day: 28}, nil, false)
		r.task(model.Date{Year: 2026, Month: 2, Day: 27}, nil, true)
		// Targets for 2026: 2 of 12 by January (on track at February's end,
		// 2/12 of the year gone); 0 of 10 by February (behind).
		r.at(vn(2026, 1, 3, 9))
		for _, tg := range []struct {
			value   float64
			period  string
			reached float64
		}{{12, "2026-01", 2}, {10, "2026-02", 0}} {
			x := &model.Target{OrgID: r.c.ID, Name: "Chỉ tiêu", Unit: "hộ", Value: tg.value, Direction: model.Increase,
				PeriodKind: model.PeriodYear, Period: "2026", Owner: model.Owner{Kind: model.OwnerOrg, ID: r.c.ID}}
			r.must(r.st.CreateTarget(ctx, x))
			r.must(r.st.AddTargetValue(ctx, &model.TargetValue{TargetID: x.ID, Period: tg.period, Value: tg.reached}))
		}
		// A written opinion collection on the 12th.
		r.at(vn(2026, 2, 12, 9))
		r.must(r.st.CreateOpinion(ctx, &model.OpinionRequest{BodyID: r.bch.ID, Title: "Xin ý kiến", Question: "Đồng ý?",
			DecisionKind: model.DecideOrdinary, Deadline: vn(2026, 2, 15, 17), State: model.OpinionClosed, Base: 6}))

		r.at(vn(2026, 3, 10, 9))
		admin := auth.System()
		v, err := r.a.Oversight.Month(ctx, admin, r.c.ID, "2026-02")
		if err != nil {
			t.Fatal(err)
		}
		want := oversight.Facts{
			oversight.CommitteeHeld: {1, 1}, oversight.StandingHeld: {1, 1}, oversight.Cancelled: {1, 1}, oversight.OpinionsWritten: {1, 1},
			oversight.PapersOnTime: {1, 2}, oversight.StandingReview: {1, 1}, oversight.AreasCovered: {5, 7},
			oversight.Attendance: {8, 9}, oversight.Quorum: {2, 2}, oversight.DecisionsVoted: {1, 2},
			// The BCH's minutes were signed late; the BTV's were never signed.
			oversight.MinutesTimely: {0, 2}, oversight.ChainVerified: {1, 1},
			oversight.QuestionsAsked: {3, 1}, oversight.QuestionsTimely: {1, 2}, oversight.QuestionsSatisfied: {1, 1},
			oversight.TasksDue: {3, 1}, oversight.TasksOnTime: {1, 3}, oversight.TasksLate: {2, 1},
			oversight.TargetsOnTrack: {1, 2},
		}
		for _, in := range oversight.Indicators {
			if got := v.Facts[in.Code]; got != want[in.Code] {
				t.Errorf("%s: got %v, want %v", in.Code, got, want[in.Code])
			}
		}
		// 100 × (3 + 2×½ + 1 + 2×5/7 + 8/9 + 1 + 2×½ + 0 + 1 + ½ + 1 + 2×⅓ + ½) / 20
		wantScore := 100 * (3 + 1 + 1 + 10.0/7 + 8.0/9 + 1 + 1 + 0 + 1 + 0.5 + 1 + 2.0/3 + 0.5) / 20
		if !v.Score.OK || math.Abs(v.Score.Value-wantScore) > 1e-9 {
			t.Errorf("score %v, want %v (%s)", v.Score.Value, wantScore, v.Score.Formula())
		}
		// The evidence names the late papers' meeting with its dates.
		var late *oversight.Evidence
		for i, e := range v.Evidence[oversight.PapersOnTime] {
			if !e.OK {
				late = &v.Evidence[oversight.PapersOnTime][i]
			}
		}
		if late == nil || late.ID != m1.ID || late.Due.String() != "2026-02-07" || late.Done.String() != "2026-02-08" {
			t.Errorf("late papers evidence: %+v", late)
		}

		// January: judged (December had a meeting), no BCH meeting: 0 of 1;
		// the first target's January value is on track: 100 × (3×0 + 1×1) / 4.
		jan, err := r.a.Oversight.Month(ctx, admin, r.c.ID, "2026-01")
		if err != nil {
			t.Fatal(err)
		}
		if !jan.Judged || jan.Facts[oversight.CommitteeHeld] != (oversight.Value{0, 1}) || jan.Facts[oversight.TargetsOnTrack] != (oversight.Value{1, 1}) ||
			!jan.Score.OK || jan.Score.Value != 25 {
			t.Errorf("January: %+v %+v", jan.Facts[oversight.CommitteeHeld], jan.Score)
		}
		// November, before the first meeting: not judged.
		if nov, err := r.a.Oversight.Month(ctx, admin, r.c.ID, "2025-11"); err != nil || nov.Judged {
			t.Errorf("November: %v %v", nov, err)
		}

		// The snapshot says the same as the live computation.
		r.must(r.a.Oversight.RefreshAll(ctx, "", ""))
		cv, err := r.a.Oversight.Commune(ctx, admin, r.c.ID, oversight.Period{From: "2025-12", To: "2026-03"})
		if err != nil {
			t.Fatal(err)
		}
		if s := cv.Scores[2]; !s.Has || math.Abs(s.Value-math.Round(wantScore*10)/10) > 1e-9 {
			t.Errorf("snapshot score of February: %+v, want %.1f", s, wantScore)
		}
		for _, row := range cv.Rows {
			if c := row.Cells[2]; (oversight.Value{c.Num, c.Den}) != want[row.Indicator.Code] {
				t.Errorf("snapshot %s: %d/%d, want %v", row.Indicator.Code, c.Num, c.Den, want[row.Indicator.Code])
			}
		}
		// New weights rescore the snapshot at once, from its stored counts.
		w := oversight.DefaultWeights()
		w[oversight.CommitteeHeld], w[oversight.TasksOnTime], w[oversight.ChainVerified] = 5, 0, 0
		r.must(r.a.Oversight.SaveSettings(ctx, admin, r.prov.ID, w, 7))
		again, err := r.a.Oversight.Commune(ctx, admin, r.c.ID, oversight.Period{From: "2025-12", To: "2026-03"})
		if err != nil {
			t.Fatal(err)
		}
		for i, month := range []string{"2025-12", "2026-01", "2026-02"} {
			live, err := r.a.Oversight.Month(ctx, admin, r.c.ID, month)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := again.Scores[i], math.Round(live.Score.Value*10)/10; !got.Has || math.Abs(got.Value-want) > 1e-9 {
				t.Errorf("%s rescored to %+v, live under the new weights %.1f (%s)", month, got, want, live.Score.Formula())
			}
		}
		if err := r.a.Oversight.SaveSettings(ctx, admin, r.prov.ID, oversight.DefaultWeights(), 7); err != nil {
			t.Fatal(err)
		}

		// March is under way: no BCH meeting yet is not a failure yet.
		if c := cv.Rows[0].Cells[3]; c.Den != 0 {
			t.Errorf("March's committee_held judged before the month ended: %+v", c)
		}

		// The report of December–February names the commune under the
		// shortcomings its numbers show: papers 1 of 3 meetings on time
		// (December's had none recorded), minutes 0 of 3.
		period := oversight.Period{From: "2025-12", To: "2026-02"}
		rep, err := r.a.Oversight.Report(ctx, admin, r.prov.ID, period)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Communes != 1 || rep.Scored != 1 {
			t.Errorf("report counts: %d communes, %d scored", rep.Communes, rep.Scored)
		}
		found := map[oversight.Code]oversight.Value{}
		for _, sh := range rep.Shortcomings {
			for _, f := range sh.Communes {
				found[sh.Code] = f.Value
			}
		}
		for code, want := range map[oversight.Code]oversight.Value{oversight.PapersOnTime: {1, 3}, oversight.MinutesTimely: {0, 3},
			oversight.DecisionsVoted: {1, 2}, oversight.TasksOnTime: {1, 3}, oversight.CommitteeHeld: {2, 3},
			// December's program was empty: 5 of 14 areas over the two meetings.
			oversight.AreasCovered: {5, 14}} {
			if found[code] != want {
				t.Errorf("report shortcoming %s: %v, want %v", code, found[code], want)
			}
		}
		body := rep.Body()
		for _, want := range []string{"Gửi tài liệu hội nghị đến ủy viên chậm", "xã Thử Nghiệm (1/3)", "IV. PHƯƠNG HƯỚNG"} {
			if !strings.Contains(body, want) {
				t.Errorf("report body lacks %q:\n%s", want, body)
			}
		}
		// The directions: empty is refused; saved ones replace the
		// suggestion and go into the text.
		if err := r.a.Oversight.SaveDirections(ctx, admin, r.prov.ID, period, "  "); testutil.FieldOf(err) != "directions" {
			t.Errorf("empty directions: %v", err)
		}
		r.must(r.a.Oversight.SaveDirections(ctx, admin, r.prov.ID, period, "- Chấn chỉnh việc gửi tài liệu."))
		rep, err = r.a.Oversight.Report(ctx, admin, r.prov.ID, period)
		if err != nil || !rep.DirectionsSaved || !strings.Contains(rep.Body(), "- Chấn chỉnh việc gửi tài liệu.") {
			t.Errorf("saved directions: %v %v", rep.DirectionsSaved, err)
		}
		for _, format := range []string{"pdf", "docx"} {
			var buf bytes.Buffer
			name, err := r.a.Oversight.ReportFile(ctx, rep, format, &buf)
			if err != nil || buf.Len() < 1000 || !strings.HasSuffix(name, "."+format) {
				t.Errorf("%s: %s, %d bytes, %v", format, name, buf.Len(), err)
			}
		}
	})
}
