package store_test

import (
	"testing"
	"time"

	"nghisu/internal/db"
	"nghisu/internal/model"
	"nghisu/internal/store"
	"nghisu/internal/testutil"
	"nghisu/internal/vntext"
)

// The store keeps the search index in step with meetings and papers, in the
// same transaction, and a search stays inside its scope.
func TestSearchIndexFollowsWrites(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		st := newStore(t, d)
		_, a, b, bodies := tree(t, st)
		find := func(scope, q string) []model.SearchEntry {
			t.Helper()
			es, err := st.SearchEntries(ctx, store.SearchQuery{Terms: vntext.SearchWords(q), Prefix: true, Scope: scope, Limit: 10})
			if err != nil {
				t.Fatal(err)
			}
			return es
		}
		m := &model.Meeting{BodyID: bodies[a.ID][model.BodyCommittee].ID, Kind: model.MeetingRegular,
			Title: "Hội nghị Ban Chấp hành Đảng uỷ tháng 3", Place: "Hội trường Đảng ủy phường",
			StartsAt: time.Date(2026, 3, 20, 1, 0, 0, 0, time.UTC), Month: "2026-03", State: model.StateDraft}
		must(t, st.CreateMeeting(ctx, m, 0))
		if es := find(a.Path, "dang uy thang 3"); len(es) != 1 || es[0].Kind != model.SearchMeeting || es[0].RefID != m.ID || es[0].MeetingID != m.ID {
			t.Fatalf("meeting by its title: %+v", es)
		}
		if es := find(b.Path, "dang uy"); len(es) != 0 {
			t.Fatalf("another commune finds our meeting: %+v", es)
		}
		m.Title = "Hội nghị chuyên đề chuyển đổi số"
		must(t, st.UpdateMeeting(ctx, m))
		if es := find(a.Path, "thang 3"); len(es) != 0 {
			t.Fatalf("the old title is still found: %+v", es)
		}
		if es := find(a.Path, "chuyen doi so"); len(es) != 1 {
			t.Fatalf("the new title: %+v", es)
		}

		doc := &model.Document{MeetingID: m.ID, Kind: model.DocResolution, Title: "Dự thảo Nghị quyết",
			Format: model.FormatText, Level: model.LevelNormal, Audience: model.AudienceCommittee}
		must(t, st.CreateDocument(ctx, doc))
		must(t, st.AddVersion(ctx, &model.DocVersion{DocumentID: doc.ID, Number: 1, Body: "Phát triển kinh tế nông nghiệp."}))
		must(t, st.AddVersion(ctx, &model.DocVersion{DocumentID: doc.ID, Number: 2, Body: "Xây dựng nông thôn mới kiểu mẫu."}))
		if es := find(a.Path, "kieu mau"); len(es) != 1 || es[0].RefID != doc.ID || es[0].Text != "Xây dựng nông thôn mới kiểu mẫu." {
			t.Fatalf("the newest version: %+v", es)
		}
		if es := find(a.Path, "kinh te"); len(es) != 0 {
			t.Fatalf("an older version is still found: %+v", es)
		}

		// Another package's kind, placed by its meeting alone.
		must(t, st.IndexSearch(ctx, model.SearchEntry{Kind: model.SearchMinutes, RefID: 7, MeetingID: m.ID,
			Title: "Biên bản hội nghị", Text: "Đồng chí Bí thư kết luận."}))
		es := find(a.Path, "ket luan")
		if len(es) != 1 || es[0].Kind != model.SearchMinutes || es[0].OrgID != a.ID {
			t.Fatalf("minutes: %+v", es)
		}
		must(t, st.IndexSearch(ctx, model.SearchEntry{Kind: model.SearchMinutes, RefID: 7, MeetingID: m.ID,
			Title: "Biên bản hội nghị", Text: "Đồng chí Bí thư chỉ đạo."}))
		if es := find(a.Path, "ket luan"); len(es) != 0 {
			t.Fatalf("replaced minutes still found: %+v", es)
		}
		must(t, st.UnindexSearch(ctx, model.SearchMinutes, 7))
		must(t, st.UnindexSearch(ctx, model.SearchMinutes, 7))
		if es := find(a.Path, "chi dao"); len(es) != 0 {
			t.Fatalf("removed minutes still found: %+v", es)
		}

		// Syntax in terms is dropped, never passed on.
		for _, q := range []string{`" NEAR( OR AND * ^ : - ( ) {}`, `'`, `:*`, `&|!`} {
			es, err := st.SearchEntries(ctx, store.SearchQuery{Terms: []string{q, "nghi"}, Prefix: true, Scope: a.Path, Limit: 5})
			if err != nil {
				t.Fatalf("%q: %v", q, err)
			}
			_ = es
		}
	})
}
