package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"nghisu/internal/db"
	"nghisu/internal/model"
	"nghisu/internal/testutil"
)

// The authorisation matrix: every route of the UI, requested by an anonymous
// visitor, by each demo role of Mỹ Tho, by the province, and by the
// secretary of another commune, must answer the expected status. Another
// commune's objects answer 404, never 403. A route missing from the table
// fails the test, so new routes cannot escape it.

// who is a column of the matrix.
type who string

const (
	anon      who = ""
	admin     who = "admin"
	oversight who = "tinhuy"
	secretary who = "bithu.mytho"
	standing  who = "pbtt.mytho"
	btvMember who = "btv.mytho"
	member    who = "uv.mytho"
	office    who = "vp.mytho"
	outsider  who = "bithu.caolanh"
)

var everyone = []who{anon, admin, oversight, secretary, standing, btvMember, member, office, outsider}

// expect builds a row: the status for anonymous visitors, then for the
// kinds of signed-in users.
type expect struct {
	anon, admin, oversight, editor, reader, outsider int
}

func (e expect) of(w who) int {
	switch w {
	case anon:
		return e.anon
	case admin:
		return e.admin
	case oversight:
		return e.oversight
	case secretary, standing, office:
		return e.editor
	case btvMember, member:
		return e.reader
	}
	return e.outsider
}

const (
	ok   = http.StatusOK
	see  = http.StatusSeeOther
	nf   = http.StatusNotFound
	deny = http.StatusForbidden
	bad  = http.StatusUnprocessableEntity
	conf = http.StatusConflict
	unau = http.StatusUnauthorized
)

