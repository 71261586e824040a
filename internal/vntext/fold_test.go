package vntext

import (
	"slices"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func TestFold(t *testing.T) {
	nfd := norm.NFD.String
	tests := []struct{ in, want string }{
		{"", ""},
		{"   ", ""},
		{"Nguyễn Văn Đức", "nguyen van duc"},
		{nfd("Nguyễn Văn Đức"), "nguyen van duc"},
		{"ủy", "uy"},
		{"uỷ", "uy"},
		{nfd("ủy"), "uy"},
		{nfd("uỷ"), "uy"},
		{"hòa", "hoa"},
		{"hoà", "hoa"},
		{"Đảng ủy", "dang uy"},
		{nfd("Đảng ủy"), "dang uy"},
		{"ĐẢNG ỦY XÃ", "dang uy xa"},
		{"đ", "d"},
		{"Đ", "d"},
		{"Ðặng", "dang"}, // Icelandic eth from legacy encodings
		{"  Trần\t\tThị \n Thu  ", "tran thi thu"},
		{"Lê\u00a0Văn\u2003Tám", "le van tam"},
		{"ăâêôơư ĂÂÊÔƠƯ", "aaeoou aaeoou"},
		{"àáảãạ ằắẳẵặ ầấẩẫậ", "aaaaa aaaaa aaaaa"},
		{"ỳýỷỹỵ", "yyyyy"},
		{"Chi bộ ấp 3, xã Mỹ Phong", "chi bo ap 3, xa my phong"},
		{"nguyen van an", "nguyen van an"},
		{"A\x00B\u200bC", "abc"},      // controls and zero-width characters go
		{"a \u0301 b", "a b"},         // a stray mark between spaces
		{"\u0301a", "a"},              // a stray mark at the start
		{"KELVIN \u212a", "kelvin k"}, // decomposition to ASCII
		{"Москва Ёлка", "москва елка"},
		{"Ωμέγα", "ωμεγα"},
		{"北京", "北京"},
		{"한국어", "한국어"},
		{nfd("한국어"), "한국어"},
		{"a\xffb", "a\ufffdb"},
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFoldNoAlloc(t *testing.T) {
	if n := testing.AllocsPerRun(100, func() { _ = Fold("nguyen van duc") }); n != 0 {
		t.Errorf("Fold of a folded key allocates %v times", n)
	}
	if n := testing.AllocsPerRun(100, func() { _ = Fold("Nguyễn Văn Đức") }); n != 1 {
		t.Errorf("Fold allocates %v times, want 1", n)
	}
}

// TestFoldEveryRune checks the Fold properties on every code point, alone
// and after a letter, so a Unicode upgrade cannot silently break them.
func TestFoldEveryRune(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: every code point")
	}
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if !utf8.ValidRune(r) {
			continue
		}
		for _, s := range []string{string(r), "a" + string(r), string(r) + "\u0301"} {
			f := Fold(s)
			if g := Fold(f); g != f {
				t.Fatalf("Fold not idempotent on %U: %q then %q", r, f, g)
			}
			if c, d := Fold(norm.NFC.String(s)), Fold(norm.NFD.String(s)); c != d {
				t.Fatalf("Fold differs on NFC/NFD of %+q: %q vs %q", s, c, d)
			}
		}
	}
}

func TestFoldWords(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"   ", nil},
		{"Nguyễn Văn Đức", []string{"nguyen", "van", "duc"}},
		{"  Đảng   ủy  ", []string{"dang", "uy"}},
		{"Lê - Văn , An", []string{"le", "van", "an"}},
		{"(Bí thư), “Đảng ủy”", []string{"bi", "thu", "dang", "uy"}},
		{"0912.345.678", []string{"0912.345.678"}},
		{"ấp 3/2", []string{"ap", "3/2"}},
		{"... --- !!!", nil},
	}
	for _, tt := range tests {
		if got := FoldWords(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("FoldWords(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMatchFold(t *testing.T) {
	hay := Fold("Nguyễn Văn Đức, Bí thư Đảng ủy xã Mỹ Phong")
	tests := []struct {
		query string
		want  bool
	}{
		{"", true},
		{"   ", true},
		{"!!", true},
		{"đức", true},
		{"DUC", true},
		{norm.NFD.String("Đức nguyễn"), true},
		{"uỷ", true},
		{"dang uy my phong", true},
		{"nguyen (bi thu)", true},
		{"ngu", true}, // substring: prefix search while typing
		{"duc tran", false},
		{"hung", false},
	}
	for _, tt := range tests {
		if got := MatchFold(hay, tt.query); got != tt.want {
			t.Errorf("MatchFold(%q, %q) = %v, want %v", hay, tt.query, got, tt.want)
		}
	}
}

var benchNames = []string{
	"Nguyễn Văn Đức",
	"Trần Thị Thủy",
	"Bí thư Chi bộ ấp Mỹ Phong",
	norm.NFD.String("Lê Hoàng Phượng"),
	"nguyen van an",
}

func BenchmarkFold(b *testing.B) {
	for _, name := range []string{"NFC", "NFD", "ASCII", "folded"} {
		s := map[string]string{
			"NFC":    "Nguyễn Thị Hoàng Phượng",
			"NFD":    norm.NFD.String("Nguyễn Thị Hoàng Phượng"),
			"ASCII":  "Nguyen Thi Hoang Phuong",
			"folded": "nguyen thi hoang phuong",
		}[name]
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(s)))
			for b.Loop() {
				_ = Fold(s)
			}
		})
	}
}

func BenchmarkMatchFold(b *testing.B) {
	hay := Fold("Nguyễn Văn Đức, Bí thư Đảng ủy xã Mỹ Phong")
	b.ReportAllocs()
	for b.Loop() {
		_ = MatchFold(hay, "Đức đảng ủy")
	}
}
