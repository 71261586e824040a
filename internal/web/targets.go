package web

import (
	"errors"
	"html/template"
	"net/http"
	"strconv"

	"nghisu/internal/charts"
	"nghisu/internal/model"
	"nghisu/internal/targets"
	"nghisu/internal/xlsx"
)

// targetRow is a target in the list, with its bar drawn.
type targetRow struct {
	targets.Item
	Bar template.HTML
}

// targetsData is a commune's targets page.
type targetsData struct {
	Org   *model.Org
	Items []targetRow
	// CanCreate: the reader sets targets and imports values.
	CanCreate bool
	// CanImport: the reader reports some target's values (and may import them).
	CanImport bool
	Chart     template.HTML
	// Problems are the rows of a refused import.
	Problems []xlsx.RowError
}

func (s *Server) seeTargets(r *http.Request, id int64) error {
	_, err := s.targets.Commune(r.Context(), actorOf(r), id)
	return err
}

func (s *Server) targetsPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.showTargets(w, r, id, nil, nil)
}

func (s *Server) showTargets(w http.ResponseWriter, r *http.Request, id int64, problems []xlsx.RowError, ferr error) error {
	l, err := s.targets.List(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	d := targetsData{Org: l.Commune, CanCreate: l.CanCreate, CanImport: l.CanCreate, Problems: problems}
	counts := map[targets.Status]float64{}
	for _, it := range l.Items {
		row := targetRow{Item: it}
		if it.Achievement != nil {
			row.Bar = charts.ProgressBar(it.Achievement.Percent)
		}
		counts[it.Status]++
		d.CanImport = d.CanImport || it.CanReport
		d.Items = append(d.Items, row)
	}
	p := s.page(r, "target.list_title", l.Commune.Name)
	if len(l.Items) > 0 {
		var labels []string
		var values []float64
		for _, st := range []targets.Status{targets.Reached, targets.OnTrack, targets.Behind, targets.NoData} {
			labels = append(labels, p.Enum("targetstatus", st))
			values = append(values, counts[st])
		}
		d.Chart = charts.Bars(p.T("target.by_status"), labels, values)
	}
	p.Data = d
	return s.renderForm(w, r, "targets", p, ferr)
}

// targetForm sets a target.
type targetForm struct {
	Org         *model.Org
	Owners      []model.Owner
	Units       []string
	Directions  []model.Direction
	PeriodKinds []model.PeriodKind
	Year        string
}

func (s *Server) newTargetForm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.showTargetForm(w, r, id, nil)
}

func (s *Server) showTargetForm(w http.ResponseWriter, r *http.Request, id int64, ferr error) error {
	a := actorOf(r)
	c, err := s.targets.Commune(r.Context(), a, id)
	if err != nil {
		return err
	}
	if !targets.CanCreate(a, c) {
		return model.Deny("target.not_keeper")
	}
	d := targetForm{Org: c, Units: targets.Units, Directions: model.Directions, PeriodKinds: model.PeriodKinds,
		Year: strconv.Itoa(s.st.Now().Year())}
	if d.Owners, err = s.targets.Owners(r.Context(), c); err != nil {
		return err
	}
	p := s.page(r, "target.new_title")
	p.Data = d
	return s.renderForm(w, r, "targetform", p, ferr)
}

func (s *Server) createTarget(w http.ResponseWriter, r *http.Request) error {
	id, f, err := postedForm(w, r, s.seeTargets)
	if err != nil {
		return err
	}
	in := targets.Input{Name: f.Str("name"), Unit: f.Str("unit"), Baseline: targets.Number(f.Str("baseline")),
		Value: targets.Number(f.Str("target_value")), Direction: model.Direction(f.Str("direction")),
		PeriodKind: model.PeriodKind(f.Str("period_kind")), Period: f.Str("period"),
		SourceParagraph: f.Str("source_paragraph")}
	if o, ok := targets.ParseOwner(f.Str("owner")); ok {
		in.Owner = o
	}
	if in.SourceID = f.Int64("source_id"); in.SourceID != 0 {
		in.SourceKind = "issued"
	}
	if err := f.Err(); err != nil {
		return s.showTargetForm(w, r, id, err)
	}
	t, err := s.targets.Create(r.Context(), actorOf(r), id, in)
	if err != nil {
		if isFormError(err) {
			return s.showTargetForm(w, r, id, err)
		}
		return err
	}
	s.flash(r, "target.created")
	return redirect(w, r, "/targets/"+strconv.FormatInt(t.ID, 10))
}

// targetData is a target's page.
type targetData struct {
	Org   *model.Org
	Item  *targets.Item
	Bar   template.HTML
	Chart template.HTML
	// Units is the target's unit, offered as the only one.
	Year string
}

func (s *Server) targetPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.showTarget(w, r, id, nil)
}

