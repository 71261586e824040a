package api

import (
	"net/http"

	"nghisu/internal/auth"
	"nghisu/internal/search"
	"nghisu/internal/vntext"
)

// searchTable is the search box of the API: the same service, the same
// rules as the page.
func (s *Server) searchTable() []Route {
	return []Route{
		{Method: "GET", Path: "/search", Tag: "search",
			Summary: "Meetings, papers, questions and minutes the caller may see that hold every word of q " +
				"(diacritics and đ ignored, the last word also as a prefix), best first; each hit has its title and a " +
				"snippet as segments, those with hit=true matched. An empty or unsearchable q answers no hits and a " +
				"problem key, never an error",
			Out: search.Results{},
			Query: []Param{{"q", "string", "the words to find; at most 200 characters and 12 words are used"},
				{"limit", "integer", "at most 100 (default 20)"}},
			h: func(r *http.Request, a *auth.Actor) (any, error) {
				limit := intQuery(r, "limit")
				if limit <= 0 {
					limit = 20
				}
				return s.search.Search(r.Context(), a, vntext.CleanLine(r.URL.Query().Get("q")), limit)
			}},
	}
}
