package opinion_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"nghisu/internal/auth"
	"nghisu/internal/db"
	"nghisu/internal/model"
	"nghisu/internal/opinion"
	"nghisu/internal/rules"
	"nghisu/internal/store"
	"nghisu/internal/testutil"
)

var ctx = context.Background()

// fixture is the demo's Mỹ Tho with its 31-member BCH: 28 incumbent
// members (the base) and 3 who are not (2 transferred, 1 exempted).
type fixture struct {
	srv *testutil.Server
	svc *opinion.Service
	st  *store.Store
	bch *model.Body
	btv *model.Body
	sec *auth.Actor // bithu.mytho, who asks
	// incumbents are the 28 incumbent members, the demo accounts first
	// (bithu, pbtt, btv, uv); others the 3 who are not incumbent.
	incumbents []int64
	others     []int64
	mu         sync.Mutex
	actors     map[int64]*auth.Actor
}

func setup(t *testing.T, d *db.DB) *fixture {
	t.Helper()
	srv := testutil.NewServer(t, d)
	f := &fixture{srv: srv, svc: srv.App.Opinions, st: srv.App.Store, actors: map[int64]*auth.Actor{},
		bch: srv.Body(t, "Mỹ Tho", model.BodyCommittee), btv: srv.Body(t, "Mỹ Tho", model.BodyStanding),
		sec: srv.Actor(t, "bithu.mytho")}
	first := []int64{}
	for _, u := range []string{"bithu.mytho", "pbtt.mytho", "btv.mytho", "uv.mytho"} {
		a := srv.Actor(t, u)
		f.actors[a.Account.PersonID] = a
		first = append(first, a.Account.PersonID)
	}
	members, err := f.st.BodyMembers(ctx, f.bch.ID, false)
	if err != nil {
		t.Fatal(err)
	}
	f.incumbents = append(f.incumbents, first...)
	for _, m := range members {
		switch {
		case m.Status != model.StatusIncumbent:
			f.others = append(f.others, m.PersonID)
		case !slices.Contains(first, m.PersonID):
			f.incumbents = append(f.incumbents, m.PersonID)
		}
	}
	if len(f.incumbents) != 28 || len(f.others) != 3 {
		t.Fatalf("BCH: %d incumbent, %d others; want 28, 3", len(f.incumbents), len(f.others))
	}
	return f
}

