package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"nghisu/internal/i18n"
	"nghisu/internal/model"
	"nghisu/internal/org"
	"nghisu/internal/vntext"
	"nghisu/internal/xlsx"
)

// staffingData is the staffing view of a province or a commune.
type staffingData struct {
	*org.Staffing
	Patterns []org.Pattern
	// Today is the latest day the form offers.
	Today model.Date
}

// SortLink is the page sorted by, keeping the other parameters.
func (d staffingData) SortLink(by string) string { return d.link(string(d.View.Pattern), by) }

// FilterLink is the page filtered by pattern p ("" for all).
func (d staffingData) FilterLink(p org.Pattern) string { return d.link(string(p), d.View.Sort) }

// XLSXLink is the workbook of the same day.
func (d staffingData) XLSXLink() string {
	q := url.Values{}
	if d.On != d.Today {
		q.Set("on", d.On.String())
	}
	return "/orgs/" + strconv.FormatInt(d.Org.ID, 10) + "/staffing.xlsx" + withQuery(q)
}

func (d staffingData) link(pattern, sort string) string {
	q := url.Values{}
	if pattern != "" {
		q.Set("pattern", pattern)
	}
	if sort != "" && sort != "name" {
		q.Set("sort", sort)
	}
	if d.On != d.Today {
		q.Set("on", d.On.String())
	}
	return "/orgs/" + strconv.FormatInt(d.Org.ID, 10) + "/staffing" + withQuery(q)
}

func withQuery(q url.Values) string {
	if len(q) == 0 {
		return ""
	}
	return "?" + q.Encode()
}

// readStaffing reads the view the query asks for. Bad parameters do not
// stop the page: it shows today's view, every commune, and says what was
// wrong (ferr, a *model.ValidationError); anything else is err.
func (s *Server) readStaffing(r *http.Request) (d staffingData, ferr, err error) {
	id, err := pathID(r, "id")
	if err != nil {
		return d, nil, err
	}
	a, ctx, q := actorOf(r), r.Context(), r.URL.Query()
	bad := &model.ValidationError{}
	view, verr := org.ParseStaffingView(q.Get("pattern"), q.Get("sort"))
	var ve *model.ValidationError
	if errors.As(verr, &ve) {
		bad.Fields = append(bad.Fields, ve.Fields...)
	}
	var on model.Date
	if raw := strings.TrimSpace(q.Get("on")); raw != "" {
		if on, err = model.ParseISODate(raw); err != nil {
			bad.Add("on", "field.date_invalid")
			on = model.Date{}
		}
	}
	st, err := s.org.Staffing(ctx, a, id, on)
	if errors.As(err, &ve) {
		bad.Fields = append(bad.Fields, ve.Fields...)
		st, err = s.org.Staffing(ctx, a, id, model.Date{})
	}
	if err != nil {
		return d, nil, err
	}
	st.Apply(view)
	return staffingData{Staffing: st, Patterns: org.Patterns, Today: s.org.Today()}, bad.Err(), nil
}

// staffingPage shows the posts and concurrent posts of a province's
// communes (or of one commune): totals first, then a row per commune.
func (s *Server) staffingPage(w http.ResponseWriter, r *http.Request) error {
	d, ferr, err := s.readStaffing(r)
	if err != nil {
		return err
	}
	p := s.page(r, "staffing.title", d.Org.Name)
	p.Data = d
	return s.renderForm(w, r, "staffing", p, ferr)
}

// staffingXLSX sends the view as a workbook: the communes × patterns table
// with its totals, the people and their posts, and the conflicts.
func (s *Server) staffingXLSX(w http.ResponseWriter, r *http.Request) error {
	d, ferr, err := s.readStaffing(r)
	if err != nil {
		return err
	}
	if ferr != nil {
		return ferr
	}
	lang := langOf(r)
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="`+fileName("kiem-nhiem-"+d.Org.Name+"-"+d.On.String()+".xlsx")+`"`)
	return xlsx.WriteTables(w, staffingTables(lang, d.Staffing))
}

// staffingTables lays the view out as sheets: communes × patterns with a
// totals row, the people concerned with their posts, the conflicts.
func staffingTables(lang string, st *org.Staffing) []xlsx.Table {
	communes := xlsx.Table{Name: i18n.T(lang, "staffing.sheet"), Widths: []float64{34}}
	communes.Header = append(communes.Header, i18n.T(lang, "staffing.commune"))
	for _, p := range org.Patterns {
		communes.Header = append(communes.Header, p.Label(lang))
		communes.Widths = append(communes.Widths, 16)
	}
	communes.Header = append(communes.Header, i18n.T(lang, "staffing.flags"))
	people := xlsx.Table{Name: i18n.T(lang, "staffing.people"), Widths: []float64{34, 28, 24, 60, 50},
		Header: []string{i18n.T(lang, "staffing.commune"), i18n.T(lang, "staffing.col_person"),
			i18n.T(lang, "staffing.col_party"), i18n.T(lang, "staffing.posts"), i18n.T(lang, "staffing.col_patterns")}}
	for _, c := range st.Communes {
		row := []any{c.Commune.Name}
		for _, p := range org.Patterns {
			if c.Has(p) {
				row = append(row, 1)
			} else {
				row = append(row, nil)
			}
		}
		communes.Rows = append(communes.Rows, append(row, len(c.Patterns)))
		for _, h := range append(append([]org.StaffHolder{}, c.Leaders...), c.Others...) {
			var posts, patterns []string
			for _, p := range h.Posts {
				posts = append(posts, org.PostLabel(lang, p))
			}
			for _, p := range h.Patterns {
				patterns = append(patterns, p.Label(lang))
			}
			party := ""
			if h.Party != "" {
				party = i18n.T(lang, "postkind."+string(h.Party))
			}
			people.Rows = append(people.Rows, []any{c.Commune.Name, h.Name, party, strings.Join(posts, "; "), strings.Join(patterns, "; ")})
		}
	}
	total := []any{i18n.T(lang, "staffing.totals")}
	for _, t := range st.Totals {
		total = append(total, i18n.T(lang, "staffing.total_cell", t.Communes, t.Of, vntext.Percent(t.Share, 1)))
	}
	communes.Rows = append(communes.Rows, total)
	conflicts := xlsx.Table{Name: i18n.T(lang, "staffing.sheet_conflicts"), Widths: []float64{34, 28, 30, 90},
		Header: []string{i18n.T(lang, "staffing.commune"), i18n.T(lang, "staffing.col_person"),
			i18n.T(lang, "staffing.col_rule"), i18n.T(lang, "staffing.col_text")}}
	for _, cf := range st.Conflicts {
		conflicts.Rows = append(conflicts.Rows, []any{cf.Commune, cf.Person, cf.Pattern.Label(lang), cf.Sentence(lang)})
	}
	return []xlsx.Table{communes, people, conflicts}
}

// Percent shows a share ("38,7%").
func (d staffingData) Percent(f float64) string { return vntext.Percent(f, 1) }

// PostList names a person's posts in lang, highest first.
func (d staffingData) PostList(lang string, posts []model.Post) string {
	names := make([]string, len(posts))
	for i, p := range posts {
		names[i] = org.PostLabel(lang, p)
	}
	return strings.Join(names, "; ")
}
