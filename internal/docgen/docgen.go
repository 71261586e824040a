// Package docgen writes party-format documents (Hướng dẫn 36-HD/VPTW) as PDF
// and DOCX, and meeting packets (a cover, a table of contents and the
// documents) as one PDF.
package docgen

import (
	"errors"
	"math"
	"strings"
	"time"
	"unicode"

	"nghisu/internal/vntext"
)

// Layout holds the page margins (mm) and the body font size (pt): sources
// disagree on the margins, so each commune sets its own.
type Layout struct {
	Top, Bottom, Left, Right float64
	BodySize                 float64
}

// DefaultLayout is 20/20/30/15 mm and 14 pt (DOMAIN.md §5).
func DefaultLayout() Layout {
	return Layout{Top: 20, Bottom: 20, Left: 30, Right: 15, BodySize: 14}
}

// Validate checks the ranges in which the layout still looks like a party
// document and the header still fits on A4.
func (l Layout) Validate() error {
	var errs []error
	for _, m := range []struct {
		name string
		v    float64
	}{{"trên", l.Top}, {"dưới", l.Bottom}, {"trái", l.Left}, {"phải", l.Right}} {
		if math.IsNaN(m.v) || m.v < 10 || m.v > 50 {
			errs = append(errs, errors.New("Lề "+m.name+" phải từ 10 đến 50 mm."))
		}
	}
	if math.IsNaN(l.BodySize) || l.BodySize < 12 || l.BodySize > 16 {
		errs = append(errs, errors.New("Cỡ chữ phải từ 12 đến 16 pt."))
	}
	return errors.Join(errs...)
}

// Signature is one signature block.
type Signature struct {
	Capacity string // "T/M BAN THƯỜNG VỤ", "T/M ĐẢNG ỦY", or "" (minutes)
	Title    string // "BÍ THƯ", "NGƯỜI GHI BIÊN BẢN", "CHỦ TRÌ HỘI NGHỊ", …
	Name     string
	Note     string // small italic line under the name, e.g. the e-signature time
}

// BlockKind is how a body block is set.
type BlockKind int

const (
	Paragraph BlockKind = iota // justified, first-line indent
	Heading                    // bold, e.g. "I. ĐÁNH GIÁ…"
	Centered                   // bold and centred, e.g. "QUYẾT NGHỊ:"
	Item                       // a "- " or "+ " line with a hanging indent
)

// Block is one piece of the body; a line break in Text starts a new block of
// the same kind.
type Block struct {
	Kind BlockKind
	Text string
}

// Document is one party document.
type Document struct {
	Superior     string    // "ĐẢNG BỘ TỈNH ĐỒNG THÁP"
	Issuer       string    // "ĐẢNG ỦY PHƯỜNG MỸ THO"
	Number       string    // "Số 05-NQ/ĐU", printed as given
	Place        string    // "Mỹ Tho"
	Date         time.Time // zero: blanks for a draft
	TypeName     string    // "NGHỊ QUYẾT", …; empty for a công văn
	Subject      string    // trích yếu; may span lines
	Blocks       []Block
	Signatures   []Signature // one: right column; two: left and right
	Recipients   []string    // "Nơi nhận:" lines
	Draft        bool        // "DỰ THẢO" mark
	Confidential string      // "", "MẬT", "TỐI MẬT", "TUYỆT MẬT"
}

// Validate reports what a document lacks to be printed, in Vietnamese.
func (d Document) Validate() error {
	var errs []error
	if blank(d.Issuer) {
		errs = append(errs, errors.New("Hãy nhập tên cơ quan ban hành văn bản."))
	}
	if blank(d.TypeName) && blank(d.Subject) {
		errs = append(errs, errors.New("Hãy nhập tên loại văn bản hoặc trích yếu nội dung."))
	}
	hasBody := false
	for _, b := range d.Blocks {
		if !blank(b.Text) {
			hasBody = true
			break
		}
	}
	if !hasBody && len(d.Signatures) == 0 {
		errs = append(errs, errors.New("Văn bản chưa có nội dung hoặc chữ ký."))
	}
	if len(d.Signatures) > 2 {
		errs = append(errs, errors.New("Một văn bản có nhiều nhất hai chữ ký."))
	}
	switch upper(d.Confidential) {
	case "", "MẬT", "TỐI MẬT", "TUYỆT MẬT":
	default:
		errs = append(errs, errors.New("Độ mật chỉ có thể là MẬT, TỐI MẬT hoặc TUYỆT MẬT."))
	}
	return errors.Join(errs...)
}

// blank reports whether s shows nothing: spaces, controls and invisible
// format characters (zero-width space, BOM) pasted alone.
func blank(s string) bool {
	return !strings.ContainsFunc(s, func(r rune) bool {
		return !unicode.IsSpace(r) && !unicode.IsControl(r) && !unicode.Is(unicode.Cf, r)
	})
}

// upper is CleanLine then upper case: party bodies, type names and
// signature titles are printed in capitals whatever was typed.
func upper(s string) string { return strings.ToUpper(vntext.CleanLine(s)) }

// dateLine is the italic place-and-date line; a zero date leaves blanks to be
// filled in by hand on a draft.
func dateLine(place string, t time.Time) string {
	if t.IsZero() {
		place = vntext.CleanLine(place)
		if place == "" {
			return "ngày      tháng      năm      "
		}
		return place + ", ngày      tháng      năm      "
	}
	return vntext.PlaceDate(place, t)
}

// paragraphs splits a block's cleaned text into one text per line: a line
// break typed inside a paragraph starts a new paragraph.
func paragraphs(s string) []string {
	s = vntext.Clean(s)
	if s == "" {
		return nil
	}
	var out []string
	for _, p := range strings.Split(s, "\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// marks is the text of the top-right marks, confidentiality first.
func (d Document) marks() []string {
	var m []string
	if c := upper(d.Confidential); c != "" {
		m = append(m, c)
	}
	if d.Draft {
		m = append(m, "DỰ THẢO")
	}
	return m
}
