package web

import (
	"net/http"

	"nghisu/internal/model"
	"nghisu/internal/search"
	"nghisu/internal/vntext"
)

// searchData finds meetings, papers and questions the actor may see, and
// people and organisations across the actor's scope, diacritics ignored.
type searchData struct {
	Query string
	// Results are the meetings, papers, questions… found; Results.Problem
	// says why nothing was searched. Cut: the query was too long.
	Results  search.Results
	Cut      bool
	MaxRunes int
	MaxTerms int
	People   []model.Person
	Orgs     map[int64]model.Org
	Posts    map[int64][]model.Post
	More     bool
	Found    []model.Org
}

// maxQuery caps a search query; longer input is cut, not refused.
const maxQuery = search.MaxQueryRunes

// searchHits is how many meetings, papers and questions a page shows.
const searchHits = 30

func (s *Server) search(w http.ResponseWriter, r *http.Request) error {
	a := actorOf(r)
	ctx := r.Context()
	q := vntext.CleanLine(r.URL.Query().Get("q"))
	cut := false
	if rs := []rune(q); len(rs) > maxQuery {
		q, cut = string(rs[:maxQuery]), true
	}
	d := searchData{Query: q, Orgs: map[int64]model.Org{}, MaxRunes: maxQuery, MaxTerms: search.MaxTerms}
	res, err := s.finder.Search(ctx, a, q, searchHits)
	if err != nil {
		return err
	}
	d.Results, d.Cut = res, cut || res.Cut
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
