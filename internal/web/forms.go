package web

import (
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"nghisu/internal/model"
	"nghisu/internal/vntext"
)

// maxForm caps an ordinary form body.
const maxForm = 1 << 20

// form reads a posted form: every value trimmed and normalised to NFC, and
// the problems of values that cannot be read (a date that is no date)
// collected per field.
type form struct {
	r    *http.Request
	errs model.ValidationError
}

// postedForm reads the path's {id}, checks with see that the actor sees
// what it names (another organisation's object answers 404 whatever the
// body holds), then parses the form.
func postedForm(w http.ResponseWriter, r *http.Request, see func(r *http.Request, id int64) error) (int64, *form, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	if err := see(r, id); err != nil {
		return 0, nil, err
	}
	f, err := parseForm(w, r)
	return id, f, err
}

// parseForm reads the request body (at most maxForm bytes).
func parseForm(w http.ResponseWriter, r *http.Request) (*form, error) {
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	if err := r.ParseForm(); err != nil {
		return nil, err
	}
	for k, vs := range r.PostForm {
		for i, v := range vs {
			vs[i] = vntext.Clean(v)
		}
		r.PostForm[k] = vs
	}
	return &form{r: r}, nil
}

// Str is a one-line text value.
func (f *form) Str(name string) string { return vntext.CleanLine(f.r.PostForm.Get(name)) }

// Text is a multi-line text value.
func (f *form) Text(name string) string { return f.r.PostForm.Get(name) }

// Lines splits a multi-line value into its non-empty lines.
func (f *form) Lines(name string) []string {
	var out []string
	for _, l := range strings.Split(f.Text(name), "\n") {
		if l = vntext.CleanLine(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// Int64 is an id; an empty value is 0, a bad one a field error.
func (f *form) Int64(name string) int64 {
	s := f.Str(name)
	if s == "" {
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		f.errs.Add(name, "field.number_invalid")
		return 0
	}
	return n
}

// Date is a day typed as dd/mm/yyyy or sent by a date picker as yyyy-mm-dd.
func (f *form) Date(name string) model.Date {
	s := f.Str(name)
	if s == "" {
		return model.Date{}
	}
	t, err := vntext.ParseDate(s)
	if err != nil {
		f.errs.Add(name, "field.date_invalid")
		return model.Date{}
	}
	return model.DateOf(t)
}

// Err is the reading problems, or nil.
func (f *form) Err() error { return f.errs.Err() }

// pathID reads a numeric path value; anything else is "not found".
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, model.ErrNotFound
	}
	return id, nil
}

// isFormError reports whether err belongs on the form that caused it (bad
// fields, a refusal with its reason) rather than on an error page.
func isFormError(err error) bool {
	var v *model.ValidationError
	var ref *model.Refusal
	return errors.As(err, &v) || errors.As(err, &ref)
}

// DateTime reads a day and a time of day (two fields: a date picker and a
// time picker) as an instant in Vietnam.
func (f *form) DateTime(dateField, timeField string) time.Time {
	d := f.Date(dateField)
	if d.IsZero() {
		if !f.errs.Has(dateField) {
			f.errs.Add(dateField, "field.required")
		}
		return time.Time{}
	}
	clock := f.Str(timeField)
	if clock == "" {
		clock = "08:00"
	}
	t, err := time.Parse("15:04", clock)
	if err != nil {
		f.errs.Add(timeField, "field.time_invalid")
		return time.Time{}
	}
	return time.Date(d.Year, d.Month, d.Day, t.Hour(), t.Minute(), 0, 0, vntext.Location())
}

// isDenial reports whether err is a same-organisation refusal of rights.
func isDenial(err error) bool {
	var d *model.Denial
	return errors.As(err, &d)
}

// The objects a posted form may name, each read as the actor sees it.

func (s *Server) seeMeeting(r *http.Request, id int64) error {
	_, err := s.meetings.Get(r.Context(), actorOf(r), id)
	return err
}

func (s *Server) seeDocument(r *http.Request, id int64) error {
	_, _, err := s.drafting.Document(r.Context(), actorOf(r), id)
	return err
}

func (s *Server) seeReview(r *http.Request, id int64) error {
	_, _, _, err := s.drafting.Round(r.Context(), actorOf(r), id)
	return err
}

func (s *Server) seeOrg(r *http.Request, id int64) error {
	_, err := s.org.Org(r.Context(), actorOf(r), id)
	return err
}

func (s *Server) seeOpinion(r *http.Request, id int64) error {
	_, err := s.opinions.Get(r.Context(), actorOf(r), id)
	return err
}

// upload is the optional file of a posted form.
type upload struct {
	Name string
	Data []byte
}

// fileForm reads a form that may carry one file in the field "file"
// (multipart, or a plain form without it): the values normalised as
// parseForm does, and the file read whole (nil when none was chosen). A
// body over the upload limit is the file field's problem (file.too_big).
func (s *Server) fileForm(w http.ResponseWriter, r *http.Request) (*form, *upload, error) {
	r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxUpload+1<<20)
	var up *upload
	switch err := r.ParseMultipartForm(8 << 20); {
	case errors.Is(err, http.ErrNotMultipart):
		// A plain form (a client without the file field): no file.
	case err != nil:
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, nil, fileProblem("file.too_big", s.cfg.MaxUpload>>20)
		}
		return nil, nil, err
	default:
		defer r.MultipartForm.RemoveAll()
		file, hdr, err := r.FormFile("file")
		switch {
		case errors.Is(err, http.ErrMissingFile):
		case err != nil:
			return nil, nil, err
		case hdr.Filename == "" && hdr.Size == 0:
			file.Close()
		default:
			defer file.Close()
			data, err := io.ReadAll(io.LimitReader(file, s.cfg.MaxUpload+1))
			if err != nil {
				return nil, nil, err
			}
			up = &upload{Name: hdr.Filename, Data: data}
		}
	}
	for k, vs := range r.PostForm {
		for i, v := range vs {
			vs[i] = vntext.Clean(v)
		}
		r.PostForm[k] = vs
	}
	return &form{r: r}, up, nil
}
