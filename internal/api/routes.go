package api

import (
	"net/http"

	"nghisu/internal/auth"
	"nghisu/internal/model"
	"nghisu/internal/org"
)

// Me is the signed-in account with its scope.
type Me struct {
	Account  model.Account `json:"account"`
	Scope    model.Org     `json:"scope"`
	Posts    []model.Post  `json:"posts"`
	Standing bool          `json:"standing_committee_member"`
}

// Ended is the reply to ending a membership.
type Ended struct {
	OK bool `json:"ok"`
}

// EndInput ends a membership on a day.
type EndInput struct {
	On model.Date `json:"on"`
}

func (s *Server) table() []Route {
	q := []Param{{"q", "string", "words of the name, diacritics ignored"},
		{"limit", "integer", "at most 200"}, {"offset", "integer", ""}}
	return []Route{
		{Method: "GET", Path: "/me", Tag: "accounts", Summary: "The signed-in account, its scope and posts", Out: Me{},
			h: func(r *http.Request, a *auth.Actor) (any, error) {
				return Me{Account: a.Account, Scope: a.Scope, Posts: nonNil(a.Posts), Standing: a.Standing}, nil
			}},
		{Method: "GET", Path: "/orgs", Tag: "organisations", Summary: "Every organisation in the caller's scope", Out: []model.Org{},
			h: func(r *http.Request, a *auth.Actor) (any, error) { return list(s.org.Tree(r.Context(), a)) }},
		{Method: "POST", Path: "/orgs", Tag: "organisations", Summary: "Add a commune or an organisation a commune leads (administrators)",
			In: org.OrgInput{}, Out: model.Org{}, Status: http.StatusCreated,
			h: func(r *http.Request, a *auth.Actor) (any, error) {
				in, err := decode[org.OrgInput](r)
				if err != nil {
					return nil, err
				}
				return s.org.CreateOrg(r.Context(), a, in)
			}},
		{Method: "GET", Path: "/orgs/{id}", Tag: "organisations", Summary: "One organisation", Out: model.Org{},
			h: byID(func(r *http.Request, a *auth.Actor, n int64) (any, error) {
				return s.org.Org(r.Context(), a, n)
			})},
		{Method: "GET", Path: "/orgs/{id}/children", Tag: "organisations", Summary: "The organisations directly under one", Out: []model.Org{},
			h: byID(func(r *http.Request, a *auth.Actor, n int64) (any, error) {
				return list(s.org.Children(r.Context(), a, n))
			})},
		{Method: "GET", Path: "/orgs/{id}/bodies", Tag: "bodies", Summary: "An organisation's bodies (BCH, BTV, UBKT) by term", Out: []model.Body{},
			h: byID(func(r *http.Request, a *auth.Actor, n int64) (any, error) {
				return list(s.org.Bodies(r.Context(), a, n))
			})},
		{Method: "GET", Path: "/orgs/{id}/people", Tag: "people", Summary: "An organisation's people, sorted the Vietnamese way", Out: []model.Person{}, Query: q,
			h: byID(func(r *http.Request, a *auth.Actor, n int64) (any, error) {
				return list(s.org.People(r.Context(), a, n, r.URL.Query().Get("q"), intQuery(r, "limit"), intQuery(r, "offset")))
			})},
		{Method: "POST", Path: "/orgs/{id}/people", Tag: "people", Summary: "Add a person to a commune's records",
			In: model.PersonInput{}, Out: model.Person{}, Status: http.StatusCreated,
			h: withBody(s.seeOrg, func(r *http.Request, a *auth.Actor, n int64, in model.PersonInput) (any, error) {
				return s.org.CreatePerson(r.Context(), a, n, in)
			})},
		{Method: "GET", Path: "/people", Tag: "people", Summary: "Search people across the caller's scope", Out: []model.Person{}, Query: q,
			h: func(r *http.Request, a *auth.Actor) (any, error) {
				return list(s.org.People(r.Context(), a, 0, r.URL.Query().Get("q"), intQuery(r, "limit"), intQuery(r, "offset")))
			}},
		{Method: "GET", Path: "/people/{id}", Tag: "people", Summary: "One person", Out: model.Person{},
			h: byID(func(r *http.Request, a *auth.Actor, n int64) (any, error) {
				p, _, err := s.org.Person(r.Context(), a, n)
				return p, err
			})},
		{Method: "PUT", Path: "/people/{id}", Tag: "people", Summary: "Change a person; version must be the one read (409 if changed since)",
			In: model.PersonInput{}, Out: model.Person{},
			h: withBody(s.seePerson, func(r *http.Request, a *auth.Actor, n int64, in model.PersonInput) (any, error) {
				return s.org.UpdatePerson(r.Context(), a, n, in)
			})},
		{Method: "GET", Path: "/people/{id}/memberships", Tag: "memberships", Summary: "A person's membership periods", Out: []model.Membership{},
			h: byID(func(r *http.Request, a *auth.Actor, n int64) (any, error) {
				return list(s.org.PersonMemberships(r.Context(), a, n))
			})},
		{Method: "GET", Path: "/people/{id}/posts", Tag: "posts", Summary: "A person's posts, held and ended", Out: []model.Post{},
			h: byID(func(r *http.Request, a *auth.Actor, n int64) (any, error) {
				return list(s.org.PersonPosts(r.Context(), a, n))
			})},
		{Method: "POST", Path: "/people/{id}/posts", Tag: "posts", Summary: "Give a person a post",
			In: model.PostInput{}, Out: model.Post{}, Status: http.StatusCreated,
			h: withBody(s.seePerson, func(r *http.Request, a *auth.Actor, n int64, in model.PostInput) (any, error) {
				return s.org.AddPost(r.Context(), a, n, in)
			})},
		{Method: "POST", Path: "/posts/{id}/end", Tag: "posts", Summary: "End a post on a day", In: model.PostEnd{}, Out: model.Post{},
			h: withBody(s.seePost, func(r *http.Request, a *auth.Actor, n int64, in model.PostEnd) (any, error) {
				return s.org.EndPost(r.Context(), a, n, in)
			})},
		{Method: "GET", Path: "/bodies/{id}", Tag: "bodies", Summary: "One body with its term and size", Out: model.Body{},
			h: byID(func(r *http.Request, a *auth.Actor, n int64) (any, error) {
				return s.org.Body(r.Context(), a, n)
			})},
		{Method: "GET", Path: "/bodies/{id}/members", Tag: "memberships", Summary: "A body's members; history=true adds ended periods",
			Out: []model.Membership{}, Query: []Param{{"history", "boolean", "include ended periods"}},
			h: byID(func(r *http.Request, a *auth.Actor, n int64) (any, error) {
				return list(s.org.Members(r.Context(), a, n, r.URL.Query().Get("history") == "true"))
			})},
		{Method: "POST", Path: "/bodies/{id}/members", Tag: "memberships", Summary: "Add a person of the commune to a body",
			In: model.MembershipInput{}, Out: model.Membership{}, Status: http.StatusCreated,
			h: withBody(s.seeBody, func(r *http.Request, a *auth.Actor, n int64, in model.MembershipInput) (any, error) {
				return s.org.AddMember(r.Context(), a, n, in)
			})},
		{Method: "POST", Path: "/memberships/{id}/status", Tag: "memberships", Summary: "Record a new status from a day on (opens a new period)",
			In: model.StatusChange{}, Out: model.Membership{}, Status: http.StatusCreated,
			h: withBody(s.seeMembership, func(r *http.Request, a *auth.Actor, n int64, in model.StatusChange) (any, error) {
				return s.org.ChangeStatus(r.Context(), a, n, in)
			})},
		{Method: "POST", Path: "/memberships/{id}/end", Tag: "memberships", Summary: "Record that a member left the body on a day",
			In: EndInput{}, Out: Ended{},
			h: withBody(s.seeMembership, func(r *http.Request, a *auth.Actor, n int64, in EndInput) (any, error) {
				if err := s.org.EndMembership(r.Context(), a, n, in.On); err != nil {
					return nil, err
				}
				return Ended{OK: true}, nil
			})},
	}
}

