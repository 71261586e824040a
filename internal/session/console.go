package session

import (
	"context"
	"errors"

	"nghisu/internal/auth"
	"nghisu/internal/model"
	"nghisu/internal/store"
	"nghisu/internal/vntext"
)

// Open opens a convened meeting and puts its first item on the floor.
func (s *Service) Open(ctx context.Context, a *auth.Actor, meetingID int64) error {
	seat, err := s.seatTo(ctx, a, meetingID, (*Seat).mustRun)
	if err != nil {
		return err
	}
	// No sections: the move announces the meeting and the floor.
	return s.change(ctx, seat, "session.open", func(st *store.Store, m *model.Meeting) error {
		if m.State != model.StateConvened {
			return model.Refuse("session.not_convened")
		}
		items, err := st.Items(ctx, m.ID)
		if err != nil {
			return err
		}
		if len(items) > 0 && m.CurrentItemID == 0 {
			if err := st.SetCurrentItem(ctx, m.ID, items[0].ID); err != nil {
				return err
			}
		}
		// The move announces the meeting and the floor (meeting.OnMove).
		return s.meetings.Move(ctx, st, a, m, model.StateInSession, "")
	})
}

// Adjourn ends the meeting: no vote may be open; a speech under way ends.
func (s *Service) Adjourn(ctx context.Context, a *auth.Actor, meetingID int64) error {
	seat, err := s.seatTo(ctx, a, meetingID, (*Seat).mustRun)
	if err != nil {
		return err
	}
	// Under the meeting's lock: a vote opened meanwhile would be left open.
	return s.change(ctx, seat, "session.adjourn", func(st *store.Store, m *model.Meeting) error {
		if err := inSession(m); err != nil {
			return err
		}
		if err := s.endSpeaking(ctx, st, m); err != nil {
			return err
		}
		// Move refuses while a vote is open.
		return s.meetings.Move(ctx, st, a, m, model.StateAdjourned, "")
	})
}

// GoTo puts an item on the floor: the next (+1) or previous (-1) one, or a
// given one (itemID). Not while a vote is open: its result belongs to the
// item it was opened on. A speech under way ends.
func (s *Service) GoTo(ctx context.Context, a *auth.Actor, meetingID int64, delta int, itemID int64) error {
	seat, err := s.seatTo(ctx, a, meetingID, (*Seat).mustRun)
	if err != nil {
		return err
	}
	return s.change(ctx, seat, "session.goto", func(st *store.Store, m *model.Meeting) error {
		if err := inSession(m); err != nil {
			return err
		}
		if err := noOpenPoll(ctx, st, m); err != nil {
			return err
		}
		items, err := st.Items(ctx, m.ID)
		if err != nil {
			return err
		}
		to := int64(0)
		for i, it := range items {
			switch {
			case itemID != 0 && it.ID == itemID:
				to = it.ID
			case itemID == 0 && it.ID == m.CurrentItemID && i+delta >= 0 && i+delta < len(items):
				to = items[i+delta].ID
			}
		}
		if itemID == 0 && m.CurrentItemID == 0 && len(items) > 0 {
			to = items[0].ID
		}
		if to == 0 {
			if itemID != 0 {
				return model.ErrNotFound
			}
			return model.Refuse("session.no_more_items")
		}
		if err := s.endSpeaking(ctx, st, m); err != nil {
			return err
		}
		m.CurrentItemID = to
		return st.SetCurrentItem(ctx, m.ID, to)
	}, SectionMeeting, SectionFloor)
}

// noOpenPoll refuses while a vote of the meeting is open.
func noOpenPoll(ctx context.Context, st *store.Store, m *model.Meeting) error {
	_, err := st.OpenPollOf(ctx, m.ID)
	switch {
	case err == nil:
		return model.Refuse("session.vote_open")
	case errors.Is(err, model.ErrNotFound):
		return nil
	}
	return err
}

// Conclude records the chair's conclusion (kết luận) on an item and whether
// it was discussed. It may be corrected until the minutes are signed.
func (s *Service) Conclude(ctx context.Context, a *auth.Actor, itemID int64, discussed bool, conclusion string) error {
	it, err := s.st.Item(ctx, itemID)
	if err != nil {
		return err
	}
	seat, err := s.Seat(ctx, a, it.MeetingID)
	if err != nil {
		return err
	}
	if err := seat.mustRun(); err != nil {
		return err
	}
	conclusion = vntext.Clean(conclusion)
	if len([]rune(conclusion)) > 20000 {
		v := &model.ValidationError{}
		v.Add("conclusion", "session.too_long", 20000)
		return v
	}
	return s.change(ctx, seat, "session.conclude", func(st *store.Store, m *model.Meeting) error {
		if m.State != model.StateInSession && m.State != model.StateAdjourned {
			return model.Refuse("session.record_closed")
		}
		return st.SetItemOutcome(ctx, itemID, discussed, conclusion)
	}, SectionMeeting)
}

// SetSpeakingLimit sets an item's speaking time in minutes (0: the commune's
// setting).
func (s *Service) SetSpeakingLimit(ctx context.Context, a *auth.Actor, itemID int64, minutes int) error {
	it, err := s.st.Item(ctx, itemID)
	if err != nil {
		return err
	}
	seat, err := s.Seat(ctx, a, it.MeetingID)
	if err != nil {
		return err
	}
	if err := seat.mustRun(); err != nil {
		return err
	}
	if minutes < 0 || minutes > 60 {
		v := &model.ValidationError{}
		v.Add("minutes", "session.limit_range", 0, 60)
		return v
	}
	return s.change(ctx, seat, "session.set_speaking_limit", func(st *store.Store, m *model.Meeting) error {
		return st.SetSpeakingLimit(ctx, itemID, minutes*60)
	}, SectionFloor)
}
