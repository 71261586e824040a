package docgen

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/go-pdf/fpdf"
)

// node is any XML element, enough to walk a WordprocessingML part.
type node struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Nodes   []node     `xml:",any"`
	Text    string     `xml:",chardata"`
}

func (n *node) attr(local string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// all returns every element named local under n, in document order.
func (n *node) all(local string) []*node {
	var out []*node
	var walk func(*node)
	walk = func(m *node) {
		for i := range m.Nodes {
			c := &m.Nodes[i]
			if c.XMLName.Local == local {
				out = append(out, c)
			}
			walk(c)
		}
	}
	walk(n)
	return out
}

// text is the text of n's w:t elements.
func (n *node) text() string {
	var b strings.Builder
	for _, t := range n.all("t") {
		b.WriteString(t.Text)
	}
	return b.String()
}

// unpack unzips a DOCX, checks that every part is well-formed XML and
// returns the parts by name.
func unpack(t testing.TB, docx []byte) map[string]*node {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(docx), int64(len(docx)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	parts := map[string]*node{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		var n node
		if err := xml.Unmarshal(data, &n); err != nil {
			t.Fatalf("%s is not well-formed XML: %v", f.Name, err)
		}
		parts[f.Name] = &n
	}
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml",
		"word/_rels/document.xml.rels", "docProps/core.xml"} {
		if parts[name] == nil {
			t.Errorf("%s is missing from the package", name)
		}
	}
	// Every part the package refers to must be there, with a content type.
	types := parts["[Content_Types].xml"]
	for _, rels := range []string{"_rels/.rels", "word/_rels/document.xml.rels"} {
		base := strings.TrimSuffix(strings.TrimSuffix(rels, "_rels/.rels"), "_rels/document.xml.rels")
		for _, r := range parts[rels].all("Relationship") {
			target := base + r.attr("Target")
			if parts[target] == nil {
				t.Errorf("%s points to %s, which is missing", rels, target)
			}
			found := false
			for _, o := range types.all("Override") {
				found = found || o.attr("PartName") == "/"+target
			}
			if !found {
				t.Errorf("%s has no content type", target)
			}
		}
	}
	return parts
}

func renderDOCX(t testing.TB, d Document, l Layout) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := DOCX(&buf, d, l); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestDOCX(t *testing.T) {
	for name, d := range samples() {
		for _, l := range []Layout{DefaultLayout(), {Top: 25, Bottom: 25, Left: 35, Right: 15, BodySize: 13}} {
			parts := unpack(t, renderDOCX(t, d, l))
			doc := parts["word/document.xml"]
			var paras []string
			for _, p := range doc.all("p") {
				paras = append(paras, p.text())
			}
			text := strings.Join(paras, "\n")
			must := []string{"ĐẢNG BỘ TỈNH ĐỒNG THÁP", "ĐẢNG ỦY PHƯỜNG MỸ THO", "*", d.Number, "ĐẢNG CỘNG SẢN VIỆT NAM",
				"Mỹ Tho, ngày 09 tháng 01 năm 2026", strings.ToUpper(d.TypeName), strings.Split(d.Subject, "\n")[0]}
			for _, s := range d.Signatures {
				must = append(must, strings.ToUpper(s.Title), s.Name)
			}
			if len(d.Recipients) > 0 {
				must = append(must, "Nơi nhận:", "- Lưu VP.")
			}
			for _, s := range must {
				if !strings.Contains(text, s) {
					t.Errorf("%s: %q missing from document.xml:\n%s", name, s, text)
				}
			}

			sect := doc.all("sectPr")
			if len(sect) != 1 {
				t.Fatalf("%s: %d sectPr, want 1", name, len(sect))
			}
			sz := sect[0].all("pgSz")[0]
			if sz.attr("w") != "11906" || sz.attr("h") != "16838" {
				t.Errorf("%s: page size %s×%s, want A4 11906×16838", name, sz.attr("w"), sz.attr("h"))
			}
			mar := sect[0].all("pgMar")[0]
			for side, mm := range map[string]float64{"top": l.Top, "bottom": l.Bottom, "left": l.Left, "right": l.Right} {
				want := int(math.Round(mm / 25.4 * 1440))
				if got, _ := strconv.Atoi(mar.attr(side)); got != want {
					t.Errorf("%s: margin %s = %d twips, want %d (%.0f mm)", name, side, got, want, mm)
				}
			}
			if len(sect[0].all("titlePg")) != 1 {
				t.Errorf("%s: no titlePg: page 1 would carry a number", name)
			}
			// The default header (pages 2 on) has the PAGE field; the first
			// page's has no text.
			rels := map[string]string{}
			for _, r := range parts["word/_rels/document.xml.rels"].all("Relationship") {
				rels[r.attr("Id")] = "word/" + r.attr("Target")
			}
			for _, ref := range sect[0].all("headerReference") {
				hdr := parts[rels[ref.attr("id")]]
				if hdr == nil {
					t.Fatalf("%s: header %s missing", name, ref.attr("id"))
				}
				var instr string
				for _, i := range hdr.all("instrText") {
					instr += i.Text
				}
				switch ref.attr("type") {
				case "default":
					if strings.TrimSpace(instr) != "PAGE" {
						t.Errorf("%s: the default header has field %q, want PAGE", name, instr)
					}
				case "first":
					if instr != "" || hdr.text() != "" {
						t.Errorf("%s: the first page's header is not empty", name)
					}
				}
			}
			// Body size from the layout, in half-points.
			if got := parts["word/styles.xml"].all("sz")[0].attr("val"); got != strconv.Itoa(int(l.BodySize*2)) {
				t.Errorf("%s: default size %s half-points, want %v pt", name, got, l.BodySize)
			}
		}
	}
}

func TestDOCXEscapes(t *testing.T) {
	d := samples()["bao-cao"]
	d.Blocks = []Block{{Paragraph, "a < b && c > d \"quoted\" 'x' \x01\x1b\uFFFE\uFFFF ]]> <w:p/> end"}}
	d.Subject = "tình hình <tháng 12> & \u0301lỗi"
	doc := unpack(t, renderDOCX(t, d, DefaultLayout()))["word/document.xml"]
	var found bool
	for _, p := range doc.all("p") {
		if s := p.text(); strings.Contains(s, "a < b && c > d \"quoted\" 'x'") {
			found = true
			if !strings.HasSuffix(s, "]]> <w:p/> end") || strings.ContainsAny(s, "\x01\x1b\uFFFE\uFFFF") {
				t.Errorf("paragraph text %q", s)
			}
		}
	}
	if !found {
		t.Error("the escaped paragraph is missing")
	}
}

// TestPartyNameWidth keeps the DOCX rule under ĐẢNG CỘNG SẢN VIỆT NAM as
// long as the text.
func TestPartyNameWidth(t *testing.T) {
	p := fpdf.New("P", "mm", "A4", "")
	p.AddUTF8FontFromBytes("serif", "B", serifBold)
	p.SetFont("serif", "B", sizeParty)
	if w := p.GetStringWidth(partyName); math.Abs(w-partyNameWidth) > 0.5 {
		t.Errorf("ĐẢNG CỘNG SẢN VIỆT NAM is %.1f mm wide in 15 pt bold; partyNameWidth says %.1f", w, partyNameWidth)
	}
}

// TestDOCXLibreOffice converts the DOCX to PDF with LibreOffice when it is
// installed and checks the same things as the PDF tests.
func TestDOCXLibreOffice(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		if os.Getenv("NGHISU_REQUIRE_ALL") == "1" {
			t.Fatal("soffice (LibreOffice) is missing: .ci/run installs libreoffice-writer-nogui")
		}
		t.Skip("soffice (LibreOffice) is missing; the DOCX is checked by its XML only")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "doc.docx")
	if err := os.WriteFile(in, renderDOCX(t, longMinutes(3), DefaultLayout()), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(soffice, "--headless", "--convert-to", "pdf", "--outdir", dir, in)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	pdf, err := os.ReadFile(filepath.Join(dir, "doc.pdf"))
	if errors.Is(err, os.ErrNotExist) {
		t.Fatal("LibreOffice wrote no PDF")
	}
	words, width := boxes(t, pdf, 1)
	if p := phrase(t, words, "ĐẢNG CỘNG SẢN VIỆT NAM"); p.xMin < width/2 {
		t.Errorf("in LibreOffice ĐẢNG CỘNG SẢN VIỆT NAM starts at %.1f pt, left of the middle", p.xMin)
	}
	if first := firstLine(page(t, pdf, 2)); first != "2" {
		t.Errorf("in LibreOffice page 2 starts with %q, want its number", first)
	}
}