// actor is a Mỹ Tho person's actor, with an account made for them when
// they have none (most BCH members of the demo have none).
func (f *fixture) actor(t testing.TB, personID int64) *auth.Actor {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	if a, ok := f.actors[personID]; ok {
		return a
	}
	acc, err := f.st.AccountByPerson(ctx, personID)
	if errors.Is(err, model.ErrNotFound) {
		acc = &model.Account{Username: fmt.Sprintf("dv%d.mytho", personID), PersonID: personID,
			OrgID: f.bch.OrgID, Role: model.RoleMember, PasswordHash: "-"}
		err = f.st.CreateAccount(ctx, acc)
	}
	if err != nil {
		t.Fatal(err)
	}
	a, err := f.srv.App.Auth.Actor(ctx, acc, "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	f.actors[personID] = a
	return a
}

// ask sends the BCH a request of kind due in d.
func (f *fixture) ask(t testing.TB, kind model.DecisionKind, d time.Duration) *model.OpinionRequest {
	t.Helper()
	o, err := f.svc.Create(ctx, f.sec, f.bch.ID, model.OpinionInput{Title: "Chủ trương sửa chữa trụ sở Đảng ủy",
		Question:     "Đề nghị các đồng chí cho ý kiến về chủ trương sửa chữa trụ sở làm việc của Đảng ủy phường.",
		DecisionKind: kind, Deadline: f.srv.Clock.Now().Add(d)}, nil)
	if err != nil {
		t.Fatalf("ask %s: %v", kind, err)
	}
	return o
}

func (f *fixture) answer(t testing.TB, id, personID int64, answer, comment string) {
	t.Helper()
	if _, err := f.svc.Answer(ctx, f.actor(t, personID), id, model.OpinionReply{Answer: answer, Comment: comment}); err != nil {
		t.Fatalf("answer %s by %d: %v", answer, personID, err)
	}
}

func (f *fixture) get(t testing.TB, id int64) *opinion.Request {
	t.Helper()
	r, err := f.svc.Get(ctx, f.sec, id)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// runJobs runs every job due now, as the runner would.
func (f *fixture) runJobs(t testing.TB) {
	t.Helper()
	if _, err := f.srv.App.Jobs.RunDue(ctx); err != nil {
		t.Fatal(err)
	}
}

// count counts rows of a table.
func count(t testing.TB, d *db.DB, table string) int {
	t.Helper()
	var n int
	if err := d.QueryRow(ctx, "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// The result counts "agree" against every incumbent member (28), never
// against those who answered, and closes by itself at the deadline.
func TestResults(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		cases := []struct {
			kind            model.DecisionKind
			agree, disagree int
			other           int
			passed          bool
		}{
			{model.DecideOrdinary, 15, 0, 0, true},   // 15 of 28, nobody else answering: more than half
			{model.DecideOrdinary, 14, 0, 0, false},  // 14 of 28 is half, not more
			{model.DecideOrdinary, 14, 1, 1, false},  // 14 of 16 answering is still 14 of 28
			{model.DecideOrdinary, 15, 10, 3, true},  // everyone answered
			{model.DecideAdmission, 19, 0, 0, true},  // 19 ≥ 2/3 of 28 (18.67)
			{model.DecideAdmission, 18, 5, 5, false}, // 18 < 2/3 of 28
		}
		for _, c := range cases {
			o := f.ask(t, c.kind, 3*time.Hour)
			if o.Base != 28 {
				t.Fatalf("base %d, want 28", o.Base)
			}
			i := 0
			for _, n := range []struct {
				answer string
				k      int
			}{{opinion.Agree, c.agree}, {opinion.Disagree, c.disagree}, {opinion.Other, c.other}} {
				for j := 0; j < n.k; j++ {
					f.answer(t, o.ID, f.incumbents[i], n.answer, "Ý kiến cụ thể.")
					i++
				}
			}
			r := f.get(t, o.ID)
			if r.PassingNow != c.passed || r.Agree != c.agree || r.Answered != i {
				t.Errorf("%s %d/%d/%d: passing %t, %d agree, %d answered", c.kind, c.agree, c.disagree, c.other,
					r.PassingNow, r.Agree, r.Answered)
			}
			f.srv.Clock.Advance(3*time.Hour + time.Minute)
			f.runJobs(t)
			r = f.get(t, o.ID)
			if r.State != model.OpinionClosed || r.Passed == nil || *r.Passed != c.passed || r.ClosedAt == nil {
				t.Errorf("%s %d agree after the deadline: state %s, passed %v", c.kind, c.agree, r.State, r.Passed)
			}
		}
	})
}

// Secret-ballot kinds, past deadlines and empty fields are refused with a
// message per field, and nothing is written.
func TestCreateRefusals(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		now := f.srv.Clock.Now()
		good := model.OpinionInput{Title: "Sửa chữa trụ sở", Question: "Đồng chí có đồng ý không?",
			DecisionKind: model.DecideOrdinary, Deadline: now.Add(48 * time.Hour)}
		with := func(change func(*model.OpinionInput)) model.OpinionInput { in := good; change(&in); return in }
		cases := []struct {
			name       string
			in         model.OpinionInput
			field, key string
		}{
			{"election", with(func(in *model.OpinionInput) { in.DecisionKind = model.DecideElection }), "decision_kind", "opinion.secret_kind"},
			{"nomination", with(func(in *model.OpinionInput) { in.DecisionKind = model.DecideNomination }), "decision_kind", "opinion.secret_kind"},
			{"confidence", with(func(in *model.OpinionInput) { in.DecisionKind = model.DecideConfidence }), "decision_kind", "opinion.secret_kind"},
			{"personnel, secret by default", with(func(in *model.OpinionInput) { in.DecisionKind = model.DecidePersonnel }), "decision_kind", "opinion.secret_kind"},
			{"unknown kind", with(func(in *model.OpinionInput) { in.DecisionKind = "whim" }), "decision_kind", "vote.kind_invalid"},
			{"deadline past", with(func(in *model.OpinionInput) { in.Deadline = now.Add(-time.Minute) }), "deadline", "opinion.deadline_past"},
			{"deadline now", with(func(in *model.OpinionInput) { in.Deadline = now }), "deadline", "opinion.deadline_past"},
			{"deadline far", with(func(in *model.OpinionInput) { in.Deadline = now.AddDate(0, 3, 0) }), "deadline", "opinion.deadline_far"},
			{"no deadline", with(func(in *model.OpinionInput) { in.Deadline = time.Time{} }), "deadline", "field.required"},
			{"no title", with(func(in *model.OpinionInput) { in.Title = " \t" }), "title", "field.required"},
			{"no question", with(func(in *model.OpinionInput) { in.Question = "" }), "question", "field.required"},
		}
		tables := []string{"opinion_requests", "notices WHERE link LIKE '/opinions/%'", "jobs WHERE kind LIKE '%opinion%' AND kind <> 'opinions.close'"}
		before := map[string]int{} // the demo's own requests
		for _, table := range tables {
			before[table] = count(t, d, table)
		}
		for _, c := range cases {
			_, err := f.svc.Create(ctx, f.sec, f.bch.ID, c.in, nil)
			if testutil.FieldOf(err) != c.field || testutil.FieldKey(err) != c.key {
				t.Errorf("%s: %v (field %q, key %q), want %s %s", c.name, err, testutil.FieldOf(err), testutil.FieldKey(err), c.field, c.key)
			}
		}
		// A member who does not prepare, and the inspection committee.
		if _, err := f.svc.Create(ctx, f.srv.Actor(t, "uv.mytho"), f.bch.ID, good, nil); !errors.Is(err, model.ErrForbidden) {
			t.Errorf("a plain member asks: %v", err)
		}
		ubkt := f.srv.Body(t, "Mỹ Tho", model.BodyInspection)
		if _, err := f.svc.Create(ctx, f.sec, ubkt.ID, good, nil); testutil.RefusalKey(err) != "opinion.body_kind" {
			t.Errorf("the UBKT: %v", err)
		}
		for _, table := range tables {
			if n := count(t, d, table); n != before[table] {
				t.Errorf("%s: %d rows after refusals, %d before", table, n, before[table])
			}
		}
		// With the commune's setting opening other personnel decisions,
		// they may be decided in writing.
		if err := f.srv.App.Org.SetSettings(ctx, f.sec, f.bch.OrgID, map[string]string{rules.PersonnelSecret.Key: "0"}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Create(ctx, f.sec, f.bch.ID, with(func(in *model.OpinionInput) { in.DecisionKind = model.DecidePersonnel }), nil); err != nil {
			t.Errorf("personnel with the open setting: %v", err)
		}
		kinds, err := f.svc.Kinds(ctx, f.bch)
		if err != nil || !slices.Equal(kinds, []model.DecisionKind{model.DecideOrdinary, model.DecideAdmission, model.DecidePersonnel}) {
			t.Errorf("kinds offered: %v %v", kinds, err)
		}
	})
}

// The file sent with a request is checked by its content: a file whose
// extension lies is refused beside the file field and nothing is written.
func TestFile(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		in := model.OpinionInput{Title: "Tờ trình sửa chữa trụ sở", Question: "Đề nghị cho ý kiến theo tờ trình kèm theo.",
			DecisionKind: model.DecideOrdinary, Deadline: f.srv.Clock.Now().Add(72 * time.Hour)}
		files, requests := count(t, d, "files"), count(t, d, "opinion_requests")
		for name, data := range map[string]string{
			"to-trinh.pdf":  "<html><script>alert(1)</script></html>",
			"to-trinh.docx": "%PDF-1.4\n",
			"trang.html":    "<html></html>",
			"rong.pdf":      "",
		} {
			_, err := f.svc.Create(ctx, f.sec, f.bch.ID, in, &opinion.Upload{Name: name, Data: []byte(data)})
			if testutil.FieldOf(err) != "file" {
				t.Errorf("%s: %v", name, err)
			}
		}
		if n := count(t, d, "files"); n != files {
			t.Errorf("files: %d, was %d", n, files)
		}
		if n := count(t, d, "opinion_requests"); n != requests {
			t.Errorf("requests written: %d", n-requests)
		}
		pdf := []byte("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")
		o, err := f.svc.Create(ctx, f.sec, f.bch.ID, in, &opinion.Upload{Name: "Tờ trình số 12.pdf", Data: pdf})
		if err != nil {
			t.Fatal(err)
		}
		file, data, err := f.svc.File(ctx, f.srv.Actor(t, "uv.mytho"), o.ID)
		if err != nil || file.ContentType != "application/pdf" || string(data) != string(pdf) || file.Name != "Tờ trình số 12.pdf" {
			t.Fatalf("file: %+v %v", file, err)
		}
		if _, _, err := f.svc.File(ctx, f.srv.Actor(t, "bithu.caolanh"), o.ID); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("another commune reads the file: %v", err)
		}
	})
}

