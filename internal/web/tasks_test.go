package web_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"nghisu/internal/db"
	"nghisu/internal/followup"
	"nghisu/internal/model"
	"nghisu/internal/store"
	"nghisu/internal/testutil"
)

var pngBytes = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")

// demoTask is the demo's late task of Mỹ Tho's UBND, with a report the
// UBND user sent with an evidence file.
func demoTask(t testing.TB, srv *testutil.Server) (taskID, fileID int64) {
	t.Helper()
	c := srv.Commune(t, "Mỹ Tho")
	ts, err := srv.App.Store.Tasks(ctx, store.TaskQuery{CommuneID: c.ID})
	if err != nil || len(ts) == 0 {
		t.Fatalf("demo tasks: %v", err)
	}
	task := ts[0] // by deadline: the late one
	if _, err := srv.App.Followup.Report(ctx, srv.Actor(t, "ubnd.mytho"), task.ID, followup.ReportInput{
		Status: model.TaskOnTrack, Percent: 75, FileName: "anh.png", File: pngBytes}); err != nil {
		t.Fatal(err)
	}
	h, err := srv.App.Store.TaskEvents(ctx, task.ID)
	if err != nil || h[len(h)-1].FileID == 0 {
		t.Fatalf("history: %+v, %v", h, err)
	}
	return task.ID, h[len(h)-1].FileID
}

// multipartReport is a report form with a file.
func multipartReport(t testing.TB, fields map[string]string, name string, data []byte) (string, *bytes.Buffer) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	if name != "" {
		fw, err := mw.CreateFormFile("file", name)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(data)
	}
	mw.Close()
	return mw.FormDataContentType(), &buf
}

// The owner organisation's user (ubnd.mytho): its tasks, not the Front's,
// not the party committee's meetings nor the BTV's drafts.
func TestTaskRoutesOfOwnerOrg(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := testutil.NewServer(t, d)
		mytho := srv.Commune(t, "Mỹ Tho")
		mtg, _, note, _, _, _, _, _ := preparation(t, srv)
		ts, err := srv.App.Store.Tasks(ctx, store.TaskQuery{CommuneID: mytho.ID})
		if err != nil {
			t.Fatal(err)
		}
		var ubndTask, frontTask int64
		for _, x := range ts {
			switch {
			case strings.HasPrefix(x.Owner.Name, "Ủy ban nhân dân") && ubndTask == 0:
				ubndTask = x.ID
			case strings.HasPrefix(x.Owner.Name, "Ủy ban Mặt trận") && len(x.CoOwners) == 0:
				frontTask = x.ID
			}
		}
		c := srv.Login(t, "ubnd.mytho")
		for _, row := range []struct {
			path string
			want int
		}{
			{fmt.Sprintf("/orgs/%d/tasks", mytho.ID), http.StatusOK},
			{fmt.Sprintf("/tasks/%d", ubndTask), http.StatusOK},
			{fmt.Sprintf("/tasks/%d", frontTask), http.StatusNotFound},
			{fmt.Sprintf("/orgs/%d/tasks/new", mytho.ID), http.StatusForbidden},
			{fmt.Sprintf("/orgs/%d/overlaps", mytho.ID), http.StatusNotFound},
			{fmt.Sprintf("/meetings/%d", mtg), http.StatusNotFound},
			{fmt.Sprintf("/meetings/%d/review", mtg), http.StatusNotFound},
			{fmt.Sprintf("/documents/%d", note), http.StatusNotFound},
		} {
			if resp := c.Get(t, row.path); resp.StatusCode != row.want {
				t.Errorf("ubnd.mytho GET %s: %d, want %d", row.path, resp.StatusCode, row.want)
			}
		}
		list := c.Get(t, fmt.Sprintf("/orgs/%d/tasks", mytho.ID)).Body
		if strings.Contains(list, "Vận động nhân dân phân loại rác") || !strings.Contains(list, "Hoàn thành giải phóng mặt bằng") {
			t.Errorf("the UBND user's list shows the Front's task or lacks its own")
		}
		// It reports 60% with a file.
		ct, body := multipartReport(t, map[string]string{"status": "on_track", "percent": "60", "note": "Đã xong 3 km."}, "anh.png", pngBytes)
		if resp := c.Do(t, "POST", fmt.Sprintf("/tasks/%d/report", ubndTask), ct, body); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("report: %d %s", resp.StatusCode, resp.Body)
		}
		page := c.Get(t, fmt.Sprintf("/tasks/%d", ubndTask)).Body
		if !strings.Contains(page, "Đã xong 3 km.") || !strings.Contains(page, "/files/") {
			t.Errorf("the task page lacks the report or its file")
		}
		if strings.Contains(page+list, fmt.Sprintf(`href="/orgs/%d"`, mytho.ID)) {
			t.Errorf("the UBND user's pages link to the commune page it cannot open")
		}
		ct, body = multipartReport(t, map[string]string{"status": "on_track", "percent": "60"}, "a.pdf", pngBytes)
		if resp := c.Do(t, "POST", fmt.Sprintf("/tasks/%d/report", frontTask), ct, body); resp.StatusCode != http.StatusNotFound {
			t.Errorf("report on the Front's task: %d", resp.StatusCode)
		}
	})
}