func TestAuthorizationMatrix(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := testutil.NewServer(t, d)
		mytho := srv.Commune(t, "Mỹ Tho")
		bch := srv.Body(t, "Mỹ Tho", model.BodyCommittee)
		members, err := srv.App.Store.BodyMembers(ctx, bch.ID, false)
		if err != nil {
			t.Fatal(err)
		}
		m := members[len(members)/2]
		posts, _ := srv.App.Store.PersonPosts(ctx, members[0].PersonID)
		// An account none of the columns signs in with, so that nobody
		// meets their own account on the admin pages.
		acc, err := srv.App.Auth.CreateAccount(ctx, srv.Actor(t, "admin"), model.AccountInput{
			Username: "thuky.mytho", OrgID: mytho.ID, Role: model.RoleMember, Password: "mat-khau-dai"})
		if err != nil {
			t.Fatal(err)
		}

		// A path for each route, pointing at Mỹ Tho's objects.
		paths := map[string]string{
			"{org}":     fmt.Sprint(mytho.ID),
			"{body}":    fmt.Sprint(bch.ID),
			"{person}":  fmt.Sprint(m.PersonID),
			"{member}":  fmt.Sprint(m.ID),
			"{post}":    fmt.Sprint(posts[0].ID),
			"{account}": fmt.Sprint(acc.ID),
		}
		rows := []struct {
			route string
			path  string
			e     expect
		}{
			{"GET /healthz", "/healthz", expect{ok, ok, ok, ok, ok, ok}},
			{"GET /readyz", "/readyz", expect{ok, ok, ok, ok, ok, ok}},
			{"GET /static/{name}", "/static/none.css", expect{nf, nf, nf, nf, nf, nf}},
			{"GET /login", "/login", expect{ok, see, see, see, see, see}},
			{"POST /login", "/login", expect{unau, unau, unau, unau, unau, unau}},
			{"POST /lang", "/lang", expect{see, see, see, see, see, see}},
			{"POST /logout", "/logout", expect{see, see, see, see, see, see}},
			{"GET /{$}", "/", expect{see, ok, ok, ok, ok, ok}},
			{"GET /search", "/search?q=duc", expect{see, ok, ok, ok, ok, ok}},
			{"GET /orgs", "/orgs", expect{see, ok, ok, ok, ok, ok}},
			{"GET /orgs/new", "/orgs/new?parent={org}", expect{see, ok, deny, deny, deny, nf}},
			{"POST /orgs", "/orgs?parent_id={org}", expect{see, bad, deny, deny, deny, nf}},
			{"GET /orgs/{id}", "/orgs/{org}", expect{see, ok, ok, ok, ok, nf}},
			{"GET /orgs/{id}/people/new", "/orgs/{org}/people/new", expect{see, ok, deny, ok, deny, nf}},
			{"POST /orgs/{id}/people", "/orgs/{org}/people", expect{see, bad, deny, bad, deny, nf}},
			{"GET /orgs/{id}/import", "/orgs/{org}/import", expect{see, ok, deny, ok, deny, nf}},
			{"POST /orgs/{id}/import", "/orgs/{org}/import", expect{see, conf, deny, conf, deny, nf}},
			{"GET /import-template.xlsx", "/import-template.xlsx", expect{see, ok, ok, ok, ok, ok}},
			{"GET /bodies/{id}", "/bodies/{body}", expect{see, ok, ok, ok, ok, nf}},
			{"GET /bodies/{id}/members.xlsx", "/bodies/{body}/members.xlsx", expect{see, ok, ok, ok, ok, nf}},
			{"GET /bodies/{id}/members/new", "/bodies/{body}/members/new", expect{see, ok, deny, ok, deny, nf}},
			{"POST /bodies/{id}/members", "/bodies/{body}/members", expect{see, bad, deny, bad, deny, nf}},
			{"GET /memberships/{id}", "/memberships/{member}", expect{see, ok, ok, ok, ok, nf}},
			{"POST /memberships/{id}/status", "/memberships/{member}/status", expect{see, see, deny, see, deny, nf}},
			{"POST /memberships/{id}/end", "/memberships/{member}/end", expect{see, see, deny, see, deny, nf}},
			{"GET /people/{id}", "/people/{person}", expect{see, ok, ok, ok, ok, nf}},
			{"GET /people/{id}/edit", "/people/{person}/edit", expect{see, ok, deny, ok, deny, nf}},
			{"POST /people/{id}", "/people/{person}", expect{see, bad, deny, bad, deny, nf}},
			{"GET /people/{id}/posts/new", "/people/{person}/posts/new", expect{see, ok, deny, ok, deny, nf}},
			{"POST /people/{id}/posts", "/people/{person}/posts", expect{see, bad, deny, bad, deny, nf}},
			{"POST /posts/{id}/end", "/posts/{post}/end", expect{see, see, deny, see, deny, nf}},
			{"GET /account", "/account", expect{see, ok, ok, ok, ok, ok}},
			{"POST /account/password", "/account/password", expect{see, bad, bad, bad, bad, bad}},
			{"POST /account/tokens", "/account/tokens", expect{see, bad, bad, bad, bad, bad}},
			{"POST /account/tokens/{id}/revoke", "/account/tokens/999999/revoke", expect{see, nf, nf, nf, nf, nf}},
			{"GET /admin/accounts", "/admin/accounts", expect{see, ok, deny, deny, deny, deny}},
			{"GET /admin/accounts/new", "/admin/accounts/new", expect{see, ok, deny, deny, deny, deny}},
			{"POST /admin/accounts", "/admin/accounts", expect{see, bad, deny, deny, deny, deny}},
			{"GET /admin/accounts/{id}", "/admin/accounts/{account}", expect{see, ok, deny, deny, deny, nf}},
			{"POST /admin/accounts/{id}/password", "/admin/accounts/{account}/password", expect{see, bad, deny, deny, deny, nf}},
			{"POST /admin/accounts/{id}/disable", "/admin/accounts/999999/disable", expect{see, nf, nf, nf, nf, nf}},
			{"POST /admin/accounts/{id}/enable", "/admin/accounts/{account}/enable", expect{see, see, deny, deny, deny, nf}},
			{"GET /admin/audit", "/admin/audit", expect{see, ok, deny, deny, deny, deny}},
		}
		covered := map[string]bool{}
		for _, r := range rows {
			covered[r.route] = true
		}
		for _, rt := range srv.App.Web.Routes() {
			if !covered[rt.Pattern] {
				t.Errorf("route %s is not in the authorisation matrix", rt.Pattern)
			}
		}
		clients := map[who]*testutil.Client{anon: srv.Client(t)}
		for _, w := range everyone[1:] {
			clients[w] = srv.Login(t, string(w))
		}
		for _, r := range rows {
			path := r.path
			for k, v := range paths {
				path = strings.ReplaceAll(path, k, v)
			}
			method := strings.Fields(r.route)[0]
			for _, w := range everyone {
				if r.route == "POST /logout" {
					continue // checked last: it ends the session
				}
				var resp testutil.Response
				if method == "GET" {
					resp = clients[w].Get(t, path)
				} else {
					u, _ := url.Parse(path)
					resp = clients[w].PostForm(t, u.Path, u.Query())
				}
				if want := r.e.of(w); resp.StatusCode != want {
					t.Errorf("%s %s as %q: %d, want %d", method, path, w, resp.StatusCode, want)
				}
			}
		}
		for _, w := range everyone {
			if resp := clients[w].PostForm(t, "/logout", nil); resp.StatusCode != see {
				t.Errorf("logout as %q: %d", w, resp.StatusCode)
			}
		}
	})
}
