package org

import (
	"context"
	"errors"
	"strings"

	"nghisu/internal/auth"
	"nghisu/internal/model"
	"nghisu/internal/store"
	"nghisu/internal/vntext"
)

// PersonPosts lists a person's posts, held and ended.
func (s *Service) PersonPosts(ctx context.Context, a *auth.Actor, personID int64) ([]model.Post, error) {
	if _, _, err := s.Person(ctx, a, personID); err != nil {
		return nil, err
	}
	return s.st.PersonPosts(ctx, personID)
}

// PostsOf returns the posts the given people hold now, keyed by person,
// highest rank first. The people come from a listing the actor may see.
func (s *Service) PostsOf(ctx context.Context, people []model.Person) (map[int64][]model.Post, error) {
	ids := make([]int64, len(people))
	for i, p := range people {
		ids[i] = p.ID
	}
	out, err := s.st.OpenPostsOfPeople(ctx, ids)
	for _, ps := range out {
		SortPosts(ps)
	}
	return out, err
}

// HoldersIn lists who holds which post now in an organisation.
func (s *Service) HoldersIn(ctx context.Context, a *auth.Actor, orgID int64) ([]model.Post, error) {
	if _, err := s.Org(ctx, a, orgID); err != nil {
		return nil, err
	}
	ps, err := s.st.OpenPostsIn(ctx, orgID)
	SortPosts(ps)
	return ps, err
}

// Communes lists the communes the actor sees with their sizes and secretary.
func (s *Service) Communes(ctx context.Context, a *auth.Actor) ([]store.CommuneSummary, error) {
	return s.st.CommuneSummaries(ctx, a.Scope.Path)
}

// SortPosts orders posts by rank: party posts first, highest first.
func SortPosts(ps []model.Post) {
	for i := 1; i < len(ps); i++ {
		for j := i; j > 0 && ps[j].Kind.Rank() < ps[j-1].Kind.Rank(); j-- {
			ps[j], ps[j-1] = ps[j-1], ps[j]
		}
	}
}

// MaxAreas caps the areas of responsibility of one post.
const MaxAreas = 20

// AddPost gives a person a post. Party posts are held in the person's
// commune and need a seat in the matching body of the current term; other
// posts are held in an organisation the commune leads (a concurrent post).
func (s *Service) AddPost(ctx context.Context, a *auth.Actor, personID int64, in model.PostInput) (*model.Post, error) {
	p, home, err := s.Person(ctx, a, personID)
	if err != nil {
		return nil, err
	}
	if err := s.MayEdit(ctx, a, home); err != nil {
		return nil, err
	}
	in.Title = vntext.CleanLine(in.Title)
	var areas []string
	for _, ar := range in.Areas {
		for _, line := range strings.Split(ar, "\n") {
			if line = vntext.CleanLine(line); line != "" {
				areas = append(areas, line)
			}
		}
	}
	v := &model.ValidationError{}
	if !in.Kind.Valid() {
		v.Add("kind", "post.kind_invalid")
	}
	where, err := s.st.Org(ctx, in.OrgID)
	if errors.Is(err, model.ErrNotFound) {
		v.Add("org_id", "post.org_invalid")
	} else if err != nil {
		return nil, err
	}
	var body *model.Body
	if where != nil && in.Kind.Valid() {
		switch {
		case in.Kind.IsParty() && where.ID != home.ID:
			v.Add("org_id", "post.party_in_commune")
		case !in.Kind.IsParty() && (where.ParentID != home.ID || where.Kind.IsParty()):
			v.Add("org_id", "post.org_led_by_commune")
		}
	}
	if in.Kind == model.PostOther && in.Title == "" {
		v.Add("title", "post.title_required")
	}
	optionalText(v, "title", in.Title, 200)
	if len(areas) > MaxAreas {
		v.Add("areas", "post.too_many_areas", MaxAreas)
	}
	for _, ar := range areas {
		if len([]rune(ar)) > 200 {
			v.Add("areas", "field.too_long", 200)
			break
		}
	}
	if in.StartedOn.IsZero() {
		v.Add("started_on", "field.required")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if in.Kind.IsParty() {
		term, err := s.st.CurrentTerm(ctx, home.ID, in.StartedOn)
		if errors.Is(err, model.ErrNotFound) {
			return nil, validation("started_on", "post.no_term")
		} else if err != nil {
			return nil, err
		}
		body, err = s.st.BodyOfKind(ctx, home.ID, term.ID, in.Kind.Body())
		if err != nil {
			return nil, err
		}
		if _, err := s.st.OpenMembership(ctx, body.ID, p.ID); errors.Is(err, model.ErrNotFound) {
			return nil, model.Refuse("post.needs_seat", p.FullName)
		} else if err != nil {
			return nil, err
		}
	}
	post := &model.Post{PersonID: p.ID, OrgID: where.ID, Kind: in.Kind, Title: in.Title, Areas: areas, StartedOn: in.StartedOn}
	if body != nil {
		post.BodyID = body.ID
	}
	if post.Areas == nil {
		post.Areas = []string{}
	}
	err = s.st.InTx(ctx, func(st *store.Store) error {
		if err := st.AddPost(ctx, post); err != nil {
			if errors.Is(err, model.ErrConflict) {
				if in.Kind.Single() {
					return model.Refuse("post.single_taken", where.Name)
				}
				return model.Refuse("post.duplicate", p.FullName)
			}
			return err
		}
		return st.Audit(ctx, a.Audit("post.add", "post", post.ID, home.ID,
			p.FullName+": "+string(post.Kind)+" @ "+where.Name))
	})
	if err != nil {
		return nil, err
	}
	post.Org = where
	return post, nil
}

// Post reads a post and the holder's commune, if the actor sees them.
func (s *Service) Post(ctx context.Context, a *auth.Actor, postID int64) (*model.Post, *model.Org, error) {
	post, err := s.st.Post(ctx, postID)
	if err != nil {
		return nil, nil, err
	}
	_, home, err := s.Person(ctx, a, post.PersonID)
	if err != nil {
		return nil, nil, err
	}
	return post, home, nil
}

// EndPost records the day a post ended; it must not precede the start.
func (s *Service) EndPost(ctx context.Context, a *auth.Actor, postID int64, in model.PostEnd) (*model.Post, error) {
	post, home, err := s.Post(ctx, a, postID)
	if err != nil {
		return nil, err
	}
	if err := s.MayEdit(ctx, a, home); err != nil {
		return nil, err
	}
	if !post.Open() {
		return nil, model.Refuse("post.ended")
	}
	switch {
	case in.On.IsZero():
		return nil, validation("on", "field.required")
	case in.On.Before(post.StartedOn):
		return nil, validation("on", "post.end_before_start")
	}
	err = s.st.InTx(ctx, func(st *store.Store) error {
		if err := st.EndPost(ctx, post.ID, in.On); err != nil {
			if errors.Is(err, model.ErrNotFound) {
				return model.Refuse("post.ended")
			}
			return err
		}
		return st.Audit(ctx, a.Audit("post.end", "post", post.ID, home.ID, "on "+in.On.String()))
	})
	if err != nil {
		return nil, err
	}
	post.EndedOn = in.On
	return post, nil
}
