package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"nghisu/internal/db"
	"nghisu/internal/demo"
	"nghisu/internal/model"
	"nghisu/internal/store"
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
	// Columns added after the first nine: rows written with each() give
	// them the status of the column they resemble (see of), and but()
	// where they differ.
	minuteTaker who = "thuky.mytho" // a committee member who keeps the meetings' minutes
	peopleCttee who = "ubnd.mytho"  // office staff of the People's Committee Mỹ Tho's party committee leads
	outOffice   who = "vp.caolanh"  // office staff of another commune (made by the test)
	outMember   who = "uv.caolanh"  // a committee member of another commune (made by the test)
)

var everyone = []who{anon, admin, oversight, secretary, standing, office, btvMember, member, outsider,
	minuteTaker, peopleCttee, outOffice, outMember}

// expect builds a row: the status for anonymous visitors, then for the
// kinds of signed-in users; per, when set, gives every column its own.
type expect struct {
	anon, admin, oversight, editor, reader, outsider int
	per                                              map[who]int
	// except overrides columns that differ from the column they resemble.
	except map[who]int
}

// but gives column w a status of its own in this row.
func (e expect) but(w who, status int) expect {
	x := map[who]int{w: status}
	for k, v := range e.except {
		x[k] = v
	}
	e.except = x
	return e
}

// groups gives a row a status per kind of user.
func groups(anon, admin, oversight, editor, reader, outsider int) expect {
	return expect{anon: anon, admin: admin, oversight: oversight, editor: editor, reader: reader, outsider: outsider}
}

// each gives a row a status per column, for the first nine columns of
// everyone; the later ones follow the column they resemble.
func each(st ...int) expect {
	e := expect{per: map[who]int{}}
	for i, w := range everyone[:len(st)] {
		e.per[w] = st[i]
	}
	return e
}

// resembles is the column whose status a later column has unless a row
// says otherwise: the minutes-taker is a committee member, the other
// commune's staff are outsiders like its secretary. The People's
// Committee's office sees the commune's tasks and little else: its own
// status is given by but() wherever it is not an outsider's.
var resembles = map[who]who{minuteTaker: member, peopleCttee: outsider, outOffice: outsider, outMember: outsider}

