package docgen

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"nghisu/internal/vntext"
)

// The DOCX is plain WordprocessingML written by hand: no served library
// fits, and the format needs only a dozen elements. Word is strict about
// the order of elements inside pPr, rPr, tblPr and sectPr; the order here
// follows the schema (ECMA-376 part 1).

const (
	nsW = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsR = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

	a4W, a4H = 11906, 16838 // twips
	// partyNameWidth is the width of ĐẢNG CỘNG SẢN VIỆT NAM in 15 pt bold
	// Times, for the rule under it; TestPartyNameWidth checks it against
	// the font.
	partyNameWidth = 72.9 // mm
)

func twips(mm float64) int { return int(math.Round(mm * 1440 / 25.4)) }

// halfPoints is a font size as Word stores it.
func halfPoints(pt float64) string { return strconv.Itoa(int(math.Round(pt * 2))) }

// DOCX writes d as a Word document with the same layout as PDF.
func DOCX(w io.Writer, d Document, l Layout) error {
	if err := l.Validate(); err != nil {
		return err
	}
	if err := d.Validate(); err != nil {
		return err
	}
	title := titleOf(d)
	files := []struct{ name, body string }{
		{"[Content_Types].xml", contentTypes},
		{"_rels/.rels", rootRels},
		{"docProps/core.xml", coreXML(title, d.Date)},
		{"word/_rels/document.xml.rels", documentRels},
		{"word/styles.xml", stylesXML(l)},
		{"word/settings.xml", settingsXML},
		{"word/header1.xml", pageNumberHeader},
		{"word/header2.xml", emptyHeader},
		{"word/document.xml", documentXML(d, l)},
	}
	zw := zip.NewWriter(w)
	for _, f := range files {
		fw, err := zw.Create(f.name)
		if err != nil {
			return fmt.Errorf("Không tạo được tệp DOCX: %w", err)
		}
		if _, err := io.WriteString(fw, f.body); err != nil {
			return fmt.Errorf("Không tạo được tệp DOCX: %w", err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("Không tạo được tệp DOCX: %w", err)
	}
	return nil
}

const xmlHeader = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"

const contentTypes = xmlHeader + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
	`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
	`<Default Extension="xml" ContentType="application/xml"/>` +
	`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
	`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
	`<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>` +
	`<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>` +
	`<Override PartName="/word/header2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>` +
	`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
	`</Types>`

const rootRels = xmlHeader + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
	`</Relationships>`

const documentRels = xmlHeader + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>` +
	`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>` +
	`<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header2.xml"/>` +
	`</Relationships>`

const settingsXML = xmlHeader + `<w:settings xmlns:w="` + nsW + `">` +
	`<w:defaultTabStop w:val="720"/>` +
	`<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>` +
	`</w:settings>`

// The page number, centred, on every page but the first (w:titlePg gives
// the first page header2, which is empty).
const pageNumberHeader = xmlHeader + `<w:hdr xmlns:w="` + nsW + `"><w:p><w:pPr><w:jc w:val="center"/></w:pPr>` +
	`<w:r><w:rPr><w:sz w:val="26"/><w:szCs w:val="26"/></w:rPr><w:fldChar w:fldCharType="begin"/></w:r>` +
	`<w:r><w:rPr><w:sz w:val="26"/><w:szCs w:val="26"/></w:rPr><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>` +
	`<w:r><w:rPr><w:sz w:val="26"/><w:szCs w:val="26"/></w:rPr><w:fldChar w:fldCharType="separate"/></w:r>` +
	`<w:r><w:rPr><w:sz w:val="26"/><w:szCs w:val="26"/></w:rPr><w:t>2</w:t></w:r>` +
	`<w:r><w:rPr><w:sz w:val="26"/><w:szCs w:val="26"/></w:rPr><w:fldChar w:fldCharType="end"/></w:r>` +
	`</w:p></w:hdr>`

const emptyHeader = xmlHeader + `<w:hdr xmlns:w="` + nsW + `"><w:p/></w:hdr>`

// stylesXML sets Times New Roman, the body size and Vietnamese as the
// defaults: LibreOffice substitutes the metric-compatible Liberation Serif.
func stylesXML(l Layout) string {
	sz := halfPoints(l.BodySize)
	return xmlHeader + `<w:styles xmlns:w="` + nsW + `"><w:docDefaults><w:rPrDefault><w:rPr>` +
		`<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:cs="Times New Roman" w:eastAsia="Times New Roman"/>` +
		`<w:sz w:val="` + sz + `"/><w:szCs w:val="` + sz + `"/><w:lang w:val="vi-VN" w:eastAsia="vi-VN" w:bidi="ar-SA"/>` +
		`</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>` +
		`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>` +
		`<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>` +
		`<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="0" w:type="dxa"/>` +
		`<w:bottom w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>` +
		`</w:styles>`
}

func coreXML(title string, date time.Time) string {
	var b strings.Builder
	b.WriteString(xmlHeader + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
		`xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ` +
		`xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>`)
	b.WriteString(xmlText(title))
	b.WriteString(`</dc:title><dc:creator>nghisu</dc:creator><dc:language>vi-VN</dc:language>`)
	if !date.IsZero() {
		b.WriteString(`<dcterms:created xsi:type="dcterms:W3CDTF">` + date.UTC().Format(time.RFC3339) + `</dcterms:created>`)
	}
	b.WriteString(`</cp:coreProperties>`)
	return b.String()
}

// xmlText escapes s for XML, dropping what XML 1.0 cannot carry at all.
func xmlText(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF {
			return r
		}
		return -1
	}, s)
	var b bytes.Buffer
	_ = xml.EscapeText(&b, []byte(s)) // writes to memory: cannot fail
	return b.String()
}

