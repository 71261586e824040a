package e2e

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"nghisu/internal/db"
	"nghisu/internal/model"
	"nghisu/internal/store"
	"nghisu/internal/testutil"
)

// A resolution's paragraph becomes two tasks, for the UBND and the Front;
// the UBND user reports 60% with a file; time passes; the coming meeting's
// review shows the task late and goes first in the program; the overlap
// page warns of a subject given to two owners. Each page passes axe-core.
func TestTasksFromAResolution(t *testing.T) {
	root, console := browser(t)
	srv := testutil.NewServerWith(t, testutil.NewDB(t, db.SQLite), testutil.Options{Communes: 2})
	mytho := srv.Commune(t, "Mỹ Tho")
	bch := srv.Body(t, "Mỹ Tho", model.BodyCommittee)
	vpActor := srv.Actor(t, "vp.mytho")
	signers, err := srv.App.Record.Signers(ctx(), bch)
	if err != nil || len(signers) == 0 {
		t.Fatalf("signers: %v", err)
	}
	today := srv.App.Followup.Today()
	doc, err := srv.App.Record.Issue(ctx(), vpActor, model.IssueInput{BodyID: bch.ID, Type: model.TypeResolution,
		Subject: "Về bảo đảm an ninh trật tự", Text: "Ban Chấp hành Đảng bộ phường quyết nghị:\nGiao UBND và Mặt trận Tổ quốc phường lắp đặt camera an ninh ở các khu phố.",
		IssuedOn: today, SignerID: signers[0].PersonID})
	if err != nil {
		t.Fatal(err)
	}
	as := func(user string) context.Context {
		t.Helper()
		c, cancel := chromedp.NewContext(root, chromedp.WithNewBrowserContext())
		t.Cleanup(cancel)
		signIn(t, c, srv.URL, user)
		return c
	}
	due := today.Time(time.UTC).AddDate(0, 0, 5).Format("2006-01-02")

	vp := as("vp.mytho")
	do(t, vp, chromedp.Navigate(srv.URL+"/issued/"+itoa(doc.ID)), chromedp.WaitVisible(css(`h1`)))
	submit(t, vp, chromedp.Click(css(`a[href*="/tasks/new"]`)), `#f-title`)
	checkA11y(t, vp, "task-new")
	for _, owner := range []string{"Ủy ban nhân dân", "Ủy ban Mặt trận"} {
		if owner != "Ủy ban nhân dân" {
			do(t, vp, chromedp.Navigate(srv.URL+"/orgs/"+itoa(mytho.ID)+"/tasks/new?source_kind=issued&source_id="+itoa(doc.ID)+"&source_para=2"),
				chromedp.WaitVisible(css(`#f-title`)))
		}
		value := eval[string](t, vp, `[...document.querySelectorAll("#f-owner option")].find(o => o.textContent.startsWith(`+quote(owner)+`)).value`)
		do(t, vp,
			chromedp.SendKeys(css(`#f-title`), "Lắp đặt camera an ninh ở các khu phố"),
			chromedp.SendKeys(css(`#f-subject`), "An ninh trật tự"),
			chromedp.SetValue(css(`#f-owner`), value),
			chromedp.SetValue(css(`#f-due_on`), due),
			chromedp.SetValue(css(`#f-source_para`), "2"),
		)
		submit(t, vp, chromedp.Click(css(`form.stack button[type=submit]`)), `#history-h`)
		if got := text(t, vp, `blockquote`); !strings.Contains(got, "lắp đặt camera an ninh") {
			t.Fatalf("the quoted paragraph: %q", got)
		}
	}
	checkA11y(t, vp, "task")
	shot(t, vp, "task")
	console.check(t)

	// The UBND user reports 60% with a photo.
	ts, err := srv.App.Store.Tasks(ctx(), store.TaskQuery{CommuneID: mytho.ID})
	if err != nil {
		t.Fatal(err)
	}
	var ubndTask int64
	for _, x := range ts {
		if x.Subject == "An ninh trật tự" && strings.HasPrefix(x.Owner.Name, "Ủy ban nhân dân") {
			ubndTask = x.ID
		}
	}
	photo := filepath.Join(t.TempDir(), "camera.png")
	if err := os.WriteFile(photo, []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), 0o644); err != nil {
		t.Fatal(err)
	}
	ubnd := as("ubnd.mytho")
	do(t, ubnd, chromedp.Navigate(srv.URL+"/orgs/"+itoa(mytho.ID)+"/tasks"), chromedp.WaitVisible(css(`h1`)))
	checkA11y(t, ubnd, "tasks-ubnd")
	shot(t, ubnd, "tasks-ubnd")
	if list := text(t, ubnd, `main`); strings.Contains(list, "Vận động nhân dân phân loại rác") {
		t.Errorf("the UBND user sees the Front's task")
	}
	do(t, ubnd, chromedp.Navigate(srv.URL+"/tasks/"+itoa(ubndTask)), chromedp.WaitVisible(css(`#f-percent`)))
	do(t, ubnd,
		chromedp.SetValue(css(`#f-status`), "on_track"),
		chromedp.SetValue(css(`#f-percent`), "60"),
		chromedp.SendKeys(css(`#f-note`), "Đã lắp 6/10 khu phố."),
		chromedp.SetUploadFiles(css(`#f-file`), []string{photo}),
	)
	submit(t, ubnd, chromedp.Click(css(`#report button[type=submit]`)), `#history-h`)
	if h := text(t, ubnd, `#history-h + .table-wrap`); !strings.Contains(h, "Đã lắp 6/10 khu phố.") || !strings.Contains(h, "tài liệu minh chứng") {
		t.Fatalf("history: %q", h)
	}
	console.check(t)

	// Time passes: the deadline goes by before the next meeting.
	srv.Clock.Advance(8 * 24 * time.Hour)
	bms, err := srv.App.Store.Meetings(ctx(), store.MeetingQuery{BodyIDs: []int64{bch.ID}, Kind: model.MeetingRegular, From: srv.Clock.Now()})
	if err != nil || len(bms) == 0 {
		t.Fatalf("the coming meeting: %v", err)
	}
	vp = as("vp.mytho")
	do(t, vp, chromedp.Navigate(srv.URL+"/meetings/"+itoa(bms[0].ID)), chromedp.WaitVisible(css(`h1`)))
	submit(t, vp, chromedp.Click(css(`a[href$="/review"]`)), `#draft-h`)
	checkA11y(t, vp, "task-review")
	shot(t, vp, "task-review")
	if first := text(t, vp, `tbody tr:first-child`); !strings.Contains(first, "Chậm tiến độ") {
		t.Errorf("the first task of the review is not late: %q", first)
	}
	submit(t, vp, chromedp.Click(css(`form.actions button`)), `#draft-h`)
	do(t, vp, chromedp.Navigate(srv.URL+"/meetings/"+itoa(bms[0].ID)+"/program"), chromedp.WaitVisible(css(`h1`)))
	items, err := srv.App.Store.Items(ctx(), bms[0].ID)
	if err != nil || items[0].Source != model.SourceReview || !strings.Contains(items[0].Notes, "Lắp đặt camera an ninh") {
		t.Fatalf("the program's first item: %+v, %v", items[0], err)
	}
	do(t, vp, chromedp.Navigate(srv.URL+"/orgs/"+itoa(mytho.ID)+"/overlaps"), chromedp.WaitVisible(css(`h1`)))
	checkA11y(t, vp, "overlaps")
	if w := text(t, vp, `#warn-h`+` + ul`); !strings.Contains(w, "An ninh trật tự") || !strings.Contains(w, "Phân loại rác tại nguồn") {
		t.Errorf("warnings: %q", w)
	}
	shot(t, vp, "overlaps")
	console.check(t)
}
