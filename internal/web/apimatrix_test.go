package web_test

import (
	"fmt"
	"io"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"nghisu/internal/api"
	"nghisu/internal/db"
	"nghisu/internal/model"
	"nghisu/internal/testutil"
)

// The API's authorisation matrix: every operation of /api/v1, pointed at
// Mỹ Tho's objects, called without a token and with the token of every
// column of the UI matrix. Without a token: 401. From another commune
// (its secretary, office, member): 404 for every operation on Mỹ Tho's
// objects, whatever the method, and nothing in the database changes; the
// lists it may read never name Mỹ Tho. Mỹ Tho's own people and the
// province: no operation fails with a server error. A new operation whose
// path names an object kind this test cannot point at fails the test.
func TestAPIAuthorizationMatrix(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := testutil.NewServer(t, d)
		outsiderAccounts(t, srv)
		ids := apiObjects(t, srv)
		routes := srv.App.Web.API.(interface{ Routes() []api.Route }).Routes()
		if len(routes) < 100 {
			t.Fatalf("only %d API routes", len(routes))
		}
		tokens := map[who]string{anon: ""}
		for _, w := range everyone[1:] {
			a := srv.Actor(t, string(w))
			tok, _, err := srv.App.Auth.IssueToken(ctx, a, a.Account.ID, "matrix")
			if err != nil {
				t.Fatal(err)
			}
			tokens[w] = tok
		}
		call := func(w who, method, path string) testutil.Response {
			c := srv.Client(t)
			body := ""
			if method != http.MethodGet {
				body = "{}"
			}
			req, err := http.NewRequest(method, srv.URL+"/api/v1"+path, strings.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Content-Type", "application/json")
			if tokens[w] != "" {
				req.Header.Set("Authorization", "Bearer "+tokens[w])
			}
			resp, err := c.Client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, err := io.ReadAll(resp.Body)
			if err != nil {
				t.Fatal(err)
			}
			return testutil.Response{StatusCode: resp.StatusCode, Header: resp.Header, Body: string(b)}
		}

		type op struct{ method, pattern, path string }
		var ops []op
		for _, rt := range routes {
			path, ok := apiPath(rt.Path, ids)
			if !ok {
				t.Errorf("%s %s: the matrix has no object for this path; add one to apiObjects", rt.Method, rt.Path)
				continue
			}
			ops = append(ops, op{rt.Method, rt.Path, path})
		}
		outsiders := []who{outsider, outOffice, outMember}
		before := tableCounts(t, d)
		for _, o := range ops {
			name := o.method + " " + o.pattern
			if r := call(anon, o.method, o.path); r.StatusCode != http.StatusUnauthorized {
				t.Errorf("%s without a token: %d", name, r.StatusCode)
			}
			for _, w := range outsiders {
				r := call(w, o.method, o.path)
				checkSecureHeaders(t, name+" as "+string(w), r.Header, r.Body, false)
				if strings.Contains(o.pattern, "{") {
					if r.StatusCode != http.StatusNotFound {
						t.Errorf("%s on Mỹ Tho's object as %q: %d, want 404: %.200s", name, w, r.StatusCode, r.Body)
					}
					continue
				}
				// Operations on no object: lists and creations in the
				// caller's own scope.
				if r.StatusCode >= 500 {
					t.Errorf("%s as %q: %d", name, w, r.StatusCode)
				}
				if o.method == http.MethodGet && strings.Contains(r.Body, "Mỹ Tho") {
					t.Errorf("%s as %q names Mỹ Tho: %.300s", name, w, r.Body)
				}
			}
		}
		if after := tableCounts(t, d); !maps.Equal(before, after) {
			for k, v := range after {
				if before[k] != v {
					t.Errorf("table %s: %d rows before the other communes' calls, %d after", k, before[k], v)
				}
			}
		}
		// Mỹ Tho's people and the province read every object without a
		// server error (their exact statuses are the UI matrix's and the
		// API tests' business).
		for _, o := range ops {
			if o.method != http.MethodGet || strings.HasSuffix(o.pattern, "/events") {
				continue
			}
			for _, w := range everyone[1:] {
				if slices.Contains(outsiders, w) {
					continue
				}
				if r := call(w, o.method, o.path); r.StatusCode >= 500 {
					t.Errorf("%s as %q: %d %.200s", o.method+" "+o.pattern, w, r.StatusCode, r.Body)
				}
			}
		}
	})
}

