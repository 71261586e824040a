package web_test

import (
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"nghisu/internal/db"
	"nghisu/internal/demo"
	"nghisu/internal/testutil"
)

// checkSecureHeaders fails unless a response carries the headers that keep
// it from being framed, sniffed or made to run code from elsewhere, and, for
// an HTML page, unless the page itself holds no inline code or style (the
// policy would block it, so a page relying on it is broken). HSTS is sent
// only when the server is told it is behind TLS.
func checkSecureHeaders(t testing.TB, what string, h http.Header, body string, tls bool) {
	t.Helper()
	csp := h.Get("Content-Security-Policy")
	// Pages: our own scripts only; uploaded files: nothing at all, sandboxed.
	page := strings.Contains(csp, "script-src 'self'") && strings.Contains(csp, "object-src 'none'")
	upload := strings.HasPrefix(csp, "default-src 'none';") && strings.Contains(csp, "sandbox")
	if !page && !upload || strings.Contains(csp, "unsafe-inline") ||
		strings.Contains(csp, "unsafe-eval") || !strings.Contains(csp, "frame-ancestors 'none'") {
		t.Errorf("%s: Content-Security-Policy %q", what, csp)
	}
	for k, v := range map[string]string{"X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin"} {
		if got := h.Get(k); got != v {
			t.Errorf("%s: %s %q, want %q", what, k, got, v)
		}
	}
	if hsts := h.Get("Strict-Transport-Security"); tls != strings.Contains(hsts, "max-age=") {
		t.Errorf("%s: Strict-Transport-Security %q with TLS %v", what, hsts, tls)
	}
	if strings.HasPrefix(h.Get("Content-Type"), "text/html") {
		if bad := inlineCode(body); bad != "" {
			t.Errorf("%s: inline code in the page: %s", what, bad)
		}
	}
}

var (
	// A script element that is not a data block must load a file.
	scriptTag = regexp.MustCompile(`(?is)<script\b([^>]*)>(.*?)</script>`)
	// Attributes that run code or style an element; text never matches,
	// since the templates escape "<" and '"' in it.
	handlerAttr = regexp.MustCompile(`(?i)<[a-z][^>]*\s(on[a-z]+\s*=|style\s*=)`)
	styleTag    = regexp.MustCompile(`(?i)<style\b`)
	jsURL       = regexp.MustCompile(`(?i)(href|src|action|formaction)\s*=\s*["']?\s*javascript:`)
)

// inlineCode returns the first piece of inline script, handler or style in
// an HTML page (or template), or "".
func inlineCode(page string) string {
	for _, m := range scriptTag.FindAllStringSubmatch(page, -1) {
		attrs, body := m[1], strings.TrimSpace(m[2])
		if strings.Contains(attrs, `type="application/json"`) {
			continue // data, not code: read by live.js with JSON.parse
		}
		if body != "" || !strings.Contains(attrs, "src=") {
			return m[0][:min(len(m[0]), 120)]
		}
	}
	for _, re := range []*regexp.Regexp{handlerAttr, styleTag, jsURL} {
		if loc := re.FindStringIndex(page); loc != nil {
			return page[loc[0]:min(len(page), loc[1]+40)]
		}
	}
	return ""
}

// Every page and API answer carries the security headers, with HSTS and
// Secure cookies only when nghisu is told it is served over HTTPS; the
// session cookie is HttpOnly and SameSite=Lax either way. (The
// authorisation matrix checks the headers on every route too.)
func TestSecureHeadersAndCookies(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		for _, tls := range []bool{false, true} {
			if tls {
				d = testutil.NewDB(t, d.Dialect()) // a second demo needs its own database
			}
			srv := testutil.NewServerWith(t, d, testutil.Options{Communes: 1, SecureCookies: tls})
			anon := srv.Client(t)
			for _, p := range []string{"/login", "/orgs", "/no-such-page", "/healthz", "/static/none.css", "/api/openapi.json", "/api/v1/orgs"} {
				r := anon.Get(t, p)
				checkSecureHeaders(t, "anonymous GET "+p, r.Header, r.Body, tls)
			}
			// A bad bearer token is refused by the API with the headers too.
			req, _ := http.NewRequest("GET", srv.URL+"/api/v1/orgs", nil)
			req.Header.Set("Authorization", "Bearer not-a-token")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusUnauthorized {
				t.Errorf("bad token: %d", resp.StatusCode)
			}
			checkSecureHeaders(t, "bad token", resp.Header, string(b), tls)

			signIn := anon.PostForm(t, "/login", url.Values{"username": {"bithu.mytho"}, "password": {demo.Password}})
			if signIn.StatusCode != http.StatusSeeOther {
				t.Fatalf("sign in: %d", signIn.StatusCode)
			}
			checkSecureHeaders(t, "POST /login", signIn.Header, signIn.Body, tls)
			checkCookie(t, signIn.Header, "nghisu_session", tls)
			lang := anon.PostForm(t, "/lang", url.Values{"lang": {"en"}})
			checkCookie(t, lang.Header, "lang", tls)

			if !tls {
				// Over plain HTTP the jar sends the session back: pages
				// and the API as a signed-in reader.
				for _, p := range []string{"/", "/orgs", "/search?q=%3Cscript%3E", "/api/v1/orgs", "/account"} {
					r := anon.Get(t, p)
					if r.StatusCode != http.StatusOK {
						t.Errorf("GET %s signed in: %d", p, r.StatusCode)
					}
					checkSecureHeaders(t, "signed-in GET "+p, r.Header, r.Body, tls)
				}
			}
		}
	})
}

func checkCookie(t testing.TB, h http.Header, name string, tls bool) {
	t.Helper()
	found := false
	for _, ck := range (&http.Response{Header: h}).Cookies() {
		if ck.Name != name {
			continue
		}
		found = true
		if !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Secure != tls {
			t.Errorf("cookie %s: HttpOnly %v, SameSite %v, Secure %v (served over TLS: %v)", name, ck.HttpOnly, ck.SameSite, ck.Secure, tls)
		}
	}
	if !found {
		t.Errorf("no %s cookie set", name)
	}
}

// No template holds inline code or style (the policy allows neither), and
// our scripts never turn text into markup: they set textContent and build
// elements. htmx (vendored) is told not to eval nor add its own style.
func TestTemplatesHaveNoInlineCode(t *testing.T) {
	n := 0
	err := filepath.WalkDir("templates", func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() || !strings.HasSuffix(path, ".html") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		n++
		if bad := inlineCode(string(b)); bad != "" {
			t.Errorf("%s: inline code: %s", path, bad)
		}
		return nil
	})
	if err != nil || n < 20 {
		t.Fatalf("templates: %d read, %v", n, err)
	}
	sinks := regexp.MustCompile(`\.(innerHTML|outerHTML)\s*\+?=|insertAdjacentHTML|document\.write|\beval\(|new Function\(|setTimeout\(\s*["']`)
	scripts, _ := filepath.Glob("static/*.js")
	for _, p := range scripts {
		if filepath.Base(p) == "htmx.min.js" {
			continue // vendored; configured below
		}
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if loc := sinks.FindIndex(b); loc != nil {
			t.Errorf("%s: markup or code from a string: %s", p, b[loc[0]:min(len(b), loc[1]+40)])
		}
	}
	layout, err := os.ReadFile("templates/layout.html")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(layout), `"includeIndicatorStyles":false`) || !strings.Contains(string(layout), `"allowEval":false`) {
		t.Error("layout.html: htmx must be configured with allowEval and includeIndicatorStyles false")
	}
}
