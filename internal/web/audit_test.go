package web_test

import (
	"encoding/csv"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"nghisu/internal/db"
	"nghisu/internal/model"
	"nghisu/internal/testutil"
)

// The audit log viewer: administrators read their scope's writes, filtered
// by person, action, kind of object and days, a page at a time, and export
// the same rows as CSV that a spreadsheet cannot mistake for formulas; a
// commune's administrator never sees another commune's rows; bad days are
// told in Vietnamese (422).
func TestAuditViewerAndExport(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := testutil.NewServerWith(t, d, testutil.Options{Communes: 2})
		st := srv.App.Store
		mytho, caolanh := srv.Commune(t, "Mỹ Tho"), srv.Commune(t, "Cao Lãnh")
		if _, err := srv.App.Auth.CreateAccount(ctx, srv.Actor(t, "admin"), model.AccountInput{
			Username: "qt.mytho", OrgID: mytho.ID, Role: model.RoleAdmin, Password: "mat-khau-dai-qt"}); err != nil {
			t.Fatal(err)
		}
		for i := range 150 {
			if err := st.Audit(ctx, model.AuditEntry{Username: "bithu.mytho", Action: "test.page", ObjectType: "test", ObjectID: int64(i + 1), OrgID: mytho.ID}); err != nil {
				t.Fatal(err)
			}
		}
		for _, e := range []model.AuditEntry{
			{Username: "=cmd|' /C calc'!A0", Action: "test.formula", ObjectType: "test", OrgID: mytho.ID, Detail: "=HYPERLINK(\"http://evil.example\")"},
			{Username: "bithu.caolanh", Action: "test.secret", ObjectType: "test", OrgID: caolanh.ID, Detail: "việc riêng của Cao Lãnh"},
		} {
			if err := st.Audit(ctx, e); err != nil {
				t.Fatal(err)
			}
		}
		admin := srv.Login(t, "admin")
		qt := c(t, srv, "qt.mytho", "mat-khau-dai-qt")

		page := admin.Get(t, "/admin/audit?action=test.")
		if page.StatusCode != http.StatusOK || strings.Count(page.Body, "<code>test.") != 100 || !strings.Contains(page.Body, `rel="next"`) ||
			!strings.Contains(page.Body, "việc riêng của Cao Lãnh") {
			t.Fatalf("first page: %d, %d rows", page.StatusCode, strings.Count(page.Body, "<code>test."))
		}
		second := admin.Get(t, "/admin/audit?action=test.&page=2")
		if n := strings.Count(second.Body, "<code>test."); n != 52 || !strings.Contains(second.Body, `rel="prev"`) || strings.Contains(second.Body, `rel="next"`) {
			t.Errorf("second page: %d rows", n)
		}
		for q, want := range map[string]int{
			"user=BITHU.MYTHO&action=test.page": 100, // one page of 150
			"action=test.formula":               1,
			"action=test":                       0, // an action exactly, or a start ending in "."
			"object_type=test&from=2026-03-11":  0, // the writes were made on the 10th (Vietnam)
			"object_type=test&from=10/03/2026&to=2026-03-10&action=test.secret": 1,
		} {
			r := admin.Get(t, "/admin/audit?"+q)
			if n := strings.Count(r.Body, "<code>test."); r.StatusCode != http.StatusOK || n != want {
				t.Errorf("?%s: %d, %d rows, want %d", q, r.StatusCode, n, want)
			}
		}
		// The commune's administrator: its own commune only.
		own := qt.Get(t, "/admin/audit?action=test.")
		if own.StatusCode != http.StatusOK || strings.Contains(own.Body, "Cao Lãnh") || !strings.Contains(own.Body, "test.page") {
			t.Errorf("commune admin's page: %d, shows Cao Lãnh: %v", own.StatusCode, strings.Contains(own.Body, "Cao Lãnh"))
		}

		// Bad days: told beside the filter, in Vietnamese, nothing listed.
		for q, msg := range map[string]string{
			"from=31/02/2026":               "Ngày không hợp lệ",
			"to=hom-qua":                    "Ngày không hợp lệ",
			"from=2026-03-10&to=2026-03-01": "Ngày kết thúc phải từ ngày bắt đầu trở đi",
		} {
			r := admin.Get(t, "/admin/audit?action=test.&"+q)
			if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, msg) || strings.Contains(r.Body, "<code>test.") {
				t.Errorf("?%s: %d, message %v", q, r.StatusCode, strings.Contains(r.Body, msg))
			}
			if r := admin.Get(t, "/admin/audit.csv?"+q); r.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("export ?%s: %d", q, r.StatusCode)
			}
		}

		// The export: every filtered row (not one page), Vietnamese header,
		// BOM for Excel, formulas defused.
		exp := admin.Get(t, "/admin/audit.csv?action=test.")
		if exp.StatusCode != http.StatusOK || !strings.HasPrefix(exp.Header.Get("Content-Type"), "text/csv") ||
			!strings.HasPrefix(exp.Header.Get("Content-Disposition"), "attachment") || !strings.HasPrefix(exp.Body, "\uFEFF") {
			t.Fatalf("export: %d %q %q", exp.StatusCode, exp.Header.Get("Content-Type"), exp.Header.Get("Content-Disposition"))
		}
		rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(exp.Body, "\uFEFF"))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 1+152 || rows[0][0] != "Thời điểm" || rows[0][1] != "Người thực hiện" {
			t.Fatalf("export: %d rows, header %q", len(rows), rows[0])
		}
		for _, r := range rows[1:] {
			for _, cell := range r {
				if cell != "" && strings.ContainsRune("=+-@", rune(cell[0])) {
					t.Errorf("export cell %q would be read as a formula", cell)
				}
			}
			if r[2] == "test.formula" && (r[1] != "'=cmd|' /C calc'!A0" || !strings.HasPrefix(r[6], "'=HYPERLINK")) {
				t.Errorf("formula row: %q", r)
			}
			if !strings.HasPrefix(r[0], "2026-03-10 09:00") {
				t.Errorf("time %q is not Vietnam's", r[0])
			}
		}
		ownCSV := qt.Get(t, "/admin/audit.csv?action=test.")
		if ownCSV.StatusCode != http.StatusOK || strings.Contains(ownCSV.Body, "Cao Lãnh") || strings.Count(ownCSV.Body, "test.page") != 150 {
			t.Errorf("commune admin's export: %d, %d rows", ownCSV.StatusCode, strings.Count(ownCSV.Body, "test.page"))
		}
		// A renewed calendar secret is a write of the account: logged.
		sec := srv.Login(t, "bithu.mytho")
		if r := sec.PostForm(t, "/account/calendar", nil); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("renew calendar: %d", r.StatusCode)
		}
		if r := admin.Get(t, "/admin/audit?action=account.calendar_renew&user=bithu.mytho"); strings.Count(r.Body, "<code>account.calendar_renew") != 1 {
			t.Errorf("the calendar renewal is not in the log")
		}
		if r := sec.Get(t, "/admin/audit.csv"); r.StatusCode != http.StatusForbidden {
			t.Errorf("secretary's export: %d", r.StatusCode)
		}
	})
}

// c signs in with a password other than the demo's.
func c(t *testing.T, srv *testutil.Server, username, password string) *testutil.Client {
	t.Helper()
	cl := srv.Client(t)
	if r := cl.PostForm(t, "/login", url.Values{"username": {username}, "password": {password}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in %s: %d", username, r.StatusCode)
	}
	return cl
}
