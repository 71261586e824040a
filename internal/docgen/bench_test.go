package docgen

import (
	"bytes"
	"io"
	"testing"
)

// BenchmarkMinutesPDF20Pages measures the budget of DESIGN.md: a 20-page
// minutes PDF in at most 100 ms on a 2-core machine.
func BenchmarkMinutesPDF20Pages(b *testing.B) {
	d := longMinutes(20)
	var buf bytes.Buffer
	if err := PDF(&buf, d, DefaultLayout()); err != nil {
		b.Fatal(err)
	}
	if n := pageCount(b, buf.Bytes()); n < 20 {
		b.Fatalf("the load is %d pages, want at least 20", n)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if err := PDF(io.Discard, d, DefaultLayout()); err != nil {
			b.Fatal(err)
		}
	}
}

// pageCount counts the page objects fpdf writes.
func pageCount(tb testing.TB, pdf []byte) int {
	tb.Helper()
	return bytes.Count(pdf, []byte("<</Type /Page\n"))
}

// BenchmarkResolutionPDF is a one-page document in all four styles: the
// fixed cost per document, mostly fonts.
func BenchmarkResolutionPDF(b *testing.B) {
	d := samples()["nghi-quyet"]
	b.ReportAllocs()
	for b.Loop() {
		if err := PDF(io.Discard, d, DefaultLayout()); err != nil {
			b.Fatal(err)
		}
	}
}
