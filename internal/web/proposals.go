package web

import (
	"net/http"

	"nghisu/internal/model"
)

func (s *Server) addProposal(w http.ResponseWriter, r *http.Request) error {
	id, f, err := postedForm(w, r, s.seeMeeting)
	if err != nil {
		return err
	}
	a := actorOf(r)
	in := model.ProposalInput{Kind: model.ProposalKind(f.Str("kind")), Category: model.ProposalCategory(f.Str("category")),
		Title: f.Str("title"), Body: f.Text("body")}
	_, err = s.drafting.Propose(r.Context(), a, id, in)
	return s.outcome(w, r, err, meetingPath(id)+"#proposals", "proposal.added")
}

func (s *Server) disposeProposal(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := actorOf(r)
	p, err := s.st.Proposal(r.Context(), id)
	if err != nil {
		return err
	}
	if _, err := s.meetings.Get(r.Context(), a, p.MeetingID); err != nil {
		return err
	}
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	in := model.DispositionInput{Disposition: model.Disposition(f.Str("disposition")), Text: f.Text("text"),
		ResolutionDocID: f.Int64("resolution_document_id"), ResolutionParagraph: int(f.Int64("resolution_paragraph")),
		DeferredTo: f.Date("deferred_to")}
	err = f.Err()
	if err == nil {
		_, err = s.drafting.Dispose(r.Context(), a, id, in)
	}
	return s.outcome(w, r, err, meetingPath(p.MeetingID)+"#proposals", "proposal.disposed")
}