// Who may answer, and until when; a changed answer counts once.
func TestAnswers(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		o := f.ask(t, model.DecideOrdinary, 48*time.Hour)
		uv := f.incumbents[3]

		f.answer(t, o.ID, uv, opinion.Agree, "")
		f.srv.Clock.Advance(time.Hour)
		f.answer(t, o.ID, uv, opinion.Disagree, "Đề nghị cân nhắc kinh phí.")
		r := f.get(t, o.ID)
		if r.Answered != 1 || r.Agree != 0 || r.Disagree != 1 || len(r.Answers) != 1 || r.Answers[0].Comment != "Đề nghị cân nhắc kinh phí." {
			t.Fatalf("changed answer: %d answered, %d agree, %d disagree, %+v", r.Answered, r.Agree, r.Disagree, r.Answers)
		}
		if len(r.Silent) != 27 || slices.ContainsFunc(r.Silent, func(p model.Person) bool { return p.ID == uv }) {
			t.Errorf("silent: %d", len(r.Silent))
		}
		mine, err := f.svc.Get(ctx, f.actor(t, uv), o.ID)
		if err != nil || mine.Mine == nil || mine.Mine.Answer != opinion.Disagree || !mine.CanAnswer || mine.CanManage {
			t.Errorf("the member's view: %+v %v", mine, err)
		}

		// Bad answers change nothing.
		for _, c := range []struct {
			in    model.OpinionReply
			field string
		}{
			{model.OpinionReply{Answer: "maybe"}, "answer"},
			{model.OpinionReply{Answer: opinion.Other, Comment: "  "}, "comment"},
			{model.OpinionReply{Answer: opinion.Agree, Comment: strings.Repeat("ý", 5001)}, "comment"},
		} {
			if _, err := f.svc.Answer(ctx, f.actor(t, uv), o.ID, c.in); testutil.FieldOf(err) != c.field {
				t.Errorf("%+v: %v", c.in, err)
			}
		}
		if r := f.get(t, o.ID); r.Disagree != 1 || r.Answered != 1 {
			t.Errorf("after bad answers: %d disagree", r.Disagree)
		}

		// Not a member, not incumbent, or not a member when it was sent.
		vp := f.srv.Actor(t, "vp.mytho")
		for name, a := range map[string]*auth.Actor{
			"office (not a member)": vp,
			"transferred member":    f.actor(t, f.others[0]),
			"province":              f.srv.Actor(t, "tinhuy"),
		} {
			if _, err := f.svc.Answer(ctx, a, o.ID, model.OpinionReply{Answer: opinion.Agree}); !errors.Is(err, model.ErrForbidden) {
				t.Errorf("%s answers: %v", name, err)
			}
		}
		if _, err := f.srv.App.Org.AddMember(ctx, f.sec, f.bch.ID, model.MembershipInput{PersonID: vp.Account.PersonID,
			Status: model.StatusIncumbent, StartedOn: f.srv.App.Org.Today()}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Answer(ctx, f.srv.Actor(t, "vp.mytho"), o.ID, model.OpinionReply{Answer: opinion.Agree}); !errors.Is(err, model.ErrForbidden) {
			t.Errorf("a member added after the request answers: %v", err)
		}
		// A member suspended since does not answer either.
		ms, err := f.st.OpenMembership(ctx, f.bch.ID, f.incumbents[5])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.srv.App.Org.ChangeStatus(ctx, f.sec, ms.ID, model.StatusChange{Status: model.StatusSuspended, On: f.srv.App.Org.Today()}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Answer(ctx, f.actor(t, f.incumbents[5]), o.ID, model.OpinionReply{Answer: opinion.Agree}); !errors.Is(err, model.ErrForbidden) {
			t.Errorf("a suspended member answers: %v", err)
		}
		if r := f.get(t, o.ID); r.Base != 28 || len(r.Voters) != 27 {
			t.Errorf("base %d (fixed when sent), %d may answer now", r.Base, len(r.Voters))
		}

		// After the deadline, before the sweep closes it: refused.
		f.srv.Clock.Advance(47 * time.Hour)
		if _, err := f.svc.Answer(ctx, f.actor(t, f.incumbents[0]), o.ID, model.OpinionReply{Answer: opinion.Agree}); testutil.RefusalKey(err) != "opinion.closed" {
			t.Errorf("after the deadline: %v", err)
		}
		f.runJobs(t)
		if _, err := f.svc.Answer(ctx, f.actor(t, uv), o.ID, model.OpinionReply{Answer: opinion.Agree}); testutil.RefusalKey(err) != "opinion.closed" {
			t.Errorf("after the close: %v", err)
		}
		if r := f.get(t, o.ID); r.State != model.OpinionClosed || r.Agree != 0 || *r.Passed {
			t.Errorf("closed: %s, %d agree, passed %v", r.State, r.Agree, *r.Passed)
		}
	})
}

