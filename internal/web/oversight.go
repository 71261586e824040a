package web

import (
	"bytes"
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"strconv"

	"nghisu/internal/charts"
	"nghisu/internal/jobs"
	"nghisu/internal/model"
	"nghisu/internal/oversight"
	"nghisu/internal/xlsx"
)

// oversightData is the province's dashboard.
type oversightData struct {
	*oversight.Dashboard
	Indicators []oversight.Indicator
	Bands      any
	TrendChart template.HTML
	// Params rebuilds the filter in links (sorting, paging).
	Params url.Values
	Failed bool
}

// SortLink is the dashboard's address with another sort order.
func (d oversightData) SortLink(sort string) string {
	v := url.Values{}
	for k, vs := range d.Params {
		if k != "sort" && k != "page" {
			v[k] = vs
		}
	}
	v.Set("sort", sort)
	return "?" + v.Encode()
}

// PageLink is the dashboard's address at another page.
func (d oversightData) PageLink(page int) string {
	v := url.Values{}
	for k, vs := range d.Params {
		v[k] = vs
	}
	v.Set("page", strconv.Itoa(page))
	return "?" + v.Encode()
}

// oversightPage is a province's dashboard, or a commune's months.
func (s *Server) oversightPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	o, err := s.org.Org(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	if o.Kind == model.OrgCommune {
		return s.communeOversight(w, r, o)
	}
	q := r.URL.Query()
	p := s.page(r, "oversight.title", o.Name)
	p.Form = q
	d := oversightData{Indicators: oversight.Indicators, Bands: oversight.Bands, Params: q}
	query := oversight.Query{Unit: model.Unit(q.Get("unit")), Name: q.Get("q"), Sort: q.Get("sort")}
	query.Page, _ = strconv.Atoi(q.Get("page"))
	period, perr := s.oversee.ParsePeriod(q.Get("from"), q.Get("to"))
	code, ierr := oversight.ParseIndicator(q.Get("indicator"))
	var uerr error
	if u := query.Unit; u != "" && u != model.UnitWard && u != model.UnitCommune && u != model.UnitSpecial {
		v := &model.ValidationError{}
		v.Add("unit", "oversight.unknown_unit")
		uerr = v
	}
	if ferr := allErrs(perr, ierr, uerr); ferr != nil {
		// The filter is shown again with what was wrong, and nothing else.
		if _, err := s.oversee.Province(r.Context(), actorOf(r), id); err != nil {
			return err // another province is not found, whatever its filter
		}
		d.Dashboard = &oversight.Dashboard{Province: o}
		d.Failed = true
		p.Data = d
		status := withErrors(p, r, ferr)
		p.Form = q
		s.render(w, r, status, "oversight", p)
		return nil
	}
	query.Period, query.Indicator = period, code
	dash, err := s.oversee.Dashboard(r.Context(), actorOf(r), id, query)
	if err != nil {
		return err
	}
	d.Dashboard = dash
	if len(dash.Trend) > 0 {
		pts := make([]charts.Point, len(dash.Trend))
		for i, t := range dash.Trend {
			pts[i] = charts.Point{Label: t.Month, Value: t.Mean}
		}
		d.TrendChart = charts.Series(p.T("oversight.trend_title"), p.T("oversight.points"), pts,
			charts.Guide{Value: 90, Label: p.T("oversight.band.excellent") + " ≥ 90", Class: "guide", Colour: "#2e7d32", Dash: "6 4"},
			charts.Guide{Value: 60, Label: p.T("oversight.band.weak") + " < 60", Class: "guide", Colour: "#c62828", Dash: "2 3", Below: true})
	}
	p.Data = d
	s.render(w, r, http.StatusOK, "oversight", p)
	return nil
}

// allErrs joins the filter's field problems into one, so that each field
// shows its own message.
func allErrs(errs ...error) error {
	all := &model.ValidationError{}
	for _, err := range errs {
		var v *model.ValidationError
		if errors.As(err, &v) {
			all.Fields = append(all.Fields, v.Fields...)
		} else if err != nil {
			return err
		}
	}
	return all.Err()
}

// communeData is a commune's indicators month by month.
type communeOversightData struct {
	*oversight.CommuneView
	Failed bool
}

