package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"math"
	"net/http"
	"net/url"
	"nghisu/internal/charts"
	"nghisu/internal/oversight"
	"nghisu/internal/targets"
	"path"
	"strings"
	"time"

	"nghisu/internal/auth"
	"nghisu/internal/followup"
	"nghisu/internal/i18n"
	"nghisu/internal/model"
	"nghisu/internal/record"
	"nghisu/internal/vntext"
)

//go:embed templates
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// pages holds one template set per page, each the layout plus the partials
// plus the page's own file.
type pages struct {
	set    map[string]*template.Template
	assets map[string]string // "app.css" → "/static/app.3f2a….css"
	files  map[string][]byte // hashed name → content
	types  map[string]string // hashed name → content type
}

func loadPages() (*pages, error) {
	p := &pages{set: map[string]*template.Template{}, assets: map[string]string{},
		files: map[string][]byte{}, types: map[string]string{}}
	// Static files get their content hash in the name, so browsers can keep
	// them for a year and still see every new version at once.
	err := fs.WalkDir(staticFS, "static", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := staticFS.ReadFile(name)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		rel := strings.TrimPrefix(name, "static/")
		ext := path.Ext(rel)
		hashed := strings.TrimSuffix(rel, ext) + "." + hex.EncodeToString(sum[:5]) + ext
		p.assets[rel] = "/static/" + hashed
		p.files[hashed] = b
		p.types[hashed] = contentType(ext)
		return nil
	})
	if err != nil {
		return nil, err
	}
	funcs := template.FuncMap{
		"asset": func(name string) string {
			if u, ok := p.assets[name]; ok {
				return u
			}
			panic("web: no static file " + name)
		},
		"date":      showDate,
		"datetime":  showDateTime,
		"iso":       func(d model.Date) string { return d.String() },
		"ownerkey":  followup.OwnerKey,
		"partydate": func(d model.Date) string { return vntext.Date(d.Time(vntext.Location())) },
		// blocks reads a record's text the way its PDF does: headings,
		// list lines, paragraphs.
		"blocks":     record.Blocks,
		"isoday":     func(t time.Time) string { return t.In(vntext.Location()).Format("2006-01-02") },
		"hhmm":       func(t time.Time) string { return t.In(vntext.Location()).Format("15:04") },
		"sub":        func(a, b int) int { return a - b },
		"has":        hasValue,
		"add":        func(a, b int) int { return a + b },
		"join":       strings.Join,
		"query":      url.QueryEscape,
		"list":       func(v ...any) []any { return v },
		"deref":      func(b *bool) bool { return b != nil && *b },
		"duration":   func(sec int) string { return fmt.Sprintf("%d:%02d", sec/60, sec%60) },
		"ownervalue": OwnerValue,
		"num":        charts.Number,
		"band":       oversight.Band,
		"deref2": func(t *time.Time) time.Time {
			if t == nil {
				return time.Time{}
			}
			return *t
		},
		"pct":    func(v oversight.Value) float64 { return 100 * v.Rate() },
		"round1": func(v float64) float64 { return math.Round(v*10) / 10 },
		"signed": func(v float64) string {
			v = math.Round(v*10) / 10
			if v > 0 {
				return "+" + charts.Number(v)
			}
			return charts.Number(v)
		},
		"seq": func(n int) []int {
			out := make([]int, n)
			for i := range out {
				out[i] = i + 1
			}
			return out
		},
		"owner": targets.FormatOwner,
	}
	base, err := template.New("layout").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/partials/*.html")
	if err != nil {
		return nil, err
	}
	entries, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		name := strings.TrimSuffix(path.Base(e), ".html")
		if name == "layout" {
			continue
		}
		t, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if _, err := t.ParseFS(templateFS, e); err != nil {
			return nil, fmt.Errorf("template %s: %w", name, err)
		}
		p.set[name] = t
	}
	return p, nil
}

func contentType(ext string) string {
	switch ext {
	case ".css":
		return "text/css; charset=utf-8"
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".svg":
		return "image/svg+xml"
	case ".png":
		return "image/png"
	case ".ico":
		return "image/x-icon"
	case ".txt":
		return "text/plain; charset=utf-8"
	}
	return "application/octet-stream"
}

// serveStatic serves a hashed static file with a long cache lifetime.
func (s *Server) serveStatic(w http.ResponseWriter, r *http.Request) error {
	name := r.PathValue("name")
	b, ok := s.pages.files[name]
	if !ok {
		return model.ErrNotFound
	}
	w.Header().Set("Content-Type", s.pages.types[name])
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	_, err := w.Write(b)
	return err
}

func showDate(d any) string {
	switch v := d.(type) {
	case model.Date:
		if v.IsZero() {
			return ""
		}
		return fmt.Sprintf("%02d/%02d/%04d", v.Day, v.Month, v.Year)
	case time.Time:
		if v.IsZero() {
			return ""
		}
		return vntext.ShortDate(v)
	case *time.Time:
		if v == nil {
			return ""
		}
		return vntext.ShortDate(*v)
	}
	return fmt.Sprint(d)
}

func showDateTime(d any) string {
	switch v := d.(type) {
	case time.Time:
		return vntext.DateTime(v)
	case *time.Time:
		if v == nil {
			return ""
		}
		return vntext.DateTime(*v)
	}
	return fmt.Sprint(d)
}

// hasValue reports whether list holds v (a selected area, a guest).
func hasValue(list any, v any) bool {
	switch l := list.(type) {
	case []model.Area:
		for _, x := range l {
			if string(x) == fmt.Sprint(v) {
				return true
			}
		}
	case map[int64]bool:
		id, _ := v.(int64)
		return l[id]
	case []string:
		for _, x := range l {
			if x == fmt.Sprint(v) {
				return true
			}
		}
	}
	return false
}

// Page is what every template receives: the reader's language and actor,
// the page's own data, and a form's values and errors when it is re-shown.
type Page struct {
	Lang  string
	Actor *auth.Actor
	Title string
	Path  string
	Flash string
	// FlashError is a problem reported after a redirect.
	FlashError string
	// Unread counts the actor's unread notices, for the bell.
	Unread  int
	Version string
	// Bare pages (the projector) have no header, navigation or footer.
	Bare bool
	// Form holds the submitted values of a re-shown form.
	Form url.Values
	// Errors maps a field to its message; FormError is the form's own.
	Errors    map[string]string
	FormError string
	Data      any
}

// T renders a catalog key in the reader's language.
func (p *Page) T(key string, args ...any) string { return i18n.T(p.Lang, key, args...) }

// Enum renders an enum value through its catalog prefix: Enum "status" "incumbent".
func (p *Page) Enum(prefix string, v any) string { return i18n.T(p.Lang, prefix+"."+fmt.Sprint(v)) }

// Msg renders a model.Msg.
func (p *Page) Msg(m model.Msg) string { return i18n.Msg(p.Lang, m) }

// V is a form value to show again, or def when the form is fresh.
func (p *Page) V(field string, def any) string {
	if p.Form != nil {
		if _, ok := p.Form[field]; ok {
			return p.Form.Get(field)
		}
	}
	switch v := def.(type) {
	case nil:
		return ""
	case model.Date:
		return v.String()
	}
	return fmt.Sprint(def)
}

// Err is a field's message, or "".
func (p *Page) Err(field string) string { return p.Errors[field] }

// page starts a Page for r.
func (s *Server) page(r *http.Request, titleKey string, args ...any) *Page {
	lang := langOf(r)
	p := &Page{Lang: lang, Actor: actorOf(r), Path: r.URL.Path, Version: s.cfg.Version}
	p.Title = i18n.T(lang, titleKey, args...)
	if r.Context().Value(keySession) != nil {
		p.Flash = s.sessions.PopString(r.Context(), "flash")
		p.FlashError = s.sessions.PopString(r.Context(), "flash_error")
	}
	if p.Actor != nil && p.Actor.Account.ID != 0 {
		p.Unread, _ = s.st.UnreadNotices(r.Context(), p.Actor.Account.ID)
	}
	return p
}

// withErrors fills a page from a failed form submission.
func withErrors(p *Page, r *http.Request, err error) int {
	status, msg, fields := Status(p.Lang, err, requestID(r))
	p.Form = r.PostForm
	p.Errors = fields
	p.FormError = msg
	return status
}

// render writes a page. It renders into a buffer first so that a template
// error becomes a clean 500 instead of half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, p *Page) {
	t, ok := s.pages.set[name]
	if !ok {
		panic("web: no template " + name)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", p); err != nil {
		s.log.Error("render", "template", name, "request_id", requestID(r), "err", err)
		http.Error(w, i18n.T(p.Lang, "error.internal", requestID(r)), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// renderForm shows a form page, re-filled with the submission and its
// problems when ferr says what was wrong with it.
func (s *Server) renderForm(w http.ResponseWriter, r *http.Request, name string, p *Page, ferr error) error {
	status := http.StatusOK
	if ferr != nil {
		status = withErrors(p, r, ferr)
	}
	s.render(w, r, status, name, p)
	return nil
}

// flash leaves a message for the next page.
func (s *Server) flash(r *http.Request, key string, args ...any) {
	s.sessions.Put(r.Context(), "flash", i18n.T(langOf(r), key, args...))
}

// flashError leaves a failed action's reason for the next page.
func (s *Server) flashError(r *http.Request, err error) {
	_, msg, fields := Status(langOf(r), err, requestID(r))
	s.sessions.Put(r.Context(), "flash_error", flatten(msg, fields))
}

// outcome ends a one-button action (a transition, an approval): its
// refusals and denials are told on the page it returns to; anything else is
// the handler's error. On success, done (with args) is told instead.
func (s *Server) outcome(w http.ResponseWriter, r *http.Request, err error, back, done string, args ...any) error {
	if err != nil {
		if !isFormError(err) && !isDenial(err) {
			return err
		}
		s.flashError(r, err)
		return redirect(w, r, back)
	}
	if done != "" {
		s.flash(r, done, args...)
	}
	return redirect(w, r, back)
}

// redirect answers a form post with 303 See Other.
func redirect(w http.ResponseWriter, r *http.Request, to string) error {
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }

// Field is one labelled input of a form, with its value and message.
type Field struct {
	Name, Label, Type, Value, Err, Hint string
	Required                            bool
}

// Field builds an input for the "input" template: the value typed before
// when the form is re-shown, else def.
func (p *Page) Field(name, labelKey, typ string, def any, required bool) Field {
	return Field{Name: name, Label: p.T(labelKey), Type: typ, Value: p.V(name, def), Err: p.Err(name), Required: required}
}

// Hinted adds a hint under a field.
func (f Field) Hinted(hint string) Field { f.Hint = hint; return f }

// MonthName is "tháng 3/2026" (or "March 2026").
func (p *Page) MonthName(t time.Time) string {
	t = t.In(vntext.Location())
	return p.T("calendar.month", int(t.Month()), t.Year())
}

// Is reports whether the actor has role r.
func (p *Page) Is(r string) bool { return p.Actor != nil && string(p.Actor.Account.Role) == r }

// PostName is how a post reads: its title, or its kind's name, and for a
// post outside the party the organisation it is held in.
func (p *Page) PostName(post model.Post) string {
	name := post.Title
	if name == "" {
		name = p.Enum("postkind", post.Kind)
	}
	if !post.Kind.IsParty() && post.Org != nil {
		name += " " + post.Org.Name
	}
	return name
}

// Selected marks the option of a select that matches the form value or def.
func (p *Page) Selected(field string, def any, value any) template.HTMLAttr {
	if p.V(field, def) == fmt.Sprint(value) {
		return "selected"
	}
	return ""
}
