package search_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"nghisu/internal/auth"
	"nghisu/internal/db"
	"nghisu/internal/drafting"
	"nghisu/internal/model"
	"nghisu/internal/search"
	"nghisu/internal/store"
	"nghisu/internal/testutil"
)

var ctx = context.Background()

// paper adds a paper released to the BCH (or for the BTV only) to a meeting.
func paper(t *testing.T, st *store.Store, meetingID int64, title, body string, aud model.Audience) int64 {
	t.Helper()
	d := &model.Document{MeetingID: meetingID, Kind: model.DocReport, Title: title, Format: model.FormatText,
		Level: model.LevelNormal, Audience: aud, Released: aud != model.AudienceStanding}
	if err := st.CreateDocument(ctx, d); err != nil {
		t.Fatal(err)
	}
	if err := st.AddVersion(ctx, &model.DocVersion{DocumentID: d.ID, Number: 1, Body: body, AuthorName: "Văn phòng"}); err != nil {
		t.Fatal(err)
	}
	return d.ID
}

// thematic is the demo's meeting of today (convened), where questions go.
func thematic(t *testing.T, st *store.Store, bodyID int64) int64 {
	t.Helper()
	ms, err := st.Meetings(ctx, store.MeetingQuery{BodyIDs: []int64{bodyID}, Kind: model.MeetingThematic})
	if err != nil || len(ms) != 1 {
		t.Fatalf("the demo's meeting of today: %v, %v", ms, err)
	}
	return ms[0].ID
}