// apiObjects points each kind of object the API's paths name at one of Mỹ
// Tho's: the UI matrix's objects, and a vote and a request to speak in the
// meeting of today, opened for the purpose.
func apiObjects(t *testing.T, srv *testutil.Server) map[string]string {
	t.Helper()
	p := mythoPaths(t, srv)
	live, err := strconv.ParseInt(p["{live}"], 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	members, err := srv.App.Store.BodyMembers(ctx, srv.Body(t, "Mỹ Tho", model.BodyCommittee).ID, false)
	if err != nil {
		t.Fatal(err)
	}
	chair := srv.Actor(t, "bithu.mytho")
	for _, x := range members {
		if err := srv.App.Session.RecordAttendance(ctx, chair, live, x.PersonID, model.AttendanceInput{Status: model.AttendPresent}); err != nil {
			t.Fatal(err)
		}
	}
	if err := srv.App.Session.Open(ctx, chair, live); err != nil {
		t.Fatal(err)
	}
	poll, err := srv.App.Session.OpenPoll(ctx, chair, live, model.PollInput{Title: "Biểu quyết thử quyền",
		DecisionKind: model.DecideOrdinary, Method: model.MethodNamed})
	if err != nil {
		t.Fatal(err)
	}
	speech, err := srv.App.Session.RequestFloor(ctx, srv.Actor(t, "uv.mytho"), live, model.SpeechNormal)
	if err != nil {
		t.Fatal(err)
	}
	return map[string]string{
		"orgs": p["{org}"], "bodies": p["{body}"], "meetings": p["{mtg}"], "items": p["{item}"],
		"documents": p["{res}"], "rounds": p["{round}"], "comments": p["{comment}"], "proposals": p["{prop}"],
		"opinions": p["{op}"], "programs": p["{prog}"], "program-entries": p["{entry}"], "minutes": p["{minutes}"],
		"issued": p["{issued}"], "people": p["{person}"], "posts": p["{post}"], "memberships": p["{member}"],
		"targets": p["{target}"], "tasks": p["{task}"], "questions": p["{question}"],
		"polls": fmt.Sprint(poll.ID), "speeches": fmt.Sprint(speech.ID),
		// Other parameters of the paths.
		"{n}": "1", "{format}": "pdf", "{month}": testutil.DemoNow.Format("2006-01"), "{doc}": p["{upper}"],
		// The meeting in session's own operations point at today's meeting.
		"live": p["{live}"],
	}
}

// liveOps are the meeting operations that act on a meeting in session.
var liveOps = []string{"/live", "/events", "/live/me", "/open", "/adjourn", "/goto", "/attendance", "/checkin",
	"/floor", "/speakers", "/speeches", "/questions", "/questions/floor", "/polls"}

// apiPath fills a route's path with the object ids: the kind of {id} is the
// segment before it.
func apiPath(pattern string, ids map[string]string) (string, bool) {
	segs := strings.Split(strings.TrimPrefix(pattern, "/"), "/")
	for i, s := range segs {
		switch {
		case s == "{id}":
			kind := segs[i-1]
			if kind == "meetings" && slices.Contains(liveOps, "/"+strings.Join(segs[i+1:], "/")) {
				kind = "live"
			}
			id, ok := ids[kind]
			if !ok {
				return "", false
			}
			segs[i] = id
		case strings.HasPrefix(s, "{"):
			v, ok := ids[s]
			if !ok {
				return "", false
			}
			segs[i] = v
		}
	}
	path := "/" + strings.Join(segs, "/")
	if strings.HasSuffix(path, "/search") || path == "/people" {
		path += "?q=my+tho"
	}
	return path, true
}

// tableCounts counts the rows of every table but those a request may write
// whoever makes it (sessions, tokens' last use, the audit log, jobs).
func tableCounts(t *testing.T, d *db.DB) map[string]int {
	t.Helper()
	q := "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
	if d.Dialect() == db.Postgres {
		q = "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
	}
	rows, err := d.R.QueryContext(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(n, "session") && !strings.Contains(n, "audit") && !strings.Contains(n, "job") &&
			!strings.Contains(n, "token") && !strings.Contains(n, "throttle") && !strings.Contains(n, "goose") {
			names = append(names, n)
		}
	}
	rows.Close()
	out := map[string]int{}
	for _, n := range names {
		var c int
		if err := d.R.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+n).Scan(&c); err != nil {
			t.Fatal(err)
		}
		out[n] = c
	}
	return out
}
