package web

import (
	"net/http"
	"strconv"

	"nghisu/internal/model"
	"nghisu/internal/opinion"
	"nghisu/internal/rules"
	"nghisu/internal/vntext"
)

// bodyData is a body's page: its members with their posts and status, the
// counts the rules care about, and the forms to change them.
type bodyData struct {
	Body      model.Body
	Members   []model.Membership
	Posts     map[int64][]model.Post
	Query     string
	History   bool
	Total     int
	VoteBase  int
	MaxSeats  int
	CanEdit   bool
	Committee int
	// Opinions are the body's written opinion requests, when the actor
	// sees them; OpenOpinions counts those still collecting answers.
	Opinions     []opinion.Summary
	SeesOpinions bool
	OpenOpinions int
	CanAsk       bool
}

func (s *Server) bodyPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := actorOf(r)
	ctx := r.Context()
	b, err := s.org.Body(ctx, a, id)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	d := bodyData{Body: *b, Query: vntext.CleanLine(q.Get("q")), History: q.Get("history") == "1"}
	all, err := s.org.Members(ctx, a, id, d.History)
	if err != nil {
		return err
	}
	var statuses []model.MemberStatus
	var people []model.Person
	for _, m := range all {
		if m.Open() {
			d.Total++
			statuses = append(statuses, m.Status)
		}
		if d.Query == "" || vntext.MatchFold(vntext.Fold(m.Person.FullName), d.Query) {
			d.Members = append(d.Members, m)
			people = append(people, *m.Person)
		}
	}
	d.VoteBase = rules.VoteBase(statuses)
	if b.Kind == model.BodyStanding {
		bch, err := s.st.BodyOfKind(ctx, b.OrgID, b.TermID, model.BodyCommittee)
		if err != nil {
			return err
		}
		d.Committee = bch.Size
		d.MaxSeats = rules.MaxStanding(bch.Size)
	}
	if d.Posts, err = s.org.PostsOf(ctx, people); err != nil {
		return err
	}
	if d.CanEdit, err = s.org.CanEdit(ctx, a, b.Org); err != nil {
		return err
	}
	if d.SeesOpinions, d.CanAsk = opinion.Sees(a, b), opinion.CanAsk(a, b); d.SeesOpinions {
		if d.Opinions, err = s.opinions.List(ctx, a, b.ID); err != nil {
			return err
		}
		for _, o := range d.Opinions {
			if o.State == model.OpinionOpen {
				d.OpenOpinions++
			}
		}
	}
	p := s.page(r, "body.title", p0(r).Enum("bodykind", b.Kind), b.Org.Name)
	p.Data = d
	s.render(w, r, http.StatusOK, "body", p)
	return nil
}

// p0 is a bare page for rendering labels before the real page exists.
func p0(r *http.Request) *Page { return &Page{Lang: langOf(r)} }

// memberForm adds a person of the commune to a body.
type memberForm struct {
	Body     model.Body
	People   []model.Person
	Statuses []model.MemberStatus
	Today    model.Date
}

func (s *Server) newMemberForm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.showMemberForm(w, r, id, nil)
}

func (s *Server) showMemberForm(w http.ResponseWriter, r *http.Request, bodyID int64, ferr error) error {
	a := actorOf(r)
	ctx := r.Context()
	b, err := s.org.Body(ctx, a, bodyID)
	if err != nil {
		return err
	}
	if err := s.org.MayEdit(ctx, a, b.Org); err != nil {
		return err
	}
	members, err := s.org.Members(ctx, a, bodyID, false)
	if err != nil {
		return err
	}
	seated := map[int64]bool{}
	for _, m := range members {
		seated[m.PersonID] = true
	}
	people, err := s.org.People(ctx, a, b.OrgID, "", 0, 0)
	if err != nil {
		return err
	}
	d := memberForm{Body: *b, Statuses: model.MemberStatuses, Today: s.org.Today()}
	for _, p := range people {
		if !seated[p.ID] {
			d.People = append(d.People, p)
		}
	}
	p := s.page(r, "memberform.title", p0(r).Enum("bodykind", b.Kind))
	p.Data = d
	return s.renderForm(w, r, "memberform", p, ferr)
}

func (s *Server) addMember(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	in := model.MembershipInput{PersonID: f.Int64("person_id"), Status: model.MemberStatus(f.Str("status")),
		StartedOn: f.Date("started_on"), Note: f.Text("note")}
	if err := f.Err(); err != nil {
		return s.showMemberForm(w, r, id, err)
	}
	if _, err := s.org.AddMember(r.Context(), actorOf(r), id, in); err != nil {
		if isFormError(err) {
			return s.showMemberForm(w, r, id, err)
		}
		return err
	}
	s.flash(r, "memberform.added")
	return redirect(w, r, "/bodies/"+strconv.FormatInt(id, 10))
}

// changeStatus and endMembership are small forms on each row of the body
// page; a problem is reported back on that page.
func (s *Server) changeStatus(w http.ResponseWriter, r *http.Request) error {
	return s.membershipAction(w, r, "body.status_changed", func(f *form, id int64) error {
		in := model.StatusChange{Status: model.MemberStatus(f.Str("status")), On: f.Date("on"), Note: f.Text("note")}
		if err := f.Err(); err != nil {
			return err
		}
		_, err := s.org.ChangeStatus(r.Context(), actorOf(r), id, in)
		return err
	})
}

func (s *Server) endMembership(w http.ResponseWriter, r *http.Request) error {
	return s.membershipAction(w, r, "body.membership_ended", func(f *form, id int64) error {
		on := f.Date("on")
		if err := f.Err(); err != nil {
			return err
		}
		return s.org.EndMembership(r.Context(), actorOf(r), id, on)
	})
}

func (s *Server) membershipAction(w http.ResponseWriter, r *http.Request, done string, do func(*form, int64) error) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	// Visibility first, so that another commune's membership answers 404
	// whatever the form holds.
	m, _, err := s.org.Membership(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	if err := do(f, id); err != nil {
		if !isFormError(err) {
			return err
		}
		s.flashError(r, err)
		return redirect(w, r, "/memberships/"+strconv.FormatInt(id, 10))
	}
	s.flash(r, done)
	return redirect(w, r, "/bodies/"+strconv.FormatInt(m.BodyID, 10))
}

// membershipData is one member's place in a body: the periods of their
// history there, and the forms to record a new status or their leaving.
type membershipData struct {
	Membership model.Membership
	Body       model.Body
	Person     model.Person
	History    []model.Membership
	Statuses   []model.MemberStatus
	Today      model.Date
	CanEdit    bool
}

func (s *Server) membershipPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := actorOf(r)
	ctx := r.Context()
	m, b, err := s.org.Membership(ctx, a, id)
	if err != nil {
		return err
	}
	person, _, err := s.org.Person(ctx, a, m.PersonID)
	if err != nil {
		return err
	}
	all, err := s.org.PersonMemberships(ctx, a, m.PersonID)
	if err != nil {
		return err
	}
	d := membershipData{Membership: *m, Body: *b, Person: *person, Statuses: model.MemberStatuses, Today: s.org.Today()}
	for _, x := range all {
		if x.BodyID == b.ID {
			d.History = append(d.History, x)
		}
	}
	if d.CanEdit, err = s.org.CanEdit(ctx, a, b.Org); err != nil {
		return err
	}
	p := s.page(r, "membership.title", person.FullName)
	p.Data = d
	s.render(w, r, http.StatusOK, "membership", p)
	return nil
}
