package e2e

import (
	"context"
	"encoding/base64"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"nghisu/internal/db"
	"nghisu/internal/demo"
	"nghisu/internal/model"
	"nghisu/internal/store"
	"nghisu/internal/testutil"
)

// After the meeting, the secretary of the meeting opens the minutes the
// system drafted, corrects one speech, saves and signs with the password;
// the chair signs; the minutes are numbered, the minute book shows the
// entry verified, and the PDF downloads with the corrected speech.
func TestMinutesSignedAfterTheMeeting(t *testing.T) {
	root, console := browser(t)
	srv := testutil.NewServerWith(t, testutil.NewDB(t, db.SQLite), testutil.Options{Communes: 2})
	st, sess := srv.App.Store, srv.App.Session
	bch := srv.Body(t, "Mỹ Tho", model.BodyCommittee)
	ms, err := st.Meetings(ctx(), store.MeetingQuery{BodyIDs: []int64{bch.ID}, Kind: model.MeetingThematic})
	if err != nil || len(ms) != 1 {
		t.Fatalf("the demo's meeting of today: %v", err)
	}
	id := ms[0].ID
	chair, secretary := srv.Actor(t, "bithu.mytho"), srv.Actor(t, "thuky.mytho")
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	// The meeting, held through the services: everyone present, one
	// speech with its substance, adjourned.
	members, err := st.BodyMembers(ctx(), bch.ID, false)
	must(err)
	for _, m := range members {
		must(sess.RecordAttendance(ctx(), chair, id, m.PersonID, model.AttendanceInput{Status: model.AttendPresent}))
	}
	must(sess.Open(ctx(), chair, id))
	must(sess.GoTo(ctx(), chair, id, 1, 0))
	sp, err := sess.AddSpeaker(ctx(), chair, id, srv.PersonOf(t, "uv.mytho"), model.SpeechNormal)
	must(err)
	must(sess.GiveFloor(ctx(), chair, sp.ID))
	must(sess.EndSpeech(ctx(), chair, sp.ID))
	must(sess.SetSubstance(ctx(), secretary, sp.ID, "Đề nghị bổ sung chỉ tiêu hồ sơ trực tuyến."))
	srv.Clock.Advance(time.Hour)
	must(sess.Adjourn(ctx(), chair, id))

	minutes := srv.URL + "/meetings/" + itoa(id) + "/minutes"
	as := func(user string) context.Context {
		t.Helper()
		c, cancel := chromedp.NewContext(root, chromedp.WithNewBrowserContext())
		t.Cleanup(cancel)
		signIn(t, c, srv.URL, user)
		return c
	}

	// The secretary: the draft is there, written from the meeting.
	sec := as("thuky.mytho")
	do(t, sec, chromedp.Navigate(minutes), chromedp.WaitVisible(css(`#f-text`)))
	draft := eval[string](t, sec, `document.querySelector("#f-text").value`)
	for _, want := range []string{"Có mặt 28/28 đồng chí", "Đề nghị bổ sung chỉ tiêu hồ sơ trực tuyến.", "III. DIỄN BIẾN HỘI NGHỊ"} {
		if !strings.Contains(draft, want) {
			t.Fatalf("the drafted minutes lack %q:\n%s", want, draft)
		}
	}
	checkA11y(t, sec, "minutes-draft")
	shot(t, sec, "minutes-draft")
	// One speech corrected, saved.
	do(t, sec, chromedp.Evaluate[chromedp.Void](`const f = document.querySelector("#f-text");
		f.value = f.value.replace("hồ sơ trực tuyến.", "hồ sơ trực tuyến toàn trình đạt 100%.")`))
	submit(t, sec, chromedp.Click(css(`form[action$="/minutes"] button[type=submit]`)), `#f-password`)
	if got := text(t, sec, `.flash`); !strings.Contains(got, "Đã lưu biên bản") {
		t.Errorf("after saving: %q", got)
	}
	// A wrong password is told beside the field; the right one signs.
	do(t, sec, chromedp.SendKeys(css(`#f-password`), "sai-mat-khau"))
	submit(t, sec, chromedp.Click(css(`form[action$="/sign"] button`)), `#f-password`)
	if got := text(t, sec, `.field.invalid .err`); !strings.Contains(got, "Mật khẩu không đúng") {
		t.Errorf("a wrong password: %q", got)
	}
	do(t, sec, chromedp.SendKeys(css(`#f-password`), demo.Password))
	submit(t, sec, chromedp.Click(css(`form[action$="/sign"] button`)), `form[action$="/unsign"]`)
	if eval[bool](t, sec, `!!document.querySelector("#f-text")`) {
		t.Error("the minutes can still be edited after a signature")
	}

	// The chair signs: final, numbered, in the book.
	ch := as("bithu.mytho")
	do(t, ch, chromedp.Navigate(minutes), chromedp.WaitVisible(css(`#f-password`)))
	do(t, ch, chromedp.SendKeys(css(`#f-password`), demo.Password))
	submit(t, ch, chromedp.Click(css(`form[action$="/sign"] button`)), `a[href*="/minute-book"]`)
	page := text(t, ch, `main`)
	for _, want := range []string{"Đã ký, đã vào sổ", "-BB/ĐU", "toàn trình đạt 100%"} {
		if !strings.Contains(page, want) {
			t.Errorf("the final minutes page lacks %q", want)
		}
	}
	checkA11y(t, ch, "minutes-final")
	shot(t, ch, "minutes-final")
	submit(t, ch, chromedp.Click(css(`a[href*="/minute-book"]`)), `table`)
	if got := text(t, ch, `.ok-note`); !strings.Contains(got, "hợp lệ") {
		t.Errorf("the minute book says %q", got)
	}
	checkA11y(t, ch, "minute-book")
	shot(t, ch, "minute-book")

	// The PDF downloads (fetched by the page, with its cookie) and says
	// what was signed.
	do(t, ch, chromedp.Navigate(minutes), chromedp.WaitVisible(css(`a[href$="/pdf"]`)))
	b64, err := chromedp.Run(ch, chromedp.Evaluate[string](`(async () => {
		const r = await fetch(document.querySelector('a[href$="/pdf"]').href);
		const b = new Uint8Array(await r.arrayBuffer());
		let s = ""; for (const c of b) s += String.fromCharCode(c);
		return r.headers.get("content-type") + " " + btoa(s);
	})()`, chromedp.EvalAwaitPromise))
	must(err)
	ctype, data, _ := strings.Cut(b64, " ")
	pdf, err := base64.StdEncoding.DecodeString(data)
	if err != nil || ctype != "application/pdf" || !strings.HasPrefix(string(pdf), "%PDF-") {
		t.Fatalf("the PDF: %s, %v, %q", ctype, err, pdf[:min(len(pdf), 8)])
	}
	file := filepath.Join(t.TempDir(), "bien-ban.pdf")
	must(os.WriteFile(file, pdf, 0o600))
	if out, err := exec.Command("pdftotext", "-layout", file, "-").Output(); err == nil {
		txt := strings.Join(strings.Fields(string(out)), " ")
		for _, want := range []string{"BIÊN BẢN", "toàn trình đạt 100%", "NGƯỜI GHI BIÊN BẢN", "CHỦ TRÌ HỘI NGHỊ"} {
			if !strings.Contains(txt, want) {
				t.Errorf("the PDF lacks %q", want)
			}
		}
	} else if os.Getenv("NGHISU_REQUIRE_ALL") == "1" {
		t.Fatalf("pdftotext: %v", err)
	}
	console.check(t)
}
