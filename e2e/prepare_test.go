package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"nghisu/internal/db"
	"nghisu/internal/model"
	"nghisu/internal/notify/smtptest"
	"nghisu/internal/store"
	"nghisu/internal/testutil"
)

// The Mỹ Tho secretary prepares next month's BCH meeting in the browser:
// creates it from the template, writes a draft resolution, asks the BTV for
// comments; a BTV member proposes a wording for paragraph 2; the secretary
// takes it into version 2 and sees the difference; the invitation goes out,
// a committee member finds the meeting with its papers, and the e-mail with
// its calendar file reaches the (real, in-process) SMTP server.
func TestPrepareAMeeting(t *testing.T) {
	ctx, console := browser(t)
	mail := smtptest.NewServer(t)
	srv := testutil.NewServerWith(t, testutil.NewDB(t, db.SQLite), testutil.Options{SMTPHost: mail.Host(), SMTPPort: mail.Port()})
	visit := func(name string) {
		t.Helper()
		checkA11y(t, ctx, name)
		console.check(t)
		shot(t, ctx, name)
	}
	// Confirmation dialogs are answered yes.
	yes := chromedp.Evaluate[chromedp.Void](`window.confirm = () => true`)
	bch := srv.Body(t, "Mỹ Tho", model.BodyCommittee)

	signIn(t, ctx, srv.URL, "bithu.mytho")
	do(t, ctx, chromedp.Navigate(srv.URL+"/bodies/"+itoa(bch.ID)+"/calendar"), chromedp.WaitVisible(css(`table.calendar`)))
	visit("calendar")
	do(t, ctx, chromedp.Click(chromedp.Search(`//a[text()="Tạo kỳ họp định kỳ"]`)), chromedp.WaitVisible(css(`#f-place`)))
	visit("meeting-new")
	do(t, ctx, chromedp.Click(css(`form.stack button[type=submit]`)), chromedp.WaitVisible(css(`#prog-h`)))
	meetingURL := eval[string](t, ctx, `location.pathname`)
	visit("meeting-draft")

	// The program from the monthly template covers every required area.
	do(t, ctx, chromedp.Navigate(srv.URL+meetingURL+"/program"), chromedp.WaitVisible(css(`.program-table`)))
	if !strings.Contains(text(t, ctx, `main`), "Quốc phòng") {
		visit("program-empty")
	}
	submit(t, ctx, chromedp.Click(chromedp.Search(`//button[text()="Dùng chương trình mẫu kỳ họp tháng"]`)), `.flash.ok`)
	if n := eval[int](t, ctx, `document.querySelectorAll(".program-table tbody tr").length`); n != 11 {
		t.Fatalf("the template gave %d items", n)
	}
	if !strings.Contains(text(t, ctx, `main`), "Chương trình đã có đủ các nội dung bắt buộc.") {
		t.Error("the program page does not say every required area is covered")
	}
	visit("program")

	// Prepare: a draft resolution of three paragraphs.
	do(t, ctx, chromedp.Navigate(srv.URL+meetingURL), chromedp.WaitVisible(css(`#moves-h`)))
	submit(t, ctx, chromedp.Click(chromedp.Search(`//button[text()="Bắt đầu chuẩn bị"]`)), `.flash.ok`)
	do(t, ctx, chromedp.Click(chromedp.Search(`//a[text()="Soạn dự thảo"]`)), chromedp.WaitVisible(css(`#f-body`)),
		chromedp.SendKeys(css(`#f-title`), "Dự thảo Nghị quyết tháng 4"),
		chromedp.SetValue(css(`#f-body`), "Đoạn một về kinh tế.\n\nĐoạn hai: giao Ủy ban nhân dân phường thu ngân sách.\n\nĐoạn ba về tổ chức thực hiện."),
		chromedp.Click(css(`form.stack button[type=submit]`)), chromedp.WaitVisible(css(`#p-3`)))
	docURL := eval[string](t, ctx, `location.pathname`)
	visit("document-v1")

	// Ask the BTV for comments until a day after the tests' clock.
	deadline := testutil.DemoNow.AddDate(0, 0, 3).Format("2006-01-02")
	do(t, ctx, chromedp.SetValue(css(`#f-deadline_date`), deadline),
		chromedp.Click(chromedp.Search(`//button[text()="Mở đợt lấy ý kiến Ban Thường vụ"]`)), chromedp.WaitVisible(css(`.review-para`)))
	reviewURL := eval[string](t, ctx, `location.pathname`)
	if !strings.Contains(text(t, ctx, `main`), "Chưa có ý kiến:") {
		t.Error("the review does not list who has not answered")
	}
	m, err := srv.App.Meetings.Get(context.Background(), srv.Actor(t, "bithu.mytho"), idOf(t, meetingURL))
	if err != nil || m.State != model.StateReview {
		t.Fatalf("opening the review left the meeting %v (%v)", m.State, err)
	}

	// A BTV member comments on paragraph 2 with a wording.
	do(t, ctx, chromedp.Click(css(`.me button`)), chromedp.WaitVisible(css(`#f-username`)))
	signIn(t, ctx, srv.URL, "btv.mytho")
	if text(t, ctx, `.bell .count`) == "" {
		t.Error("the BTV member has no notice")
	}
	do(t, ctx, chromedp.Navigate(srv.URL+reviewURL), chromedp.WaitVisible(css(`#comment-form`)),
		chromedp.SetValue(css(`#f-paragraph`), "2"),
		chromedp.SetValue(css(`#f-kind`), "wording"),
		chromedp.SendKeys(css(`#f-text`), "Nên nêu rõ thời hạn."),
		chromedp.SendKeys(css(`#f-wording`), "Đoạn hai: giao Ủy ban nhân dân phường hoàn thành thu ngân sách trước ngày 15."),
		chromedp.Click(css(`#comment-form button[type=submit]`)), chromedp.WaitVisible(css(`#p-2 .comment`)))
	visit("review-commented")

	// The secretary takes it into version 2 and sees what changed.
	do(t, ctx, chromedp.Click(css(`.me button`)), chromedp.WaitVisible(css(`#f-username`)))
	signIn(t, ctx, srv.URL, "bithu.mytho")
	do(t, ctx, chromedp.Navigate(srv.URL+reviewURL), chromedp.WaitVisible(css(`#p-2 .comment`)))
	visit("review")
	submit(t, ctx, chromedp.Click(chromedp.Search(`//button[text()="Tiếp thu vào phiên bản mới"]`)), `.diff`)
	if ins := text(t, ctx, `.diff .d-chg ins`); !strings.Contains(ins, "hoàn thành") {
		t.Fatalf("the difference does not show the new words: %q", ins)
	}
	visit("compare")

	// Approve the program and send the invitation and papers.
	do(t, ctx, chromedp.Navigate(srv.URL+meetingURL), chromedp.WaitVisible(css(`#moves-h`)))
	submit(t, ctx, chromedp.Click(chromedp.Search(`//button[text()="Thông qua chương trình"]`)), `form[action$="/send"]`)
	visit("meeting-approved")
	do(t, ctx, yes)
	submit(t, ctx, chromedp.Click(chromedp.Search(`//button[text()="Gửi giấy mời và tài liệu"]`)), `.flash.ok`)
	if flash := text(t, ctx, `.flash.ok`); !strings.Contains(flash, "Đã gửi giấy mời") {
		t.Fatalf("sending: %q", flash)
	}

	// A committee member sees the meeting and its papers.
	do(t, ctx, chromedp.Click(css(`.me button`)), chromedp.WaitVisible(css(`#f-username`)))
	signIn(t, ctx, srv.URL, "uv.mytho")
	do(t, ctx, chromedp.Click(chromedp.Search(`//nav//a[text()="Cuộc họp của tôi"]`)), chromedp.WaitVisible(css(`#inv-h`)))
	visit("my-meetings")
	do(t, ctx, chromedp.Navigate(srv.URL+meetingURL), chromedp.WaitVisible(css(`#docs-h`)))
	if !strings.Contains(text(t, ctx, `#docs-h + .actions + .table-wrap, #docs-h ~ .table-wrap`), "Dự thảo Nghị quyết tháng 4") {
		t.Fatal("the committee member does not see the draft resolution")
	}
	visit("meeting-member")
	do(t, ctx, chromedp.Navigate(srv.URL+docURL), chromedp.WaitVisible(css(`#p-2`)))
	if !strings.Contains(text(t, ctx, `#p-2`), "trước ngày 15") {
		t.Error("the member does not read version 2")
	}

	// The e-mails go out through the job queue.
	if _, err := srv.App.Jobs.RunDue(context.Background()); err != nil {
		t.Fatal(err)
	}
	uv := srv.Actor(t, "uv.mytho")
	person, _ := srv.App.Store.Person(context.Background(), uv.Account.PersonID)
	var got *smtptest.Message
	for _, msg := range mail.WaitFor(t, 30) {
		if len(msg.To) == 1 && msg.To[0] == person.Email && strings.HasPrefix(msg.Subject, "Giấy mời") {
			got = &msg
		}
	}
	if got == nil {
		t.Fatalf("no invitation reached %s", person.Email)
	}
	if len(got.Attachments) != 1 || !strings.HasPrefix(got.Attachments[0].ContentType, "text/calendar") ||
		!strings.Contains(string(got.Attachments[0].Data), "BEGIN:VEVENT") {
		t.Fatalf("the invitation has no calendar file: %+v", got.Attachments)
	}
	if !strings.Contains(got.Text, "Kính gửi đồng chí "+person.FullName) {
		t.Errorf("the invitation text: %s", got.Text)
	}
}

