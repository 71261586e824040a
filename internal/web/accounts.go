package web

import (
	"encoding/csv"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"nghisu/internal/i18n"
	"nghisu/internal/model"
	"nghisu/internal/store"
	"nghisu/internal/vntext"
)

// Administrators manage the accounts of their scope here.

type accountsData struct {
	Accounts []model.Account
}

func (s *Server) accountsPage(w http.ResponseWriter, r *http.Request) error {
	list, err := s.auth.Accounts(r.Context(), actorOf(r))
	if err != nil {
		return err
	}
	p := s.page(r, "accounts.title")
	p.Data = accountsData{Accounts: list}
	s.render(w, r, http.StatusOK, "accounts", p)
	return nil
}

// accountForm is in two steps without JavaScript: choose the organisation,
// then the person of that organisation the account belongs to.
type accountForm struct {
	Orgs   []model.Org
	Org    *model.Org
	People []model.Person
	Roles  []model.Role
}

func (s *Server) newAccountForm(w http.ResponseWriter, r *http.Request) error {
	orgID, _ := strconv.ParseInt(r.URL.Query().Get("org"), 10, 64)
	return s.showAccountForm(w, r, orgID, nil)
}

func (s *Server) showAccountForm(w http.ResponseWriter, r *http.Request, orgID int64, ferr error) error {
	a := actorOf(r)
	ctx := r.Context()
	if !a.CanManageAccounts(&a.Scope) {
		return model.Deny("account.not_admin")
	}
	tree, err := s.org.Tree(ctx, a)
	if err != nil {
		return err
	}
	d := accountForm{Roles: model.Roles}
	for _, o := range tree {
		if o.Kind.IsParty() {
			d.Orgs = append(d.Orgs, o)
		}
	}
	if orgID != 0 {
		o, err := s.org.Org(ctx, a, orgID)
		if err != nil {
			return err
		}
		d.Org = o
		if d.People, err = s.org.People(ctx, a, o.ID, "", 0, 0); err != nil {
			return err
		}
	}
	p := s.page(r, "accountform.title")
	p.Data = d
	return s.renderForm(w, r, "accountform", p, ferr)
}

func (s *Server) createAccount(w http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	in := model.AccountInput{Username: f.Str("username"), OrgID: f.Int64("org_id"), PersonID: f.Int64("person_id"),
		Role: model.Role(f.Str("role")), Password: f.r.PostForm.Get("password")}
	if err := f.Err(); err != nil {
		return s.showAccountForm(w, r, in.OrgID, err)
	}
	acc, err := s.auth.CreateAccount(r.Context(), actorOf(r), in)
	if err != nil {
		if isFormError(err) {
			return s.showAccountForm(w, r, in.OrgID, err)
		}
		return err
	}
	s.flash(r, "accountform.created", acc.Username)
	return redirect(w, r, "/admin/accounts/"+strconv.FormatInt(acc.ID, 10))
}

type adminAccountData struct {
	Account model.Account
	Org     *model.Org
	Person  *model.Person
	Tokens  []model.AccessToken
	Self    bool
}

func (s *Server) adminAccountPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.showAdminAccount(w, r, id, nil)
}

func (s *Server) showAdminAccount(w http.ResponseWriter, r *http.Request, id int64, ferr error) error {
	a := actorOf(r)
	ctx := r.Context()
	acc, err := s.auth.Account(ctx, a, id)
	if err != nil {
		return err
	}
	if acc.ID == a.Account.ID {
		return redirect(w, r, "/account")
	}
	d := adminAccountData{Account: *acc}
	if d.Org, err = s.st.Org(ctx, acc.OrgID); err != nil {
		return err
	}
	if acc.PersonID != 0 {
		if d.Person, err = s.st.Person(ctx, acc.PersonID); err != nil {
			return err
		}
	}
	if d.Tokens, err = s.auth.Tokens(ctx, a, id); err != nil {
		return err
	}
	p := s.page(r, "account.admin_title", acc.Username)
	p.Data = d
	return s.renderForm(w, r, "adminaccount", p, ferr)
}

func (s *Server) resetPassword(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	if err := s.auth.SetPassword(r.Context(), actorOf(r), id, "", f.r.PostForm.Get("password")); err != nil {
		if isFormError(err) {
			return s.showAdminAccount(w, r, id, err)
		}
		return err
	}
	s.flash(r, "account.password_set")
	return redirect(w, r, "/admin/accounts/"+strconv.FormatInt(id, 10))
}

func (s *Server) disableAccount(w http.ResponseWriter, r *http.Request) error {
	return s.setDisabled(w, r, true)
}

func (s *Server) enableAccount(w http.ResponseWriter, r *http.Request) error {
	return s.setDisabled(w, r, false)
}

func (s *Server) setDisabled(w http.ResponseWriter, r *http.Request, disabled bool) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	back := "/admin/accounts/" + strconv.FormatInt(id, 10)
	if err := s.auth.SetDisabled(r.Context(), actorOf(r), id, disabled); err != nil {
		if isFormError(err) {
			s.flashError(r, err)
			return redirect(w, r, back)
		}
		return err
	}
	if disabled {
		s.flash(r, "account.disabled_done")
	} else {
		s.flash(r, "account.enabled_done")
	}
	return redirect(w, r, back)
}

