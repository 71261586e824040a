package search

import (
	"unicode/utf8"

	"nghisu/internal/vntext"
)

// Limits on what a query may ask; longer input is cut, not refused.
const (
	// MaxQueryRunes caps the query as typed.
	MaxQueryRunes = 200
	// MaxTerms caps the words searched for: more only slow the search down
	// without narrowing it usefully.
	MaxTerms = 12
	// maxTermRunes caps one word; no Vietnamese word is near it.
	maxTermRunes = 40
	// minPrefixRunes is the shortest last word searched as a prefix: one
	// letter would match most of the index.
	minPrefixRunes = 2
)

// Query is a search as understood: the folded words to find, and why
// nothing can be searched when that is so.
type Query struct {
	// Text is the query as used (cleaned, cut to MaxQueryRunes).
	Text string
	// Terms are folded words of letters and digits only: no operator of
	// FTS5 or to_tsquery can be among them.
	Terms []string
	// Prefix lets the last term match the start of a word, for a word
	// still being typed.
	Prefix bool
	// Cut is set when the query or its words were longer than allowed.
	Cut bool
	// Problem is the catalog key telling the user why nothing was searched
	// ("" when Terms is not empty).
	Problem string
}

// Parse turns what the user typed into a Query: cleaned, folded (đ→d,
// without diacritics, both tone placements the same), split into words,
// everything else dropped.
func Parse(s string) Query {
	s = vntext.CleanLine(s)
	q := Query{Text: s}
	if utf8.RuneCountInString(s) > MaxQueryRunes {
		q.Text, q.Cut = string([]rune(s)[:MaxQueryRunes]), true
	}
	if q.Text == "" {
		q.Problem = "search.empty"
		return q
	}
	for _, w := range vntext.SearchWords(q.Text) {
		if len(q.Terms) == MaxTerms {
			q.Cut = true
			break
		}
		if utf8.RuneCountInString(w) > maxTermRunes {
			w, q.Cut = string([]rune(w)[:maxTermRunes]), true
		}
		q.Terms = append(q.Terms, w)
	}
	if len(q.Terms) == 0 {
		q.Problem = "search.unsearchable"
		return q
	}
	q.Prefix = utf8.RuneCountInString(q.Terms[len(q.Terms)-1]) >= minPrefixRunes
	return q
}