func (e expect) of(w who) int {
	if st, ok := e.except[w]; ok {
		return st
	}
	if r, ok := resembles[w]; ok {
		w = r
	}
	if e.per != nil {
		return e.per[w]
	}
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
		outsiderAccounts(t, srv)
		paths := mythoPaths(t, srv)
		rows := []struct {
			route string
			path  string
			e     expect
		}{
			{"GET /healthz", "/healthz", groups(ok, ok, ok, ok, ok, ok)},
			{"GET /readyz", "/readyz", groups(ok, ok, ok, ok, ok, ok)},
			{"GET /static/{name}", "/static/none.css", groups(nf, nf, nf, nf, nf, nf)},
			{"GET /login", "/login", groups(ok, see, see, see, see, see)},
			{"POST /login", "/login", groups(unau, unau, unau, unau, unau, unau)},
			{"POST /lang", "/lang", groups(see, see, see, see, see, see)},
			{"POST /logout", "/logout", groups(see, see, see, see, see, see)},
			{"GET /{$}", "/", groups(see, ok, ok, ok, ok, ok)},
			{"GET /search", "/search?q=duc", groups(see, ok, ok, ok, ok, ok)},
			// Hostile queries are answered with a hint, never an error.
			{"GET /search", "/search?q=%22+NEAR%28+OR+AND+*+%5E+%3A+-+%28+%29+%7B%7D", groups(see, ok, ok, ok, ok, ok)},
			{"GET /search", "/search?q=" + strings.Repeat("%C4%91%E1%BA%A3ng+", 2000), groups(see, ok, ok, ok, ok, ok)},
			{"GET /orgs", "/orgs", groups(see, ok, ok, ok, ok, ok)},
			{"GET /orgs/new", "/orgs/new?parent={org}", groups(see, ok, deny, deny, deny, nf)},
			{"POST /orgs", "/orgs?parent_id={org}", groups(see, bad, deny, deny, deny, nf)},
			{"GET /orgs/{id}", "/orgs/{org}", groups(see, ok, ok, ok, ok, nf)},
			{"GET /orgs/{id}/people/new", "/orgs/{org}/people/new", groups(see, ok, deny, ok, deny, nf)},
			{"POST /orgs/{id}/people", "/orgs/{org}/people", groups(see, bad, deny, bad, deny, nf)},
			{"GET /orgs/{id}/import", "/orgs/{org}/import", groups(see, ok, deny, ok, deny, nf)},
			{"POST /orgs/{id}/import", "/orgs/{org}/import", groups(see, conf, deny, conf, deny, nf)},
			{"GET /import-template.xlsx", "/import-template.xlsx", groups(see, ok, ok, ok, ok, ok)},
			{"GET /bodies/{id}", "/bodies/{body}", groups(see, ok, ok, ok, ok, nf)},
			{"GET /bodies/{id}/members.xlsx", "/bodies/{body}/members.xlsx", groups(see, ok, ok, ok, ok, nf)},
			{"GET /bodies/{id}/members/new", "/bodies/{body}/members/new", groups(see, ok, deny, ok, deny, nf)},
			{"POST /bodies/{id}/members", "/bodies/{body}/members", groups(see, bad, deny, bad, deny, nf)},
			{"GET /memberships/{id}", "/memberships/{member}", groups(see, ok, ok, ok, ok, nf)},
			{"POST /memberships/{id}/status", "/memberships/{member}/status", groups(see, see, deny, see, deny, nf)},
			{"POST /memberships/{id}/end", "/memberships/{member}/end", groups(see, see, deny, see, deny, nf)},
			{"GET /people/{id}", "/people/{person}", groups(see, ok, ok, ok, ok, nf)},
			{"GET /people/{id}/edit", "/people/{person}/edit", groups(see, ok, deny, ok, deny, nf)},
			{"POST /people/{id}", "/people/{person}", groups(see, bad, deny, bad, deny, nf)},
			{"GET /people/{id}/posts/new", "/people/{person}/posts/new", groups(see, ok, deny, ok, deny, nf)},
			{"POST /people/{id}/posts", "/people/{person}/posts", groups(see, bad, deny, bad, deny, nf)},
			{"POST /posts/{id}/end", "/posts/{post}/end", groups(see, see, deny, see, deny, nf)},
			{"GET /account", "/account", groups(see, ok, ok, ok, ok, ok)},
			{"POST /account/password", "/account/password", groups(see, bad, bad, bad, bad, bad)},
			{"POST /account/tokens", "/account/tokens", groups(see, bad, bad, bad, bad, bad)},
			{"POST /account/tokens/{id}/revoke", "/account/tokens/999999/revoke", groups(see, nf, nf, nf, nf, nf)},
			{"GET /admin/accounts", "/admin/accounts", groups(see, ok, deny, deny, deny, deny)},
			{"GET /admin/accounts/new", "/admin/accounts/new", groups(see, ok, deny, deny, deny, deny)},
			{"POST /admin/accounts", "/admin/accounts", groups(see, bad, deny, deny, deny, deny)},
			{"GET /admin/accounts/{id}", "/admin/accounts/{account}", groups(see, ok, deny, deny, deny, nf)},
			{"POST /admin/accounts/{id}/password", "/admin/accounts/{account}/password", groups(see, bad, deny, deny, deny, nf)},
			{"POST /admin/accounts/{id}/disable", "/admin/accounts/999999/disable", groups(see, nf, nf, nf, nf, nf)},
			{"POST /admin/accounts/{id}/enable", "/admin/accounts/{account}/enable", groups(see, see, deny, deny, deny, nf)},
			{"GET /admin/audit", "/admin/audit", groups(see, ok, deny, deny, deny, deny)},
			{"GET /admin/audit", "/admin/audit?user=bithu.mytho&action=account.&object_type=account&from=2026-01-01&to=2026-03-10&page=2", groups(see, ok, deny, deny, deny, deny)},
			{"GET /admin/audit", "/admin/audit?from=31/02/2026", groups(see, bad, deny, deny, deny, deny)},
			{"GET /admin/audit", "/admin/audit?from=2026-03-10&to=2026-03-01", groups(see, bad, deny, deny, deny, deny)},
			{"GET /admin/audit.csv", "/admin/audit.csv", groups(see, ok, deny, deny, deny, deny)},
			{"GET /admin/audit.csv", "/admin/audit.csv?to=hôm-qua", groups(see, bad, deny, deny, deny, deny)},

			// Columns: anon, admin, tinhuy, bithu, pbtt, vp, btv, uv, caolanh.
			{"GET /calendar/{token}", "/calendar/not-a-real-secret-token-at-all.ics", each(nf, nf, nf, nf, nf, nf, nf, nf, nf)},
			{"POST /account/calendar", "/account/calendar", each(see, see, see, see, see, see, see, see, see)},
			{"GET /my/meetings", "/my/meetings", each(see, ok, ok, ok, ok, ok, ok, ok, ok)},
			{"GET /notices", "/notices", each(see, ok, ok, ok, ok, ok, ok, ok, ok)},
			{"GET /notices/{id}", "/notices/999999", each(see, nf, nf, nf, nf, nf, nf, nf, nf)},
			{"POST /notices/read", "/notices/read", each(see, see, see, see, see, see, see, see, see)},
			{"GET /orgs/{id}/settings", "/orgs/{org}/settings", each(see, ok, ok, ok, ok, ok, ok, ok, nf)},
			{"POST /orgs/{id}/settings", "/orgs/{org}/settings", each(see, see, deny, see, see, deny, deny, deny, nf)},
			{"GET /bodies/{id}/calendar", "/bodies/{body}/calendar", each(see, ok, ok, ok, ok, ok, ok, ok, nf)},
			{"GET /bodies/{id}/meetings/new", "/bodies/{body}/meetings/new", each(see, deny, deny, ok, ok, ok, deny, deny, nf)},
			{"POST /bodies/{id}/meetings", "/bodies/{body}/meetings", each(see, deny, deny, bad, bad, bad, deny, deny, nf)},
			{"GET /meetings/{id}", "/meetings/{mtg}", each(see, ok, ok, ok, ok, ok, ok, ok, nf)},
			{"GET /meetings/{id}/edit", "/meetings/{mtg}/edit", each(see, deny, deny, ok, ok, ok, deny, deny, nf)},
			{"POST /meetings/{id}", "/meetings/{mtg}", each(see, deny, deny, bad, bad, bad, deny, deny, nf)},
			{"POST /meetings/{id}/transition", "/meetings/{mtg}/transition?to=closed", each(see, see, see, see, see, see, see, see, nf)},
			{"GET /meetings/{id}/program", "/meetings/{mtg}/program", each(see, ok, ok, ok, ok, ok, ok, ok, nf)},
			{"POST /meetings/{id}/program/fill", "/meetings/{mtg}/program/fill", each(see, see, see, see, see, see, see, see, nf)},
			{"POST /meetings/{id}/items", "/meetings/{mtg}/items", each(see, deny, deny, bad, bad, bad, deny, deny, nf)},
			{"GET /items/{id}/edit", "/items/{item}/edit", each(see, ok, ok, ok, ok, ok, ok, ok, nf)},
			{"POST /items/{id}", "/items/{item}", each(see, deny, deny, bad, bad, bad, deny, deny, nf)},
			{"POST /items/{id}/delete", "/items/{item}/delete", each(see, deny, deny, see, see, see, deny, deny, nf)},
			{"POST /items/{id}/move", "/items/{item}/move?dir=up", each(see, deny, deny, see, see, see, deny, deny, nf)},
			{"GET /meetings/{id}/documents/new", "/meetings/{mtg}/documents/new", each(see, deny, deny, ok, ok, ok, deny, deny, nf)},
			{"POST /meetings/{id}/documents", "/meetings/{mtg}/documents", each(see, deny, deny, bad, bad, bad, deny, deny, nf)},
			{"POST /meetings/{id}/files", "/meetings/{mtg}/files", each(see, deny, deny, conf, conf, conf, deny, deny, nf)},
			{"GET /meetings/{id}/packet.zip", "/meetings/{mtg}/packet.zip", each(see, ok, ok, ok, ok, ok, ok, ok, nf)},
			{"POST /meetings/{id}/send", "/meetings/{mtg}/send", each(see, see, see, see, see, see, see, see, nf)},
			{"POST /meetings/{id}/proposals", "/meetings/{btvm}/proposals", each(see, see, see, see, see, see, see, nf, nf)},
			{"POST /proposals/{id}/dispose", "/proposals/{prop}/dispose", each(see, see, see, see, see, see, see, nf, nf)},
			// BTV drafts: the BTV reads them; a committee member, the
			// office, the province and another commune get 404.
			{"GET /documents/{id}", "/documents/{note}", each(see, nf, nf, ok, ok, nf, ok, nf, nf)},
			{"GET /documents/{id}/versions/{n}", "/documents/{res}/versions/1", each(see, nf, nf, ok, ok, nf, ok, nf, nf)},
			{"GET /documents/{id}/versions/{n}/file", "/documents/{res}/versions/1/file", each(see, nf, nf, nf, nf, nf, nf, nf, nf)},
			{"GET /documents/{id}/edit", "/documents/{res}/edit", each(see, nf, nf, ok, ok, nf, deny, nf, nf)},
			{"POST /documents/{id}/versions", "/documents/{res}/versions", each(see, nf, nf, bad, bad, nf, deny, nf, nf)},
			{"GET /documents/{id}/compare", "/documents/{res}/compare", each(see, nf, nf, ok, ok, nf, ok, nf, nf)},
			{"POST /documents/{id}/approve", "/documents/{res}/approve", each(see, nf, nf, see, see, nf, see, nf, nf)},
			{"POST /documents/{id}/release", "/documents/{note}/release", each(see, nf, nf, see, see, nf, see, nf, nf)},
			{"POST /documents/{id}/review", "/documents/{res}/review", each(see, nf, nf, see, see, nf, see, nf, nf)},
			// The meeting in session (today's, convened), and a question
			// uv.mytho put to it. The actions on it answer on the record
			// page: the asker's and the recorders' refusals are told there.
			{"GET /meetings/{id}/live", "/meetings/{live}/live", each(see, ok, ok, ok, ok, ok, ok, ok, nf)},
			{"GET /meetings/{id}/console", "/meetings/{live}/console", each(see, deny, deny, ok, ok, deny, deny, deny, nf)},
			{"GET /meetings/{id}/secretary", "/meetings/{live}/secretary", each(see, deny, deny, ok, ok, ok, deny, deny, nf).but(minuteTaker, ok)},
			{"GET /meetings/{id}/projector", "/meetings/{live}/projector", each(see, ok, ok, ok, ok, ok, ok, ok, nf)},
			{"GET /meetings/{id}/record", "/meetings/{live}/record", each(see, ok, ok, ok, ok, ok, ok, ok, nf)},
			// The record: a past meeting's signed minutes (the chair is
			// bithu), its book, the register. Only the secretary and the
			// chair sign; the preparers write and issue. A refused action
			// on the minutes is told on the minutes page.
			{"GET /meetings/{id}/minutes", "/meetings/{closed}/minutes", each(see, ok, ok, ok, ok, ok, ok, ok, nf)},
			{"POST /meetings/{id}/minutes", "/meetings/{closed}/minutes?text=x", each(see, see, see, conf, conf, conf, see, see, nf).but(minuteTaker, conf)},
			{"POST /meetings/{id}/addenda", "/meetings/{closed}/addenda", each(see, see, see, bad, bad, bad, see, see, nf).but(minuteTaker, bad)},
			{"POST /minutes/{id}/sign", "/minutes/{minutes}/sign", each(see, see, see, bad, see, see, see, see, nf).but(minuteTaker, bad)},
			{"POST /minutes/{id}/unsign", "/minutes/{minutes}/unsign", each(see, see, see, see, see, see, see, see, nf)},
			{"GET /minutes/{id}/{format}", "/minutes/{minutes}/pdf", each(see, ok, ok, ok, ok, ok, ok, ok, nf)},
			{"GET /minutes/{id}/{format}", "/minutes/{minutes}/docx", each(see, ok, ok, ok, ok, ok, ok, ok, nf)},
			{"GET /bodies/{id}/minute-book", "/bodies/{body}/minute-book", each(see, ok, ok, ok, ok, ok, ok, ok, nf)},
			{"GET /orgs/{id}/register", "/orgs/{org}/register", each(see, ok, ok, ok, ok, ok, ok, ok, nf)},
			{"GET /bodies/{id}/issue", "/bodies/{body}/issue", each(see, deny, deny, ok, ok, ok, deny, deny, nf)},
			{"POST /bodies/{id}/issue", "/bodies/{body}/issue", each(see, deny, deny, bad, bad, bad, deny, deny, nf)},
			{"GET /issued/{id}", "/issued/{issued}", each(see, ok, ok, ok, ok, ok, ok, ok, nf)},
			{"GET /issued/{id}/{format}", "/issued/{issued}/pdf", each(see, ok, ok, ok, ok, ok, ok, ok, nf)},
			{"GET /meetings/{id}/packet.pdf", "/meetings/{mtg}/packet.pdf", each(see, ok, ok, ok, ok, ok, ok, ok, nf)},
			{"POST /questions/{id}/verdict", "/questions/{question}/verdict?satisfied=1", each(see, see, see, see, see, see, see, see, nf)},
			{"POST /questions/{id}/written", "/questions/{question}/written?answer=x", each(see, see, see, see, see, see, see, see, nf)},
			{"POST /questions/{id}/withdraw", "/questions/{question}/withdraw", each(see, see, see, see, see, see, see, see, nf)},
			{"GET /reviews/{id}", "/reviews/{round}", each(see, nf, nf, ok, ok, nf, ok, nf, nf)},
			{"POST /reviews/{id}/comments", "/reviews/{round}/comments", each(see, nf, nf, bad, bad, nf, bad, nf, nf)},
			{"POST /comments/{id}/respond", "/comments/{comment}/respond", each(see, nf, nf, see, see, nf, see, nf, nf)},
			// Last: the first leader takes the wording in; the next are told
			// it was answered.
			{"POST /comments/{id}/accept", "/comments/{comment}/accept", each(see, nf, nf, see, see, nf, see, nf, nf)},
			// Written opinions: the preparers (bithu, pbtt, vp) ask, remind
			// and close; the BCH's incumbent members answer; a BTV request
			// is not for a plain committee member. Remind and close answer
			// on the request's page, their refusals told there.
			{"GET /bodies/{id}/opinions/new", "/bodies/{body}/opinions/new", each(see, deny, deny, ok, ok, ok, deny, deny, nf)},
			{"POST /bodies/{id}/opinions", "/bodies/{body}/opinions", each(see, deny, deny, bad, bad, bad, deny, deny, nf)},
			{"GET /opinions/{id}", "/opinions/{op}", each(see, ok, ok, ok, ok, ok, ok, ok, nf)},
			{"GET /opinions/{id}", "/opinions/{opbtv}", each(see, ok, ok, ok, ok, ok, ok, nf, nf)},
			{"GET /opinions/{id}/file", "/opinions/{op}/file", each(see, ok, ok, ok, ok, ok, ok, ok, nf)},
			{"POST /opinions/{id}/answer", "/opinions/{op}/answer", each(see, deny, deny, bad, bad, deny, bad, bad, nf)},
			{"POST /opinions/{id}/answer", "/opinions/{opbtv}/answer?answer=agree", each(see, deny, deny, see, see, deny, see, nf, nf)},
			{"POST /opinions/{id}/remind", "/opinions/{op}/remind", each(see, see, see, see, see, see, see, see, nf)},
			{"POST /opinions/{id}/close", "/opinions/{op}/close", each(see, see, see, see, see, see, see, see, nf)},
			// Work programs: whoever sees the body reads; the keepers (bithu,
			// pbtt, vp) write; a denied one-button action returns to the
			// program with the reason.
			{"GET /bodies/{id}/programs", "/bodies/{body}/programs", each(see, ok, ok, ok, ok, ok, ok, ok, nf)},
			{"POST /bodies/{id}/programs", "/bodies/{body}/programs", each(see, deny, deny, bad, bad, bad, deny, deny, nf)},
			{"GET /programs/{id}", "/programs/{prog}", each(see, ok, ok, ok, ok, ok, ok, ok, nf)},
			{"POST /programs/{id}/entries", "/programs/{prog}/entries", each(see, deny, deny, bad, bad, bad, deny, deny, nf)},
			{"GET /program-entries/{id}/edit", "/program-entries/{entry}/edit", each(see, deny, deny, ok, ok, ok, deny, deny, nf)},
			{"POST /program-entries/{id}", "/program-entries/{entry}", each(see, deny, deny, bad, bad, bad, deny, deny, nf)},
			{"POST /program-entries/{id}/status", "/program-entries/{entry}/status?status=done", each(see, see, see, see, see, see, see, see, nf)},
			// Upper-level documents: the province's page is the province's
			// (its admin registers, oversight reads); a commune's page is its
			// follow-up, recorded by its keepers.
			{"GET /orgs/{id}/upper-documents", "/orgs/{prov}/upper-documents", each(see, ok, ok, nf, nf, nf, nf, nf, nf)},
			{"GET /orgs/{id}/upper-documents", "/orgs/{org}/upper-documents", each(see, ok, ok, ok, ok, ok, ok, ok, nf)},
			{"POST /orgs/{id}/upper-documents", "/orgs/{prov}/upper-documents", each(see, bad, deny, nf, nf, nf, nf, nf, nf)},
			{"POST /orgs/{id}/upper-documents", "/orgs/{org}/upper-documents", each(see, nf, nf, nf, nf, nf, nf, nf, nf)},
			{"POST /orgs/{id}/upper-documents/{doc}/followup", "/orgs/{org}/upper-documents/{upper}/followup?disseminated_on=2026-01-20",
				each(see, see, see, see, see, see, see, see, nf)},
			// Targets: everyone of the commune and the province reads; the
			// record keepers (bithu, pbtt, vp) set them and report values
			// (the demo's first target is UBND's, none of these columns).
			{"GET /orgs/{id}/targets", "/orgs/{org}/targets", each(see, ok, ok, ok, ok, ok, ok, ok, nf).but(peopleCttee, ok)},
			{"GET /orgs/{id}/targets/new", "/orgs/{org}/targets/new", each(see, deny, deny, ok, ok, ok, deny, deny, nf).but(peopleCttee, deny)},
			{"POST /orgs/{id}/targets", "/orgs/{org}/targets", each(see, deny, deny, bad, bad, bad, deny, deny, nf).but(peopleCttee, deny)},
			{"GET /targets/{id}", "/targets/{target}", each(see, ok, ok, ok, ok, ok, ok, ok, nf).but(peopleCttee, ok)},
			{"POST /targets/{id}/values", "/targets/{target}/values", each(see, deny, deny, bad, bad, bad, deny, deny, nf).but(peopleCttee, bad)},
			{"GET /targets/{id}/chart.svg", "/targets/{target}/chart.svg", each(see, ok, ok, ok, ok, ok, ok, ok, nf).but(peopleCttee, ok)},
			{"GET /orgs/{id}/targets.xlsx", "/orgs/{org}/targets.xlsx", each(see, ok, ok, ok, ok, ok, ok, ok, nf).but(peopleCttee, ok)},
			{"POST /orgs/{id}/targets/import", "/orgs/{org}/targets/import", each(see, deny, deny, conf, conf, conf, deny, deny, nf).but(peopleCttee, conf)},
			{"GET /targets-template.xlsx", "/targets-template.xlsx", each(see, ok, ok, ok, ok, ok, ok, ok, ok)},
			// Tasks: the commune's people and the province read them; the
			// keepers (bithu, pbtt, vp) assign and conclude, and report on
			// the owners' behalf; an empty form is refused field by field.
			// The owner organisation's user is in TestTaskRoutesOfOwnerOrg.
			{"GET /orgs/{id}/tasks", "/orgs/{org}/tasks?status=late", each(see, ok, ok, ok, ok, ok, ok, ok, nf).but(peopleCttee, ok)},
			{"GET /orgs/{id}/tasks/new", "/orgs/{org}/tasks/new?source_kind=issued&source_id={issued}&source_para=1", each(see, deny, deny, ok, ok, ok, deny, deny, nf).but(peopleCttee, deny)},
			{"POST /orgs/{id}/tasks", "/orgs/{org}/tasks", each(see, deny, deny, bad, bad, bad, deny, deny, nf).but(peopleCttee, deny)},
			{"GET /tasks/{id}", "/tasks/{task}", each(see, ok, ok, ok, ok, ok, ok, ok, nf).but(peopleCttee, ok)},
			{"POST /tasks/{id}/report", "/tasks/{task}/report", each(see, deny, deny, bad, bad, bad, deny, deny, nf).but(peopleCttee, bad)},
			{"POST /tasks/{id}/extend", "/tasks/{task}/extend", each(see, deny, deny, bad, bad, bad, deny, deny, nf).but(peopleCttee, deny)},
			{"POST /tasks/{id}/close", "/tasks/{task}/close", each(see, deny, deny, bad, bad, bad, deny, deny, nf).but(peopleCttee, deny)},
			{"POST /tasks/{id}/reassign", "/tasks/{task}/reassign", each(see, deny, deny, bad, bad, bad, deny, deny, nf).but(peopleCttee, deny)},
			{"GET /tasks/{id}/files/{file}", "/tasks/{task}/files/{evidence}", each(see, ok, ok, ok, ok, ok, ok, ok, nf).but(peopleCttee, ok)},
			{"GET /orgs/{id}/overlaps", "/orgs/{org}/overlaps", each(see, ok, ok, ok, ok, ok, ok, ok, nf)},
			// Staffing (posts and concurrent posts): read by whoever sees the
			// organisation, the province's view by the province only; no
			// route writes. A bad filter is told on the page (422).
			{"GET /orgs/{id}/staffing", "/orgs/{org}/staffing", each(see, ok, ok, ok, ok, ok, ok, ok, nf)},
			{"GET /orgs/{id}/staffing", "/orgs/{prov}/staffing?sort=flags", each(see, ok, ok, nf, nf, nf, nf, nf, nf)},
			{"GET /orgs/{id}/staffing", "/orgs/{prov}/staffing?pattern=bogus", each(see, bad, bad, nf, nf, nf, nf, nf, nf)},
			{"GET /orgs/{id}/staffing.xlsx", "/orgs/{org}/staffing.xlsx", each(see, ok, ok, ok, ok, ok, ok, ok, nf)},
			{"GET /orgs/{id}/staffing.xlsx", "/orgs/{prov}/staffing.xlsx", each(see, ok, ok, nf, nf, nf, nf, nf, nf)},
			{"GET /meetings/{id}/review", "/meetings/{mtg}/review", each(see, ok, ok, ok, ok, ok, ok, ok, nf)},
			// Puts the review first in the coming meeting's program; others'
			// refusals are told on the review page.
			{"POST /meetings/{id}/review", "/meetings/{mtg}/review", each(see, see, see, see, see, see, see, see, nf)},
			// Oversight: the province reads every commune; a commune's people
			// read their own commune's indicators, never the province's
			// table nor another commune's; only the province's administrator
			// sets the weights; nobody's record changes.
			{"GET /orgs/{id}/oversight", "/orgs/{prov}/oversight", each(see, ok, ok, nf, nf, nf, nf, nf, nf)},
			{"GET /orgs/{id}/oversight", "/orgs/{org}/oversight", each(see, ok, ok, ok, ok, ok, ok, ok, nf)},
			{"GET /orgs/{id}/oversight", "/orgs/{prov}/oversight?from=2026-05&to=2026-01", each(see, bad, bad, nf, nf, nf, nf, nf, nf)},
			{"GET /orgs/{id}/oversight", "/orgs/{prov}/oversight?indicator=bogus", each(see, bad, bad, nf, nf, nf, nf, nf, nf)},
			{"GET /orgs/{id}/oversight/{month}", "/orgs/{org}/oversight/2026-02", each(see, ok, ok, ok, ok, ok, ok, ok, nf)},
			{"GET /orgs/{id}/oversight.xlsx", "/orgs/{prov}/oversight.xlsx", each(see, ok, ok, nf, nf, nf, nf, nf, nf)},
			{"GET /orgs/{id}/oversight.xlsx", "/orgs/{org}/oversight.xlsx?from=2025-06&to=2026-02", each(see, ok, ok, ok, ok, ok, ok, ok, nf)},
			{"GET /orgs/{id}/oversight.xlsx", "/orgs/{prov}/oversight.xlsx?from=2026-05&to=2026-01", each(see, bad, bad, nf, nf, nf, nf, nf, nf)},
			{"GET /orgs/{id}/oversight/settings", "/orgs/{prov}/oversight/settings", each(see, ok, ok, nf, nf, nf, nf, nf, nf)},
			{"POST /orgs/{id}/oversight/settings", "/orgs/{prov}/oversight/settings", each(see, bad, deny, nf, nf, nf, nf, nf, nf)},
			{"POST /orgs/{id}/oversight/refresh", "/orgs/{prov}/oversight/refresh", each(see, see, see, nf, nf, nf, nf, nf, nf)},
			{"GET /orgs/{id}/oversight/report", "/orgs/{prov}/oversight/report", each(see, ok, ok, nf, nf, nf, nf, nf, nf)},
			{"POST /orgs/{id}/oversight/report", "/orgs/{prov}/oversight/report", each(see, bad, bad, nf, nf, nf, nf, nf, nf)},
			{"GET /orgs/{id}/oversight/report/{format}", "/orgs/{prov}/oversight/report/pdf", each(see, ok, ok, nf, nf, nf, nf, nf, nf)},
			{"GET /orgs/{id}/oversight/report/{format}", "/orgs/{org}/oversight/report/pdf", each(see, nf, nf, nf, nf, nf, nf, nf, nf)},
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
				checkSecureHeaders(t, fmt.Sprintf("%s %s as %q", method, path, w), resp.Header, resp.Body, false)
			}
		}
		for _, w := range everyone {
			if resp := clients[w].PostForm(t, "/logout", nil); resp.StatusCode != see {
				t.Errorf("logout as %q: %d", w, resp.StatusCode)
			}
		}
	})
}

