package web_test

import (
	"bytes"
	"fmt"
	"html"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"nghisu/internal/db"
	"nghisu/internal/i18n"
	"nghisu/internal/model"
	ov "nghisu/internal/oversight"
	"nghisu/internal/testutil"
	"nghisu/internal/vntext"
)

// heatRow is a commune's row of the dashboard as the page shows it.
type heatRow struct {
	rank   string
	id     int64
	name   string
	period float64 // -1: none
}

var heatRowRe = regexp.MustCompile(`<tr>\s*<td class="num">([^<]+)</td>\s*<th scope="row" class="sticky"><a href="/orgs/(\d+)/oversight[^"]*">([^<]+)</a></th>\s*<td class="num heat heat-\w+">([^<]+)</td>`)

// heatRows reads the dashboard's rows in their order.
func heatRows(t *testing.T, body string) []heatRow {
	t.Helper()
	var rows []heatRow
	for _, m := range heatRowRe.FindAllStringSubmatch(body, -1) {
		id, _ := strconv.ParseInt(m[2], 10, 64)
		rows = append(rows, heatRow{rank: m[1], id: id, name: html.UnescapeString(m[3]), period: number(m[4])})
	}
	return rows
}

// number reads a number the page writes ("44,2"), -1 for none ("—").
func number(s string) float64 {
	v, err := strconv.ParseFloat(strings.Replace(strings.TrimSpace(s), ",", ".", 1), 64)
	if err != nil {
		return -1
	}
	return v
}

// monthValues reads each commune's cell of a month: name → value.
func monthValues(body, month string) map[string]float64 {
	out := map[string]float64{}
	re := regexp.MustCompile(`/oversight/` + month + `" title="([^"]+), [^"]+">([^<]+)</a>`)
	for _, m := range re.FindAllStringSubmatch(body, -1) {
		out[html.UnescapeString(m[1])] = number(m[2])
	}
	return out
}

func ids(rows []heatRow) []int64 {
	var out []int64
	for _, r := range rows {
		out = append(out, r.id)
	}
	return out
}

// vi is a catalog sentence as the page writes it.
func vi(key string, args ...any) string { return html.EscapeString(i18n.T("vi", key, args...)) }

