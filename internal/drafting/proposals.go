package drafting

import (
	"context"
	"fmt"

	"nghisu/internal/auth"
	"nghisu/internal/model"
	"nghisu/internal/store"
	"nghisu/internal/textdiff"
	"nghisu/internal/vntext"
)

// Proposals lists the proposals brought to a BTV meeting.
func (s *Service) Proposals(ctx context.Context, a *auth.Actor, meetingID int64) (*Viewer, []model.Proposal, error) {
	v, err := s.Viewer(ctx, a, meetingID)
	if err != nil {
		return nil, nil, err
	}
	if v.Meeting.Kind != model.MeetingStanding {
		return v, nil, nil
	}
	ps, err := s.st.Proposals(ctx, meetingID)
	return v, ps, err
}

// Proposal reads a proposal of a meeting the actor may see.
func (s *Service) Proposal(ctx context.Context, a *auth.Actor, id int64) (*model.Proposal, error) {
	p, err := s.st.Proposal(ctx, id)
	if err != nil {
		return nil, err
	}
	if _, err := s.Viewer(ctx, a, p.MeetingID); err != nil {
		return nil, err
	}
	return p, nil
}

// Propose brings an assessment or an issue to a BTV meeting: each Phó Bí thư
// assesses the area they lead; each BTV member proposes issues of
// organisation, ideology, inspection and supervision (DOMAIN.md §2.3).
func (s *Service) Propose(ctx context.Context, a *auth.Actor, meetingID int64, in model.ProposalInput) (*model.Proposal, error) {
	v, err := s.Viewer(ctx, a, meetingID)
	if err != nil {
		return nil, err
	}
	m := v.Meeting
	if m.Kind != model.MeetingStanding {
		return nil, model.Refuse("proposal.standing_only")
	}
	if !v.Standing || a.Account.PersonID == 0 {
		return nil, model.Deny("review.not_standing")
	}
	switch m.State {
	case model.StateCancelled, model.StateAdjourned, model.StateSigned, model.StateClosed:
		return nil, model.Refuse("proposal.meeting_over")
	}
	in.Title, in.Body = vntext.CleanLine(in.Title), vntext.Clean(in.Body)
	e := &model.ValidationError{}
	switch in.Kind {
	case model.ProposalAssessment:
		commune := m.Body.OrgID
		if !a.Holds(model.PostDeputy, commune) && !a.Holds(model.PostStandingDeputy, commune) {
			e.Add("kind", "proposal.assessment_deputies")
		}
		in.Category = model.CategoryManagement
	case model.ProposalIssue:
		valid := false
		for _, c := range model.ProposalCategories {
			valid = valid || c == in.Category
		}
		if !valid {
			e.Add("category", "proposal.category_invalid")
		}
	default:
		e.Add("kind", "proposal.kind_invalid")
	}
	if in.Title == "" {
		e.Add("title", "field.required")
	} else if len([]rune(in.Title)) > 300 {
		e.Add("title", "field.too_long", 300)
	}
	if len([]rune(in.Body)) > 20000 {
		e.Add("body", "field.too_long", 20000)
	}
	if err := e.Err(); err != nil {
		return nil, err
	}
	p := &model.Proposal{MeetingID: m.ID, AuthorID: a.Account.PersonID, Kind: in.Kind, Category: in.Category, Title: in.Title, Body: in.Body}
	err = s.st.InTx(ctx, func(st *store.Store) error {
		if err := st.AddProposal(ctx, p); err != nil {
			return err
		}
		return st.Audit(ctx, a.Audit("proposal.add", "meeting", m.ID, m.Body.OrgID, p.Title))
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// Dispose records what the BTV did with a proposal: decided it (with the
// decision), put it into the BCH draft resolution (linked to the paragraph),
// deferred it to a date, or declined it (with the reason).
func (s *Service) Dispose(ctx context.Context, a *auth.Actor, proposalID int64, in model.DispositionInput) (*model.Proposal, error) {
	p, err := s.Proposal(ctx, a, proposalID)
	if err != nil {
		return nil, err
	}
	v, err := s.Viewer(ctx, a, p.MeetingID)
	if err != nil {
		return nil, err
	}
	if !leader(v) {
		return nil, model.Deny("proposal.dispose_denied")
	}
	switch v.Meeting.State {
	case model.StateDraft, model.StateCancelled, model.StateClosed:
		return nil, model.Refuse("proposal.dispose_state")
	}
	if p.Disposition != model.DispositionNone {
		return nil, model.Refuse("proposal.already_disposed")
	}
	in.Text = vntext.Clean(in.Text)
	e := &model.ValidationError{}
	switch in.Disposition {
	case model.DispositionDecided:
		if in.Text == "" {
			e.Add("text", "proposal.decision_required")
		}
	case model.DispositionDeclined:
		if in.Text == "" {
			e.Add("text", "proposal.reason_required")
		}
	case model.DispositionDeferred:
		today := model.DateOf(s.st.Now().In(vntext.Location()))
		if in.DeferredTo.IsZero() || !in.DeferredTo.After(today) {
			e.Add("deferred_to", "proposal.defer_future")
		}
	case model.DispositionResolution:
		if err := s.checkResolutionLink(ctx, a, v.Meeting, &in, e); err != nil {
			return nil, err
		}
	default:
		e.Add("disposition", "proposal.disposition_invalid")
	}
	if err := e.Err(); err != nil {
		return nil, err
	}
	err = s.st.InTx(ctx, func(st *store.Store) error {
		if err := st.DisposeProposal(ctx, p.ID, in, a.Account.Username); err != nil {
			return err
		}
		return st.Audit(ctx, a.Audit("proposal.dispose", "meeting", p.MeetingID, v.Meeting.Body.OrgID,
			fmt.Sprintf("proposal %d: %s", p.ID, in.Disposition)))
	})
	if err != nil {
		return nil, err
	}
	return s.st.Proposal(ctx, p.ID)
}

// checkResolutionLink requires a draft resolution of a BCH meeting of the
// same commune, and a paragraph it has.
func (s *Service) checkResolutionLink(ctx context.Context, a *auth.Actor, btvMeeting *model.Meeting, in *model.DispositionInput, e *model.ValidationError) error {
	if in.ResolutionDocID == 0 {
		e.Add("resolution_document_id", "proposal.resolution_required")
		return nil
	}
	_, d, err := s.Document(ctx, a, in.ResolutionDocID)
	if err != nil {
		e.Add("resolution_document_id", "proposal.resolution_invalid")
		return nil
	}
	target, err := s.st.Meeting(ctx, d.MeetingID)
	if err != nil {
		return err
	}
	if d.Kind != model.DocResolution || d.Format != model.FormatText || target.Kind == model.MeetingStanding ||
		target.Body.OrgID != btvMeeting.Body.OrgID {
		e.Add("resolution_document_id", "proposal.resolution_invalid")
		return nil
	}
	if n := len(textdiff.Paragraphs(d.Latest.Body)); in.ResolutionParagraph < 1 || in.ResolutionParagraph > n {
		e.Add("resolution_paragraph", "review.paragraph_invalid", n)
	}
	return nil
}

// Resolutions lists the draft resolutions of the commune's coming BCH
// meetings a proposal may be put into.
func (s *Service) Resolutions(ctx context.Context, a *auth.Actor, btvMeetingID int64) ([]model.Document, error) {
	v, err := s.Viewer(ctx, a, btvMeetingID)
	if err != nil {
		return nil, err
	}
	bch, err := s.st.BodyOfKind(ctx, v.Meeting.Body.OrgID, v.Meeting.Body.TermID, model.BodyCommittee)
	if err != nil {
		return nil, err
	}
	ms, err := s.st.Meetings(ctx, store.MeetingQuery{BodyIDs: []int64{bch.ID}, From: v.Meeting.StartsAt.AddDate(0, -1, 0)})
	if err != nil {
		return nil, err
	}
	var out []model.Document
	for _, m := range ms {
		if !m.State.Editable() && m.State != model.StateApproved {
			continue
		}
		_, docs, err := s.Documents(ctx, a, m.ID)
		if err != nil {
			return nil, err
		}
		for _, d := range docs {
			if d.Kind == model.DocResolution && d.Format == model.FormatText {
				out = append(out, d)
			}
		}
	}
	return out, nil
}
