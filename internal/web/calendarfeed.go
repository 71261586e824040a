package web

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"net/http"
	"strings"

	"nghisu/internal/model"
	"nghisu/internal/notify"
	"nghisu/internal/store"
)

// calendarFeed serves a person's meetings as an iCalendar feed at a secret
// address, for Outlook, Google Calendar or a phone to subscribe to. The
// secret is the only credential, so it is long, random and can be renewed.
func (s *Server) calendarFeed(w http.ResponseWriter, r *http.Request) error {
	token, ok := strings.CutSuffix(r.PathValue("token"), ".ics")
	if !ok || len(token) < 20 {
		return model.ErrNotFound
	}
	acc, err := s.st.AccountByCalendarToken(r.Context(), token)
	if errors.Is(err, model.ErrNotFound) {
		return model.ErrNotFound
	} else if err != nil {
		return err
	}
	events, err := s.drafting.Feed(r.Context(), acc, s.cfg.BaseURL)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", notify.ICSContentType(notify.MethodPublish))
	w.Header().Set("Cache-Control", "private, max-age=300")
	_, err = w.Write(notify.ICS(notify.MethodPublish, "nghisu · "+acc.Username, events, s.st.Now()))
	return err
}

// renewCalendar gives the signed-in account a new calendar secret; the old
// address stops working.
func (s *Server) renewCalendar(w http.ResponseWriter, r *http.Request) error {
	a := actorOf(r)
	b := make([]byte, 24)
	rand.Read(b)
	err := s.st.InTx(r.Context(), func(st *store.Store) error {
		if err := st.SetCalendarToken(r.Context(), a.Account.ID, base64.RawURLEncoding.EncodeToString(b)); err != nil {
			return err
		}
		return st.Audit(r.Context(), a.Audit("account.calendar_renew", "account", a.Account.ID, a.Account.OrgID, ""))
	})
	if err != nil {
		return err
	}
	s.flash(r, "account.calendar_renewed")
	return redirect(w, r, "/account#calendar")
}
