package meeting

import (
	"context"
	"time"

	"nghisu/internal/auth"
	"nghisu/internal/model"
	"nghisu/internal/store"
	"nghisu/internal/vntext"
)

// Month is one month of a body's calendar.
type Month struct {
	Start    time.Time
	Meetings []model.Meeting
	// Missing flags a month of a party committee with no regular meeting
	// held or scheduled: the committee meets monthly (Điều lệ Đảng, Điều 24).
	Missing bool
	Past    bool
}

// Calendar lists a body's meetings month by month, from the month of from
// for n months.
func (s *Service) Calendar(ctx context.Context, a *auth.Actor, bodyID int64, from time.Time, n int) (*model.Body, []Month, error) {
	b, err := s.body(ctx, a, bodyID)
	if err != nil {
		return nil, nil, err
	}
	loc := vntext.Location()
	from = from.In(loc)
	start := time.Date(from.Year(), from.Month(), 1, 0, 0, 0, 0, loc)
	end := start.AddDate(0, n, 0)
	ms, err := s.st.Meetings(ctx, store.MeetingQuery{BodyIDs: []int64{b.ID}, From: start, To: end})
	if err != nil {
		return nil, nil, err
	}
	now := s.st.Now().In(loc)
	thisMonth := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, loc)
	months := make([]Month, n)
	for i := range months {
		months[i].Start = start.AddDate(0, i, 0)
		months[i].Past = months[i].Start.Before(thisMonth)
	}
	for _, m := range ms {
		t := m.StartsAt.In(loc)
		i := (t.Year()-start.Year())*12 + int(t.Month()-start.Month())
		if i >= 0 && i < n {
			months[i].Meetings = append(months[i].Meetings, m)
		}
	}
	if b.Kind == model.BodyCommittee {
		termStart := b.Term.StartsOn.Time(loc)
		for i := range months {
			if months[i].Start.Before(termStart) {
				continue // before the term, or its first, partial month
			}
			has := false
			for _, m := range months[i].Meetings {
				if m.Kind == model.MeetingRegular && m.State != model.StateCancelled {
					has = true
				}
			}
			months[i].Missing = !has
		}
	}
	return b, months, nil
}

// Upcoming lists the meetings the actor's person was sent papers for, from
// a month back on.
func (s *Service) Upcoming(ctx context.Context, a *auth.Actor, limit int) ([]model.Meeting, error) {
	if a.Account.PersonID == 0 {
		return nil, nil
	}
	return s.st.Meetings(ctx, store.MeetingQuery{PersonID: a.Account.PersonID, From: s.st.Now().AddDate(0, -1, 0), Limit: limit})
}

// OfBodies lists the meetings of the bodies of a commune the actor may see,
// newest first.
func (s *Service) OfBodies(ctx context.Context, a *auth.Actor, bodies []model.Body, limit int) ([]model.Meeting, error) {
	var ids []int64
	for i := range bodies {
		if SeesBody(a, &bodies[i]) && bodies[i].Kind != model.BodyInspection {
			ids = append(ids, bodies[i].ID)
		}
	}
	if len(ids) == 0 {
		return nil, nil
	}
	return s.st.Meetings(ctx, store.MeetingQuery{BodyIDs: ids, Limit: limit, Desc: true})
}

// OfBody lists a body's meetings starting in [from, to) (either may be zero).
func (s *Service) OfBody(ctx context.Context, a *auth.Actor, bodyID int64, from, to time.Time) ([]model.Meeting, error) {
	if _, err := s.body(ctx, a, bodyID); err != nil {
		return nil, err
	}
	return s.st.Meetings(ctx, store.MeetingQuery{BodyIDs: []int64{bodyID}, From: from, To: to})
}
