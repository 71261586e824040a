package vntext

import (
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// foldNoTable is Fold without foldTab.
func foldNoTable(s string) string {
	f := folder{}
	var dbuf [9]byte
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r < utf8.RuneSelf {
			f.ascii(byte(r))
		} else {
			f.decomposed(s[i:], r, size, &dbuf)
		}
		i += size
	}
	return string(f.buf)
}

// sortKeyNoTable is SortKeyText without sortTab.
func sortKeyNoTable(s string) string {
	var k keyer
	var dbuf [9]byte
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r < utf8.RuneSelf {
			k.rune(r)
		} else {
			k.decomposed(s[i:], r, size, &dbuf)
		}
		i += size
	}
	k.finish()
	if len(k.els) == 0 {
		return ""
	}
	return string(k.write(nil, k.els, true))
}

// TestTables checks that the lookup tables change nothing.
func TestTables(t *testing.T) {
	forTabRunes(func(_ int, r rune) {
		c := string(r)
		for _, s := range []string{c, "a" + c + "b", " " + c, c + " ", "a " + c, c + "\u0301", "Đ" + c + "ơ"} {
			if got, want := Fold(s), foldNoTable(s); got != want {
				t.Errorf("Fold(%+q) = %+q, without table %+q", s, got, want)
			}
			if got, want := SortKeyText(s), sortKeyNoTable(s); got != want {
				t.Errorf("SortKeyText(%+q) = %q, without table %q", s, got, want)
			}
		}
	})
}

// TestLowerNeverDecomposes guards an assumption of Fold: lowercasing a rune
// without a decomposition never yields one with a decomposition or a mark.
func TestLowerNeverDecomposes(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if !utf8.ValidRune(r) || norm.NFD.PropertiesString(string(r)).Decomposition() != nil {
			continue
		}
		l := unicode.ToLower(r)
		if l != r && (norm.NFD.PropertiesString(string(l)).Decomposition() != nil || isMark(l)) {
			t.Errorf("ToLower(%U) = %U decomposes or is a mark", r, l)
		}
	}
}

// TestSortKeyEveryRune checks NFC/NFD invariance for every rune that
// decomposes or is a mark, in a few contexts.
func TestSortKeyEveryRune(t *testing.T) {
	for r := rune(0x80); r <= unicode.MaxRune; r++ {
		if !utf8.ValidRune(r) {
			continue
		}
		_, inTab := tabIndex(r)
		if !inTab && !isMark(r) && norm.NFD.PropertiesString(string(r)).Decomposition() == nil &&
			(r < hangulBase || r >= hangulEnd || (r-hangulBase)%97 != 0) { // a sample of Hangul
			continue
		}
		c := string(r)
		for _, s := range []string{c, "Nguy" + c + "n", c + "\u0323\u0302", "a " + c} {
			if a, b := SortKeyText(norm.NFC.String(s)), SortKeyText(norm.NFD.String(s)); a != b {
				t.Fatalf("SortKeyText differs on NFC/NFD of %+q: %q vs %q", s, a, b)
			}
		}
	}
}