// list turns a nil slice into an empty one, so that JSON says [] not null.
func list[T any](v []T, err error) (any, error) {
	if err != nil {
		return nil, err
	}
	return nonNil(v), nil
}

func nonNil[T any](v []T) []T {
	if v == nil {
		return []T{}
	}
	return v
}

// handler is what a route runs: the caller is known.
type handler = func(r *http.Request, a *auth.Actor) (any, error)

// byID adapts a handler of the path's {id}.
func byID(fn func(r *http.Request, a *auth.Actor, n int64) (any, error)) handler {
	return func(r *http.Request, a *auth.Actor) (any, error) {
		n, err := id(r, "id")
		if err != nil {
			return nil, err
		}
		return fn(r, a, n)
	}
}

// withBody adapts a handler of the path's {id} and a JSON body. see runs
// before the body is read, so that another organisation's object answers
// 404 whatever the body holds.
func withBody[T any](see func(r *http.Request, a *auth.Actor, n int64) error, fn func(r *http.Request, a *auth.Actor, n int64, in T) (any, error)) handler {
	return func(r *http.Request, a *auth.Actor) (any, error) {
		n, err := id(r, "id")
		if err != nil {
			return nil, err
		}
		if err := see(r, a, n); err != nil {
			return nil, err
		}
		in, err := decode[T](r)
		if err != nil {
			return nil, err
		}
		return fn(r, a, n, in)
	}
}

func (s *Server) seeOrg(r *http.Request, a *auth.Actor, n int64) error {
	_, err := s.org.Org(r.Context(), a, n)
	return err
}

func (s *Server) seePerson(r *http.Request, a *auth.Actor, n int64) error {
	_, _, err := s.org.Person(r.Context(), a, n)
	return err
}

func (s *Server) seeBody(r *http.Request, a *auth.Actor, n int64) error {
	_, err := s.org.Body(r.Context(), a, n)
	return err
}

func (s *Server) seeMembership(r *http.Request, a *auth.Actor, n int64) error {
	_, _, err := s.org.Membership(r.Context(), a, n)
	return err
}

func (s *Server) seePost(r *http.Request, a *auth.Actor, n int64) error {
	_, _, err := s.org.Post(r.Context(), a, n)
	return err
}
