package session

import (
	"context"
	"slices"

	"nghisu/internal/auth"
	"nghisu/internal/model"
	"nghisu/internal/rules"
	"nghisu/internal/store"
	"nghisu/internal/vntext"
)

// queue is the floor of an item: who speaks, then the points of order in
// the order they were raised (they jump the queue), then the other
// speakers in list order.
func queue(speeches []model.Speech) []model.Speech {
	var out []model.Speech
	for _, sp := range speeches {
		if sp.State == model.SpeechSpeaking || sp.State == model.SpeechRequested {
			out = append(out, sp)
		}
	}
	slices.SortStableFunc(out, func(a, b model.Speech) int {
		if (a.State == model.SpeechSpeaking) != (b.State == model.SpeechSpeaking) {
			if a.State == model.SpeechSpeaking {
				return -1
			}
			return 1
		}
		if (a.Kind == model.SpeechOrder) != (b.Kind == model.SpeechOrder) {
			if a.Kind == model.SpeechOrder {
				return -1
			}
			return 1
		}
		return a.Position - b.Position
	})
	return out
}

// speakingLimit is the speaking time on the current item in seconds: the
// item's own, else the commune's setting.
func (s *Service) speakingLimit(ctx context.Context, st *store.Store, m *model.Meeting) (int, error) {
	if m.CurrentItemID == 0 {
		return 0, nil
	}
	it, err := st.Item(ctx, m.CurrentItemID)
	if err != nil {
		return 0, err
	}
	if it.SpeakingLimit > 0 {
		return it.SpeakingLimit, nil
	}
	min, err := s.setting(ctx, st, m, rules.SpeakingMinutes)
	return min * 60, err
}

// RequestFloor asks to speak on the item on the floor, as a member of the
// body, or raises a point of order, which goes to the head of the list.
func (s *Service) RequestFloor(ctx context.Context, a *auth.Actor, meetingID int64, kind model.SpeechKind) (*model.Speech, error) {
	seat, err := s.Seat(ctx, a, meetingID)
	if err != nil {
		return nil, err
	}
	if err := seat.mustSit(); err != nil {
		return nil, err
	}
	return s.addSpeech(ctx, seat, seat.PersonID(), kind, "")
}

// AddSpeaker puts a member or a guest on the list, as the secretary does
// for those who ask by raising a hand.
func (s *Service) AddSpeaker(ctx context.Context, a *auth.Actor, meetingID, personID int64, kind model.SpeechKind) (*model.Speech, error) {
	seat, err := s.seatTo(ctx, a, meetingID, (*Seat).mustRecord)
	if err != nil {
		return nil, err
	}
	if ok, err := s.takesPart(ctx, seat.Meeting, personID); err != nil {
		return nil, err
	} else if !ok {
		v := &model.ValidationError{}
		v.Add("person_id", "session.not_participant")
		return nil, v
	}
	return s.addSpeech(ctx, seat, personID, kind, a.Account.Username)
}

// takesPart reports whether a person sits in the meeting's body or is its
// guest.
func (s *Service) takesPart(ctx context.Context, m *model.Meeting, personID int64) (bool, error) {
	if _, err := s.st.OpenMembership(ctx, m.BodyID, personID); err == nil {
		return true, nil
	} else if err != model.ErrNotFound {
		return false, err
	}
	return s.st.IsGuest(ctx, m.ID, personID)
}

func (s *Service) addSpeech(ctx context.Context, seat *Seat, personID int64, kind model.SpeechKind, by string) (*model.Speech, error) {
	if kind == "" {
		kind = model.SpeechNormal
	}
	if kind != model.SpeechNormal && kind != model.SpeechOrder {
		v := &model.ValidationError{}
		v.Add("kind", "session.speech_kind")
		return nil, v
	}
	var sp *model.Speech
	err := s.change(ctx, seat, "session.add_speech", func(st *store.Store, m *model.Meeting) error {
		if err := inSession(m); err != nil {
			return err
		}
		if m.CurrentItemID == 0 {
			return model.Refuse("session.no_item")
		}
		speeches, err := st.Speeches(ctx, m.ID, m.CurrentItemID)
		if err != nil {
			return err
		}
		waiting := queue(speeches)
		for _, x := range waiting {
			if x.PersonID == personID && x.Kind == kind {
				return model.Refuse("session.already_listed")
			}
		}
		sp = &model.Speech{MeetingID: m.ID, ItemID: m.CurrentItemID, PersonID: personID, Kind: kind,
			State: model.SpeechRequested, AddedBy: by}
		return st.AddSpeech(ctx, sp)
	}, SectionFloor)
	return sp, err
}

