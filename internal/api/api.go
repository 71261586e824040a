// Package api serves the JSON API under /api/v1 and its OpenAPI document. It
// calls the same domain services as the web pages, with the same
// permissions; only the encoding differs. Clients authenticate with a
// personal access token (Authorization: Bearer …) or a browser session.
package api

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strconv"

	"nghisu/internal/auth"
	"nghisu/internal/drafting"
	"nghisu/internal/followup"
	"nghisu/internal/i18n"
	"nghisu/internal/meeting"
	"nghisu/internal/model"
	"nghisu/internal/opinion"
	"nghisu/internal/org"
	"nghisu/internal/oversight"
	"nghisu/internal/programs"
	"nghisu/internal/realtime"
	"nghisu/internal/record"
	"nghisu/internal/search"
	"nghisu/internal/session"
	"nghisu/internal/store"
	"nghisu/internal/targets"
	"nghisu/internal/web"
)

// Server is the API.
type Server struct {
	auth      *auth.Service
	org       *org.Service
	meetings  *meeting.Service
	drafting  *drafting.Service
	session   *session.Service
	opinions  *opinion.Service
	targets   *targets.Service
	record    *record.Service
	followup  *followup.Service
	oversight *oversight.Service
	search    *search.Service
	programs  *programs.Service
	hub       *realtime.Hub
	st        *store.Store
	streams   context.Context
	log       *slog.Logger
	mux       *http.ServeMux
	routes    []Route
}

// Route is one operation; the table drives both the mux and the OpenAPI
// document, so the two cannot drift apart.
type Route struct {
	Method, Path, Summary, Tag string
	// In is the request body's type (nil: none); Out the response's.
	In, Out any
	// Query lists the query parameters.
	Query []Param
	// Status is the success status (200 if 0).
	Status int
	h      handler
	// stream, instead of h, writes its own response (Server-Sent Events).
	stream func(w http.ResponseWriter, r *http.Request, a *auth.Actor) error
}

// Param is a query parameter.
type Param struct{ Name, Type, Description string }

// maxBody caps a request body.
const maxBody = 1 << 20

// Services are the domain services the API calls.
type Services struct {
	Auth     *auth.Service
	Org      *org.Service
	Meetings *meeting.Service
	Drafting *drafting.Service
	Session  *session.Service
	Opinions *opinion.Service
	Targets  *targets.Service
	Record   *record.Service
	Followup *followup.Service
	// Oversight is the province's indicators.
	Oversight *oversight.Service
	Search    *search.Service
	// Programs keeps work programs and the upper level's documents.
	Programs *programs.Service
	// Hub and Store carry a meeting's live events: the hub those of this
	// instance as they commit, the store's log those a client missed.
	Hub   *realtime.Hub
	Store *store.Store
	// Streams ends when the server stops: event streams never end on their
	// own, and a graceful shutdown waits for every request.
	Streams context.Context
}

// New builds the API.
func New(svc Services, log *slog.Logger) *Server {
	s := &Server{auth: svc.Auth, org: svc.Org, meetings: svc.Meetings, drafting: svc.Drafting, session: svc.Session,
		opinions: svc.Opinions, record: svc.Record, search: svc.Search, programs: svc.Programs, targets: svc.Targets, followup: svc.Followup, oversight: svc.Oversight, hub: svc.Hub, st: svc.Store, streams: svc.Streams, log: log, mux: http.NewServeMux()}
	s.routes = append(append(s.table(), s.meetingTable()...), s.sessionTable()...)
	s.routes = append(append(append(s.routes, s.opinionTable()...), s.recordTable()...), s.searchTable()...)
	s.routes = append(append(append(s.routes, s.programTable()...), s.targetTable()...), s.taskTable()...)
	s.routes = append(s.routes, s.staffingTable()...)
	s.routes = append(s.routes, s.oversightTable()...)
	for _, rt := range s.routes {
		rt := rt
		s.mux.HandleFunc(rt.Method+" /api/v1"+rt.Path, func(w http.ResponseWriter, r *http.Request) { s.serve(w, r, rt) })
	}
	s.mux.HandleFunc("GET /api/openapi.json", s.openAPI)
	s.mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		web.WriteJSONError(w, http.StatusNotFound, i18n.T(web.LangOf(r), "error.not_found"), nil)
	})
	return s
}

// Routes lists the API's operations (for the authorisation matrix test).
func (s *Server) Routes() []Route { return s.routes }

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mux.ServeHTTP(w, r)
	web.NoteRoute(r)
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request, rt Route) {
	a := auth.ActorFrom(r.Context())
	lang := web.LangOf(r)
	if a == nil {
		w.Header().Set("WWW-Authenticate", `Bearer realm="nghisu"`)
		web.WriteJSONError(w, http.StatusUnauthorized, i18n.T(lang, "api.unauthenticated"), nil)
		return
	}
	var out any
	var err error
	if rt.stream != nil {
		err = rt.stream(w, r, a)
		if err == nil || w.Header().Get("Content-Type") == "text/event-stream" {
			return // the stream has started: nothing more can be written
		}
	} else {
		out, err = rt.h(r, a)
	}
	if err != nil {
		status, msg, fields := web.Status(lang, err, web.RequestID(r))
		if status == http.StatusInternalServerError {
			s.log.Error("api request failed", "request_id", web.RequestID(r), "route", rt.Method+" "+rt.Path, "err", err)
		}
		web.WriteJSONError(w, status, msg, fields)
		return
	}
	status := rt.Status
	if status == 0 {
		status = http.StatusOK
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	if out != nil {
		json.NewEncoder(w).Encode(out)
	}
}

// decode reads a JSON body strictly: unknown fields and trailing data are
// errors, so that a client's typo does not silently do nothing.
func decode[T any](r *http.Request) (T, error) {
	var v T
	dec := json.NewDecoder(io.LimitReader(r.Body, maxBody+1))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil {
		return v, badJSON(err)
	}
	if dec.More() {
		return v, badJSON(errors.New("trailing data"))
	}
	return v, nil
}

// badJSON names the field that could not be read where JSON says which.
func badJSON(err error) error {
	v := &model.ValidationError{}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) && te.Field != "" {
		v.Add(te.Field, "api.bad_field")
		return v
	}
	v.Add("body", "api.bad_json", err.Error())
	return v
}

// id reads a numeric path value.
func id(r *http.Request, name string) (int64, error) {
	n, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || n <= 0 {
		return 0, model.ErrNotFound
	}
	return n, nil
}

// intQuery reads an optional integer query parameter.
func intQuery(r *http.Request, name string) int {
	n, _ := strconv.Atoi(r.URL.Query().Get(name))
	return n
}
