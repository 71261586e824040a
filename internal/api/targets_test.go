package api_test

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"nghisu/internal/api"
	"nghisu/internal/db"
	"nghisu/internal/model"
	"nghisu/internal/targets"
	"nghisu/internal/testutil"
)

// Targets through the API: the same rules and messages as the pages.
func TestTargetsThroughAPI(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := testutil.NewServer(t, d)
		vp := newClient(t, srv, "vp.mytho")
		uv := newClient(t, srv, "uv.mytho")
		other := newClient(t, srv, "bithu.caolanh")
		mytho := srv.Commune(t, "Mỹ Tho")
		caolanh := srv.Commune(t, "Cao Lãnh")
		var e apiError

		var list api.TargetsOut
		if s := uv.do("GET", fmt.Sprintf("/orgs/%d/targets", mytho.ID), "", &list); s != 200 || len(list.Targets) != 8 || list.CanCreate {
			t.Fatalf("list: %d %d", s, len(list.Targets))
		}
		if s := other.do("GET", fmt.Sprintf("/orgs/%d/targets", mytho.ID), "", nil); s != 404 {
			t.Fatalf("another commune lists: %d", s)
		}
		body := func(owner int64, value string) string {
			return fmt.Sprintf(`{"name":"Tỷ lệ hộ dân dùng nước sạch","unit":"%%","baseline":90,"target_value":%s,"direction":"increase",
				"period_kind":"year","period":"2026","owner":{"kind":"org","id":%d}}`, value, owner)
		}
		if s := vp.do("POST", fmt.Sprintf("/orgs/%d/targets", mytho.ID), body(caolanh.ID, "98"), &e); s != 422 || e.Error.Fields["owner"] == "" {
			t.Fatalf("owner outside: %d %+v", s, e)
		}
		if s := vp.do("POST", fmt.Sprintf("/orgs/%d/targets", mytho.ID), body(mytho.ID, `"chín tám"`), &e); s != 422 || e.Error.Fields["target_value"] == "" {
			t.Fatalf("not a number: %d %+v", s, e)
		}
		if s := uv.do("POST", fmt.Sprintf("/orgs/%d/targets", mytho.ID), body(mytho.ID, "98"), &e); s != 403 {
			t.Fatalf("a member creates: %d", s)
		}
		var tg model.Target
		if s := vp.do("POST", fmt.Sprintf("/orgs/%d/targets", mytho.ID), body(mytho.ID, `"97,5"`), &tg); s != 201 || tg.Value != 97.5 {
			t.Fatalf("create: %d %+v", s, tg)
		}
		if s := vp.do("POST", fmt.Sprintf("/targets/%d/values", tg.ID), `{"period":"2026-02","value":92,"unit":"hộ"}`, &e); s != 422 ||
			!strings.Contains(e.Error.Fields["unit"], "chỉ tiêu tính bằng \"%\"") {
			t.Fatalf("wrong unit: %d %+v", s, e)
		}
		var v model.TargetValue
		if s := vp.do("POST", fmt.Sprintf("/targets/%d/values", tg.ID), `{"period":"2026-02","value":"93,75","unit":"%"}`, &v); s != 201 || v.Value != 93.75 {
			t.Fatalf("report: %d %+v", s, v)
		}
		var it targets.Item
		if s := uv.do("GET", fmt.Sprintf("/targets/%d", tg.ID), "", &it); s != 200 || it.Latest == nil || it.Achievement == nil ||
			it.Achievement.Formula != "(thực hiện − cơ sở) / (chỉ tiêu − cơ sở) = (93,75 − 90) / (97,5 − 90) = 50,0%" {
			t.Fatalf("get: %d %+v", s, it)
		}
		if s := other.do("GET", fmt.Sprintf("/targets/%d", tg.ID), "", nil); s != 404 {
			t.Fatalf("another commune reads: %d", s)
		}
		req, _ := http.NewRequest("GET", srv.URL+fmt.Sprintf("/api/v1/orgs/%d/targets.xlsx", mytho.ID), nil)
		req.Header.Set("Authorization", "Bearer "+uv.token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.HasPrefix(string(data), "PK") {
			t.Fatalf("export: %d", resp.StatusCode)
		}
	})
}
