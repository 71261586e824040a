package vntext

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// SearchKey is the text the search index holds for s: Fold(s) with every
// run of characters that are not letters or digits made one space, so that
// SQLite's FTS5 and PostgreSQL's text parser see the same plain words.
func SearchKey(s string) string {
	f := Fold(s)
	var b strings.Builder
	b.Grow(len(f))
	space := false
	for _, r := range f {
		if !IsWordRune(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// SearchWords splits s into the words of its SearchKey.
func SearchWords(s string) []string {
	return strings.Fields(SearchKey(s))
}

// IsWordRune reports whether r belongs to a search word: a letter or a digit.
func IsWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || '0' <= r && r <= '9' || 'A' <= r && r <= 'Z'
	}
	return unicode.IsLetter(r) || unicode.IsNumber(r)
}
