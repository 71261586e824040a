// Package web serves the browser UI: server-rendered pages in Vietnamese
// (English on request), forms that work without JavaScript, htmx for partial
// updates. routes.go lists every route; each screen has its own file.
package web

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/alexedwards/scs/v2"

	"nghisu/internal/auth"
	"nghisu/internal/db"
	"nghisu/internal/drafting"
	"nghisu/internal/followup"
	"nghisu/internal/meeting"
	"nghisu/internal/opinion"
	"nghisu/internal/org"
	"nghisu/internal/oversight"
	"nghisu/internal/programs"
	"nghisu/internal/record"
	"nghisu/internal/search"
	"nghisu/internal/session"
	"nghisu/internal/store"
	"nghisu/internal/targets"
)

// Config is what the web layer needs to know about its deployment.
type Config struct {
	// SecureCookies marks cookies Secure and sends HSTS: set it when served
	// over HTTPS (directly or behind a TLS-terminating proxy).
	SecureCookies bool
	// MaxUpload caps an uploaded file in bytes.
	MaxUpload int64
	// Version is shown in the footer.
	Version string
	// BaseURL is where users reach nghisu, for links in calendar feeds.
	BaseURL string
}

// Services are the domain services the pages call.
type Services struct {
	DB       *db.DB
	Store    *store.Store
	Auth     *auth.Service
	Org      *org.Service
	Meetings *meeting.Service
	Drafting *drafting.Service
	Session  *session.Service
	Opinions *opinion.Service
	Targets  *targets.Service
	Record   *record.Service
	Search   *search.Service
	Programs *programs.Service
	Followup *followup.Service
	// Oversight is the province's view (nil in tests that do not need it).
	Oversight *oversight.Service
}

// Server holds the services the handlers call.
type Server struct {
	cfg      Config
	db       *db.DB
	st       *store.Store
	auth     *auth.Service
	org      *org.Service
	meetings *meeting.Service
	drafting *drafting.Service
	session  *session.Service
	opinions *opinion.Service
	targets  *targets.Service
	record   *record.Service
	followup *followup.Service
	oversee  *oversight.Service
	finder   *search.Service
	programs *programs.Service
	sessions *scs.SessionManager
	pages    *pages
	log      *slog.Logger
	metrics  *metrics
	// API is mounted at /api/ when set.
	API http.Handler
}

// New builds the web server.
func New(cfg Config, svc Services, log *slog.Logger) (*Server, error) {
	if cfg.MaxUpload == 0 {
		cfg.MaxUpload = 20 << 20
	}
	p, err := loadPages()
	if err != nil {
		return nil, err
	}
	sm := scs.New()
	sm.Store = svc.Store.Sessions()
	// Absolute lifetime only: scs's own idle timeout rewrites the session on
	// every request; identify enforces idleTimeout with a write at most every
	// few minutes instead.
	sm.Lifetime = 12 * time.Hour
	sm.HashTokenInStore = true
	sm.Cookie.Name = "nghisu_session"
	sm.Cookie.HttpOnly = true
	sm.Cookie.SameSite = http.SameSiteLaxMode
	sm.Cookie.Secure = cfg.SecureCookies
	s := &Server{cfg: cfg, db: svc.DB, st: svc.Store, auth: svc.Auth, org: svc.Org, meetings: svc.Meetings,
		drafting: svc.Drafting, session: svc.Session, opinions: svc.Opinions, record: svc.Record, finder: svc.Search, programs: svc.Programs, targets: svc.Targets, followup: svc.Followup, oversee: svc.Oversight, sessions: sm, pages: p, log: log, metrics: newMetrics()}
	sm.ErrorFunc = func(w http.ResponseWriter, r *http.Request, err error) { s.fail(w, r, err) }
	return s, nil
}

// Sessions exposes the session manager to the API, which accepts a
// signed-in browser as well as a token.
func (s *Server) Sessions() *scs.SessionManager { return s.sessions }

// CleanSessions deletes expired sessions now and then until ctx ends.
func (s *Server) CleanSessions(ctx context.Context) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		if n, err := s.st.Sessions().DeleteExpired(ctx); err != nil && ctx.Err() == nil {
			s.log.Warn("delete expired sessions", "err", err)
		} else if n > 0 {
			s.log.Info("deleted expired sessions", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
