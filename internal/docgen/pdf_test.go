package docgen

import (
	"bytes"
	"flag"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// needTool skips when a poppler tool is missing, unless the run must not
// skip anything (NGHISU_REQUIRE_ALL=1, as in CI).
func needTool(t testing.TB, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("NGHISU_REQUIRE_ALL") == "1" {
			t.Fatalf("%s is missing (install poppler-utils)", name)
		}
		t.Skipf("%s is missing (install poppler-utils)", name)
	}
	return path
}

func renderPDF(t testing.TB, d Document, l Layout) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := PDF(&buf, d, l); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// pdftotext runs poppler's pdftotext with args on pdf and returns its text.
func pdftotext(t testing.TB, pdf []byte, args ...string) string {
	t.Helper()
	tool := needTool(t, "pdftotext")
	in := filepath.Join(t.TempDir(), "in.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(tool, append(args, in, "-")...).Output()
	if err != nil {
		t.Fatalf("pdftotext %v: %v", args, err)
	}
	return string(out)
}

// page is the text of one page, lines with trailing blanks trimmed.
func page(t testing.TB, pdf []byte, n int) string {
	t.Helper()
	s := strconv.Itoa(n)
	return tidy(pdftotext(t, pdf, "-layout", "-f", s, "-l", s))
}

// tidy trims each line's trailing blanks and the final blank lines: they
// differ between poppler versions and mean nothing.
func tidy(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \f")
	}
	return strings.TrimRight(strings.Join(lines, "\n"), "\n") + "\n"
}

// squeeze makes each run of blanks one space, to look for phrases in
// -layout output whatever the column spacing.
func squeeze(s string) string { return strings.Join(strings.Fields(s), " ") }

func firstLine(s string) string {
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			return l
		}
	}
	return ""
}

func TestGolden(t *testing.T) {
	docs := samples()
	names := slices.Sorted(func(yield func(string) bool) {
		for k := range docs {
			if !yield(k) {
				return
			}
		}
	})
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			d := docs[name]
			pdf := renderPDF(t, d, DefaultLayout())
			got := tidy(pdftotext(t, pdf, "-layout"))
			file := filepath.Join("testdata", name+".golden")
			if *update {
				if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatalf("%v (run go test -update once)", err)
			}
			if got != string(want) {
				t.Errorf("text differs from %s (go test -update rewrites it):\n--- got\n%s\n--- want\n%s", file, got, want)
			}

			// The golden file could be rewritten wrong: check what a
			// reader must find in it independently.
			flat := squeeze(got)
			must := []string{
				"ĐẢNG BỘ TỈNH ĐỒNG THÁP", "ĐẢNG CỘNG SẢN VIỆT NAM", "ĐẢNG ỦY PHƯỜNG MỸ THO",
				"Mỹ Tho, ngày 09 tháng 01 năm 2026", d.Number, strings.ToUpper(d.TypeName),
				strings.Fields(d.Subject)[0] + " " + strings.Fields(d.Subject)[1],
			}
			for _, s := range d.Signatures {
				must = append(must, strings.ToUpper(s.Title), s.Name)
				if s.Capacity != "" {
					must = append(must, strings.ToUpper(s.Capacity))
				}
			}
			if len(d.Recipients) > 0 {
				must = append(must, "Nơi nhận:", "- Lưu VP.")
			}
			for _, s := range must {
				if !strings.Contains(flat, s) {
					t.Errorf("%q missing from the PDF text:\n%s", s, got)
				}
			}
			if line := firstLine(got); strings.TrimSpace(line) == "1" {
				t.Errorf("page 1 carries a page number: %q", line)
			}
		})
	}
}

func TestPageNumbers(t *testing.T) {
	pdf := renderPDF(t, longMinutes(3), DefaultLayout())
	if n := pageCount(t, pdf); n < 3 {
		t.Fatalf("%d pages, want at least 3", n)
	}
	if first := firstLine(page(t, pdf, 1)); !strings.HasPrefix(first, "ĐẢNG BỘ") {
		t.Errorf("page 1 starts with %q, want the header and no number", first)
	}
	for _, n := range []int{2, 3} {
		if first := firstLine(page(t, pdf, n)); first != strconv.Itoa(n) {
			t.Errorf("page %d starts with %q, want its number", n, first)
		}
	}
}

// word is one word's box from pdftotext -bbox, in pt from the top left.
type word struct {
	text                   string
	xMin, yMin, xMax, yMax float64
}

var (
	wordRE = regexp.MustCompile(`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>`)
	pageRE = regexp.MustCompile(`<page width="([\d.]+)" height="([\d.]+)">`)
)

// boxes returns the words of page n and the page width.
func boxes(t testing.TB, pdf []byte, n int) ([]word, float64) {
	t.Helper()
	s := strconv.Itoa(n)
	out := pdftotext(t, pdf, "-bbox", "-f", s, "-l", s)
	pm := pageRE.FindStringSubmatch(out)
	if pm == nil {
		t.Fatalf("no page in pdftotext -bbox output:\n%s", out)
	}
	width, _ := strconv.ParseFloat(pm[1], 64)
	var words []word
	for _, m := range wordRE.FindAllStringSubmatch(out, -1) {
		f := func(i int) float64 { v, _ := strconv.ParseFloat(m[i], 64); return v }
		words = append(words, word{html.UnescapeString(m[5]), f(1), f(2), f(3), f(4)})
	}
	return words, width
}

