package api_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"nghisu/internal/api"
	"nghisu/internal/db"
	"nghisu/internal/oversight"
	"nghisu/internal/testutil"
	"nghisu/internal/vntext"
)

// The province's oversight through the API: the dashboard with its
// filters and sorts, a commune's months and month, the settings; the same
// permissions and Vietnamese messages as the pages.
func TestOversightThroughAPI(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := testutil.NewServerWith(t, d, testutil.Options{Communes: 2})
		if err := srv.App.Oversight.RefreshAll(ctx, "", ""); err != nil {
			t.Fatal(err)
		}
		mytho, caolanh := srv.Commune(t, "Mỹ Tho"), srv.Commune(t, "Cao Lãnh")
		prov := mytho.ParentID
		ti := newClient(t, srv, "tinhuy")
		admin := newClient(t, srv, "admin")
		uv := newClient(t, srv, "uv.mytho")
		other := newClient(t, srv, "bithu.caolanh")
		dash := fmt.Sprintf("/orgs/%d/oversight", prov)

		get := func(query string) api.OversightDashboardOut {
			t.Helper()
			var out api.OversightDashboardOut
			if s := ti.do("GET", dash+query, "", &out); s != 200 {
				t.Fatalf("%s: %d", query, s)
			}
			return out
		}
		out := get("")
		if out.Province.ID != prov || out.From != "2025-03" || out.To != "2026-02" || len(out.Months) != 12 || out.Total != 2 ||
			len(out.Rows) != 2 || out.ComputedAt == nil || out.Weights["committee_held"] != 3 || out.MinutesDays != 7 || len(out.Trend) == 0 {
			t.Fatalf("dashboard %+v", out)
		}
		for i, r := range out.Rows {
			if r.Rank != i+1 || r.Period == nil || r.Band != oversight.Band(*r.Period) || len(r.Cells) != 12 {
				t.Fatalf("row %d: %+v", i, r)
			}
		}
		if *out.Rows[0].Period < *out.Rows[1].Period {
			t.Fatalf("best first: %v %v", *out.Rows[0].Period, *out.Rows[1].Period)
		}
		names := func(o api.OversightDashboardOut) []string {
			var ns []string
			for _, r := range o.Rows {
				ns = append(ns, r.Commune.Place)
			}
			return ns
		}
		if weak := get("?sort=-score"); *weak.Rows[0].Period > *weak.Rows[1].Period ||
			*out.Rows[0].Period != *out.Rows[1].Period && weak.Rows[0].Commune.ID != out.Rows[1].Commune.ID || weak.Rows[0].Rank != 2 {
			t.Fatalf("weakest first: %v", names(weak))
		}
		if byName := get("?sort=name"); !slices.IsSortedFunc(byName.Rows, func(a, b api.OversightRow) int {
			return strings.Compare(vntext.SortKey(a.Commune.Name), vntext.SortKey(b.Commune.Name))
		}) {
			t.Fatalf("by name: %v", names(byName))
		}
		byMonth := get("?sort=m:2025-12")
		if v0, v1 := byMonth.Rows[0].Cells[9].Value, byMonth.Rows[1].Cells[9].Value; byMonth.Rows[0].Cells[9].Month != "2025-12" || v0 == nil || v1 == nil || *v0 > *v1 {
			t.Fatalf("by December, weakest first: %+v", byMonth.Rows)
		}
		if in := get("?indicator=papers_on_time&from=2025-09&to=2026-02"); in.Indicator != "papers_on_time" || len(in.Months) != 6 || in.Rows[0].Cells[0].Den == 0 {
			t.Fatalf("by an indicator: %+v", in)
		}
		if wards := get("?unit=phuong"); wards.Total != 2 {
			t.Fatalf("wards: %d", wards.Total)
		}
		if communes := get("?unit=xa"); communes.Total != 0 || len(communes.Rows) != 0 {
			t.Fatalf("communes: %d", communes.Total)
		}
		if named := get("?q=cao+lanh"); named.Total != 1 || named.Rows[0].Commune.ID != caolanh.ID {
			t.Fatalf("by name: %v", names(named))
		}

		// Bad filters: 422 with the catalog's sentence on the field.
		for _, c := range []struct{ query, field, says string }{
			{"?from=2026-02&to=2025-12", "from", "Tháng bắt đầu phải trước"},
			{"?to=2026-04", "to", "Không xem được tháng chưa đến"},
			{"?from=2023-01&to=2026-02", "from", "36"},
			{"?from=2026-13", "from", "năm-tháng"},
			{"?to=tháng+hai", "to", "năm-tháng"},
			{"?indicator=bogus", "indicator", ""},
			{"?unit=thon", "unit", ""},
		} {
			var e apiError
			if s := ti.do("GET", dash+c.query, "", &e); s != 422 || e.Error.Fields[c.field] == "" || !strings.Contains(e.Error.Fields[c.field], c.says) {
				t.Errorf("%s: %d %+v", c.query, s, e)
			}
		}
		// Commune users cannot read the province's table, whatever the filter.
		for _, q := range []string{"", "?indicator=bogus"} {
			if s := uv.do("GET", dash+q, "", nil); s != 404 {
				t.Errorf("a commune member reads the province%s: %d", q, s)
			}
		}
		if s := ti.do("GET", fmt.Sprintf("/orgs/%d/oversight", mytho.ID), "", nil); s != 404 {
			t.Errorf("a commune is no province: %d", s)
		}

		// A commune's months: its own people and the province's.
		var cv api.OversightCommuneOut
		if s := uv.do("GET", fmt.Sprintf("/orgs/%d/oversight/indicators?from=2025-09&to=2026-02", mytho.ID), "", &cv); s != 200 ||
			cv.Commune.ID != mytho.ID || len(cv.Months) != 6 || len(cv.Scores) != 6 || len(cv.Rows) != len(oversight.Indicators) ||
			cv.Rows[0].Indicator != "committee_held" || cv.Rows[0].Weight != 3 || len(cv.Rows[0].Cells) != 6 || cv.Scores[0].Value == nil {
			t.Fatalf("commune: %d %+v", s, cv)
		}
		if s := ti.do("GET", fmt.Sprintf("/orgs/%d/oversight/indicators", mytho.ID), "", nil); s != 200 {
			t.Errorf("the province reads a commune: %d", s)
		}
		for _, q := range []string{"", "?to=2027-01"} {
			if s := other.do("GET", fmt.Sprintf("/orgs/%d/oversight/indicators%s", mytho.ID, q), "", nil); s != 404 {
				t.Errorf("another commune%s: %d", q, s)
			}
		}
		var e apiError
		if s := uv.do("GET", fmt.Sprintf("/orgs/%d/oversight/indicators?from=2026-03&to=2026-01", mytho.ID), "", &e); s != 422 || e.Error.Fields["from"] == "" {
			t.Errorf("inverted: %d %+v", s, e)
		}

		// A commune's month, live, with the formula and the evidence.
		var m api.OversightMonthOut
		if s := uv.do("GET", fmt.Sprintf("/orgs/%d/oversight/2026-02", mytho.ID), "", &m); s != 200 || !m.Judged || m.Month != "2026-02" ||
			len(m.Facts) == 0 || m.Score.Value == nil || !strings.HasPrefix(m.Score.Formula, "100 × (") || len(m.Score.Terms) == 0 ||
			len(m.Evidence) == 0 || m.MinutesDays != 7 {
			t.Fatalf("month: %d %+v", s, m)
		}
		for _, f := range m.Facts {
			if f.Value == nil && f.Den > 0 || f.Value != nil && f.Den == 0 {
				t.Errorf("fact %+v", f)
			}
		}
		if s := other.do("GET", fmt.Sprintf("/orgs/%d/oversight/2026-02", mytho.ID), "", nil); s != 404 {
			t.Errorf("another commune's month: %d", s)
		}
		for _, month := range []string{"2026-04", "2026-2", "hai"} {
			if s := uv.do("GET", fmt.Sprintf("/orgs/%d/oversight/%s", mytho.ID, month), "", &e); s != 422 || len(e.Error.Fields) == 0 {
				t.Errorf("month %s: %d %+v", month, s, e)
			}
		}

		// Settings: the province's people read them; its admins may change them.
		var set api.OversightSettingsOut
		if s := ti.do("GET", fmt.Sprintf("/orgs/%d/oversight/settings", prov), "", &set); s != 200 || set.CanChange ||
			set.Weights["committee_held"] != 3 || set.DefaultWeights["papers_on_time"] != 2 || set.MaxWeight != oversight.MaxWeight || set.MinutesDays != 7 {
			t.Fatalf("settings: %d %+v", s, set)
		}
		if s := admin.do("GET", fmt.Sprintf("/orgs/%d/oversight/settings", prov), "", &set); s != 200 || !set.CanChange {
			t.Fatalf("admin settings: %d %+v", s, set)
		}
		if s := uv.do("GET", fmt.Sprintf("/orgs/%d/oversight/settings", prov), "", nil); s != 404 {
			t.Errorf("a commune member reads the weights: %d", s)
		}

		// The Excel export: the province's communes for the province's
		// people, a commune's own for its people; bad periods as JSON.
		xlsxGet := func(c *apiClient, path string) (int, string) {
			req, _ := http.NewRequest("GET", srv.URL+"/api/v1"+path, nil)
			req.Header.Set("Authorization", "Bearer "+c.token)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			return resp.StatusCode, string(b)
		}
		if s, body := xlsxGet(ti, fmt.Sprintf("/orgs/%d/oversight.xlsx?from=2025-09&to=2026-02", prov)); s != 200 || !strings.HasPrefix(body, "PK") {
			t.Errorf("export: %d", s)
		}
		if s, body := xlsxGet(uv, fmt.Sprintf("/orgs/%d/oversight.xlsx", mytho.ID)); s != 200 || !strings.HasPrefix(body, "PK") {
			t.Errorf("a commune's export: %d", s)
		}
		if s, body := xlsxGet(ti, fmt.Sprintf("/orgs/%d/oversight.xlsx?from=2026-02&to=2025-01", prov)); s != 422 || !strings.Contains(body, "Tháng bắt đầu phải trước") {
			t.Errorf("export, inverted: %d %s", s, body)
		}
		for _, c := range []struct {
			who  *apiClient
			path string
		}{{uv, fmt.Sprintf("/orgs/%d/oversight.xlsx", prov)}, {uv, fmt.Sprintf("/orgs/%d/oversight.xlsx?to=2027-01", prov)},
			{other, fmt.Sprintf("/orgs/%d/oversight.xlsx", mytho.ID)}} {
			if s, _ := xlsxGet(c.who, c.path); s != 404 {
				t.Errorf("export %s: %d", c.path, s)
			}
		}

		// The OpenAPI document has the paths, the month as text.
		resp, err := http.Get(srv.URL + "/api/openapi.json")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var doc struct {
			Paths map[string]map[string]struct {
				Parameters []struct {
					Name   string         `json:"name"`
					Schema map[string]any `json:"schema"`
				} `json:"parameters"`
			} `json:"paths"`
		}
		if err := jsonDecode(resp, &doc); err != nil {
			t.Fatal(err)
		}
		for _, p := range []string{"/api/v1/orgs/{id}/oversight", "/api/v1/orgs/{id}/oversight/indicators", "/api/v1/orgs/{id}/oversight/settings"} {
			if _, ok := doc.Paths[p]["get"]; !ok {
				t.Errorf("OpenAPI lacks %s", p)
			}
		}
		month := doc.Paths["/api/v1/orgs/{id}/oversight/{month}"]["get"]
		if len(month.Parameters) != 2 || month.Parameters[1].Name != "month" || month.Parameters[1].Schema["type"] != "string" {
			t.Errorf("month parameter %+v", month.Parameters)
		}
	})
}

func jsonDecode(resp *http.Response, v any) error { return json.NewDecoder(resp.Body).Decode(v) }
