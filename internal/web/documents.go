package web

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"

	"nghisu/internal/drafting"
	"nghisu/internal/meeting"
	"nghisu/internal/model"
	"nghisu/internal/textdiff"
)

// documentForm adds a paper to a meeting: a text draft or a file.
type documentForm struct {
	Meeting   model.Meeting
	Items     []model.AgendaItem
	Kinds     []model.DocKind
	Audiences []model.Audience
	File      bool
	MaxMB     int64
}

func (s *Server) newDocumentForm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.showDocumentForm(w, r, id, r.URL.Query().Get("format") == "file", nil)
}

func (s *Server) showDocumentForm(w http.ResponseWriter, r *http.Request, meetingID int64, file bool, ferr error) error {
	a := actorOf(r)
	v, err := s.drafting.Viewer(r.Context(), a, meetingID)
	if err != nil {
		return err
	}
	if !v.Preparer {
		return model.Deny("meeting.not_preparer")
	}
	d := documentForm{Meeting: *v.Meeting, Kinds: model.DocKinds, Audiences: model.Audiences, File: file, MaxMB: s.cfg.MaxUpload >> 20}
	if v.Meeting.Kind == model.MeetingStanding {
		d.Audiences = []model.Audience{model.AudienceStanding}
	}
	if d.Items, err = s.st.Items(r.Context(), meetingID); err != nil {
		return err
	}
	p := s.page(r, "docform.title")
	p.Data = d
	return s.renderForm(w, r, "docform", p, ferr)
}

func documentInput(f *form) model.DocumentInput {
	return model.DocumentInput{ItemID: f.Int64("item_id"), Kind: model.DocKind(f.Str("kind")), Title: f.Str("title"),
		Level: model.Level(f.Str("level")), Audience: model.Audience(f.Str("audience")), Body: f.Text("body")}
}

func (s *Server) createDocument(w http.ResponseWriter, r *http.Request) error {
	id, f, err := postedForm(w, r, s.seeMeeting)
	if err != nil {
		return err
	}
	a := actorOf(r)
	in := documentInput(f)
	if err := f.Err(); err != nil {
		return s.showDocumentForm(w, r, id, false, err)
	}
	d, err := s.drafting.CreateText(r.Context(), a, id, in)
	if err != nil {
		if isFormError(err) {
			return s.showDocumentForm(w, r, id, false, err)
		}
		return err
	}
	s.flash(r, "doc.created")
	return redirect(w, r, docPath(d.ID))
}

func (s *Server) uploadDocument(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := actorOf(r)
	if _, err := s.meetings.Get(r.Context(), a, id); err != nil {
		return err
	}
	// The limit plus room for the form's other fields.
	r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxUpload+1<<20)
	if err := r.ParseMultipartForm(8 << 20); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return s.showDocumentForm(w, r, id, true, model.Refuse("file.too_big", s.cfg.MaxUpload>>20))
		}
		return s.showDocumentForm(w, r, id, true, model.Refuse("file.missing"))
	}
	defer r.MultipartForm.RemoveAll()
	f := &form{r: r}
	in := documentInput(f)
	file, hdr, err := r.FormFile("file")
	if err != nil {
		return s.showDocumentForm(w, r, id, true, model.Refuse("file.missing"))
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, s.cfg.MaxUpload+1))
	if err != nil {
		return err
	}
	d, err := s.drafting.Upload(r.Context(), a, id, in, hdr.Filename, data)
	if err != nil {
		if isFormError(err) {
			return s.showDocumentForm(w, r, id, true, err)
		}
		return err
	}
	s.flash(r, "doc.uploaded")
	return redirect(w, r, docPath(d.ID))
}

// documentData is a paper's page.
type documentData struct {
	Document   model.Document
	Meeting    model.Meeting
	Viewer     *drafting.Viewer
	Paragraphs []string
	Version    *model.DocVersion
	Versions   []model.DocVersion
	Rounds     []model.ReviewRound
	CanWrite   bool
	Leader     bool
	// Issuer may issue the approved text as a numbered document.
	Issuer    bool
	OpenRound *model.ReviewRound
	Now       model.Date
}

