package textdiff

import (
	"slices"
	"strings"
	"testing"
)

// benchDocs returns two 300-paragraph versions differing in 10 places:
// 4 one-word edits, 2 rewritten paragraphs, 2 insertions, 2 deletions.
func benchDocs() (old, new []string) {
	old = genDoc(300, 42)
	new = slices.Clone(old)
	for _, i := range []int{12, 80, 151, 230} {
		new[i] = strings.Replace(new[i], " ", " mới ", 1)
	}
	for _, i := range []int{45, 190} {
		w := strings.Fields(new[i])
		w[len(w)/2], w[len(w)/3] = "thay", "đổi"
		new[i] = strings.Join(w[:len(w)-3], " ") + " bổ sung thêm."
	}
	new = slices.Delete(new, 260, 261)
	new = slices.Delete(new, 5, 6)
	new = slices.Insert(new, 120, "Đoạn bổ sung về chuyển đổi số.")
	new = slices.Insert(new, 280, "Đoạn bổ sung về công tác cán bộ.")
	return old, new
}

func TestBenchDocs(t *testing.T) {
	old, new := benchDocs()
	d := Diff(old, new)
	checkDiff(t, d, old, new)
	if a, r, c := Stats(d); a != 2 || r != 2 || c != 6 {
		t.Errorf("Stats = %d, %d, %d; want 2, 2, 6", a, r, c)
	}
}

func BenchmarkDiff(b *testing.B) {
	old, new := benchDocs()
	b.ReportAllocs()
	for b.Loop() {
		Diff(old, new)
	}
}

// BenchmarkDiffText includes splitting the bodies, as a page view does.
func BenchmarkDiffText(b *testing.B) {
	old, new := benchDocs()
	bo, bn := Join(old), Join(new)
	b.SetBytes(int64(len(bo) + len(bn)))
	b.ReportAllocs()
	for b.Loop() {
		Diff(Paragraphs(bo), Paragraphs(bn))
	}
}

func BenchmarkDiffLarge(b *testing.B) {
	old := genDoc(5000, 7)
	new := slices.Clone(old)
	new[10] += " Bổ sung."
	new = slices.Delete(new, 2500, 2501)
	b.ReportAllocs()
	for b.Loop() {
		Diff(old, new)
	}
}