// rpr is the look of a run.
type rpr struct {
	bold, italic, box bool
	size              float64 // pt; 0: the default
}

func (p rpr) xml() string {
	var b strings.Builder
	if p.bold {
		b.WriteString(`<w:b/><w:bCs/>`)
	}
	if p.italic {
		b.WriteString(`<w:i/><w:iCs/>`)
	}
	if p.size > 0 {
		sz := halfPoints(p.size)
		b.WriteString(`<w:sz w:val="` + sz + `"/><w:szCs w:val="` + sz + `"/>`)
	}
	if p.box {
		b.WriteString(`<w:bdr w:val="single" w:sz="8" w:space="1" w:color="auto"/>`)
	}
	if b.Len() == 0 {
		return ""
	}
	return "<w:rPr>" + b.String() + "</w:rPr>"
}

// run is one run of text; line breaks in text become w:br.
func run(text string, p rpr) string {
	var b strings.Builder
	b.WriteString("<w:r>" + p.xml())
	for i, line := range strings.Split(text, "\n") {
		if i > 0 {
			b.WriteString("<w:br/>")
		}
		b.WriteString(`<w:t xml:space="preserve">` + xmlText(line) + `</w:t>`)
	}
	b.WriteString("</w:r>")
	return b.String()
}

// ppr is the layout of a paragraph, in twips.
type ppr struct {
	jc                     string // left, center, both, right
	before, after          int
	line                   int // exact line height in twips; 0: single
	firstLine, left, right int
	hanging                int
	keepNext               bool
	ruleTop                bool // a rule above: the one under ĐẢNG CỘNG SẢN VIỆT NAM
}

func (p ppr) xml() string {
	var b strings.Builder
	b.WriteString("<w:pPr>")
	if p.keepNext {
		b.WriteString(`<w:keepNext/>`)
	}
	if p.ruleTop {
		b.WriteString(`<w:pBdr><w:top w:val="single" w:sz="6" w:space="0" w:color="auto"/></w:pBdr>`)
	}
	b.WriteString(`<w:spacing w:before="` + strconv.Itoa(p.before) + `" w:after="` + strconv.Itoa(p.after) + `"`)
	if p.line > 0 {
		b.WriteString(` w:line="` + strconv.Itoa(p.line) + `" w:lineRule="exact"`)
	}
	b.WriteString(`/>`)
	if p.firstLine != 0 || p.left != 0 || p.right != 0 || p.hanging != 0 {
		b.WriteString(`<w:ind w:left="` + strconv.Itoa(p.left) + `" w:right="` + strconv.Itoa(p.right) + `"`)
		if p.hanging > 0 {
			b.WriteString(` w:hanging="` + strconv.Itoa(p.hanging) + `"`)
		} else if p.firstLine > 0 {
			b.WriteString(` w:firstLine="` + strconv.Itoa(p.firstLine) + `"`)
		}
		b.WriteString(`/>`)
	}
	if p.jc != "" {
		b.WriteString(`<w:jc w:val="` + p.jc + `"/>`)
	}
	b.WriteString("</w:pPr>")
	return b.String()
}

