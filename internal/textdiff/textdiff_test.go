package textdiff

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// summary renders d compactly: "=o:n" Equal, "-o" Delete, "+n" Insert,
// "~o:n" Change.
func summary(d []Para) []string {
	var out []string
	for _, p := range d {
		switch p.Op {
		case Equal:
			out = append(out, fmt.Sprintf("=%d:%d", p.Old, p.New))
		case Delete:
			out = append(out, fmt.Sprintf("-%d", p.Old))
		case Insert:
			out = append(out, fmt.Sprintf("+%d", p.New))
		case Change:
			out = append(out, fmt.Sprintf("~%d:%d", p.Old, p.New))
		}
	}
	return out
}

// Sample paragraphs of a draft resolution.
const (
	pA = "Đại hội Đảng bộ tỉnh lần thứ XV, nhiệm kỳ 2025–2030 đã thảo luận và thống nhất."
	pB = "Tiếp tục xây dựng, chỉnh đốn Đảng và hệ thống chính trị trong sạch, vững mạnh toàn diện."
	pC = "Phát triển kinh tế nhanh và bền vững, gắn với bảo đảm quốc phòng, an ninh."
	pD = "Nâng cao chất lượng sinh hoạt chi bộ, tăng cường công tác kiểm tra, giám sát."
	pE = "Giao Ban Thường vụ Tỉnh ủy lãnh đạo, chỉ đạo tổ chức thực hiện Nghị quyết này."
	pX = "Một đoạn hoàn toàn mới về chuyển đổi số trong cơ quan hành chính."
	pY = "Khen thưởng kịp thời các tập thể và cá nhân có thành tích xuất sắc."
)

func TestDiff(t *testing.T) {
	pB2 := strings.Replace(pB, "toàn diện", "toàn diện hơn", 1)
	pD2 := "Nâng cao chất lượng sinh hoạt chi bộ định kỳ, tăng cường công tác giám sát."
	tests := []struct {
		name     string
		old, new []string
		want     []string
	}{
		{"identical", []string{pA, pB, pC}, []string{pA, pB, pC}, []string{"=1:1", "=2:2", "=3:3"}},
		{"one word changed", []string{pA, pB, pC}, []string{pA, pB2, pC}, []string{"=1:1", "~2:2", "=3:3"}},
		{"inserted in the middle", []string{pA, pB, pC}, []string{pA, pB, pX, pC}, []string{"=1:1", "=2:2", "+3", "=3:4"}},
		{"deleted at the start", []string{pA, pB, pC}, []string{pB, pC}, []string{"-1", "=2:1", "=3:2"}},
		{"deleted at the end", []string{pA, pB, pC}, []string{pA, pB}, []string{"=1:1", "=2:2", "-3"}},
		{"moved to the front", []string{pA, pB, pC}, []string{pC, pA, pB}, []string{"+1", "=1:2", "=2:3", "-3"}},
		{"swapped", []string{pA, pB}, []string{pB, pA}, []string{"-1", "=2:1", "+2"}},
		{"completely different", []string{pA, pB}, []string{pX, pY}, []string{"-1", "-2", "+1", "+2"}},
		{"empty old", nil, []string{pA, pB}, []string{"+1", "+2"}},
		{"empty new", []string{pA, pB}, nil, []string{"-1", "-2"}},
		{"both empty", nil, nil, nil},
		{"changed and inserted", []string{pA, pB, pC}, []string{pA, pX, pB2, pC}, []string{"=1:1", "+2", "~2:3", "=3:4"}},
		{"deleted and changed", []string{pA, pB, pC, pE}, []string{pA, pB2, pE}, []string{"=1:1", "~2:2", "-3", "=4:3"}},
		{"two changed in a row", []string{pA, pB, pD, pE}, []string{pA, pB2, pD2, pE}, []string{"=1:1", "~2:2", "~3:3", "=4:4"}},
		{"replaced by unrelated", []string{pA, pB, pC}, []string{pA, pY, pC}, []string{"=1:1", "-2", "+2", "=3:3"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Diff(tt.old, tt.new)
			if got := summary(d); !slices.Equal(got, tt.want) {
				t.Errorf("Diff = %v, want %v", got, tt.want)
			}
			checkDiff(t, d, tt.old, tt.new)
			if got, want := Changed(d), !slices.Equal(tt.old, tt.new); got != want {
				t.Errorf("Changed = %v, want %v", got, want)
			}
		})
	}
}