// A preparer closes early only when everyone has answered.
func TestClose(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		o := f.ask(t, model.DecideOrdinary, 72*time.Hour)
		// 27 members answer at once (each answer takes the request's lock).
		var wg sync.WaitGroup
		for _, p := range f.incumbents[:27] {
			a := f.actor(t, p)
			wg.Go(func() {
				if _, err := f.svc.Answer(ctx, a, o.ID, model.OpinionReply{Answer: opinion.Agree}); err != nil {
					t.Errorf("answer by %d: %v", p, err)
				}
			})
		}
		wg.Wait()
		if r := f.get(t, o.ID); r.Agree != 27 || len(r.Silent) != 1 {
			t.Fatalf("concurrent answers: %d agree, %d silent", r.Agree, len(r.Silent))
		}
		if _, err := f.svc.Close(ctx, f.sec, o.ID); testutil.RefusalKey(err) != "opinion.close_early" {
			t.Fatalf("early close with one silent: %v", err)
		}
		if r := f.get(t, o.ID); r.CanClose || r.State != model.OpinionOpen {
			t.Errorf("can close: %t, %s", r.CanClose, r.State)
		}
		f.answer(t, o.ID, f.incumbents[27], opinion.Other, "Thống nhất, đề nghị tiết kiệm.")
		if _, err := f.svc.Close(ctx, f.srv.Actor(t, "uv.mytho"), o.ID); !errors.Is(err, model.ErrForbidden) {
			t.Errorf("a member closes: %v", err)
		}
		r, err := f.svc.Close(ctx, f.srv.Actor(t, "vp.mytho"), o.ID)
		if err != nil || r.State != model.OpinionClosed || !*r.Passed || r.Agree != 27 {
			t.Fatalf("close by the office: %+v %v", r, err)
		}
		if _, err := f.svc.Close(ctx, f.sec, o.ID); testutil.RefusalKey(err) != "opinion.already_closed" {
			t.Errorf("close twice: %v", err)
		}
		// The sweep leaves it alone; the asker is told the result.
		f.srv.Clock.Advance(73 * time.Hour)
		f.runJobs(t)
		if r2 := f.get(t, o.ID); !r2.ClosedAt.Equal(*r.ClosedAt) {
			t.Errorf("closed again at %v", r2.ClosedAt)
		}
		ns, err := f.st.Notices(ctx, f.sec.Account.ID, 50)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(ns, func(n model.Notice) bool {
			return strings.Contains(n.Title, "Thông qua (27/28 đồng ý)") && n.Link == opinion.Link(o.ID)
		}) {
			t.Errorf("no result notice for the asker: %+v", ns)
		}
	})
}

