package record_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"nghisu/internal/docgen"
	"nghisu/internal/record"
	"nghisu/internal/vntext"
)

// The minutes' plain-text format (the project renders no Markdown: a
// heading per "I."/"1." line, a list line per "- " or "+ ") is read without
// panicking: every non-blank line becomes exactly one block holding that
// line, in order, and nothing else appears.
func FuzzBlocks(f *testing.F) {
	for _, s := range []string{"", "I. Phần mở đầu\n1. Điểm danh\n- Có mặt: 15\n+ Vắng: 2\nĐoạn văn.",
		"II.\nIIII. x\n123. y\n12. z\n-x\n- \n+", "<script>alert(1)</script>\n- <b>x</b>", "\r\n\r\nI. a\r\n\x00\x7f\xff",
		strings.Repeat("V. ", 1000)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		blocks := record.Blocks(text)
		var want []string
		for _, l := range strings.Split(vntext.Clean(text), "\n") {
			if l = strings.TrimSpace(l); l != "" {
				want = append(want, l)
			}
		}
		if len(blocks) != len(want) {
			t.Fatalf("Blocks(%+q): %d blocks for %d lines", text, len(blocks), len(want))
		}
		for i, b := range blocks {
			if b.Text != want[i] || !utf8.ValidString(b.Text) {
				t.Fatalf("Blocks(%+q)[%d] = %+q, want %+q", text, i, b.Text, want[i])
			}
			if b.Kind == docgen.Item && !strings.HasPrefix(b.Text, "- ") && !strings.HasPrefix(b.Text, "+ ") {
				t.Fatalf("Blocks(%+q)[%d]: list line %+q", text, i, b.Text)
			}
		}
	})
}
