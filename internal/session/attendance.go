package session

import (
	"context"
	"errors"

	"nghisu/internal/auth"
	"nghisu/internal/model"
	"nghisu/internal/store"
	"nghisu/internal/vntext"
)

// Attendee is one person expected at a meeting, with their attendance.
type Attendee struct {
	Person model.Person `json:"person"`
	// Member is the open membership in the body; nil for a guest.
	Member *model.Membership `json:"member,omitempty"`
	// Votes: an incumbent member, who counts in the base.
	Votes      bool             `json:"votes"`
	Attendance model.Attendance `json:"attendance"`
}

// Roll lists the body's members and the meeting's guests with their
// attendance, and the head count the quorum is judged on.
func (s *Service) Roll(ctx context.Context, a *auth.Actor, meetingID int64) ([]Attendee, *AttendanceView, error) {
	seat, err := s.Seat(ctx, a, meetingID)
	if err != nil {
		return nil, nil, err
	}
	m := seat.Meeting
	members, err := s.st.BodyMembers(ctx, m.BodyID, false)
	if err != nil {
		return nil, nil, err
	}
	guests, err := s.st.Guests(ctx, m.ID)
	if err != nil {
		return nil, nil, err
	}
	att, err := s.st.Attendance(ctx, m.ID)
	if err != nil {
		return nil, nil, err
	}
	byPerson := map[int64]model.Attendance{}
	for _, x := range att {
		byPerson[x.PersonID] = x
	}
	var out []Attendee
	for _, ms := range members {
		ms := ms
		out = append(out, Attendee{Person: *ms.Person, Member: &ms, Votes: ms.Status == model.StatusIncumbent,
			Attendance: byPerson[ms.PersonID]})
	}
	for _, g := range guests {
		out = append(out, Attendee{Person: g, Attendance: byPerson[g.ID]})
	}
	view, err := s.attendanceView(ctx, s.st, m)
	return out, view, err
}

// RecordAttendance records a person's attendance in the roll call: present,
// late (arrived now), left early (now), or absent with or without a reason.
func (s *Service) RecordAttendance(ctx context.Context, a *auth.Actor, meetingID, personID int64, in model.AttendanceInput) error {
	seat, err := s.seatTo(ctx, a, meetingID, (*Seat).mustRecord)
	if err != nil {
		return err
	}
	return s.attend(ctx, seat, personID, in, a.Account.Username)
}

// CheckIn records the actor as present from their own device.
func (s *Service) CheckIn(ctx context.Context, a *auth.Actor, meetingID int64) error {
	seat, err := s.Seat(ctx, a, meetingID)
	if err != nil {
		return err
	}
	if seat.PersonID() == 0 {
		return model.Deny("session.not_member")
	}
	// Checking in once the meeting has opened is arriving late.
	status := model.AttendPresent
	if seat.Meeting.State == model.StateInSession {
		status = model.AttendLate
	}
	if prev, err := s.st.AttendanceOf(ctx, meetingID, seat.PersonID()); err == nil && prev.Here() {
		return nil // already here
	}
	return s.attend(ctx, seat, seat.PersonID(), model.AttendanceInput{Status: status}, a.Account.Username)
}

func (s *Service) attend(ctx context.Context, seat *Seat, personID int64, in model.AttendanceInput, by string) error {
	in.Reason = vntext.CleanLine(in.Reason)
	v := &model.ValidationError{}
	if !in.Status.Valid() {
		v.Add("status", "session.status_invalid")
	}
	if in.Status == model.AttendExcused && in.Reason == "" {
		v.Add("reason", "session.reason_required")
	}
	if len([]rune(in.Reason)) > 500 {
		v.Add("reason", "session.too_long", 500)
	}
	if err := v.Err(); err != nil {
		return err
	}
	if ok, err := s.takesPart(ctx, seat.Meeting, personID); err != nil {
		return err
	} else if !ok {
		if personID == seat.PersonID() {
			return model.Deny("session.not_participant_self")
		}
		v.Add("person_id", "session.not_participant")
		return v
	}
	return s.change(ctx, seat, "session.attendance", func(st *store.Store, m *model.Meeting) error {
		if m.State != model.StateConvened && m.State != model.StateInSession {
			return model.Refuse("session.roll_closed")
		}
		prev, err := st.AttendanceOf(ctx, m.ID, personID)
		if errors.Is(err, model.ErrNotFound) {
			prev, err = &model.Attendance{MeetingID: m.ID, PersonID: personID}, nil
		}
		if err != nil {
			return err
		}
		if prev.Status == in.Status && prev.Reason == in.Reason {
			return errUnchanged // checked in twice, or the same mark again
		}
		now := st.Now()
		next := &model.Attendance{MeetingID: m.ID, PersonID: personID, Status: in.Status, Reason: in.Reason, RecordedBy: by}
		switch in.Status {
		case model.AttendPresent:
			next.ArrivedAt = prev.ArrivedAt
			if next.ArrivedAt == nil {
				next.ArrivedAt = &now
			}
		case model.AttendLate:
			next.ArrivedAt = &now
		case model.AttendLeftEarly:
			if !prev.Here() {
				return model.Refuse("session.not_here")
			}
			next.ArrivedAt, next.LeftAt = prev.ArrivedAt, &now
		}
		return st.SetAttendance(ctx, next)
	}, SectionAttendance)
}