// reminders lists the reminder mails queued for a request, by person.
func reminders(t testing.TB, st *store.Store, id int64, tag string) map[int64]int {
	t.Helper()
	js, err := st.JobsByKind(ctx, opinion.MailJob)
	if err != nil {
		t.Fatal(err)
	}
	out := map[int64]int{}
	for _, j := range js {
		var p opinion.MailPayload
		if err := json.Unmarshal([]byte(j.Payload), &p); err != nil {
			t.Fatal(err)
		}
		if p.RequestID == id && p.Reminder && strings.HasSuffix(j.UniqueKey, ":"+tag) {
			out[p.PersonID]++
		}
	}
	return out
}

// noticesTo counts a person's notices about a request whose title holds s.
func noticesTo(t testing.TB, f *fixture, personID, id int64, s string) int {
	t.Helper()
	ns, err := f.st.Notices(ctx, f.actor(t, personID).Account.ID, 100)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, x := range ns {
		if x.Link == opinion.Link(id) && strings.Contains(x.Title, s) {
			n++
		}
	}
	return n
}

// Reminders go to those who have not answered only: by hand at most once
// an hour, and automatically once, 24 hours before the deadline.
func TestReminders(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		// A member who will stay silent, with an account (notices go to
		// accounts; most demo members have none).
		silent := f.incumbents[10]
		f.actor(t, silent)
		o := f.ask(t, model.DecideOrdinary, 72*time.Hour)
		uv, sec := f.incumbents[3], f.incumbents[0]
		if n := noticesTo(t, f, uv, o.ID, "Xin ý kiến bằng văn bản"); n != 1 {
			t.Errorf("uv's notice of the request: %d", n)
		}
		for _, p := range f.incumbents[:3] {
			f.answer(t, o.ID, p, opinion.Agree, "")
		}
		if _, err := f.svc.Remind(ctx, f.srv.Actor(t, "uv.mytho"), o.ID); !errors.Is(err, model.ErrForbidden) {
			t.Errorf("a member reminds: %v", err)
		}
		n, err := f.svc.Remind(ctx, f.sec, o.ID)
		if err != nil || n != 25 {
			t.Fatalf("remind: %d %v", n, err)
		}
		if _, err := f.svc.Remind(ctx, f.sec, o.ID); testutil.RefusalKey(err) != "opinion.reminded_recently" {
			t.Errorf("second press in the hour: %v", err)
		}
		hour := fmt.Sprint(f.srv.Clock.Now().Truncate(time.Hour).Unix())
		sent := reminders(t, f.st, o.ID, hour)
		if len(sent) != 25 || sent[sec] != 0 || sent[uv] != 1 {
			t.Errorf("manual reminders: %d people, to the secretary %d, to uv %d", len(sent), sent[sec], sent[uv])
		}
		if noticesTo(t, f, uv, o.ID, "Nhắc") != 1 || noticesTo(t, f, sec, o.ID, "Nhắc") != 0 {
			t.Errorf("reminder notices: uv %d, secretary %d", noticesTo(t, f, uv, o.ID, "Nhắc"), noticesTo(t, f, sec, o.ID, "Nhắc"))
		}

		// uv answers; 24 hours before the deadline the 24 still silent get
		// one automatic reminder, and never a second.
		f.answer(t, o.ID, uv, opinion.Disagree, "")
		f.srv.Clock.Advance(47 * time.Hour)
		f.runJobs(t)
		if auto := reminders(t, f.st, o.ID, "auto"); len(auto) != 0 {
			t.Fatalf("reminded before the time: %d", len(auto))
		}
		f.srv.Clock.Advance(time.Hour + time.Minute)
		f.runJobs(t)
		auto := reminders(t, f.st, o.ID, "auto")
		if len(auto) != 24 || auto[uv] != 0 || auto[sec] != 0 {
			t.Errorf("automatic reminders: %d people, uv %d", len(auto), auto[uv])
		}
		// Run again (a job may run twice) and later: nobody twice.
		if n, err := f.svc.RemindDue(ctx, o.ID); err != nil || n != 0 {
			t.Errorf("automatic reminder again: %d %v", n, err)
		}
		f.srv.Clock.Advance(time.Hour)
		f.runJobs(t)
		for p, k := range reminders(t, f.st, o.ID, "auto") {
			if k != 1 {
				t.Errorf("person %d reminded %d times", p, k)
			}
		}
		pbtt := f.incumbents[1]
		if noticesTo(t, f, uv, o.ID, "Nhắc") != 1 || noticesTo(t, f, pbtt, o.ID, "Nhắc") != 0 {
			t.Errorf("notices after the automatic reminder: uv %d, pbtt %d", noticesTo(t, f, uv, o.ID, "Nhắc"), noticesTo(t, f, pbtt, o.ID, "Nhắc"))
		}
		if noticesTo(t, f, silent, o.ID, "Nhắc") != 2 {
			t.Errorf("a silent member's reminders: %d, want 2 (by hand, then automatic)", noticesTo(t, f, silent, o.ID, "Nhắc"))
		}

		// The reminder mail is built when sent: none to one who answered
		// meanwhile.
		m, err := f.svc.Mail(ctx, opinion.MailPayload{RequestID: o.ID, PersonID: uv, Reminder: true}, "http://x")
		if err != nil || m != nil {
			t.Errorf("reminder to one who answered: %+v %v", m, err)
		}
		p, _ := f.st.Person(ctx, silent)
		m, err = f.svc.Mail(ctx, opinion.MailPayload{RequestID: o.ID, PersonID: silent, Reminder: true}, "http://x")
		if p.Email != "" && (err != nil || m == nil || !strings.Contains(m.Text, "http://x/opinions/") || !strings.Contains(m.Subject, "Nhắc")) {
			t.Errorf("reminder mail: %+v %v", m, err)
		}

		// A request due within 24 hours gets no automatic reminder.
		o2 := f.ask(t, model.DecideOrdinary, 20*time.Hour)
		js, _ := f.st.JobsByKind(ctx, opinion.RemindJob)
		if slices.ContainsFunc(js, func(j store.Job) bool { return strings.HasSuffix(j.UniqueKey, fmt.Sprintf(":%d", o2.ID)) }) {
			t.Error("automatic reminder queued for a request due within a day")
		}
	})
}

