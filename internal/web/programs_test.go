package web_test

import (
	"net/url"
	"strconv"
	"strings"
	"testing"

	"nghisu/internal/db"
	"nghisu/internal/model"
	"nghisu/internal/testutil"
)

// workPrograms finds the demo's annual program of Mỹ Tho's BCH, its first
// entry, and the provincial resolution on digital transformation.
func workPrograms(t testing.TB, srv *testutil.Server) (programID, entryID, upperID int64) {
	t.Helper()
	bch := srv.Body(t, "Mỹ Tho", model.BodyCommittee)
	ps, err := srv.App.Store.Programs(ctx, bch.ID)
	if err != nil || len(ps) != 3 {
		t.Fatalf("the demo's programs: %v, %v", ps, err)
	}
	var year model.Program
	for _, p := range ps {
		if p.Kind == model.ProgramYear {
			year = p
		}
	}
	es, err := srv.App.Store.ProgramEntries(ctx, year.ID)
	if err != nil || len(es) == 0 {
		t.Fatalf("its entries: %v, %v", es, err)
	}
	docs, err := srv.App.Store.Uppers(ctx, srv.Demo.ProvinceID)
	if err != nil || len(docs) != 2 {
		t.Fatalf("the demo's upper documents: %v, %v", docs, err)
	}
	for _, d := range docs {
		if d.Kind == model.UpperResolution {
			upperID = d.ID
		}
	}
	return year.ID, es[0].ID, upperID
}

func TestProgramPages(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := testutil.NewServerWith(t, d, testutil.Options{Communes: 3})
		bch := srv.Body(t, "Mỹ Tho", model.BodyCommittee)
		prog, entry, upper := workPrograms(t, srv)
		vp := srv.Login(t, "vp.mytho")

		// The list links to the programs; the annual program shows its
		// missing area and its months.
		r := vp.Get(t, "/bodies/"+itoa(bch.ID)+"/programs")
		if r.StatusCode != ok || !strings.Contains(r.Body, "/programs/"+itoa(prog)) {
			t.Fatalf("programs list: %d", r.StatusCode)
		}
		r = vp.Get(t, "/programs/"+itoa(prog))
		if r.StatusCode != ok || !strings.Contains(r.Body, "Thi đua, khen thưởng") || !strings.Contains(r.Body, "Chương trình chưa có nội dung") {
			t.Fatalf("annual program: %d, missing area not shown", r.StatusCode)
		}
		// A new monthly program, then an entry in the emulation area: the
		// annual program is a different one, so it still misses it.
		r = vp.PostForm(t, "/bodies/"+itoa(bch.ID)+"/programs", url.Values{"kind": {"month"}, "period_month": {"2026-04"}})
		if r.StatusCode != see {
			t.Fatalf("new monthly program: %d %s", r.StatusCode, r.Body)
		}
		// An entry outside the year is refused beside its field.
		r = vp.PostForm(t, "/programs/"+itoa(prog)+"/entries", url.Values{"title": {"Khen thưởng tổ chức đảng"}, "area": {"emulation"}, "month": {"2027-01"}})
		if r.StatusCode != bad || !strings.Contains(r.Body, "Ngoài thời gian của chương trình") {
			t.Fatalf("entry outside the year: %d", r.StatusCode)
		}
		r = vp.PostForm(t, "/programs/"+itoa(prog)+"/entries", url.Values{"title": {"Tổng kết thi đua, khen thưởng năm"}, "area": {"emulation"}, "month": {"2026-12"}})
		if r.StatusCode != see {
			t.Fatalf("add entry: %d %s", r.StatusCode, r.Body)
		}
		r = vp.Get(t, "/programs/"+itoa(prog))
		if strings.Contains(r.Body, "Chương trình chưa có nội dung") || !strings.Contains(r.Body, "Tổng kết thi đua") {
			t.Fatalf("after adding the emulation entry the area is still missing")
		}
		// Edit page, then drop without a reason (refused), with one (saved).
		if r = vp.Get(t, "/program-entries/"+itoa(entry)+"/edit"); r.StatusCode != ok {
			t.Fatalf("edit page: %d", r.StatusCode)
		}
		e, _ := srv.App.Store.ProgramEntry(ctx, entry)
		form := url.Values{"title": {e.Title}, "area": {string(e.Area)}, "month": {e.Month}, "status": {"dropped"}}
		if r = vp.PostForm(t, "/program-entries/"+itoa(entry), form); r.StatusCode != bad {
			t.Fatalf("dropped without a reason: %d", r.StatusCode)
		}
		form.Set("reason", "Đã lồng ghép vào hội nghị tháng 2")
		if r = vp.PostForm(t, "/program-entries/"+itoa(entry), form); r.StatusCode != see {
			t.Fatalf("dropped with a reason: %d %s", r.StatusCode, r.Body)
		}
		if e, _ := srv.App.Store.ProgramEntry(ctx, entry); e.Status != model.EntryDropped || e.Reason == "" {
			t.Errorf("entry after drop: %+v", e)
		}

		// The province sees the table with Cao Lãnh late; the admin
		// registers a document.
		adm := srv.Login(t, "admin")
		prov := itoa(srv.Demo.ProvinceID)
		r = adm.Get(t, "/orgs/"+prov+"/upper-documents")
		if r.StatusCode != ok || !strings.Contains(r.Body, "Nghị quyết 05-NQ/TU") || !strings.Contains(r.Body, "1 đơn vị quá hạn") {
			t.Fatalf("province page: %d", r.StatusCode)
		}
		r = adm.PostForm(t, "/orgs/"+prov+"/upper-documents", url.Values{"kind": {"conclusion"}, "symbol": {"Kết luận 123-KL/TW"},
			"title": {"Về cải cách hành chính"}, "issuer": {"Bộ Chính trị"}, "issued_on": {"2026-02-01"}, "deadline": {"2026-04-30"}})
		if r.StatusCode != see {
			t.Fatalf("register: %d %s", r.StatusCode, r.Body)
		}
		// The commune records its plan for it.
		mytho := srv.Commune(t, "Mỹ Tho")
		r = vp.Get(t, "/orgs/"+itoa(mytho.ID)+"/upper-documents")
		if r.StatusCode != ok || !strings.Contains(r.Body, "Kết luận 123-KL/TW") {
			t.Fatalf("commune page: %d", r.StatusCode)
		}
		r = vp.PostForm(t, "/orgs/"+itoa(mytho.ID)+"/upper-documents/"+itoa(upper)+"/followup",
			url.Values{"disseminated_on": {"2026-02-02"}, "plan_on": {"2026-02-20"}, "plan_number": {"09-KH/ĐU"}})
		if r.StatusCode != see {
			t.Fatalf("followup: %d", r.StatusCode)
		}
		fs, _ := srv.App.Store.CommuneFollowups(ctx, mytho.ID)
		found := false
		for _, f := range fs {
			found = found || f.DocumentID == upper && f.PlanNumber == "09-KH/ĐU"
		}
		if !found {
			t.Errorf("the follow-up was not saved: %+v", fs)
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
