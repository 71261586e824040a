package web

import (
	"bytes"
	"net/http/httptest"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// checkValues fails unless every value a handler can read from f is clean:
// valid UTF-8 in NFC, one-line values without line breaks or controls, ids
// and days either read or a field's problem.
func checkValues(t *testing.T, f *form) {
	t.Helper()
	for k := range f.r.PostForm {
		for _, v := range []string{f.Str(k), f.Text(k)} {
			if !utf8.ValidString(v) || !norm.NFC.IsNormalString(v) || v != strings.TrimSpace(v) {
				t.Fatalf("field %+q: value %+q is not clean text", k, v)
			}
		}
		for _, r := range f.Str(k) {
			if unicode.IsControl(r) || r != ' ' && unicode.IsSpace(r) {
				t.Fatalf("field %+q: one-line value %+q holds %U", k, f.Str(k), r)
			}
		}
		for _, l := range f.Lines(k) {
			if l == "" || strings.ContainsAny(l, "\r\n") {
				t.Fatalf("field %+q: line %+q", k, l)
			}
		}
		before := f.errs.Has(k)
		if n := f.Int64(k); n < 0 || n != 0 && f.errs.Has(k) && !before {
			t.Fatalf("field %+q: id %d with a problem", k, n)
		}
		if d := f.Date(k); !d.IsZero() && (d.Month < 1 || d.Month > 12 || d.Day < 1 || d.Day > 31) {
			t.Fatalf("field %+q: day %+v", k, d)
		}
		_ = f.DateTime(k, k)
	}
}

// A posted form, whatever its body, is read without panicking into clean
// values or refused as a whole.
func FuzzParseForm(f *testing.F) {
	for _, s := range []string{"", "a=1&b=2", "title=Ngh%E1%BB%8B+quy%E1%BA%BFt&date=09%2F01%2F2026", "x=%ff%fe%00&x=%0d%0a",
		"id=-1&id=99999999999999999999&d=31%2F02%2F2026&t=25%3A61", "%zz=1", "a=e%CC%82%CC%81", "=&&&=", "a=" + strings.Repeat("%E2%80%8B", 50)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		r := httptest.NewRequest("POST", "/x", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		fm, err := parseForm(httptest.NewRecorder(), r)
		if err != nil {
			return
		}
		checkValues(t, fm)
	})
}

// A form with a file, whatever its body, is read without panicking: the
// file is within the limit, the values clean, or the form refused.
func FuzzFileForm(f *testing.F) {
	const boundary = "XyZ"
	part := func(name, filename, body string) string {
		h := `Content-Disposition: form-data; name="` + name + `"`
		if filename != "" {
			h += `; filename="` + filename + `"`
		}
		return "--" + boundary + "\r\n" + h + "\r\n\r\n" + body + "\r\n"
	}
	f.Add([]byte(part("title", "", "Tờ trình") + part("file", "to-trinh.pdf", "%PDF-1.4 x") + "--" + boundary + "--\r\n"))
	f.Add([]byte(part("file", "a\".pdf", strings.Repeat("x", 3000)) + "--" + boundary + "--\r\n"))
	f.Add([]byte(part("file", "", "") + part("file", "b.png", "\x89PNG") + "--" + boundary + "--\r\n"))
	f.Add([]byte("--" + boundary + "\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno end"))
	f.Add([]byte("garbage"))
	s := &Server{cfg: Config{MaxUpload: 2048}}
	f.Fuzz(func(t *testing.T, body []byte) {
		r := httptest.NewRequest("POST", "/x", bytes.NewReader(body))
		r.Header.Set("Content-Type", "multipart/form-data; boundary="+boundary)
		fm, up, err := s.fileForm(httptest.NewRecorder(), r)
		if err != nil {
			return
		}
		if up != nil && int64(len(up.Data)) > s.cfg.MaxUpload+1 {
			t.Fatalf("file of %d bytes read past the limit", len(up.Data))
		}
		checkValues(t, fm)
	})
}