// mythoPaths points the matrices' placeholders at Mỹ Tho's objects: the
// demo's meetings, papers, review, session, minutes, programs, targets,
// task, people and an account none of the columns signs in with.
func mythoPaths(t testing.TB, srv *testutil.Server) map[string]string {
	t.Helper()
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
		Username: "khach.mytho", OrgID: mytho.ID, Role: model.RoleMember, Password: "mat-khau-dai"})
	if err != nil {
		t.Fatal(err)
	}

	// A path for each route, pointing at Mỹ Tho's objects.
	// The demo's April meeting of the BCH (in BTV review), its papers,
	// the open review round with its comment, and the BTV meeting.
	mtg, res, note, round, comment, item, btvm, prop := preparation(t, srv)
	live, question := inSession(t, srv)
	op, opbtv := opinionRequests(t, srv)
	closed, minutes, issued := signedMinutes(t, srv)
	prog, entry, upper := workPrograms(t, srv)
	targets, err := srv.App.Store.Targets(ctx, mytho.ID)
	if err != nil || len(targets) == 0 {
		t.Fatalf("the demo's targets: %v", err)
	}
	task, evidence := demoTask(t, srv)
	return map[string]string{
		"{closed}":   fmt.Sprint(closed),
		"{prog}":     fmt.Sprint(prog),
		"{entry}":    fmt.Sprint(entry),
		"{upper}":    fmt.Sprint(upper),
		"{prov}":     fmt.Sprint(srv.Demo.ProvinceID),
		"{minutes}":  fmt.Sprint(minutes),
		"{issued}":   fmt.Sprint(issued),
		"{live}":     fmt.Sprint(live),
		"{question}": fmt.Sprint(question),
		"{op}":       fmt.Sprint(op),
		"{opbtv}":    fmt.Sprint(opbtv),
		"{mtg}":      fmt.Sprint(mtg),
		"{res}":      fmt.Sprint(res),
		"{note}":     fmt.Sprint(note),
		"{round}":    fmt.Sprint(round),
		"{comment}":  fmt.Sprint(comment),
		"{item}":     fmt.Sprint(item),
		"{btvm}":     fmt.Sprint(btvm),
		"{prop}":     fmt.Sprint(prop),
		"{task}":     fmt.Sprint(task),
		"{evidence}": fmt.Sprint(evidence),
		"{org}":      fmt.Sprint(mytho.ID),
		"{body}":     fmt.Sprint(bch.ID),
		"{person}":   fmt.Sprint(m.PersonID),
		"{member}":   fmt.Sprint(m.ID),
		"{post}":     fmt.Sprint(posts[0].ID),
		"{account}":  fmt.Sprint(acc.ID),
		"{target}":   fmt.Sprint(targets[0].ID),
	}
}

