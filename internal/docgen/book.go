package docgen

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"nghisu/internal/vntext"
)

// Part is one piece of a meeting packet. A nil Doc gives a page with only
// the Note, e.g. for an uploaded file that is read separately.
type Part struct {
	Title string
	Doc   *Document
	Note  string
}

// Book writes a meeting packet: a cover with the title, a table of contents
// with page numbers, then each part from a new page. Pages are numbered
// through the whole packet, from the contents on.
func Book(w io.Writer, title string, parts []Part, l Layout) error {
	if err := l.Validate(); err != nil {
		return err
	}
	var errs []error
	if blank(title) {
		errs = append(errs, errors.New("Hãy nhập tên tập tài liệu."))
	}
	if len(parts) == 0 {
		errs = append(errs, errors.New("Tập tài liệu chưa có tài liệu nào."))
	}
	for i, p := range parts {
		if p.Doc == nil {
			continue
		}
		if err := p.Doc.Validate(); err != nil {
			errs = append(errs, fmt.Errorf("Tài liệu %d: %w", i+1, err))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	// The contents need the page each part starts on, which is known only
	// once the parts are laid out: lay the book out twice. The contents'
	// own length does not depend on the numbers (their column is fixed).
	starts := make([]int, len(parts))
	book(l, title, parts, starts)
	return book(l, title, parts, starts).output(w)
}

const (
	sizeCover   = 18.0
	tocNumberW  = 12.0 // page-number column of the contents, mm
	tocLeaderW  = 10.0 // room kept for the dot leader after a title
	sizeTOCLine = 13.0
)

// book lays the packet out with the start pages given and records in
// starts where each part really began.
func book(l Layout, title string, parts []Part, starts []int) *pdfDoc {
	r := newPDF(l, vntext.CleanLine(title))
	cw := r.contentW()

	r.newPage()
	r.y = pageH / 3
	r.setFont(bold, sizeCover)
	for _, p := range paragraphs(title) {
		r.block(printable(strings.ToUpper(p)), r.l.Left, cw, 0, 0, alignCenter, 1.3, true)
	}

	r.newPage()
	r.setFont(bold, sizeType)
	r.block("MỤC LỤC", r.l.Left, cw, 0, 0, alignCenter, 1.3, true)
	r.y += 6
	for i, p := range parts {
		r.tocLine(strconv.Itoa(i+1)+". ", printable(vntext.CleanLine(p.Title)), starts[i])
	}

	for i, p := range parts {
		r.newPage()
		starts[i] = r.pdf.PageNo()
		label := printable(vntext.CleanLine(p.Title))
		if p.Doc == nil {
			r.y += 20
			r.setFont(bold, sizeType)
			r.block(label, r.l.Left, cw, 0, 0, alignCenter, 1.3, true)
			r.y += 6
			r.body([]Block{{Kind: Paragraph, Text: p.Note}}, 0)
			continue
		}
		// The part's title above the document tells the reader where in
		// the packet they are.
		r.setFont(italic, sizeRecvLabel)
		r.block(label, r.l.Left, cw, 0, 0, alignRight, 1.2, true)
		r.y += 3
		r.document(*p.Doc)
	}
	return r
}

// tocLine writes one line of the contents: number, title (wrapped), a dot
// leader and the page number at the right.
func (r *pdfDoc) tocLine(num, title string, page int) {
	cw := r.contentW()
	r.setFont(regular, sizeTOCLine)
	numW := r.pdf.GetStringWidth(num)
	textW := cw - tocNumberW - tocLeaderW
	lines := r.wrap(num+title, textW, textW-numW)
	lh := r.lineH(1.3)
	if r.y+lh*float64(len(lines)) > r.bottom() {
		r.newPage()
		r.setFont(regular, sizeTOCLine)
	}
	space := r.pdf.GetStringWidth(" ")
	for i, words := range lines {
		x := r.l.Left
		if i > 0 {
			x += numW
		}
		s := strings.Join(words, " ")
		r.text(x, r.y, lh, s)
		if i == len(lines)-1 {
			end := x + r.pdf.GetStringWidth(s) + space
			pn := strconv.Itoa(page)
			pnW := r.pdf.GetStringWidth(pn)
			right := r.l.Left + cw
			dotW := r.pdf.GetStringWidth(".")
			if n := int((right - pnW - space - end) / dotW); n > 0 {
				r.text(end, r.y, lh, strings.Repeat(".", n))
			}
			r.text(right-pnW, r.y, lh, pn)
		}
		r.y += lh
	}
	r.y += 2
}
