package docgen

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/go-pdf/fpdf"

	"nghisu/internal/vntext"
)

// Sizes in pt fixed by Hướng dẫn 36; the body size is the Layout's.
const (
	sizeHeader    = 14.0 // superior, issuer, number, date line
	sizeParty     = 15.0 // ĐẢNG CỘNG SẢN VIỆT NAM
	sizeType      = 16.0 // NGHỊ QUYẾT, BIÊN BẢN, …
	sizeSubject   = 14.0
	sizeRecvLabel = 12.0
	sizeRecv      = 11.0
	sizeNote      = 10.0
	sizePageNo    = 13.0
	sizeMark      = 13.0

	ptToMM       = 25.4 / 72
	lineSpacing  = 1.3  // body line height as a multiple of the size
	headerFactor = 1.25 // header lines sit a little closer
	indent       = 10.0 // first-line indent, mm
	paraAfter    = 6 * ptToMM
	signSpace    = 25.0 // room for the hand signature and seal, mm
	pageW, pageH = 210.0, 297.0
)

const partyName = "ĐẢNG CỘNG SẢN VIỆT NAM"

// align is how a run of lines is set.
type align int

const (
	alignLeft align = iota
	alignCenter
	alignJustify
	alignRight
)

// pdfDoc draws onto one fpdf document, breaking pages itself so that a
// signature block is never split and page numbers follow our rule.
type pdfDoc struct {
	pdf   *fpdf.Fpdf
	l     Layout
	y     float64 // top of the next line, mm
	added [4]bool // fonts are registered on first use: each costs time
	style int
	size  float64
}

func newPDF(l Layout, title string) *pdfDoc {
	p := fpdf.New("P", "mm", "A4", "")
	p.SetMargins(l.Left, l.Top, l.Right)
	p.SetAutoPageBreak(false, l.Bottom)
	p.SetTitle(title, true)
	p.SetCreator("nghisu", true)
	p.SetLang("vi")
	p.SetLineWidth(0.3)
	return &pdfDoc{pdf: p, l: l}
}

// PDF writes d as a party-format PDF on A4.
func PDF(w io.Writer, d Document, l Layout) error {
	if err := l.Validate(); err != nil {
		return err
	}
	if err := d.Validate(); err != nil {
		return err
	}
	r := newPDF(l, titleOf(d))
	r.newPage()
	r.document(d)
	return r.output(w)
}

func titleOf(d Document) string {
	return strings.TrimSpace(upper(d.TypeName) + " " + strings.ReplaceAll(clean(d.Subject), "\n", " "))
}

// clean is vntext.Clean followed by printable: every string drawn goes
// through it, so decomposed input prints as composed.
func clean(s string) string { return printable(vntext.Clean(s)) }

func (r *pdfDoc) setFont(style int, size float64) {
	if !r.added[style] {
		r.pdf.AddUTF8FontFromBytes("serif", styles[style], *fontFiles[style])
		r.added[style] = true
	}
	r.pdf.SetFont("serif", styles[style], size)
	r.style, r.size = style, size
}

const (
	regular = iota
	bold
	italic
	boldItalic
)

func (r *pdfDoc) contentW() float64 { return pageW - r.l.Left - r.l.Right }
func (r *pdfDoc) bottom() float64   { return pageH - r.l.Bottom }

// newPage starts a page; every page but the first carries its number
// centred in the top margin.
func (r *pdfDoc) newPage() {
	r.pdf.AddPage()
	r.y = r.l.Top
	if n := r.pdf.PageNo(); n > 1 {
		style, size := r.style, r.size
		r.setFont(regular, sizePageNo)
		s := strconv.Itoa(n)
		w := r.pdf.GetStringWidth(s)
		r.text(r.l.Left+(r.contentW()-w)/2, r.l.Top/2-2, sizePageNo*ptToMM*1.2, s)
		if size > 0 {
			r.setFont(style, size)
		}
	}
}

// lineH is the height of one line of the current font.
func (r *pdfDoc) lineH(factor float64) float64 { return r.size * ptToMM * factor }

// text draws s in a line box whose top is y, on the baseline fpdf's
// CellFormat would use.
func (r *pdfDoc) text(x, y, h float64, s string) {
	r.pdf.Text(x, y+h/2+0.3*r.size*ptToMM, s)
}

