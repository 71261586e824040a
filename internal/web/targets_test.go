package web_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"nghisu/internal/db"
	"nghisu/internal/model"
	"nghisu/internal/testutil"
	"nghisu/internal/xlsx"

	"github.com/xuri/excelize/v2"
)

// Targets through the pages: the list with its bars and formulas, a new
// target from the form (with its mistakes shown first), a value reported
// with a decimal comma, a wrong unit refused, another commune kept out.
func TestTargetsThroughThePages(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := testutil.NewServer(t, d)
		mytho := srv.Commune(t, "Mỹ Tho")
		vp := srv.Login(t, "vp.mytho")
		uv := srv.Login(t, "uv.mytho")
		other := srv.Login(t, "bithu.caolanh")

		org := vp.Get(t, fmt.Sprintf("/orgs/%d", mytho.ID))
		if !strings.Contains(org.Body, fmt.Sprintf(`href="/orgs/%d/targets"`, mytho.ID)) {
			t.Fatal("the commune page does not link its targets")
		}
		list := uv.Get(t, fmt.Sprintf("/orgs/%d/targets", mytho.ID))
		for _, want := range []string{"Thu nhập bình quân đầu người", "Giảm tỷ lệ hộ nghèo 2%/năm", `role="img"`,
			"(cơ sở − thực hiện) / (cơ sở − chỉ tiêu)", "<details>", "Chậm tiến độ", "Đã đạt"} {
			if !strings.Contains(list.Body, want) {
				t.Errorf("the list lacks %q", want)
			}
		}
		if strings.Contains(list.Body, "/targets/new") {
			t.Error("a plain member is offered to set a target")
		}
		if strings.Contains(list.Body, "style=") {
			t.Error("an inline style on the targets page (the CSP forbids them)")
		}
		if r := other.Get(t, fmt.Sprintf("/orgs/%d/targets", mytho.ID)); r.StatusCode != 404 {
			t.Errorf("another commune: %d", r.StatusCode)
		}

		form := vp.Get(t, fmt.Sprintf("/orgs/%d/targets/new", mytho.ID))
		m := regexp.MustCompile(`<option value="(org:\d+)"[^>]*>Ủy ban nhân dân`).FindStringSubmatch(form.Body)
		if form.StatusCode != 200 || m == nil || !strings.Contains(form.Body, `<datalist id="units">`) {
			t.Fatalf("form: %d", form.StatusCode)
		}
		fields := url.Values{"name": {""}, "unit": {"%"}, "direction": {"reach"}, "baseline": {""}, "target_value": {""},
			"period_kind": {"year"}, "period": {"2026"}, "owner": {m[1]}}
		bad := vp.PostForm(t, fmt.Sprintf("/orgs/%d/targets", mytho.ID), fields)
		if bad.StatusCode != 422 || !strings.Contains(bad.Body, "Không được để trống.") || !strings.Contains(bad.Body, `value="%"`) {
			t.Fatalf("bad form: %d", bad.StatusCode)
		}
		fields.Set("name", "Tỷ lệ trẻ em trong độ tuổi được tiêm chủng đầy đủ")
		fields.Set("target_value", "99,5")
		made := vp.PostForm(t, fmt.Sprintf("/orgs/%d/targets", mytho.ID), fields)
		if made.StatusCode != 303 {
			t.Fatalf("create: %d %s", made.StatusCode, made.Body)
		}
		page := made.Header.Get("Location")
		detail := uv.Get(t, page)
		if detail.StatusCode != 200 || !strings.Contains(detail.Body, "Chưa có số liệu") || strings.Contains(detail.Body, "/values") {
			t.Fatalf("detail as a member: %d", detail.StatusCode)
		}
		wrong := vp.PostForm(t, page+"/values", url.Values{"period": {"2026-02"}, "value": {"97,2"}, "unit": {"hộ"}})
		if wrong.StatusCode != 422 || !strings.Contains(wrong.Body, "chỉ tiêu tính bằng") {
			t.Fatalf("wrong unit: %d", wrong.StatusCode)
		}
		okr := vp.PostForm(t, page+"/values", url.Values{"period": {"2026-02"}, "value": {"97,2"}, "unit": {"%"}, "note": {"Theo sổ tiêm chủng"}})
		if okr.StatusCode != 303 {
			t.Fatalf("report: %d %s", okr.StatusCode, okr.Body)
		}
		after := vp.Get(t, page)
		for _, want := range []string{"97,2 %", "Theo sổ tiêm chủng", "thực hiện / chỉ tiêu = 97,2 / 99,5 = 97,7%", "<polyline"} {
			if !strings.Contains(after.Body, want) {
				t.Errorf("the detail lacks %q", want)
			}
		}
		svg := uv.Get(t, page+"/chart.svg")
		if svg.StatusCode != 200 || !strings.HasPrefix(svg.Header.Get("Content-Type"), "image/svg+xml") ||
			!strings.HasPrefix(svg.Body, "<svg") || !strings.Contains(svg.Body, "2026-02: 97,2 %") {
			t.Errorf("chart.svg: %d %s", svg.StatusCode, svg.Header.Get("Content-Type"))
		}
		if r := other.PostForm(t, page+"/values", url.Values{"period": {"2026-02"}, "value": {"1"}}); r.StatusCode != 404 {
			t.Errorf("another commune reports: %d", r.StatusCode)
		}
	})
}

