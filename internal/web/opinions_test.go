package web_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"nghisu/internal/db"
	"nghisu/internal/model"
	"nghisu/internal/opinion"
	"nghisu/internal/store"
	"nghisu/internal/testutil"
)

// opinionRequests sends Mỹ Tho's BCH a request with a paper, and its BTV
// another, as bithu.mytho.
func opinionRequests(t testing.TB, srv *testutil.Server) (bch, btv int64) {
	t.Helper()
	sec := srv.Actor(t, "bithu.mytho")
	in := model.OpinionInput{Title: "Chủ trương sửa chữa trụ sở Đảng ủy", Question: "Đề nghị các đồng chí cho ý kiến.",
		DecisionKind: model.DecideOrdinary, Deadline: srv.Clock.Now().Add(72 * time.Hour)}
	pdf := []byte("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")
	o, err := srv.App.Opinions.Create(ctx, sec, srv.Body(t, "Mỹ Tho", model.BodyCommittee).ID, in, &opinion.Upload{Name: "to-trinh.pdf", Data: pdf})
	if err != nil {
		t.Fatal(err)
	}
	b, err := srv.App.Opinions.Create(ctx, sec, srv.Body(t, "Mỹ Tho", model.BodyStanding).ID, in, nil)
	if err != nil {
		t.Fatal(err)
	}
	return o.ID, b.ID
}

// askForm posts the form that sends a request, with a file when name is set.
func askForm(t *testing.T, c *testutil.Client, bodyID int64, fields map[string]string, name string, data []byte) testutil.Response {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	if name != "" {
		fw, _ := mw.CreateFormFile("file", name)
		fw.Write(data)
	}
	mw.Close()
	return c.Do(t, "POST", fmt.Sprintf("/bodies/%d/opinions", bodyID), mw.FormDataContentType(), &buf)
}