// outsiderAccounts makes the other commune's office staff and committee
// member the matrix signs in as (the demo has only its secretary).
func outsiderAccounts(t testing.TB, srv *testutil.Server) {
	t.Helper()
	caolanh := srv.Commune(t, "Cao Lãnh")
	members, err := srv.App.Store.BodyMembers(ctx, srv.Body(t, "Cao Lãnh", model.BodyCommittee).ID, false)
	if err != nil || len(members) < 3 {
		t.Fatalf("Cao Lãnh's committee: %v", err)
	}
	for _, in := range []model.AccountInput{
		{Username: string(outOffice), OrgID: caolanh.ID, Role: model.RoleOffice},
		{Username: string(outMember), OrgID: caolanh.ID, Role: model.RoleMember, PersonID: members[len(members)-1].PersonID},
	} {
		in.Password = demo.Password
		if _, err := srv.App.Auth.CreateAccount(ctx, srv.Actor(t, "admin"), in); err != nil {
			t.Fatalf("account %s: %v", in.Username, err)
		}
	}
}

// signedMinutes finds the demo's last past meeting of Mỹ Tho's BCH, its
// signed minutes and their issued BB.
func signedMinutes(t testing.TB, srv *testutil.Server) (meetingID, minutesID, issuedID int64) {
	t.Helper()
	bch := srv.Body(t, "Mỹ Tho", model.BodyCommittee)
	ms, err := srv.App.Store.Meetings(ctx, store.MeetingQuery{BodyIDs: []int64{bch.ID}, Kind: model.MeetingRegular, To: testutil.DemoNow, Desc: true, Limit: 1})
	if err != nil || len(ms) != 1 || ms[0].State != model.StateClosed {
		t.Fatalf("the demo's last closed meeting: %v, %v", ms, err)
	}
	xs, err := srv.App.Store.MeetingMinutes(ctx, ms[0].ID)
	if err != nil || len(xs) != 1 || xs[0].State != model.MinutesFinal {
		t.Fatalf("its minutes: %+v, %v", xs, err)
	}
	return ms[0].ID, xs[0].ID, xs[0].DocumentID
}

