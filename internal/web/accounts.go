package web

import (
	"net/http"
	"strconv"

	"nghisu/internal/model"
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

type auditData struct {
	Entries []model.AuditEntry
}

// auditPage shows the newest writes in the administrator's scope.
func (s *Server) auditPage(w http.ResponseWriter, r *http.Request) error {
	a := actorOf(r)
	if !a.CanManageAccounts(&a.Scope) {
		return model.Deny("account.not_admin")
	}
	entries, err := s.st.AuditLog(r.Context(), a.Scope.Path, 300)
	if err != nil {
		return err
	}
	p := s.page(r, "audit.title")
	p.Data = auditData{Entries: entries}
	s.render(w, r, http.StatusOK, "audit", p)
	return nil
}
