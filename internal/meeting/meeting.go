// Package meeting is the life of a meeting: its calendar, its details, the
// state machine from draft to closed, and its program.
package meeting

import (
	"context"
	"errors"
	"fmt"
	"time"

	"nghisu/internal/auth"
	"nghisu/internal/model"
	"nghisu/internal/rules"
	"nghisu/internal/store"
	"nghisu/internal/vntext"
)

// Service is the meeting domain.
type Service struct {
	st *store.Store
	// OnMove runs in the transaction that changes a meeting's state, after
	// the change: the meeting in session announces it to the live screens.
	OnMove func(ctx context.Context, st *store.Store, m *model.Meeting) error
}

// New returns the service.
func New(st *store.Store) *Service { return &Service{st: st} }

// Leader reports whether the actor is the Bí thư or the Phó Bí thư thường
// trực of the commune: they lead the preparation.
func Leader(a *auth.Actor, commune *model.Org) bool {
	return a.Holds(model.PostSecretary, commune.ID) || a.Holds(model.PostStandingDeputy, commune.ID)
}

// Preparer reports whether the actor prepares the commune's meetings: its
// leaders and its office staff.
func Preparer(a *auth.Actor, commune *model.Org) bool {
	return Leader(a, commune) || a.Role() == model.RoleOffice && a.Account.OrgID == commune.ID
}

// SeesBody reports whether the actor may see the meetings of a body: the
// commune's people see the BCH's; a BTV's meetings are for its members, the
// office and the province.
func SeesBody(a *auth.Actor, b *model.Body) bool {
	if !a.Sees(b.Org) {
		return false
	}
	if b.Kind != model.BodyStanding {
		return true
	}
	switch a.Role() {
	case model.RoleOffice, model.RoleAdmin, model.RoleOversight:
		return true
	}
	return a.SeesStandingMaterial(b.Org)
}

