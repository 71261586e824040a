package web_test

import (
	"fmt"
	"mime"
	"net/http"
	"strings"
	"testing"

	"nghisu/internal/db"
	"nghisu/internal/model"
	"nghisu/internal/testutil"
)

// Nothing uploaded can come back as a page: through each form that takes a
// file (a meeting paper, a task's evidence, a written opinion request's
// paper), HTML and SVG are refused whatever they are named, and a PDF that
// is also HTML, named to look like a page, downloads as an attachment of
// type PDF, never sniffed, in a sandbox, saved under a name ending ".pdf".
func TestUploadsAreNeverServedAsPages(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := testutil.NewServerWith(t, d, testutil.Options{Communes: 2})
		sec := srv.Login(t, "bithu.mytho")
		mtg, _, _, _, _, _, _, _ := preparation(t, srv)
		task, _ := demoTask(t, srv)
		bch := srv.Body(t, "Mỹ Tho", model.BodyCommittee)

		html := []byte("<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>")
		svg := []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>`)
		hostile := []struct {
			name string
			data []byte
		}{
			{"trang.html", html}, {"trang.htm", html}, {"trang.xhtml", html}, {"hinh.svg", svg},
			{"to-trinh.pdf", html}, {"hinh.png", svg}, {"anh.jpg", html}, {"bang.xlsx", svg}, {"trang", html},
		}
		polyglot := []byte("%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>\n%%EOF\n")
		const disguised = "trang.html;.pdf"

		opinionFields := map[string]string{"title": "Chủ trương sửa chữa trụ sở", "question": "Đề nghị các đồng chí cho ý kiến về chủ trương.",
			"decision_kind": "ordinary", "deadline_date": "2026-03-20", "deadline_time": "17:00"}
		forms := []struct {
			what   string
			upload func(name string, data []byte) testutil.Response
			// download finds the last uploaded file's address.
			download func(t *testing.T, accepted testutil.Response) string
		}{
			{"paper", func(name string, data []byte) testutil.Response { return uploadPaper(t, sec, mtg, name, data) },
				func(t *testing.T, _ testutil.Response) string {
					docs, err := srv.App.Store.Documents(ctx, mtg)
					if err != nil {
						t.Fatal(err)
					}
					var last int64
					for _, d := range docs {
						if d.Format == model.FormatFile && d.ID > last {
							last = d.ID
						}
					}
					return fmt.Sprintf("/documents/%d/versions/1/file", last)
				}},
			{"task evidence", func(name string, data []byte) testutil.Response {
				ct, body := multipartReport(t, map[string]string{"status": "on_track", "percent": "80"}, name, data)
				return sec.Do(t, "POST", fmt.Sprintf("/tasks/%d/report", task), ct, body)
			}, func(t *testing.T, _ testutil.Response) string {
				h, err := srv.App.Store.TaskEvents(ctx, task)
				if err != nil || h[len(h)-1].FileID == 0 {
					t.Fatalf("task history: %v", err)
				}
				return fmt.Sprintf("/tasks/%d/files/%d", task, h[len(h)-1].FileID)
			}},
			{"opinion request", func(name string, data []byte) testutil.Response {
				return askForm(t, sec, bch.ID, opinionFields, name, data)
			}, func(t *testing.T, accepted testutil.Response) string {
				return accepted.Header.Get("Location") + "/file"
			}},
		}
		for _, f := range forms {
			for _, h := range hostile {
				r := f.upload(h.name, h.data)
				if r.StatusCode != http.StatusConflict && r.StatusCode != http.StatusUnprocessableEntity {
					t.Errorf("%s %s: %d, want refused (409 or 422)", f.what, h.name, r.StatusCode)
				}
			}
			r := f.upload(disguised, polyglot)
			if r.StatusCode != http.StatusSeeOther {
				t.Fatalf("%s: the PDF named %q: %d %s", f.what, disguised, r.StatusCode, r.Body)
			}
			path := f.download(t, r)
			dl := sec.Get(t, path)
			if dl.StatusCode != http.StatusOK || dl.Body != string(polyglot) {
				t.Fatalf("%s: GET %s: %d", f.what, path, dl.StatusCode)
			}
			disp, params, err := mime.ParseMediaType(dl.Header.Get("Content-Disposition"))
			if err != nil || disp != "attachment" || !strings.HasSuffix(params["filename"], ".pdf") {
				t.Errorf("%s: Content-Disposition %q: %s %v (%v)", f.what, dl.Header.Get("Content-Disposition"), disp, params, err)
			}
			if ct := dl.Header.Get("Content-Type"); ct != "application/pdf" {
				t.Errorf("%s: Content-Type %q", f.what, ct)
			}
			if dl.Header.Get("X-Content-Type-Options") != "nosniff" || !strings.Contains(dl.Header.Get("Content-Security-Policy"), "sandbox") {
				t.Errorf("%s: nosniff %q, CSP %q", f.what, dl.Header.Get("X-Content-Type-Options"), dl.Header.Get("Content-Security-Policy"))
			}
		}
	})
}