func (s *Server) documentPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.showDocument(w, r, id, 0)
}

func (s *Server) versionPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil || n < 1 {
		return model.ErrNotFound
	}
	return s.showDocument(w, r, id, n)
}

func (s *Server) showDocument(w http.ResponseWriter, r *http.Request, id int64, number int) error {
	a := actorOf(r)
	ctx := r.Context()
	v, doc, err := s.drafting.Document(ctx, a, id)
	if err != nil {
		return err
	}
	d := documentData{Document: *doc, Meeting: *v.Meeting, Viewer: v, Version: doc.Latest, CanWrite: v.CanWrite(doc),
		Leader: v.Actor.Holds(model.PostSecretary, v.Meeting.Body.OrgID) || v.Actor.Holds(model.PostStandingDeputy, v.Meeting.Body.OrgID),
		Issuer: meeting.Preparer(v.Actor, v.Meeting.Body.Org)}
	if number != 0 && number != doc.Latest.Number {
		if d.Version, err = s.drafting.Version(ctx, a, id, number); err != nil {
			return err
		}
	}
	d.Paragraphs = textdiff.Paragraphs(d.Version.Body)
	if d.Versions, err = s.drafting.Versions(ctx, a, id); err != nil {
		return err
	}
	if d.Rounds, err = s.drafting.Rounds(ctx, a, id); err != nil {
		return err
	}
	now := s.st.Now()
	for i := range d.Rounds {
		if d.Rounds[i].Open(now) {
			d.OpenRound = &d.Rounds[i]
		}
	}
	if v.Meeting.ConvenedAt != nil {
		if err := s.drafting.Opened(ctx, a, v.Meeting.ID); err != nil {
			return err
		}
	}
	p := s.page(r, "doc.title")
	p.Title = doc.Title
	p.Data = d
	s.render(w, r, http.StatusOK, "document", p)
	return nil
}

// downloadFile serves a file paper's version as an attachment, with the
// content type checked at upload, never inline: a file cannot run as a page.
func (s *Server) downloadFile(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil {
		return model.ErrNotFound
	}
	f, data, err := s.drafting.File(r.Context(), actorOf(r), id, n)
	if err != nil {
		return err
	}
	return sendUpload(w, f, data)
}

// editData is the form for a new version of a text paper.
type editData struct {
	Document model.Document
	Meeting  model.Meeting
	Body     string
	BasedOn  int
	// Stale is set when another version was saved meanwhile: Diff shows it
	// against the editor's text, which is kept.
	Stale    *model.DocVersion
	Diff     []textdiff.Para
	Comments []model.ReviewComment
}

func (s *Server) editDocumentForm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	_, doc, err := s.drafting.Document(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	return s.showEditDocument(w, r, id, doc.Latest.Body, doc.Latest.Number, nil, nil)
}

func (s *Server) showEditDocument(w http.ResponseWriter, r *http.Request, id int64, body string, basedOn int, stale *model.DocVersion, ferr error) error {
	a := actorOf(r)
	ctx := r.Context()
	v, doc, err := s.drafting.Document(ctx, a, id)
	if err != nil {
		return err
	}
	if !v.CanWrite(doc) {
		return model.Deny("draft.not_writer")
	}
	d := editData{Document: *doc, Meeting: *v.Meeting, Body: body, BasedOn: basedOn, Stale: stale}
	if stale != nil {
		d.Diff = textdiff.Diff(textdiff.Paragraphs(stale.Body), textdiff.Paragraphs(body))
		d.BasedOn = stale.Number
	}
	rounds, err := s.drafting.Rounds(ctx, a, id)
	if err != nil {
		return err
	}
	for _, rd := range rounds {
		_, _, rv, err := s.drafting.Review(ctx, a, rd.ID)
		if err != nil {
			return err
		}
		for _, c := range rv.Comments {
			if c.Status == model.CommentAccepted && c.TakenInVersion == 0 {
				d.Comments = append(d.Comments, c)
			}
		}
	}
	p := s.page(r, "docedit.title")
	p.Data = d
	return s.renderForm(w, r, "docedit", p, ferr)
}

