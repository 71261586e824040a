package followup_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"nghisu/internal/auth"
	"nghisu/internal/db"
	"nghisu/internal/followup"
	"nghisu/internal/model"
	"nghisu/internal/store"
	"nghisu/internal/testutil"
	"nghisu/internal/vntext"
)

var ctx = context.Background()

func day(s string) model.Date {
	d, err := model.ParseISODate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// The status of a task: the reported one, late once the deadline day has
// passed in Vietnam (UTC+7), whatever the server's zone.
func TestStatusAt(t *testing.T) {
	due := day("2026-03-10")
	cases := []struct {
		name     string
		reported model.TaskStatus
		now      time.Time
		want     model.TaskStatus
	}{
		{"the deadline day, 23:59:59 in Vietnam", model.TaskOnTrack, time.Date(2026, 3, 10, 16, 59, 59, 0, time.UTC), model.TaskOnTrack},
		{"midnight in Vietnam after the deadline", model.TaskOnTrack, time.Date(2026, 3, 10, 17, 0, 0, 0, time.UTC), model.TaskLate},
		{"the deadline day at 00:30 in Vietnam, still the 9th in UTC", model.TaskAtRisk, time.Date(2026, 3, 9, 17, 30, 0, 0, time.UTC), model.TaskAtRisk},
		{"still the deadline day in UTC-5, the day after in Vietnam", model.TaskNotStarted, time.Date(2026, 3, 10, 12, 30, 0, 0, time.FixedZone("EST", -5*3600)), model.TaskLate},
		{"already the 11th in UTC+14, the deadline day in Vietnam", model.TaskNotStarted, time.Date(2026, 3, 11, 5, 0, 0, 0, time.FixedZone("LINT", 14*3600)), model.TaskNotStarted},
		{"done after the deadline stays done", model.TaskDone, time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC), model.TaskDone},
		{"cancelled stays cancelled", model.TaskCancelled, time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC), model.TaskCancelled},
		{"reported late before the deadline", model.TaskLate, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), model.TaskLate},
		{"a month before", model.TaskNotStarted, time.Date(2026, 2, 10, 0, 0, 0, 0, time.UTC), model.TaskNotStarted},
	}
	for _, c := range cases {
		if got := followup.StatusAt(c.reported, due, c.now); got != c.want {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
	}
}

type fixture struct {
	srv              *testutil.Server
	svc              *followup.Service
	st               *store.Store
	commune, other   *model.Org
	ubnd, front      *model.Org
	otherUBND        *model.Org
	vp, uv, ubndUser *auth.Actor
}