// inSession finds the demo's meeting of today (convened) and puts a
// question to it as uv.mytho.
func inSession(t testing.TB, srv *testutil.Server) (meetingID, questionID int64) {
	t.Helper()
	bch := srv.Body(t, "Mỹ Tho", model.BodyCommittee)
	ms, err := srv.App.Store.Meetings(ctx, store.MeetingQuery{BodyIDs: []int64{bch.ID}, Kind: model.MeetingThematic})
	if err != nil || len(ms) != 1 || ms[0].State != model.StateConvened {
		t.Fatalf("the demo's meeting of today: %v, %v", ms, err)
	}
	q, err := srv.App.Session.Ask(ctx, srv.Actor(t, "uv.mytho"), ms[0].ID, model.QuestionInput{
		Addressee: model.AskStanding, Text: "Đề nghị Ban Thường vụ cho biết tiến độ triển khai phần mềm quản lý kỳ họp."})
	if err != nil {
		t.Fatal(err)
	}
	return ms[0].ID, q.ID
}

// preparation finds the demo's objects of Mỹ Tho's meeting preparation.
func preparation(t testing.TB, srv *testutil.Server) (mtg, res, note, round, comment, item, btvm, prop int64) {
	t.Helper()
	st := srv.App.Store
	bch := srv.Body(t, "Mỹ Tho", model.BodyCommittee)
	btv := srv.Body(t, "Mỹ Tho", model.BodyStanding)
	ms, err := st.Meetings(ctx, store.MeetingQuery{BodyIDs: []int64{bch.ID}, Kind: model.MeetingRegular, From: testutil.DemoNow})
	if err != nil || len(ms) == 0 {
		t.Fatalf("no coming BCH meeting in the demo: %v", err)
	}
	mtg = ms[0].ID
	docs, err := st.Documents(ctx, mtg)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		switch {
		case d.Kind == model.DocResolution:
			res = d.ID
		case d.Audience == model.AudienceStanding:
			note = d.ID
		}
	}
	rounds, err := st.Rounds(ctx, res)
	if err != nil || len(rounds) == 0 {
		t.Fatalf("no review round: %v", err)
	}
	round = rounds[0].ID
	cs, err := st.Comments(ctx, round)
	if err != nil || len(cs) == 0 {
		t.Fatalf("no comment: %v", err)
	}
	comment = cs[0].ID
	items, err := st.Items(ctx, mtg)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		if it.Source == model.SourceReview {
			item = it.ID
		}
	}
	bms, err := st.Meetings(ctx, store.MeetingQuery{BodyIDs: []int64{btv.ID}, From: testutil.DemoNow})
	if err != nil || len(bms) == 0 {
		t.Fatalf("no coming BTV meeting: %v", err)
	}
	btvm = bms[0].ID
	ps, err := st.Proposals(ctx, btvm)
	if err != nil || len(ps) == 0 {
		t.Fatalf("no proposal: %v", err)
	}
	prop = ps[0].ID
	return
}