func (s *Server) saveVersion(w http.ResponseWriter, r *http.Request) error {
	id, f, err := postedForm(w, r, s.seeDocument)
	if err != nil {
		return err
	}
	a := actorOf(r)
	in := model.VersionInput{Body: f.Text("body"), Note: f.Text("note"), BasedOn: int(f.Int64("based_on"))}
	for _, c := range f.r.PostForm["taken_in"] {
		if n, err := strconv.ParseInt(c, 10, 64); err == nil {
			in.TakenIn = append(in.TakenIn, n)
		}
	}
	ver, err := s.drafting.SaveVersion(r.Context(), a, id, in)
	var stale *drafting.StaleError
	switch {
	case errors.As(err, &stale):
		return s.showEditDocument(w, r, id, in.Body, in.BasedOn, stale.Latest, err)
	case err != nil && isFormError(err):
		return s.showEditDocument(w, r, id, in.Body, in.BasedOn, nil, err)
	case err != nil:
		return err
	}
	s.flash(r, "doc.version_saved", ver.Number)
	return redirect(w, r, fmt.Sprintf("/documents/%d/compare?from=%d&to=%d", id, ver.Number-1, ver.Number))
}

// compareData shows what changed between two versions.
type compareData struct {
	Document model.Document
	Meeting  model.Meeting
	From, To int
	Diff     []textdiff.Para
	Added    int
	Removed  int
	Changed  int
	Versions []model.DocVersion
}

func (s *Server) comparePage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := actorOf(r)
	v, doc, err := s.drafting.Document(r.Context(), a, id)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	to, _ := strconv.Atoi(q.Get("to"))
	if to < 1 || to > doc.Latest.Number {
		to = doc.Latest.Number
	}
	from, _ := strconv.Atoi(q.Get("from"))
	if from < 1 || from >= to {
		from = max(1, to-1)
	}
	diff, err := s.drafting.Compare(r.Context(), a, id, from, to)
	if err != nil {
		return err
	}
	d := compareData{Document: *doc, Meeting: *v.Meeting, From: from, To: to, Diff: diff}
	d.Added, d.Removed, d.Changed = textdiff.Stats(diff)
	if d.Versions, err = s.drafting.Versions(r.Context(), a, id); err != nil {
		return err
	}
	p := s.page(r, "compare.title", from, to)
	p.Data = d
	s.render(w, r, http.StatusOK, "compare", p)
	return nil
}

// documentAction runs a one-button action on a paper and returns to it.
func (s *Server) documentAction(w http.ResponseWriter, r *http.Request, done string, do func(id int64) error) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, _, err := s.drafting.Document(r.Context(), actorOf(r), id); err != nil {
		return err
	}
	return s.outcome(w, r, do(id), docPath(id), done)
}

func (s *Server) approveDocument(w http.ResponseWriter, r *http.Request) error {
	return s.documentAction(w, r, "doc.approved", func(id int64) error { return s.drafting.Approve(r.Context(), actorOf(r), id) })
}

func (s *Server) releaseDocument(w http.ResponseWriter, r *http.Request) error {
	return s.documentAction(w, r, "doc.released", func(id int64) error { return s.drafting.Release(r.Context(), actorOf(r), id) })
}

func (s *Server) openReview(w http.ResponseWriter, r *http.Request) error {
	id, f, err := postedForm(w, r, s.seeDocument)
	if err != nil {
		return err
	}
	a := actorOf(r)
	deadline := f.DateTime("deadline_date", "deadline_time")
	err = f.Err()
	var round *model.ReviewRound
	if err == nil {
		round, err = s.drafting.OpenRound(r.Context(), a, id, deadline)
	}
	if err != nil {
		return s.outcome(w, r, err, docPath(id), "")
	}
	return s.outcome(w, r, nil, reviewPath(round.ID), "review.opened")
}

func docPath(id int64) string    { return "/documents/" + strconv.FormatInt(id, 10) }
func reviewPath(id int64) string { return "/reviews/" + strconv.FormatInt(id, 10) }