func setup(t *testing.T, d *db.DB) *fixture {
	t.Helper()
	srv := testutil.NewServerWith(t, d, testutil.Options{Communes: 2})
	f := &fixture{srv: srv, svc: srv.App.Followup, st: srv.App.Store, commune: srv.Commune(t, "Mỹ Tho"),
		other: srv.Commune(t, "Cao Lãnh"), vp: srv.Actor(t, "vp.mytho"), uv: srv.Actor(t, "uv.mytho"),
		ubndUser: srv.Actor(t, "ubnd.mytho")}
	kid := func(c *model.Org, k model.OrgKind) *model.Org {
		kids, err := f.st.Children(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		for i := range kids {
			if kids[i].Kind == k {
				return &kids[i]
			}
		}
		t.Fatalf("no %s under %s", k, c.Name)
		return nil
	}
	f.ubnd, f.front, f.otherUBND = kid(f.commune, model.OrgPeopleCommittee), kid(f.commune, model.OrgFront), kid(f.other, model.OrgPeopleCommittee)
	return f
}

func (f *fixture) orgOwner(o *model.Org) model.Owner {
	return model.Owner{Kind: model.OwnerOrg, ID: o.ID}
}

func (f *fixture) today() model.Date { return f.svc.Today() }

func (f *fixture) in(days int) model.Date {
	return model.DateOf(f.today().Time(time.UTC).AddDate(0, 0, days))
}

func (f *fixture) create(t *testing.T, title string, owner *model.Org, due model.Date) *model.Task {
	t.Helper()
	task, err := f.svc.Create(ctx, f.vp, f.commune.ID, followup.Input{Title: title, Owner: f.orgOwner(owner), DueOn: due})
	if err != nil {
		t.Fatal(err)
	}
	return task
}

func TestCreate(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		bch := f.srv.Body(t, "Mỹ Tho", model.BodyCommittee)
		signers, err := f.srv.App.Record.Signers(ctx, bch)
		if err != nil || len(signers) == 0 {
			t.Fatalf("signers: %v", err)
		}
		doc, err := f.srv.App.Record.Issue(ctx, f.vp, model.IssueInput{BodyID: bch.ID, Type: model.TypeResolution,
			Subject: "Về bảo vệ môi trường", Text: "Mở đầu.\nGiao UBND phường lắp đặt thùng rác phân loại.\nGiao MTTQ vận động nhân dân.",
			IssuedOn: f.today(), SignerID: signers[0].PersonID})
		if err != nil {
			t.Fatal(err)
		}
		otherBCH := f.srv.Body(t, "Cao Lãnh", model.BodyCommittee)
		otherSecretary := f.srv.PersonOf(t, "bithu.caolanh")
		good := followup.Input{Title: "Lắp đặt thùng rác phân loại", Subject: "Phân loại rác", Owner: f.orgOwner(f.ubnd),
			CoOwners: []model.Owner{f.orgOwner(f.front)}, StartOn: f.today(), DueOn: f.in(30), Expected: "50 thùng rác",
			SourceKind: model.TaskSourceIssued, SourceID: doc.ID, SourcePara: 2}
		cases := []struct {
			name  string
			edit  func(*followup.Input)
			field string
		}{
			{"empty title", func(in *followup.Input) { in.Title = "  " }, "title"},
			{"deadline before start", func(in *followup.Input) { in.DueOn = f.in(-1) }, "due_on"},
			{"no deadline", func(in *followup.Input) { in.DueOn = model.Date{} }, "due_on"},
			{"a person of another commune", func(in *followup.Input) {
				in.Owner = model.Owner{Kind: model.OwnerPerson, ID: otherSecretary}
			}, "owner"},
			{"a body of another commune", func(in *followup.Input) { in.Owner = model.Owner{Kind: model.OwnerBody, ID: otherBCH.ID} }, "owner"},
			{"the UBND of another commune", func(in *followup.Input) { in.Owner = f.orgOwner(f.otherUBND) }, "owner"},
			{"another commune itself", func(in *followup.Input) { in.Owner = f.orgOwner(f.other) }, "owner"},
			{"an unknown kind of owner", func(in *followup.Input) { in.Owner = model.Owner{Kind: "team", ID: f.ubnd.ID} }, "owner"},
			{"a co-owner outside", func(in *followup.Input) { in.CoOwners = []model.Owner{f.orgOwner(f.otherUBND)} }, "co_owners"},
			{"an unknown source kind", func(in *followup.Input) { in.SourceKind = "rumour" }, "source_kind"},
			{"an unknown document", func(in *followup.Input) { in.SourceID = doc.ID + 1000 }, "source_id"},
			{"a paragraph past the end", func(in *followup.Input) { in.SourcePara = 4 }, "source_para"},
			{"paragraph 0", func(in *followup.Input) { in.SourcePara = 0 }, "source_para"},
			{"an unknown item", func(in *followup.Input) { in.SourceKind, in.SourceID = model.TaskSourceItem, 1<<40 }, "source_id"},
		}
		for _, c := range cases {
			in := good
			c.edit(&in)
			if _, err := f.svc.Create(ctx, f.vp, f.commune.ID, in); testutil.FieldOf(err) != c.field {
				t.Errorf("%s: %v, want a problem with %s", c.name, err, c.field)
			}
		}
		if ts, _ := f.svc.List(ctx, f.vp, f.commune.ID, followup.Filter{}); len(ts) != 4 {
			t.Fatalf("refused input left tasks: %d, want the demo's 4", len(ts))
		}
		if _, err := f.svc.Create(ctx, f.uv, f.commune.ID, good); !errors.Is(err, model.ErrForbidden) {
			t.Errorf("a member creates: %v", err)
		}
		if _, err := f.svc.Create(ctx, f.ubndUser, f.commune.ID, good); !errors.Is(err, model.ErrForbidden) {
			t.Errorf("a UBND user creates: %v", err)
		}
		if _, err := f.svc.Create(ctx, f.srv.Actor(t, "bithu.caolanh"), f.commune.ID, good); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("another commune creates: %v", err)
		}
		task, err := f.svc.Create(ctx, f.vp, f.commune.ID, good)
		if err != nil {
			t.Fatal(err)
		}
		if task.SourceText != "Giao UBND phường lắp đặt thùng rác phân loại." || task.Owner.Name != f.ubnd.Name ||
			len(task.CoOwners) != 1 || task.Status != model.TaskNotStarted {
			t.Errorf("created: %+v", task)
		}
		got, err := f.svc.Get(ctx, f.vp, task.ID)
		if err != nil || len(got.Task.CoOwners) != 1 || got.Task.CoOwners[0].Name != f.front.Name || len(got.History) != 1 {
			t.Errorf("read back: %+v, %v", got, err)
		}
		// A person of the commune and a body of it may own.
		bithu := f.srv.PersonOf(t, "bithu.mytho")
		for _, o := range []model.Owner{{Kind: model.OwnerPerson, ID: bithu}, {Kind: model.OwnerBody, ID: bch.ID}, f.orgOwner(f.commune)} {
			in := good
			in.Owner, in.CoOwners, in.SourceKind = o, nil, ""
			if _, err := f.svc.Create(ctx, f.vp, f.commune.ID, in); err != nil {
				t.Errorf("owner %+v: %v", o, err)
			}
		}
	})
}