// The search box, page and API, as every column of the matrix: a meeting of
// Mỹ Tho's BCH is found by whoever sees Mỹ Tho, never by another commune;
// the BTV's own paper only by the BTV's members (not by a committee
// member, the office, the province or an administrator).
func TestSearchMatrix(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := testutil.NewServer(t, d)
		mtg, _, note, _, _, _, _, _ := preparation(t, srv)
		m, err := srv.App.Store.Meeting(ctx, mtg)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := srv.App.Store.Document(ctx, note)
		if err != nil {
			t.Fatal(err)
		}
		outsiderAccounts(t, srv)
		// Columns: anon, admin, tinhuy, bithu, pbtt, vp, btv, uv, caolanh,
		// thuky, ubnd, vp.caolanh, uv.caolanh.
		const y, n = true, false
		rows := []struct {
			query string
			kind  string
			id    int64
			finds []bool
		}{
			{m.Title, "meeting", mtg, []bool{n, y, y, y, y, y, y, y, n, y, n, n, n}},
			{doc.Title, "document", note, []bool{n, n, n, y, y, n, y, n, n, n, n, n, n}},
		}
		for _, w := range everyone {
			c := srv.Client(t)
			if w != anon {
				c = srv.Login(t, string(w))
			}
			for _, r := range rows {
				want := r.finds[slices.Index(everyone, w)]
				page := c.Get(t, "/search?q="+url.QueryEscape(r.query))
				link := fmt.Sprintf(`href="/%ss/%d"`, r.kind, r.id)
				if w == anon {
					if page.StatusCode != see {
						t.Errorf("search page as anonymous: %d", page.StatusCode)
					}
				} else if page.StatusCode != ok || strings.Contains(page.Body, link) != want {
					t.Errorf("search page as %q for %q: %d, finds %v, want %v", w, r.query, page.StatusCode, !want, want)
				}
				api := c.Get(t, "/api/v1/search?q="+url.QueryEscape(r.query))
				if w == anon {
					if api.StatusCode != unau {
						t.Errorf("search API as anonymous: %d", api.StatusCode)
					}
					continue
				}
				var res struct {
					Hits []struct {
						Kind string `json:"kind"`
						ID   int64  `json:"id"`
					} `json:"hits"`
				}
				if err := json.Unmarshal([]byte(api.Body), &res); api.StatusCode != ok || err != nil {
					t.Fatalf("search API as %q: %d %v %s", w, api.StatusCode, err, api.Body)
				}
				got := slices.ContainsFunc(res.Hits, func(h struct {
					Kind string `json:"kind"`
					ID   int64  `json:"id"`
				}) bool {
					return h.Kind == r.kind && h.ID == r.id
				})
				if got != want {
					t.Errorf("search API as %q for %q: finds %v, want %v", w, r.query, got, want)
				}
			}
		}
	})
}
