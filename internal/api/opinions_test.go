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

// Written opinions through the API, with the same rules as the pages.
func TestOpinionsThroughAPI(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := testutil.NewServer(t, d)
		sec := newClient(t, srv, "bithu.mytho")
		uv := newClient(t, srv, "uv.mytho")
		vp := newClient(t, srv, "vp.mytho")
		other := newClient(t, srv, "bithu.caolanh")
		bch := srv.Body(t, "Mỹ Tho", model.BodyCommittee)
		btv := srv.Body(t, "Mỹ Tho", model.BodyStanding)
		var e apiError

		deadline := srv.Clock.Now().Add(72 * time.Hour).Format(time.RFC3339)
		ask := func(kind, when string) string {
			return `{"title":"Chủ trương sửa chữa trụ sở","question":"Đề nghị các đồng chí cho ý kiến.","decision_kind":"` + kind +
				`","deadline":"` + when + `"}`
		}
		if s := sec.do("POST", fmt.Sprintf("/bodies/%d/opinions", bch.ID), ask("election", deadline), &e); s != 422 ||
			!strings.Contains(e.Error.Fields["decision_kind"], "bỏ phiếu kín") {
			t.Fatalf("election in writing: %d %+v", s, e)
		}
		past := srv.Clock.Now().Add(-time.Hour).Format(time.RFC3339)
		if s := sec.do("POST", fmt.Sprintf("/bodies/%d/opinions", bch.ID), ask("ordinary", past), &e); s != 422 ||
			e.Error.Fields["deadline"] != "Hạn trả lời phải sau thời điểm hiện tại." {
			t.Fatalf("past deadline: %d %+v", s, e)
		}
		if s := uv.do("POST", fmt.Sprintf("/bodies/%d/opinions", bch.ID), ask("ordinary", deadline), &e); s != 403 {
			t.Fatalf("a member asks: %d", s)
		}
		if s := other.do("POST", fmt.Sprintf("/bodies/%d/opinions", bch.ID), ask("ordinary", deadline), &e); s != 404 {
			t.Fatalf("another commune asks: %d", s)
		}
		var o model.OpinionRequest
		if s := vp.do("POST", fmt.Sprintf("/bodies/%d/opinions", bch.ID), ask("admission", deadline), &o); s != 201 ||
			o.Base != 28 || o.State != model.OpinionOpen {
			t.Fatalf("create: %d %+v", s, o)
		}
		var b model.OpinionRequest
		if s := sec.do("POST", fmt.Sprintf("/bodies/%d/opinions", btv.ID), ask("ordinary", deadline), &b); s != 201 {
			t.Fatalf("create for the BTV: %d", s)
		}

		var ans model.OpinionAnswer
		if s := uv.do("POST", fmt.Sprintf("/opinions/%d/answer", o.ID), `{"answer":"maybe"}`, &e); s != 422 || e.Error.Fields["answer"] == "" {
			t.Fatalf("bad answer: %d %+v", s, e)
		}
		if s := uv.do("POST", fmt.Sprintf("/opinions/%d/answer", o.ID), `{"answer":"agree"}`, &ans); s != 200 || ans.Answer != "agree" {
			t.Fatalf("answer: %d %+v", s, ans)
		}
		if s := uv.do("POST", fmt.Sprintf("/opinions/%d/answer", o.ID), `{"answer":"other","comment":"Đề nghị xem xét thêm."}`, &ans); s != 200 {
			t.Fatalf("change: %d", s)
		}
		if s := vp.do("POST", fmt.Sprintf("/opinions/%d/answer", o.ID), `{"answer":"agree"}`, &e); s != 403 {
			t.Fatalf("the office answers: %d", s)
		}
		var out api.OpinionOut
		if s := uv.do("GET", fmt.Sprintf("/opinions/%d", o.ID), "", &out); s != 200 || out.Answered != 1 || out.Other != 1 ||
			out.Needed != 19 || len(out.Silent) != 27 || !out.CanAnswer || out.CanClose || len(out.Answers) != 1 ||
			out.Answers[0].Comment != "Đề nghị xem xét thêm." {
			t.Fatalf("get: %d %+v", s, out)
		}
		var list []api.OpinionSummaryOut
		if s := sec.do("GET", fmt.Sprintf("/bodies/%d/opinions", bch.ID), "", &list); s != 200 || len(list) != 3 || list[0].Request.ID != o.ID { // and the demo's two
			t.Fatalf("list: %d %+v", s, list)
		}

		if s := sec.do("POST", fmt.Sprintf("/opinions/%d/close", o.ID), "", &e); s != 409 || !strings.Contains(e.Error.Message, "Còn 27 đồng chí chưa trả lời") {
			t.Fatalf("early close: %d %+v", s, e)
		}
		var rem api.RemindOut
		if s := sec.do("POST", fmt.Sprintf("/opinions/%d/remind", o.ID), "", &rem); s != 200 || rem.Reminded != 27 {
			t.Fatalf("remind: %d %+v", s, rem)
		}
		if s := sec.do("POST", fmt.Sprintf("/opinions/%d/remind", o.ID), "", &e); s != 409 {
			t.Fatalf("remind again in the hour: %d", s)
		}
		if s := uv.do("POST", fmt.Sprintf("/opinions/%d/remind", o.ID), "", &e); s != 403 {
			t.Fatalf("a member reminds: %d", s)
		}

		// Another commune sees nothing; a plain member does not see the BTV's.
		for _, c := range []struct{ method, path string }{
			{"GET", fmt.Sprintf("/bodies/%d/opinions", bch.ID)}, {"GET", fmt.Sprintf("/opinions/%d", o.ID)},
			{"POST", fmt.Sprintf("/opinions/%d/answer", o.ID)}, {"POST", fmt.Sprintf("/opinions/%d/close", o.ID)},
			{"POST", fmt.Sprintf("/opinions/%d/remind", o.ID)},
		} {
			if s := other.do(c.method, c.path, `{"answer":"agree"}`, &e); s != 404 {
				t.Errorf("another commune %s %s: %d", c.method, c.path, s)
			}
		}
		if s := uv.do("GET", fmt.Sprintf("/opinions/%d", b.ID), "", nil); s != 404 {
			t.Errorf("a plain member reads the BTV's request: %d", s)
		}
		if s := uv.do("GET", fmt.Sprintf("/bodies/%d/opinions", btv.ID), "", nil); s != 404 {
			t.Errorf("a plain member lists the BTV's requests: %d", s)
		}

		// The deadline closes it: 0 of 28 agree, not admitted.
		srv.Clock.Advance(73 * time.Hour)
		if _, err := srv.App.Jobs.RunDue(ctx); err != nil {
			t.Fatal(err)
		}
		if s := sec.do("GET", fmt.Sprintf("/opinions/%d", o.ID), "", &out); s != 200 || out.Request.State != model.OpinionClosed ||
			out.Request.Passed == nil || *out.Request.Passed || out.Open {
			t.Fatalf("after the deadline: %d %+v", s, out)
		}
		if s := uv.do("POST", fmt.Sprintf("/opinions/%d/answer", o.ID), `{"answer":"agree"}`, &e); s != 409 {
			t.Fatalf("answer after the close: %d", s)
		}
	})
}
