package web

import (
	"net/http"

	"nghisu/internal/model"
	"nghisu/internal/vntext"
)

// searchData finds people and organisations across the actor's scope,
// diacritics ignored.
type searchData struct {
	Query  string
	People []model.Person
	Orgs   map[int64]model.Org
	Posts  map[int64][]model.Post
	More   bool
	Found  []model.Org
}

// maxQuery caps a search query; longer input is cut, not refused.
const maxQuery = 200

func (s *Server) search(w http.ResponseWriter, r *http.Request) error {
	a := actorOf(r)
	ctx := r.Context()
	q := vntext.CleanLine(r.URL.Query().Get("q"))
	if rs := []rune(q); len(rs) > maxQuery {
		q = string(rs[:maxQuery])
	}
	d := searchData{Query: q, Orgs: map[int64]model.Org{}}
	if len(vntext.FoldWords(q)) > 0 {
		people, err := s.org.People(ctx, a, 0, q, pageSize+1, 0)
		if err != nil {
			return err
		}
		if len(people) > pageSize {
			people, d.More = people[:pageSize], true
		}
		d.People = people
		if d.Posts, err = s.org.PostsOf(ctx, people); err != nil {
			return err
		}
		ids := make([]int64, 0, len(people))
		seen := map[int64]bool{}
		for _, p := range people {
			if !seen[p.OrgID] {
				seen[p.OrgID] = true
				ids = append(ids, p.OrgID)
			}
		}
		if d.Orgs, err = s.org.OrgsByID(ctx, a, ids); err != nil {
			return err
		}
		if d.Found, err = s.org.SearchOrgs(ctx, a, q, 50); err != nil {
			return err
		}
	}
	p := s.page(r, "search.title")
	p.Data = d
	s.render(w, r, http.StatusOK, "search", p)
	return nil
}