// Another commune's requests do not exist for its people; a BTV request
// is for the BTV, the office and the province.
func TestVisibility(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		o := f.ask(t, model.DecideOrdinary, 48*time.Hour)
		other := f.srv.Actor(t, "bithu.caolanh")
		notFound := map[string]error{}
		_, notFound["get"] = f.svc.Get(ctx, other, o.ID)
		_, notFound["list"] = f.svc.List(ctx, other, f.bch.ID)
		_, notFound["answer"] = f.svc.Answer(ctx, other, o.ID, model.OpinionReply{Answer: opinion.Agree})
		_, notFound["close"] = f.svc.Close(ctx, other, o.ID)
		_, notFound["remind"] = f.svc.Remind(ctx, other, o.ID)
		_, _, notFound["file"] = f.svc.File(ctx, other, o.ID)
		_, notFound["create"] = f.svc.Create(ctx, other, f.bch.ID, model.OpinionInput{Title: "x"}, nil)
		_, notFound["closed between"] = f.svc.ClosedBetween(ctx, other, f.bch.ID, time.Time{}, f.srv.Clock.Now())
		for what, err := range notFound {
			if !errors.Is(err, model.ErrNotFound) {
				t.Errorf("another commune, %s: %v", what, err)
			}
		}

		b, err := f.svc.Create(ctx, f.sec, f.btv.ID, model.OpinionInput{Title: "Phân công theo dõi địa bàn",
			Question: "Đề nghị các đồng chí Ban Thường vụ cho ý kiến.", DecisionKind: model.DecideOrdinary,
			Deadline: f.srv.Clock.Now().Add(24 * time.Hour)}, nil)
		if err != nil {
			t.Fatal(err)
		}
		for user, want := range map[string]error{"uv.mytho": model.ErrNotFound, "btv.mytho": nil, "vp.mytho": nil,
			"tinhuy": nil, "bithu.caolanh": model.ErrNotFound} {
			if _, err := f.svc.Get(ctx, f.srv.Actor(t, user), b.ID); !errors.Is(err, want) && (want != nil || err != nil) {
				t.Errorf("%s reads the BTV request: %v", user, err)
			}
		}
		if r := f.get(t, b.ID); r.Base != len(r.Voters) || r.Base < 7 {
			t.Errorf("BTV base %d, voters %d", r.Base, len(r.Voters))
		}
	})
}

