package vntext

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

var fuzzSeeds = []string{
	"",
	"   ",
	"Nguyễn Văn Đức",
	"Đảng ủy xã Mỹ Phong",
	"Trần Thị Thuỷ",
	"Hoà Bình, hòa bình",
	"  Lê\u00a0Văn\tTám\r\n",
	"NGUYỄN THỊ ÁNH NGỌC",
	"Chi bộ ấp 10 – “Bí thư”",
	"Ngày 09/01/2026",
	"ĐẶNG VĂN Ư, Ngô Văn Út",
	"a\x00b\ufeffc\u200bd",
	"e\u0302\u0303 o\u031b\u0300 u\u031b\u0323",
	"\u0301\u0323a",
	"한국어 Москва Ωμέγα 北京",
	"ab\xffcd\xe1\xba",
	"0012 Phòng 12A",
}

func addSeeds(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
		f.Add(norm.NFD.String(s))
	}
}

func FuzzFold(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		got := Fold(s)
		if again := Fold(got); again != got {
			t.Fatalf("Fold not idempotent: Fold(%+q) = %+q, Fold of that = %+q", s, got, again)
		}
		if !utf8.ValidString(got) {
			t.Fatalf("Fold(%+q) = %+q is not valid UTF-8", s, got)
		}
		if strings.HasPrefix(got, " ") || strings.HasSuffix(got, " ") || strings.Contains(got, "  ") {
			t.Fatalf("Fold(%+q) = %+q has stray spaces", s, got)
		}
		for _, r := range got {
			if unicode.ToLower(r) != r || isMark(r) || r != ' ' && unicode.IsSpace(r) {
				t.Fatalf("Fold(%+q) = %+q keeps %U", s, got, r)
			}
		}
		if !MatchFold(got, s) {
			t.Fatalf("MatchFold(Fold(%+q), itself) = false", s)
		}
		if !utf8.ValidString(s) {
			return
		}
		if c, d := Fold(norm.NFC.String(s)), Fold(norm.NFD.String(s)); c != d {
			t.Fatalf("Fold(NFC(%+q)) = %+q, Fold(NFD) = %+q", s, c, d)
		}
		if c := Fold(CleanLine(s)); c != got {
			t.Fatalf("Fold(CleanLine(%+q)) = %+q, Fold = %+q", s, c, got)
		}
	})
}

func FuzzSortKey(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s, "Nguyễn Văn An")
		f.Add(norm.NFD.String(s), s)
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		ka, kb := SortKey(a), SortKeyText(a)
		for _, k := range []string{ka, kb} {
			for i := 0; i < len(k); i++ {
				if k[i] < '!' || k[i] > '~' {
					t.Fatalf("key of %+q has byte %#x: %q", a, k[i], k)
				}
			}
		}
		if c, d := Compare(a, b), Compare(b, a); c != -d {
			t.Fatalf("Compare(%+q, %+q) = %d but reversed = %d", a, b, c, d)
		}
		if !utf8.ValidString(a) {
			return
		}
		for _, alt := range []string{norm.NFC.String(a), norm.NFD.String(a), CleanLine(a)} {
			if k := SortKey(alt); k != ka {
				t.Fatalf("SortKey(%+q) = %q, SortKey(%+q) = %q", a, ka, alt, k)
			}
			if k := SortKeyText(alt); k != kb {
				t.Fatalf("SortKeyText(%+q) = %q, SortKeyText(%+q) = %q", a, kb, alt, k)
			}
		}
	})
}

func FuzzClean(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		c := Clean(s)
		if !utf8.ValidString(c) || !norm.NFC.IsNormalString(c) {
			t.Fatalf("Clean(%+q) = %+q is not valid NFC", s, c)
		}
		if again := Clean(c); again != c {
			t.Fatalf("Clean not idempotent: Clean(%+q) = %+q, then %+q", s, c, again)
		}
		if strings.TrimSpace(c) != c {
			t.Fatalf("Clean(%+q) = %+q is not trimmed", s, c)
		}
		for _, r := range c {
			if r < 0x20 && r != '\n' && r != '\t' || r >= 0x7F && r <= 0x9F || r == '\uFEFF' {
				t.Fatalf("Clean(%+q) = %+q keeps %U", s, c, r)
			}
		}
		l := CleanLine(s)
		if !utf8.ValidString(l) || !norm.NFC.IsNormalString(l) {
			t.Fatalf("CleanLine(%+q) = %+q is not valid NFC", s, l)
		}
		if again := CleanLine(l); again != l {
			t.Fatalf("CleanLine not idempotent: CleanLine(%+q) = %+q, then %+q", s, l, again)
		}
		if strings.TrimSpace(l) != l || strings.Contains(l, "  ") {
			t.Fatalf("CleanLine(%+q) = %+q has stray spaces", s, l)
		}
		for _, r := range l {
			if r != ' ' && unicode.IsSpace(r) {
				t.Fatalf("CleanLine(%+q) = %+q keeps %U", s, l, r)
			}
		}
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"09/01/2026", "9/1/2026", "09-01-2026", "2026-01-09", "9.1.2026",
		"31/02/2026", "29/02/2024", "1/1/1900", "31/12/2200", "00/00/0000", "9/1/26", " 09 / 01 / 2026 ", "ngày 9"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidDate) || !strings.HasSuffix(err.Error(), ".") {
				t.Fatalf("ParseDate(%+q) error %q", s, err)
			}
			return
		}
		if d.Location() != Location() || d.Hour() != 0 || d.Minute() != 0 || d.Second() != 0 || d.Nanosecond() != 0 {
			t.Fatalf("ParseDate(%+q) = %v, not midnight in Vietnam", s, d)
		}
		if d.Year() < minYear || d.Year() > maxYear {
			t.Fatalf("ParseDate(%+q) = %v, year out of range", s, d)
		}
		back, err := ParseDate(ShortDate(d))
		if err != nil || !back.Equal(d) {
			t.Fatalf("ParseDate(ShortDate(%v)) = %v, %v", d, back, err)
		}
		if iso, err := ParseDate(d.Format(time.DateOnly)); err != nil || !iso.Equal(d) {
			t.Fatalf("ParseDate(ISO of %v) = %v, %v", d, iso, err)
		}
	})
}
