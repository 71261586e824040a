package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"nghisu/internal/auth"
	"nghisu/internal/i18n"
	"nghisu/internal/model"
)

type ctxKey int

const (
	keyRequestID ctxKey = iota
	keyRoute            // *string: the matched route pattern, for logs and metrics
	keySession          // set inside the session middleware
)

// actorOf returns the signed-in actor, or nil.
func actorOf(r *http.Request) *auth.Actor { return auth.ActorFrom(r.Context()) }

// RequestID is the id of the request, quoted in error messages and logs.
func RequestID(r *http.Request) string { return requestID(r) }

func requestID(r *http.Request) string {
	id, _ := r.Context().Value(keyRequestID).(string)
	return id
}

// statusWriter remembers the status for logs and metrics.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the real writer (flushing SSE).
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// observe gives each request an id, recovers panics into a 500 page, and
// logs and counts the request by its route pattern.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		b := make([]byte, 8)
		rand.Read(b)
		id := hex.EncodeToString(b)
		route := "unmatched"
		ctx := context.WithValue(r.Context(), keyRequestID, id)
		r = r.WithContext(context.WithValue(ctx, keyRoute, &route))
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic", "request_id", id, "panic", v, "stack", string(debug.Stack()))
				if sw.status == 0 {
					s.renderError(sw, r, http.StatusInternalServerError, i18n.T(langOf(r), "error.internal", id))
				}
			}
			d := time.Since(start)
			s.metrics.observe(route, sw.status, d)
			if sw.status >= 500 {
				s.log.Warn("request", "request_id", id, "method", r.Method, "route", route, "status", sw.status, "ms", d.Milliseconds())
			} else {
				s.log.Debug("request", "request_id", id, "method", r.Method, "route", route, "status", sw.status, "ms", d.Milliseconds())
			}
		}()
		next.ServeHTTP(sw, r)
	})
}

// routed notes the pattern the mux matched. The mux sets it on the request
// it was given, a copy made by the middleware in between, so observe learns
// it through the context.
func routed(mux http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mux.ServeHTTP(w, r)
		NoteRoute(r)
	})
}

// NoteRoute records r's matched pattern for the request's log line and
// metrics, unless an inner mux (the API's) recorded a more precise one.
func NoteRoute(r *http.Request) {
	if p, ok := r.Context().Value(keyRoute).(*string); ok && r.Pattern != "" && *p == "unmatched" {
		*p = r.Pattern
	}
}

// inSession marks requests that have passed the session middleware, so that
// pages rendered before it (a refused cross-origin post) skip the session.
func inSession(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), keySession, true)))
	})
}

// secure sets the headers that keep pages from being framed, sniffed or
// made to run code from elsewhere. The policy allows no inline code.
func (s *Server) secure(next http.Handler) http.Handler {
	const csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
		"object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Frame-Options", "DENY")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		if s.cfg.SecureCookies {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		next.ServeHTTP(w, r)
	})
}

// identify finds the actor: a bearer token (API clients) or the session's
// account (browsers). A bad token is refused outright rather than treated as
// anonymous, so that a client notices.
func (s *Server) identify(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var a *auth.Actor
		if h := r.Header.Get("Authorization"); h != "" {
			token, ok := strings.CutPrefix(h, "Bearer ")
			var err error
			if ok {
				a, err = s.auth.ActorByToken(r.Context(), strings.TrimSpace(token), clientAddr(r))
			}
			if !ok || err != nil {
				if err != nil && !errors.Is(err, model.ErrForbidden) {
					s.fail(w, r, err)
					return
				}
				w.Header().Set("WWW-Authenticate", `Bearer realm="nghisu"`)
				WriteJSONError(w, http.StatusUnauthorized, i18n.T(langOf(r), "auth.bad_token"), nil)
				return
			}
		} else if id := s.sessions.GetInt64(r.Context(), "account_id"); id != 0 && s.fresh(r) {
			var err error
			a, err = s.auth.ActorByID(r.Context(), id, clientAddr(r))
			if errors.Is(err, model.ErrNotFound) || errors.Is(err, model.ErrForbidden) {
				// The account is gone or disabled: end the session.
				s.sessions.Destroy(r.Context())
				a, err = nil, nil
			}
			if err != nil {
				s.fail(w, r, err)
				return
			}
		}
		if a != nil {
			r = r.WithContext(auth.WithActor(r.Context(), a))
		}
		next.ServeHTTP(w, r)
	})
}

// A session left alone for idleTimeout ends; the time it was last seen is
// written at most every touchEvery, so that reading a page costs no write.
const (
	idleTimeout = 4 * time.Hour
	touchEvery  = 5 * time.Minute
)

// fresh reports whether the signed-in session has been used recently, and
// notes the use; a session idle too long is ended.
func (s *Server) fresh(r *http.Request) bool {
	ctx := r.Context()
	now := s.st.Now()
	seen := time.Unix(s.sessions.GetInt64(ctx, "seen"), 0)
	if now.Sub(seen) > idleTimeout {
		s.sessions.Destroy(ctx)
		return false
	}
	if now.Sub(seen) > touchEvery {
		s.sessions.Put(ctx, "seen", now.Unix())
	}
	return true
}

// clientAddr is the peer's address; behind a proxy, the proxy's. (Trusting
// X-Forwarded-For would let anyone dodge the sign-in throttle.)
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// langOf is the reader's language: the account's, else the one chosen for
// this browser, else Vietnamese.
func langOf(r *http.Request) string {
	if a := actorOf(r); a != nil {
		return i18n.Lang(a.Account.Locale)
	}
	if c, err := r.Cookie("lang"); err == nil {
		return i18n.Lang(c.Value)
	}
	return i18n.Default
}

// requireActor sends anonymous visitors to the sign-in page.
func (s *Server) requireActor(h handler) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		if actorOf(r) == nil {
			if r.Header.Get("HX-Request") != "" {
				w.Header().Set("HX-Redirect", "/login")
				w.WriteHeader(http.StatusUnauthorized)
				return nil
			}
			http.Redirect(w, r, "/login?next="+urlQueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return nil
		}
		return h(w, r)
	}
}

// LangOf is the reader's language, for the API's messages.
func LangOf(r *http.Request) string { return langOf(r) }
