package web_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"nghisu/internal/db"
	"nghisu/internal/model"
	"nghisu/internal/testutil"
)

// uploadPaper posts a file to a meeting's upload form.
func uploadPaper(t *testing.T, c *testutil.Client, meetingID int64, name string, data []byte) testutil.Response {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("title", "Tờ trình kèm theo")
	mw.WriteField("kind", "submission")
	mw.WriteField("audience", "committee")
	mw.WriteField("level", "normal")
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(data)
	mw.Close()
	return c.Do(t, "POST", fmt.Sprintf("/meetings/%d/files", meetingID), mw.FormDataContentType(), &buf)
}

func TestPapersThroughThePages(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := testutil.NewServer(t, d)
		mtg, res, note, _, _, _, _, _ := preparation(t, srv)
		sec := srv.Login(t, "bithu.mytho")

		// Uploads are checked by content; a lying extension is refused.
		pdf := []byte("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")
		if r := uploadPaper(t, sec, mtg, "to-trinh.pdf", pdf); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("pdf upload: %d", r.StatusCode)
		}
		if r := uploadPaper(t, sec, mtg, "to-trinh.pdf", []byte("<html><script>alert(1)</script></html>")); r.StatusCode != http.StatusConflict ||
			!strings.Contains(r.Body, "không đúng với đuôi .pdf") {
			t.Fatalf("html named pdf: %d", r.StatusCode)
		}
		if r := uploadPaper(t, sec, mtg, "trang.html", []byte("<html></html>")); r.StatusCode != http.StatusConflict {
			t.Fatalf("html upload: %d", r.StatusCode)
		}
		docs, _ := srv.App.Store.Documents(ctx, mtg)
		var file model.Document
		for _, d := range docs {
			if d.Format == model.FormatFile {
				file = d
			}
		}
		dl := sec.Get(t, fmt.Sprintf("/documents/%d/versions/1/file", file.ID))
		if dl.StatusCode != 200 || dl.Header.Get("Content-Type") != "application/pdf" ||
			!strings.HasPrefix(dl.Header.Get("Content-Disposition"), "attachment") || dl.Body != string(pdf) {
			t.Fatalf("download: %d %s %s", dl.StatusCode, dl.Header.Get("Content-Type"), dl.Header.Get("Content-Disposition"))
		}

		// Two editors start from version 1; the second save is told and shown.
		form := url.Values{"body": {"Một đoạn mới.\n\nHai."}, "based_on": {"1"}}
		if r := sec.PostForm(t, fmt.Sprintf("/documents/%d/versions", res), form); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("first save: %d %s", r.StatusCode, r.Body)
		}
		pbtt := srv.Login(t, "pbtt.mytho")
		form = url.Values{"body": {"Bản của người thứ hai."}, "based_on": {"1"}}
		r := pbtt.PostForm(t, fmt.Sprintf("/documents/%d/versions", res), form)
		if r.StatusCode != http.StatusConflict || !strings.Contains(r.Body, "Phiên bản 2 vừa được") || !strings.Contains(r.Body, "Bản của người thứ hai.") {
			t.Fatalf("stale save: %d", r.StatusCode)
		}
		if v, _ := srv.App.Store.LatestVersion(ctx, res); v.Number != 2 || strings.Contains(v.Body, "người thứ hai") {
			t.Fatalf("the stale save overwrote: v%d", v.Number)
		}

		// The packet: the program and the readable papers, without the
		// secret ones.
		zr := func(c *testutil.Client) []string {
			resp := c.Get(t, fmt.Sprintf("/meetings/%d/packet.zip", mtg))
			if resp.StatusCode != 200 {
				t.Fatalf("packet: %d", resp.StatusCode)
			}
			z, err := zip.NewReader(strings.NewReader(resp.Body), int64(len(resp.Body)))
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, f := range z.File {
				names = append(names, f.Name)
			}
			return names
		}
		secNames := strings.Join(zr(sec), " ")
		if !strings.Contains(secNames, "00-chuong-trinh-hoi-nghi.txt") || !strings.Contains(secNames, ".pdf") ||
			!strings.Contains(secNames, "y-kien-ban-thuong-vu") {
			t.Fatalf("the secretary's packet: %s", secNames)
		}
		uvNames := strings.Join(zr(srv.Login(t, "uv.mytho")), " ")
		if strings.Contains(uvNames, "y-kien-ban-thuong-vu") || strings.Contains(uvNames, "nghi-quyet") {
			t.Fatalf("a committee member's packet holds BTV or unreleased papers: %s", uvNames)
		}
		_ = note
	})
}

func TestCalendarFeed(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := testutil.NewServer(t, d)
		c := srv.Login(t, "uv.mytho")
		if r := c.PostForm(t, "/account/calendar", nil); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("make the address: %d", r.StatusCode)
		}
		page := c.Get(t, "/account")
		addr := regexp.MustCompile(`http://nghisu\.test(/calendar/[A-Za-z0-9_-]+\.ics)`).FindStringSubmatch(page.Body)
		if addr == nil {
			t.Fatal("the account page shows no calendar address")
		}
		feed := srv.Client(t).Get(t, addr[1])
		if feed.StatusCode != 200 || !strings.HasPrefix(feed.Header.Get("Content-Type"), "text/calendar") ||
			!strings.Contains(feed.Body, "BEGIN:VCALENDAR") || !strings.Contains(feed.Body, "SUMMARY:Hội nghị Ban Chấp hành") {
			t.Fatalf("feed: %d %s", feed.StatusCode, feed.Body[:min(200, len(feed.Body))])
		}
		// The committee member's feed holds no BTV meeting.
		if strings.Contains(feed.Body, "Ban Thường vụ") {
			t.Error("a committee member's feed shows a BTV meeting")
		}
		// Renewing kills the old address.
		c.PostForm(t, "/account/calendar", nil)
		if r := srv.Client(t).Get(t, addr[1]); r.StatusCode != http.StatusNotFound {
			t.Fatalf("old address after renewal: %d", r.StatusCode)
		}
	})
}
