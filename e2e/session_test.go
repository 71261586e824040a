package e2e

import (
	"context"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"nghisu/internal/db"
	"nghisu/internal/model"
	"nghisu/internal/store"
	"nghisu/internal/testutil"
)

// streams sits in front of the server and keeps, per session cookie, the
// connection of its latest event stream, so that the test can drop one
// member's stream and keep it from coming back for a while.
type streams struct {
	mu      sync.Mutex
	conns   map[string]net.Conn
	blocked map[string]bool
}

func (s *streams) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/events") {
			if c, err := r.Cookie("nghisu_session"); err == nil {
				s.mu.Lock()
				blocked := s.blocked[c.Value]
				if !blocked {
					s.conns[c.Value] = testutil.ConnOf(r)
				}
				s.mu.Unlock()
				if blocked {
					http.Error(w, "unavailable", http.StatusServiceUnavailable)
					return
				}
			}
		}
		next.ServeHTTP(w, r)
	})
}

// drop cuts the stream of a session and refuses its reconnections until
// release.
func (s *streams) drop(t *testing.T, session string) {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.conns[session]
	if c == nil {
		t.Fatal("no stream to drop")
	}
	s.blocked[session] = true
	c.Close()
}

func (s *streams) release(session string) {
	s.mu.Lock()
	delete(s.blocked, session)
	s.mu.Unlock()
}

// until polls a JavaScript condition on a page until it holds, and says
// what it waited for and what the page showed when it gives up.
func until(t *testing.T, ctx context.Context, what, cond string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](cond)); err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			body, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("main").innerText.slice(0, 1500)`))
			t.Fatalf("%s: not after 15 s; the page shows:\n%s", what, body)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// shows is the condition "the element sel shows text".
func shows(sel, text string) string {
	return `(function(){var e=document.querySelector(` + quote(sel) + `);return !!e && !e.closest("[hidden]") && e.textContent.indexOf(` + quote(text) + `)>=0})()`
}

func quote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"` }

