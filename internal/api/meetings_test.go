package api_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"nghisu/internal/api"
	"nghisu/internal/db"
	"nghisu/internal/model"
	"nghisu/internal/testutil"
)

// The preparation of a meeting through the API, as an integration would do
// it, with the same rules as the pages.
func TestPrepareThroughAPI(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := testutil.NewServer(t, d)
		sec := newClient(t, srv, "bithu.mytho")
		btv := newClient(t, srv, "btv.mytho")
		uv := newClient(t, srv, "uv.mytho")
		other := newClient(t, srv, "bithu.caolanh")
		bch := srv.Body(t, "Mỹ Tho", model.BodyCommittee)
		var e apiError

		start := time.Date(2026, 6, 9, 1, 0, 0, 0, time.UTC).Format(time.RFC3339)
		var m model.Meeting
		if s := sec.do("POST", fmt.Sprintf("/bodies/%d/meetings", bch.ID), `{"kind":"regular","place":"Hội trường","starts_at":"`+start+`"}`, &m); s != 201 || m.State != model.StateDraft {
			t.Fatalf("create: %d %+v", s, m)
		}
		if !strings.Contains(m.Title, "tháng 6 năm 2026") {
			t.Errorf("default title %q", m.Title)
		}
		if s := sec.do("POST", fmt.Sprintf("/bodies/%d/meetings", bch.ID), `{"kind":"regular","place":"Hội trường","starts_at":"`+start+`"}`, &e); s != 409 || !strings.Contains(e.Error.Message, "mỗi tháng chỉ có một kỳ họp định kỳ") {
			t.Fatalf("second regular meeting in June: %d %+v", s, e)
		}
		if s := uv.do("POST", fmt.Sprintf("/meetings/%d/transition", m.ID), `{"to":"preparing"}`, &e); s != 403 {
			t.Fatalf("a member moving the meeting: %d", s)
		}
		if s := other.do("GET", fmt.Sprintf("/meetings/%d", m.ID), "", nil); s != 404 {
			t.Fatalf("another commune reads the meeting: %d", s)
		}
		if s := sec.do("POST", fmt.Sprintf("/meetings/%d/program/template", m.ID), "", nil); s != 200 {
			t.Fatalf("template: %d", s)
		}
		var prog api.ProgramOut
		sec.do("GET", fmt.Sprintf("/meetings/%d/program", m.ID), "", &prog)
		if len(prog.Items) != 11 || len(prog.Missing) != 0 {
			t.Fatalf("program: %d items, missing %v", len(prog.Items), prog.Missing)
		}
		if s := sec.do("POST", fmt.Sprintf("/meetings/%d/transition", m.ID), `{"to":"approved"}`, &e); s != 409 {
			t.Fatalf("draft → approved: %d %+v", s, e)
		}
		sec.do("POST", fmt.Sprintf("/meetings/%d/transition", m.ID), `{"to":"preparing"}`, &m)

		var doc model.Document
		body := `{"kind":"resolution","title":"Dự thảo Nghị quyết tháng 6","audience":"committee","body":"Một.\n\nHai.\n\nBa."}`
		if s := sec.do("POST", fmt.Sprintf("/meetings/%d/documents", m.ID), body, &doc); s != 201 || doc.Latest.Number != 1 {
			t.Fatalf("draft: %d %+v", s, doc)
		}
		if s := uv.do("GET", fmt.Sprintf("/documents/%d", doc.ID), "", nil); s != 404 {
			t.Fatalf("a committee member reads an unreleased draft: %d", s)
		}
		var round model.ReviewRound
		deadline := testutil.DemoNow.Add(48 * time.Hour).Format(time.RFC3339)
		if s := sec.do("POST", fmt.Sprintf("/documents/%d/rounds", doc.ID), `{"deadline":"`+deadline+`"}`, &round); s != 201 {
			t.Fatalf("round: %d", s)
		}
		var c model.ReviewComment
		if s := btv.do("POST", fmt.Sprintf("/rounds/%d/comments", round.ID), `{"paragraph":2,"kind":"wording","wording":"Hai, sửa lại."}`, &c); s != 201 {
			t.Fatalf("comment: %d", s)
		}
		if s := uv.do("POST", fmt.Sprintf("/rounds/%d/comments", round.ID), `{"paragraph":1,"kind":"agree"}`, nil); s != 404 {
			t.Fatalf("a committee member comments: %d", s)
		}
		var ver model.DocVersion
		if s := sec.do("POST", fmt.Sprintf("/comments/%d/accept", c.ID), "", &ver); s != 201 || ver.Number != 2 {
			t.Fatalf("accept: %d %+v", s, ver)
		}
		// A save based on version 1 is now stale: 409, nothing overwritten.
		if s := sec.do("POST", fmt.Sprintf("/documents/%d/versions", doc.ID), `{"body":"Khác.","based_on":1}`, &e); s != 409 {
			t.Fatalf("stale save: %d", s)
		}
		var rv api.ReviewOut
		sec.do("GET", fmt.Sprintf("/rounds/%d", round.ID), "", &rv)
		if len(rv.Comments) != 1 || rv.Comments[0].TakenInVersion != 2 {
			t.Fatalf("review: %+v", rv)
		}
		sec.do("POST", fmt.Sprintf("/meetings/%d/transition", m.ID), `{"to":"approved"}`, &m)
		if m.State != model.StateApproved {
			t.Fatalf("approve: %s", m.State)
		}
		var circ api.CirculationOut
		if s := sec.do("POST", fmt.Sprintf("/meetings/%d/send", m.ID), "", &circ); s != 200 || !circ.Sent || circ.Late || len(circ.Recipients) < 25 {
			t.Fatalf("send: %d sent=%v late=%v %d recipients", s, circ.Sent, circ.Late, len(circ.Recipients))
		}
		var out api.DocumentOut
		if s := uv.do("GET", fmt.Sprintf("/documents/%d", doc.ID), "", &out); s != 200 || out.Paragraphs[1] != "Hai, sửa lại." {
			t.Fatalf("the member reads the released draft: %d %+v", s, out.Paragraphs)
		}
		var mine []model.Meeting
		uv.do("GET", "/me/meetings", "", &mine)
		found := false
		for _, x := range mine {
			found = found || x.ID == m.ID
		}
		if !found {
			t.Fatal("the meeting is not among the member's meetings")
		}
	})
}