// The next meeting lists the decisions taken in writing since the
// previous one.
func TestForMeeting(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ms, err := f.st.Meetings(ctx, store.MeetingQuery{BodyIDs: []int64{f.bch.ID}, Kind: model.MeetingRegular})
		if err != nil {
			t.Fatal(err)
		}
		now := f.srv.Clock.Now()
		var past, next *model.Meeting
		for i := range ms {
			if ms[i].StartsAt.Before(now) && ms[i].State != model.StateCancelled {
				past = &ms[i]
			}
			if ms[i].StartsAt.After(now.Add(72*time.Hour)) && next == nil {
				next = &ms[i]
			}
		}
		if past == nil || next == nil {
			t.Fatal("the demo has no regular meetings around now")
		}
		o := f.ask(t, model.DecideOrdinary, 24*time.Hour)
		for _, p := range f.incumbents[:20] {
			f.answer(t, o.ID, p, opinion.Agree, "")
		}
		f.srv.Clock.Advance(25 * time.Hour)
		f.runJobs(t)
		for _, c := range []struct {
			m    *model.Meeting
			want int
		}{{past, 0}, {next, 1}} {
			m, err := f.srv.App.Meetings.Get(ctx, f.sec, c.m.ID)
			if err != nil {
				t.Fatal(err)
			}
			got, err := f.svc.ForMeeting(ctx, f.sec, m)
			if err != nil || len(got) != c.want {
				t.Errorf("meeting of %s: %d decisions, want %d (%v)", m.StartsAt, len(got), c.want, err)
			}
			if c.want == 1 && (got[0].ID != o.ID || !*got[0].Passed || got[0].Agree != 20) {
				t.Errorf("listed: %+v", got[0])
			}
		}
	})
}
