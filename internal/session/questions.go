package session

import (
	"context"

	"nghisu/internal/auth"
	"nghisu/internal/model"
	"nghisu/internal/rules"
	"nghisu/internal/store"
	"nghisu/internal/vntext"
)

// maxQuestion bounds a question's and an answer's text.
const maxQuestion = 5000

// Ask puts a question (chất vấn) as a member of the body, before the
// meeting or during it. Only meetings of the committee and its standing
// committee take questions (rules.QuestioningAllowed).
func (s *Service) Ask(ctx context.Context, a *auth.Actor, meetingID int64, in model.QuestionInput) (*model.Question, error) {
	seat, err := s.Seat(ctx, a, meetingID)
	if err != nil {
		return nil, err
	}
	m := seat.Meeting
	if !rules.QuestioningAllowed(m.Body.Kind) {
		return nil, model.Refuse("question.not_allowed")
	}
	if err := seat.mustSit(); err != nil {
		return nil, err
	}
	in.Text = vntext.Clean(in.Text)
	v := &model.ValidationError{}
	valid := false
	for _, x := range model.Addressees {
		valid = valid || x == in.Addressee
	}
	if !valid {
		v.Add("addressee", "question.addressee_invalid")
	}
	if in.Addressee == model.AskPerson {
		switch {
		case in.AddresseePersonID == 0:
			v.Add("addressee_person_id", "question.person_required")
		case in.AddresseePersonID == seat.PersonID():
			v.Add("addressee_person_id", "question.not_yourself")
		default:
			if _, err := s.st.OpenMembership(ctx, m.BodyID, in.AddresseePersonID); err == model.ErrNotFound {
				v.Add("addressee_person_id", "question.person_not_member")
			} else if err != nil {
				return nil, err
			}
		}
	} else {
		in.AddresseePersonID = 0
	}
	if n := len([]rune(in.Text)); n < 10 {
		v.Add("text", "question.text_short")
	} else if n > maxQuestion {
		v.Add("text", "session.too_long", maxQuestion)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	q := &model.Question{OrgID: m.Body.OrgID, MeetingID: m.ID, AskerID: seat.PersonID(), Addressee: in.Addressee,
		AddresseePersonID: in.AddresseePersonID, Text: in.Text, State: model.QuestionSubmitted}
	err = s.change(ctx, seat, "session.ask", func(st *store.Store, m *model.Meeting) error {
		if m.State != model.StateConvened && m.State != model.StateInSession {
			return model.Refuse("question.meeting_closed")
		}
		return st.AddQuestion(ctx, q)
	}, SectionQuestion)
	return q, err
}

// question reads a question of a meeting the actor sees, with the seat of
// the meeting it belongs to.
func (s *Service) question(ctx context.Context, a *auth.Actor, id int64) (*Seat, *model.Question, error) {
	q, err := s.st.Question(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	seat, err := s.Seat(ctx, a, q.MeetingID)
	if err != nil {
		return nil, nil, err
	}
	return seat, q, nil
}

// onQuestion runs fn on the question read again inside the transaction.
func (s *Service) onQuestion(ctx context.Context, seat *Seat, id int64, fn func(st *store.Store, m *model.Meeting, q *model.Question) error) error {
	return s.change(ctx, seat, "session.question", func(st *store.Store, m *model.Meeting) error {
		q, err := st.Question(ctx, id)
		if err != nil {
			return err
		}
		if err := fn(st, m, q); err != nil {
			return err
		}
		return st.UpdateQuestion(ctx, q)
	}, SectionQuestion)
}

// PutOnFloor puts a waiting question to the meeting. A question left
// unreached at an earlier meeting of the body is taken up here: it moves to
// this meeting.
func (s *Service) PutOnFloor(ctx context.Context, a *auth.Actor, meetingID, questionID int64) error {
	seat, err := s.seatTo(ctx, a, meetingID, (*Seat).mustRun)
	if err != nil {
		return err
	}
	q, err := s.st.Question(ctx, questionID)
	if err != nil {
		return err
	}
	if q.MeetingID != meetingID {
		from, err := s.st.Meeting(ctx, q.MeetingID)
		if err != nil {
			return err
		}
		if from.BodyID != seat.Meeting.BodyID {
			return model.ErrNotFound
		}
	}
	return s.change(ctx, seat, "session.put_on_floor", func(st *store.Store, m *model.Meeting) error {
		if err := inSession(m); err != nil {
			return err
		}
		q, err := st.Question(ctx, questionID)
		if err != nil {
			return err
		}
		if q.State != model.QuestionSubmitted {
			return model.Refuse("question.not_waiting")
		}
		qs, err := st.Questions(ctx, store.QuestionQuery{MeetingID: m.ID})
		if err != nil {
			return err
		}
		for _, x := range qs {
			if x.State == model.QuestionOnFloor {
				return model.Refuse("question.other_on_floor")
			}
		}
		now := st.Now()
		q.MeetingID, q.State, q.FloorAt = m.ID, model.QuestionOnFloor, &now
		if err := st.MoveQuestion(ctx, q.ID, m.ID); err != nil {
			return err
		}
		return st.UpdateQuestion(ctx, q)
	}, SectionQuestion)
}

// Answer records the answer to the question on the floor: given in the
// meeting, or promised in writing by a day (by default the commune's
// setting of days from today).
func (s *Service) Answer(ctx context.Context, a *auth.Actor, questionID int64, in model.AnswerInput) error {
	seat, _, err := s.question(ctx, a, questionID)
	if err != nil {
		return err
	}
	if err := seat.mustRecord(); err != nil {
		return err
	}
	in.Answer = vntext.Clean(in.Answer)
	v := &model.ValidationError{}
	if !in.InWriting && in.Answer == "" {
		v.Add("answer", "question.answer_required")
	}
	if len([]rune(in.Answer)) > maxQuestion {
		v.Add("answer", "session.too_long", maxQuestion)
	}
	today := model.DateOf(s.st.Now().In(vntext.Location()))
	if in.InWriting && !in.Due.IsZero() && !in.Due.After(today) {
		v.Add("due", "question.due_past")
	}
	if in.AnsweredBy != 0 {
		if ok, err := s.takesPart(ctx, seat.Meeting, in.AnsweredBy); err != nil {
			return err
		} else if !ok {
			v.Add("answered_by", "session.not_participant")
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	if in.InWriting && in.Due.IsZero() {
		days, err := s.setting(ctx, s.st, seat.Meeting, rules.AnswerDays)
		if err != nil {
			return err
		}
		in.Due = model.DateOf(s.st.Now().In(vntext.Location()).AddDate(0, 0, days))
	}
	return s.onQuestion(ctx, seat, questionID, func(st *store.Store, m *model.Meeting, q *model.Question) error {
		if q.State != model.QuestionOnFloor {
			return model.Refuse("question.not_on_floor")
		}
		if in.InWriting {
			q.State, q.AnswerDue = model.QuestionPromised, in.Due
			return nil
		}
		now := st.Now()
		q.State, q.Answer, q.AnsweredBy, q.AnsweredAt = model.QuestionAnswered, in.Answer, in.AnsweredBy, &now
		return nil
	})
}

// AnswerInWriting records the written answer to a promised question: by the
// member it was put to, or the commune's leaders or office for a body.
func (s *Service) AnswerInWriting(ctx context.Context, a *auth.Actor, questionID int64, answer string) error {
	seat, q, err := s.question(ctx, a, questionID)
	if err != nil {
		return err
	}
	if !seat.Records && (q.AddresseePersonID == 0 || q.AddresseePersonID != seat.PersonID()) {
		return model.Deny("question.not_yours_to_answer")
	}
	answer = vntext.Clean(answer)
	v := &model.ValidationError{}
	if answer == "" {
		v.Add("answer", "question.answer_required")
	} else if len([]rune(answer)) > maxQuestion {
		v.Add("answer", "session.too_long", maxQuestion)
	}
	if err := v.Err(); err != nil {
		return err
	}
	return s.onQuestion(ctx, seat, questionID, func(st *store.Store, m *model.Meeting, q *model.Question) error {
		if q.State != model.QuestionPromised {
			return model.Refuse("question.not_promised")
		}
		now := st.Now()
		q.State, q.Answer, q.AnsweredAt = model.QuestionAnswered, answer, &now
		if seat.PersonID() != 0 && q.AddresseePersonID == seat.PersonID() {
			q.AnsweredBy = seat.PersonID()
		}
		return nil
	})
}

// Verdict records whether the asker is satisfied with the answer.
func (s *Service) Verdict(ctx context.Context, a *auth.Actor, questionID int64, satisfied bool) error {
	seat, q, err := s.question(ctx, a, questionID)
	if err != nil {
		return err
	}
	if q.AskerID != seat.PersonID() {
		return model.Deny("question.not_asker")
	}
	return s.onQuestion(ctx, seat, questionID, func(st *store.Store, m *model.Meeting, q *model.Question) error {
		if q.State != model.QuestionAnswered {
			return model.Refuse("question.not_answered")
		}
		q.Satisfied = &satisfied
		return nil
	})
}

// WithdrawQuestion takes back a question not yet on the floor (the asker).
func (s *Service) WithdrawQuestion(ctx context.Context, a *auth.Actor, questionID int64) error {
	seat, q, err := s.question(ctx, a, questionID)
	if err != nil {
		return err
	}
	if q.AskerID != seat.PersonID() {
		return model.Deny("question.not_asker")
	}
	return s.onQuestion(ctx, seat, questionID, func(st *store.Store, m *model.Meeting, q *model.Question) error {
		if q.State != model.QuestionSubmitted {
			return model.Refuse("question.not_waiting")
		}
		q.State = model.QuestionClosed
		return nil
	})
}

// Questions lists the questions of a meeting, and the open questions of the
// body's earlier meetings that this meeting is to take up.
func (s *Service) Questions(ctx context.Context, a *auth.Actor, meetingID int64) (own, carried []model.Question, err error) {
	seat, err := s.Seat(ctx, a, meetingID)
	if err != nil {
		return nil, nil, err
	}
	if own, err = s.st.Questions(ctx, store.QuestionQuery{MeetingID: meetingID}); err != nil {
		return nil, nil, err
	}
	carried, err = s.st.Questions(ctx, store.QuestionQuery{OpenInBody: seat.Meeting.BodyID, Before: meetingID})
	return own, carried, err
}