// auditPageSize is how many entries the viewer shows at once.
const auditPageSize = 100

// auditExportMax caps an export: a year of a province's writes fits.
const auditExportMax = 200000

type auditData struct {
	Entries []model.AuditEntry
	// Filter is the query as read (shown again in the form).
	Filter url.Values
	// Types are the kinds of objects written in the scope.
	Types []string
	Page  int
	More  bool
}

// Link is the viewer (or, with a suffix ".csv", the export) with the same
// filter at page n.
func (d auditData) Link(suffix string, n int) string {
	q := url.Values{}
	for _, k := range []string{"user", "action", "object_type", "from", "to"} {
		if v := d.Filter.Get(k); v != "" {
			q.Set(k, v)
		}
	}
	if n > 1 {
		q.Set("page", strconv.Itoa(n))
	}
	return "/admin/audit" + suffix + withQuery(q)
}

// readAudit reads the viewer's filter: an account's name, an action (or
// its start, "account."), a kind of object, days from and to (inclusive,
// Vietnam days) and the page. Bad days are the fields' problems (ferr).
func (s *Server) readAudit(r *http.Request) (store.AuditQuery, int, error) {
	a := actorOf(r)
	if !a.CanManageAccounts(&a.Scope) {
		return store.AuditQuery{}, 0, model.Deny("account.not_admin")
	}
	v := r.URL.Query()
	q := store.AuditQuery{Path: a.Scope.Path, Username: vntext.CleanLine(v.Get("user")),
		Action: vntext.CleanLine(v.Get("action")), ObjectType: vntext.CleanLine(v.Get("object_type"))}
	bad := &model.ValidationError{}
	day := func(field string) time.Time {
		raw := vntext.CleanLine(v.Get(field))
		if raw == "" {
			return time.Time{}
		}
		t, err := vntext.ParseDate(raw)
		if err != nil {
			bad.Add(field, "field.date_invalid")
			return time.Time{}
		}
		return t
	}
	q.From = day("from")
	if to := day("to"); !to.IsZero() {
		q.To = to.AddDate(0, 0, 1) // the whole last day
		if !q.From.IsZero() && !q.From.Before(q.To) {
			bad.Add("to", "audit.range_invalid")
		}
	}
	page, err := strconv.Atoi(v.Get("page"))
	if err != nil || page < 1 {
		page = 1
	}
	return q, page, bad.Err()
}

// auditPage shows the writes in the administrator's scope, newest first,
// filtered and a page at a time.
func (s *Server) auditPage(w http.ResponseWriter, r *http.Request) error {
	q, page, ferr := s.readAudit(r)
	if ferr != nil && !isFormError(ferr) {
		return ferr
	}
	d := auditData{Filter: r.URL.Query(), Page: page}
	if ferr == nil {
		q.Limit, q.Offset = auditPageSize+1, (page-1)*auditPageSize
		entries, err := s.st.AuditSearch(r.Context(), q)
		if err != nil {
			return err
		}
		if len(entries) > auditPageSize {
			entries, d.More = entries[:auditPageSize], true
		}
		d.Entries = entries
	}
	types, err := s.st.AuditObjectTypes(r.Context(), q.Path)
	if err != nil {
		return err
	}
	d.Types = types
	p := s.page(r, "audit.title")
	p.Data = d
	if ferr != nil {
		status := withErrors(p, r, ferr)
		p.Form = r.URL.Query()
		s.render(w, r, status, "audit", p)
		return nil
	}
	s.render(w, r, http.StatusOK, "audit", p)
	return nil
}

// auditCSV sends the filtered entries as a CSV file (UTF-8 with a byte
// order mark, so that Excel shows Vietnamese), times in Vietnam.
func (s *Server) auditCSV(w http.ResponseWriter, r *http.Request) error {
	q, _, ferr := s.readAudit(r)
	if ferr != nil {
		return ferr
	}
	q.Limit = auditExportMax
	entries, err := s.st.AuditSearch(r.Context(), q)
	if err != nil {
		return err
	}
	lang := langOf(r)
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+fileName("nhat-ky-"+s.st.Now().In(vntext.Location()).Format("2006-01-02"))+`.csv"`)
	w.Header().Set("Cache-Control", "private, no-store")
	io.WriteString(w, "\uFEFF")
	cw := csv.NewWriter(w)
	cw.Write([]string{i18n.T(lang, "audit.at"), i18n.T(lang, "audit.who"), i18n.T(lang, "audit.action"), i18n.T(lang, "audit.object_type"),
		i18n.T(lang, "audit.object_id"), i18n.T(lang, "audit.org_id"), i18n.T(lang, "audit.detail"), i18n.T(lang, "audit.addr")})
	for _, e := range entries {
		cw.Write([]string{e.At.In(vntext.Location()).Format("2006-01-02 15:04:05"), cell(e.Username), cell(e.Action), cell(e.ObjectType),
			idCell(e.ObjectID), idCell(e.OrgID), cell(e.Detail), cell(e.Addr)})
	}
	cw.Flush()
	return cw.Error()
}

// cell keeps a spreadsheet from reading text as a formula: a value that
// starts like one gets a leading apostrophe (OWASP's CSV injection advice).
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func idCell(n int64) string {
	if n == 0 {
		return ""
	}
	return strconv.FormatInt(n, 10)
}
