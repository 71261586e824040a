package web

import (
	"crypto/rand"
	"net/http"
	"strconv"

	"nghisu/internal/drafting"
	"nghisu/internal/model"
)

// reviewData is a review round: the reviewed version paragraph by paragraph
// with the comments on each, who of the BTV has not answered, and the forms.
type reviewData struct {
	Document   model.Document
	Meeting    model.Meeting
	Review     *drafting.Review
	Paragraphs []reviewPara
	Whole      []model.ReviewComment
	CanComment bool
	CanRespond bool
	Kinds      []model.CommentKind
	// Key is the comment form's key: a form sent twice (a reload after the
	// server restarted, a double click) stores one comment.
	Key string
}

type reviewPara struct {
	N        int
	Text     string
	Comments []model.ReviewComment
}

func (s *Server) reviewPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.showReview(w, r, id, nil)
}

func (s *Server) showReview(w http.ResponseWriter, r *http.Request, id int64, ferr error) error {
	a := actorOf(r)
	v, doc, rv, err := s.drafting.Review(r.Context(), a, id)
	if err != nil {
		return err
	}
	d := reviewData{Document: *doc, Meeting: *v.Meeting, Review: rv, CanComment: rv.Open && v.Standing && a.Account.PersonID != 0,
		CanRespond: v.CanWrite(doc), Kinds: []model.CommentKind{model.CommentRemark, model.CommentWording, model.CommentAgree},
		Key: "web-" + rand.Text()}
	for i, t := range rv.Paragraphs {
		d.Paragraphs = append(d.Paragraphs, reviewPara{N: i + 1, Text: t})
	}
	for _, c := range rv.Comments {
		if c.Paragraph >= 1 && c.Paragraph <= len(d.Paragraphs) {
			d.Paragraphs[c.Paragraph-1].Comments = append(d.Paragraphs[c.Paragraph-1].Comments, c)
		} else {
			d.Whole = append(d.Whole, c)
		}
	}
	p := s.page(r, "review.title", doc.Title)
	p.Data = d
	return s.renderForm(w, r, "review", p, ferr)
}

func (s *Server) addComment(w http.ResponseWriter, r *http.Request) error {
	id, f, err := postedForm(w, r, s.seeReview)
	if err != nil {
		return err
	}
	a := actorOf(r)
	in := model.CommentInput{Paragraph: int(f.Int64("paragraph")), Kind: model.CommentKind(f.Str("kind")),
		Text: f.Text("text"), Wording: f.Text("wording"), Key: f.Str("key")}
	if err := f.Err(); err != nil {
		return s.showReview(w, r, id, err)
	}
	c, err := s.drafting.Comment(r.Context(), a, id, in)
	if err != nil {
		if isFormError(err) {
			return s.showReview(w, r, id, err)
		}
		return err
	}
	s.flash(r, "review.commented")
	return redirect(w, r, reviewPath(id)+"#c-"+strconv.FormatInt(c.ID, 10))
}

// commentAction answers a comment and returns to its round.
func (s *Server) commentAction(w http.ResponseWriter, r *http.Request, do func(f *form, id int64) (string, error)) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	c, err := s.st.Comment(r.Context(), id)
	if err != nil {
		return err
	}
	a := actorOf(r)
	if _, _, _, err := s.drafting.Round(r.Context(), a, c.RoundID); err != nil {
		return err
	}
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	here := reviewPath(c.RoundID) + "#c-" + strconv.FormatInt(id, 10)
	next, err := do(f, id)
	if next == "" || err != nil {
		next = here
	}
	return s.outcome(w, r, err, next, "")
}

func (s *Server) respondComment(w http.ResponseWriter, r *http.Request) error {
	return s.commentAction(w, r, func(f *form, id int64) (string, error) {
		in := model.CommentResponse{Status: model.CommentStatus(f.Str("status")), Response: f.Text("response")}
		if err := s.drafting.Respond(r.Context(), actorOf(r), id, in); err != nil {
			return "", err
		}
		s.flash(r, "review.responded")
		return "", nil
	})
}

func (s *Server) acceptWording(w http.ResponseWriter, r *http.Request) error {
	return s.commentAction(w, r, func(f *form, id int64) (string, error) {
		ver, err := s.drafting.AcceptWording(r.Context(), actorOf(r), id)
		if err != nil {
			return "", err
		}
		s.flash(r, "doc.version_saved", ver.Number)
		return "/documents/" + strconv.FormatInt(ver.DocumentID, 10) + "/compare?from=" + strconv.Itoa(ver.Number-1) +
			"&to=" + strconv.Itoa(ver.Number), nil
	})
}
