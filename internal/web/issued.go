package web

import (
	"fmt"
	"net/http"
	"strconv"

	"nghisu/internal/followup"
	"nghisu/internal/model"
	"nghisu/internal/record"
	"nghisu/internal/vntext"
)

// registerData is the register of issued documents (sổ đăng ký văn bản đi).
type registerData struct {
	Org    *model.Org
	Docs   []model.IssuedDocument
	Bodies []model.Body
	Types  []model.DocType
	Type   model.DocType
	Year   int
	Years  []int
	// Issue lists the bodies the reader may issue for.
	Issue []model.Body
}

func (s *Server) registerPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a, ctx := actorOf(r), r.Context()
	o, err := s.org.Org(ctx, a, id)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := record.RegisterFilter{Type: model.DocType(q.Get("type"))}
	if y, err := strconv.Atoi(q.Get("year")); err == nil && y > 1900 && y < 3000 {
		f.Year = y
	}
	d := registerData{Org: o, Types: model.DocTypes, Type: f.Type, Year: f.Year}
	var ferr error
	if d.Docs, d.Bodies, err = s.record.Documents(ctx, a, o.ID, f); isFormError(err) {
		ferr, f.Type, d.Type = err, "", ""
		d.Docs, d.Bodies, err = s.record.Documents(ctx, a, o.ID, f)
	}
	if err != nil {
		return err
	}
	for _, b := range d.Bodies {
		if _, err := s.record.IssueBody(ctx, a, b.ID); err == nil {
			d.Issue = append(d.Issue, b)
		}
	}
	this := s.st.Now().In(vntext.Location()).Year()
	for y := this; y >= this-5; y-- {
		d.Years = append(d.Years, y)
	}
	p := s.page(r, "register.title")
	p.Data = d
	return s.renderForm(w, r, "register", p, ferr)
}

// issueForm is the form that issues a document of a body.
type issueForm struct {
	Body     *model.Body
	Types    []model.DocType
	Signers  []model.Post
	Meetings []model.Meeting
	// Defaults, from a meeting's paper when one is named.
	Type       string
	Subject    string
	Text       string
	MeetingID  int64
	SourceID   int64
	Today      string
	Recipients string
}

func (s *Server) newIssueForm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.showIssueForm(w, r, id, nil)
}

func (s *Server) showIssueForm(w http.ResponseWriter, r *http.Request, bodyID int64, ferr error) error {
	a, ctx := actorOf(r), r.Context()
	b, err := s.record.IssueBody(ctx, a, bodyID)
	if err != nil {
		return err
	}
	d := issueForm{Body: b, Types: issuable(), Today: s.st.Now().In(vntext.Location()).Format("2006-01-02"),
		Type: string(model.TypeResolution), Recipients: "- Tỉnh ủy Đồng Tháp (b/c),\n- Các đồng chí Đảng ủy viên,\n- Các chi bộ trực thuộc,\n- Lưu VP."}
	if d.Signers, err = s.record.Signers(ctx, b); err != nil {
		return err
	}
	if d.Meetings, err = s.meetings.OfBodies(ctx, a, []model.Body{*b}, 12); err != nil {
		return err
	}
	// "Ban hành" from a meeting's paper: its newest text and title.
	if src, err := strconv.ParseInt(r.URL.Query().Get("source"), 10, 64); err == nil && src > 0 {
		_, doc, err := s.drafting.Document(ctx, a, src)
		if err != nil {
			return err
		}
		d.SourceID, d.MeetingID, d.Subject = doc.ID, doc.MeetingID, doc.Title
		if doc.Latest != nil {
			d.Text = doc.Latest.Body
		}
		if t, ok := typeOfPaper[doc.Kind]; ok {
			d.Type = string(t)
		}
	}
	p := s.page(r, "issue.title", p0(r).Enum("bodykind", b.Kind))
	p.Data = d
	return s.renderForm(w, r, "issueform", p, ferr)
}

// typeOfPaper is what a meeting paper becomes when issued.
var typeOfPaper = map[model.DocKind]model.DocType{model.DocResolution: model.TypeResolution,
	model.DocReport: model.TypeReport, model.DocSubmission: model.TypeSubmission, model.DocProgram: model.TypeProgram}

// issuable are the types issued by hand: minutes are issued by signing.
func issuable() []model.DocType {
	var out []model.DocType
	for _, t := range model.DocTypes {
		if t != model.TypeMinutes {
			out = append(out, t)
		}
	}
	return out
}

func (s *Server) issueDocument(w http.ResponseWriter, r *http.Request) error {
	id, f, err := postedForm(w, r, func(r *http.Request, id int64) error {
		_, err := s.record.IssueBody(r.Context(), actorOf(r), id)
		return err
	})
	if err != nil {
		return err
	}
	in := model.IssueInput{BodyID: id, Type: model.DocType(f.Str("type")), Subject: f.Str("subject"), Text: f.Text("text"),
		IssuedOn: f.Date("issued_on"), SignerID: f.Int64("signer_id"), Recipients: f.Lines("recipients"),
		Level: model.Level(f.Str("level")), MeetingID: f.Int64("meeting_id"), SourceID: f.Int64("source_id")}
	if err := f.Err(); err != nil {
		return s.showIssueForm(w, r, id, err)
	}
	doc, err := s.record.Issue(r.Context(), actorOf(r), in)
	if isFormError(err) {
		return s.showIssueForm(w, r, id, err)
	}
	if err != nil {
		return err
	}
	s.flash(r, "issue.done", doc.Symbol)
	return redirect(w, r, fmt.Sprintf("/issued/%d", doc.ID))
}

// issuedData is one issued document.
type issuedData struct {
	Doc     *model.IssuedDocument
	Body    *model.Body
	Meeting *model.Meeting
	// MakeTask: the reader keeps the commune's tasks and may set one from
	// the document.
	MakeTask bool
}

func (s *Server) issuedPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a, ctx := actorOf(r), r.Context()
	doc, b, err := s.record.Issued(ctx, a, id)
	if err != nil {
		return err
	}
	d := issuedData{Doc: doc, Body: b, MakeTask: b.Org != nil && followup.Keeper(a, b.Org)}
	if doc.MeetingID != 0 {
		if d.Meeting, err = s.meetings.Get(ctx, a, doc.MeetingID); err != nil {
			d.Meeting = nil // the register may outlive what the reader sees
		}
	}
	p := s.page(r, "issued.title", doc.Symbol)
	p.Data = d
	s.render(w, r, http.StatusOK, "issued", p)
	return nil
}