// Who sees and reports: the commune's people and the province see all; a
// UBND account sees what the UBND owns or co-owns and reports on it, not
// the Front's task nor the commune's meetings; another commune: not found.
func TestAuthorization(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ubndTask := f.create(t, "Sửa đường", f.ubnd, f.in(10))
		frontTask := f.create(t, "Vận động", f.front, f.in(10))
		shared, err := f.svc.Create(ctx, f.vp, f.commune.ID, followup.Input{Title: "Cùng làm", Owner: f.orgOwner(f.front),
			CoOwners: []model.Owner{f.orgOwner(f.ubnd)}, DueOn: f.in(10)})
		if err != nil {
			t.Fatal(err)
		}
		report := followup.ReportInput{Status: model.TaskOnTrack, Percent: 10}
		cases := []struct {
			user     string
			task     *model.Task
			see      error
			reportOK error
		}{
			{"vp.mytho", frontTask, nil, nil},
			{"bithu.mytho", frontTask, nil, nil},
			{"uv.mytho", frontTask, nil, model.ErrForbidden},
			{"tinhuy", frontTask, nil, model.ErrForbidden},
			{"ubnd.mytho", ubndTask, nil, nil},
			{"ubnd.mytho", shared, nil, nil},
			{"ubnd.mytho", frontTask, model.ErrNotFound, model.ErrNotFound},
			{"bithu.caolanh", ubndTask, model.ErrNotFound, model.ErrNotFound},
		}
		for _, c := range cases {
			a := f.srv.Actor(t, c.user)
			if _, err := f.svc.Get(ctx, a, c.task.ID); !errors.Is(err, c.see) && !(c.see == nil && err == nil) {
				t.Errorf("%s sees %q: %v, want %v", c.user, c.task.Title, err, c.see)
			}
			_, err := f.svc.Report(ctx, a, c.task.ID, report)
			if c.reportOK == nil && err != nil || c.reportOK != nil && !errors.Is(err, c.reportOK) {
				t.Errorf("%s reports on %q: %v, want %v", c.user, c.task.Title, err, c.reportOK)
			}
		}
		list, err := f.svc.List(ctx, f.ubndUser, f.commune.ID, followup.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range list {
			if !ownedBy(&x, f.ubnd.ID) {
				t.Errorf("the UBND user lists %q of %s", x.Title, x.Owner.Name)
			}
		}
		if _, err := f.svc.List(ctx, f.srv.Actor(t, "bithu.caolanh"), f.commune.ID, followup.Filter{}); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("another commune lists: %v", err)
		}
		if _, err := f.svc.Overlaps(ctx, f.ubndUser, f.commune.ID); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("the UBND user reads the matrix: %v", err)
		}
		// The UBND account does not see the party committee's meetings.
		bch := f.srv.Body(t, "Mỹ Tho", model.BodyCommittee)
		last, err := f.st.LastMeeting(ctx, []int64{bch.ID}, model.MeetingRegular, f.srv.Clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.srv.App.Meetings.Get(ctx, f.ubndUser, last.ID); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("the UBND user reads a BCH meeting: %v", err)
		}
		if _, err := f.svc.Review(ctx, f.ubndUser, last.ID); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("the UBND user reads a review: %v", err)
		}
	})
}

func ownedBy(t *model.Task, orgID int64) bool {
	for _, o := range t.Owners() {
		if o.Kind == model.OwnerOrg && o.ID == orgID {
			return true
		}
	}
	return false
}

var png = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")