func (s *Server) communeOversight(w http.ResponseWriter, r *http.Request, o *model.Org) error {
	q := r.URL.Query()
	p := s.page(r, "oversight.commune_title", o.Name)
	p.Form = q
	period, perr := s.oversee.ParsePeriod(q.Get("from"), q.Get("to"))
	if perr != nil {
		period, _ = s.oversee.ParsePeriod("", "")
	}
	v, err := s.oversee.Commune(r.Context(), actorOf(r), o.ID, period)
	if err != nil {
		return err
	}
	p.Data = communeOversightData{CommuneView: v}
	status := http.StatusOK
	if perr != nil {
		status = withErrors(p, r, perr)
		p.Form = q
	}
	s.render(w, r, status, "oversightcommune", p)
	return nil
}

// oversightMonth is a commune's month with the evidence behind each number.
func (s *Server) oversightMonth(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	v, err := s.oversee.Month(r.Context(), actorOf(r), id, r.PathValue("month"))
	if err != nil {
		if isFormError(err) {
			return errNotFound // a month that is no month, or not yet
		}
		return err
	}
	p := s.page(r, "oversight.month_title", v.Commune.Name, p0(r).PeriodMonth(v.Month))
	p.Data = monthData{MonthView: v, Indicators: oversight.Indicators}
	s.render(w, r, http.StatusOK, "oversightmonth", p)
	return nil
}

// oversightSettingsPage shows the weights and the minutes window.
func (s *Server) oversightSettingsPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	set, err := s.oversee.ReadSettings(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	p := s.weightsPage(r, set)
	return s.renderForm(w, r, "oversightsettings", p, nil)
}

// weightsPage starts the weights page.
func (s *Server) weightsPage(r *http.Request, set *oversight.Settings) *Page {
	p := s.page(r, "oversight.settings_title", set.Province.Name)
	p.Data = oversightSettingsData{Settings: set, Indicators: oversight.Indicators, Max: oversight.MaxWeight,
		Default: oversight.DefaultWeights(), MinutesDefault: oversight.MinutesDays.Default}
	return p
}

type oversightSettingsData struct {
	*oversight.Settings
	Indicators     []oversight.Indicator
	Max            int
	Default        oversight.Weights
	MinutesDefault int
}

// Weight is an indicator's weight now.
func (d oversightSettingsData) Weight(c oversight.Code) int { return d.Weights[c] }