// phrase finds the words of p in sequence and returns their union box.
func phrase(t testing.TB, words []word, p string) word {
	t.Helper()
	want := strings.Fields(p)
	for i := range words {
		if i+len(want) > len(words) {
			break
		}
		ok := true
		for j, w := range want {
			if words[i+j].text != w {
				ok = false
				break
			}
		}
		if ok {
			b := words[i]
			for _, w := range words[i+1 : i+len(want)] {
				b.xMin, b.yMin = min(b.xMin, w.xMin), min(b.yMin, w.yMin)
				b.xMax, b.yMax = max(b.xMax, w.xMax), max(b.yMax, w.yMax)
			}
			b.text = p
			return b
		}
	}
	t.Fatalf("%q not found on the page", p)
	return word{}
}

const mmToPt = 72 / 25.4

func TestLayoutPositions(t *testing.T) {
	for _, l := range []Layout{DefaultLayout(), {Top: 25, Bottom: 25, Left: 35, Right: 15, BodySize: 13}} {
		pdf := renderPDF(t, samples()["nghi-quyet"], l)
		words, width := boxes(t, pdf, 1)
		half := width / 2

		party := phrase(t, words, "ĐẢNG CỘNG SẢN VIỆT NAM")
		issuer := phrase(t, words, "ĐẢNG ỦY PHƯỜNG MỸ THO")
		if party.xMin < half {
			t.Errorf("%v: ĐẢNG CỘNG SẢN VIỆT NAM starts at %.1f pt, left of the middle %.1f", l, party.xMin, half)
		}
		if issuer.xMax > half {
			t.Errorf("%v: the issuer ends at %.1f pt, right of the middle %.1f", l, issuer.xMax, half)
		}
		top := l.Top * mmToPt
		if party.yMin > top+20 || issuer.yMin > top+40 || abs(party.yMin-issuer.yMin) > 25 {
			t.Errorf("%v: header not on one band at the top: party y %.1f, issuer y %.1f, top margin %.1f", l, party.yMin, issuer.yMin, top)
		}
		date := phrase(t, words, "Mỹ Tho, ngày 09 tháng 01 năm 2026")
		if date.xMin < half-10 || date.yMin < party.yMax {
			t.Errorf("%v: the date line is at (%.1f, %.1f), want under ĐẢNG CỘNG SẢN VIỆT NAM in the right column", l, date.xMin, date.yMin)
		}
		if name := phrase(t, words, "Nguyễn Văn Thành"); name.xMin < half {
			t.Errorf("%v: the signer's name starts at %.1f pt, left of the middle", l, name.xMin)
		}
		recv := phrase(t, words, "Nơi nhận:")
		if recv.xMax > half {
			t.Errorf("%v: Nơi nhận ends at %.1f pt, right of the middle", l, recv.xMax)
		}
		if sig := phrase(t, words, "T/M BAN THƯỜNG VỤ"); abs(sig.yMin-recv.yMin) > 3 {
			t.Errorf("%v: Nơi nhận at y %.1f is not level with the signature block at %.1f", l, recv.yMin, sig.yMin)
		}
		left, right := l.Left*mmToPt, width-l.Right*mmToPt
		for _, w := range words {
			if w.xMin < left-0.5 || w.xMax > right+0.5 {
				t.Errorf("%v: %q at %.1f–%.1f pt lies outside the margins %.1f–%.1f", l, w.text, w.xMin, w.xMax, left, right)
			}
		}
	}
}

func abs(f float64) float64 { return max(f, -f) }

func TestMarks(t *testing.T) {
	d := samples()["nghi-quyet"]
	d.Draft, d.Confidential = true, "mật"
	d.Number = "Số      -NQ/ĐU"
	d.Date = time.Time{}
	pdf := renderPDF(t, d, DefaultLayout())
	words, width := boxes(t, pdf, 1)
	draft, secret := phrase(t, words, "DỰ THẢO"), phrase(t, words, "MẬT")
	party := phrase(t, words, "ĐẢNG CỘNG SẢN VIỆT NAM")
	for _, m := range []word{draft, secret} {
		if m.xMin < width/2 || m.yMax > party.yMin {
			t.Errorf("%q at (%.1f, %.1f), want top right above the header", m.text, m.xMin, m.yMin)
		}
	}
	text := squeeze(page(t, pdf, 1))
	if !strings.Contains(text, "Mỹ Tho, ngày tháng năm") {
		t.Errorf("a draft without a date should leave blanks:\n%s", text)
	}
}

func TestDecomposedInput(t *testing.T) {
	nfc := samples()["bien-ban"]
	nfd := nfc
	nfd.Superior, nfd.Issuer, nfd.Number = norm.NFD.String(nfc.Superior), norm.NFD.String(nfc.Issuer), norm.NFD.String(nfc.Number)
	nfd.Place, nfd.TypeName, nfd.Subject = norm.NFD.String(nfc.Place), norm.NFD.String(nfc.TypeName), norm.NFD.String(nfc.Subject)
	nfd.Blocks = nil
	for _, b := range nfc.Blocks {
		nfd.Blocks = append(nfd.Blocks, Block{b.Kind, norm.NFD.String(b.Text)})
	}
	nfd.Signatures = nil
	for _, s := range nfc.Signatures {
		nfd.Signatures = append(nfd.Signatures, Signature{norm.NFD.String(s.Capacity), norm.NFD.String(s.Title), norm.NFD.String(s.Name), norm.NFD.String(s.Note)})
	}
	if nfd.Issuer == nfc.Issuer {
		t.Fatal("the test input is not decomposed")
	}
	want := pdftotext(t, renderPDF(t, nfc, DefaultLayout()), "-layout")
	got := pdftotext(t, renderPDF(t, nfd, DefaultLayout()), "-layout")
	if got != want {
		t.Errorf("decomposed input prints differently:\n--- NFD\n%s\n--- NFC\n%s", got, want)
	}
}
