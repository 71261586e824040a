package org

import (
	"context"
	"errors"

	"nghisu/internal/auth"
	"nghisu/internal/model"
	"nghisu/internal/rules"
	"nghisu/internal/store"
	"nghisu/internal/vntext"
)

// Members lists a body's members (with history: every period).
func (s *Service) Members(ctx context.Context, a *auth.Actor, bodyID int64, history bool) ([]model.Membership, error) {
	if _, err := s.Body(ctx, a, bodyID); err != nil {
		return nil, err
	}
	return s.st.BodyMembers(ctx, bodyID, history)
}

// PersonMemberships lists a person's membership periods.
func (s *Service) PersonMemberships(ctx context.Context, a *auth.Actor, personID int64) ([]model.Membership, error) {
	if _, _, err := s.Person(ctx, a, personID); err != nil {
		return nil, err
	}
	return s.st.PersonMemberships(ctx, personID)
}

// AddMember puts a person of the commune into a body. A BTV seat needs a BCH
// seat in the same term, a BCH large enough to have a BTV, and room in the
// BTV (at most a third of the BCH).
func (s *Service) AddMember(ctx context.Context, a *auth.Actor, bodyID int64, in model.MembershipInput) (*model.Membership, error) {
	b, err := s.Body(ctx, a, bodyID)
	if err != nil {
		return nil, err
	}
	if err := s.MayEdit(ctx, a, b.Org); err != nil {
		return nil, err
	}
	in.Note = vntext.Clean(in.Note)
	v := &model.ValidationError{}
	var person *model.Person
	if in.PersonID == 0 {
		v.Add("person_id", "field.required")
	} else {
		p, err := s.st.Person(ctx, in.PersonID)
		switch {
		case errors.Is(err, model.ErrNotFound) || (err == nil && p.OrgID != b.OrgID):
			v.Add("person_id", "membership.person_other_org")
		case err != nil:
			return nil, err
		default:
			person = p
		}
	}
	if !in.Status.Valid() {
		v.Add("status", "membership.status_invalid")
	}
	checkInTerm(v, "started_on", in.StartedOn, b.Term)
	optionalText(v, "note", in.Note, 1000)
	if err := v.Err(); err != nil {
		return nil, err
	}
	m := &model.Membership{BodyID: b.ID, PersonID: person.ID, Status: in.Status, StartedOn: in.StartedOn, Note: in.Note}
	err = s.st.InTx(ctx, func(st *store.Store) error {
		if b.Kind == model.BodyStanding {
			if err := s.checkStandingSeat(ctx, st, b, person.ID); err != nil {
				return err
			}
		}
		if err := st.AddMembership(ctx, m); err != nil {
			if errors.Is(err, model.ErrConflict) {
				return model.Refuse("membership.exists", person.FullName)
			}
			return err
		}
		return st.Audit(ctx, a.Audit("membership.add", "membership", m.ID, b.OrgID,
			string(b.Kind)+": "+person.FullName+" ("+string(m.Status)+")"))
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// checkStandingSeat applies the rules for a new BTV seat, inside the
// transaction that adds it so that two additions cannot both take the last seat.
func (s *Service) checkStandingSeat(ctx context.Context, st *store.Store, btv *model.Body, personID int64) error {
	bch, err := st.BodyOfKind(ctx, btv.OrgID, btv.TermID, model.BodyCommittee)
	if err != nil {
		return err
	}
	if _, err := st.OpenMembership(ctx, bch.ID, personID); errors.Is(err, model.ErrNotFound) {
		return model.Refuse("membership.standing_needs_committee")
	} else if err != nil {
		return err
	}
	size, err := st.CountOpenMembers(ctx, bch.ID)
	if err != nil {
		return err
	}
	if !rules.StandingAllowed(size) {
		return model.Refuse("membership.standing_not_allowed", size, rules.MinCommitteeForStanding)
	}
	seats, err := st.CountOpenMembers(ctx, btv.ID)
	if err != nil {
		return err
	}
	if max := rules.MaxStanding(size); seats+1 > max {
		return model.Refuse("membership.standing_full", max, size)
	}
	return nil
}

// ChangeStatus records a new status from a day on: the current period ends
// that day and a new one opens, so the history stays.
func (s *Service) ChangeStatus(ctx context.Context, a *auth.Actor, membershipID int64, in model.StatusChange) (*model.Membership, error) {
	m, b, err := s.Membership(ctx, a, membershipID)
	if err != nil {
		return nil, err
	}
	if err := s.MayEdit(ctx, a, b.Org); err != nil {
		return nil, err
	}
	if !m.Open() {
		return nil, model.Refuse("membership.ended")
	}
	in.Note = vntext.Clean(in.Note)
	v := &model.ValidationError{}
	switch {
	case !in.Status.Valid():
		v.Add("status", "membership.status_invalid")
	case in.Status == m.Status:
		v.Add("status", "membership.status_same")
	}
	if in.On.IsZero() {
		v.Add("on", "field.required")
	} else if in.On.Before(m.StartedOn) {
		v.Add("on", "membership.change_before_start")
	}
	optionalText(v, "note", in.Note, 1000)
	if err := v.Err(); err != nil {
		return nil, err
	}
	next := &model.Membership{BodyID: m.BodyID, PersonID: m.PersonID, Status: in.Status, StartedOn: in.On, Note: in.Note}
	err = s.st.InTx(ctx, func(st *store.Store) error {
		if err := st.EndMembership(ctx, m.ID, in.On); err != nil {
			if errors.Is(err, model.ErrNotFound) {
				return model.Refuse("membership.ended")
			}
			return err
		}
		if err := st.AddMembership(ctx, next); err != nil {
			return err
		}
		return st.Audit(ctx, a.Audit("membership.status", "membership", next.ID, b.OrgID,
			string(m.Status)+" → "+string(in.Status)+" from "+in.On.String()))
	})
	if err != nil {
		return nil, err
	}
	return next, nil
}

// EndMembership records that a member left a body on a day. Leaving the BCH
// also ends the BTV seat of the same term and the posts held in those bodies:
// a person cannot keep them without the seat.
func (s *Service) EndMembership(ctx context.Context, a *auth.Actor, membershipID int64, on model.Date) error {
	m, b, err := s.Membership(ctx, a, membershipID)
	if err != nil {
		return err
	}
	if err := s.MayEdit(ctx, a, b.Org); err != nil {
		return err
	}
	if !m.Open() {
		return model.Refuse("membership.ended")
	}
	if on.IsZero() {
		return validation("on", "field.required")
	}
	if on.Before(m.StartedOn) {
		return validation("on", "membership.end_before_start")
	}
	return s.st.InTx(ctx, func(st *store.Store) error {
		ended := []int64{m.ID}
		bodies := []int64{b.ID}
		if b.Kind == model.BodyCommittee {
			btv, err := st.BodyOfKind(ctx, b.OrgID, b.TermID, model.BodyStanding)
			if err == nil {
				if seat, err := st.OpenMembership(ctx, btv.ID, m.PersonID); err == nil {
					ended = append(ended, seat.ID)
					bodies = append(bodies, btv.ID)
				} else if !errors.Is(err, model.ErrNotFound) {
					return err
				}
			} else if !errors.Is(err, model.ErrNotFound) {
				return err
			}
		}
		for _, id := range ended {
			if err := st.EndMembership(ctx, id, on); err != nil {
				return err
			}
		}
		posts, err := st.OpenPostsOf(ctx, m.PersonID)
		if err != nil {
			return err
		}
		for _, p := range posts {
			for _, bid := range bodies {
				if p.BodyID == bid {
					if err := st.EndPost(ctx, p.ID, maxDate(on, p.StartedOn)); err != nil {
						return err
					}
				}
			}
		}
		return st.Audit(ctx, a.Audit("membership.end", "membership", m.ID, b.OrgID, "on "+on.String()))
	})
}

// Membership reads a membership period and its body, if the actor sees them.
func (s *Service) Membership(ctx context.Context, a *auth.Actor, id int64) (*model.Membership, *model.Body, error) {
	m, err := s.st.Membership(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	b, err := s.Body(ctx, a, m.BodyID)
	if err != nil {
		return nil, nil, err
	}
	return m, b, nil
}

// checkInTerm requires day and keeps it within the term.
func checkInTerm(v *model.ValidationError, field string, day model.Date, t *model.Term) {
	switch {
	case day.IsZero():
		v.Add(field, "field.required")
	case day.Before(t.StartsOn):
		v.Add(field, "membership.before_term", t.Name)
	case !t.EndsOn.IsZero() && day.After(t.EndsOn):
		v.Add(field, "membership.after_term", t.Name)
	}
}

func maxDate(a, b model.Date) model.Date {
	if a.Before(b) {
		return b
	}
	return a
}
