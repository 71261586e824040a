package textdiff

import (
	"slices"
	"strings"
	"testing"

	"nghisu/internal/vntext"
)

// FuzzDiff checks the invariants of Paragraphs, Diff and Words on arbitrary
// input: both versions are reconstructed in order from the entries, the
// paragraph numbers run 1, 2, … on each side, word spans rebuild both texts.
// Run: go test -run '^$' -fuzz FuzzDiff -fuzztime 20s ./internal/textdiff
func FuzzDiff(f *testing.F) {
	seeds := [][2]string{
		{"", ""},
		{"a", ""},
		{"", "a\n\nb"},
		{pA + "\n\n" + pB + "\n\n" + pC, pA + "\n\n" + strings.Replace(pB, "toàn diện", "toàn diện hơn", 1) + "\n\n" + pC},
		{pA + "\n\n" + pB + "\n\n" + pC, pC + "\n\n" + pA + "\n\n" + pB},
		{pA + "\n\n" + pB, pX + "\n\n" + pY},
		{"a b c\n\nd e f\n\ng h", "a b x\n\ny\n\nd e f g\n\ng h"},
		{"Nghị quyết\n\nĐiều 1.\nNội dung", "Nghi\u0323 quye\u0302\u0301t\n \nĐiều 1.\r\nNội dung mới"},
		{"x|y|x|y", "y|x|y|x|"},
		{"a  b\tc\n d", "a b  c\nd"},
		{"\xff\xfe a\u0301\n\n\u0301", "\u00a0\n\ne\x00\u0301"},
	}
	for _, s := range seeds {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		po, pn := Paragraphs(a), Paragraphs(b)
		checkParagraphs(t, po)
		checkParagraphs(t, pn)
		checkDiff(t, Diff(po, pn), po, pn)
		// Raw pieces: empty, unnormalised, with blank lines inside.
		ro, rn := strings.Split(a, "|"), strings.Split(b, "|")
		checkDiff(t, Diff(ro, rn), ro, rn)
		checkDiff(t, Diff(ro, ro), ro, ro)
		checkWords(t, Words(a, b), a, b)
		if w := Words(a, a); a != "" && (len(w) != 1 || w[0].Op != Equal) {
			t.Fatalf("Words(%q, same) = %q", a, w)
		}
	})
}

func checkParagraphs(t *testing.T, ps []string) {
	t.Helper()
	for _, p := range ps {
		if p == "" || p != vntext.Clean(p) {
			t.Fatalf("paragraph %q empty or not clean", p)
		}
		for line := range strings.SplitSeq(p, "\n") {
			if strings.TrimSpace(line) == "" {
				t.Fatalf("paragraph %q has a blank line", p)
			}
		}
	}
	if again := Paragraphs(Join(ps)); !slices.Equal(again, ps) {
		t.Fatalf("Paragraphs(Join(%q)) = %q", ps, again)
	}
}
