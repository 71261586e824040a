package web

import (
	"net/http"
	"strconv"

	"nghisu/internal/model"
)

// postForm gives a person a post in the commune or in an organisation the
// commune leads.
type postForm struct {
	Person     model.Person
	Commune    model.Org
	Led        []model.Org
	PartyKinds []model.PostKind
	OrgKinds   []model.PostKind
	Today      model.Date
}

func (s *Server) newPostForm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.showPostForm(w, r, id, nil)
}

func (s *Server) showPostForm(w http.ResponseWriter, r *http.Request, personID int64, ferr error) error {
	a := actorOf(r)
	ctx := r.Context()
	person, home, err := s.org.Person(ctx, a, personID)
	if err != nil {
		return err
	}
	if err := s.org.MayEdit(ctx, a, home); err != nil {
		return err
	}
	led, err := s.org.Children(ctx, a, home.ID)
	if err != nil {
		return err
	}
	p := s.page(r, "postform.title")
	p.Data = postForm{Person: *person, Commune: *home, Led: led, PartyKinds: model.PartyPostKinds,
		OrgKinds: model.OrgPostKinds, Today: s.org.Today()}
	return s.renderForm(w, r, "postform", p, ferr)
}

func (s *Server) addPost(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	in := model.PostInput{OrgID: f.Int64("org_id"), Kind: model.PostKind(f.Str("kind")), Title: f.Str("title"),
		Areas: f.Lines("areas"), StartedOn: f.Date("started_on")}
	if err := f.Err(); err != nil {
		return s.showPostForm(w, r, id, err)
	}
	if _, err := s.org.AddPost(r.Context(), actorOf(r), id, in); err != nil {
		if isFormError(err) {
			return s.showPostForm(w, r, id, err)
		}
		return err
	}
	s.flash(r, "postform.added")
	return redirect(w, r, "/people/"+strconv.FormatInt(id, 10))
}

func (s *Server) endPost(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := actorOf(r)
	post, _, err := s.org.Post(r.Context(), a, id)
	if err != nil {
		return err
	}
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	back := "/people/" + strconv.FormatInt(post.PersonID, 10)
	end := model.PostEnd{On: f.Date("on")}
	err = f.Err()
	if err == nil {
		_, err = s.org.EndPost(r.Context(), a, id, end)
	}
	if err != nil {
		if !isFormError(err) {
			return err
		}
		s.flashError(r, err)
		return redirect(w, r, back)
	}
	s.flash(r, "person.post_ended")
	return redirect(w, r, back)
}
