package docgen

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"
)

func addSeeds(f *testing.F) {
	vi := "Đảng ủy phường Mỹ Tho họp bàn việc tổ chức Đại hội; đồng chí Nguyễn Thị Lan phát biểu ý kiến."
	seeds := []string{
		"", " ", vi, norm.NFD.String(vi), strings.ToUpper(vi),
		"\x00\x01\x07\x1b\x7f\u0085\u200b\ufeff\u2028\u2029", "\r\n\t\v\f", "\xff\xfe\xc3(", "\uFFFE\uFFFF\U0010FFFF",
		strings.Repeat("Nghiêng", 100), strings.Repeat("W", 400), strings.Repeat("ỹ ", 300),
		"\u0301\u0323\u0309 a\u0301", "😀 🇻🇳 𝕏", "العربية עברית", "- mục\n+ ý\n\n\n",
		"<w:p/> ]]> &amp; \"'", "%PDF %%EOF ) ( \\ )",
	}
	for i, s := range seeds {
		f.Add(s, seeds[(i+3)%len(seeds)], uint8(i))
	}
}

// fuzzDoc puts the fuzzed texts in every field.
func fuzzDoc(a, b string, n uint8) (Document, Layout) {
	l := DefaultLayout()
	l.BodySize = 12 + float64(n%5)
	l.Left = 10 + float64(n%41)
	d := Document{
		Superior: a, Issuer: "Đảng ủy " + b, Number: b, Place: a, Date: sampleDate,
		TypeName: b, Subject: a + "\n" + b,
		Blocks:     []Block{{Paragraph, a}, {Heading, b}, {Centered, a}, {Item, "- " + b}, {BlockKind(n), a + b}},
		Signatures: []Signature{{Capacity: a, Title: b, Name: a, Note: b}, {Title: a, Name: b}}[:1+int(n%2)],
		Recipients: []string{a, "- " + b, "- Lưu VP."},
		Draft:      n%3 == 0,
	}
	if n%7 == 0 {
		d.Date = d.Date.AddDate(0, 0, -int(n)*100)
	}
	if n%4 == 0 {
		d.Date = time.Time{}
	}
	return d, l
}

// FuzzPDF: a PDF costs ~25 ms, and Go's fuzzer minimises every new input
// for up to a minute without reporting, so run it with a short minimisation:
//
//	go test -run '^$' -fuzz FuzzPDF -fuzztime 20s -fuzzminimizetime 1x ./internal/docgen/
func FuzzPDF(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, a, b string, n uint8) {
		d, l := fuzzDoc(a, b, n)
		var buf bytes.Buffer
		if err := PDF(&buf, d, l); err != nil {
			if d.Validate() == nil && l.Validate() == nil {
				t.Fatalf("valid input refused: %v", err)
			}
			return
		}
		out := buf.Bytes()
		if !bytes.HasPrefix(out, []byte("%PDF-")) || !bytes.HasSuffix(bytes.TrimRight(out, "\r\n"), []byte("%%EOF")) {
			t.Fatalf("not a PDF: %q … %q", out[:min(len(out), 16)], out[max(0, len(out)-16):])
		}
	})
}

func FuzzDOCX(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, a, b string, n uint8) {
		d, l := fuzzDoc(a, b, n)
		var buf bytes.Buffer
		if err := DOCX(&buf, d, l); err != nil {
			if d.Validate() == nil && l.Validate() == nil {
				t.Fatalf("valid input refused: %v", err)
			}
			return
		}
		unpack(t, buf.Bytes()) // a zip whose parts are well-formed XML
	})
}
