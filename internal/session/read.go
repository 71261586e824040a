package session

import (
	"context"

	"nghisu/internal/auth"
	"nghisu/internal/model"
)

// Poll reads a vote of a meeting the actor sees. The counts of a vote still
// open are hidden unless it is a named vote that shows them.
func (s *Service) Poll(ctx context.Context, a *auth.Actor, id int64) (*model.Poll, error) {
	p, err := s.st.Poll(ctx, id)
	if err != nil {
		return nil, err
	}
	if _, err := s.Seat(ctx, a, p.MeetingID); err != nil {
		return nil, err
	}
	if p.Method.Electronic() {
		if p.Voted, err = s.st.Turnout(ctx, p.ID); err != nil {
			return nil, err
		}
	}
	if p.State == model.PollOpen && (p.Method != model.MethodNamed || p.HideResults) {
		p.For, p.Against, p.Abstain = 0, 0, 0
	} else if p.State == model.PollOpen {
		t, err := s.st.Count(ctx, p)
		if err != nil {
			return nil, err
		}
		p.For, p.Against, p.Abstain = t.For, t.Against, t.Abstain
	}
	return p, nil
}

// Speech reads a speech of a meeting the actor sees.
func (s *Service) Speech(ctx context.Context, a *auth.Actor, id int64) (*model.Speech, error) {
	_, sp, err := s.speech(ctx, a, id)
	return sp, err
}

// Question reads a question of a meeting the actor sees.
func (s *Service) Question(ctx context.Context, a *auth.Actor, id int64) (*model.Question, error) {
	_, q, err := s.question(ctx, a, id)
	return q, err
}