// speech reads a speech of a meeting the actor sees, with the actor's seat.
func (s *Service) speech(ctx context.Context, a *auth.Actor, speechID int64) (*Seat, *model.Speech, error) {
	sp, err := s.st.Speech(ctx, speechID)
	if err != nil {
		return nil, nil, err
	}
	seat, err := s.Seat(ctx, a, sp.MeetingID)
	if err != nil {
		return nil, nil, err
	}
	return seat, sp, nil
}

// onSpeech runs fn on a speech read again in the transaction.
func (s *Service) onSpeech(ctx context.Context, seat *Seat, speechID int64, fn func(st *store.Store, m *model.Meeting, sp *model.Speech) error) error {
	return s.change(ctx, seat, "session.speech", func(st *store.Store, m *model.Meeting) error {
		sp, err := st.Speech(ctx, speechID)
		if err != nil {
			return err
		}
		return fn(st, m, sp)
	}, SectionFloor)
}

// Withdraw takes a request off the list: the member's own, or any by the
// chair or the secretary.
func (s *Service) Withdraw(ctx context.Context, a *auth.Actor, speechID int64) error {
	seat, sp, err := s.speech(ctx, a, speechID)
	if err != nil {
		return err
	}
	if sp.PersonID != seat.PersonID() && !seat.Records {
		return model.Deny("session.not_yours")
	}
	return s.onSpeech(ctx, seat, speechID, func(st *store.Store, m *model.Meeting, sp *model.Speech) error {
		if sp.State != model.SpeechRequested {
			return model.Refuse("session.speech_not_waiting")
		}
		sp.State = model.SpeechWithdrawn
		return st.UpdateSpeech(ctx, sp)
	})
}

// MoveSpeaker moves a waiting speaker up (delta -1) or down (+1) the list.
func (s *Service) MoveSpeaker(ctx context.Context, a *auth.Actor, speechID int64, delta int) error {
	seat, _, err := s.speech(ctx, a, speechID)
	if err != nil {
		return err
	}
	if err := seat.mustRun(); err != nil {
		return err
	}
	return s.onSpeech(ctx, seat, speechID, func(st *store.Store, m *model.Meeting, sp *model.Speech) error {
		if sp.State != model.SpeechRequested {
			return model.Refuse("session.speech_not_waiting")
		}
		all, err := st.Speeches(ctx, m.ID, sp.ItemID)
		if err != nil {
			return err
		}
		var waiting []model.Speech
		for _, x := range queue(all) {
			if x.State == model.SpeechRequested {
				waiting = append(waiting, x)
			}
		}
		i := slices.IndexFunc(waiting, func(x model.Speech) bool { return x.ID == sp.ID })
		j := i + delta
		if i < 0 || j < 0 || j >= len(waiting) {
			return nil // already first or last
		}
		other := waiting[j]
		sp.Position, other.Position = other.Position, sp.Position
		if sp.Position == other.Position { // equal positions: make them differ
			sp.Position += delta
		}
		if err := st.UpdateSpeech(ctx, sp); err != nil {
			return err
		}
		return st.UpdateSpeech(ctx, &other)
	})
}

// GiveFloor gives the floor to a waiting speaker; whoever was speaking is
// done.
func (s *Service) GiveFloor(ctx context.Context, a *auth.Actor, speechID int64) error {
	seat, _, err := s.speech(ctx, a, speechID)
	if err != nil {
		return err
	}
	if err := seat.mustRun(); err != nil {
		return err
	}
	return s.onSpeech(ctx, seat, speechID, func(st *store.Store, m *model.Meeting, sp *model.Speech) error {
		if err := inSession(m); err != nil {
			return err
		}
		if sp.State != model.SpeechRequested {
			return model.Refuse("session.speech_not_waiting")
		}
		if sp.ItemID != m.CurrentItemID {
			return model.Refuse("session.speech_other_item")
		}
		if err := s.endSpeaking(ctx, st, m); err != nil {
			return err
		}
		now := st.Now()
		sp.State, sp.StartedAt = model.SpeechSpeaking, &now
		return st.UpdateSpeech(ctx, sp)
	})
}

