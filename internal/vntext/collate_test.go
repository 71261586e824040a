package vntext

import (
	"math/bits"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

// sortBy sorts a copy of names by key.
func sortBy(names []string, key func(string) string) []string {
	out := slices.Clone(names)
	slices.SortStableFunc(out, func(a, b string) int { return strings.Compare(key(a), key(b)) })
	return out
}

func TestSortKeyNames(t *testing.T) {
	names := []string{"Trần Văn Bình", "Nguyễn Thị An", "Lê Văn Ân", "Phạm Thị Ánh", "Hồ Văn Đức",
		"Nguyễn Văn Dũng", "Võ Thị Ơn", "Lê Thị Ôn", "Đặng Văn Ư", "Ngô Văn Út"}
	want := []string{"Nguyễn Thị An", "Phạm Thị Ánh", "Lê Văn Ân", "Trần Văn Bình", "Nguyễn Văn Dũng",
		"Hồ Văn Đức", "Lê Thị Ôn", "Võ Thị Ơn", "Ngô Văn Út", "Đặng Văn Ư"}
	if got := sortBy(names, SortKey); !slices.Equal(got, want) {
		t.Errorf("sorted:\n got %q\nwant %q", got, want)
	}
	// Reversed input must give the same order: keys, not stability, decide.
	slices.Reverse(names)
	if got := sortBy(names, SortKey); !slices.Equal(got, want) {
		t.Errorf("sorted from reversed input:\n got %q\nwant %q", got, want)
	}
}

func TestSortKeyOrder(t *testing.T) {
	// Each list is in the expected order.
	lists := [][]string{
		{"Lê Văn Hùng", "Nguyễn Văn Hùng", "Trần Hùng"},                    // same given name: full name
		{"Trần Hùng", "Lê Văn Hưng"},                                       // given name first
		{"Nguyễn Văn Ha", "Lê Thị Hà", "Trần Hạ", "Lê Hai"},                // tones only break ties
		{"Lê An", "Lê Văn An", "Lê Văn Anh"},                               // shorter first
		{"Hà An", "Lê An", "Hà Ân"},                                        // given primary beats family name
		{"An", "Lê An", "Ân"},                                              // one-word names
		{"Nguyễn Văn Dương", "Nguyễn Văn Đức", "Nguyễn Văn Được"},          // Đ after D
		{"Nguyễn Văn Dung", "Nguyễn Văn Dũng", "Nguyễn Văn Đông"},          // d < đ
		{"Trần Thị Thuỷ", "Trần Thị Thủy Tiên"},                            // tone placement ignored
		{"nguyễn văn an", "Nguyễn Văn An", "NGUYỄN VĂN AN", "Trần Văn An"}, // case last
	}
	for _, want := range lists {
		for i := 1; i < len(want); i++ {
			a, b := SortKey(want[i-1]), SortKey(want[i])
			if a >= b {
				t.Errorf("want %q < %q, keys %q >= %q", want[i-1], want[i], a, b)
			}
		}
	}
}

func TestSortKeyEqual(t *testing.T) {
	nfd := norm.NFD.String
	groups := [][]string{
		{"Nguyễn Văn Đức", nfd("Nguyễn Văn Đức"), "  Nguyễn   Văn\tĐức ", "Nguyễn\u00a0Văn Đức", "Nguyễn Văn\u200b Đức"},
		{"Trần Thị Thủy", "Trần Thị Thuỷ", nfd("Trần Thị Thủy"), nfd("Trần Thị Thuỷ")},
		{"Hòa", "Hoà", nfd("Hòa"), nfd("Hoà")},
		{"Nguyễn Khoa", "Nguyê\u0303n Khoa"}, // ễ typed as ê + tilde
		{"Đặng Đức", "Ðặng Ðức"},             // Icelandic eth from legacy encodings
		{"", "   ", "\u200b", "\u0301"},
	}
	for _, g := range groups {
		for _, s := range g[1:] {
			if a, b := SortKey(g[0]), SortKey(s); a != b {
				t.Errorf("SortKey(%+q) = %q, SortKey(%+q) = %q, want equal", g[0], a, s, b)
			}
			if a, b := SortKeyText(g[0]), SortKeyText(s); a != b {
				t.Errorf("SortKeyText(%+q) = %q, SortKeyText(%+q) = %q, want equal", g[0], a, s, b)
			}
		}
	}
	if SortKey("") != "" || SortKeyText(" ") != "" {
		t.Error("empty input must give an empty key")
	}
}

func TestCollationAlphabet(t *testing.T) {
	letters := strings.Split("a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z", " ")
	for i := 1; i < len(letters); i++ {
		// Tones and case of the earlier letter must not matter.
		for _, a := range []string{letters[i-1], strings.ToUpper(letters[i-1]), norm.NFC.String(letters[i-1] + "\u0323")} {
			if Compare(a, letters[i]) >= 0 {
				t.Errorf("Compare(%q, %q) >= 0", a, letters[i])
			}
		}
	}
	tones := []string{"ma", "mà", "má", "mả", "mã", "mạ", "mă"} // ngang, huyền, sắc, hỏi, ngã, nặng
	for i := 1; i < len(tones); i++ {
		if Compare(tones[i-1], tones[i]) >= 0 {
			t.Errorf("Compare(%q, %q) >= 0", tones[i-1], tones[i])
		}
	}
}

func TestCompare(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"", "a", -1},
		{"a", "", 1},
		{"Hòa", "Hoà", 0},
		{norm.NFD.String("Đảng ủy"), "Đảng uỷ", 0},
		{"Chi bộ 2", "Chi bộ 10", -1},   // numbers by value
		{"Tổ 01", "Tổ 1", 1},            // leading zeros only break ties
		{"Tổ 09", "Tổ 10", -1},          //
		{"Ấp 3", "Ấp A", -1},            // digits before letters
		{"Ấp", "Ấp Bắc", -1},            // prefix first
		{"Ấp-Bắc", "Ấp Bắc", 1},         // space before punctuation
		{"cơ sở", "cờ", 1},              // letters first, across syllables
		{"cờ sở", "cơ sở", 1},           // then tones
		{"xã", "Xã", -1},                // then case
		{"Zalo", "Ωmega", -1},           // Latin before other scripts
		{"Đoàn", "Doàn", 1},             //
		{"Ưu tiên", "Uy tín", 1},        //
		{"Ấp Tân Hòa", "ấp tân hòa", 1}, //
		{"Phòng 12A", "Phòng 12B", -1},  //
		{"Phòng 12", "Phòng 12A", -1},   //
		{"Ê-đê", "E-de", 1},             //
		{"naïve", "naive", 1},           // foreign marks are secondary too
		{"Ông", "Ống", -1},              //
		{"Chương trình số 5", "Chương trình số 5", 0},
	}
	for _, tt := range tests {
		if got := Compare(tt.a, tt.b); got != tt.want {
			t.Errorf("Compare(%q, %q) = %d, want %d (keys %q, %q)", tt.a, tt.b, got, tt.want, SortKeyText(tt.a), SortKeyText(tt.b))
		}
	}
}