func TestDiffChangeWords(t *testing.T) {
	old := []string{pA, "Đại hội Đảng bộ tỉnh lần thứ XV nhiệm kỳ 2025–2030.", pC}
	new := []string{pA, "Đại hội Đảng bộ tỉnh lần thứ XVI nhiệm kỳ 2025–2030.", pC}
	d := Diff(old, new)
	if len(d) != 3 || d[1].Op != Change {
		t.Fatalf("Diff = %v", summary(d))
	}
	want := []Span{
		{Equal, "Đại hội Đảng bộ tỉnh lần thứ "},
		{Delete, "XV"},
		{Insert, "XVI"},
		{Equal, " nhiệm kỳ 2025–2030."},
	}
	if !slices.Equal(d[1].Words, want) {
		t.Errorf("Words = %q, want %q", d[1].Words, want)
	}
	if d[0].Words != nil || d[2].Words != nil {
		t.Error("Words set on an Equal entry")
	}
	if a, r, c := Stats(d); a != 0 || r != 0 || c != 1 {
		t.Errorf("Stats = %d, %d, %d; want 0, 0, 1", a, r, c)
	}
}

// A deleted paragraph pairs with its closest rewrite, not with the first
// inserted paragraph that shares half its words.
func TestDiffPairsBestMatch(t *testing.T) {
	old := "Đại hội thảo luận và thống nhất thông qua báo cáo chính trị của Ban Chấp hành."
	near := "Đại hội thảo luận và thống nhất thông qua báo cáo chính trị của Ban Chấp hành khóa XIV."
	half := "Đại hội thảo luận và thống nhất thông qua báo cáo của Ban Kiểm tra gồm chín đồng chí."
	if s := Similarity(old, half); s < 0.5 {
		t.Fatalf("test setup: Similarity(old, half) = %.2f, want ≥ 0.5", s)
	}
	d := Diff([]string{pA, old, pE}, []string{pA, half, near, pE})
	if got, want := summary(d), []string{"=1:1", "+2", "~2:3", "=3:4"}; !slices.Equal(got, want) {
		t.Errorf("Diff = %v, want %v", got, want)
	}
}

func TestDiffParagraphsNFD(t *testing.T) {
	nfc := "Nghị quyết Đại hội\n\nPhát triển kinh tế – xã hội"
	nfd := "Nghi\u0323 quye\u0302\u0301t Đa\u0323i ho\u0323\u0302i\n\nPha\u0301t trie\u0302\u0309n kinh te\u0302\u0301 – xa\u0303 ho\u0323\u0302i"
	if nfc == nfd {
		t.Fatal("test setup: NFD text equals NFC text")
	}
	a, b := Paragraphs(nfc), Paragraphs(nfd)
	if !slices.Equal(a, b) {
		t.Fatalf("Paragraphs differ:\n%q\n%q", a, b)
	}
	if d := Diff(a, b); Changed(d) {
		t.Errorf("Diff of NFC and NFD = %v", summary(d))
	}
}

func TestDiffInnerLineBreaks(t *testing.T) {
	old := Paragraphs("Điều 1. Thông qua:\n- Báo cáo chính trị;\n- Báo cáo kiểm điểm.\n\nĐiều 2. Hiệu lực.")
	new := Paragraphs("Điều 1. Thông qua:\n- Báo cáo chính trị;\n- Báo cáo tổng kết.\n\nĐiều 2. Hiệu lực.")
	d := Diff(old, new)
	if got, want := summary(d), []string{"~1:1", "=2:2"}; !slices.Equal(got, want) {
		t.Fatalf("Diff = %v, want %v", got, want)
	}
	want := []Span{
		{Equal, "Điều 1. Thông qua:\n- Báo cáo chính trị;\n- Báo cáo "},
		{Delete, "kiểm điểm."},
		{Insert, "tổng kết."},
	}
	if !slices.Equal(d[0].Words, want) {
		t.Errorf("Words = %q, want %q", d[0].Words, want)
	}
}