func TestReport(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		task := f.create(t, "Sửa đường", f.ubnd, f.in(10))
		cases := []struct {
			name  string
			in    followup.ReportInput
			field string
		}{
			{"percent above 100", followup.ReportInput{Status: model.TaskOnTrack, Percent: 101}, "percent"},
			{"percent below 0", followup.ReportInput{Status: model.TaskOnTrack, Percent: -1}, "percent"},
			{"unknown status", followup.ReportInput{Status: "maybe", Percent: 10}, "status"},
			{"cancelled without a reason", followup.ReportInput{Status: model.TaskCancelled, Note: " "}, "note"},
			{"a file that lies about its type", followup.ReportInput{Status: model.TaskOnTrack, FileName: "a.pdf", File: png}, "file"},
			{"a file type not taken", followup.ReportInput{Status: model.TaskOnTrack, FileName: "a.exe", File: []byte("MZ")}, "file"},
		}
		for _, c := range cases {
			if _, err := f.svc.Report(ctx, f.ubndUser, task.ID, c.in); testutil.FieldOf(err) != c.field {
				t.Errorf("%s: %v, want a problem with %s", c.name, err, c.field)
			}
		}
		got, _ := f.svc.Get(ctx, f.vp, task.ID)
		if len(got.History) != 1 || got.Task.Percent != 0 {
			t.Fatalf("refused reports changed the task: %+v", got)
		}
		if _, err := f.svc.Report(ctx, f.ubndUser, task.ID, followup.ReportInput{Status: model.TaskOnTrack, Percent: 60,
			Note: "Đã xong 3 km.", FileName: "anh.png", File: png}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Report(ctx, f.vp, task.ID, followup.ReportInput{Status: model.TaskAtRisk, Percent: 65}); err != nil {
			t.Fatal(err)
		}
		got, _ = f.svc.Get(ctx, f.vp, task.ID)
		if len(got.History) != 3 || got.History[1].FileID == 0 || got.History[1].Percent != 60 || got.Task.Status != model.TaskAtRisk ||
			got.Task.Percent != 65 {
			t.Fatalf("after two reports: %+v", got)
		}
		// Time passes: the deadline day ends in Vietnam, the task is late.
		f.srv.Clock.Advance(11 * 24 * time.Hour)
		if got, _ = f.svc.Get(ctx, f.vp, task.ID); got.Task.Status != model.TaskLate {
			t.Errorf("after the deadline: %s", got.Task.Status)
		}
		late, _ := f.svc.List(ctx, f.vp, f.commune.ID, followup.Filter{Status: model.TaskLate})
		if len(late) == 0 || late[0].Status != model.TaskLate {
			t.Errorf("late filter: %+v", late)
		}
		if _, err := f.svc.Report(ctx, f.ubndUser, task.ID, followup.ReportInput{Status: model.TaskDone, Percent: 90}); err != nil {
			t.Fatal(err)
		}
		if got, _ = f.svc.Get(ctx, f.vp, task.ID); got.Task.Status != model.TaskDone || got.Task.Percent != 100 || got.CanReport {
			t.Errorf("done: %+v", got.Task)
		}
		if _, err := f.svc.Report(ctx, f.ubndUser, task.ID, followup.ReportInput{Status: model.TaskOnTrack, Percent: 50}); testutil.RefusalKey(err) != "task.closed" {
			t.Errorf("a report on a done task: %v", err)
		}
		if got, _ = f.svc.Get(ctx, f.vp, task.ID); len(got.History) != 4 {
			t.Errorf("history: %d entries", len(got.History))
		}
	})
}