func para(p ppr, runs ...string) string {
	return "<w:p>" + p.xml() + strings.Join(runs, "") + "</w:p>"
}

// table is a borderless table of fixed columns; cells hold paragraphs.
func table(widths []int, cantSplit bool, cells ...string) string {
	var b strings.Builder
	total := 0
	for _, w := range widths {
		total += w
	}
	b.WriteString(`<w:tbl><w:tblPr><w:tblW w:w="` + strconv.Itoa(total) + `" w:type="dxa"/><w:tblInd w:w="0" w:type="dxa"/><w:tblBorders>`)
	for _, side := range []string{"top", "left", "bottom", "right", "insideH", "insideV"} {
		b.WriteString(`<w:` + side + ` w:val="nil"/>`)
	}
	b.WriteString(`</w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar>` +
		`<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr><w:tblGrid>`)
	for _, w := range widths {
		b.WriteString(`<w:gridCol w:w="` + strconv.Itoa(w) + `"/>`)
	}
	b.WriteString(`</w:tblGrid><w:tr>`)
	if cantSplit {
		b.WriteString(`<w:trPr><w:cantSplit/></w:trPr>`)
	}
	for i, c := range cells {
		if c == "" {
			c = "<w:p/>" // a cell must end with a paragraph
		}
		b.WriteString(`<w:tc><w:tcPr><w:tcW w:w="` + strconv.Itoa(widths[i]) + `" w:type="dxa"/></w:tcPr>` + c + `</w:tc>`)
	}
	b.WriteString(`</w:tr></w:tbl>`)
	return b.String()
}

