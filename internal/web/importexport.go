package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"nghisu/internal/model"
	"nghisu/internal/org"
	"nghisu/internal/vntext"
	"nghisu/internal/xlsx"
)

// Member lists travel as Excel files: a template to fill in, an import that
// takes all rows or none, and an export that can be edited and imported back.

type importData struct {
	Org      model.Org
	Bodies   []model.Body
	Problems []xlsx.RowError
	Result   *org.ImportResult
}

func (s *Server) importForm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.showImport(w, r, id, nil, nil)
}

func (s *Server) showImport(w http.ResponseWriter, r *http.Request, orgID int64, problems []xlsx.RowError, ferr error) error {
	a := actorOf(r)
	ctx := r.Context()
	o, err := s.org.Org(ctx, a, orgID)
	if err != nil {
		return err
	}
	if err := s.org.MayEdit(ctx, a, o); err != nil {
		return err
	}
	cv, err := s.communeView(ctx, a, o)
	if err != nil {
		return err
	}
	p := s.page(r, "import.title")
	p.Data = importData{Org: *o, Bodies: cv.Bodies, Problems: problems}
	return s.renderForm(w, r, "import", p, ferr)
}

func (s *Server) importMembers(w http.ResponseWriter, r *http.Request) error {
	orgID, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := actorOf(r)
	if _, err := s.org.Org(r.Context(), a, orgID); err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxUpload)
	if err := r.ParseMultipartForm(8 << 20); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return s.showImport(w, r, orgID, nil, model.Refuse("import.too_big", s.cfg.MaxUpload>>20))
		}
		return s.showImport(w, r, orgID, nil, model.Refuse("import.no_file"))
	}
	defer r.MultipartForm.RemoveAll()
	bodyID, _ := strconv.ParseInt(r.PostForm.Get("body_id"), 10, 64)
	b, err := s.org.Body(r.Context(), a, bodyID)
	if err != nil || b.OrgID != orgID {
		v := &model.ValidationError{}
		v.Add("body_id", "import.body_required")
		return s.showImport(w, r, orgID, nil, v)
	}
	file, _, err := r.FormFile("file")
	if err != nil {
		return s.showImport(w, r, orgID, nil, model.Refuse("import.no_file"))
	}
	defer file.Close()
	lang := langOf(r)
	rows, problems, err := xlsx.ReadMembers(file, lang, org.MaxImportRows)
	var fe *xlsx.FileError
	if errors.As(err, &fe) {
		return s.showImport(w, r, orgID, nil, &model.Refusal{Msg: fe.Msg})
	} else if err != nil {
		return err
	}
	if len(problems) == 0 {
		var res *org.ImportResult
		res, err = s.org.ImportMembers(r.Context(), a, b.ID, rows)
		var ie *org.ImportError
		switch {
		case errors.As(err, &ie):
			problems = ie.Problems
		case err != nil && isFormError(err):
			return s.showImport(w, r, orgID, nil, err)
		case err != nil:
			return err
		default:
			s.flash(r, "import.done", res.Rows, p0(r).Enum("bodykind", b.Kind), res.Created, res.Matched)
			return redirect(w, r, "/bodies/"+strconv.FormatInt(b.ID, 10))
		}
	}
	for i := range problems {
		problems[i].Header = xlsx.Header(lang, problems[i].Column)
	}
	return s.showImport(w, r, orgID, problems, model.Refuse("import.rejected", len(problems)))
}

func (s *Server) importTemplate(w http.ResponseWriter, r *http.Request) error {
	b, err := xlsx.Template(langOf(r))
	if err != nil {
		return err
	}
	return sendXLSX(w, "mau-danh-sach-uy-vien.xlsx", b)
}

func (s *Server) exportMembers(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := actorOf(r)
	ctx := r.Context()
	b, err := s.org.Body(ctx, a, id)
	if err != nil {
		return err
	}
	rows, err := s.org.ExportMembers(ctx, a, b)
	if err != nil {
		return err
	}
	data, err := xlsx.WriteMembers(langOf(r), rows)
	if err != nil {
		return err
	}
	name := fmt.Sprintf("%s-%s-%s.xlsx", p0(r).Enum("bodykind", b.Kind), b.Org.Name, b.Term.Name)
	return sendXLSX(w, fileName(name), data)
}

// fileName makes a download name that every system accepts.
func fileName(s string) string { return vntext.FileName(s) }

func sendXLSX(w http.ResponseWriter, name string, b []byte) error {
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	_, err := w.Write(b)
	return err
}