func TestConclusions(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		task := f.create(t, "Sửa đường", f.ubnd, f.in(10))
		if _, err := f.svc.Extend(ctx, f.vp, task.ID, f.in(5), "Mưa"); testutil.FieldOf(err) != "due_on" {
			t.Errorf("extend to an earlier day: %v", err)
		}
		if _, err := f.svc.Extend(ctx, f.vp, task.ID, f.in(20), ""); testutil.FieldOf(err) != "reason" {
			t.Errorf("extend without a reason: %v", err)
		}
		if _, err := f.svc.Extend(ctx, f.ubndUser, task.ID, f.in(20), "Mưa"); !errors.Is(err, model.ErrForbidden) {
			t.Errorf("the owner extends: %v", err)
		}
		if x, err := f.svc.Extend(ctx, f.vp, task.ID, f.in(20), "Mưa nhiều"); err != nil || x.DueOn != f.in(20) {
			t.Fatalf("extend: %+v, %v", x, err)
		}
		if _, err := f.svc.Reassign(ctx, f.vp, task.ID, f.orgOwner(f.otherUBND), "Chuyển"); testutil.FieldOf(err) != "owner" {
			t.Errorf("reassign outside: %v", err)
		}
		if _, err := f.svc.Reassign(ctx, f.vp, task.ID, f.orgOwner(f.ubnd), "Chuyển"); testutil.FieldOf(err) != "owner" {
			t.Errorf("reassign to the same owner: %v", err)
		}
		if x, err := f.svc.Reassign(ctx, f.vp, task.ID, f.orgOwner(f.front), "Hợp với Mặt trận hơn"); err != nil || x.Owner.ID != f.front.ID {
			t.Fatalf("reassign: %+v, %v", x, err)
		}
		// The UBND no longer sees it.
		if _, err := f.svc.Get(ctx, f.ubndUser, task.ID); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("the former owner reads: %v", err)
		}
		if _, err := f.svc.Close(ctx, f.vp, task.ID, false, ""); testutil.FieldOf(err) != "reason" {
			t.Errorf("cancel without a reason: %v", err)
		}
		if x, err := f.svc.Close(ctx, f.vp, task.ID, false, "Không còn cần thiết"); err != nil || x.Status != model.TaskCancelled {
			t.Fatalf("cancel: %+v, %v", x, err)
		}
		if _, err := f.svc.Extend(ctx, f.vp, task.ID, f.in(40), "Lại"); testutil.RefusalKey(err) != "task.closed" {
			t.Errorf("extend a cancelled task: %v", err)
		}
		got, _ := f.svc.Get(ctx, f.vp, task.ID)
		kinds := []string{}
		for _, e := range got.History {
			kinds = append(kinds, e.Kind)
		}
		if strings.Join(kinds, ",") != "create,extend,reassign,close" || got.Task.ClosedReason != "Không còn cần thiết" {
			t.Errorf("history %v, %+v", kinds, got.Task)
		}
	})
}

// Reminders: 3 days before, and the day after the deadline; each once.
func TestRemind(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		task := f.create(t, "Sửa đường", f.ubnd, f.in(3))
		notices := func() int {
			ns, err := f.st.Notices(ctx, f.ubndUser.Account.ID, 100)
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, x := range ns {
				if x.Link == followup.Link(task.ID) {
					n++
				}
			}
			return n
		}
		if _, err := f.svc.Remind(ctx); err != nil {
			t.Fatal(err)
		}
		if n := notices(); n != 1 {
			t.Fatalf("3 days before: %d notices", n)
		}
		if _, err := f.svc.Remind(ctx); err != nil {
			t.Fatal(err)
		}
		f.srv.Clock.Advance(24 * time.Hour)
		if _, err := f.svc.Remind(ctx); err != nil {
			t.Fatal(err)
		}
		if n := notices(); n != 1 {
			t.Fatalf("again: %d notices", n)
		}
		f.srv.Clock.Advance(3 * 24 * time.Hour) // the day after the deadline
		if _, err := f.svc.Remind(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Remind(ctx); err != nil {
			t.Fatal(err)
		}
		if n := notices(); n != 2 {
			t.Fatalf("after the deadline: %d notices", n)
		}
		// A person owner with an address gets the mail, built when sent.
		uvPerson := f.srv.PersonOf(t, "uv.mytho")
		own, err := f.svc.Create(ctx, f.vp, f.commune.ID, followup.Input{Title: "Viết báo cáo chuyên đề",
			Owner: model.Owner{Kind: model.OwnerPerson, ID: uvPerson}, DueOn: f.in(1)})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Remind(ctx); err != nil {
			t.Fatal(err)
		}
		jobs, err := f.st.JobsByKind(ctx, followup.MailJob)
		if err != nil {
			t.Fatal(err)
		}
		var mailed bool
		for _, j := range jobs {
			var p followup.MailPayload
			if err := json.Unmarshal([]byte(j.Payload), &p); err != nil || p.TaskID != own.ID {
				continue
			}
			m, err := f.svc.Mail(ctx, p, "http://nghisu.test")
			if err != nil || m == nil || !strings.Contains(m.Subject, "Viết báo cáo chuyên đề") || !strings.Contains(m.Text, followup.Link(own.ID)) {
				t.Errorf("mail: %+v, %v", m, err)
			}
			mailed = true
		}
		if !mailed {
			t.Errorf("no mail queued for the person owner (%d mail jobs)", len(jobs))
		}
		// A done task gets none.
		done := f.create(t, "Xong sớm", f.ubnd, f.in(2))
		if _, err := f.svc.Close(ctx, f.vp, done.ID, true, ""); err != nil {
			t.Fatal(err)
		}
		f.srv.Clock.Advance(5 * 24 * time.Hour)
		n, err := f.svc.Remind(ctx)
		if err != nil {
			t.Fatal(err)
		}
		ns, _ := f.st.Notices(ctx, f.ubndUser.Account.ID, 100)
		for _, x := range ns {
			if x.Link == followup.Link(done.ID) {
				t.Errorf("a done task reminded: %q (%d sent)", x.Title, n)
			}
		}
	})
}