// The province's dashboard through the pages: ranks and legend, the sorts,
// the filters, bad filters refused with the catalog's sentence and no
// table, the commune's months and a month's evidence (a BTV meeting named
// only to those who may read the BTV's business), the weights saved and
// the scores rescored, the recomputation asked for, the Excel export.
func TestOversightPages(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := testutil.NewServerWith(t, d, testutil.Options{Communes: 2})
		st := srv.App.Store
		mytho, caolanh := srv.Commune(t, "Mỹ Tho"), srv.Commune(t, "Cao Lãnh")
		prov := mytho.ParentID

		// A BTV meeting held in January, so that the month's evidence has one.
		btv := srv.Body(t, "Mỹ Tho", model.BodyStanding)
		members, err := st.BodyMembers(ctx, btv.ID, false)
		if err != nil || len(members) < 2 {
			t.Fatalf("BTV members: %v", err)
		}
		at := testutil.VNAt(2026, time.January, 20, 8)
		const title = "Hội nghị Ban Thường vụ về công tác cán bộ tháng 01/2026"
		m := &model.Meeting{BodyID: btv.ID, Kind: model.MeetingStanding, Title: title, StartsAt: at.UTC(), Month: "2026-01",
			ChairID: members[0].PersonID, SecretaryID: members[1].PersonID, Guests: []string{}, State: model.StateDraft}
		if err := st.CreateMeeting(ctx, m, 0); err != nil {
			t.Fatal(err)
		}
		path := []model.MeetingState{model.StateDraft, model.StatePreparing, model.StateApproved, model.StateConvened,
			model.StateInSession, model.StateAdjourned, model.StateSigned, model.StateClosed}
		for i := 1; i < len(path); i++ {
			if err := st.SetMeetingState(ctx, &model.Transition{MeetingID: m.ID, From: path[i-1], To: path[i], Username: "test"}); err != nil {
				t.Fatal(err)
			}
		}
		if err := srv.App.Oversight.RefreshAll(ctx, "", ""); err != nil {
			t.Fatal(err)
		}

		ti := srv.Login(t, "tinhuy")
		dash := fmt.Sprintf("/orgs/%d/oversight", prov)
		page := ti.Get(t, dash)
		rows := heatRows(t, page.Body)
		if page.StatusCode != 200 || len(rows) != 2 || rows[0].rank != "1" || rows[1].rank != "2" || rows[0].period < rows[1].period || rows[1].period < 0 {
			t.Fatalf("dashboard: %d %+v", page.StatusCode, rows)
		}
		if !slices.Contains(ids(rows), mytho.ID) || !slices.Contains(ids(rows), caolanh.ID) {
			t.Fatalf("both communes: %+v", rows)
		}
		for _, want := range []string{`class="legend"`, vi("oversight.band.excellent") + " ≥ 90", vi("oversight.band.weak"), vi("oversight.band.none"),
			fmt.Sprintf(`href="/orgs/%d/oversight.xlsx?from=2025-03&amp;to=2026-02"`, prov), vi("oversight.formula"), `action="` + dash + `/refresh"`} {
			if !strings.Contains(page.Body, want) {
				t.Errorf("the dashboard lacks %q", want)
			}
		}
		if strings.Contains(page.Body, "style=") {
			t.Error("an inline style on the dashboard (the CSP forbids them)")
		}

		// Sorts.
		weak := heatRows(t, ti.Get(t, dash+"?sort=-score").Body)
		if len(weak) != 2 || weak[0].period > weak[1].period || weak[0].rank != "2" {
			t.Errorf("weakest first: %+v", weak)
		}
		if rows[0].period != rows[1].period && !slices.Equal(ids(weak), []int64{rows[1].id, rows[0].id}) {
			t.Errorf("-score does not reverse the ranking: %+v", weak)
		}
		byName := heatRows(t, ti.Get(t, dash+"?sort=name").Body)
		if len(byName) != 2 || vntext.SortKey(byName[0].name) > vntext.SortKey(byName[1].name) {
			t.Errorf("by name: %+v", byName)
		}
		for _, month := range []string{"2025-12", "2026-01"} {
			body := ti.Get(t, dash+"?sort=m:"+month).Body
			byMonth, vals := heatRows(t, body), monthValues(body, month)
			if len(byMonth) != 2 || len(vals) != 2 || vals[byMonth[0].name] > vals[byMonth[1].name] {
				t.Errorf("by %s, weakest first: %+v %v", month, byMonth, vals)
			}
		}

		// Filters.
		if r := heatRows(t, ti.Get(t, dash+"?unit=phuong").Body); len(r) != 2 {
			t.Errorf("wards: %+v", r)
		}
		if p := ti.Get(t, dash+"?unit=xa"); p.StatusCode != 200 || len(heatRows(t, p.Body)) != 0 || !strings.Contains(p.Body, vi("oversight.empty")) {
			t.Errorf("communes (the demo's two are wards): %d", p.StatusCode)
		}
		for _, q := range []string{"cao+l%C3%A3nh", "cao+lanh", "CAO"} {
			if r := heatRows(t, ti.Get(t, dash+"?q="+q).Body); len(r) != 1 || r[0].id != caolanh.ID {
				t.Errorf("name %s: %+v", q, r)
			}
		}
		if p := ti.Get(t, dash+"?indicator=papers_on_time"); p.StatusCode != 200 || len(heatRows(t, p.Body)) != 2 ||
			!strings.Contains(p.Body, vi("oversight.def.papers_on_time")) {
			t.Errorf("by an indicator: %d", p.StatusCode)
		}

		// Bad filters: 422, the catalog's sentence, no table.
		future := strings.Split(vi("oversight.future", "X"), "X")[0]
		for _, c := range []struct{ query, says string }{
			{"?from=2026-02&to=2025-12", vi("oversight.inverted")},
			{"?to=2026-04", future},
			{"?from=2027-01&to=2027-02", future},
			{"?from=2023-01&to=2026-02", vi("oversight.too_long", ov.MaxSpan)},
			{"?indicator=bogus", vi("oversight.unknown_indicator")},
			{"?unit=thon", vi("oversight.unknown_unit")},
			{"?from=2026-1", vi("oversight.month_format")},
			{"?to=02%2F2026", vi("oversight.month_format")},
		} {
			p := ti.Get(t, dash+c.query)
			if p.StatusCode != 422 || !strings.Contains(p.Body, c.says) || strings.Contains(p.Body, "heat-table") || len(heatRows(t, p.Body)) != 0 {
				t.Errorf("%s: %d, says %q: %v", c.query, p.StatusCode, c.says, strings.Contains(p.Body, c.says))
			}
		}

		// The commune's months, and the month with its evidence.
		uv, bt := srv.Login(t, "uv.mytho"), srv.Login(t, "btv.mytho")
		cv := uv.Get(t, fmt.Sprintf("/orgs/%d/oversight?from=2025-09&to=2026-02", mytho.ID))
		for _, want := range []string{vi("oversight.commune_heading", mytho.Name), vi("oversight.ind.papers_on_time"),
			fmt.Sprintf(`href="/orgs/%d/oversight/2026-01"`, mytho.ID), fmt.Sprintf(`href="/orgs/%d/oversight.xlsx?from=2025-09&amp;to=2026-02"`, mytho.ID)} {
			if cv.StatusCode != 200 || !strings.Contains(cv.Body, want) {
				t.Errorf("the commune's months (%d) lack %q", cv.StatusCode, want)
			}
		}
		if p := uv.Get(t, fmt.Sprintf("/orgs/%d/oversight?from=2026-03&to=2026-01", mytho.ID)); p.StatusCode != 422 || !strings.Contains(p.Body, vi("oversight.inverted")) {
			t.Errorf("the commune's months, inverted: %d", p.StatusCode)
		}
		month := fmt.Sprintf("/orgs/%d/oversight/2026-01", mytho.ID)
		hidden := uv.Get(t, month)
		if hidden.StatusCode != 200 || !strings.Contains(hidden.Body, "100 × (") || !strings.Contains(hidden.Body, vi("oversight.ind.standing_held")) {
			t.Fatalf("month: %d", hidden.StatusCode)
		}
		if strings.Contains(hidden.Body, title) || strings.Contains(hidden.Body, fmt.Sprintf(`/meetings/%d"`, m.ID)) || !strings.Contains(hidden.Body, vi("oversight.hidden")) {
			t.Errorf("a member outside the BTV reads the BTV meeting's title or link (hidden label shown: %v)", strings.Contains(hidden.Body, vi("oversight.hidden")))
		}
		if seen := bt.Get(t, month); seen.StatusCode != 200 || !strings.Contains(seen.Body, title) || !strings.Contains(seen.Body, fmt.Sprintf(`href="/meetings/%d"`, m.ID)) {
			t.Errorf("a BTV member does not see the BTV meeting: %d", seen.StatusCode)
		}
		if p := ti.Get(t, month); p.StatusCode != 200 {
			t.Errorf("the province reads a commune's month: %d", p.StatusCode)
		}
		for _, bad := range []string{"2026-04", "2026-1", "thang-mot"} {
			if p := uv.Get(t, fmt.Sprintf("/orgs/%d/oversight/%s", mytho.ID, bad)); p.StatusCode != 404 {
				t.Errorf("month %s: %d", bad, p.StatusCode)
			}
		}

		// The weights: the admin saves them and the scores follow; 0..5 only;
		// the province's oversight staff read them.
		admin := srv.Login(t, "admin")
		set := fmt.Sprintf("/orgs/%d/oversight/settings", prov)
		if p := admin.Get(t, set); p.StatusCode != 200 || !strings.Contains(p.Body, `name="w.committee_held"`) {
			t.Fatalf("settings: %d", p.StatusCode)
		}
		if p := ti.Get(t, set); p.StatusCode != 200 || strings.Contains(p.Body, `name="w.committee_held"`) {
			t.Errorf("settings as oversight staff: %d", p.StatusCode)
		}
		form := func(w map[ov.Code]string) url.Values {
			f := url.Values{"minutes_days": {"7"}}
			for _, in := range ov.Indicators {
				if in.Rate {
					f.Set("w."+string(in.Code), strconv.Itoa(in.Weight))
					if v, ok := w[in.Code]; ok {
						f.Set("w."+string(in.Code), v)
					}
				}
			}
			return f
		}
		for _, v := range []string{"9", "-1", "ba"} {
			p := admin.PostForm(t, set, form(map[ov.Code]string{ov.PapersOnTime: v}))
			if p.StatusCode != 422 || !strings.Contains(p.Body, vi("oversight.weight_range", 0, ov.MaxWeight)) {
				t.Errorf("weight %s: %d", v, p.StatusCode)
			}
		}
		zero := map[ov.Code]string{}
		for _, in := range ov.Indicators {
			if in.Rate {
				zero[in.Code] = "0"
			}
		}
		if p := admin.PostForm(t, set, form(zero)); p.StatusCode != 422 || !strings.Contains(p.Body, vi("oversight.weights_zero")) {
			t.Errorf("all weights 0: %d", p.StatusCode)
		}
		if p := ti.PostForm(t, set, form(nil)); p.StatusCode != 403 {
			t.Errorf("oversight staff save the weights: %d", p.StatusCode)
		}
		if p := heatRows(t, ti.Get(t, dash).Body); !slices.Equal(ids(p), ids(rows)) || p[0].period != rows[0].period {
			t.Fatalf("a refused save changed the scores: %+v", p)
		}
		only := zero
		only[ov.CommitteeHeld] = "5"
		if p := admin.PostForm(t, set, form(only)); p.StatusCode != 303 || p.Header.Get("Location") != dash {
			t.Fatalf("save: %d %s", p.StatusCode, p.Body)
		}
		// Only the BCH meeting counts now: a month with one scores 100.
		after := heatRows(t, ti.Get(t, dash).Body)
		if len(after) != 2 || after[0].period == rows[0].period || after[0].period <= rows[0].period {
			t.Errorf("the scores did not follow the weights: %+v → %+v", rows, after)
		}
		if p := ti.Get(t, set); !strings.Contains(p.Body, `<td class="num">5</td>`) {
			t.Error("the settings page does not show the saved weight")
		}

		// The recomputation is a job.
		if p := ti.PostForm(t, dash+"/refresh", nil); p.StatusCode != 303 {
			t.Fatalf("refresh: %d", p.StatusCode)
		}
		jobs, err := st.JobsByKind(ctx, ov.FullJob)
		if err != nil || len(jobs) == 0 || !strings.Contains(jobs[len(jobs)-1].Payload, fmt.Sprintf(`"province_id":%d`, prov)) {
			t.Fatalf("no oversight.full job: %v %+v", err, jobs)
		}
		if p := uv.PostForm(t, dash+"/refresh", nil); p.StatusCode != 404 {
			t.Errorf("a commune member asks for a recomputation: %d", p.StatusCode)
		}

		// The Excel export: every commune × month of the period, by name.
		x := ti.Get(t, fmt.Sprintf("/orgs/%d/oversight.xlsx?from=2025-09&to=2026-02", prov))
		if x.StatusCode != 200 || x.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" ||
			!strings.Contains(x.Header.Get("Content-Disposition"), ".xlsx") {
			t.Fatalf("export: %d %v", x.StatusCode, x.Header)
		}
		book := readBook(t, x.Body)
		if len(book) != 1+2*6 || book[1][0] != caolanh.Name || book[1][2] != "2025-09" || book[7][0] != mytho.Name || book[1][1] != "Phường" {
			t.Fatalf("export rows: %q", book)
		}
		if score := number(book[7][3]); score < 0 {
			t.Errorf("export: no score in %q", book[7])
		}
		x = uv.Get(t, fmt.Sprintf("/orgs/%d/oversight.xlsx?from=2025-09&to=2026-02", mytho.ID))
		if x.StatusCode != 200 || len(readBook(t, x.Body)) != 1+6 {
			t.Fatalf("a commune's export: %d", x.StatusCode)
		}
		for _, c := range []struct {
			who, path string
			status    int
			says      string
		}{
			{"tinhuy", fmt.Sprintf("/orgs/%d/oversight.xlsx?from=2026-02&to=2025-12", prov), 422, vi("oversight.inverted")},
			{"tinhuy", fmt.Sprintf("/orgs/%d/oversight.xlsx?to=2026-05", prov), 422, future},
			{"uv.mytho", fmt.Sprintf("/orgs/%d/oversight.xlsx", prov), 404, ""},
			{"uv.mytho", fmt.Sprintf("/orgs/%d/oversight.xlsx?to=2026-05", prov), 404, ""},
			{"bithu.caolanh", fmt.Sprintf("/orgs/%d/oversight.xlsx", mytho.ID), 404, ""},
		} {
			p := srv.Login(t, c.who).Get(t, c.path)
			if p.StatusCode != c.status || !strings.Contains(p.Body, c.says) {
				t.Errorf("%s %s: %d", c.who, c.path, p.StatusCode)
			}
		}
	})
}

// readBook reads the export's first sheet.
func readBook(t *testing.T, body string) [][]string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader([]byte(body)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetList()[0], excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	return rows
}
