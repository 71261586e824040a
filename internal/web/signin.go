package web

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"nghisu/internal/auth"
	"nghisu/internal/i18n"
	"nghisu/internal/vntext"
)

type signinData struct {
	Next     string
	Username string
}

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) error {
	if actorOf(r) != nil {
		return redirect(w, r, safeNext(r.URL.Query().Get("next")))
	}
	p := s.page(r, "signin.title")
	p.Data = signinData{Next: safeNext(r.URL.Query().Get("next"))}
	s.render(w, r, http.StatusOK, "signin", p)
	return nil
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	username, next := f.Str("username"), safeNext(f.Str("next"))
	acc, err := s.auth.SignIn(r.Context(), username, f.r.PostForm.Get("password"), clientAddr(r))
	if err != nil {
		p := s.page(r, "signin.title")
		p.Data = signinData{Next: next, Username: username}
		var locked *auth.LockedError
		status := http.StatusUnauthorized
		switch {
		case errors.As(err, &locked):
			status = http.StatusTooManyRequests
			mins := int(time.Until(locked.Until).Minutes()) + 1
			p.FormError = p.T("auth.locked", vntext.DateTime(locked.Until)[11:], mins)
		case errors.Is(err, auth.ErrBadCredentials):
			p.FormError = p.T("auth.bad_credentials")
		default:
			return err
		}
		s.render(w, r, status, "signin", p)
		return nil
	}
	// A new token at sign-in, so that a session id planted before cannot be
	// carried into the signed-in session.
	if err := s.sessions.RenewToken(r.Context()); err != nil {
		return err
	}
	s.sessions.Put(r.Context(), "account_id", acc.ID)
	s.sessions.Put(r.Context(), "seen", s.st.Now().Unix())
	return redirect(w, r, next)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	if err := s.sessions.Destroy(r.Context()); err != nil {
		return err
	}
	return redirect(w, r, "/login")
}

// setLang switches the language: on the account when signed in, else in a
// cookie for this browser.
func (s *Server) setLang(w http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	lang := i18n.Lang(f.Str("lang"))
	if a := actorOf(r); a != nil {
		if err := s.auth.SetLocale(r.Context(), a, lang); err != nil {
			return err
		}
	}
	http.SetCookie(w, &http.Cookie{Name: "lang", Value: lang, Path: "/", MaxAge: 365 * 24 * 3600,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.cfg.SecureCookies})
	return redirect(w, r, safeNext(f.Str("next")))
}

// safeNext keeps redirects on this site: a path, never "//host" or a URL.
func safeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	if u, err := url.Parse(next); err != nil || u.Host != "" || u.Scheme != "" {
		return "/"
	}
	return next
}
