package drafting

import (
	"context"
	"errors"
	"fmt"

	"nghisu/internal/auth"
	"nghisu/internal/model"
	"nghisu/internal/store"
	"nghisu/internal/textdiff"
	"nghisu/internal/vntext"
)

// StaleError refuses a save based on a version that is no longer the
// latest; it carries the latest version so the editor sees what changed.
type StaleError struct {
	Latest *model.DocVersion
}

func (e *StaleError) Error() string { return "draft: based on a stale version" }

// Is makes a StaleError a conflict (409).
func (e *StaleError) Is(target error) bool { return target == model.ErrConflict }

// Documents lists the papers of a meeting the actor may read.
func (s *Service) Documents(ctx context.Context, a *auth.Actor, meetingID int64) (*Viewer, []model.Document, error) {
	v, err := s.Viewer(ctx, a, meetingID)
	if err != nil {
		return nil, nil, err
	}
	all, err := s.st.Documents(ctx, meetingID)
	if err != nil {
		return nil, nil, err
	}
	var out []model.Document
	for _, d := range all {
		if v.CanRead(&d) {
			out = append(out, d)
		}
	}
	return v, out, nil
}

// Document reads a paper the actor may read, with its latest version.
func (s *Service) Document(ctx context.Context, a *auth.Actor, id int64) (*Viewer, *model.Document, error) {
	d, err := s.st.Document(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	v, err := s.Viewer(ctx, a, d.MeetingID)
	if err != nil {
		return nil, nil, err
	}
	if !v.CanRead(d) {
		return nil, nil, model.ErrNotFound
	}
	return v, d, nil
}

// writable reads a paper the actor may change while it is still a draft.
func (s *Service) writable(ctx context.Context, a *auth.Actor, id int64) (*Viewer, *model.Document, error) {
	v, d, err := s.Document(ctx, a, id)
	if err != nil {
		return nil, nil, err
	}
	if !v.CanWrite(d) {
		return nil, nil, model.Deny("draft.not_writer")
	}
	if d.Status == model.DocApproved {
		return nil, nil, model.Refuse("draft.approved")
	}
	return v, d, nil
}

// checkDoc validates a new paper's description.
func (s *Service) checkDoc(ctx context.Context, v *Viewer, in *model.DocumentInput) error {
	in.Title = vntext.CleanLine(in.Title)
	e := &model.ValidationError{}
	if !in.Kind.Valid() {
		e.Add("kind", "draft.kind_invalid")
	}
	if in.Title == "" {
		e.Add("title", "field.required")
	} else if len([]rune(in.Title)) > 300 {
		e.Add("title", "field.too_long", 300)
	}
	if in.Level == "" {
		in.Level = model.LevelNormal
	}
	if in.Level != model.LevelNormal && in.Level != model.LevelSecret {
		e.Add("level", "draft.level_invalid")
	}
	switch in.Audience {
	case model.AudienceStanding, model.AudienceCommittee, model.AudienceGuests:
	default:
		e.Add("audience", "draft.audience_invalid")
	}
	if v.Meeting.Kind == model.MeetingStanding && in.Audience != model.AudienceStanding && in.Audience != "" {
		// A BTV meeting's papers are the BTV's.
		e.Add("audience", "draft.standing_meeting")
	}
	if in.ItemID != 0 {
		it, err := s.st.Item(ctx, in.ItemID)
		if err != nil || it.MeetingID != v.Meeting.ID {
			e.Add("item_id", "draft.item_other_meeting")
		}
	}
	return e.Err()
}

// newDocument checks that the actor may add papers to the meeting now.
func (s *Service) newDocument(ctx context.Context, a *auth.Actor, meetingID int64, in *model.DocumentInput) (*Viewer, error) {
	v, err := s.Viewer(ctx, a, meetingID)
	if err != nil {
		return nil, err
	}
	if !v.Preparer {
		return nil, model.Deny("meeting.not_preparer")
	}
	switch v.Meeting.State {
	case model.StateCancelled, model.StateClosed, model.StateSigned:
		return nil, model.Refuse("draft.meeting_over")
	}
	return v, s.checkDoc(ctx, v, in)
}

// CreateText adds a text paper with its first version.
func (s *Service) CreateText(ctx context.Context, a *auth.Actor, meetingID int64, in model.DocumentInput) (*model.Document, error) {
	v, err := s.newDocument(ctx, a, meetingID, &in)
	if err != nil {
		return nil, err
	}
	body := textdiff.Join(textdiff.Paragraphs(in.Body))
	if body == "" {
		e := &model.ValidationError{}
		e.Add("body", "field.required")
		return nil, e
	}
	if len(body) > maxText {
		e := &model.ValidationError{}
		e.Add("body", "draft.too_long")
		return nil, e
	}
	d := &model.Document{MeetingID: meetingID, ItemID: in.ItemID, Kind: in.Kind, Title: in.Title, Format: model.FormatText,
		Level: in.Level, Audience: in.Audience, CreatedBy: a.Account.ID}
	err = s.st.InTx(ctx, func(st *store.Store) error {
		if err := st.CreateDocument(ctx, d); err != nil {
			return err
		}
		ver := &model.DocVersion{DocumentID: d.ID, Number: 1, Body: body, AuthorID: a.Account.ID, AuthorName: authorName(a)}
		if err := st.AddVersion(ctx, ver); err != nil {
			return err
		}
		d.Latest = ver
		return st.Audit(ctx, a.Audit("draft.create", "document", d.ID, v.Meeting.Body.OrgID, d.Title))
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// maxText caps a text paper (a long resolution is 60 KB).
const maxText = 2 << 20

// Upload adds a file paper (PDF, Word, Excel, an image), checked by content.
func (s *Service) Upload(ctx context.Context, a *auth.Actor, meetingID int64, in model.DocumentInput, name string, data []byte) (*model.Document, error) {
	v, err := s.newDocument(ctx, a, meetingID, &in)
	if err != nil {
		return nil, err
	}
	name = vntext.CleanLine(name)
	if int64(len(data)) > s.maxUpload {
		return nil, model.Refuse("file.too_big", s.maxUpload>>20)
	}
	if len(data) == 0 {
		return nil, model.Refuse("file.empty")
	}
	ctype, err := Sniff(name, data)
	if err != nil {
		return nil, err
	}
	d := &model.Document{MeetingID: meetingID, ItemID: in.ItemID, Kind: in.Kind, Title: in.Title, Format: model.FormatFile,
		Level: in.Level, Audience: in.Audience, CreatedBy: a.Account.ID}
	err = s.st.InTx(ctx, func(st *store.Store) error {
		f, err := st.SaveFile(ctx, name, ctype, data)
		if err != nil {
			return err
		}
		if err := st.CreateDocument(ctx, d); err != nil {
			return err
		}
		ver := &model.DocVersion{DocumentID: d.ID, Number: 1, FileID: f.ID, AuthorID: a.Account.ID, AuthorName: authorName(a), File: f}
		if err := st.AddVersion(ctx, ver); err != nil {
			return err
		}
		d.Latest = ver
		return st.Audit(ctx, a.Audit("draft.upload", "document", d.ID, v.Meeting.Body.OrgID, fmt.Sprintf("%s (%s, %d bytes)", name, ctype, len(data))))
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// stale turns a lost race for the next version number into a StaleError. It
// reads the winner after the transaction has rolled back: PostgreSQL takes
// no statement in a transaction whose insert failed.
func (s *Service) stale(ctx context.Context, docID int64, err error) error {
	if !errors.Is(err, model.ErrConflict) || isRefusal(err) {
		return err
	}
	latest, lerr := s.st.LatestVersion(ctx, docID)
	if lerr != nil {
		return lerr
	}
	return &StaleError{Latest: latest}
}

func isRefusal(err error) bool {
	var r *model.Refusal
	return errors.As(err, &r)
}

// SaveVersion saves a new version of a text paper. It is refused with a
// StaleError when another version was saved after the one the editor
// started from: nothing is silently overwritten.
func (s *Service) SaveVersion(ctx context.Context, a *auth.Actor, docID int64, in model.VersionInput) (*model.DocVersion, error) {
	v, d, err := s.writable(ctx, a, docID)
	if err != nil {
		return nil, err
	}
	if d.Format != model.FormatText {
		return nil, model.Refuse("draft.not_text")
	}
	body := textdiff.Join(textdiff.Paragraphs(in.Body))
	e := &model.ValidationError{}
	if body == "" {
		e.Add("body", "field.required")
	} else if len(body) > maxText {
		e.Add("body", "draft.too_long")
	}
	if err := e.Err(); err != nil {
		return nil, err
	}
	if d.Latest.Number != in.BasedOn {
		return nil, &StaleError{Latest: d.Latest}
	}
	if body == d.Latest.Body {
		return nil, model.Refuse("draft.unchanged")
	}
	taken, err := s.takeable(ctx, d, in.TakenIn)
	if err != nil {
		return nil, err
	}
	ver := &model.DocVersion{DocumentID: d.ID, Number: d.Latest.Number + 1, Body: body, Note: vntext.Clean(in.Note),
		BasedOn: in.BasedOn, AuthorID: a.Account.ID, AuthorName: authorName(a)}
	err = s.st.InTx(ctx, func(st *store.Store) error {
		if err := st.AddVersion(ctx, ver); err != nil {
			return err
		}
		if err := st.TakeIn(ctx, taken, ver.Number); err != nil {
			return err
		}
		return st.Audit(ctx, a.Audit("draft.version", "document", d.ID, v.Meeting.Body.OrgID, fmt.Sprintf("v%d", ver.Number)))
	})
	if err != nil {
		return nil, s.stale(ctx, d.ID, err)
	}
	return ver, nil
}

// takeable checks that the comments a version says it takes in are comments
// on this paper.
func (s *Service) takeable(ctx context.Context, d *model.Document, ids []int64) ([]int64, error) {
	for _, id := range ids {
		c, err := s.st.Comment(ctx, id)
		if err != nil {
			return nil, model.Refuse("review.comment_unknown")
		}
		r, err := s.st.Round(ctx, c.RoundID)
		if err != nil || r.DocumentID != d.ID {
			return nil, model.Refuse("review.comment_unknown")
		}
	}
	return ids, nil
}

// Versions lists a paper's versions.
func (s *Service) Versions(ctx context.Context, a *auth.Actor, docID int64) ([]model.DocVersion, error) {
	if _, _, err := s.Document(ctx, a, docID); err != nil {
		return nil, err
	}
	return s.st.Versions(ctx, docID)
}

// Version reads one version of a paper.
func (s *Service) Version(ctx context.Context, a *auth.Actor, docID int64, number int) (*model.DocVersion, error) {
	if _, _, err := s.Document(ctx, a, docID); err != nil {
		return nil, err
	}
	return s.st.Version(ctx, docID, number)
}

// Compare is the difference between two versions of a text paper.
func (s *Service) Compare(ctx context.Context, a *auth.Actor, docID int64, from, to int) ([]textdiff.Para, error) {
	older, err := s.Version(ctx, a, docID, from)
	if err != nil {
		return nil, err
	}
	newer, err := s.st.Version(ctx, docID, to)
	if err != nil {
		return nil, err
	}
	return textdiff.Diff(textdiff.Paragraphs(older.Body), textdiff.Paragraphs(newer.Body)), nil
}

// Approve ends a paper's draft status ("DỰ THẢO" no more): the leaders only.
func (s *Service) Approve(ctx context.Context, a *auth.Actor, docID int64) error {
	v, d, err := s.writable(ctx, a, docID)
	if err != nil {
		return err
	}
	if !leader(v) {
		return model.Deny("draft.approve_denied")
	}
	if open, err := s.openRound(ctx, d.ID); err != nil {
		return err
	} else if open != nil {
		return model.Refuse("draft.review_open")
	}
	return s.st.InTx(ctx, func(st *store.Store) error {
		if err := st.SetDocumentStatus(ctx, d.ID, model.DocApproved); err != nil {
			return err
		}
		return st.Audit(ctx, a.Audit("draft.approve", "document", d.ID, v.Meeting.Body.OrgID, d.Title))
	})
}

// Release hands a BTV draft for the BCH to the BCH before the invitation
// (sending the invitation releases every such paper).
func (s *Service) Release(ctx context.Context, a *auth.Actor, docID int64) error {
	v, d, err := s.Document(ctx, a, docID)
	if err != nil {
		return err
	}
	if !leader(v) {
		return model.Deny("draft.release_denied")
	}
	if d.Audience == model.AudienceStanding || d.Released {
		return model.Refuse("draft.release_nothing")
	}
	return s.st.InTx(ctx, func(st *store.Store) error {
		if err := st.ReleaseDocument(ctx, d.ID); err != nil {
			return err
		}
		return st.Audit(ctx, a.Audit("draft.release", "document", d.ID, v.Meeting.Body.OrgID, d.Title))
	})
}

// File reads the bytes of a file paper's version.
func (s *Service) File(ctx context.Context, a *auth.Actor, docID int64, number int) (*model.File, []byte, error) {
	ver, err := s.Version(ctx, a, docID, number)
	if err != nil {
		return nil, nil, err
	}
	if ver.File == nil {
		return nil, nil, model.ErrNotFound
	}
	data, err := s.st.FileData(ctx, ver.FileID)
	return ver.File, data, err
}

func leader(v *Viewer) bool {
	return v.Actor.Holds(model.PostSecretary, v.Meeting.Body.OrgID) || v.Actor.Holds(model.PostStandingDeputy, v.Meeting.Body.OrgID)
}

// authorName is how a version's author is shown.
func authorName(a *auth.Actor) string { return a.Account.Username }