func TestStats(t *testing.T) {
	d := Diff([]string{pA, pB, pC, pD}, []string{pX, pB + " Thêm.", pD, pY, pE})
	// pA→pX unrelated: delete + insert; pB changed; pC deleted; pY, pE added.
	if got, want := summary(d), []string{"-1", "+1", "~2:2", "-3", "=4:3", "+4", "+5"}; !slices.Equal(got, want) {
		t.Fatalf("Diff = %v, want %v", got, want)
	}
	if a, r, c := Stats(d); a != 3 || r != 2 || c != 1 {
		t.Errorf("Stats = %d, %d, %d; want 3, 2, 1", a, r, c)
	}
	if !Changed(d) || Changed(nil) || Changed(Diff([]string{pA}, []string{pA})) {
		t.Error("Changed wrong")
	}
}

func TestParagraphs(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{" \n\t\n  ", nil},
		{"Một đoạn", []string{"Một đoạn"}},
		{"a\n\nb", []string{"a", "b"}},
		{"a\n \n\t\n\nb", []string{"a", "b"}},
		{"\n\n  a  \n\n\n", []string{"a"}},
		{"dòng 1\ndòng 2\n\nđoạn 2", []string{"dòng 1\ndòng 2", "đoạn 2"}},
		{"dòng 1   \n  thụt lề\n\n", []string{"dòng 1\n  thụt lề"}},
		{"a\r\nb\r\n\r\nc", []string{"a\nb", "c"}},
		{"a\n\u00a0\u3000\nb", []string{"a", "b"}}, // NBSP and ideographic space only
		{"a\x00b\n\n\ufeffc", []string{"ab", "c"}},
		{"a\fb", []string{"a\nb"}},
		{"Hai  dấu  cách", []string{"Hai  dấu  cách"}},
	}
	for _, tt := range tests {
		got := Paragraphs(tt.in)
		if !slices.Equal(got, tt.want) {
			t.Errorf("Paragraphs(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if again := Paragraphs(Join(got)); !slices.Equal(again, got) {
			t.Errorf("Paragraphs(Join(%q)) = %q", got, again)
		}
	}
	if Join(nil) != "" || Join([]string{"a", "b\nc"}) != "a\n\nb\nc" {
		t.Error("Join wrong")
	}
}

func TestWords(t *testing.T) {
	tests := []struct {
		old, new string
		want     []Span
	}{
		{"", "", nil},
		{"a b", "a b", []Span{{Equal, "a b"}}},
		{"", "a b", []Span{{Insert, "a b"}}},
		{"a b", "", []Span{{Delete, "a b"}}},
		{"chi bộ", "chi bộ mới", []Span{{Equal, "chi bộ"}, {Insert, " mới"}}},
		{"một hai ba", "một ba", []Span{{Equal, "một "}, {Delete, "hai "}, {Equal, "ba"}}},
		// A shared single space between two edits joins them.
		{"Đảng bộ tỉnh họp", "Chi bộ xã họp", []Span{{Delete, "Đảng"}, {Insert, "Chi"}, {Equal, " bộ "}, {Delete, "tỉnh"}, {Insert, "xã"}, {Equal, " họp"}}},
		{"x a b c y", "x d e f y", []Span{{Equal, "x "}, {Delete, "a b c"}, {Insert, "d e f"}, {Equal, " y"}}},
		{"a  b", "a b", []Span{{Equal, "a"}, {Delete, "  "}, {Insert, " "}, {Equal, "b"}}},
		{"dòng 1\ndòng 2", "dòng 1 dòng 2", []Span{{Equal, "dòng 1"}, {Delete, "\n"}, {Insert, " "}, {Equal, "dòng 2"}}},
		{"a", "b", []Span{{Delete, "a"}, {Insert, "b"}}},
	}
	for _, tt := range tests {
		got := Words(tt.old, tt.new)
		if !slices.Equal(got, tt.want) {
			t.Errorf("Words(%q, %q) = %q, want %q", tt.old, tt.new, got, tt.want)
		}
		checkWords(t, got, tt.old, tt.new)
	}
}