// The review of the next meeting: the demo's tasks, the late one first; it
// becomes the program's first item with the draft in its notes.
func TestReview(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		bch := f.srv.Body(t, "Mỹ Tho", model.BodyCommittee)
		next, err := f.st.LastMeeting(ctx, []int64{bch.ID}, model.MeetingRegular, f.srv.Clock.Now().AddDate(0, 2, 0))
		if err != nil || next.State != model.StateReview {
			t.Fatalf("next meeting: %+v, %v", next, err)
		}
		f.svc.ReviewSource = func(ctx context.Context, m *model.Meeting, since time.Time) ([]string, error) {
			return []string{"Chỉ tiêu: thu ngân sách đạt 80%."}, nil
		}
		r, err := f.svc.Review(ctx, f.vp, next.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Tasks) != 3 || r.Late != 1 || r.Tasks[0].Status != model.TaskLate || r.Previous == nil || !r.CanAdd {
			t.Fatalf("review: %d tasks, %d late, first %+v", len(r.Tasks), r.Late, r.Tasks)
		}
		if strings.Contains(r.Draft, "..") {
			t.Errorf("draft has a doubled full stop:\n%s", r.Draft)
		}
		for _, want := range []string{"Đánh giá việc thực hiện các nhiệm vụ", "1. Hoàn thành giải phóng mặt bằng", "Chậm tiến độ",
			"đạt 70%; Còn 4 hộ chưa nhận tiền bồi thường.\n", "Chỉ tiêu: thu ngân sách đạt 80%."} {
			if !strings.Contains(r.Draft, want) {
				t.Errorf("draft lacks %q:\n%s", want, r.Draft)
			}
		}
		before, _ := f.st.Items(ctx, next.ID)
		if _, err := f.svc.AddReviewItem(ctx, f.uv, next.ID); !errors.Is(err, model.ErrForbidden) {
			t.Errorf("a member adds the review: %v", err)
		}
		it, err := f.svc.AddReviewItem(ctx, f.vp, next.ID)
		if err != nil {
			t.Fatal(err)
		}
		items, _ := f.st.Items(ctx, next.ID)
		if len(items) != len(before) || items[0].ID != it.ID || items[0].Source != model.SourceReview || items[0].Notes != r.Draft {
			t.Errorf("program: %d items (was %d), first %+v", len(items), len(before), items[0])
		}
		for i, x := range items {
			if x.Position != i+1 {
				t.Errorf("item %d at position %d", i, x.Position)
			}
		}
		// A program without a review item gets one, first.
		for _, x := range items {
			if x.Source == model.SourceReview {
				if err := f.st.DeleteItem(ctx, x.ID); err != nil {
					t.Fatal(err)
				}
			}
		}
		if _, err := f.svc.AddReviewItem(ctx, f.vp, next.ID); err != nil {
			t.Fatal(err)
		}
		items, _ = f.st.Items(ctx, next.ID)
		if len(items) != len(before) || items[0].Source != model.SourceReview || items[0].Position != 1 || items[1].Position != 2 {
			t.Errorf("added review: %+v", items[:2])
		}
		// A past, closed meeting's program is not edited.
		if _, err := f.svc.AddReviewItem(ctx, f.vp, r.Previous.ID); testutil.RefusalKey(err) != "meeting.locked" {
			t.Errorf("review into a closed meeting: %v", err)
		}
	})
}

