package web

import (
	"net/http"
	"strconv"

	"nghisu/internal/model"
)

// personData is a person's page: details, posts held now (several mean
// concurrent posts), past posts, and membership history.
type personData struct {
	Person      model.Person
	Org         model.Org
	OpenPosts   []model.Post
	PastPosts   []model.Post
	Memberships []model.Membership
	Concurrent  bool
	CanEdit     bool
	Account     *model.Account
	Today       model.Date
}

func (s *Server) personPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := actorOf(r)
	ctx := r.Context()
	person, o, err := s.org.Person(ctx, a, id)
	if err != nil {
		return err
	}
	d := personData{Person: *person, Org: *o, Today: s.org.Today()}
	posts, err := s.org.PersonPosts(ctx, a, id)
	if err != nil {
		return err
	}
	orgs := map[int64]bool{}
	for _, p := range posts {
		if p.Open() {
			d.OpenPosts = append(d.OpenPosts, p)
			orgs[p.OrgID] = true
		} else {
			d.PastPosts = append(d.PastPosts, p)
		}
	}
	// Kiêm nhiệm: posts held at once in more than one organisation, the
	// party committee and the UBND, say.
	d.Concurrent = len(orgs) > 1
	if d.Memberships, err = s.org.PersonMemberships(ctx, a, id); err != nil {
		return err
	}
	if d.CanEdit, err = s.org.CanEdit(ctx, a, o); err != nil {
		return err
	}
	if a.CanManageAccounts(o) {
		if acc, err := s.st.AccountByPerson(ctx, id); err == nil {
			d.Account = acc
		}
	}
	p := s.page(r, "person.title")
	p.Title = person.FullName
	p.Data = d
	s.render(w, r, http.StatusOK, "person", p)
	return nil
}

// personForm adds or edits a person.
type personForm struct {
	Org    model.Org
	Person *model.Person
}

func (s *Server) newPersonForm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.showPersonForm(w, r, id, nil, nil)
}

func (s *Server) editPersonForm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	person, _, err := s.org.Person(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	return s.showPersonForm(w, r, person.OrgID, person, nil)
}

func (s *Server) showPersonForm(w http.ResponseWriter, r *http.Request, orgID int64, person *model.Person, ferr error) error {
	a := actorOf(r)
	o, err := s.org.Org(r.Context(), a, orgID)
	if err != nil {
		return err
	}
	if err := s.org.MayEdit(r.Context(), a, o); err != nil {
		return err
	}
	title := "personform.new"
	if person != nil {
		title = "personform.edit"
	}
	p := s.page(r, title)
	p.Data = personForm{Org: *o, Person: person}
	return s.renderForm(w, r, "personform", p, ferr)
}

func personInput(f *form) model.PersonInput {
	return model.PersonInput{
		FullName: f.Str("full_name"), Gender: model.Gender(f.Str("gender")), BirthDate: f.Date("birth_date"),
		PartyJoined: f.Date("party_joined_on"), Phone: f.Str("phone"), Email: f.Str("email"),
		Version: int(f.Int64("version")),
	}
}

func (s *Server) createPerson(w http.ResponseWriter, r *http.Request) error {
	orgID, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	in := personInput(f)
	if err := f.Err(); err != nil {
		return s.showPersonForm(w, r, orgID, nil, err)
	}
	person, err := s.org.CreatePerson(r.Context(), actorOf(r), orgID, in)
	if err != nil {
		if isFormError(err) {
			return s.showPersonForm(w, r, orgID, nil, err)
		}
		return err
	}
	s.flash(r, "personform.created", person.FullName)
	return redirect(w, r, "/people/"+strconv.FormatInt(person.ID, 10))
}

func (s *Server) updatePerson(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := actorOf(r)
	current, _, err := s.org.Person(r.Context(), a, id)
	if err != nil {
		return err
	}
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	in := personInput(f)
	if err := f.Err(); err != nil {
		return s.showPersonForm(w, r, current.OrgID, current, err)
	}
	person, err := s.org.UpdatePerson(r.Context(), a, id, in)
	if err != nil {
		if isFormError(err) {
			// On a stale version the form shows the record as it is now
			// next to what the editor typed.
			if fresh, _, ferr := s.org.Person(r.Context(), a, id); ferr == nil {
				current = fresh
			}
			return s.showPersonForm(w, r, current.OrgID, current, err)
		}
		return err
	}
	s.flash(r, "personform.saved")
	return redirect(w, r, "/people/"+strconv.FormatInt(person.ID, 10))
}
