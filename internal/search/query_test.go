package search

import (
	"strings"
	"testing"
)

// Whatever is typed, Parse yields plain folded words or a problem, never
// syntax for the database.
func TestSearchParse(t *testing.T) {
	cases := []struct {
		in      string
		terms   string
		prefix  bool
		problem string
		cut     bool
	}{
		{"Nghị quyết Đảng ủy", "nghi quyet dang uy", true, "", false},
		{"nghi quyet dang uy", "nghi quyet dang uy", true, "", false},
		{"Nghi\u0323 quyê\u0301t", "nghi quyet", true, "", false}, // decomposed
		{"hoà uỷ", "hoa uy", true, "", false},
		{"kỳ họp a", "ky hop a", false, "", false}, // one letter is no prefix
		{"", "", false, "search.empty", false},
		{"   \t\n ", "", false, "search.empty", false},
		{`" NEAR( OR AND * ^ : - ( ) {}`, "near or and", true, "", false},
		{`"*^:-(){}'&|!<>`, "", false, "search.unsearchable", false},
		{"\x00\x01\x1b[31m đảng\u200b ủy\x7f", "31m dang uy", true, "", false},
		{strings.Repeat("đảng ủy ", 2000), "dang uy dang uy dang uy dang uy dang uy dang uy", true, "", true},
		{strings.Repeat("x", 10000), strings.Repeat("x", 40), true, "", true},
		{"a b c d e f g h i j k l m n", "a b c d e f g h i j k l", false, "", true},
	}
	for _, c := range cases {
		q := Parse(c.in)
		if got := strings.Join(q.Terms, " "); got != c.terms || q.Prefix != c.prefix || q.Problem != c.problem || q.Cut != c.cut {
			t.Errorf("Parse(%.40q) = %q prefix %v problem %q cut %v; want %q %v %q %v",
				c.in, got, q.Prefix, q.Problem, q.Cut, c.terms, c.prefix, c.problem, c.cut)
		}
		for _, term := range q.Terms {
			if strings.ContainsAny(term, "\"'*^:-(){}&|! ") {
				t.Errorf("Parse(%.40q): term %q carries syntax", c.in, term)
			}
		}
	}
}

func segText(segs []Segment) string {
	var b strings.Builder
	for _, s := range segs {
		if s.Hit {
			b.WriteString("[" + s.Text + "]")
		} else {
			b.WriteString(s.Text)
		}
	}
	return b.String()
}

// Matches are found on the folded text and marked on the raw one: đ,
// decomposed marks and both tone placements land on the right letters.
func TestSearchSnippet(t *testing.T) {
	cases := []struct{ raw, q, want string }{
		{"Nghị quyết Đảng ủy phường", "nghi quyet dang uy", "[Nghị] [quyết] [Đảng] [ủy] phường"},
		{"Ủy ban nhân dân", "uỷ", "[Ủy] ban nhân dân"},
		{"Tổ hòa giải khu phố", "hoà", "Tổ [hòa] giải khu phố"},
		{"Đa\u0309ng u\u0309y xã", "dang uy", "[Đa\u0309ng] [u\u0309y] xã"}, // decomposed input
		{"Chuyển đổi số toàn diện", "chuyen do", "[Chuyển] [đổi] số toàn diện"},
		{"(Đảng ủy), „ủy”", "uy", "(Đảng [ủy]), „[ủy]”"},
		{"không có gì", "dang", "không có gì"},
		{"dòng 1\ndòng 2", "dong", "[dòng] 1 [dòng] 2"},
	}
	for _, c := range cases {
		q := Parse(c.q)
		if got := segText(Snippet(c.raw, &q, 200)); got != c.want {
			t.Errorf("Snippet(%q, %q) = %q, want %q", c.raw, c.q, got, c.want)
		}
	}
	// A long text is cut around the first match, on word boundaries.
	long := strings.Repeat("lời mở đầu dài ", 50) + "nghị quyết chuyển đổi số " + strings.Repeat("phần sau ", 50)
	q := Parse("chuyen doi so")
	got := segText(Snippet(long, &q, 120))
	if !strings.Contains(got, "[chuyển] [đổi] [số]") || !strings.HasPrefix(got, "…") || !strings.HasSuffix(got, "…") {
		t.Errorf("long snippet: %q", got)
	}
	if n := len([]rune(got)); n > 130 {
		t.Errorf("long snippet has %d runes: %q", n, got)
	}
	// Bytes that are not UTF-8 do not break the cut.
	if got := segText(Snippet("abc\xff\xfe đảng", &q, 10)); !strings.Contains(got, "abc") {
		t.Errorf("invalid UTF-8: %q", got)
	}
}
