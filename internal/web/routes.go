package web

import (
	"net/http"
)

// Route is one entry of the route table.
type Route struct {
	Pattern string
	// Public routes need no sign-in.
	Public bool
	h      handler
}

// Routes lists every route of the UI. The authorisation matrix test walks
// this table, so a new route cannot go untested.
func (s *Server) Routes() []Route {
	pub := func(p string, h handler) Route { return Route{Pattern: p, Public: true, h: h} }
	in := func(p string, h handler) Route { return Route{Pattern: p, h: s.requireActor(h)} }
	return []Route{
		pub("GET /healthz", s.healthz),
		pub("GET /readyz", s.readyz),
		pub("GET /static/{name}", s.serveStatic),
		pub("GET /login", s.loginForm),
		pub("POST /login", s.login),
		pub("POST /logout", s.logout),
		pub("POST /lang", s.setLang),

		in("GET /{$}", s.home),
		in("GET /search", s.search),
		in("GET /orgs", s.tree),
		in("GET /orgs/new", s.newOrgForm),
		in("POST /orgs", s.createOrg),
		in("GET /orgs/{id}", s.orgPage),
		in("GET /orgs/{id}/people/new", s.newPersonForm),
		in("POST /orgs/{id}/people", s.createPerson),
		in("GET /orgs/{id}/import", s.importForm),
		in("POST /orgs/{id}/import", s.importMembers),
		in("GET /import-template.xlsx", s.importTemplate),
		in("GET /bodies/{id}", s.bodyPage),
		in("GET /bodies/{id}/members.xlsx", s.exportMembers),
		in("GET /bodies/{id}/members/new", s.newMemberForm),
		in("POST /bodies/{id}/members", s.addMember),
		in("GET /memberships/{id}", s.membershipPage),
		in("POST /memberships/{id}/status", s.changeStatus),
		in("POST /memberships/{id}/end", s.endMembership),
		in("GET /people/{id}", s.personPage),
		in("GET /people/{id}/edit", s.editPersonForm),
		in("POST /people/{id}", s.updatePerson),
		in("GET /people/{id}/posts/new", s.newPostForm),
		in("POST /people/{id}/posts", s.addPost),
		in("POST /posts/{id}/end", s.endPost),
		in("GET /account", s.accountPage),
		in("POST /account/password", s.changeOwnPassword),
		in("POST /account/tokens", s.createToken),
		in("POST /account/tokens/{id}/revoke", s.revokeToken),
		in("GET /admin/accounts", s.accountsPage),
		in("GET /admin/accounts/new", s.newAccountForm),
		in("POST /admin/accounts", s.createAccount),
		in("GET /admin/accounts/{id}", s.adminAccountPage),
		in("POST /admin/accounts/{id}/password", s.resetPassword),
		in("POST /admin/accounts/{id}/disable", s.disableAccount),
		in("POST /admin/accounts/{id}/enable", s.enableAccount),
		in("GET /admin/audit", s.auditPage),
	}
}

// Handler is the whole site: the route table and the API behind the
// middleware every request passes: observation, security headers, CSRF
// protection, the session and the actor.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	for _, rt := range s.Routes() {
		mux.Handle(rt.Pattern, s.h(rt.h))
	}
	mux.Handle("GET /metrics", s.metricsHandler())
	if s.API != nil {
		mux.Handle("/api/", s.API)
	}
	mux.Handle("/", s.h(func(w http.ResponseWriter, r *http.Request) error { return errNotFound }))

	csrf := http.NewCrossOriginProtection()
	csrf.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.renderError(w, r, http.StatusForbidden, s.page(r, "error.title").T("error.cross_origin"))
	}))
	return s.observe(s.secure(csrf.Handler(s.sessions.LoadAndSave(inSession(s.identify(routed(mux)))))))
}
