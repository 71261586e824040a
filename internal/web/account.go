package web

import (
	"net/http"

	"nghisu/internal/model"
)

// The signed-in user's own account: password and API tokens.

type accountData struct {
	Account model.Account
	Tokens  []model.AccessToken
	// NewToken is shown once, right after it was made.
	NewToken string
	// Calendar is the address of the account's calendar feed, if made.
	Calendar string
}

func (s *Server) accountPage(w http.ResponseWriter, r *http.Request) error {
	return s.showAccount(w, r, "", nil)
}

func (s *Server) showAccount(w http.ResponseWriter, r *http.Request, newToken string, ferr error) error {
	a := actorOf(r)
	tokens, err := s.auth.Tokens(r.Context(), a, a.Account.ID)
	if err != nil {
		return err
	}
	cal, err := s.st.CalendarToken(r.Context(), a.Account.ID)
	if err != nil {
		return err
	}
	d := accountData{Account: a.Account, Tokens: tokens, NewToken: newToken}
	if cal != "" {
		d.Calendar = s.cfg.BaseURL + "/calendar/" + cal + ".ics"
	}
	p := s.page(r, "account.title")
	p.Data = d
	return s.renderForm(w, r, "account", p, ferr)
}

func (s *Server) changeOwnPassword(w http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	a := actorOf(r)
	pw := f.r.PostForm.Get("password")
	if pw != f.r.PostForm.Get("password2") {
		v := &model.ValidationError{}
		v.Add("password2", "account.password_mismatch")
		return s.showAccount(w, r, "", v)
	}
	if err := s.auth.SetPassword(r.Context(), a, a.Account.ID, f.r.PostForm.Get("current"), pw); err != nil {
		if isFormError(err) {
			return s.showAccount(w, r, "", err)
		}
		return err
	}
	s.flash(r, "account.password_changed")
	return redirect(w, r, "/account")
}

func (s *Server) createToken(w http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	a := actorOf(r)
	token, _, err := s.auth.IssueToken(r.Context(), a, a.Account.ID, f.Str("name"))
	if err != nil {
		if isFormError(err) {
			return s.showAccount(w, r, "", err)
		}
		return err
	}
	// Rendered in the response, not redirected: the token must never sit in
	// a session or a URL.
	return s.showAccount(w, r, token, nil)
}

func (s *Server) revokeToken(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := actorOf(r)
	if err := s.auth.RevokeToken(r.Context(), a, a.Account.ID, id); err != nil {
		return err
	}
	s.flash(r, "account.token_revoked")
	return redirect(w, r, "/account")
}