func TestSortKeyPrintable(t *testing.T) {
	for _, s := range []string{"Nguyễn Văn Đức", "Ấp 0012 – “北京” Ωμέγα", "a\xffb", strings.Repeat("9", 200)} {
		for _, k := range []string{SortKey(s), SortKeyText(s)} {
			for i := 0; i < len(k); i++ {
				if k[i] < '!' || k[i] > '~' {
					t.Errorf("key of %q has byte %#x", s, k[i])
				}
			}
		}
	}
}

func TestSortKeyNoAlloc(t *testing.T) {
	if n := testing.AllocsPerRun(100, func() { _ = SortKey("Nguyễn Thị Hoàng Phượng") }); n != 1 {
		t.Errorf("SortKey allocates %v times, want 1", n)
	}
}

func BenchmarkSortKey(b *testing.B) {
	for _, name := range []string{"NFC", "NFD", "ASCII"} {
		s := map[string]string{
			"NFC":   "Nguyễn Thị Hoàng Phượng",
			"NFD":   norm.NFD.String("Nguyễn Thị Hoàng Phượng"),
			"ASCII": "Nguyen Thi Hoang Phuong",
		}[name]
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = SortKey(s)
			}
		})
	}
}

func BenchmarkCompare(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_ = Compare("Chi bộ ấp Mỹ Phong", "Chi bộ ấp Mỹ Hòa")
	}
}

func TestSecondaryRange(t *testing.T) {
	if mBreve != 1<<firstExtraBit || bits.TrailingZeros32(mOther)-firstExtraBit+1 != multiExtra-1 {
		t.Fatal("mark bit numbering and multiExtra disagree")
	}
	for m := uint32(0); m < 1<<17; m += 7 {
		if w := secondary(m); w < minWeight || w > '~' {
			t.Fatalf("secondary(%#x) = %#x", m, w)
		}
	}
	if secondary(0) != minWeight {
		t.Fatal("no marks must give the default weight")
	}
}
