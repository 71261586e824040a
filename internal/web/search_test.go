package web_test

import (
	"html"
	"net/url"
	"strings"
	"testing"

	"nghisu/internal/db"
	"nghisu/internal/model"
	"nghisu/internal/store"
	"nghisu/internal/testutil"
)

// The search page finds a paper by unaccented words, marks them in its
// snippet (escaped: the paper's own markup stays text), labels its kind, and
// answers odd queries with a sentence.
func TestSearchPage(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := testutil.NewServer(t, d)
		st := srv.App.Store
		bch := srv.Body(t, "Mỹ Tho", model.BodyCommittee)
		ms, err := st.Meetings(ctx, store.MeetingQuery{BodyIDs: []int64{bch.ID}, Kind: model.MeetingThematic})
		if err != nil || len(ms) == 0 {
			t.Fatal(err)
		}
		doc := &model.Document{MeetingID: ms[0].ID, Kind: model.DocReport, Title: "Báo cáo công tác hòa giải",
			Format: model.FormatText, Level: model.LevelNormal, Audience: model.AudienceCommittee, Released: true}
		if err := st.CreateDocument(ctx, doc); err != nil {
			t.Fatal(err)
		}
		if err := st.AddVersion(ctx, &model.DocVersion{DocumentID: doc.ID, Number: 1,
			Body: "Tổ hoà giải <b>khu phố 3</b> đã giải quyết 12 vụ việc."}); err != nil {
			t.Fatal(err)
		}
		c := srv.Login(t, "uv.mytho")
		page := c.Get(t, "/search?q="+url.QueryEscape("hoa giai khu pho"))
		if page.StatusCode != ok {
			t.Fatalf("search page: %d", page.StatusCode)
		}
		body := html.UnescapeString(page.Body)
		for _, want := range []string{"<mark>hoà</mark> <mark>giải</mark> <b>", "<mark>khu</mark> <mark>phố</mark> 3</b>", "Tài liệu", "Kỳ họp, tài liệu, chất vấn (1)"} {
			if !strings.Contains(body, want) {
				t.Errorf("the page lacks %q", want)
			}
		}
		if strings.Contains(page.Body, "<b>khu") {
			t.Error("the paper's markup reached the page unescaped")
		}
		for q, want := range map[string]string{
			"":                               "Hãy gõ vài từ cần tìm",
			`" NEAR( * ^ : - ( ) {}`:         "Kỳ họp, tài liệu, chất vấn (0)",
			`"*^:-(){}`:                      "không có chữ hay số nào để tìm",
			strings.Repeat("hòa giải ", 500): "Câu tìm kiếm quá dài",
			"zzkhongcozz":                    "Không tìm thấy kỳ họp, tài liệu hay chất vấn nào",
		} {
			page := c.Get(t, "/search?q="+url.QueryEscape(q))
			if page.StatusCode != ok || !strings.Contains(html.UnescapeString(page.Body), want) {
				t.Errorf("search for %.20q: %d, lacks %q", q, page.StatusCode, want)
			}
		}
		// The box in every page's header leads here.
		if home := c.Get(t, "/"); !strings.Contains(home.Body, `action="/search"`) {
			t.Error("no search box in the layout")
		}
	})
}
