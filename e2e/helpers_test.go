package e2e

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"nghisu/internal/testutil"
)

//go:embed testdata/axe.min.js
var axeSource string

const chromium = "/usr/bin/chromium"

// browser starts a headless Chromium for one test, with the flags that keep
// it from reaching out to the network this machine does not have.
func browser(t *testing.T) (context.Context, *consoleLog) {
	t.Helper()
	if _, err := os.Stat(chromium); err != nil {
		testutil.Skip(t, "browser tests: "+chromium+" not found (apt-get install chromium)")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx)
	ctx, cancelT := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(func() { cancelT(); cancelC(); cancelA() })
	cl := &consoleLog{}
	err := chromedp.Listen(ctx, func(ev any) {
		switch e := ev.(type) {
		case *log.EventEntryAdded:
			// A form re-shown with its errors answers 422 or 409 on purpose.
			intended := e.Entry.Source == log.EntrySourceNetwork &&
				(strings.Contains(e.Entry.Text, "(Unprocessable Entity)") || strings.Contains(e.Entry.Text, "(Conflict)"))
			if e.Entry.Level == log.EntryLevelError && !intended {
				cl.add(string(e.Entry.Source) + ": " + e.Entry.Text)
			}
		case *runtime.EventExceptionThrown:
			cl.add("exception: " + e.ExceptionDetails.Text)
		}
	})
	if err == nil {
		_, err = chromedp.Call(ctx, log.Enable, cdp.Empty{})
	}
	if err == nil {
		_, err = chromedp.Call(ctx, runtime.Enable, cdp.Empty{})
	}
	if err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	return ctx, cl
}

// consoleLog collects errors the pages raise: a script error or a request
// the Content-Security-Policy refused is a bug.
type consoleLog struct {
	mu   sync.Mutex
	errs []string
}

func (c *consoleLog) add(s string) {
	c.mu.Lock()
	c.errs = append(c.errs, s)
	c.mu.Unlock()
}

func (c *consoleLog) check(t *testing.T) {
	t.Helper()
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, e := range c.errs {
		t.Errorf("browser console: %s", e)
	}
	c.errs = nil
}

// axeViolation is one finding of axe-core.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target []any  `json:"target"`
		HTML   string `json:"html"`
	} `json:"nodes"`
}

// checkA11y runs axe-core on the current page and fails the test on serious
// or critical violations of WCAG 2 A and AA.
func checkA11y(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	for _, v := range violations(t, ctx, page) {
		var where []string
		for _, n := range v.Nodes {
			where = append(where, fmt.Sprint(n.Target))
			if len(where) == 3 {
				break
			}
		}
		t.Errorf("accessibility (%s) on %s: %s: %s at %s", v.Impact, page, v.ID, v.Help, strings.Join(where, ", "))
	}
}

// violations runs axe-core on the current page and returns its serious and
// critical findings.
func violations(t *testing.T, ctx context.Context, page string) []axeViolation {
	t.Helper()
	loaded, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`typeof axe !== "undefined"`))
	if err != nil {
		t.Fatal(err)
	}
	if !loaded {
		if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](axeSource)); err != nil {
			t.Fatalf("inject axe: %v", err)
		}
	}
	js := `axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
		.then(r => JSON.stringify(r.violations))`
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("axe on %s: %v", page, err)
	}
	var all, out []axeViolation
	if err := json.Unmarshal([]byte(raw), &all); err != nil {
		t.Fatal(err)
	}
	for _, v := range all {
		if v.Impact == "serious" || v.Impact == "critical" {
			out = append(out, v)
		}
	}
	return out
}

// shot saves a screenshot when NGHISU_SCREENSHOTS names a folder, for a
// person to look at.
func shot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("NGHISU_SCREENSHOTS")
	if dir == "" {
		return
	}
	buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), buf, 0o644); err != nil {
		t.Fatal(err)
	}
}

// submit runs an action that loads a new page (a click on a form's button,
// a link) and waits until the new page, not the old one, shows sel.
func submit(t *testing.T, ctx context.Context, action chromedp.Action[chromedp.Void], sel string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`window.__stale = true`), action); err != nil {
		t.Fatal(err)
	}
	cond := fmt.Sprintf(`!window.__stale && document.readyState === "complete" && !!document.querySelector(%q)`, sel)
	// Poll by hand: while the page changes, an evaluation fails with the
	// old page's context gone, which only means "not yet".
	deadline := time.Now().Add(30 * time.Second)
	for {
		if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](cond)); err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			body, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname + ": " + document.body.innerText.slice(0, 600)`))
			t.Fatalf("no new page with %s after 30 s; the page shows %s", sel, body)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
