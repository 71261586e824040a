package api_test

import (
	"fmt"
	"net/http"
	"testing"

	"nghisu/internal/db"
	"nghisu/internal/model"
	"nghisu/internal/testutil"
)

// Tasks through the API: the keepers assign, the UBND user lists its own
// and reports, a percent out of range is a field error, another commune
// gets 404.
func TestTasksAPI(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := testutil.NewServerWith(t, d, testutil.Options{Communes: 2})
		mytho := srv.Commune(t, "Mỹ Tho")
		kids, err := srv.App.Store.Children(ctx, mytho.ID)
		if err != nil {
			t.Fatal(err)
		}
		var ubnd int64
		for _, k := range kids {
			if k.Kind == model.OrgPeopleCommittee {
				ubnd = k.ID
			}
		}
		vp, uc, other := newClient(t, srv, "vp.mytho"), newClient(t, srv, "ubnd.mytho"), newClient(t, srv, "bithu.caolanh")
		due := srv.App.Followup.Today().String()
		var task model.Task
		body := fmt.Sprintf(`{"title":"Lắp đèn đường","owner":{"kind":"org","id":%d},"due_on":"%s"}`, ubnd, due)
		if st := vp.do("POST", fmt.Sprintf("/orgs/%d/tasks", mytho.ID), body, &task); st != http.StatusCreated || task.ID == 0 {
			t.Fatalf("create: %d %+v", st, task)
		}
		var e apiError
		bad := fmt.Sprintf(`{"title":"X","owner":{"kind":"org","id":%d},"start_on":"%s","due_on":"2020-01-01"}`, ubnd, due)
		if st := vp.do("POST", fmt.Sprintf("/orgs/%d/tasks", mytho.ID), bad, &e); st != http.StatusUnprocessableEntity || e.Error.Fields["due_on"] == "" {
			t.Errorf("deadline before start: %d %+v", st, e)
		}
		var mine []model.Task
		if st := uc.do("GET", fmt.Sprintf("/orgs/%d/tasks", mytho.ID), "", &mine); st != http.StatusOK || len(mine) == 0 {
			t.Fatalf("the UBND user lists: %d %d", st, len(mine))
		}
		for _, x := range mine {
			if x.Owner.ID != ubnd && !(len(x.CoOwners) > 0 && x.CoOwners[0].ID == ubnd) {
				t.Errorf("the UBND user sees %q of %s", x.Title, x.Owner.Name)
			}
		}
		if st := uc.do("POST", fmt.Sprintf("/tasks/%d/reports", task.ID), `{"status":"on_track","percent":101}`, &e); st != http.StatusUnprocessableEntity || e.Error.Fields["percent"] == "" {
			t.Errorf("percent 101: %d %+v", st, e)
		}
		var got model.Task
		if st := uc.do("POST", fmt.Sprintf("/tasks/%d/reports", task.ID), `{"status":"on_track","percent":60,"note":"Đã lắp 12 cột"}`, &got); st != http.StatusCreated || got.Percent != 60 {
			t.Errorf("report: %d %+v", st, got)
		}
		if st := other.do("GET", fmt.Sprintf("/tasks/%d", task.ID), "", nil); st != http.StatusNotFound {
			t.Errorf("another commune reads: %d", st)
		}
		if st := uc.do("GET", fmt.Sprintf("/orgs/%d/overlaps", mytho.ID), "", nil); st != http.StatusNotFound {
			t.Errorf("the UBND user reads the matrix: %d", st)
		}

		// Conclusions: the keepers extend, reassign and close; an owner may
		// not; a cancellation needs its reason; a closed task takes no more.
		later := srv.App.Followup.Today().Time(srv.Clock.Now().Location()).AddDate(0, 1, 0).Format("2006-01-02")
		if st := uc.do("POST", fmt.Sprintf("/tasks/%d/extend", task.ID), `{"due_on":"`+later+`","reason":"x"}`, &e); st != http.StatusForbidden {
			t.Errorf("the owner extends: %d", st)
		}
		if st := vp.do("POST", fmt.Sprintf("/tasks/%d/extend", task.ID), `{"due_on":"`+later+`","reason":"Chờ vật tư"}`, &got); st != http.StatusOK || got.DueOn.String() != later {
			t.Errorf("extend: %d %+v", st, got)
		}
		var front int64
		for _, k := range kids {
			if k.Kind == model.OrgFront {
				front = k.ID
			}
		}
		if st := vp.do("POST", fmt.Sprintf("/tasks/%d/reassign", task.ID), fmt.Sprintf(`{"owner":{"kind":"org","id":%d},"reason":"Giao lại"}`, front), &got); st != http.StatusOK || got.Owner.ID != front {
			t.Errorf("reassign: %d %+v", st, got)
		}
		if st := vp.do("POST", fmt.Sprintf("/tasks/%d/close", task.ID), `{"done":false,"reason":""}`, &e); st != http.StatusUnprocessableEntity {
			t.Errorf("cancel without a reason: %d %+v", st, e)
		}
		if st := vp.do("POST", fmt.Sprintf("/tasks/%d/close", task.ID), `{"done":true,"reason":"Đã hoàn thành"}`, &got); st != http.StatusOK || got.Status != model.TaskDone {
			t.Errorf("close: %d %+v", st, got)
		}
		if st := vp.do("POST", fmt.Sprintf("/tasks/%d/reports", task.ID), `{"status":"on_track","percent":90}`, &e); st < 400 {
			t.Errorf("a report on a closed task: %d", st)
		}
		if st := other.do("POST", fmt.Sprintf("/tasks/%d/close", task.ID), `{"done":true,"reason":"x"}`, &e); st != http.StatusNotFound {
			t.Errorf("another commune closes: %d", st)
		}
	})
}
