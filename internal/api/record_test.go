package api_test

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"nghisu/internal/api"
	"nghisu/internal/db"
	"nghisu/internal/model"
	"nghisu/internal/testutil"
)

// The record through the API: the register, the book verified, a document
// issued with the next number, files in the party format, and the same
// refusals as the pages.
func TestRecordThroughAPI(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := testutil.NewServerWith(t, d, testutil.Options{Communes: 2})
		uv := newClient(t, srv, "uv.mytho")
		vp := newClient(t, srv, "vp.mytho")
		other := newClient(t, srv, "bithu.caolanh")
		mytho := srv.Commune(t, "Mỹ Tho")
		bch := srv.Body(t, "Mỹ Tho", model.BodyCommittee)
		var e apiError

		var docs []model.IssuedDocument
		if s := uv.do("GET", fmt.Sprintf("/orgs/%d/register?type=BB", mytho.ID), "", &docs); s != 200 || len(docs) == 0 ||
			!strings.HasSuffix(docs[0].Symbol, "-BB/ĐU") {
			t.Fatalf("register: %d %+v", s, docs)
		}
		if s := other.do("GET", fmt.Sprintf("/orgs/%d/register", mytho.ID), "", &e); s != 404 {
			t.Fatalf("another commune's register: %d", s)
		}
		var book api.BookOut
		if s := uv.do("GET", fmt.Sprintf("/bodies/%d/minute-book", bch.ID), "", &book); s != 200 || !book.Check.OK() ||
			len(book.Entries) != len(docs) {
			t.Fatalf("book: %d %+v", s, book.Check)
		}
		var mins api.MinutesOut
		if s := uv.do("GET", fmt.Sprintf("/meetings/%d/minutes", book.Entries[0].MeetingID), "", &mins); s != 200 ||
			mins.Minutes == nil || mins.Minutes.State != model.MinutesFinal || mins.CanEdit || mins.Entry == nil || mins.Entry.Seq != 1 {
			t.Fatalf("minutes: %d %+v", s, mins)
		}
		if s := uv.do("POST", fmt.Sprintf("/minutes/%d/sign", mins.Minutes.ID), `{"password":"x"}`, &e); s != 403 {
			t.Fatalf("a member signs: %d", s)
		}

		signer := srv.PersonOf(t, "bithu.mytho")
		today := srv.Clock.Now().Format("2006-01-02")
		issue := func(c interface {
			do(string, string, string, any) int
		}, body string, out any) int {
			return c.do("POST", fmt.Sprintf("/bodies/%d/issue", bch.ID), body, out)
		}
		good := fmt.Sprintf(`{"type":"NQ","subject":"Về chuyển đổi số","text":"I. MỤC TIÊU\nĐẩy mạnh chuyển đổi số.","issued_on":"%s","signer_id":%d,"recipients":["Tỉnh ủy Đồng Tháp (b/c)"]}`, today, signer)
		if s := issue(vp, `{"type":"NQ","subject":"","text":"","signer_id":0}`, &e); s != 422 || e.Error.Fields["subject"] == "" ||
			e.Error.Fields["text"] == "" || e.Error.Fields["signer_id"] == "" || e.Error.Fields["issued_on"] == "" {
			t.Fatalf("empty: %d %+v", s, e)
		}
		if s := issue(uv, good, &e); s != 403 {
			t.Fatalf("a member issues: %d", s)
		}
		if s := issue(other, good, &e); s != 404 {
			t.Fatalf("another commune issues: %d", s)
		}
		var doc model.IssuedDocument
		if s := issue(vp, good, &doc); s != 201 || doc.Symbol != "01-NQ/ĐU" || doc.Capacity != "T/M ĐẢNG ỦY" {
			t.Fatalf("issue: %d %+v", s, doc)
		}
		for _, f := range []struct{ format, magic string }{{"pdf", "%PDF-"}, {"docx", "PK"}} {
			req, _ := http.NewRequest("GET", fmt.Sprintf("%s/api/v1/issued/%d/%s", srv.URL, doc.ID, f.format), nil)
			req.Header.Set("Authorization", "Bearer "+uv.token)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 || !strings.HasPrefix(string(b), f.magic) ||
				!strings.Contains(resp.Header.Get("Content-Disposition"), "01-nq-du."+f.format) {
				t.Errorf("%s: %d %q %q", f.format, resp.StatusCode, resp.Header.Get("Content-Disposition"), b[:min(len(b), 8)])
			}
		}
		if s := other.do("GET", fmt.Sprintf("/issued/%d/pdf", doc.ID), "", &e); s != 404 {
			t.Fatalf("another commune's file: %d", s)
		}
		if s := uv.do("GET", fmt.Sprintf("/issued/%d/odt", doc.ID), "", &e); s != 404 {
			t.Fatalf("an unknown format: %d", s)
		}
	})
}