// valuesUpload posts a values sheet with rows to the import.
func valuesUpload(t *testing.T, c *testutil.Client, orgID int64, rows ...[]any) testutil.Response {
	t.Helper()
	b, err := xlsx.ValuesTemplate("vi")
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := f.SetSheetRow(f.GetSheetList()[0], cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	data, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", "so-lieu.xlsx")
	fw.Write(data.Bytes())
	mw.Close()
	return c.Do(t, "POST", fmt.Sprintf("/orgs/%d/targets/import", orgID), mw.FormDataContentType(), &buf)
}

// Target values from Excel through the page: a sheet with a bad row imports
// nothing and names the row and column; the corrected sheet imports all.
func TestTargetValuesImportPage(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := testutil.NewServer(t, d)
		mytho := srv.Commune(t, "Mỹ Tho")
		vp := srv.Login(t, "vp.mytho")
		ts, err := srv.App.Store.Targets(ctx, mytho.ID)
		if err != nil {
			t.Fatal(err)
		}
		var poor int64
		for _, tg := range ts {
			if strings.HasPrefix(tg.Name, "Giảm tỷ lệ hộ nghèo") {
				poor = tg.ID
			}
		}
		before, _ := srv.App.Store.TargetValues(ctx, poor)
		bad := valuesUpload(t, vp, mytho.ID, []any{poor, "2026-03", "4,25", "%", ""}, []any{poor, "2026-04", "bốn", "%", ""})
		if bad.StatusCode != 409 || !strings.Contains(bad.Body, "Chưa nhập dòng nào") || !strings.Contains(bad.Body, "C · Giá trị") {
			t.Fatalf("bad sheet: %d", bad.StatusCode)
		}
		if after, _ := srv.App.Store.TargetValues(ctx, poor); len(after) != len(before) {
			t.Fatal("a refused sheet wrote values")
		}
		good := valuesUpload(t, vp, mytho.ID, []any{poor, "2026-03", "4,25", "%", ""}, []any{poor, "2026-04", 4.1, "%", ""})
		if good.StatusCode != 303 {
			t.Fatalf("good sheet: %d %s", good.StatusCode, good.Body)
		}
		if after, _ := srv.App.Store.TargetValues(ctx, poor); len(after) != len(before)+2 {
			t.Fatalf("%d values after the import", len(after))
		}
		exp := vp.Get(t, fmt.Sprintf("/orgs/%d/targets.xlsx", mytho.ID))
		if exp.StatusCode != 200 || !strings.HasPrefix(exp.Header.Get("Content-Type"), "application/vnd.openxmlformats") {
			t.Fatalf("export: %d", exp.StatusCode)
		}
		rows, err := xlsx.ReadTargetValues(strings.NewReader(exp.Body), "vi", 0)
		if err != nil || len(rows) < 3 {
			t.Fatalf("the export reads back: %d rows, %v", len(rows), err)
		}
	})
}

// A UBND officer (an account scoped to the UBND of Mỹ Tho) reads the
// commune's targets, reports UBND's and not MTTQ's.
func TestTargetsAsOwnerOrganisation(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := testutil.NewServer(t, d)
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
		if srv.Actor(t, "ubnd.mytho").Account.OrgID != ubnd {
			t.Fatal("the demo's ubnd.mytho is not scoped to the UBND")
		}
		c := srv.Login(t, "ubnd.mytho")
		ts, err := srv.App.Store.Targets(ctx, mytho.ID)
		if err != nil {
			t.Fatal(err)
		}
		var mine, theirs int64
		for _, tg := range ts {
			switch {
			case tg.Owner.Kind == model.OwnerOrg && tg.Owner.ID == ubnd && mine == 0:
				mine = tg.ID
			case tg.Owner.Kind == model.OwnerOrg && tg.Owner.ID != ubnd:
				theirs = tg.ID
			}
		}
		list := c.Get(t, fmt.Sprintf("/orgs/%d/targets", mytho.ID))
		if list.StatusCode != 200 || strings.Contains(list.Body, "/targets/new") || !strings.Contains(list.Body, "/targets/import") {
			t.Fatalf("list as UBND: %d", list.StatusCode)
		}
		if r := c.Get(t, fmt.Sprintf("/targets/%d", mine)); r.StatusCode != 200 || !strings.Contains(r.Body, "/values") {
			t.Fatalf("UBND's target: %d", r.StatusCode)
		}
		if r := c.PostForm(t, fmt.Sprintf("/targets/%d/values", mine), url.Values{"period": {"2026-02"}, "value": {"96,5"}}); r.StatusCode != 303 {
			t.Fatalf("UBND reports: %d %s", r.StatusCode, r.Body)
		}
		if r := c.PostForm(t, fmt.Sprintf("/targets/%d/values", theirs), url.Values{"period": {"2026-02"}, "value": {"1"}}); r.StatusCode != 403 {
			t.Fatalf("UBND reports MTTQ's: %d", r.StatusCode)
		}
		if r := c.Get(t, fmt.Sprintf("/orgs/%d/targets/new", mytho.ID)); r.StatusCode != 403 {
			t.Fatalf("UBND sets targets: %d", r.StatusCode)
		}
	})
}
