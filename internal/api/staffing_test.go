package api_test

import (
	"fmt"
	"net/http"
	"testing"

	"nghisu/internal/db"
	"nghisu/internal/org"
	"nghisu/internal/testutil"
)

// The staffing view through the API: the province reads every commune
// with the totals, a commune's member its own commune, another commune
// and its led organisations are not found, bad parameters are field
// errors, and there is nothing to write.
func TestStaffingAPI(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := testutil.NewServerWith(t, d, testutil.Options{Communes: 2})
		prov := srv.Demo.ProvinceID
		mytho := srv.Commune(t, "Mỹ Tho")
		tinhuy, uv, other := newClient(t, srv, "tinhuy"), newClient(t, srv, "uv.mytho"), newClient(t, srv, "bithu.caolanh")

		var st org.Staffing
		if code := tinhuy.do("GET", fmt.Sprintf("/orgs/%d/staffing?sort=flags", prov), "", &st); code != http.StatusOK {
			t.Fatalf("province: %d", code)
		}
		if len(st.Communes) != 2 || len(st.Totals) != len(org.Patterns) || st.View.Sort != "flags" || st.On.IsZero() {
			t.Fatalf("province view: %d communes, %d totals, %+v", len(st.Communes), len(st.Totals), st.View)
		}
		for _, tot := range st.Totals {
			if tot.Of != 2 {
				t.Errorf("%s: of %d", tot.Pattern, tot.Of)
			}
			if tot.Pattern == org.DeputyChairsCommittee && tot.Communes != 2 {
				t.Errorf("Phó Bí thư chairing the UBND in %d communes, want 2", tot.Communes)
			}
		}
		for _, c := range st.Communes {
			if len(c.Leaders) == 0 || c.Leaders[0].Party != "secretary" {
				t.Errorf("%s: leaders %+v", c.Commune.Name, c.Leaders)
			}
		}
		var one org.Staffing
		if code := uv.do("GET", fmt.Sprintf("/orgs/%d/staffing?pattern=%s", mytho.ID, org.DeputyChairsCommittee), "", &one); code != http.StatusOK || len(one.Communes) != 1 || one.Communes[0].Commune.ID != mytho.ID {
			t.Errorf("a member of Mỹ Tho: %d, %d communes", code, len(one.Communes))
		}
		kids, err := srv.App.Store.Children(ctx, mytho.ID)
		if err != nil || len(kids) == 0 {
			t.Fatal(err)
		}
		for _, c := range []struct {
			who  *apiClient
			path string
			want int
		}{
			{other, fmt.Sprintf("/orgs/%d/staffing", mytho.ID), http.StatusNotFound},
			{other, fmt.Sprintf("/orgs/%d/staffing?pattern=bogus", mytho.ID), http.StatusNotFound},
			{other, fmt.Sprintf("/orgs/%d/staffing", prov), http.StatusNotFound},
			{tinhuy, fmt.Sprintf("/orgs/%d/staffing", kids[0].ID), http.StatusNotFound},
			{tinhuy, "/orgs/999999/staffing", http.StatusNotFound},
		} {
			if code := c.who.do("GET", c.path, "", nil); code != c.want {
				t.Errorf("GET %s: %d, want %d", c.path, code, c.want)
			}
		}
		for _, c := range []struct{ q, field string }{
			{"?pattern=bogus", "pattern"}, {"?sort=score", "sort"}, {"?on=2099-01-01", "on"}, {"?on=31/12/2025", "on"},
		} {
			var e apiError
			if code := tinhuy.do("GET", fmt.Sprintf("/orgs/%d/staffing%s", prov, c.q), "", &e); code != http.StatusUnprocessableEntity || e.Error.Fields[c.field] == "" {
				t.Errorf("%s: %d %+v", c.q, code, e)
			}
		}
		for _, m := range []string{"POST", "PUT", "DELETE"} {
			if code := tinhuy.do(m, fmt.Sprintf("/orgs/%d/staffing", prov), "{}", nil); code < 400 {
				t.Errorf("%s staffing: %d", m, code)
			}
		}
	})
}