func TestOverlaps(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ov, err := f.svc.Overlaps(ctx, f.srv.Actor(t, "bithu.mytho"), f.commune.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(ov.Shared) != 1 || ov.Shared[0].Subject != "Phân loại rác tại nguồn" || len(ov.Shared[0].Owners) != 2 {
			t.Errorf("shared: %+v", ov.Shared)
		}
		// The Phó Bí thư chairs the UBND: owns its tasks and evaluates them.
		if len(ov.Concurrent) == 0 || ov.Concurrent[0].Evaluates != "Phó Bí thư" {
			t.Errorf("concurrent: %+v", ov.Concurrent)
		}
		if len(ov.Rows) != 3 || len(ov.Columns) != 10 {
			t.Errorf("matrix %d rows × %d columns", len(ov.Rows), len(ov.Columns))
		}
		// A lead settles the shared subject; folding ignores case and marks.
		if _, err := f.svc.Create(ctx, f.vp, f.commune.ID, followup.Input{Title: "Chủ trì", Subject: "phan loai rac tai nguon",
			Owner: f.orgOwner(f.ubnd), Lead: true, DueOn: f.in(10)}); err != nil {
			t.Fatal(err)
		}
		if ov, _ = f.svc.Overlaps(ctx, f.vp, f.commune.ID); len(ov.Shared) != 0 || len(ov.Rows) != 3 {
			t.Errorf("with a lead: %+v, %d rows", ov.Shared, len(ov.Rows))
		}
		// Another shared subject left without a lead, so that both kinds of
		// warning stand when the province reads every commune at once.
		if _, err := f.svc.Create(ctx, f.vp, f.commune.ID, followup.Input{Title: "Mặt trận vận động", Subject: "Đường giao thông nông thôn",
			Owner: f.orgOwner(f.front), DueOn: f.in(5)}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Create(ctx, f.vp, f.commune.ID, followup.Input{Title: "UBND thi công", Subject: "Đường giao thông nông thôn",
			Owner: f.orgOwner(f.ubnd), DueOn: f.in(20)}); err != nil {
			t.Fatal(err)
		}
		prov, err := f.st.Org(ctx, f.srv.Demo.ProvinceID)
		if err != nil {
			t.Fatal(err)
		}
		all, err := f.svc.OverlapsUnder(ctx, f.srv.Actor(t, "tinhuy"), prov)
		if err != nil || len(all) != 2 {
			t.Fatalf("the province's overlaps: %d communes, %v", len(all), err)
		}
		for _, c := range []*model.Org{f.commune, f.other} {
			one, err := f.svc.Overlaps(ctx, f.srv.Actor(t, "tinhuy"), c.ID)
			if err != nil {
				t.Fatal(err)
			}
			got := all[c.ID]
			if got == nil || got.Commune.ID != c.ID || !reflect.DeepEqual(got.Columns, one.Columns) || !reflect.DeepEqual(got.Rows, one.Rows) ||
				!reflect.DeepEqual(got.Shared, one.Shared) || !reflect.DeepEqual(got.Concurrent, one.Concurrent) {
				t.Errorf("%s: read with the province %+v, alone %+v", c.Name, got, one)
			}
		}
		if len(all[f.commune.ID].Shared) != 1 || len(all[f.commune.ID].Concurrent) == 0 {
			t.Errorf("Mỹ Tho's warnings: %+v", all[f.commune.ID])
		}
		// A commune's people do not see the province.
		if _, err := f.svc.OverlapsUnder(ctx, f.srv.Actor(t, "bithu.mytho"), prov); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("a commune's secretary reads the province's overlaps: %v", err)
		}
	})
}

// An administrator can make accounts for the organisations a commune leads
// (a UBND officer who reports on the UBND's tasks), never office or member
// accounts of the province.
func TestAccountsOfLedOrganisations(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := testutil.NewServerWith(t, d, testutil.Options{Communes: 2})
		admin := srv.Actor(t, "admin")
		kids, err := srv.App.Store.Children(ctx, srv.Commune(t, "Mỹ Tho").ID)
		if err != nil {
			t.Fatal(err)
		}
		var front int64
		for _, k := range kids {
			if k.Kind == model.OrgFront {
				front = k.ID
			}
		}
		if _, err := srv.App.Auth.CreateAccount(ctx, admin, model.AccountInput{Username: "mttq.mytho", OrgID: front,
			Role: model.RoleOffice, Password: "mat-khau-dai-mttq"}); err != nil {
			t.Fatalf("an office account of the Front: %v", err)
		}
		if _, err := srv.App.Auth.CreateAccount(ctx, admin, model.AccountInput{Username: "vp.tinh", OrgID: srv.Demo.ProvinceID,
			Role: model.RoleOffice, Password: "mat-khau-dai-tinh"}); testutil.FieldOf(err) != "org_id" {
			t.Fatalf("an office account of the province: %v", err)
		}
	})
}

