package search

import (
	"strings"
	"unicode/utf8"

	"nghisu/internal/vntext"
)

// Segment is a piece of a snippet; Hit marks the words that matched. The
// templates escape each piece: no HTML is ever built from stored text.
type Segment struct {
	Text string `json:"text"`
	Hit  bool   `json:"hit,omitempty"`
}

// word is one search word of a raw text: its bytes [start, end) in the raw
// text and its folded form.
type word struct {
	start, end int
	folded     string
}

// words splits raw into its search words the way vntext.SearchKey does,
// remembering where each lies in raw. Fold works rune by rune, so a word's
// folded form is the fold of its runes; a rune that folds to nothing (a
// combining mark of decomposed input, a zero-width character) stays inside
// the word it follows.
func words(raw string) []word {
	var out []word
	var cur strings.Builder
	start, end := -1, 0
	flush := func() {
		if start >= 0 {
			out = append(out, word{start: start, end: end, folded: cur.String()})
			cur.Reset()
			start = -1
		}
	}
	for i, r := range raw {
		size := utf8.RuneLen(r)
		if r == utf8.RuneError {
			size = 1
		}
		var f string
		switch {
		case r < utf8.RuneSelf:
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			f = string(r)
		default:
			f = vntext.Fold(string(r))
		}
		if f == "" {
			if start >= 0 {
				end = i + size
			}
			continue
		}
		for _, fr := range f {
			if !vntext.IsWordRune(fr) {
				flush()
				continue
			}
			if start < 0 {
				start = i
			}
			cur.WriteRune(fr)
			end = i + size
		}
	}
	flush()
	return out
}

// matches reports whether a folded word is one of the terms searched for
// (the last one also as a prefix).
func (q *Query) matches(w string) bool {
	for i, t := range q.Terms {
		if w == t || q.Prefix && i == len(q.Terms)-1 && strings.HasPrefix(w, t) {
			return true
		}
	}
	return false
}

// Snippet cuts about width runes of raw around the first word matching q,
// with every matching word in it marked. Without a match it is the start of
// raw. The pieces have their line breaks made spaces.
func Snippet(raw string, q *Query, width int) []Segment {
	if raw == "" {
		return nil
	}
	ws := words(raw)
	first := -1
	for i, w := range ws {
		if q.matches(w.folded) {
			first = i
			break
		}
	}
	// The window: from a few words before the first match, about width
	// runes, on word boundaries.
	from, to := 0, len(raw)
	if first > 0 {
		lead := width / 4
		j := first
		for j > 0 && utf8.RuneCountInString(raw[ws[j-1].start:ws[first].start]) <= lead {
			j--
		}
		if j > 0 {
			from = ws[j].start
		}
	}
	if utf8.RuneCountInString(raw[from:]) > width {
		to = from
		for _, w := range ws {
			if w.start < from {
				continue
			}
			if utf8.RuneCountInString(raw[from:w.end]) > width && to > from {
				break
			}
			to = w.end
		}
		if to == from { // one enormous word
			to = from + len(string([]rune(raw[from:])[:width]))
		}
	}
	var segs []Segment
	add := func(s string, hit bool) {
		if s == "" {
			return
		}
		s = strings.Map(func(r rune) rune {
			if r == '\n' || r == '\r' || r == '\t' {
				return ' '
			}
			return r
		}, s)
		if n := len(segs); n > 0 && segs[n-1].Hit == hit {
			segs[n-1].Text += s
			return
		}
		segs = append(segs, Segment{Text: s, Hit: hit})
	}
	if from > 0 {
		add("…", false)
	}
	pos := from
	for _, w := range ws {
		if w.start < from || w.end > to {
			continue
		}
		if q.matches(w.folded) {
			add(raw[pos:w.start], false)
			add(raw[w.start:w.end], true)
			pos = w.end
		}
	}
	add(raw[pos:to], false)
	if to < len(raw) {
		add("…", false)
	}
	return segs
}
