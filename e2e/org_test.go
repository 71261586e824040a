package e2e

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"nghisu/internal/db"
	"nghisu/internal/demo"
	"nghisu/internal/testutil"
)

type css = chromedp.CSS

// do runs browser steps and stops the test at the first failure.
func do(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

// eval reads a JavaScript value from the page.
func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return v
}

// text reads the text of the first element matching a CSS selector.
func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(css(sel)))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return s
}

// signIn opens the sign-in page and signs in.
func signIn(t *testing.T, ctx context.Context, base, user string) {
	t.Helper()
	do(t, ctx,
		chromedp.Navigate(base+"/login"),
		chromedp.WaitVisible(css(`#f-username`)),
		chromedp.SendKeys(css(`#f-username`), user),
		chromedp.SendKeys(css(`#f-password`), demo.Password),
		chromedp.Click(css(`form.stack button[type=submit]`)),
		chromedp.WaitVisible(css(`.me`)),
	)
}

// The Mỹ Tho secretary signs in, opens the party committee, finds a member
// by typing his name without accents, gives him a post through the form and
// sees it listed. Every page on the way is checked with axe-core.
func TestSecretaryAddsAPost(t *testing.T) {
	ctx, console := browser(t)
	srv := testutil.NewServer(t, testutil.NewDB(t, db.SQLite))
	visit := func(name string) {
		t.Helper()
		checkA11y(t, ctx, name)
		console.check(t)
		shot(t, ctx, name)
	}

	do(t, ctx, chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(css(`#f-username`)))
	visit("signin")
	// From the keyboard alone: the name field has the focus, Tab, Enter.
	do(t, ctx,
		chromedp.KeyEvent("bithu.mytho\t"+demo.Password+"\r"),
		chromedp.WaitVisible(css(`#bodies-h`)),
	)
	visit("home")

	// Open the BCH from the home page's card.
	do(t, ctx, chromedp.Click(chromedp.Search(`//h3/a[text()="Ban Chấp hành"]`)), chromedp.WaitVisible(css(`#member-q`)))
	if rows := eval[int](t, ctx, `document.querySelectorAll("#members tbody tr").length`); rows != 31 {
		t.Fatalf("the BCH page lists %d members, want 31", rows)
	}
	visit("body")

	// Typing an unaccented name narrows the list as one types (htmx).
	do(t, ctx, chromedp.SendKeys(css(`#member-q`), "nguyen van duc"))
	waitFor(t, ctx, `document.querySelectorAll("#members tbody tr").length === 1`)
	if name := text(t, ctx, `#members tbody tr td:nth-child(2) a`); name != "Nguyễn Văn Đức" {
		t.Fatalf("search found %q", name)
	}
	shot(t, ctx, "body-search")

	do(t, ctx, chromedp.Click(css(`#members tbody tr td:nth-child(2) a`)), chromedp.WaitVisible(css(`#posts-h`)))
	visit("person")
	do(t, ctx, chromedp.Click(chromedp.Search(`//a[text()="Thêm chức vụ"]`)), chromedp.WaitVisible(css(`#f-kind`)))
	visit("postform")

	// The post: vice-chair of the farmers' union, a concurrent post.
	farmers := eval[string](t, ctx, `[...document.querySelectorAll("#f-org_id option")].find(o => o.text.startsWith("Hội Nông dân")).value`)
	do(t, ctx,
		chromedp.SetValue(css(`#f-org_id`), farmers),
		chromedp.SetValue(css(`#f-kind`), "vice_chair"),
		chromedp.SendKeys(css(`#f-areas`), "Phong trào nông dân sản xuất, kinh doanh giỏi"),
		chromedp.Click(css(`form.stack button[type=submit]`)),
		chromedp.WaitVisible(css(`#open-posts`)),
	)
	posts := text(t, ctx, `#open-posts`)
	if !strings.Contains(posts, "Phó Chủ tịch Hội Nông dân phường Mỹ Tho") || !strings.Contains(posts, "sản xuất, kinh doanh giỏi") {
		t.Fatalf("the new post is not listed: %s", posts)
	}
	if flash := text(t, ctx, `.flash.ok`); flash != "Đã thêm chức vụ." {
		t.Errorf("flash %q", flash)
	}
	visit("person-after")

	// A bad submission shows the reason beside the field.
	do(t, ctx,
		chromedp.Click(chromedp.Search(`//a[text()="Thêm chức vụ"]`)),
		chromedp.WaitVisible(css(`#f-kind`)),
		chromedp.SetValue(css(`#f-kind`), "other"),
		chromedp.SetValue(css(`#f-org_id`), farmers),
		chromedp.Click(css(`form.stack button[type=submit]`)),
		chromedp.WaitVisible(css(`#f-title-err`)),
	)
	if msg := text(t, ctx, `#f-title-err`); msg != "Hãy ghi tên chức vụ." {
		t.Errorf("field message %q", msg)
	}
	visit("postform-error")
}

