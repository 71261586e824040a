package e2e

import (
	"encoding/base64"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"nghisu/internal/db"
	"nghisu/internal/demo"
	"nghisu/internal/testutil"
)

// The province's oversight officer opens the dashboard, puts the weakest
// commune first, drills into its worst month, reaches the meeting whose
// papers went out late, and downloads the draft evaluation report. Every
// page passes axe-core.
func TestOversightDrillDown(t *testing.T) {
	root, console := browser(t)
	srv := testutil.NewServerWith(t, testutil.NewDB(t, db.SQLite), testutil.Options{History: 24})
	if err := srv.App.Oversight.RefreshAll(ctx(), "", ""); err != nil {
		t.Fatal(err)
	}
	c, cancel := chromedp.NewContext(root, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	signIn(t, c, srv.URL, "tinhuy")

	// From the home page to the heat table.
	submit(t, c, chromedp.Click(css(`a.btn[href$="/oversight"]`)), `table.heat-table`)
	checkA11y(t, c, "oversight-dashboard")
	shot(t, c, "oversight-dashboard")
	if n := eval[int](t, c, `document.querySelectorAll(".heat-table tbody tr").length`); n != 31 {
		t.Errorf("the dashboard lists %d communes, want 31", n)
	}

	// Weakest first: the last of the ranking heads the table.
	submit(t, c, chromedp.Click(css(`a.sort-weak`)), `table.heat-table`)
	if rank := text(t, c, `.heat-table tbody tr td.num`); strings.TrimSpace(rank) != "31" {
		t.Fatalf("weakest first: the first row's rank is %q, want 31", rank)
	}
	weakest := text(t, c, `.heat-table tbody tr th a`)

	// Its worst months, lowest first, until one shows a meeting whose
	// papers went out late.
	months := eval[[]string](t, c, `(() => {
		const cells = [...document.querySelector(".heat-table tbody tr").querySelectorAll("td.heat a")];
		cells.sort((a, b) => parseFloat(a.textContent.replace(",", ".")) - parseFloat(b.textContent.replace(",", ".")));
		return cells.slice(0, 4).map(a => a.getAttribute("href"));
	})()`)
	late := `#e-papers_on_time li.bad a`
	found := false
	for i, href := range months {
		submit(t, c, chromedp.Navigate(srv.URL+href), `#score-h`)
		if i == 0 {
			checkA11y(t, c, "oversight-month")
			shot(t, c, "oversight-month")
		}
		if eval[int](t, c, `document.querySelectorAll(`+quote(late)+`).length`) > 0 {
			found = true
			break
		}
	}
	if !found {
		t.Fatalf("none of %s's worst months %v shows a meeting with late papers", weakest, months)
	}

	// The meeting whose papers went out late, named with its deadline.
	if due := text(t, c, `#e-papers_on_time li.bad`); !strings.Contains(due, "hạn") {
		t.Errorf("the late papers' line says no deadline: %q", due)
	}
	title := text(t, c, late)
	submit(t, c, chromedp.Click(css(late)), `h1`)
	if h := text(t, c, `h1`); !strings.Contains(h, strings.TrimSpace(title)) && !strings.Contains(title, h) {
		t.Errorf("reached %q, want the meeting %q", h, title)
	}

	// The draft report, as PDF.
	do(t, c, chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(css(`a.btn[href$="/oversight"]`)))
	submit(t, c, chromedp.Click(css(`a.btn[href$="/oversight"]`)), `table.heat-table`)
	submit(t, c, chromedp.Click(css(`a[href*="/oversight/report?"]`)), `#report-pdf`)
	checkA11y(t, c, "oversight-report")
	shot(t, c, "oversight-report")
	b64, err := chromedp.Run(c, chromedp.Evaluate[string](`(async () => {
		const r = await fetch(document.querySelector('#report-pdf').href);
		const b = new Uint8Array(await r.arrayBuffer());
		let s = ""; for (const c of b) s += String.fromCharCode(c);
		return r.headers.get("content-type") + " " + btoa(s);
	})()`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	ctype, data, _ := strings.Cut(b64, " ")
	pdf, err := base64.StdEncoding.DecodeString(data)
	if err != nil || ctype != "application/pdf" || !strings.HasPrefix(string(pdf), "%PDF-") {
		t.Fatalf("the report PDF: %s, %v", ctype, err)
	}
	file := filepath.Join(t.TempDir(), "bao-cao.pdf")
	if err := os.WriteFile(file, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("pdftotext", "-layout", file, "-").Output(); err == nil {
		txt := strings.Join(strings.Fields(string(out)), " ")
		for _, want := range []string{"BÁO CÁO", "HẠN CHẾ, KHUYẾT ĐIỂM", "T/M BAN THƯỜNG VỤ", demo.Weakest} {
			if !strings.Contains(txt, want) {
				t.Errorf("the report PDF lacks %q", want)
			}
		}
	} else if os.Getenv("NGHISU_REQUIRE_ALL") == "1" {
		t.Fatalf("pdftotext: %v", err)
	}
	console.check(t)
}
