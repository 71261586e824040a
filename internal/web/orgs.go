package web

import (
	"net/http"
	"strconv"

	"nghisu/internal/model"
	"nghisu/internal/org"
	"nghisu/internal/store"
	"nghisu/internal/vntext"
)

// treeData is the list of communes (province accounts) or the commune and
// the organisations it leads (commune accounts).
type treeData struct {
	Scope    model.Org
	Communes []store.CommuneSummary
	Query    string
	Unit     string
	Commune  *communeView
	CanAdd   bool
}

func (s *Server) tree(w http.ResponseWriter, r *http.Request) error {
	a := actorOf(r)
	ctx := r.Context()
	d := treeData{Scope: a.Scope, Query: vntext.CleanLine(r.URL.Query().Get("q")), Unit: r.URL.Query().Get("unit"),
		CanAdd: a.CanManageAccounts(&a.Scope)}
	if a.Scope.Kind == model.OrgCommune {
		cv, err := s.communeView(ctx, a, &a.Scope)
		if err != nil {
			return err
		}
		d.Commune = cv
	} else {
		all, err := s.org.Communes(ctx, a)
		if err != nil {
			return err
		}
		for _, c := range all {
			if d.Unit != "" && string(c.Org.Unit) != d.Unit {
				continue
			}
			if d.Query != "" && !vntext.MatchFold(vntext.Fold(c.Org.Name+" "+c.Secretary), d.Query) {
				continue
			}
			d.Communes = append(d.Communes, c)
		}
	}
	p := s.page(r, "tree.title")
	p.Data = d
	s.render(w, r, http.StatusOK, "tree", p)
	return nil
}

// orgData is an organisation's page.
type orgData struct {
	Org       model.Org
	Ancestors []model.Org
	Commune   *communeView
	// Holders are the posts held in an organisation the commune leads.
	Holders []model.Post
	People  *peopleList
	// Province pages list their communes.
	Communes []store.CommuneSummary
	CanAdd   bool
}

// peopleList is a searchable list of people with their posts.
type peopleList struct {
	OrgID   int64
	Query   string
	People  []model.Person
	Posts   map[int64][]model.Post
	More    bool
	CanEdit bool
}

func (s *Server) orgPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := actorOf(r)
	ctx := r.Context()
	o, err := s.org.Org(ctx, a, id)
	if err != nil {
		return err
	}
	d := orgData{Org: *o, CanAdd: a.CanManageAccounts(o)}
	if d.Ancestors, err = s.org.Ancestors(ctx, a, o); err != nil {
		return err
	}
	switch o.Kind {
	case model.OrgCommune:
		if d.Commune, err = s.communeView(ctx, a, o); err != nil {
			return err
		}
		if d.People, err = s.peopleList(r, o.ID, d.Commune.CanEdit); err != nil {
			return err
		}
	case model.OrgProvince:
		if d.Communes, err = s.org.Communes(ctx, a); err != nil {
			return err
		}
	default:
		if d.Holders, err = s.org.HoldersIn(ctx, a, o.ID); err != nil {
			return err
		}
	}
	p := s.page(r, "org.title", o.Name)
	p.Title = o.Name
	p.Data = d
	s.render(w, r, http.StatusOK, "org", p)
	return nil
}

// pageSize is how many people one listing shows before "more".
const pageSize = 100

// peopleList reads the people of an organisation matching ?q=.
func (s *Server) peopleList(r *http.Request, orgID int64, canEdit bool) (*peopleList, error) {
	a := actorOf(r)
	q := vntext.CleanLine(r.URL.Query().Get("q"))
	people, err := s.org.People(r.Context(), a, orgID, q, pageSize+1, 0)
	if err != nil {
		return nil, err
	}
	l := &peopleList{OrgID: orgID, Query: q, CanEdit: canEdit}
	if len(people) > pageSize {
		people, l.More = people[:pageSize], true
	}
	l.People = people
	l.Posts, err = s.org.PostsOf(r.Context(), people)
	return l, err
}

// orgForm is the form to add an organisation under a parent.
type orgForm struct {
	Parent model.Org
	Kinds  []model.OrgKind
}

func (s *Server) newOrgForm(w http.ResponseWriter, r *http.Request) error {
	parentID, _ := strconv.ParseInt(r.URL.Query().Get("parent"), 10, 64)
	return s.showOrgForm(w, r, parentID, nil)
}

func (s *Server) showOrgForm(w http.ResponseWriter, r *http.Request, parentID int64, ferr error) error {
	a := actorOf(r)
	parent, err := s.org.Org(r.Context(), a, parentID)
	if err != nil {
		return err
	}
	if !a.CanManageAccounts(parent) {
		return model.Deny("org.not_admin")
	}
	p := s.page(r, "orgform.title")
	d := orgForm{Parent: *parent}
	if parent.Kind == model.OrgProvince {
		d.Kinds = []model.OrgKind{model.OrgCommune}
	} else {
		d.Kinds = model.LedKinds
	}
	p.Data = d
	return s.renderForm(w, r, "orgform", p, ferr)
}

func (s *Server) createOrg(w http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	in := org.OrgInput{
		ParentID: f.Int64("parent_id"), Kind: model.OrgKind(f.Str("kind")), Unit: model.Unit(f.Str("unit")),
		Name: f.Str("name"), Place: f.Str("place"), TermName: f.Str("term_name"), TermStarts: f.Date("term_starts_on"),
	}
	if err := f.Err(); err != nil {
		return s.showOrgForm(w, r, in.ParentID, err)
	}
	o, err := s.org.CreateOrg(r.Context(), actorOf(r), in)
	if err != nil {
		if isFormError(err) {
			return s.showOrgForm(w, r, in.ParentID, err)
		}
		return err
	}
	s.flash(r, "orgform.created", o.Name)
	return redirect(w, r, "/orgs/"+strconv.FormatInt(o.ID, 10))
}