// EndSpeech ends a speech (the chair, or the secretary keeping time).
func (s *Service) EndSpeech(ctx context.Context, a *auth.Actor, speechID int64) error {
	seat, _, err := s.speech(ctx, a, speechID)
	if err != nil {
		return err
	}
	if err := seat.mustRecord(); err != nil {
		return err
	}
	return s.onSpeech(ctx, seat, speechID, func(st *store.Store, m *model.Meeting, sp *model.Speech) error {
		if sp.State != model.SpeechSpeaking {
			return model.Refuse("session.speech_not_speaking")
		}
		now := st.Now()
		sp.State, sp.EndedAt = model.SpeechDone, &now
		return st.UpdateSpeech(ctx, sp)
	})
}

// endSpeaking ends whatever speech is under way in the meeting.
func (s *Service) endSpeaking(ctx context.Context, st *store.Store, m *model.Meeting) error {
	all, err := st.Speeches(ctx, m.ID, 0)
	if err != nil {
		return err
	}
	now := st.Now()
	for _, x := range all {
		if x.State == model.SpeechSpeaking {
			x.State, x.EndedAt = model.SpeechDone, &now
			if err := st.UpdateSpeech(ctx, &x); err != nil {
				return err
			}
		}
	}
	return nil
}

// SetSubstance records what a speaker said, in substance, for the minutes:
// during the speech, after it, and until the minutes are signed.
func (s *Service) SetSubstance(ctx context.Context, a *auth.Actor, speechID int64, text string) error {
	seat, _, err := s.speech(ctx, a, speechID)
	if err != nil {
		return err
	}
	if err := seat.mustRecord(); err != nil {
		return err
	}
	text = vntext.Clean(text)
	if len([]rune(text)) > 20000 {
		v := &model.ValidationError{}
		v.Add("substance", "session.too_long", 20000)
		return v
	}
	return s.onSpeech(ctx, seat, speechID, func(st *store.Store, m *model.Meeting, sp *model.Speech) error {
		if m.State != model.StateInSession && m.State != model.StateAdjourned {
			return model.Refuse("session.record_closed")
		}
		sp.Substance = text
		return st.UpdateSpeech(ctx, sp)
	})
}

// SpeakerTime is how often and how long one person spoke.
type SpeakerTime struct {
	PersonID int64  `json:"person_id"`
	Name     string `json:"name"`
	Count    int    `json:"count"`
	Seconds  int    `json:"seconds"`
}

// ItemSpeeches is the speeches on one item and who spoke how long.
type ItemSpeeches struct {
	Item     model.AgendaItem `json:"item"`
	Speeches []model.Speech   `json:"speeches"`
	Speakers []SpeakerTime    `json:"speakers"`
}

// Speeches lists the speeches of a meeting by item, with who spoke how long
// on each item and over the whole meeting.
func (s *Service) Speeches(ctx context.Context, a *auth.Actor, meetingID int64) ([]ItemSpeeches, []SpeakerTime, error) {
	seat, err := s.Seat(ctx, a, meetingID)
	if err != nil {
		return nil, nil, err
	}
	items, err := s.st.Items(ctx, seat.Meeting.ID)
	if err != nil {
		return nil, nil, err
	}
	all, err := s.st.Speeches(ctx, seat.Meeting.ID, 0)
	if err != nil {
		return nil, nil, err
	}
	// The record lists the speeches given, in the order they were given.
	all = slices.DeleteFunc(all, func(sp model.Speech) bool { return sp.StartedAt == nil })
	slices.SortStableFunc(all, func(a, b model.Speech) int { return a.StartedAt.Compare(*b.StartedAt) })
	var out []ItemSpeeches
	var total []SpeakerTime
	for _, it := range items {
		is := ItemSpeeches{Item: it}
		for _, sp := range all {
			if sp.ItemID != it.ID {
				continue
			}
			is.Speeches = append(is.Speeches, sp)
			is.Speakers = addTime(is.Speakers, sp)
			total = addTime(total, sp)
		}
		out = append(out, is)
	}
	return out, total, nil
}

func addTime(list []SpeakerTime, sp model.Speech) []SpeakerTime {
	for i := range list {
		if list[i].PersonID == sp.PersonID {
			list[i].Count++
			list[i].Seconds += sp.Seconds()
			return list
		}
	}
	return append(list, SpeakerTime{PersonID: sp.PersonID, Name: sp.Person.FullName, Count: 1, Seconds: sp.Seconds()})
}