// wrap breaks text into lines no wider than the widths given (first line,
// then the others); a word longer than a line is cut.
func (r *pdfDoc) wrap(text string, first, rest float64) [][]string {
	var lines [][]string
	var cur []string
	width, avail := 0.0, first
	space := r.pdf.GetStringWidth(" ")
	for _, word := range strings.Fields(text) {
		ww := r.pdf.GetStringWidth(word)
		for ww > avail && len(cur) == 0 && len([]rune(word)) > 1 {
			head, tail := r.cut(word, avail)
			lines = append(lines, []string{head})
			avail = rest
			word, ww = tail, r.pdf.GetStringWidth(tail)
		}
		if len(cur) > 0 && width+space+ww > avail {
			lines = append(lines, cur)
			cur, width, avail = nil, 0, rest
			for ww > avail && len([]rune(word)) > 1 {
				head, tail := r.cut(word, avail)
				lines = append(lines, []string{head})
				word, ww = tail, r.pdf.GetStringWidth(tail)
			}
		}
		if len(cur) > 0 {
			width += space
		}
		cur = append(cur, word)
		width += ww
	}
	if len(cur) > 0 {
		lines = append(lines, cur)
	}
	return lines
}

// cut splits a word at the last rune that fits in w (at least one rune).
func (r *pdfDoc) cut(word string, w float64) (string, string) {
	runes := []rune(word)
	n := 1
	for n < len(runes) && r.pdf.GetStringWidth(string(runes[:n+1])) <= w {
		n++
	}
	return string(runes[:n]), string(runes[n:])
}

// block sets text in the column [x, x+w) from r.y on, breaking pages when
// flow is set. The first line starts at x+first, the others at x+rest.
func (r *pdfDoc) block(text string, x, w, first, rest float64, a align, factor float64, flow bool) {
	lh := r.lineH(factor)
	space := r.pdf.GetStringWidth(" ")
	lines := r.wrap(text, w-first, w-rest)
	for i, words := range lines {
		if flow && r.y+lh > r.bottom() {
			style, size := r.style, r.size
			r.newPage()
			r.setFont(style, size)
		}
		lx, avail := x+rest, w-rest
		if i == 0 {
			lx, avail = x+first, w-first
		}
		sum := 0.0
		for _, wd := range words {
			sum += r.pdf.GetStringWidth(wd)
		}
		natural := sum + space*float64(len(words)-1)
		gap := space
		switch {
		case a == alignJustify && i < len(lines)-1 && len(words) > 1:
			gap = (avail - sum) / float64(len(words)-1)
		case a == alignCenter:
			lx += (avail - natural) / 2
		case a == alignRight:
			lx += avail - natural
		}
		if gap == space {
			// One text run: smaller output and exact spaces for copy-paste.
			r.text(lx, r.y, lh, strings.Join(words, " "))
		} else {
			for _, wd := range words {
				r.text(lx, r.y, lh, wd)
				lx += r.pdf.GetStringWidth(wd) + gap
			}
		}
		r.y += lh
	}
}

// height is how tall block would be, without drawing.
func (r *pdfDoc) height(text string, w, first, rest, factor float64) float64 {
	return float64(len(r.wrap(text, w-first, w-rest))) * r.lineH(factor)
}

// hrule draws a centred rule of width w at y in the column [x, x+cw).
func (r *pdfDoc) hrule(x, cw, w, y float64) {
	r.pdf.Line(x+(cw-w)/2, y, x+(cw+w)/2, y)
}

// columns splits the content width into the header's left and right
// columns: the right one must hold ĐẢNG CỘNG SẢN VIỆT NAM and the date line.
func (r *pdfDoc) columns() (leftW, rightW float64) {
	cw := r.contentW()
	leftW = cw * 0.45
	return leftW, cw - leftW
}

// document draws d from r.y on.
func (r *pdfDoc) document(d Document) {
	r.marks(d.marks())
	r.header(d)
	r.title(d)
	r.body(d.Blocks, r.closingHeight(d))
	r.closing(d)
}

// marks draws the confidentiality and draft marks boxed at the top right,
// above the header.
func (r *pdfDoc) marks(marks []string) {
	if len(marks) == 0 {
		return
	}
	r.setFont(bold, sizeMark)
	h := r.lineH(1.4)
	x := r.l.Left + r.contentW()
	for i := len(marks) - 1; i >= 0; i-- {
		w := r.pdf.GetStringWidth(marks[i]) + 4
		x -= w
		r.pdf.Rect(x, r.y, w, h, "D")
		r.text(x+2, r.y, h, marks[i])
		x -= 3
	}
	r.y += h + 3
}

