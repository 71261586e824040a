package web

import (
	"context"
	"errors"
	"net/http"
	"time"

	"nghisu/internal/auth"
	"nghisu/internal/model"
	"nghisu/internal/store"
)

// homeData is the start page: the province overview for province accounts,
// the commune's bodies and the person's own posts for commune accounts.
type homeData struct {
	Scope     model.Org
	Communes  []store.CommuneSummary
	Wards     int
	Villages  int
	Commune   *communeView
	MyPosts   []model.Post
	CanManage bool
	// Upcoming are the meetings of the commune's bodies from today on, that
	// the actor may see.
	Upcoming []model.Meeting
}

func (s *Server) home(w http.ResponseWriter, r *http.Request) error {
	a := actorOf(r)
	ctx := r.Context()
	d := homeData{Scope: a.Scope, CanManage: a.CanManageAccounts(&a.Scope)}
	if a.Scope.Kind == model.OrgCommune {
		cv, err := s.communeView(ctx, a, &a.Scope)
		if err != nil {
			return err
		}
		d.Commune = cv
		ms, err := s.meetings.OfBodies(ctx, a, cv.Bodies, 50)
		if err != nil {
			return err
		}
		today := s.st.Now().Add(-12 * time.Hour)
		for i := len(ms) - 1; i >= 0; i-- {
			if ms[i].StartsAt.After(today) && ms[i].State != model.StateCancelled {
				d.Upcoming = append(d.Upcoming, ms[i])
			}
		}
	} else {
		cs, err := s.org.Communes(ctx, a)
		if err != nil {
			return err
		}
		d.Communes = cs
		for _, c := range cs {
			if c.Org.Unit == model.UnitWard {
				d.Wards++
			} else {
				d.Villages++
			}
		}
	}
	if a.Account.PersonID != 0 {
		d.MyPosts = a.Posts
	}
	p := s.page(r, "home.title")
	p.Data = d
	s.render(w, r, http.StatusOK, "home", p)
	return nil
}

// communeView is a commune with the bodies of its current term, the
// organisations it leads and their leaders.
type communeView struct {
	Org     model.Org
	Term    *model.Term
	Bodies  []model.Body
	Led     []ledOrg
	CanEdit bool
}

type ledOrg struct {
	Org     model.Org
	Holders []model.Post
}

func (s *Server) communeView(ctx context.Context, a *auth.Actor, c *model.Org) (*communeView, error) {
	cv := &communeView{Org: *c}
	term, err := s.st.CurrentTerm(ctx, c.ID, s.org.Today())
	if err != nil && !errors.Is(err, model.ErrNotFound) {
		return nil, err
	}
	cv.Term = term
	bodies, err := s.org.Bodies(ctx, a, c.ID)
	if err != nil {
		return nil, err
	}
	for _, b := range bodies {
		if term != nil && b.TermID == term.ID {
			cv.Bodies = append(cv.Bodies, b)
		}
	}
	children, err := s.org.Children(ctx, a, c.ID)
	if err != nil {
		return nil, err
	}
	for _, o := range children {
		holders, err := s.org.HoldersIn(ctx, a, o.ID)
		if err != nil {
			return nil, err
		}
		cv.Led = append(cv.Led, ledOrg{Org: o, Holders: holders})
	}
	cv.CanEdit, err = s.org.CanEdit(ctx, a, c)
	return cv, err
}
