package api_test

import (
	"fmt"
	"testing"

	"nghisu/internal/db"
	"nghisu/internal/model"
	"nghisu/internal/programs"
	"nghisu/internal/testutil"
)

// Programs and upper-level documents through the API, with the same rules
// as the pages.
func TestProgramsThroughAPI(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := testutil.NewServerWith(t, d, testutil.Options{Communes: 2})
		vp := newClient(t, srv, "vp.mytho")
		uv := newClient(t, srv, "uv.mytho")
		other := newClient(t, srv, "bithu.caolanh")
		admin := newClient(t, srv, "admin")
		tinhuy := newClient(t, srv, "tinhuy")
		bch := srv.Body(t, "Mỹ Tho", model.BodyCommittee)
		mytho := srv.Commune(t, "Mỹ Tho")
		var e apiError

		var list []model.Program
		if s := uv.do("GET", fmt.Sprintf("/bodies/%d/programs", bch.ID), "", &list); s != 200 || len(list) != 3 {
			t.Fatalf("list: %d %d", s, len(list))
		}
		if s := other.do("GET", fmt.Sprintf("/bodies/%d/programs", bch.ID), "", &e); s != 404 {
			t.Fatalf("another commune lists: %d", s)
		}
		var p model.Program
		if s := vp.do("POST", fmt.Sprintf("/bodies/%d/programs", bch.ID), `{"kind":"month","period":"2026-04"}`, &p); s != 201 || p.ID == 0 {
			t.Fatalf("create: %d %+v", s, p)
		}
		if s := vp.do("POST", fmt.Sprintf("/bodies/%d/programs", bch.ID), `{"kind":"month","period":"2026-04"}`, &e); s != 409 {
			t.Fatalf("create twice: %d", s)
		}
		if s := uv.do("POST", fmt.Sprintf("/bodies/%d/programs", bch.ID), `{"kind":"month","period":"2026-05"}`, &e); s != 403 {
			t.Fatalf("a member creates: %d", s)
		}
		var en model.ProgramEntry
		if s := vp.do("POST", fmt.Sprintf("/programs/%d/entries", p.ID), `{"title":"Kiểm tra chi bộ","area":"inspection","month":"2026-05"}`, &e); s != 422 ||
			e.Error.Fields["month"] == "" {
			t.Fatalf("entry outside the month: %d %+v", s, e)
		}
		if s := vp.do("POST", fmt.Sprintf("/programs/%d/entries", p.ID), `{"title":"Kiểm tra chi bộ","area":"inspection",
			"owner":{"kind":"org","id":`+fmt.Sprint(mytho.ID)+`}}`, &en); s != 201 || en.Month != "2026-04" || en.Owner == nil {
			t.Fatalf("entry: %d %+v", s, en)
		}
		if s := vp.do("POST", fmt.Sprintf("/program-entries/%d/status", en.ID), `{"status":"done"}`, &en); s != 200 || en.Status != model.EntryDone {
			t.Fatalf("done: %d %+v", s, en)
		}
		var v programs.View
		if s := uv.do("GET", fmt.Sprintf("/programs/%d", p.ID), "", &v); s != 200 || len(v.Entries) != 1 || v.Months[0].Done != 1 {
			t.Fatalf("view: %d %+v", s, v)
		}

		var doc model.UpperDocument
		body := `{"kind":"directive","symbol":"Chỉ thị 01-CT/TU","title":"Về phòng chống thiên tai","issued_on":"2026-02-01","issuer":"Ban Thường vụ Tỉnh ủy","deadline":"2026-03-31"}`
		if s := tinhuy.do("POST", fmt.Sprintf("/orgs/%d/upper-documents", srv.Demo.ProvinceID), body, &e); s != 403 {
			t.Fatalf("oversight registers: %d", s)
		}
		if s := admin.do("POST", fmt.Sprintf("/orgs/%d/upper-documents", srv.Demo.ProvinceID), body, &doc); s != 201 || doc.ID == 0 {
			t.Fatalf("register: %d %+v", s, doc)
		}
		var f model.UpperFollowup
		if s := vp.do("PUT", fmt.Sprintf("/orgs/%d/upper-documents/%d/followup", mytho.ID, doc.ID), `{"disseminated_on":"2026-02-10"}`, &f); s != 200 ||
			f.DisseminatedOn.String() != "2026-02-10" {
			t.Fatalf("followup: %d %+v", s, f)
		}
		if s := other.do("PUT", fmt.Sprintf("/orgs/%d/upper-documents/%d/followup", mytho.ID, doc.ID), `{"disseminated_on":"2026-02-10"}`, &e); s != 404 {
			t.Fatalf("another commune's followup: %d", s)
		}
		var uvw programs.UpperView
		if s := tinhuy.do("GET", fmt.Sprintf("/orgs/%d/upper-documents", srv.Demo.ProvinceID), "", &uvw); s != 200 || uvw.Province == nil || len(uvw.Province.Documents) != 3 {
			t.Fatalf("province view: %d %+v", s, uvw)
		}
	})
}