// header draws the two header columns.
func (r *pdfDoc) header(d Document) {
	leftW, rightW := r.columns()
	x0, x1 := r.l.Left, r.l.Left+leftW
	top := r.y

	if s := printable(upper(d.Superior)); s != "" {
		r.setFont(regular, sizeHeader)
		r.block(s, x0, leftW, 0, 0, alignCenter, headerFactor, false)
	}
	r.setFont(bold, sizeHeader)
	r.block(printable(upper(d.Issuer)), x0, leftW, 0, 0, alignCenter, headerFactor, false)
	r.setFont(regular, sizeHeader)
	r.block("*", x0, leftW, 0, 0, alignCenter, headerFactor, false)
	if s := clean(d.Number); s != "" {
		r.block(s, x0, leftW, 0, 0, alignCenter, headerFactor, false)
	}
	if upper(d.TypeName) == "" {
		// A công văn has no type name: its subject ("V/v …") goes under
		// the number, in smaller type.
		r.setFont(regular, 12)
		for _, p := range paragraphs(d.Subject) {
			r.block(printable(p), x0, leftW, 0, 0, alignCenter, headerFactor, false)
		}
	}
	leftBottom := r.y

	r.y = top
	r.setFont(bold, sizeParty)
	lh := r.lineH(headerFactor)
	r.block(partyName, x1, rightW, 0, 0, alignCenter, headerFactor, false)
	// Below the dots of Ộ and Ệ, as long as the text.
	r.hrule(x1, rightW, r.pdf.GetStringWidth(partyName), r.y+0.3)
	r.y += lh * 0.5
	r.setFont(italic, sizeHeader)
	r.block(printable(dateLine(d.Place, d.Date)), x1, rightW, 0, 0, alignCenter, headerFactor, false)

	r.y = max(r.y, leftBottom) + 6
}

// title draws the type name and the subject with its short rule.
func (r *pdfDoc) title(d Document) {
	cw := r.contentW()
	typeName := printable(upper(d.TypeName))
	if typeName == "" {
		r.y += 2
		return
	}
	r.setFont(bold, sizeType)
	r.block(typeName, r.l.Left, cw, 0, 0, alignCenter, 1.2, true)
	r.setFont(bold, sizeSubject)
	for _, p := range paragraphs(d.Subject) {
		r.block(printable(p), r.l.Left, cw, 0, 0, alignCenter, 1.2, true)
	}
	r.y += 3
	r.hrule(r.l.Left, cw, 20, r.y)
	r.y += 6
}

// body draws the blocks. When the closing would stand alone on a new page,
// the last paragraph goes with it: a signature page without text invites a
// different text to be put above the signatures.
func (r *pdfDoc) body(blocks []Block, closing float64) {
	var flat []Block
	for _, b := range blocks {
		for _, p := range paragraphs(b.Text) {
			flat = append(flat, Block{b.Kind, printable(p)})
		}
	}
	for i, b := range flat {
		if i == len(flat)-1 {
			h := r.paragraphHeight(b) + paraAfter + closing
			if r.y+h > r.bottom() && r.l.Top+h <= r.bottom() {
				r.newPage()
			}
		}
		r.paragraph(b, true)
		r.y += paraAfter
	}
}

// paragraph lays out one line of a block: its font, indents and alignment.
// With draw unset it only sets the font and returns the geometry.
func (r *pdfDoc) paragraph(b Block, draw bool) (first, rest float64, a align) {
	first, a = indent, alignJustify
	switch b.Kind {
	case Heading:
		r.setFont(bold, r.l.BodySize)
	case Centered:
		r.setFont(bold, r.l.BodySize)
		first, a = 0, alignCenter
	case Item:
		r.setFont(regular, r.l.BodySize)
		rest = indent
		if m := itemMarker(b.Text); m != "" {
			rest += r.pdf.GetStringWidth(m)
		}
	default:
		r.setFont(regular, r.l.BodySize)
	}
	if draw {
		r.block(b.Text, r.l.Left, r.contentW(), first, rest, a, lineSpacing, true)
	}
	return first, rest, a
}

func (r *pdfDoc) paragraphHeight(b Block) float64 {
	first, rest, _ := r.paragraph(b, false)
	return r.height(b.Text, r.contentW(), first, rest, lineSpacing)
}

// itemMarker is the "- " or "+ " that starts an item, which continuation
// lines align after.
func itemMarker(p string) string {
	for _, m := range []string{"- ", "+ ", "– ", "• "} {
		if strings.HasPrefix(p, m) {
			return m
		}
	}
	return ""
}

