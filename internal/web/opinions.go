package web

import (
	"errors"
	"net/http"

	"nghisu/internal/model"
	"nghisu/internal/opinion"
	"nghisu/internal/vntext"
)

// opinionForm asks a body's members in writing.
type opinionForm struct {
	Body  model.Body
	Kinds []model.DecisionKind
	MaxMB int64
	// Day and Clock are the proposed deadline: three days on, 17:00.
	Day   string
	Clock string
}

func (s *Server) newOpinionForm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.showOpinionForm(w, r, id, nil)
}

func (s *Server) showOpinionForm(w http.ResponseWriter, r *http.Request, bodyID int64, ferr error) error {
	a := actorOf(r)
	ctx := r.Context()
	b, err := s.opinions.Body(ctx, a, bodyID)
	if err != nil {
		return err
	}
	if !opinion.CanAsk(a, b) {
		return model.Deny("opinion.not_preparer")
	}
	d := opinionForm{Body: *b, MaxMB: s.cfg.MaxUpload >> 20, Clock: "17:00",
		Day: s.st.Now().In(vntext.Location()).AddDate(0, 0, 3).Format("2006-01-02")}
	if d.Kinds, err = s.opinions.Kinds(ctx, b); err != nil {
		return err
	}
	p := s.page(r, "opinion.new_title", p0(r).Enum("bodykind", b.Kind))
	p.Data = d
	return s.renderForm(w, r, "opinionform", p, ferr)
}

// createOpinion reads the form (multipart, with an optional file) and
// sends the request. A file that lies about its type is refused beside its
// field, and nothing is written.
func (s *Server) createOpinion(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := actorOf(r)
	// Visibility first: another commune's body answers 404 whatever is sent.
	if _, err := s.opinions.Body(r.Context(), a, id); err != nil {
		return err
	}
	f, up, err := s.fileForm(w, r)
	if isFormError(err) {
		return s.showOpinionForm(w, r, id, err)
	} else if err != nil {
		return err
	}
	var upload *opinion.Upload
	if up != nil {
		upload = &opinion.Upload{Name: up.Name, Data: up.Data}
	}
	in := model.OpinionInput{Title: f.Str("title"), Question: f.Text("question"),
		DecisionKind: model.DecisionKind(f.Str("decision_kind"))}
	in.Deadline = f.DateTime("deadline_date", "deadline_time")
	o, err := s.opinions.Create(r.Context(), a, id, in, upload)
	if len(f.errs.Fields) > 0 {
		// A deadline that could not be read is zero, so Create refused it
		// too and wrote nothing: show both sets of problems at once.
		var v *model.ValidationError
		if errors.As(err, &v) {
			return s.showOpinionForm(w, r, id, mergeErrors(&f.errs, v))
		}
	}
	if err != nil {
		if isFormError(err) {
			return s.showOpinionForm(w, r, id, err)
		}
		return err
	}
	s.flash(r, "opinion.sent")
	return redirect(w, r, opinion.Link(o.ID))
}

// mergeErrors adds the domain's field problems to the form's own, leaving
// out the domain's "deadline" when the form says what is wrong with it.
func mergeErrors(form, domain *model.ValidationError) error {
	out := &model.ValidationError{Fields: append([]model.FieldError{}, form.Fields...)}
	dateBad := out.Has("deadline_date") || out.Has("deadline_time")
	for _, f := range domain.Fields {
		if f.Field == "deadline" && dateBad {
			continue
		}
		out.Fields = append(out.Fields, f)
	}
	return out
}

// fileProblem is a problem with the uploaded file, shown beside its field.
func fileProblem(key string, args ...any) error {
	e := &model.ValidationError{}
	e.Add("file", key, args...)
	return e
}

// opinionData is a request's page.
type opinionData struct {
	R       *opinion.Request
	Answers []string
	// Rule is the catalog key of the threshold's sentence.
	Rule   string
	FileKB int64
}

func (s *Server) opinionPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.showOpinion(w, r, id, nil)
}

func (s *Server) showOpinion(w http.ResponseWriter, r *http.Request, id int64, ferr error) error {
	req, err := s.opinions.Get(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	d := opinionData{R: req, Answers: opinion.Answers, Rule: ruleKey(req)}
	if req.File != nil {
		d.FileKB = (req.File.Size + 1023) / 1024
	}
	p := s.page(r, "opinion.title", req.Title)
	p.Data = d
	return s.renderForm(w, r, "opinion", p, ferr)
}

// ruleKey names a request's threshold: more than half, or two thirds.
func ruleKey(r *opinion.Request) string {
	if r.Rule.Pass.Strict {
		return "opinion.rule_half"
	}
	return "opinion.rule_two_thirds"
}

// opinionFile serves the file sent with a request as an attachment.
func (s *Server) opinionFile(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, data, err := s.opinions.File(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	return sendUpload(w, f, data)
}

func (s *Server) answerOpinion(w http.ResponseWriter, r *http.Request) error {
	id, f, err := postedForm(w, r, s.seeOpinion)
	if err != nil {
		return err
	}
	a := actorOf(r)
	in := model.OpinionReply{Answer: f.Str("answer"), Comment: f.Text("comment")}
	if _, err := s.opinions.Answer(r.Context(), a, id, in); err != nil {
		if isFormError(err) {
			return s.showOpinion(w, r, id, err)
		}
		return err
	}
	s.flash(r, "opinion.answered")
	return redirect(w, r, opinion.Link(id)+"#mine")
}

// opinionAction is a preparer's one-button action on a request.
func (s *Server) opinionAction(w http.ResponseWriter, r *http.Request, do func(id int64) (string, []any, error)) error {
	id, _, err := postedForm(w, r, s.seeOpinion)
	if err != nil {
		return err
	}
	done, args, err := do(id)
	return s.outcome(w, r, err, opinion.Link(id), done, args...)
}

func (s *Server) remindOpinion(w http.ResponseWriter, r *http.Request) error {
	return s.opinionAction(w, r, func(id int64) (string, []any, error) {
		n, err := s.opinions.Remind(r.Context(), actorOf(r), id)
		return "opinion.reminded", []any{n}, err
	})
}

func (s *Server) closeOpinion(w http.ResponseWriter, r *http.Request) error {
	return s.opinionAction(w, r, func(id int64) (string, []any, error) {
		_, err := s.opinions.Close(r.Context(), actorOf(r), id)
		return "opinion.closed_done", nil, err
	})
}