// documentXML is the body: the same parts in the same places as the PDF.
func documentXML(d Document, l Layout) string {
	var b strings.Builder
	b.WriteString(xmlHeader + `<w:document xmlns:w="` + nsW + `" xmlns:r="` + nsR + `"><w:body>`)

	contentW := a4W - twips(l.Left) - twips(l.Right)
	leftW := int(float64(contentW) * 0.45)
	rightW := contentW - leftW
	center := ppr{jc: "center"}

	if marks := d.marks(); len(marks) > 0 {
		var runs []string
		for i, m := range marks {
			if i > 0 {
				runs = append(runs, run("   ", rpr{size: sizeMark}))
			}
			runs = append(runs, run(m, rpr{bold: true, box: true, size: sizeMark}))
		}
		b.WriteString(para(ppr{jc: "right", after: 120}, runs...))
	}

	// Header.
	var left strings.Builder
	if s := upper(d.Superior); s != "" {
		left.WriteString(para(center, run(s, rpr{size: sizeHeader})))
	}
	left.WriteString(para(center, run(upper(d.Issuer), rpr{bold: true, size: sizeHeader})))
	left.WriteString(para(center, run("*", rpr{size: sizeHeader})))
	if s := vntext.CleanLine(d.Number); s != "" {
		left.WriteString(para(center, run(s, rpr{size: sizeHeader})))
	}
	typeName := upper(d.TypeName)
	if typeName == "" {
		for _, p := range paragraphs(d.Subject) {
			left.WriteString(para(center, run(p, rpr{size: 12})))
		}
	}
	var right strings.Builder
	right.WriteString(para(center, run(partyName, rpr{bold: true, size: sizeParty})))
	ruleInd := max(0, (rightW-twips(partyNameWidth))/2)
	right.WriteString(para(ppr{jc: "center", ruleTop: true, line: 120, left: ruleInd, right: ruleInd}))
	right.WriteString(para(center, run(dateLine(d.Place, d.Date), rpr{italic: true, size: sizeHeader})))
	b.WriteString(table([]int{leftW, rightW}, true, left.String(), right.String()))

	// Type name and subject.
	if typeName != "" {
		b.WriteString(para(ppr{jc: "center", before: 240, keepNext: true}, run(typeName, rpr{bold: true, size: sizeType})))
		for _, p := range paragraphs(d.Subject) {
			b.WriteString(para(ppr{jc: "center", keepNext: true}, run(p, rpr{bold: true, size: sizeSubject})))
		}
		b.WriteString(para(ppr{jc: "center", after: 240}, run("-----", rpr{bold: true, size: sizeSubject})))
	} else {
		b.WriteString(para(ppr{after: 120}))
	}

	// Body.
	first := twips(indent)
	after := 120 // 6 pt
	// An exact line height, as in the PDF: "auto" multiplies the font's own
	// line height (1.15 em for Times), which Word and LibreOffice round
	// differently.
	line := int(math.Round(lineSpacing * l.BodySize * 20))
	for _, blk := range d.Blocks {
		for _, p := range paragraphs(blk.Text) {
			switch blk.Kind {
			case Heading:
				b.WriteString(para(ppr{jc: "both", firstLine: first, after: after, line: line, keepNext: true}, run(p, rpr{bold: true})))
			case Centered:
				b.WriteString(para(ppr{jc: "center", after: after, line: line, keepNext: true}, run(p, rpr{bold: true})))
			case Item:
				hang := 0
				if m := itemMarker(p); m != "" {
					hang = int(math.Round(0.6 * l.BodySize * 20)) // "- " is about 0.6 em wide
				}
				b.WriteString(para(ppr{jc: "both", left: first + hang, hanging: hang, firstLine: first, after: after, line: line}, run(p, rpr{})))
			default:
				b.WriteString(para(ppr{jc: "both", firstLine: first, after: after, line: line}, run(p, rpr{})))
			}
		}
	}

	// Signatures and recipients.
	var recips strings.Builder
	if lines := recipientLinesDOCX(d.Recipients); len(lines) > 0 {
		recips.WriteString(para(ppr{}, run("Nơi nhận:", rpr{bold: true, italic: true, size: sizeRecvLabel})))
		for _, s := range lines {
			recips.WriteString(para(ppr{left: 142, hanging: 142}, run(s, rpr{size: sizeRecv})))
		}
	}
	sigs := d.Signatures
	switch len(sigs) {
	case 0:
		b.WriteString(recips.String())
	case 1:
		b.WriteString(table([]int{leftW, rightW}, true, recips.String(), signatureXML(sigs[0])))
	default:
		b.WriteString(table([]int{leftW, rightW}, true, signatureXML(sigs[0]), signatureXML(sigs[1])))
		if recips.Len() > 0 {
			b.WriteString(para(ppr{after: 120}))
			b.WriteString(recips.String())
		}
	}

	// The body must not end with a table: Word then adds a paragraph itself.
	b.WriteString("<w:p/>")
	fmt.Fprintf(&b, `<w:sectPr><w:headerReference w:type="default" r:id="rId3"/><w:headerReference w:type="first" r:id="rId4"/>`+
		`<w:pgSz w:w="%d" w:h="%d"/><w:pgMar w:top="%d" w:right="%d" w:bottom="%d" w:left="%d" w:header="%d" w:footer="%d" w:gutter="0"/>`+
		`<w:titlePg/></w:sectPr></w:body></w:document>`,
		a4W, a4H, twips(l.Top), twips(l.Right), twips(l.Bottom), twips(l.Left), twips(l.Top/2-2), twips(l.Bottom/2))
	return b.String()
}

func recipientLinesDOCX(in []string) []string {
	var out []string
	for _, s := range in {
		if s = vntext.CleanLine(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func signatureXML(s Signature) string {
	var b strings.Builder
	center := ppr{jc: "center", keepNext: true}
	if c := upper(s.Capacity); c != "" {
		b.WriteString(para(center, run(c, rpr{bold: true, size: sizeHeader})))
	}
	b.WriteString(para(center, run(upper(s.Title), rpr{bold: true, size: sizeHeader})))
	b.WriteString(para(ppr{jc: "center", before: twips(signSpace), keepNext: true}, run(vntext.CleanLine(s.Name), rpr{bold: true, size: sizeHeader})))
	if n := vntext.CleanLine(s.Note); n != "" {
		b.WriteString(para(ppr{jc: "center"}, run(n, rpr{italic: true, size: sizeNote})))
	}
	return b.String()
}