// Get reads a meeting the actor may see.
func (s *Service) Get(ctx context.Context, a *auth.Actor, id int64) (*model.Meeting, error) {
	m, err := s.st.Meeting(ctx, id)
	if err != nil {
		return nil, err
	}
	if !SeesBody(a, m.Body) {
		return nil, model.ErrNotFound
	}
	if m.ChairID != 0 {
		if m.Chair, err = s.st.Person(ctx, m.ChairID); err != nil {
			return nil, err
		}
	}
	if m.SecretaryID != 0 {
		if m.Secretary, err = s.st.Person(ctx, m.SecretaryID); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// body reads a body the actor may see meetings of.
func (s *Service) body(ctx context.Context, a *auth.Actor, id int64) (*model.Body, error) {
	b, err := s.st.Body(ctx, id)
	if err != nil {
		return nil, err
	}
	if !SeesBody(a, b) || b.Kind == model.BodyInspection {
		return nil, model.ErrNotFound
	}
	return b, nil
}

// mayPrepare is a Denial unless the actor prepares the body's meetings.
func mayPrepare(a *auth.Actor, b *model.Body) error {
	if !Preparer(a, b.Org) {
		return model.Deny("meeting.not_preparer")
	}
	return nil
}

// Create schedules a meeting of a body. It must be in the future, of a kind
// the body holds, and a body holds one regular meeting a month.
func (s *Service) Create(ctx context.Context, a *auth.Actor, bodyID int64, in model.MeetingInput) (*model.Meeting, error) {
	b, err := s.body(ctx, a, bodyID)
	if err != nil {
		return nil, err
	}
	if err := mayPrepare(a, b); err != nil {
		return nil, err
	}
	m := &model.Meeting{BodyID: b.ID, Kind: in.Kind, State: model.StateDraft}
	if err := s.apply(ctx, b, m, &in, true); err != nil {
		return nil, err
	}
	err = s.st.InTx(ctx, func(st *store.Store) error {
		if err := s.checkMonth(ctx, st, m); err != nil {
			return err
		}
		if err := st.CreateMeeting(ctx, m, a.Account.ID); err != nil {
			if errors.Is(err, model.ErrConflict) {
				return model.Refuse("meeting.month_taken", monthLabel(m.StartsAt))
			}
			return err
		}
		if err := st.SetGuests(ctx, m.ID, in.GuestIDs); err != nil {
			return err
		}
		if err := st.RecordTransition(ctx, &model.Transition{MeetingID: m.ID, To: model.StateDraft,
			AccountID: a.Account.ID, Username: a.Account.Username}); err != nil {
			return err
		}
		return st.Audit(ctx, a.Audit("meeting.create", "meeting", m.ID, b.OrgID, m.Title))
	})
	if err != nil {
		return nil, err
	}
	m.Body = b
	return m, nil
}

// Update changes a meeting's details while its program may still change.
func (s *Service) Update(ctx context.Context, a *auth.Actor, id int64, in model.MeetingInput) (*model.Meeting, error) {
	m, err := s.Get(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if err := mayPrepare(a, m.Body); err != nil {
		return nil, err
	}
	if !m.State.Editable() {
		return nil, model.Refuse("meeting.locked", stateLabel(m.State))
	}
	in.Kind = m.Kind
	m.Version = in.Version
	future := m.State == model.StatePostponed || !in.StartsAt.Equal(m.StartsAt)
	if err := s.apply(ctx, m.Body, m, &in, future); err != nil {
		return nil, err
	}
	err = s.st.InTx(ctx, func(st *store.Store) error {
		if err := s.checkMonth(ctx, st, m); err != nil {
			return err
		}
		if err := st.UpdateMeeting(ctx, m); err != nil {
			if errors.Is(err, model.ErrConflict) && !isRefusal(err) {
				return model.Refuse("meeting.month_taken", monthLabel(m.StartsAt))
			}
			return err
		}
		if err := st.SetGuests(ctx, m.ID, in.GuestIDs); err != nil {
			return err
		}
		return st.Audit(ctx, a.Audit("meeting.update", "meeting", m.ID, m.Body.OrgID, m.Title))
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

func isRefusal(err error) bool {
	var r *model.Refusal
	return errors.As(err, &r)
}

// checkMonth refuses a second regular meeting in a month with a sentence
// (the unique index is the guard; this is the message).
func (s *Service) checkMonth(ctx context.Context, st *store.Store, m *model.Meeting) error {
	if m.Kind != model.MeetingRegular {
		return nil
	}
	loc := vntext.Location()
	start := time.Date(m.StartsAt.In(loc).Year(), m.StartsAt.In(loc).Month(), 1, 0, 0, 0, 0, loc)
	others, err := st.Meetings(ctx, store.MeetingQuery{BodyIDs: []int64{m.BodyID}, Kind: model.MeetingRegular,
		From: start, To: start.AddDate(0, 1, 0)})
	if err != nil {
		return err
	}
	for _, o := range others {
		if o.ID != m.ID && o.State != model.StateCancelled {
			return model.Refuse("meeting.month_taken", monthLabel(m.StartsAt))
		}
	}
	return nil
}

// apply validates in and copies it onto m.
func (s *Service) apply(ctx context.Context, b *model.Body, m *model.Meeting, in *model.MeetingInput, future bool) error {
	in.Title, in.Place = vntext.CleanLine(in.Title), vntext.CleanLine(in.Place)
	v := &model.ValidationError{}
	switch {
	case !in.Kind.Valid():
		v.Add("kind", "meeting.kind_invalid")
	case in.Kind.Body() != b.Kind:
		v.Add("kind", "meeting.kind_body")
	}
	if in.StartsAt.IsZero() {
		v.Add("starts_at", "field.required")
	} else if future && !in.StartsAt.After(s.st.Now()) {
		v.Add("starts_at", "meeting.in_past")
	} else if t := b.Term; !t.EndsOn.IsZero() && model.DateOf(in.StartsAt.In(vntext.Location())).After(t.EndsOn) {
		v.Add("starts_at", "membership.after_term", t.Name)
	}
	if len([]rune(in.Title)) > 200 {
		v.Add("title", "field.too_long", 200)
	}
	if in.Place == "" {
		v.Add("place", "field.required")
	} else if len([]rune(in.Place)) > 200 {
		v.Add("place", "field.too_long", 200)
	}
	if in.ChairID != 0 && in.ChairID == in.SecretaryID {
		// Chair and secretary sign the minutes together: two people.
		v.Add("secretary_id", "meeting.chair_is_secretary")
	}
	for field, id := range map[string]int64{"chair_id": in.ChairID, "secretary_id": in.SecretaryID} {
		if id == 0 {
			continue
		}
		if _, err := s.st.OpenMembership(ctx, b.ID, id); err != nil {
			// The chair and the meeting's secretary come from the body
			// (for a BTV meeting, from the BTV).
			v.Add(field, "meeting.not_member")
		}
	}
	var guests []string
	for _, g := range in.Guests {
		if g = vntext.CleanLine(g); g != "" {
			guests = append(guests, g)
		}
	}
	for _, id := range in.GuestIDs {
		p, err := s.st.Person(ctx, id)
		if err != nil || p.OrgID != b.OrgID {
			v.Add("guest_ids", "meeting.guest_other_org")
			break
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	m.Kind, m.Place, m.StartsAt = in.Kind, in.Place, in.StartsAt.UTC()
	m.Month = in.StartsAt.In(vntext.Location()).Format("2006-01")
	m.ChairID, m.SecretaryID, m.Guests = in.ChairID, in.SecretaryID, guests
	if m.Guests == nil {
		m.Guests = []string{}
	}
	m.Title = in.Title
	if m.Title == "" {
		m.Title = DefaultTitle(b, in.Kind, in.StartsAt)
	}
	return nil
}

// DefaultTitle names a meeting the way the minutes head it:
// "Hội nghị Ban Chấp hành Đảng bộ phường Mỹ Tho tháng 03 năm 2026".
func DefaultTitle(b *model.Body, kind model.MeetingKind, at time.Time) string {
	body := "Ban Chấp hành"
	if b.Kind == model.BodyStanding {
		body = "Ban Thường vụ"
	}
	what := "Hội nghị " + body
	switch kind {
	case model.MeetingExtraordinary:
		what += " (bất thường)"
	case model.MeetingThematic:
		what = "Hội nghị chuyên đề " + body
	}
	return fmt.Sprintf("%s %s %s", what, b.Org.Name, vntext.MonthYear(at))
}

// Transition moves a meeting to another state, if the machine allows it and
// the actor may make the move; a reason is required where the step says.
func (s *Service) Transition(ctx context.Context, a *auth.Actor, id int64, to model.MeetingState, reason string) (*model.Meeting, error) {
	m, err := s.Get(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if to == model.StateConvened {
		// A meeting is convened by sending its invitation and papers
		// (drafting.Send), which records who got them and releases them.
		return nil, model.Refuse("meeting.convene_by_sending")
	}
	if err := s.Move(ctx, s.st, a, m, to, reason); err != nil {
		return nil, err
	}
	return m, nil
}

// Move checks and records one step, in st (which may be a transaction).
func (s *Service) Move(ctx context.Context, st *store.Store, a *auth.Actor, m *model.Meeting, to model.MeetingState, reason string) error {
	return s.move(ctx, st, a, m, to, reason, true)
}

// Signed moves an adjourned meeting to signed, in st: the record calls it
// when the minutes' second signature is in, whoever gave it.
func (s *Service) Signed(ctx context.Context, st *store.Store, a *auth.Actor, m *model.Meeting) error {
	return s.move(ctx, st, a, m, model.StateSigned, "", false)
}

func (s *Service) move(ctx context.Context, st *store.Store, a *auth.Actor, m *model.Meeting, to model.MeetingState, reason string, check bool) error {
	reason = vntext.Clean(reason)
	step, ok := findStep(m.Kind, m.State, to)
	if !ok {
		return model.Refuse("meeting.transition_invalid", stateLabel(m.State), stateLabel(to))
	}
	if check && !s.allowed(a, m, step.by) {
		return model.Deny("meeting.transition_denied", stateLabel(to))
	}
	if step.reason && reason == "" {
		v := &model.ValidationError{}
		v.Add("reason", "meeting.reason_required")
		return v
	}
	t := &model.Transition{MeetingID: m.ID, From: m.State, To: to, Reason: reason,
		AccountID: a.Account.ID, Username: a.Account.Username}
	err := st.InTx(ctx, func(st *store.Store) error {
		// Changes of a meeting in session take turns (a vote being opened
		// while it adjourns).
		if err := st.LockMeeting(ctx, m.ID); err != nil {
			return err
		}
		if to == model.StateAdjourned {
			// A vote under way must be closed first: its result belongs
			// to the meeting.
			if _, err := st.OpenPollOf(ctx, m.ID); err == nil {
				return model.Refuse("meeting.vote_open")
			} else if !errors.Is(err, model.ErrNotFound) {
				return err
			}
		}
		if err := st.SetMeetingState(ctx, t); err != nil {
			return err
		}
		if err := st.Audit(ctx, a.Audit("meeting.state", "meeting", m.ID, m.Body.OrgID, string(t.From)+" → "+string(t.To))); err != nil {
			return err
		}
		if s.OnMove == nil {
			return nil
		}
		moved := *m
		moved.State, moved.StateReason = to, reason
		return s.OnMove(ctx, st, &moved)
	})
	if err != nil {
		return err
	}
	m.State, m.StateReason = to, reason
	if to == model.StateConvened {
		m.ConvenedAt = &t.At
	}
	return nil
}

// allowed reports whether the actor is among who.
func (s *Service) allowed(a *auth.Actor, m *model.Meeting, by who) bool {
	commune := m.Body.Org
	if by&leaders != 0 && Leader(a, commune) {
		return true
	}
	if by&office != 0 && a.Role() == model.RoleOffice && a.Account.OrgID == commune.ID {
		return true
	}
	if by&chair != 0 && m.ChairID != 0 && a.Account.PersonID == m.ChairID {
		return true
	}
	return false
}

// Transitions lists a meeting's recorded state changes.
func (s *Service) Transitions(ctx context.Context, a *auth.Actor, id int64) ([]model.Transition, error) {
	if _, err := s.Get(ctx, a, id); err != nil {
		return nil, err
	}
	return s.st.Transitions(ctx, id)
}

// Moves lists the states the actor may move the meeting to now.
func (s *Service) Moves(a *auth.Actor, m *model.Meeting) []model.MeetingState {
	var out []model.MeetingState
	for _, to := range Next(m.Kind, m.State) {
		st, _ := findStep(m.Kind, m.State, to)
		if s.allowed(a, m, st.by) && to != model.StateConvened {
			out = append(out, to) // convening happens by sending the papers
		}
	}
	return out
}

// ProposeRegular suggests the details of a body's next regular meeting.
func (s *Service) ProposeRegular(ctx context.Context, a *auth.Actor, bodyID int64) (*model.MeetingInput, error) {
	b, err := s.body(ctx, a, bodyID)
	if err != nil {
		return nil, err
	}
	kind := model.MeetingRegular
	if b.Kind == model.BodyStanding {
		kind = model.MeetingStanding
	}
	now := s.st.Now()
	var last time.Time
	if m, err := s.st.LastMeeting(ctx, []int64{b.ID}, kind, now.AddDate(1, 0, 0)); err == nil {
		last = m.StartsAt
		if last.After(now) {
			// One is already scheduled: propose the month after it.
			now = last
		}
	} else if !errors.Is(err, model.ErrNotFound) {
		return nil, err
	}
	at := rules.NextRegularDate(last, now, vntext.Location())
	in := &model.MeetingInput{Kind: kind, StartsAt: at, Place: "Hội trường " + b.Org.Name}
	posts, err := s.st.OpenPostsIn(ctx, b.OrgID)
	if err != nil {
		return nil, err
	}
	for _, p := range posts {
		if p.Kind == model.PostSecretary {
			in.ChairID = p.PersonID
		}
	}
	return in, nil
}

func monthLabel(t time.Time) string { return vntext.MonthYear(t) }

// stateLabel names a state in a message.
func stateLabel(s model.MeetingState) model.Msg { return model.M("meetingstate." + string(s)) }
