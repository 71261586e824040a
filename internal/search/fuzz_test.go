package search

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

var querySeeds = []string{
	"", "đảng", "Nghị quyết 05-NQ/ĐU", `"phrase" NEAR(a b) OR x AND y NOT z`, "a* ^b c:d -e +f (g) {h}",
	"' OR 1=1 --", "col:val & !x | y <-> z", "\x00\xff\xfe", "Hoà hòa HOÀ", "ư ơ đ Đ", "１２３ ｆｕｌｌ",
	strings.Repeat("đảng ", 300), strings.Repeat("x", 500), "e\u0302\u0301", "한국어 Москва",
}

// Whatever is typed, the query is plain folded words: letters and digits,
// lower case, no operator of FTS5 or to_tsquery, within the limits; and
// either there are words or the reason why not.
func FuzzParse(f *testing.F) {
	for _, s := range querySeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q := Parse(s)
		if !utf8.ValidString(q.Text) || utf8.RuneCountInString(q.Text) > MaxQueryRunes {
			t.Fatalf("Parse(%+q).Text = %+q", s, q.Text)
		}
		if len(q.Terms) > MaxTerms || (len(q.Terms) == 0) == (q.Problem == "") {
			t.Fatalf("Parse(%+q): %d terms, problem %q", s, len(q.Terms), q.Problem)
		}
		for _, w := range q.Terms {
			if w == "" || utf8.RuneCountInString(w) > maxTermRunes || !utf8.ValidString(w) {
				t.Fatalf("Parse(%+q): term %+q", s, w)
			}
			for _, r := range w {
				if !(unicode.IsLetter(r) || unicode.IsDigit(r)) || unicode.ToLower(r) != r {
					t.Fatalf("Parse(%+q): term %+q holds %U", s, w, r)
				}
			}
		}
		if again := Parse(strings.Join(q.Terms, " ")); len(q.Terms) > 0 && strings.Join(again.Terms, " ") != strings.Join(q.Terms, " ") {
			t.Fatalf("Parse(%+q) = %q, parsed again %q", s, q.Terms, again.Terms)
		}
	})
}

// A snippet never panics, is a piece of the text (line breaks made
// spaces), and marks only words the query matches.
func FuzzSnippet(f *testing.F) {
	for _, s := range querySeeds {
		f.Add("Đảng ủy phường Mỹ Tho họp thường kỳ tháng 3.\nNghị quyết 05-NQ/ĐU "+s, s, 40)
	}
	flat := func(s string) string {
		return strings.Map(func(r rune) rune {
			if r == '\n' || r == '\r' || r == '\t' {
				return ' '
			}
			return r
		}, s)
	}
	f.Fuzz(func(t *testing.T, raw, query string, width int) {
		width = 1 + (width%1000+1000)%1000
		q := Parse(query)
		segs := Snippet(raw, &q, width)
		var b strings.Builder
		for _, sg := range segs {
			b.WriteString(sg.Text)
			if !sg.Hit {
				continue
			}
			for _, w := range words(sg.Text) {
				if !q.matches(w.folded) {
					t.Fatalf("Snippet(%+q, %+q): marked %+q", raw, query, sg.Text)
				}
			}
		}
		got := strings.TrimSuffix(strings.TrimPrefix(b.String(), "…"), "…")
		if !strings.Contains(flat(raw), got) {
			t.Fatalf("Snippet(%+q, %+q) = %+q is not a piece of the text", raw, query, got)
		}
	})
}