// A written opinion request from the secretary's form to the members'
// answers, the result, and the next meeting's page, through the pages.
func TestOpinionsThroughThePages(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := testutil.NewServer(t, d)
		bch := srv.Body(t, "Mỹ Tho", model.BodyCommittee)
		sec := srv.Login(t, "bithu.mytho")
		uv := srv.Login(t, "uv.mytho")
		other := srv.Login(t, "bithu.caolanh")

		body := sec.Get(t, fmt.Sprintf("/bodies/%d", bch.ID))
		if body.StatusCode != 200 || !strings.Contains(body.Body, "Điều chỉnh thời gian tổ chức Hội nghị sơ kết 6 tháng") ||
			!strings.Contains(body.Body, fmt.Sprintf(`href="/bodies/%d/opinions/new"`, bch.ID)) {
			t.Fatalf("body page: %d", body.StatusCode)
		}
		if r := uv.Get(t, fmt.Sprintf("/bodies/%d", bch.ID)); strings.Contains(r.Body, "/opinions/new") {
			t.Error("a plain member is offered to ask")
		}
		form := sec.Get(t, fmt.Sprintf("/bodies/%d/opinions/new", bch.ID))
		if form.StatusCode != 200 || strings.Contains(form.Body, `value="election"`) || !strings.Contains(form.Body, `value="admission"`) {
			t.Fatalf("form: %d", form.StatusCode)
		}

		deadline := srv.Clock.Now().In(time.FixedZone("ICT", 7*3600)).Add(48 * time.Hour)
		fields := map[string]string{"title": "Chủ trương sửa chữa trụ sở Đảng ủy phường",
			"question":      "Thường trực Đảng ủy đề nghị các đồng chí cho ý kiến về chủ trương sửa chữa trụ sở, kinh phí dự kiến 1,2 tỷ đồng.",
			"decision_kind": "ordinary", "deadline_date": deadline.Format("2006-01-02"), "deadline_time": "17:00"}
		pdf := []byte("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")

		// Bad input: each problem beside its field, nothing written.
		demo, _ := srv.App.Store.Opinions(ctx, store.OpinionQuery{BodyID: bch.ID})
		bad := map[string]string{"title": "", "question": "x", "decision_kind": "election", "deadline_date": "31/02/2026"}
		if r := askForm(t, sec, bch.ID, bad, "", nil); r.StatusCode != http.StatusUnprocessableEntity ||
			!strings.Contains(r.Body, "Không được để trống.") || !strings.Contains(r.Body, "phải bỏ phiếu kín") ||
			!strings.Contains(r.Body, "Ngày không hợp lệ") {
			t.Fatalf("bad form: %d %s", r.StatusCode, r.Body)
		}
		past := map[string]string{}
		for k, v := range fields {
			past[k] = v
		}
		past["deadline_date"] = "2026-03-01"
		if r := askForm(t, sec, bch.ID, past, "", nil); r.StatusCode != http.StatusUnprocessableEntity ||
			!strings.Contains(r.Body, "Hạn trả lời phải sau thời điểm hiện tại.") ||
			!strings.Contains(r.Body, "Chủ trương sửa chữa trụ sở Đảng ủy phường") {
			t.Fatalf("past deadline: %d", r.StatusCode)
		}
		if r := askForm(t, sec, bch.ID, fields, "to-trinh.pdf", []byte("<html><script>alert(1)</script></html>")); r.StatusCode != http.StatusUnprocessableEntity ||
			!strings.Contains(r.Body, "không đúng với đuôi .pdf") {
			t.Fatalf("lying file: %d", r.StatusCode)
		}
		if os, _ := srv.App.Store.Opinions(ctx, store.OpinionQuery{BodyID: bch.ID}); len(os) != len(demo) {
			t.Fatalf("%d requests written by bad forms", len(os)-len(demo))
		}
		if r := askForm(t, uv, bch.ID, fields, "", nil); r.StatusCode != http.StatusForbidden {
			t.Errorf("a member sends: %d", r.StatusCode)
		}
		if r := askForm(t, other, bch.ID, fields, "", nil); r.StatusCode != http.StatusNotFound {
			t.Errorf("another commune sends: %d", r.StatusCode)
		}

		r := askForm(t, sec, bch.ID, fields, "Tờ trình số 12.pdf", pdf)
		if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/opinions/") {
			t.Fatalf("send: %d %s", r.StatusCode, r.Body)
		}
		path := r.Header.Get("Location")
		page := sec.Get(t, path)
		for _, want := range []string{"Đã gửi xin ý kiến", "Tờ trình số 12.pdf", "ít nhất 15/28", "Nhắc 28 đồng chí chưa trả lời", "Chưa trả lời (28)"} {
			if !strings.Contains(page.Body, want) {
				t.Errorf("request page lacks %q", want)
			}
		}
		if strings.Contains(page.Body, path+"/close") {
			t.Error("close offered while members are silent")
		}
		if dl := uv.Get(t, path+"/file"); dl.StatusCode != 200 || dl.Body != string(pdf) ||
			!strings.HasPrefix(dl.Header.Get("Content-Disposition"), "attachment") {
			t.Errorf("download: %d %q", dl.StatusCode, dl.Header.Get("Content-Disposition"))
		}
		for _, p := range []string{path, path + "/file"} {
			if r := other.Get(t, p); r.StatusCode != http.StatusNotFound {
				t.Errorf("another commune GET %s: %d", p, r.StatusCode)
			}
		}
		for _, p := range []string{"/answer", "/remind", "/close"} {
			if r := other.PostForm(t, path+p, url.Values{"answer": {"agree"}}); r.StatusCode != http.StatusNotFound {
				t.Errorf("another commune POST %s: %d", p, r.StatusCode)
			}
		}

		// The member is told, answers "other" without saying what, then
		// properly, and may change the answer.
		notices := uv.Get(t, "/notices")
		if !strings.Contains(notices.Body, "Xin ý kiến bằng văn bản: “Chủ trương sửa chữa trụ sở Đảng ủy phường”") {
			t.Errorf("no notice for the member")
		}
		if r := uv.PostForm(t, path+"/answer", url.Values{"answer": {"other"}}); r.StatusCode != http.StatusUnprocessableEntity ||
			!strings.Contains(r.Body, "Hãy ghi rõ ý kiến khác") {
			t.Fatalf("other without text: %d", r.StatusCode)
		}
		if r := uv.PostForm(t, path+"/answer", url.Values{"answer": {"other"}, "comment": {"Đề nghị làm rõ nguồn kinh phí."}}); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("answer: %d", r.StatusCode)
		}
		page = uv.Get(t, path)
		if !strings.Contains(page.Body, "Đề nghị làm rõ nguồn kinh phí.") || !strings.Contains(page.Body, "Sửa ý kiến") ||
			!regexp.MustCompile(`value="other" checked`).MatchString(page.Body) {
			t.Errorf("the member's page after answering")
		}
		if r := uv.PostForm(t, path+"/answer", url.Values{"answer": {"agree"}}); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("change: %d", r.StatusCode)
		}
		if r := uv.PostForm(t, path+"/remind", nil); r.StatusCode != http.StatusSeeOther {
			t.Errorf("a member reminds: %d", r.StatusCode)
		}
		if r := uv.Get(t, path); !strings.Contains(r.Body, "Chỉ Bí thư, Phó Bí thư thường trực") {
			t.Errorf("a member's reminder is not refused on the page")
		}

		// Remind; close early refused; the deadline closes it.
		if r := sec.PostForm(t, path+"/remind", nil); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("remind: %d", r.StatusCode)
		}
		if r := sec.Get(t, path); !strings.Contains(r.Body, "Đã nhắc 27 đồng chí chưa trả lời.") {
			t.Errorf("remind not told")
		}
		if r := sec.PostForm(t, path+"/close", nil); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("close: %d", r.StatusCode)
		}
		if r := sec.Get(t, path); !strings.Contains(r.Body, "Còn 27 đồng chí chưa trả lời") {
			t.Errorf("early close not refused on the page")
		}
		srv.Clock.Advance(57 * time.Hour) // past 17:00 two days on
		if _, err := srv.App.Jobs.RunDue(ctx); err != nil {
			t.Fatal(err)
		}
		// Two days idle end the sessions: sign in again.
		sec, uv = srv.Login(t, "bithu.mytho"), srv.Login(t, "uv.mytho")
		page = sec.Get(t, path)
		if !strings.Contains(page.Body, "Không thông qua") || !strings.Contains(page.Body, "Không trả lời (27)") {
			t.Errorf("closed page: no result")
		}
		if r := uv.PostForm(t, path+"/answer", url.Values{"answer": {"disagree"}}); r.StatusCode != http.StatusConflict {
			t.Errorf("answer after the close: %d", r.StatusCode)
		}
		if r := sec.Get(t, fmt.Sprintf("/bodies/%d", bch.ID)); !strings.Contains(r.Body, "(1/28 đồng ý)") {
			t.Errorf("body page list: no result")
		}

		// The BCH's next meeting lists it.
		m := nextRegular(t, srv, bch.ID)
		if r := sec.Get(t, fmt.Sprintf("/meetings/%d", m)); !strings.Contains(r.Body, "Quyết định qua lấy ý kiến bằng văn bản") ||
			!strings.Contains(r.Body, path) {
			t.Errorf("the next meeting does not list the decision")
		}
	})
}

// nextRegular is the BCH's first regular meeting from now on.
func nextRegular(t testing.TB, srv *testutil.Server, bodyID int64) int64 {
	t.Helper()
	ms, err := srv.App.Store.Meetings(ctx, store.MeetingQuery{BodyIDs: []int64{bodyID}, Kind: model.MeetingRegular, From: srv.Clock.Now()})
	if err != nil || len(ms) == 0 {
		t.Fatalf("no coming regular meeting: %v", err)
	}
	return ms[0].ID
}