func (s *Server) showTarget(w http.ResponseWriter, r *http.Request, id int64, ferr error) error {
	it, c, err := s.targets.Get(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	d := targetData{Org: c, Item: it}
	if it.Achievement != nil {
		d.Bar = charts.ProgressBar(it.Achievement.Percent)
	}
	var pts []charts.Point
	for _, v := range it.Series {
		pts = append(pts, charts.Point{Label: v.Period, Value: v.Value})
	}
	d.Chart = charts.Line(it.Name, it.Unit, pts, it.Value, it.Baseline)
	p := s.page(r, "target.title", it.Name)
	p.Data = d
	return s.renderForm(w, r, "target", p, ferr)
}

func (s *Server) seeTarget(r *http.Request, id int64) error {
	_, _, err := s.targets.Get(r.Context(), actorOf(r), id)
	return err
}

func (s *Server) reportTarget(w http.ResponseWriter, r *http.Request) error {
	id, f, err := postedForm(w, r, s.seeTarget)
	if err != nil {
		return err
	}
	in := targets.ValueInput{Period: f.Str("period"), Value: targets.Number(f.Str("value")), Unit: f.Str("unit"),
		Note: f.Text("note")}
	if _, err := s.targets.Report(r.Context(), actorOf(r), id, in); err != nil {
		if isFormError(err) {
			return s.showTarget(w, r, id, err)
		}
		return err
	}
	s.flash(r, "target.reported")
	return redirect(w, r, "/targets/"+strconv.FormatInt(id, 10))
}

// exportTargets sends a commune's targets and their values as a workbook,
// written straight to the response.
func (s *Server) exportTargets(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	lang := langOf(r)
	c, sheets, err := s.targets.Export(r.Context(), actorOf(r), id, lang)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="`+fileName("chi-tieu-"+c.Name+".xlsx")+`"`)
	return xlsx.WriteTargets(w, lang, sheets)
}

func (s *Server) targetValuesTemplate(w http.ResponseWriter, r *http.Request) error {
	b, err := xlsx.ValuesTemplate(langOf(r))
	if err != nil {
		return err
	}
	return sendXLSX(w, "mau-so-lieu-chi-tieu.xlsx", b)
}

// importTargetValues takes a sheet of values: all its rows or none, every
// bad row and column listed on the targets page.
func (s *Server) importTargetValues(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := actorOf(r)
	l, err := s.targets.List(r.Context(), a, id)
	if err != nil {
		return err
	}
	may := l.CanCreate
	for _, it := range l.Items {
		may = may || it.CanReport
	}
	if !may {
		return model.Deny("target.not_reporter")
	}
	r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxUpload)
	if err := r.ParseMultipartForm(8 << 20); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return s.showTargets(w, r, id, nil, model.Refuse("import.too_big", s.cfg.MaxUpload>>20))
		}
		return s.showTargets(w, r, id, nil, model.Refuse("import.no_file"))
	}
	defer r.MultipartForm.RemoveAll()
	file, _, err := r.FormFile("file")
	if err != nil {
		return s.showTargets(w, r, id, nil, model.Refuse("import.no_file"))
	}
	defer file.Close()
	lang := langOf(r)
	rows, err := xlsx.ReadTargetValues(file, lang, 5000)
	var fe *xlsx.FileError
	if errors.As(err, &fe) {
		return s.showTargets(w, r, id, nil, &model.Refusal{Msg: fe.Msg})
	} else if err != nil {
		return err
	}
	n, problems, err := s.targets.ImportValues(r.Context(), a, id, targets.FromSheet(rows))
	if err != nil {
		return err
	}
	if len(problems) == 0 && n == 0 {
		return s.showTargets(w, r, id, nil, model.Refuse("import.no_file"))
	}
	if len(problems) > 0 {
		out := make([]xlsx.RowError, len(problems))
		for i, p := range problems {
			col, head := xlsx.ValueColumn(lang, p.Field)
			out[i] = xlsx.RowError{Row: p.Row, Column: col, Header: head, Msg: p.Msg}
		}
		return s.showTargets(w, r, id, out, model.Refuse("import.rejected", len(problems)))
	}
	s.flash(r, "target.imported", n)
	return redirect(w, r, "/orgs/"+strconv.FormatInt(id, 10)+"/targets")
}

// targetChart serves a target's line chart as an SVG image, for a page or a
// document that links rather than embeds it.
func (s *Server) targetChart(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	it, _, err := s.targets.Get(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	var pts []charts.Point
	for _, v := range it.Series {
		pts = append(pts, charts.Point{Label: v.Period, Value: v.Value})
	}
	w.Header().Set("Content-Type", "image/svg+xml; charset=utf-8")
	w.Header().Set("Cache-Control", "private, no-store")
	_, err = w.Write([]byte(charts.Line(it.Name, it.Unit, pts, it.Value, it.Baseline)))
	return err
}
