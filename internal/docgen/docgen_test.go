package docgen

import (
	"bytes"
	"math"
	"strings"
	"testing"
)

func TestLayoutValidate(t *testing.T) {
	if err := DefaultLayout().Validate(); err != nil {
		t.Fatalf("default layout: %v", err)
	}
	if d := DefaultLayout(); d != (Layout{Top: 20, Bottom: 20, Left: 30, Right: 15, BodySize: 14}) {
		t.Errorf("default layout %+v, want 20/20/30/15 mm and 14 pt", d)
	}
	for _, tc := range []struct {
		l    Layout
		want string
	}{
		{Layout{Top: 9, Bottom: 20, Left: 30, Right: 15, BodySize: 14}, "Lề trên"},
		{Layout{Top: 20, Bottom: 51, Left: 30, Right: 15, BodySize: 14}, "Lề dưới"},
		{Layout{Top: 20, Bottom: 20, Left: math.NaN(), Right: 15, BodySize: 14}, "Lề trái"},
		{Layout{Top: 20, Bottom: 20, Left: 30, Right: 0, BodySize: 14}, "Lề phải"},
		{Layout{Top: 20, Bottom: 20, Left: 30, Right: 15, BodySize: 11.5}, "Cỡ chữ"},
		{Layout{Top: 20, Bottom: 20, Left: 30, Right: 15, BodySize: 17}, "Cỡ chữ"},
	} {
		err := tc.l.Validate()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: %v, want a message about %q", tc.l, err, tc.want)
		}
		if err := PDF(&bytes.Buffer{}, samples()["bao-cao"], tc.l); err == nil {
			t.Errorf("PDF accepted layout %+v", tc.l)
		}
		if err := DOCX(&bytes.Buffer{}, samples()["bao-cao"], tc.l); err == nil {
			t.Errorf("DOCX accepted layout %+v", tc.l)
		}
	}
}

func TestDocumentValidate(t *testing.T) {
	for name, d := range samples() {
		if err := d.Validate(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	ok := samples()["bao-cao"]
	for _, tc := range []struct {
		name string
		edit func(*Document)
		want string
	}{
		{"no issuer", func(d *Document) { d.Issuer = " \u200b" }, "cơ quan ban hành"},
		{"no type nor subject", func(d *Document) { d.TypeName, d.Subject = "", "\n" }, "tên loại văn bản hoặc trích yếu"},
		{"no body nor signature", func(d *Document) { d.Blocks, d.Signatures = []Block{{Paragraph, "  "}}, nil }, "chưa có nội dung"},
		{"three signatures", func(d *Document) { d.Signatures = make([]Signature, 3) }, "hai chữ ký"},
		{"unknown secrecy", func(d *Document) { d.Confidential = "bí mật" }, "Độ mật"},
	} {
		d := ok
		tc.edit(&d)
		err := d.Validate()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want a message about %q", tc.name, err, tc.want)
		}
		if err := PDF(&bytes.Buffer{}, d, DefaultLayout()); err == nil {
			t.Errorf("%s: PDF accepted it", tc.name)
		}
	}
	// A công văn has no type name; a signature alone is enough body.
	cv := ok
	cv.TypeName, cv.Subject, cv.Blocks = "", "V/v chuẩn bị hội nghị", nil
	if err := cv.Validate(); err != nil {
		t.Errorf("công văn: %v", err)
	}
	d := ok
	d.Confidential = "tối mật"
	if err := d.Validate(); err != nil {
		t.Errorf("lower-case secrecy mark: %v", err)
	}
}

// TestCongVan puts a công văn's subject under its number, left, since it
// has no type name.
func TestCongVan(t *testing.T) {
	d := samples()["bao-cao"]
	d.TypeName, d.Number, d.Subject = "", "Số 45-CV/ĐU", "V/v chuẩn bị hội nghị"
	words, width := boxes(t, renderPDF(t, d, DefaultLayout()), 1)
	subj, num := phrase(t, words, "V/v chuẩn bị hội nghị"), phrase(t, words, "Số 45-CV/ĐU")
	if subj.xMax > width/2 || subj.yMin < num.yMax {
		t.Errorf("the subject is at (%.1f, %.1f), want under the number (y %.1f) in the left column", subj.xMin, subj.yMin, num.yMax)
	}
}
