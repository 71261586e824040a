package web_test

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"nghisu/internal/db"
	"nghisu/internal/i18n"
	"nghisu/internal/model"
	"nghisu/internal/org"
	"nghisu/internal/testutil"
	"nghisu/internal/vntext"
)

// The staffing view through the pages: the province's table with its
// totals, linked from the province page and the home page; sorting and
// filtering; bad parameters told in Vietnamese (422), never a 500; the
// workbook with a row per commune; another commune kept out; no writes.
func TestStaffingThroughThePages(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := testutil.NewServerWith(t, d, testutil.Options{Communes: 2})
		prov := srv.Demo.ProvinceID
		mytho := srv.Commune(t, "Mỹ Tho")
		tinhuy := srv.Login(t, "tinhuy")
		uv := srv.Login(t, "uv.mytho")
		other := srv.Login(t, "bithu.caolanh")
		path := fmt.Sprintf("/orgs/%d/staffing", prov)

		st, err := srv.App.Org.Staffing(ctx, srv.Actor(t, "tinhuy"), prov, model.Date{})
		if err != nil || len(st.Communes) != 2 {
			t.Fatalf("staffing: %v", err)
		}
		page := tinhuy.Get(t, path)
		if page.StatusCode != 200 {
			t.Fatalf("page: %d", page.StatusCode)
		}
		for _, tot := range st.Totals {
			cell := i18n.T("vi", "staffing.total_cell", tot.Communes, tot.Of, vntext.Percent(tot.Share, 1))
			if !strings.Contains(page.Body, cell) {
				t.Errorf("the totals lack %q for %s", cell, tot.Pattern)
			}
		}
		// Both demo communes have a Phó Bí thư who chairs the UBND.
		if !strings.Contains(page.Body, "2/2 xã, phường (100,0%)") {
			t.Error("the totals do not show the two communes' Phó Bí thư chairing the UBND")
		}
		for _, want := range []string{fmt.Sprintf(`href="/orgs/%d"`, mytho.ID), "Đảng bộ phường Cao Lãnh",
			"Phó Bí thư kiêm Chủ tịch UBND", "mặc định, chưa xác minh", fmt.Sprintf(`href="/orgs/%d/staffing.xlsx"`, prov)} {
			if !strings.Contains(page.Body, want) {
				t.Errorf("the page lacks %q", want)
			}
		}
		if strings.Contains(page.Body, "style=") || strings.Contains(page.Body, "<script>") {
			t.Error("inline style or script on the staffing page (the CSP forbids them)")
		}
		if !strings.Contains(tinhuy.Get(t, fmt.Sprintf("/orgs/%d", prov)).Body, `href="`+path+`"`) {
			t.Error("the province page does not link the staffing view")
		}
		if !strings.Contains(tinhuy.Get(t, "/").Body, `href="`+path+`"`) {
			t.Error("the province's home page does not link the staffing view")
		}

		// Filter and sort: Cao Lãnh before Mỹ Tho by name.
		byName := tinhuy.Get(t, path+"?sort=name")
		if i, j := strings.Index(byName.Body, "Đảng bộ phường Cao Lãnh</a>"), strings.Index(byName.Body, "Đảng bộ phường Mỹ Tho</a>"); byName.StatusCode != 200 || i < 0 || j < 0 || i > j {
			t.Errorf("sorted by name: %d, Cao Lãnh at %d, Mỹ Tho at %d", byName.StatusCode, i, j)
		}
		if r := tinhuy.Get(t, path+"?sort=flags&pattern="+string(org.DeputyChairsCommittee)); r.StatusCode != 200 || !strings.Contains(r.Body, "Đảng bộ phường Mỹ Tho</a>") {
			t.Errorf("filtered by a pattern every commune shows: %d", r.StatusCode)
		}
		if r := tinhuy.Get(t, path+"?pattern="+string(org.SecretaryChairsCommittee)); r.StatusCode != 200 || strings.Contains(r.Body, "Đảng bộ phường Mỹ Tho</a>") {
			t.Errorf("filtered by a pattern no demo commune shows: %d", r.StatusCode)
		}

		// Bad parameters: told, not a 500.
		for _, c := range []struct{ q, want string }{
			{"?pattern=bogus", "Không có dấu hiệu “bogus”"},
			{"?sort=score", "Không xếp được theo “score”"},
			{"?on=2099-01-01", "Ngày xem là ngày trong tương lai"},
			{"?on=hôm-qua", "Ngày không hợp lệ"},
			{"?pattern=%3Cscript%3E", "Không có dấu hiệu “&lt;script&gt;”"},
		} {
			r := tinhuy.Get(t, path+c.q)
			if r.StatusCode != 422 || !strings.Contains(r.Body, c.want) {
				t.Errorf("%s: %d, message %q shown: %v", c.q, r.StatusCode, c.want, strings.Contains(r.Body, c.want))
			}
		}
		if r := tinhuy.Get(t, path+".xlsx?pattern=bogus"); r.StatusCode != 422 {
			t.Errorf("workbook with a bad pattern: %d", r.StatusCode)
		}

		// The commune's own people see its view; another commune does not.
		if r := uv.Get(t, fmt.Sprintf("/orgs/%d/staffing", mytho.ID)); r.StatusCode != 200 || !strings.Contains(r.Body, "Lãnh đạo chủ chốt") {
			t.Errorf("a member of Mỹ Tho: %d", r.StatusCode)
		}
		for _, p := range []string{fmt.Sprintf("/orgs/%d/staffing", mytho.ID), fmt.Sprintf("/orgs/%d/staffing.xlsx", mytho.ID), path} {
			if r := other.Get(t, p); r.StatusCode != 404 {
				t.Errorf("Cao Lãnh's secretary, %s: %d", p, r.StatusCode)
			}
		}
		// Read-only: no route writes, for anyone.
		for _, who := range []*testutil.Client{tinhuy, srv.Login(t, "admin"), srv.Login(t, "vp.mytho")} {
			if r := who.PostForm(t, path, url.Values{"pattern": {"three_posts"}}); r.StatusCode < 400 {
				t.Errorf("POST to the staffing view: %d", r.StatusCode)
			}
		}

		// In English too.
		en := srv.Login(t, "tinhuy")
		en.PostForm(t, "/lang", url.Values{"lang": {"en"}})
		if r := en.Get(t, path); r.StatusCode != 200 || !strings.Contains(r.Body, "Posts and concurrent posts") ||
			!strings.Contains(r.Body, "2/2 communes (100,0%)") {
			t.Errorf("in English: %d", r.StatusCode)
		}
		en.PostForm(t, "/lang", url.Values{"lang": {"vi"}})

		// The workbook: communes × patterns with the totals row, the
		// people, the conflicts.
		x := tinhuy.Get(t, path+".xlsx")
		if x.StatusCode != 200 || !strings.Contains(x.Header.Get("Content-Disposition"), ".xlsx") {
			t.Fatalf("workbook: %d %s", x.StatusCode, x.Header.Get("Content-Disposition"))
		}
		f, err := excelize.OpenReader(bytes.NewReader([]byte(x.Body)))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		sheets := f.GetSheetList()
		if len(sheets) != 3 {
			t.Fatalf("sheets %v", sheets)
		}
		rows, err := f.GetRows(sheets[0])
		if err != nil || len(rows) != 4 {
			t.Fatalf("communes sheet: %d rows, %v", len(rows), err)
		}
		if rows[0][0] != "Xã, phường" || rows[0][1] != org.Patterns[0].Label("vi") || len(rows[0]) != len(org.Patterns)+2 {
			t.Errorf("header %v", rows[0])
		}
		got := []string{rows[1][0], rows[2][0]}
		if got[0] != "Đảng bộ phường Cao Lãnh" || got[1] != "Đảng bộ phường Mỹ Tho" {
			t.Errorf("communes %v", got)
		}
		deputy := 1 + slicesIndex(org.Patterns, org.DeputyChairsCommittee)
		if rows[1][deputy] != "1" || rows[2][deputy] != "1" || rows[3][deputy] != "2/2 xã, phường (100,0%)" {
			t.Errorf("the UBND column: %q %q %q", rows[1][deputy], rows[2][deputy], rows[3][deputy])
		}
		people, _ := f.GetRows(sheets[1])
		wantPeople := 1
		for _, c := range st.Communes {
			wantPeople += len(c.Leaders) + len(c.Others)
		}
		if len(people) != wantPeople {
			t.Errorf("people sheet: %d rows, want %d", len(people), wantPeople)
		}
		conflicts, _ := f.GetRows(sheets[2])
		if len(conflicts) != 1+len(st.Conflicts) {
			t.Errorf("conflicts sheet: %d rows, want %d", len(conflicts), 1+len(st.Conflicts))
		}
	})
}

func slicesIndex(ps []org.Pattern, p org.Pattern) int {
	for i, x := range ps {
		if x == p {
			return i
		}
	}
	return -1
}