// A BCH meeting run live: the chair opens it from the console and opens a
// named vote; three members vote from their own pages; the projector shows
// the tally move without a reload; one member's stream is dropped by the
// server while the chair closes the vote, and that member's page says it is
// reconnecting, then shows the result it missed without a reload.
func TestMeetingInSession(t *testing.T) {
	root, console := browser(t)
	cut := &streams{conns: map[string]net.Conn{}, blocked: map[string]bool{}}
	srv := testutil.NewServerWith(t, testutil.NewDB(t, db.SQLite), testutil.Options{Wrap: cut.wrap})
	bch := srv.Body(t, "Mỹ Tho", model.BodyCommittee)
	ms, err := srv.App.Store.Meetings(ctx(), store.MeetingQuery{BodyIDs: []int64{bch.ID}, Kind: model.MeetingThematic})
	if err != nil || len(ms) != 1 {
		t.Fatalf("the demo's meeting of today: %v", err)
	}
	live := srv.URL + "/meetings/" + itoa(ms[0].ID)

	// The secretary has taken the roll: 19 of the 28 incumbent members, the
	// quorum, the three voters among them.
	voters := []string{"uv.mytho", "btv.mytho", "pbtt.mytho"}
	chair := srv.Actor(t, "bithu.mytho")
	here := map[int64]bool{}
	for _, u := range voters {
		here[srv.PersonOf(t, u)] = true
	}
	members, err := srv.App.Store.BodyMembers(ctx(), bch.ID, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range members {
		if len(here) < 19 && m.Status == model.StatusIncumbent {
			here[m.PersonID] = true
		}
	}
	for p := range here {
		if err := srv.App.Session.RecordAttendance(ctx(), chair, ms[0].ID, p, model.AttendanceInput{Status: model.AttendPresent}); err != nil {
			t.Fatal(err)
		}
	}

	// One browser context (own cookies) per person; all pages stay open.
	page := func(user, path string) context.Context {
		t.Helper()
		c, cancel := chromedp.NewContext(root, chromedp.WithNewBrowserContext())
		t.Cleanup(cancel)
		signIn(t, c, srv.URL, user)
		do(t, c, chromedp.Navigate(live+path), chromedp.WaitVisible(css(`#live`)))
		until(t, c, user+" connected", `document.querySelector("[data-conn]").classList.contains("on")`)
		// Marked: a reload would lose it.
		do(t, c, chromedp.Evaluate[chromedp.Void](`window.__same = true`))
		return c
	}
	con := page("bithu.mytho", "/console")
	proj := page("vp.mytho", "/projector")
	mem := map[string]context.Context{}
	for _, u := range voters {
		mem[u] = page(u, "/live")
	}
	checkA11y(t, con, "console")
	checkA11y(t, mem["uv.mytho"], "participant")
	shot(t, con, "session-console-convened")

	// The chair opens the meeting: every page follows.
	do(t, con, chromedp.Click(css(`[data-act="open"]`)))
	for u, c := range mem {
		until(t, c, u+" sees the meeting open", shows(`[data-bind="state"]`, "Đang họp"))
		until(t, c, u+" sees the first item", shows(`[data-bind="item.title"]`, "1. Khai mạc"))
	}
	until(t, proj, "the projector shows the first item", shows(`[data-bind="item.title"]`, "1. Khai mạc"))

	// The chair opens a named vote that shows its tally while voting.
	do(t, con,
		chromedp.Click(css(`details.open-vote summary`)),
		chromedp.SendKeys(css(`#f-ptitle`), "Thông qua chương trình hội nghị"),
		chromedp.SetValue(css(`#f-kind`), "ordinary"),
		chromedp.SetValue(css(`#f-method`), "named"),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('[name=hide_results]').checked = false`),
		chromedp.Click(css(`form[data-form="poll"] button[type=submit]`)),
	)
	for u, c := range mem {
		until(t, c, u+" may vote", `!document.querySelector("[data-ballot]").hidden && !document.querySelector('[data-choice="for"]').hidden`)
	}
	until(t, proj, "the projector shows the vote", shows(`.live-poll`, "Thông qua chương trình hội nghị"))
	shot(t, mem["uv.mytho"], "session-member-voting")

	// Three members vote; the projector's tally follows each ballot.
	vote := func(u, choice, forN, againstN, turnout string) {
		t.Helper()
		do(t, mem[u], chromedp.Click(css(`[data-choice="`+choice+`"]`)))
		until(t, mem[u], u+"'s ballot acknowledged", shows(`[data-bind="ballot.note"]`, "Đồng chí đã biểu quyết"))
		until(t, proj, "tally after "+u, shows(`dd.n-for`, forN)+" && "+shows(`dd.n-against`, againstN)+" && "+shows(`.turnout`, turnout))
	}
	vote("uv.mytho", "for", "1", "0", "1 / 19")
	vote("btv.mytho", "for", "2", "0", "2 / 19")
	vote("pbtt.mytho", "against", "2", "1", "3 / 19")
	shot(t, proj, "session-projector-tally")
	checkA11y(t, proj, "projector")

	// The server drops pbtt's stream and keeps it out while the chair
	// closes the vote: the page says so instead of showing old data as
	// current.
	res, err := chromedp.Call(mem["pbtt.mytho"], network.GetCookies, network.GetCookiesParams{URLs: []string{srv.URL}})
	if err != nil {
		t.Fatal(err)
	}
	var session string
	for _, c := range res.Cookies {
		if c.Name == "nghisu_session" {
			session = c.Value
		}
	}
	cut.drop(t, session)
	until(t, mem["pbtt.mytho"], "pbtt sees the connection lost",
		`document.querySelector("[data-conn]").classList.contains("off") && !document.querySelector("[data-stale]").hidden`)
	shot(t, mem["pbtt.mytho"], "session-member-reconnecting")
	do(t, con, chromedp.Click(css(`[data-act="close-poll"]`)))
	// 2 for of a base of 28: not passed (15 needed).
	until(t, mem["uv.mytho"], "uv sees the result", shows(`.live-poll .result`, "KHÔNG THÔNG QUA"))
	if eval[bool](t, mem["pbtt.mytho"], shows(`.live-poll .result`, "THÔNG QUA")) {
		t.Fatal("pbtt's page got the result while its stream was cut")
	}
	cut.release(session)
	until(t, mem["pbtt.mytho"], "pbtt back live", `document.querySelector("[data-conn]").classList.contains("on") && document.querySelector("[data-stale]").hidden`)
	until(t, mem["pbtt.mytho"], "pbtt sees the result it missed", shows(`.live-poll .result`, "KHÔNG THÔNG QUA"))
	shot(t, mem["pbtt.mytho"], "session-member-after-reconnect")

	for u, c := range map[string]context.Context{"chair": con, "projector": proj, "uv": mem["uv.mytho"], "btv": mem["btv.mytho"], "pbtt": mem["pbtt.mytho"]} {
		if !eval[bool](t, c, `window.__same === true`) {
			t.Errorf("%s's page was reloaded", u)
		}
	}
	console.check(t)

	// The record has it, with who voted what.
	p, err := srv.App.Store.Polls(ctx(), ms[0].ID)
	if err != nil || len(p) != 1 || p[0].For != 2 || p[0].Against != 1 || p[0].Passed == nil || *p[0].Passed {
		t.Fatalf("recorded vote: %+v, %v", p, err)
	}
}

func ctx() context.Context { return context.Background() }