func (s *Server) saveOversightSettings(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	set, err := s.oversee.ReadSettings(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	if !set.CanChange {
		return model.Deny("oversight.settings_denied")
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	weights := oversight.Weights{}
	v := &model.ValidationError{}
	for _, in := range oversight.Indicators {
		if !in.Rate {
			continue
		}
		n, err := strconv.Atoi(r.PostForm.Get("w." + string(in.Code)))
		if err != nil {
			v.Add("w."+string(in.Code), "oversight.weight_range", 0, oversight.MaxWeight)
			continue
		}
		weights[in.Code] = n
	}
	days, err := strconv.Atoi(r.PostForm.Get("minutes_days"))
	if err != nil {
		v.Add("minutes_days", "settings.range", oversight.MinutesDays.Min, oversight.MinutesDays.Max)
	}
	ferr := v.Err()
	if ferr == nil {
		ferr = s.oversee.SaveSettings(r.Context(), actorOf(r), id, weights, days)
	}
	if ferr != nil {
		if !isFormError(ferr) && !isDenial(ferr) {
			return ferr
		}
		p := s.weightsPage(r, set)
		return s.renderForm(w, r, "oversightsettings", p, ferr)
	}
	s.flash(r, "oversight.settings_saved")
	http.Redirect(w, r, "/orgs/"+strconv.FormatInt(id, 10)+"/oversight", http.StatusSeeOther)
	return nil
}

// refreshOversight asks for the whole snapshot to be computed again.
func (s *Server) refreshOversight(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	back := "/orgs/" + strconv.FormatInt(id, 10) + "/oversight"
	prov, err := s.oversee.RequestRefresh(r.Context(), actorOf(r), id)
	if err == nil {
		// One request a minute is enough, however often the button is pressed.
		key := jobs.PeriodKey(oversight.FullJob+":asked", 60e9, s.st.Now())
		err = jobs.EnqueueUnique(r.Context(), s.st, oversight.FullJob, key,
			oversight.FullPayload{ProvinceID: prov.ID, By: actorOf(r).Account.Username}, s.st.Now())
	}
	return s.outcome(w, r, err, back, "oversight.refresh_asked")
}

type monthData struct {
	*oversight.MonthView
	Indicators []oversight.Indicator
}

// IndicatorDef is an indicator's definition; the minutes' names its window.
func (p *Page) IndicatorDef(c oversight.Code, minutesDays int) string {
	if c == oversight.MinutesTimely {
		return p.T("oversight.def.minutes_timely", minutesDays)
	}
	return p.Enum("oversight.def", c)
}

// reportData is the evaluation report's page: the draft as it will print,
// and the directions to edit.
type reportData struct {
	*oversight.Report
}

// reportPeriod reads the report's period from the query or the form.
func (s *Server) reportPeriod(r *http.Request) (oversight.Period, error) {
	from, to := r.FormValue("from"), r.FormValue("to")
	return s.oversee.ParsePeriod(from, to)
}

// reportPage shows the draft evaluation report of a period.
func (s *Server) reportPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	period, perr := s.reportPeriod(r)
	if perr != nil {
		period, _ = s.oversee.ParsePeriod("", "")
	}
	rep, err := s.oversee.Report(r.Context(), actorOf(r), id, period)
	if err != nil {
		return err
	}
	p := s.page(r, "report.title", rep.Province.Name)
	p.Data = reportData{rep}
	p.Form = r.URL.Query()
	status := http.StatusOK
	if perr != nil {
		status = withErrors(p, r, perr)
		p.Form = r.URL.Query()
	}
	s.render(w, r, status, "oversightreport", p)
	return nil
}

// saveDirections writes the report's directions.
func (s *Server) saveDirections(w http.ResponseWriter, r *http.Request) error {
	id, f, err := postedForm(w, r, func(r *http.Request, id int64) error {
		_, err := s.oversee.ReadSettings(r.Context(), actorOf(r), id)
		return err
	})
	if err != nil {
		return err
	}
	period, err := s.oversee.ParsePeriod(f.Str("from"), f.Str("to"))
	if err == nil {
		err = s.oversee.SaveDirections(r.Context(), actorOf(r), id, period, f.Text("directions"))
	}
	if err != nil {
		if !isFormError(err) {
			return err
		}
		rep, rerr := s.oversee.Report(r.Context(), actorOf(r), id, period)
		if rerr != nil {
			return rerr
		}
		p := s.page(r, "report.title", rep.Province.Name)
		p.Data = reportData{rep}
		return s.renderForm(w, r, "oversightreport", p, err)
	}
	s.flash(r, "report.saved")
	http.Redirect(w, r, "/orgs/"+strconv.FormatInt(id, 10)+"/oversight/report?from="+period.From+"&to="+period.To, http.StatusSeeOther)
	return nil
}

// reportFile downloads the draft report as PDF or DOCX.
func (s *Server) reportFile(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	format := r.PathValue("format")
	if format != "pdf" && format != "docx" {
		return errNotFound
	}
	period, err := s.reportPeriod(r)
	if err != nil {
		return err
	}
	rep, err := s.oversee.Report(r.Context(), actorOf(r), id, period)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	name, err := s.oversee.ReportFile(r.Context(), rep, format, &buf)
	if err != nil {
		return err
	}
	typ := "application/pdf"
	if format == "docx" {
		typ = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	}
	return sendFile(w, buf.Bytes(), typ, name)
}

// exportOversight sends the indicators of a province's communes (or of
// one commune, on its id) for a period as a workbook. A bad period is the
// dashboard's message (422), not a file.
func (s *Server) exportOversight(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	q := r.URL.Query()
	period, perr := s.oversee.ParsePeriod(q.Get("from"), q.Get("to"))
	if perr != nil {
		// Who may not read the organisation learns nothing about the period.
		if _, err := s.oversee.Export(r.Context(), actorOf(r), id, oversight.Period{From: "2000-01", To: "2000-01"}); err != nil {
			return err
		}
		return perr
	}
	x, err := s.oversee.Export(r.Context(), actorOf(r), id, period)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="`+fileName("chi-so-"+x.Org.Name+"-"+period.From+"-"+period.To+".xlsx")+`"`)
	return xlsx.WriteOversight(w, langOf(r), x.Book())
}