// The pages other roles see first, checked for accessibility, on a desktop
// and at a phone's width.
func TestPagesAccessible(t *testing.T) {
	ctx, console := browser(t)
	srv := testutil.NewServer(t, testutil.NewDB(t, db.SQLite))
	mytho := srv.Commune(t, "Mỹ Tho").ID
	body := srv.Body(t, "Mỹ Tho", "committee").ID
	pages := []struct{ user, path, name string }{
		{"tinhuy", "/", "province-home"},
		{"tinhuy", "/orgs", "province-orgs"},
		{"tinhuy", "/search?q=nguyen+van", "search"},
		{"tinhuy", "/orgs/" + itoa(srv.Demo.ProvinceID) + "/staffing?sort=flags", "staffing"},
		{"admin", "/admin/accounts", "accounts"},
		{"admin", "/admin/accounts/new?org=" + itoa(mytho), "account-new"},
		{"admin", "/admin/audit", "audit"},
		{"vp.mytho", "/orgs/" + itoa(mytho), "commune"},
		{"vp.mytho", "/orgs/" + itoa(mytho) + "/import", "import"},
		{"vp.mytho", "/orgs/" + itoa(mytho) + "/people/new", "person-new"},
		{"vp.mytho", "/bodies/" + itoa(body) + "/members/new", "member-new"},
		{"vp.mytho", "/account", "account"},
	}
	user := ""
	for _, p := range pages {
		if p.user != user {
			if user != "" {
				do(t, ctx, chromedp.Click(css(`.me button`)), chromedp.WaitVisible(css(`#f-username`)))
			}
			signIn(t, ctx, srv.URL, p.user)
			user = p.user
		}
		do(t, ctx, chromedp.Navigate(srv.URL+p.path), chromedp.WaitVisible(css(`h1`)))
		checkA11y(t, ctx, p.name)
		console.check(t)
		shot(t, ctx, p.name)
	}
	do(t, ctx, chromedp.EmulateViewport(390, 844))
	for _, p := range []struct{ path, name string }{
		{"/orgs/" + itoa(mytho), "phone-commune"},
		{"/bodies/" + itoa(body), "phone-body"},
	} {
		do(t, ctx, chromedp.Navigate(srv.URL+p.path), chromedp.WaitVisible(css(`h1`)))
		checkA11y(t, ctx, p.name)
		console.check(t)
		shot(t, ctx, p.name)
	}
}

// waitFor polls a JavaScript condition until it holds or the test times out.
func waitFor(t *testing.T, ctx context.Context, cond string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](cond)); err != nil {
		t.Fatalf("waiting for %s: %v", cond, err)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// The accessibility check can fail: a page with an unlabelled field and
// unreadable text has findings.
func TestAxeFindsViolations(t *testing.T) {
	ctx, _ := browser(t)
	srv := testutil.NewServer(t, testutil.NewDB(t, db.SQLite))
	do(t, ctx, chromedp.Navigate(srv.URL+"/login"), chromedp.WaitVisible(css(`#f-username`)))
	if vs := violations(t, ctx, "signin"); len(vs) != 0 {
		t.Fatalf("the sign-in page has findings: %+v", vs)
	}
	eval[bool](t, ctx, `(() => {
		const i = document.createElement("input"); document.querySelector("main").append(i);
		const p = document.createElement("p"); p.textContent = "mờ"; p.style.color = "#eee"; document.querySelector("main").append(p);
		return true })()`)
	found := map[string]bool{}
	for _, v := range violations(t, ctx, "broken") {
		found[v.ID] = true
	}
	if !found["label"] || !found["color-contrast"] {
		t.Fatalf("axe missed the broken field and text: %v", found)
	}
}