// Search relevance in Vietnamese, on the demo province, as its users.
func TestSearchRelevance(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := testutil.NewServer(t, d)
		st := srv.App.Store
		bch := srv.Body(t, "Mỹ Tho", model.BodyCommittee)
		ms, err := st.Meetings(ctx, store.MeetingQuery{BodyIDs: []int64{bch.ID}, Kind: model.MeetingRegular})
		if err != nil || len(ms) == 0 {
			t.Fatalf("no BCH meeting in the demo: %v", err)
		}
		mtg := ms[0].ID
		resolution := paper(t, st, mtg, "Nghị quyết Đảng ủy về khuyến nông năm 2026",
			"Tăng cường công tác hòa giải ở cơ sở; giao Uỷ ban nhân dân phường triển khai.", model.AudienceCommittee)
		bodyOnly := paper(t, st, mtg, "Báo cáo tình hình kinh tế",
			"Nông dân được hỗ trợ giống; công tác khuyến nông còn chậm.", model.AudienceCommittee)
		secret := paper(t, st, mtg, "Phương án nhân sự Ban Thường vụ",
			"Dự kiến điều động đồng chí Trưởng ban Dân vận.", model.AudienceStanding)
		q, err := srv.App.Session.Ask(ctx, srv.Actor(t, "uv.mytho"), thematic(t, st, bch.ID), model.QuestionInput{
			Addressee: model.AskStanding, Text: "Đề nghị cho biết tiến độ nạo vét kênh Xáng Xà No."})
		if err != nil {
			t.Fatal(err)
		}

		found := func(user, query string) search.Results {
			t.Helper()
			res, err := srv.App.Search.Search(ctx, srv.Actor(t, user), query, 20)
			if err != nil {
				t.Fatalf("%s searching %q: %v", user, query, err)
			}
			return res
		}
		index := func(res search.Results, kind string, id int64) int {
			for i, h := range res.Hits {
				if h.Kind == kind && h.RefID == id {
					return i
				}
			}
			return -1
		}
		doc := func(id int64) string { return fmt.Sprintf("document %d", id) }
		cases := []struct {
			name, user, query string
			want, notWant     []string // "document 12", "question 3"
		}{
			{"no diacritics, đ folded", "uv.mytho", "nghi quyet dang uy", []string{doc(resolution)}, nil},
			{"with diacritics", "uv.mytho", "Nghị quyết Đảng ủy", []string{doc(resolution)}, nil},
			{"uỷ is ủy", "uv.mytho", "uỷ ban nhân dân", []string{doc(resolution)}, nil},
			{"hoà is hòa", "uv.mytho", "hoà giải", []string{doc(resolution)}, nil},
			{"prefix of the last word", "uv.mytho", "khuyen no", []string{doc(resolution), doc(bodyOnly)}, nil},
			{"every word must be there", "uv.mytho", "khuyen nong hoa giai", []string{doc(resolution)}, []string{doc(bodyOnly)}},
			{"question by its text", "uv.mytho", "nao vet kenh xang", []string{fmt.Sprintf("question %d", q.ID)}, nil},
			{"another commune finds nothing of ours", "bithu.caolanh", "khuyen nong", nil, []string{doc(resolution), doc(bodyOnly)}},
			{"BTV draft: the BTV finds it", "btv.mytho", "dieu dong truong ban dan van", []string{doc(secret)}, nil},
			{"BTV draft: hidden from a member", "uv.mytho", "dieu dong truong ban dan van", nil, []string{doc(secret)}},
			{"BTV draft: hidden from the office", "vp.mytho", "dieu dong truong ban dan van", nil, []string{doc(secret)}},
			{"BTV draft: hidden from the province", "tinhuy", "dieu dong truong ban dan van", nil, []string{doc(secret)}},
			{"BTV draft: hidden from the administrator", "admin", "dieu dong truong ban dan van", nil, []string{doc(secret)}},
		}
		for _, c := range cases {
			res := found(c.user, c.query)
			has := map[string]bool{}
			for _, h := range res.Hits {
				has[fmt.Sprintf("%s %d", h.Kind, h.RefID)] = true
			}
			for _, w := range c.want {
				if !has[w] {
					t.Errorf("%s: %s searching %q misses %s (hits %v)", c.name, c.user, c.query, w, has)
				}
			}
			for _, w := range c.notWant {
				if has[w] {
					t.Errorf("%s: %s searching %q finds %s", c.name, c.user, c.query, w)
				}
			}
		}

		// A title hit ranks above a hit in the text only.
		res := found("uv.mytho", "khuyến nông")
		if i, j := index(res, "document", resolution), index(res, "document", bodyOnly); i < 0 || j < 0 || i > j {
			t.Errorf("title hit at %d, text-only hit at %d: %+v", i, j, res.Hits)
		}
		// Hits carry their link and a marked snippet.
		res = found("uv.mytho", "hoa giai")
		if i := index(res, "document", resolution); i < 0 {
			t.Fatal("no hit")
		} else if h := res.Hits[i]; h.URL != fmt.Sprintf("/documents/%d", resolution) || !marked(h.Snippet, "hòa", "giải") {
			t.Errorf("hit: %+v", h)
		}
		res = found("uv.mytho", "nao vet")
		if i := index(res, "question", q.ID); i < 0 || res.Hits[i].URL != fmt.Sprintf("/meetings/%d", q.MeetingID) {
			t.Errorf("question's link: %+v", res.Hits)
		}

		// Hostile input: no error, no hit, a problem to tell.
		for _, in := range []string{`" NEAR( OR AND * ^ : - ( ) {}`, `"*^:-(){}`, strings.Repeat("đảng ủy ", 1250),
			"\x00\x1b[2J", "Nghi\u0323 quyê\u0301t", "", strings.Repeat("(", 10000), "'; DROP TABLE search_entries; --"} {
			res, err := srv.App.Search.Search(ctx, srv.Actor(t, "uv.mytho"), in, 20)
			if err != nil {
				t.Errorf("%.30q: %v", in, err)
			}
			if res.Hits == nil {
				t.Errorf("%.30q: nil hits", in)
			}
		}
		if res := found("uv.mytho", `"*^:-(){}`); res.Problem != "search.unsearchable" || len(res.Hits) != 0 {
			t.Errorf("operators only: %+v", res)
		}
		if res := found("uv.mytho", "  "); res.Problem != "search.empty" {
			t.Errorf("empty: %+v", res)
		}
		if n, err := st.CountSearchEntries(ctx); err != nil || n == 0 {
			t.Errorf("the index after all that: %d, %v", n, err)
		}
	})
}

