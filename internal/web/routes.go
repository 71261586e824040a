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
		pub("GET /calendar/{token}", s.calendarFeed),

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
		in("POST /account/calendar", s.renewCalendar),
		in("GET /admin/accounts", s.accountsPage),
		in("GET /admin/accounts/new", s.newAccountForm),
		in("POST /admin/accounts", s.createAccount),
		in("GET /admin/accounts/{id}", s.adminAccountPage),
		in("POST /admin/accounts/{id}/password", s.resetPassword),
		in("POST /admin/accounts/{id}/disable", s.disableAccount),
		in("POST /admin/accounts/{id}/enable", s.enableAccount),
		in("GET /admin/audit", s.auditPage),
		in("GET /admin/audit.csv", s.auditCSV),

		in("GET /my/meetings", s.myMeetings),
		in("GET /notices", s.noticesPage),
		in("GET /notices/{id}", s.openNotice),
		in("POST /notices/read", s.readAllNotices),
		in("GET /orgs/{id}/settings", s.settingsPage),
		in("POST /orgs/{id}/settings", s.saveSettings),
		in("GET /bodies/{id}/calendar", s.calendarPage),
		in("GET /bodies/{id}/meetings/new", s.newMeetingForm),
		in("POST /bodies/{id}/meetings", s.createMeeting),
		in("GET /meetings/{id}", s.meetingPage),
		in("GET /meetings/{id}/edit", s.editMeetingForm),
		in("POST /meetings/{id}", s.updateMeeting),
		in("POST /meetings/{id}/transition", s.transition),
		in("GET /meetings/{id}/program", s.programPage),
		in("POST /meetings/{id}/program/fill", s.fillProgram),
		in("POST /meetings/{id}/items", s.addItem),
		in("GET /items/{id}/edit", s.editItemForm),
		in("POST /items/{id}", s.updateItem),
		in("POST /items/{id}/delete", s.deleteItem),
		in("POST /items/{id}/move", s.moveItem),
		in("GET /meetings/{id}/documents/new", s.newDocumentForm),
		in("POST /meetings/{id}/documents", s.createDocument),
		in("POST /meetings/{id}/files", s.uploadDocument),
		in("GET /meetings/{id}/packet.zip", s.packet),
		in("POST /meetings/{id}/send", s.sendInvitation),
		in("POST /meetings/{id}/proposals", s.addProposal),
		in("POST /proposals/{id}/dispose", s.disposeProposal),
		in("GET /documents/{id}", s.documentPage),
		in("GET /documents/{id}/versions/{n}", s.versionPage),
		in("GET /documents/{id}/versions/{n}/file", s.downloadFile),
		in("GET /documents/{id}/edit", s.editDocumentForm),
		in("POST /documents/{id}/versions", s.saveVersion),
		in("GET /documents/{id}/compare", s.comparePage),
		in("POST /documents/{id}/approve", s.approveDocument),
		in("POST /documents/{id}/release", s.releaseDocument),
		in("POST /documents/{id}/review", s.openReview),
		in("GET /meetings/{id}/live", s.liveParticipant),
		in("GET /meetings/{id}/console", s.liveConsole),
		in("GET /meetings/{id}/secretary", s.liveSecretary),
		in("GET /meetings/{id}/projector", s.liveProjector),
		in("GET /meetings/{id}/record", s.sessionRecordPage),
		in("GET /meetings/{id}/minutes", s.minutesPage),
		in("POST /meetings/{id}/minutes", s.saveMinutes),
		in("POST /meetings/{id}/addenda", s.addAddendum),
		in("POST /minutes/{id}/sign", s.signMinutes),
		in("POST /minutes/{id}/unsign", s.unsignMinutes),
		in("GET /minutes/{id}/{format}", s.minutesFile),
		in("GET /bodies/{id}/minute-book", s.minuteBook),
		in("GET /orgs/{id}/register", s.registerPage),
		in("GET /orgs/{id}/targets", s.targetsPage),
		in("GET /orgs/{id}/targets/new", s.newTargetForm),
		in("POST /orgs/{id}/targets", s.createTarget),
		in("GET /targets/{id}", s.targetPage),
		in("POST /targets/{id}/values", s.reportTarget),
		in("GET /targets/{id}/chart.svg", s.targetChart),
		in("GET /orgs/{id}/targets.xlsx", s.exportTargets),
		in("POST /orgs/{id}/targets/import", s.importTargetValues),
		in("GET /targets-template.xlsx", s.targetValuesTemplate),
		in("GET /bodies/{id}/issue", s.newIssueForm),
		in("POST /bodies/{id}/issue", s.issueDocument),
		in("GET /issued/{id}", s.issuedPage),
		in("GET /issued/{id}/{format}", s.issuedFile),
		in("GET /meetings/{id}/packet.pdf", s.packetPDF),
		in("POST /questions/{id}/verdict", s.questionVerdict),
		in("POST /questions/{id}/written", s.questionWritten),
		in("POST /questions/{id}/withdraw", s.questionWithdraw),
		in("GET /reviews/{id}", s.reviewPage),
		in("POST /reviews/{id}/comments", s.addComment),
		in("POST /comments/{id}/respond", s.respondComment),
		in("POST /comments/{id}/accept", s.acceptWording),
		in("GET /bodies/{id}/opinions/new", s.newOpinionForm),
		in("POST /bodies/{id}/opinions", s.createOpinion),
		in("GET /opinions/{id}", s.opinionPage),
		in("GET /opinions/{id}/file", s.opinionFile),
		in("POST /opinions/{id}/answer", s.answerOpinion),
		in("POST /opinions/{id}/remind", s.remindOpinion),
		in("POST /opinions/{id}/close", s.closeOpinion),
		in("GET /bodies/{id}/programs", s.programsPage),
		in("POST /bodies/{id}/programs", s.createProgram),
		in("GET /programs/{id}", s.workProgramPage),
		in("POST /programs/{id}/entries", s.addEntry),
		in("GET /program-entries/{id}/edit", s.entryForm),
		in("POST /program-entries/{id}", s.updateEntry),
		in("POST /program-entries/{id}/status", s.entryStatus),
		in("GET /orgs/{id}/upper-documents", s.upperPage),
		in("POST /orgs/{id}/upper-documents", s.registerUpper),
		in("POST /orgs/{id}/upper-documents/{doc}/followup", s.recordFollowup),
		in("GET /orgs/{id}/tasks", s.tasksPage),
		in("GET /orgs/{id}/tasks/new", s.newTaskForm),
		in("POST /orgs/{id}/tasks", s.createTask),
		in("GET /tasks/{id}", s.taskPage),
		in("POST /tasks/{id}/report", s.reportTask),
		in("POST /tasks/{id}/extend", s.extendTask),
		in("POST /tasks/{id}/close", s.closeTask),
		in("POST /tasks/{id}/reassign", s.reassignTask),
		in("GET /tasks/{id}/files/{file}", s.taskFile),
		in("GET /orgs/{id}/overlaps", s.overlapsPage),
		in("GET /orgs/{id}/staffing", s.staffingPage),
		in("GET /orgs/{id}/staffing.xlsx", s.staffingXLSX),
		in("GET /meetings/{id}/review", s.taskReviewPage),
		in("POST /meetings/{id}/review", s.addReviewItem),
		in("GET /orgs/{id}/oversight", s.oversightPage),
		in("GET /orgs/{id}/oversight/{month}", s.oversightMonth),
		in("GET /orgs/{id}/oversight.xlsx", s.exportOversight),
		in("GET /orgs/{id}/oversight/settings", s.oversightSettingsPage),
		in("POST /orgs/{id}/oversight/settings", s.saveOversightSettings),
		in("POST /orgs/{id}/oversight/refresh", s.refreshOversight),
		in("GET /orgs/{id}/oversight/report", s.reportPage),
		in("POST /orgs/{id}/oversight/report", s.saveDirections),
		in("GET /orgs/{id}/oversight/report/{format}", s.reportFile),
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
