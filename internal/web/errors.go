package web

import (
	"encoding/json"
	"errors"
	"net/http"
	"sort"

	"nghisu/internal/i18n"
	"nghisu/internal/model"
)

// handler is an HTTP handler that returns its error instead of writing it;
// fail turns the error into the right status and page in one place.
type handler func(w http.ResponseWriter, r *http.Request) error

// h adapts a handler to net/http.
func (s *Server) h(fn handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := fn(w, r); err != nil {
			s.fail(w, r, err)
		}
	}
}

// Status maps an error onto its HTTP status and the sentence for the user.
// Unknown errors are 500 and say only that something failed, with the
// request id to quote; the details go to the log, never to the page.
func Status(lang string, err error, requestID string) (int, string, map[string]string) {
	var v *model.ValidationError
	var ref *model.Refusal
	var den *model.Denial
	var tooBig *http.MaxBytesError
	switch {
	case errors.Is(err, model.ErrNotFound):
		return http.StatusNotFound, i18n.T(lang, "error.not_found"), nil
	case errors.As(err, &v):
		fields := map[string]string{}
		for _, f := range v.Fields {
			if _, dup := fields[f.Field]; !dup {
				fields[f.Field] = i18n.Msg(lang, f.Msg)
			}
		}
		return http.StatusUnprocessableEntity, i18n.T(lang, "error.validation"), fields
	case errors.As(err, &ref):
		return http.StatusConflict, i18n.Msg(lang, ref.Msg), nil
	case errors.As(err, &den):
		return http.StatusForbidden, i18n.Msg(lang, den.Msg), nil
	case errors.Is(err, model.ErrConflict):
		return http.StatusConflict, i18n.T(lang, "error.conflict"), nil
	case errors.Is(err, model.ErrForbidden):
		return http.StatusForbidden, i18n.T(lang, "error.forbidden"), nil
	case errors.As(err, &tooBig):
		return http.StatusRequestEntityTooLarge, i18n.T(lang, "error.too_large", tooBig.Limit>>20), nil
	}
	return http.StatusInternalServerError, i18n.T(lang, "error.internal", requestID), nil
}

// fail writes err as a page.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	status, msg, fields := Status(langOf(r), err, requestID(r))
	if status == http.StatusInternalServerError {
		s.log.Error("request failed", "request_id", requestID(r), "method", r.Method, "path", r.URL.Path, "err", err)
	}
	s.renderError(w, r, status, flatten(msg, fields))
}

// flatten appends the field messages to msg, in a stable order, for places
// that cannot show them beside their fields.
func flatten(msg string, fields map[string]string) string {
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		msg += " " + fields[k]
	}
	return msg
}

// renderError shows an error page in the layout.
func (s *Server) renderError(w http.ResponseWriter, r *http.Request, status int, msg string) {
	p := s.page(r, "error.title")
	p.Data = struct {
		Status  int
		Message string
	}{status, msg}
	s.render(w, r, status, "error", p)
}

// WriteJSONError writes the API's error body.
func WriteJSONError(w http.ResponseWriter, status int, msg string, fields map[string]string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	body := map[string]any{"status": status, "message": msg}
	if len(fields) > 0 {
		body["fields"] = fields
	}
	json.NewEncoder(w).Encode(map[string]any{"error": body})
}