// The program and the review page of the demo's coming meeting, on a phone
// and on a desktop: checked for accessibility, and kept as screenshots for
// a person to look at (NGHISU_SCREENSHOTS).
func TestPreparePagesOnPhoneAndDesktop(t *testing.T) {
	ctx, console := browser(t)
	srv := testutil.NewServer(t, testutil.NewDB(t, db.SQLite))
	bch := srv.Body(t, "Mỹ Tho", model.BodyCommittee)
	ms, err := srv.App.Store.Meetings(context.Background(), store.MeetingQuery{BodyIDs: []int64{bch.ID}, Kind: model.MeetingRegular, From: testutil.DemoNow})
	if err != nil || len(ms) == 0 {
		t.Fatal("no coming meeting in the demo")
	}
	docs, _ := srv.App.Store.Documents(context.Background(), ms[0].ID)
	var round int64
	for _, d := range docs {
		if d.Kind == model.DocResolution {
			rs, _ := srv.App.Store.Rounds(context.Background(), d.ID)
			round = rs[0].ID
		}
	}
	signIn(t, ctx, srv.URL, "btv.mytho")
	for _, size := range []struct {
		name string
		w, h int64
	}{{"phone", 390, 844}, {"desktop", 1280, 900}} {
		do(t, ctx, chromedp.EmulateViewport(size.w, size.h))
		for _, p := range []struct{ path, name string }{
			{"/meetings/" + itoa(ms[0].ID) + "/program", "program"},
			{"/reviews/" + itoa(round), "review"},
		} {
			do(t, ctx, chromedp.Navigate(srv.URL+p.path), chromedp.WaitVisible(css(`h1`)))
			checkA11y(t, ctx, p.name+"-"+size.name)
			console.check(t)
			shot(t, ctx, "demo-"+p.name+"-"+size.name)
		}
	}
}

// idOf reads the id at the end of a path such as /meetings/12.
func idOf(t *testing.T, path string) int64 {
	t.Helper()
	i := strings.LastIndex(path, "/")
	var n int64
	for _, c := range path[i+1:] {
		n = n*10 + int64(c-'0')
	}
	return n
}