// A resolution's paragraph becomes tasks for UBND and MTTQ; the overlap
// page warns; time passes and the coming meeting's review shows the late
// task first and becomes the program's first item.
func TestTaskPages(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := testutil.NewServer(t, d)
		mytho := srv.Commune(t, "Mỹ Tho")
		_, _, issued := signedMinutes(t, srv)
		vp := srv.Login(t, "vp.mytho")
		form := vp.Get(t, fmt.Sprintf("/orgs/%d/tasks/new?source_kind=issued&source_id=%d&source_para=1", mytho.ID, issued))
		if form.StatusCode != http.StatusOK || !strings.Contains(form.Body, `value="issued" selected`) {
			t.Fatalf("prefilled form: %d", form.StatusCode)
		}
		owners, err := srv.App.Followup.Owners(ctx, srv.Actor(t, "vp.mytho"), mytho.ID)
		if err != nil {
			t.Fatal(err)
		}
		key := map[string]string{}
		for _, o := range owners {
			key[o.Name] = followup.OwnerKey(o)
		}
		due := srv.App.Followup.Today().Time(time.UTC).AddDate(0, 0, 5).Format("2006-01-02")
		var created []string
		for _, owner := range []string{"Ủy ban nhân dân phường Mỹ Tho", "Ủy ban Mặt trận Tổ quốc Việt Nam phường Mỹ Tho"} {
			resp := vp.PostForm(t, fmt.Sprintf("/orgs/%d/tasks", mytho.ID), url.Values{"title": {"Triển khai camera an ninh"},
				"subject": {"An ninh trật tự"}, "owner": {key[owner]}, "due_on": {due}, "source_kind": {"issued"},
				"source_id": {fmt.Sprint(issued)}, "source_para": {"1"}})
			if resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("create for %s: %d %s", owner, resp.StatusCode, resp.Body)
			}
			created = append(created, resp.Header.Get("Location"))
		}
		// Bad input: a deadline before the start, refused beside its field.
		resp := vp.PostForm(t, fmt.Sprintf("/orgs/%d/tasks", mytho.ID), url.Values{"title": {"X"}, "owner": {key["Ủy ban nhân dân phường Mỹ Tho"]},
			"start_on": {due}, "due_on": {"2026-01-01"}})
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(resp.Body, "Thời hạn hoàn thành phải sau ngày bắt đầu") {
			t.Errorf("deadline before start: %d", resp.StatusCode)
		}
		page := vp.Get(t, created[0])
		if page.StatusCode != http.StatusOK || !strings.Contains(page.Body, "Triển khai camera an ninh") {
			t.Fatalf("task page: %d", page.StatusCode)
		}
		ov := vp.Get(t, fmt.Sprintf("/orgs/%d/overlaps", mytho.ID)).Body
		if !strings.Contains(ov, "Vấn đề “An ninh trật tự” được giao cho nhiều đơn vị") || !strings.Contains(ov, "Phân loại rác tại nguồn") {
			t.Errorf("overlap page lacks the warnings")
		}
		// Time passes: the new tasks' deadline goes by.
		srv.Clock.Advance(7 * 24 * time.Hour)
		vp = srv.Login(t, "vp.mytho") // the session has expired meanwhile
		mtg, _, _, _, _, _, _, _ := preparation(t, srv)
		rv := vp.Get(t, fmt.Sprintf("/meetings/%d/review", mtg))
		if rv.StatusCode != http.StatusOK || !strings.Contains(rv.Body, "Đánh giá việc thực hiện các nhiệm vụ") || !strings.Contains(rv.Body, "Chậm tiến độ") {
			t.Fatalf("review page: %d", rv.StatusCode)
		}
		if resp := vp.PostForm(t, fmt.Sprintf("/meetings/%d/review", mtg), nil); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("add review: %d", resp.StatusCode)
		}
		items, _ := srv.App.Store.Items(ctx, mtg)
		if items[0].Source != model.SourceReview || !strings.Contains(items[0].Notes, "Triển khai camera an ninh") {
			t.Errorf("first item: %+v", items[0])
		}
		org := vp.Get(t, fmt.Sprintf("/orgs/%d", mytho.ID)).Body
		if !strings.Contains(org, fmt.Sprintf("/orgs/%d/tasks", mytho.ID)) {
			t.Errorf("the commune page lacks the tasks link")
		}
	})
}