func TestSimilarity(t *testing.T) {
	tests := []struct {
		a, b string
		want float64
	}{
		{"", "", 0},
		{"a", "", 0},
		{"– * –", "– * –", 0},
		{"Đảng bộ", "đảng, bộ.", 1},
		{"a b c d", "a b x y", 0.5},
		{"a a b", "a b b", 2 * 2.0 / 6},
	}
	for _, tt := range tests {
		if got := Similarity(tt.a, tt.b); got != tt.want {
			t.Errorf("Similarity(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

// TestDiffSeqLCS checks on random small sequences that the script is valid
// and as long a common subsequence as a reference LCS.
func TestDiffSeqLCS(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		a := randSeq(r, r.IntN(12), 4)
		b := randSeq(r, r.IntN(12), 4)
		ops := diffSeq(a, b, 4)
		i, j, eq := 0, 0, 0
		for _, e := range ops {
			switch e {
			case eEqual:
				if a[i] != b[j] {
					t.Fatalf("diffSeq(%v, %v): Equal at unequal items", a, b)
				}
				i, j, eq = i+1, j+1, eq+1
			case eDelete:
				i++
			case eInsert:
				j++
			}
		}
		if i != len(a) || j != len(b) {
			t.Fatalf("diffSeq(%v, %v) does not consume both", a, b)
		}
		if want := refLCS(a, b); eq != want {
			t.Fatalf("diffSeq(%v, %v): %d equal, LCS is %d", a, b, eq, want)
		}
	}
	// The anchored split used past maxCells, on small inputs: a valid
	// script, exact when every item is unique.
	for range 2000 {
		a := randSeq(r, r.IntN(30), 20)
		b := randSeq(r, r.IntN(30), 20)
		d := differ{nids: 20}
		ops := d.appendAnchored(nil, a, b, 0)
		i, j := 0, 0
		for _, e := range ops {
			switch e {
			case eEqual:
				if a[i] != b[j] {
					t.Fatalf("appendAnchored(%v, %v): Equal at unequal items", a, b)
				}
				i, j = i+1, j+1
			case eDelete:
				i++
			case eInsert:
				j++
			}
		}
		if i != len(a) || j != len(b) {
			t.Fatalf("appendAnchored(%v, %v) does not consume both", a, b)
		}
	}
}

func randSeq(r *rand.Rand, n, alpha int) []int32 {
	s := make([]int32, n)
	for i := range s {
		s[i] = int32(r.IntN(alpha))
	}
	return s
}

func refLCS(a, b []int32) int {
	prev := make([]int, len(b)+1)
	for i := range a {
		cur := make([]int, len(b)+1)
		for j := range b {
			if a[i] == b[j] {
				cur[j+1] = prev[j] + 1
			} else {
				cur[j+1] = max(prev[j+1], cur[j])
			}
		}
		prev = cur
	}
	return prev[len(b)]
}

// Past the table limit: a long document with few edits still diffs exactly
// through unique anchors.
func TestDiffLargeAnchored(t *testing.T) {
	old := genDoc(5000, 7)
	new := slices.Clone(old)
	new[10] = new[10] + " Bổ sung."
	new = slices.Delete(new, 2500, 2501)
	new = slices.Insert(new, 4000, "Đoạn mới chèn vào giữa văn bản dài.")
	d := Diff(old, new)
	checkDiff(t, d, old, new)
	if a, r, c := Stats(d); a != 1 || r != 1 || c != 1 {
		t.Errorf("Stats = %d, %d, %d; want 1, 1, 1", a, r, c)
	}
}

// Past the limit without anchors: whole replacement, greedy pairing.
func TestDiffLargeUnrelated(t *testing.T) {
	old := genDoc(2500, 1)
	new := genDoc(2600, 2)
	d := Diff(old, new)
	checkDiff(t, d, old, new)
	if len(d) < 2600 {
		t.Errorf("len(Diff) = %d", len(d))
	}
}

func TestWordsLarge(t *testing.T) {
	old := strings.Join(genDoc(300, 3), " ") // several thousand words
	new := strings.Replace(old, "Đảng", "Đảng ta", 3)
	spans := Words(old, new)
	checkWords(t, spans, old, new)
	ins := 0
	for _, s := range spans {
		if s.Op == Delete {
			t.Errorf("unexpected Delete %q", s.Text)
		}
		if s.Op == Insert {
			ins++
		}
	}
	if ins != 3 {
		t.Errorf("%d insertions, want 3", ins)
	}
}

// checkDiff verifies the invariants of a paragraph diff.
func checkDiff(t testing.TB, d []Para, old, new []string) {
	t.Helper()
	var ro, rn []string
	lastOld, lastNew := 0, 0
	for k, p := range d {
		switch p.Op {
		case Equal, Change, Delete:
			ro = append(ro, p.OldText)
			if p.Old != lastOld+1 || p.Old > len(old) || old[p.Old-1] != p.OldText {
				t.Fatalf("entry %d: Old = %d after %d", k, p.Old, lastOld)
			}
			lastOld = p.Old
		default:
			if p.Old != 0 || p.OldText != "" {
				t.Fatalf("entry %d (%v): Old = %d, OldText = %q", k, p.Op, p.Old, p.OldText)
			}
		}
		switch p.Op {
		case Equal, Change, Insert:
			rn = append(rn, p.NewText)
			if p.New != lastNew+1 || p.New > len(new) || new[p.New-1] != p.NewText {
				t.Fatalf("entry %d: New = %d after %d", k, p.New, lastNew)
			}
			lastNew = p.New
		default:
			if p.New != 0 || p.NewText != "" {
				t.Fatalf("entry %d (%v): New = %d, NewText = %q", k, p.Op, p.New, p.NewText)
			}
		}
		switch p.Op {
		case Equal:
			if p.OldText != p.NewText {
				t.Fatalf("entry %d: Equal with different texts", k)
			}
		case Change:
			checkWords(t, p.Words, p.OldText, p.NewText)
			if s := Similarity(p.OldText, p.NewText); s < 0.5 {
				t.Fatalf("entry %d: Change with similarity %.3f", k, s)
			}
		}
		if p.Op != Change && p.Words != nil {
			t.Fatalf("entry %d (%v) has Words", k, p.Op)
		}
	}
	if !slices.Equal(ro, old) && (len(ro) != 0 || len(old) != 0) {
		t.Fatalf("old not reconstructed")
	}
	if !slices.Equal(rn, new) && (len(rn) != 0 || len(new) != 0) {
		t.Fatalf("new not reconstructed")
	}
}

// checkWords verifies the invariants of a word diff.
func checkWords(t testing.TB, spans []Span, old, new string) {
	t.Helper()
	var bo, bn strings.Builder
	for k, s := range spans {
		if s.Text == "" {
			t.Fatalf("Words(%q, %q): empty span %d", old, new, k)
		}
		if k > 0 && spans[k-1].Op == s.Op {
			t.Fatalf("Words(%q, %q): spans %d and %d both %v", old, new, k-1, k, s.Op)
		}
		if k > 0 && spans[k-1].Op == Insert && s.Op == Delete {
			t.Fatalf("Words(%q, %q): Insert before Delete at %d", old, new, k)
		}
		switch s.Op {
		case Equal:
			bo.WriteString(s.Text)
			bn.WriteString(s.Text)
		case Delete:
			bo.WriteString(s.Text)
		case Insert:
			bn.WriteString(s.Text)
		default:
			t.Fatalf("Words(%q, %q): span %d has Op %v", old, new, k, s.Op)
		}
	}
	if bo.String() != old || bn.String() != new {
		t.Fatalf("Words(%q, %q) reconstructs %q, %q", old, new, bo.String(), bn.String())
	}
}

var vocab = strings.Fields(`Đảng bộ chi ủy ban thường vụ tỉnh huyện xã nghị quyết đại hội
	nhiệm kỳ phát triển kinh tế xã hội quốc phòng an ninh xây dựng chỉnh đốn hệ thống
	chính trị trong sạch vững mạnh toàn diện nâng cao chất lượng sinh hoạt kiểm tra giám sát
	cán bộ đảng viên nhân dân đoàn kết dân chủ kỷ cương sáng tạo đổi mới chuyển đổi số
	văn hóa giáo dục y tế môi trường nông nghiệp công nghiệp dịch vụ du lịch hạ tầng giao thông`)

// genDoc returns n distinct pseudo-random paragraphs of 20–60 words.
func genDoc(n int, seed uint64) []string {
	r := rand.New(rand.NewPCG(seed, 99))
	doc := make([]string, n)
	for i := range doc {
		words := make([]string, 20+r.IntN(41))
		for k := range words {
			words[k] = vocab[r.IntN(len(vocab))]
		}
		doc[i] = fmt.Sprintf("%d. %s.", i+1, strings.Join(words, " "))
	}
	return doc
}