// closing draws the signature blocks and "Nơi nhận", kept together on one
// page: one signature sits right with the recipients left, level with it;
// two signatures take both columns and the recipients follow below.
func (r *pdfDoc) closing(d Document) {
	leftW, rightW := r.columns()
	x0, x1 := r.l.Left, r.l.Left+leftW
	recips := recipientLines(d.Recipients)
	sigs := d.Signatures
	sigH, need := r.closingSize(sigs, recips)
	if r.y+need > r.bottom() {
		r.newPage()
	}
	r.y += 2
	top := r.y
	switch len(sigs) {
	case 0:
		r.recipients(recips, x0, leftW)
	case 1:
		r.signature(sigs[0], x1, rightW)
		bottom := r.y
		r.y = top
		r.recipients(recips, x0, leftW)
		r.y = max(r.y, bottom)
	default:
		r.signature(sigs[0], x0, leftW)
		r.y = top
		r.signature(sigs[1], x1, rightW)
		r.y = top + sigH + 4
		r.recipients(recips, x0, leftW)
	}
}

// closingSize is the height of the tallest signature and of the whole
// closing.
func (r *pdfDoc) closingSize(sigs []Signature, recips []string) (sigH, need float64) {
	leftW, rightW := r.columns()
	for _, s := range sigs {
		sigH = max(sigH, r.signatureHeight(s, rightW))
	}
	recH := r.recipientsHeight(recips, leftW)
	if len(sigs) == 2 {
		return sigH, 2 + sigH + 4 + recH
	}
	return sigH, 2 + max(sigH, recH)
}

func (r *pdfDoc) closingHeight(d Document) float64 {
	_, need := r.closingSize(d.Signatures, recipientLines(d.Recipients))
	return need
}

func recipientLines(in []string) []string {
	var out []string
	for _, s := range in {
		if s = clean(s); s != "" {
			out = append(out, strings.ReplaceAll(s, "\n", " "))
		}
	}
	return out
}

func (r *pdfDoc) signatureLines(s Signature) (capacity, title, name, note string) {
	return printable(upper(s.Capacity)), printable(upper(s.Title)), clean(s.Name), clean(s.Note)
}

func (r *pdfDoc) signatureHeight(s Signature, w float64) float64 {
	capacity, title, name, note := r.signatureLines(s)
	r.setFont(bold, sizeHeader)
	h := r.height(capacity, w, 0, 0, 1.2) + r.height(title, w, 0, 0, 1.2) + signSpace + r.height(name, w, 0, 0, 1.2)
	if note != "" {
		r.setFont(italic, sizeNote)
		h += r.height(note, w, 0, 0, 1.2)
	}
	return h
}

func (r *pdfDoc) signature(s Signature, x, w float64) {
	capacity, title, name, note := r.signatureLines(s)
	r.setFont(bold, sizeHeader)
	r.block(capacity, x, w, 0, 0, alignCenter, 1.2, false)
	r.block(title, x, w, 0, 0, alignCenter, 1.2, false)
	r.y += signSpace
	r.block(name, x, w, 0, 0, alignCenter, 1.2, false)
	if note != "" {
		r.setFont(italic, sizeNote)
		r.block(note, x, w, 0, 0, alignCenter, 1.2, false)
	}
}

func (r *pdfDoc) recipientsHeight(lines []string, w float64) float64 {
	if len(lines) == 0 {
		return 0
	}
	r.setFont(boldItalic, sizeRecvLabel)
	h := r.lineH(1.2)
	r.setFont(regular, sizeRecv)
	for _, s := range lines {
		h += r.height(s, w, 0, r.hang(s), 1.2)
	}
	return h
}

func (r *pdfDoc) hang(s string) float64 {
	if m := itemMarker(s); m != "" {
		return r.pdf.GetStringWidth(m)
	}
	return 0
}

func (r *pdfDoc) recipients(lines []string, x, w float64) {
	if len(lines) == 0 {
		return
	}
	r.setFont(boldItalic, sizeRecvLabel)
	r.block("Nơi nhận:", x, w, 0, 0, alignLeft, 1.2, false)
	r.setFont(regular, sizeRecv)
	for _, s := range lines {
		r.block(s, x, w, 0, r.hang(s), alignLeft, 1.2, true)
	}
}

// output writes the PDF; fpdf's errors are wrapped in a sentence for the user.
func (r *pdfDoc) output(w io.Writer) error {
	if err := r.pdf.Output(w); err != nil {
		return fmt.Errorf("Không tạo được tệp PDF: %w", err)
	}
	return nil
}
