package web_test

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"nghisu/internal/db"
	"nghisu/internal/testutil"
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
		if r := other.PostForm(t, page+"/values", url.Values{"period": {"2026-02"}, "value": {"1"}}); r.StatusCode != 404 {
			t.Errorf("another commune reports: %d", r.StatusCode)
		}
	})
}
