// Package session is the meeting in session: attendance and quorum, the
// chair's console, the floor, questioning, and voting on each issue. Every
// change appends an event to the meeting's topic in the same transaction;
// the store hands it to the live screens once committed.
package session

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"nghisu/internal/auth"
	"nghisu/internal/meeting"
	"nghisu/internal/model"
	"nghisu/internal/org"
	"nghisu/internal/rules"
	"nghisu/internal/store"
)

// Service is the meeting in session.
type Service struct {
	st       *store.Store
	orgs     *org.Service
	meetings *meeting.Service
	ballots  *ballotBox
}

// New returns the service and starts its ballot writer; Close stops it.
func New(st *store.Store, orgs *org.Service, meetings *meeting.Service) *Service {
	s := &Service{st: st, orgs: orgs, meetings: meetings}
	s.ballots = newBallotBox(st)
	meetings.OnMove = func(ctx context.Context, st *store.Store, m *model.Meeting) error {
		return s.announce(ctx, st, m.ID, SectionMeeting, SectionFloor)
	}
	return s
}

// SpaceTurnout sets how often, at most, a vote's screens are told its
// turnout while ballots come in (turnoutEvery unless set); 0 tells them
// after every write, which tests that count events use.
func (s *Service) SpaceTurnout(every time.Duration) {
	t := s.ballots.turnout
	t.mu.Lock()
	t.every = every
	t.mu.Unlock()
	t.poke() // what waits is due by the new spacing
}

// Close stops the ballot writer after the ballots it holds are written.
func (s *Service) Close() { s.ballots.close() }

// Topic is the event topic of a meeting.
func Topic(meetingID int64) string { return "meeting:" + strconv.FormatInt(meetingID, 10) }

// Seat is what an actor is to a meeting in session.
type Seat struct {
	Actor   *auth.Actor
	Meeting *model.Meeting
	// Member is the actor's open membership in the meeting's body, nil
	// when the actor does not sit in it.
	Member *model.Membership
	// Runs: chairs the meeting: its chair, or the commune's Bí thư or Phó
	// Bí thư thường trực, who may take over.
	Runs bool
	// Records: keeps the meeting's record: its secretary, the commune's
	// office staff, or whoever runs the meeting.
	Records bool
}

// Votes reports whether the seat has a vote: an incumbent member of the body.
func (s *Seat) Votes() bool { return s.Member != nil && rules.CountsInBase(s.Member.Status) }

// PersonID is the actor's person (0: an account without one).
func (s *Seat) PersonID() int64 { return s.Actor.Account.PersonID }

// Seat looks up what the actor is to a meeting they may see.
func (s *Service) Seat(ctx context.Context, a *auth.Actor, meetingID int64) (*Seat, error) {
	m, err := s.meetings.Get(ctx, a, meetingID)
	if err != nil {
		return nil, err
	}
	return s.seat(ctx, a, m)
}

func (s *Service) seat(ctx context.Context, a *auth.Actor, m *model.Meeting) (*Seat, error) {
	st := &Seat{Actor: a, Meeting: m}
	if p := a.Account.PersonID; p != 0 {
		ms, err := s.st.OpenMembership(ctx, m.BodyID, p)
		switch {
		case err == nil:
			st.Member = ms
		case !errors.Is(err, model.ErrNotFound):
			return nil, err
		}
	}
	commune := m.Body.Org
	st.Runs = a.Role() != model.RoleOversight && (meeting.Leader(a, commune) ||
		m.ChairID != 0 && a.Account.PersonID == m.ChairID)
	st.Records = st.Runs || m.SecretaryID != 0 && a.Account.PersonID == m.SecretaryID ||
		a.Role() == model.RoleOffice && a.Account.OrgID == commune.ID
	return st, nil
}

// seatTo reads the actor's seat at a meeting for an action that must (a
// Denial otherwise): (*Seat).mustRun, (*Seat).mustRecord.
func (s *Service) seatTo(ctx context.Context, a *auth.Actor, meetingID int64, must func(*Seat) error) (*Seat, error) {
	seat, err := s.Seat(ctx, a, meetingID)
	if err != nil {
		return nil, err
	}
	return seat, must(seat)
}

// mustRun is a Denial unless the seat chairs the meeting.
func (st *Seat) mustRun() error {
	if !st.Runs {
		return model.Deny("session.not_chair")
	}
	return nil
}

// mustRecord is a Denial unless the seat keeps the record.
func (st *Seat) mustRecord() error {
	if !st.Records {
		return model.Deny("session.not_secretary")
	}
	return nil
}

// mustSit is a Denial unless the seat is a member of the body.
func (st *Seat) mustSit() error {
	if st.Member == nil {
		return model.Deny("session.not_member")
	}
	return nil
}

// setting reads a setting of the meeting's commune through st (inside a
// transaction, its store).
func (s *Service) setting(ctx context.Context, st *store.Store, m *model.Meeting, set rules.Setting) (int, error) {
	v, err := org.SettingIn(ctx, st, m.Body.Org, set)
	return v.Value, err
}

// inSession refuses unless the meeting is under way.
func inSession(m *model.Meeting) error {
	if m.State != model.StateInSession {
		return model.Refuse("session.not_in_session")
	}
	return nil
}

// change runs fn in one transaction (the audit log noting action) with the meeting locked and read again
// inside it (its state and current item may have moved since the seat was
// read), then appends the events of the sections fn changed. The events are published
// once the transaction commits.
func (s *Service) change(ctx context.Context, seat *Seat, action string, fn func(st *store.Store, m *model.Meeting) error, sections ...Section) error {
	err := s.st.InTx(ctx, func(st *store.Store) error {
		// One change of the meeting at a time (store.LockMeeting).
		if err := st.LockMeeting(ctx, seat.Meeting.ID); err != nil {
			return err
		}
		m, err := st.Meeting(ctx, seat.Meeting.ID)
		if err != nil {
			return err
		}
		if err := fn(st, m); err != nil {
			return err
		}
		seat.Meeting = m
		// The audit log names the step and what it changed; the events
		// hold the sections' new states.
		detail := make([]string, len(sections))
		for i, sec := range sections {
			detail[i] = string(sec)
		}
		if err := st.Audit(ctx, seat.Actor.Audit(action, "meeting", m.ID, orgOf(m), strings.Join(detail, " "))); err != nil {
			return err
		}
		return s.announce(ctx, st, m.ID, sections...)
	})
	if errors.Is(err, errUnchanged) {
		return nil
	}
	return err
}

// orgOf is the organisation whose audit log a meeting's changes go to.
func orgOf(m *model.Meeting) int64 {
	if m.Body != nil {
		return m.Body.OrgID
	}
	return 0
}

// errUnchanged tells change that fn found nothing to change (the same mark
// again): nothing is written and no event goes out.
var errUnchanged = errors.New("session: unchanged")

// announce appends, in st's transaction, an event for each section with its
// state as it now is.
func (s *Service) announce(ctx context.Context, st *store.Store, meetingID int64, sections ...Section) error {
	if len(sections) == 0 {
		return nil
	}
	m, err := st.Meeting(ctx, meetingID)
	if err != nil {
		return err
	}
	for _, sec := range sections {
		data, err := s.section(ctx, st, m, sec)
		if err != nil {
			return err
		}
		if _, err := st.AppendEvent(ctx, Topic(meetingID), string(sec), data); err != nil {
			return err
		}
	}
	return nil
}
