package drafting

import (
	"context"
	"errors"
	"fmt"
	"time"

	"nghisu/internal/auth"
	"nghisu/internal/model"
	"nghisu/internal/store"
	"nghisu/internal/textdiff"
	"nghisu/internal/vntext"
)

// Review is a round with its comments and who of the BTV has not answered.
type Review struct {
	Round    model.ReviewRound
	Open     bool
	Comments []model.ReviewComment
	// Paragraphs are the reviewed version's paragraphs, 1-based in the UI.
	Paragraphs []string
	Members    []model.Person
	Responded  map[int64]bool
	Silent     []model.Person
}

// openRound returns a paper's open round, if any.
func (s *Service) openRound(ctx context.Context, docID int64) (*model.ReviewRound, error) {
	rounds, err := s.st.Rounds(ctx, docID)
	if err != nil {
		return nil, err
	}
	now := s.st.Now()
	for _, r := range rounds {
		if r.Open(now) {
			return &r, nil
		}
	}
	return nil, nil
}

// OpenRound asks the BTV for comments on the latest version of a text paper
// until deadline. Opening the first round of a BCH meeting puts the meeting
// in BTV review.
func (s *Service) OpenRound(ctx context.Context, a *auth.Actor, docID int64, deadline time.Time) (*model.ReviewRound, error) {
	v, d, err := s.writable(ctx, a, docID)
	if err != nil {
		return nil, err
	}
	if !leader(v) {
		return nil, model.Deny("review.open_denied")
	}
	if d.Format != model.FormatText {
		return nil, model.Refuse("draft.not_text")
	}
	m := v.Meeting
	if m.State != model.StatePreparing && m.State != model.StateReview && m.State != model.StateDraft {
		return nil, model.Refuse("review.meeting_state")
	}
	now := s.st.Now()
	if !deadline.After(now) {
		e := &model.ValidationError{}
		e.Add("deadline", "review.deadline_past")
		return nil, e
	}
	if open, err := s.openRound(ctx, d.ID); err != nil {
		return nil, err
	} else if open != nil {
		return nil, model.Refuse("review.already_open")
	}
	members, err := s.btvMembers(ctx, m)
	if err != nil {
		return nil, err
	}
	r := &model.ReviewRound{DocumentID: d.ID, Version: d.Latest.Number, OpenedBy: a.Account.ID, Deadline: deadline.UTC()}
	err = s.st.InTx(ctx, func(st *store.Store) error {
		if err := st.OpenRound(ctx, r); err != nil {
			return err
		}
		if m.State == model.StateDraft {
			if err := s.meetings.Move(ctx, st, a, m, model.StatePreparing, ""); err != nil {
				return err
			}
		}
		if m.State == model.StatePreparing && m.Kind != model.MeetingStanding {
			if err := s.meetings.Move(ctx, st, a, m, model.StateReview, ""); err != nil {
				return err
			}
		}
		for _, p := range members {
			if err := s.notice(ctx, st, p.ID, model.M("notice.review_opened", d.Title, vntext.DateTime(deadline)),
				docLink(d.ID)); err != nil {
				return err
			}
			if err := s.hooks.ReviewOpened(ctx, st, r.ID, p.ID); err != nil {
				return err
			}
		}
		return st.Audit(ctx, a.Audit("review.open", "document", d.ID, m.Body.OrgID, "until "+r.Deadline.Format(time.RFC3339)))
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// btvMembers are the people seated on the BTV of the meeting's term now.
func (s *Service) btvMembers(ctx context.Context, m *model.Meeting) ([]model.Person, error) {
	btv, err := s.st.BodyOfKind(ctx, m.Body.OrgID, m.Body.TermID, model.BodyStanding)
	if err != nil {
		return nil, err
	}
	ms, err := s.st.BodyMembers(ctx, btv.ID, false)
	if err != nil {
		return nil, err
	}
	out := make([]model.Person, len(ms))
	for i, x := range ms {
		out[i] = *x.Person
	}
	return out, nil
}

// Review reads a round with its comments.
func (s *Service) Review(ctx context.Context, a *auth.Actor, roundID int64) (*Viewer, *model.Document, *Review, error) {
	v, d, r, err := s.Round(ctx, a, roundID)
	if err != nil {
		return nil, nil, nil, err
	}
	rv := &Review{Round: *r, Open: r.Open(s.st.Now()), Responded: map[int64]bool{}}
	if rv.Comments, err = s.st.Comments(ctx, r.ID); err != nil {
		return nil, nil, nil, err
	}
	ver, err := s.st.Version(ctx, d.ID, r.Version)
	if err != nil {
		return nil, nil, nil, err
	}
	rv.Paragraphs = textdiff.Paragraphs(ver.Body)
	if rv.Members, err = s.btvMembers(ctx, v.Meeting); err != nil {
		return nil, nil, nil, err
	}
	for _, c := range rv.Comments {
		rv.Responded[c.AuthorID] = true
	}
	for _, p := range rv.Members {
		if !rv.Responded[p.ID] {
			rv.Silent = append(rv.Silent, p)
		}
	}
	return v, d, rv, nil
}

// Round reads a round of a paper the actor may read, without its comments
// and reviewers: what an access check or a new comment needs. Review reads
// every comment of the round, so a comment that called it would cost more
// with each comment before it.
func (s *Service) Round(ctx context.Context, a *auth.Actor, roundID int64) (*Viewer, *model.Document, *model.ReviewRound, error) {
	r, err := s.st.Round(ctx, roundID)
	if err != nil {
		return nil, nil, nil, err
	}
	v, d, err := s.Document(ctx, a, r.DocumentID)
	if err != nil {
		return nil, nil, nil, err
	}
	return v, d, r, nil
}

// Rounds lists a paper's rounds.
func (s *Service) Rounds(ctx context.Context, a *auth.Actor, docID int64) ([]model.ReviewRound, error) {
	if _, _, err := s.Document(ctx, a, docID); err != nil {
		return nil, err
	}
	return s.st.Rounds(ctx, docID)
}

// Comment adds a BTV member's comment to an open round: on a paragraph or
// on the whole paper, an agreement, or a proposed wording for a paragraph.
func (s *Service) Comment(ctx context.Context, a *auth.Actor, roundID int64, in model.CommentInput) (*model.ReviewComment, error) {
	v, d, r, err := s.Round(ctx, a, roundID)
	if err != nil {
		return nil, err
	}
	if !v.Standing || a.Account.PersonID == 0 {
		return nil, model.Deny("review.not_standing")
	}
	if !r.Open(s.st.Now()) {
		return nil, model.Refuse("review.closed")
	}
	ver, err := s.st.Version(ctx, d.ID, r.Version)
	if err != nil {
		return nil, err
	}
	paragraphs := len(textdiff.Paragraphs(ver.Body))
	in.Text, in.Wording = vntext.Clean(in.Text), vntext.Clean(in.Wording)
	e := &model.ValidationError{}
	if in.Paragraph < 0 || in.Paragraph > paragraphs {
		e.Add("paragraph", "review.paragraph_invalid", paragraphs)
	}
	switch in.Kind {
	case model.CommentRemark:
		if in.Text == "" {
			e.Add("text", "field.required")
		}
	case model.CommentAgree:
	case model.CommentWording:
		if in.Paragraph == 0 {
			e.Add("paragraph", "review.wording_paragraph")
		}
		if in.Wording == "" {
			e.Add("wording", "field.required")
		}
	default:
		e.Add("kind", "review.kind_invalid")
	}
	if len([]rune(in.Text)) > 5000 || len([]rune(in.Wording)) > 10000 {
		e.Add("text", "field.too_long", 5000)
	}
	if in.Key != "" && !model.IsClientKey(in.Key) {
		e.Add("key", "review.key_invalid")
	}
	if err := e.Err(); err != nil {
		return nil, err
	}
	// A resend of a comment already stored (its answer was lost) gets the
	// stored comment back, not a second one.
	repeat := func() (*model.ReviewComment, error) {
		c, err := s.st.CommentByKey(ctx, roundID, a.Account.PersonID, in.Key)
		if err != nil {
			return nil, err
		}
		c.Repeated = true
		return c, nil
	}
	if in.Key != "" {
		if c, err := repeat(); !errors.Is(err, model.ErrNotFound) {
			return c, err
		}
	}
	c := &model.ReviewComment{RoundID: roundID, Paragraph: in.Paragraph, Kind: in.Kind, Text: in.Text, Wording: in.Wording,
		AuthorID: a.Account.PersonID, Key: in.Key}
	err = s.st.InTx(ctx, func(st *store.Store) error {
		if err := st.AddComment(ctx, c); err != nil {
			return err
		}
		return st.Audit(ctx, a.Audit("review.comment", "document", d.ID, v.Meeting.Body.OrgID, fmt.Sprintf("round %d, paragraph %d", roundID, in.Paragraph)))
	})
	if in.Key != "" && errors.Is(err, model.ErrConflict) {
		return repeat() // the same comment, sent twice at once: the other one won
	}
	if err != nil {
		return nil, err
	}
	return c, nil
}

// CommentOf reads a comment the actor may see (on a paper they may read).
func (s *Service) CommentOf(ctx context.Context, a *auth.Actor, commentID int64) (*model.ReviewComment, error) {
	c, err := s.st.Comment(ctx, commentID)
	if err != nil {
		return nil, err
	}
	r, err := s.st.Round(ctx, c.RoundID)
	if err != nil {
		return nil, err
	}
	if _, _, err := s.Document(ctx, a, r.DocumentID); err != nil {
		return nil, err
	}
	return c, nil
}

// comment reads a comment and its round for the paper's drafter.
func (s *Service) comment(ctx context.Context, a *auth.Actor, commentID int64) (*Viewer, *model.Document, *model.ReviewComment, *model.ReviewRound, error) {
	c, err := s.st.Comment(ctx, commentID)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	r, err := s.st.Round(ctx, c.RoundID)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	v, d, err := s.Document(ctx, a, r.DocumentID)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	if !v.CanWrite(d) {
		return nil, nil, nil, nil, model.Deny("draft.not_writer")
	}
	return v, d, c, r, nil
}

// Respond answers a comment: accepted, rejected (with a reason) or answered.
func (s *Service) Respond(ctx context.Context, a *auth.Actor, commentID int64, in model.CommentResponse) error {
	v, d, c, _, err := s.comment(ctx, a, commentID)
	if err != nil {
		return err
	}
	in.Response = vntext.Clean(in.Response)
	e := &model.ValidationError{}
	switch in.Status {
	case model.CommentAccepted:
	case model.CommentRejected, model.CommentAnswered:
		if in.Response == "" {
			e.Add("response", "review.response_required")
		}
	default:
		e.Add("status", "review.status_invalid")
	}
	if err := e.Err(); err != nil {
		return err
	}
	if c.Status != model.CommentOpen {
		return model.Refuse("review.already_answered")
	}
	return s.st.InTx(ctx, func(st *store.Store) error {
		if err := st.RespondComment(ctx, c.ID, in.Status, in.Response, a.Account.Username); err != nil {
			return err
		}
		return st.Audit(ctx, a.Audit("review.respond", "document", d.ID, v.Meeting.Body.OrgID, fmt.Sprintf("comment %d: %s", c.ID, in.Status)))
	})
}

// AcceptWording accepts a proposed wording and makes the next version with
// it in place of the paragraph it was proposed for; the new version records
// that it took the comment in.
func (s *Service) AcceptWording(ctx context.Context, a *auth.Actor, commentID int64) (*model.DocVersion, error) {
	v, d, c, r, err := s.comment(ctx, a, commentID)
	if err != nil {
		return nil, err
	}
	if c.Kind != model.CommentWording {
		return nil, model.Refuse("review.not_wording")
	}
	if c.Status != model.CommentOpen {
		return nil, model.Refuse("review.already_answered")
	}
	if d.Status == model.DocApproved {
		return nil, model.Refuse("draft.approved")
	}
	reviewed, err := s.st.Version(ctx, d.ID, r.Version)
	if err != nil {
		return nil, err
	}
	orig := textdiff.Paragraphs(reviewed.Body)
	if c.Paragraph < 1 || c.Paragraph > len(orig) {
		return nil, model.Refuse("review.paragraph_gone")
	}
	// Find the paragraph in the latest version: it may have moved since the
	// reviewed version, or changed, in which case the drafter edits by hand.
	latest := textdiff.Paragraphs(d.Latest.Body)
	at := -1
	for i, p := range latest {
		if p == orig[c.Paragraph-1] {
			at = i
			break
		}
	}
	if at < 0 {
		return nil, model.Refuse("review.paragraph_changed", c.Paragraph)
	}
	latest[at] = textdiff.Join(textdiff.Paragraphs(c.Wording))
	ver := &model.DocVersion{DocumentID: d.ID, Number: d.Latest.Number + 1, Body: textdiff.Join(latest),
		Note: fmt.Sprintf("Tiếp thu ý kiến góp ý đoạn %d", c.Paragraph), BasedOn: d.Latest.Number,
		AuthorID: a.Account.ID, AuthorName: authorName(a)}
	err = s.st.InTx(ctx, func(st *store.Store) error {
		if err := st.AddVersion(ctx, ver); err != nil {
			return err
		}
		if err := st.RespondComment(ctx, c.ID, model.CommentAccepted, "", a.Account.Username); err != nil {
			return err
		}
		if err := st.TakeIn(ctx, []int64{c.ID}, ver.Number); err != nil {
			return err
		}
		return st.Audit(ctx, a.Audit("review.accept_wording", "document", d.ID, v.Meeting.Body.OrgID, fmt.Sprintf("comment %d → v%d", c.ID, ver.Number)))
	})
	if err != nil {
		return nil, s.stale(ctx, d.ID, err)
	}
	return ver, nil
}

// CloseDue closes the rounds whose deadline has passed; the job queue runs
// it every minute on one instance.
func (s *Service) CloseDue(ctx context.Context) (int, error) {
	var closed []model.ReviewRound
	err := s.st.InTx(ctx, func(st *store.Store) error {
		var err error
		closed, err = st.CloseDueRounds(ctx, s.st.Now())
		return err
	})
	return len(closed), err
}

// notice gives a person's account, if they have one, an in-app notice.
func (s *Service) notice(ctx context.Context, st *store.Store, personID int64, title model.Msg, link string) error {
	acc, err := st.AccountByPerson(ctx, personID)
	if err == model.ErrNotFound {
		return nil
	}
	if err != nil {
		return err
	}
	return st.AddNotice(ctx, &model.Notice{AccountID: acc.ID, Title: noticeText(acc.Locale, title), Link: link})
}

func docLink(id int64) string { return fmt.Sprintf("/documents/%d", id) }