func marked(segs []search.Segment, words ...string) bool {
	hits := map[string]bool{}
	for _, s := range segs {
		if s.Hit {
			hits[s.Text] = true
		}
	}
	for _, w := range words {
		if !hits[w] {
			return false
		}
	}
	return true
}

// Rows written before the index existed are indexed once at start.
func TestSearchReindex(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := testutil.NewServer(t, d)
		st := srv.App.Store
		before, err := st.CountSearchEntries(ctx)
		if err != nil || before == 0 {
			t.Fatalf("the demo is not indexed: %d, %v", before, err)
		}
		if _, err := d.W.ExecContext(ctx, "DELETE FROM search_entries"); err != nil {
			t.Fatal(err)
		}
		if n, err := search.Reindex(ctx, st, nil); err != nil || n != 0 {
			t.Fatalf("an up-to-date index was rebuilt: %d, %v", n, err)
		}
		if err := st.SetSearchIndexVersion(ctx, 0); err != nil {
			t.Fatal(err)
		}
		n, err := search.Reindex(ctx, st, nil)
		if err != nil || n != before {
			t.Fatalf("rebuilt %d things, %v; want %d", n, err, before)
		}
		after, _ := st.CountSearchEntries(ctx)
		if after != before {
			t.Fatalf("%d entries after the rebuild, %d before", after, before)
		}
		res, err := srv.App.Search.Search(ctx, srv.Actor(t, "uv.mytho"), "chuyen doi so", 5)
		if err != nil || len(res.Hits) == 0 {
			t.Fatalf("nothing found after the rebuild: %+v, %v", res, err)
		}
	})
}

// A kind nobody registered (tasks come with the follow-up) stays hidden,
// even in a meeting the user sees; its owner's rule decides once registered.
func TestSearchRegisteredKinds(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := testutil.NewServer(t, d)
		st := srv.App.Store
		mtg := thematic(t, st, srv.Body(t, "Mỹ Tho", model.BodyCommittee).ID)
		if err := st.IndexSearch(ctx, model.SearchEntry{Kind: "task", RefID: 991, MeetingID: mtg,
			Title: "Nhiệm vụ nạo vét", Text: "Hội nghị giao nạo vét kênh Cái Cối."}); err != nil {
			t.Fatal(err)
		}
		uv := srv.Actor(t, "uv.mytho")
		if res, err := srv.App.Search.Search(ctx, uv, "kenh cai coi", 10); err != nil || len(res.Hits) != 0 {
			t.Fatalf("an unregistered kind is shown: %+v, %v", res, err)
		}
		srv.App.Search.Register("task", search.Kind{
			Visible: func(_ context.Context, a *auth.Actor, e *model.SearchEntry, v *drafting.Viewer) (bool, error) {
				return v != nil && a.Account.Username == "uv.mytho", nil
			},
			URL: func(e *model.SearchEntry) string { return fmt.Sprintf("/meetings/%d/tasks", e.MeetingID) },
		})
		res, err := srv.App.Search.Search(ctx, uv, "kenh cai coi", 10)
		if err != nil || len(res.Hits) != 1 || res.Hits[0].URL != fmt.Sprintf("/meetings/%d/tasks", mtg) {
			t.Fatalf("the registered kind: %+v, %v", res, err)
		}
		if res, _ := srv.App.Search.Search(ctx, srv.Actor(t, "btv.mytho"), "kenh cai coi", 10); len(res.Hits) != 0 {
			t.Fatalf("the registered rule was not asked: %+v", res)
		}
	})
}