// Tasks are found by the search box, as the follow-up shows them: the
// commune's people see all, an owner organisation's user its own, another
// commune none.
func TestTasksAreSearchable(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := testutil.NewServerWith(t, d, testutil.Options{Communes: 2})
		count := func(who, q string) int {
			t.Helper()
			res, err := srv.App.Search.Search(ctx, srv.Actor(t, who), q, 50)
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, h := range res.Hits {
				if h.Kind == model.SearchTask {
					n++
				}
			}
			return n
		}
		if n := count("uv.mytho", "phan loai rac"); n != 2 {
			t.Errorf("a member finds %d of the two waste-sorting tasks", n)
		}
		if n := count("ubnd.mytho", "phan loai rac"); n != 1 {
			t.Errorf("the UBND user finds %d waste-sorting tasks, want the UBND's one", n)
		}
		if n := count("bithu.caolanh", "phan loai rac"); n != 0 {
			t.Errorf("another commune finds %d of Mỹ Tho's tasks", n)
		}
	})
}

// A task set to implement a document of the province counts on the
// province's table of that document; a document of another province is no
// source.
func TestTasksFromUpperDocuments(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := testutil.NewServerWith(t, d, testutil.Options{Communes: 2})
		st := srv.App.Store
		mytho := srv.Commune(t, "Mỹ Tho")
		docs, err := st.Uppers(ctx, srv.Demo.ProvinceID)
		if err != nil || len(docs) == 0 {
			t.Fatalf("the demo's upper documents: %v", err)
		}
		vp := srv.Actor(t, "vp.mytho")
		owners, err := srv.App.Followup.Owners(ctx, vp, mytho.ID)
		if err != nil || len(owners) == 0 {
			t.Fatal(err)
		}
		today := srv.App.Followup.Today()
		in := followup.Input{Title: "Xây dựng kế hoạch thực hiện", Subject: "Chuyển đổi số", Owner: owners[0],
			StartOn: today, DueOn: model.DateOf(today.Time(vntext.Location()).AddDate(0, 0, 30)), SourceKind: model.TaskSourceUpper, SourceID: docs[0].ID}
		for i := 0; i < 2; i++ {
			task, err := srv.App.Followup.Create(ctx, vp, mytho.ID, in)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(task.SourceText, docs[0].Symbol) {
				t.Errorf("the source quoted: %q", task.SourceText)
			}
		}
		fs, err := st.Followups(ctx, docs[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, f := range fs {
			if f.OrgID == mytho.ID {
				found = f.TasksDerived != nil && *f.TasksDerived == 2
			}
		}
		if !found {
			t.Errorf("the province does not see Mỹ Tho's two tasks: %+v", fs)
		}
		bad := in
		bad.SourceID = 999999
		if _, err := srv.App.Followup.Create(ctx, vp, mytho.ID, bad); testutil.FieldOf(err) != "source_id" {
			t.Errorf("an unknown document: %v", err)
		}
	})
}

// A task can carry out an entry of the commune's work program; an entry
// that is not the commune's is refused beside its field.
func TestTaskOfProgramEntry(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := testutil.NewServerWith(t, d, testutil.Options{Communes: 2})
		mytho := srv.Commune(t, "Mỹ Tho")
		entries, err := srv.App.Store.PlannedEntriesOf(ctx, mytho.ID)
		if err != nil || len(entries) == 0 {
			t.Fatalf("the demo's planned entries: %v", err)
		}
		vp := srv.Actor(t, "vp.mytho")
		owners, _ := srv.App.Followup.Owners(ctx, vp, mytho.ID)
		today := srv.App.Followup.Today()
		in := followup.Input{Title: "Tổ chức hội nghị chuyên đề", Subject: "Chuyển đổi số", Owner: owners[0], StartOn: today,
			DueOn: model.DateOf(today.Time(vntext.Location()).AddDate(0, 1, 0)), ProgramEntryID: entries[0].ID}
		task, err := srv.App.Followup.Create(ctx, vp, mytho.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := srv.App.Store.Task(ctx, task.ID); got.ProgramEntryID != entries[0].ID {
			t.Errorf("stored entry %d, want %d", got.ProgramEntryID, entries[0].ID)
		}
		in.ProgramEntryID = 999999
		if _, err := srv.App.Followup.Create(ctx, vp, mytho.ID, in); testutil.FieldOf(err) != "program_entry_id" {
			t.Errorf("an unknown entry: %v", err)
		}
		c := srv.Login(t, "vp.mytho")
		if resp := c.Get(t, fmt.Sprintf("/tasks/%d", task.ID)); resp.StatusCode != 200 || !strings.Contains(resp.Body, entries[0].Title) {
			t.Errorf("the task page does not name its program entry: %d", resp.StatusCode)
		}
		if resp := c.Get(t, fmt.Sprintf("/orgs/%d/tasks/new", mytho.ID)); !strings.Contains(resp.Body, `name="program_entry_id"`) {
			t.Error("the task form offers no program entries")
		}
	})
}
