// Package drafting is the paperwork before a meeting: papers and their
// versions, the BTV's review rounds and comments, proposals and their
// dispositions, and the circulation of the invitation and papers. Who may
// read a paper is decided here, once, for every screen and the API.
package drafting

import (
	"context"

	"nghisu/internal/auth"
	"nghisu/internal/meeting"
	"nghisu/internal/model"
	"nghisu/internal/org"
	"nghisu/internal/store"
)

// Viewer is what an actor is to one meeting: the facts the reading rules
// need, looked up once.
type Viewer struct {
	Actor   *auth.Actor
	Meeting *model.Meeting
	// Standing: sits on the commune's BTV. Seat: sits in the meeting's body.
	// Guest: invited to the meeting.
	Standing, Seat, Guest bool
	// Preparer: leads or keeps the commune's paperwork.
	Preparer bool
}

// viewer looks up what the actor is to the meeting.
func viewer(ctx context.Context, st *store.Store, a *auth.Actor, m *model.Meeting) (*Viewer, error) {
	var seat, guest bool
	if p := a.Account.PersonID; p != 0 {
		if _, err := st.OpenMembership(ctx, m.BodyID, p); err == nil {
			seat = true
		} else if err != model.ErrNotFound {
			return nil, err
		}
		g, err := st.IsGuest(ctx, m.ID, p)
		if err != nil {
			return nil, err
		}
		guest = g
	}
	return viewerOf(a, m, seat, guest), nil
}

func viewerOf(a *auth.Actor, m *model.Meeting, seat, guest bool) *Viewer {
	return &Viewer{Actor: a, Meeting: m, Standing: a.SeesStandingMaterial(m.Body.Org), Preparer: meeting.Preparer(a, m.Body.Org),
		Seat: seat, Guest: guest}
}

// Viewers is Viewer for many meetings at once, in three queries whatever
// their number (search checks a page of hits this way): the meetings the
// actor may not see, or that do not exist, are left out.
func (s *Service) Viewers(ctx context.Context, a *auth.Actor, meetingIDs []int64) (map[int64]*Viewer, error) {
	ms, err := s.st.MeetingsByID(ctx, meetingIDs)
	if err != nil {
		return nil, err
	}
	var seats, guests map[int64]bool
	if p := a.Account.PersonID; p != 0 {
		if seats, err = s.st.OpenSeats(ctx, p); err != nil {
			return nil, err
		}
		if guests, err = s.st.GuestOf(ctx, p, meetingIDs); err != nil {
			return nil, err
		}
	}
	out := make(map[int64]*Viewer, len(ms))
	for id, m := range ms {
		if meeting.SeesBody(a, m.Body) {
			out[id] = viewerOf(a, m, seats[m.BodyID], guests[id])
		}
	}
	return out, nil
}

// CanRead reports whether the viewer may read a paper:
//   - BTV papers: the BTV only (and whoever wrote the paper);
//   - BCH papers: the BTV while they are drafts of the BTV; once released,
//     the body's members, the office, and the province read-only;
//   - guests' papers: as BCH papers, and the invited guests.
func (v *Viewer) CanRead(d *model.Document) bool {
	a := v.Actor
	if d.CreatedBy != 0 && d.CreatedBy == a.Account.ID {
		return true
	}
	if v.Standing {
		return true
	}
	if d.Audience == model.AudienceStanding || !d.Released {
		return false
	}
	switch {
	case a.Role() == model.RoleAdmin, a.Role() == model.RoleOversight:
		return true
	case a.Role() == model.RoleOffice && a.Account.OrgID == v.Meeting.Body.OrgID:
		return true
	case v.Seat:
		return true
	}
	return d.Audience == model.AudienceGuests && v.Guest
}

// CanWrite reports whether the viewer may change a paper: its author and the
// commune's preparers, if they may read it.
func (v *Viewer) CanWrite(d *model.Document) bool {
	return v.CanRead(d) && (v.Preparer || d.CreatedBy == v.Actor.Account.ID)
}

// Service is the drafting domain.
type Service struct {
	st        *store.Store
	meetings  *meeting.Service
	orgs      *org.Service
	maxUpload int64
	hooks     Hooks
}

// Hooks lets the drafting domain queue work for others (e-mail) in its own
// transactions without knowing how the queue works.
type Hooks struct {
	// Invite queues the invitation e-mail to one person of a meeting.
	Invite func(ctx context.Context, st *store.Store, meetingID, personID int64) error
	// ReviewOpened queues the e-mail that asks a BTV member for comments.
	ReviewOpened func(ctx context.Context, st *store.Store, roundID, personID int64) error
}

// New returns the service. maxUpload caps an uploaded file in bytes.
func New(st *store.Store, orgs *org.Service, meetings *meeting.Service, maxUpload int64, hooks Hooks) *Service {
	if hooks.Invite == nil {
		hooks.Invite = func(context.Context, *store.Store, int64, int64) error { return nil }
	}
	if hooks.ReviewOpened == nil {
		hooks.ReviewOpened = func(context.Context, *store.Store, int64, int64) error { return nil }
	}
	return &Service{st: st, orgs: orgs, meetings: meetings, maxUpload: maxUpload, hooks: hooks}
}

// Viewer reads a meeting the actor may see and what the actor is to it.
func (s *Service) Viewer(ctx context.Context, a *auth.Actor, meetingID int64) (*Viewer, error) {
	m, err := s.meetings.Get(ctx, a, meetingID)
	if err != nil {
		return nil, err
	}
	return viewer(ctx, s.st, a, m)
}
