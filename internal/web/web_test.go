package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"nghisu/internal/db"
	"nghisu/internal/model"
	"nghisu/internal/store"
	"nghisu/internal/testutil"
	"nghisu/internal/xlsx"
)

var ctx = context.Background()

func TestHealthAndMetrics(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := testutil.NewServer(t, d)
		c := srv.Client(t)
		if r := c.Get(t, "/healthz"); r.StatusCode != 200 || r.Body != "ok" {
			t.Errorf("healthz: %d %q", r.StatusCode, r.Body)
		}
		if r := c.Get(t, "/readyz"); r.StatusCode != 200 {
			t.Errorf("readyz: %d", r.StatusCode)
		}
		c.Get(t, "/login")
		if r := c.Get(t, "/metrics"); r.StatusCode != 200 || !strings.Contains(r.Body, `nghisu_http_requests_total{code="200",route="GET /login"}`) {
			t.Errorf("metrics: %d %s", r.StatusCode, r.Body[:min(300, len(r.Body))])
		}
	})
}

func TestSignIn(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := testutil.NewServer(t, d)
		c := srv.Client(t)
		r := c.Get(t, "/orgs")
		if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/login?next=%2Forgs" {
			t.Fatalf("anonymous /orgs: %d %s", r.StatusCode, r.Header.Get("Location"))
		}
		for _, h := range []string{"Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options"} {
			if r.Header.Get(h) == "" {
				t.Errorf("missing header %s", h)
			}
		}
		bad := c.PostForm(t, "/login", url.Values{"username": {"bithu.mytho"}, "password": {"sai"}})
		if bad.StatusCode != http.StatusUnauthorized || !strings.Contains(bad.Body, "Sai tên đăng nhập hoặc mật khẩu.") {
			t.Fatalf("wrong password: %d", bad.StatusCode)
		}
		unknown := c.PostForm(t, "/login", url.Values{"username": {"nobody"}, "password": {"sai"}})
		if unknown.StatusCode != http.StatusUnauthorized || !strings.Contains(unknown.Body, "Sai tên đăng nhập hoặc mật khẩu.") {
			t.Fatalf("unknown user: %d", unknown.StatusCode)
		}
		ok := c.PostForm(t, "/login", url.Values{"username": {" BiThu.MyTho "}, "password": {"nghisu-demo"}, "next": {"/orgs"}})
		if ok.StatusCode != http.StatusSeeOther || ok.Header.Get("Location") != "/orgs" {
			t.Fatalf("sign in: %d %s", ok.StatusCode, ok.Header.Get("Location"))
		}
		for _, ck := range ok.Header.Values("Set-Cookie") {
			if strings.HasPrefix(ck, "nghisu_session=") && (!strings.Contains(ck, "HttpOnly") || !strings.Contains(ck, "SameSite=Lax")) {
				t.Errorf("session cookie flags: %s", ck)
			}
		}
		home := c.Get(t, "/")
		if home.StatusCode != 200 || !strings.Contains(home.Body, "Đảng bộ phường Mỹ Tho") || !strings.Contains(home.Body, "Bí thư") {
			t.Fatalf("home: %d", home.StatusCode)
		}
		// An open redirect is not followed off the site.
		c2 := srv.Client(t)
		r = c2.PostForm(t, "/login", url.Values{"username": {"uv.mytho"}, "password": {"nghisu-demo"}, "next": {"//evil.example/"}})
		if r.Header.Get("Location") != "/" {
			t.Errorf("next=//evil.example went to %q", r.Header.Get("Location"))
		}
		if r := c.PostForm(t, "/logout", nil); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("logout: %d", r.StatusCode)
		}
		if r := c.Get(t, "/"); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("after logout: %d", r.StatusCode)
		}
	})
}

func TestSignInThrottle(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := testutil.NewServer(t, d)
		c := srv.Client(t)
		for i := 0; i < 4; i++ {
			if r := c.PostForm(t, "/login", url.Values{"username": {"uv.mytho"}, "password": {"sai"}}); r.StatusCode != 401 {
				t.Fatalf("failure %d: %d", i+1, r.StatusCode)
			}
		}
		r := c.PostForm(t, "/login", url.Values{"username": {"uv.mytho"}, "password": {"sai"}})
		if r.StatusCode != http.StatusTooManyRequests || !strings.Contains(r.Body, "Tạm khóa đăng nhập") {
			t.Fatalf("fifth failure: %d", r.StatusCode)
		}
		// Locked: even the right password waits.
		if r := c.PostForm(t, "/login", url.Values{"username": {"uv.mytho"}, "password": {"nghisu-demo"}}); r.StatusCode != http.StatusTooManyRequests {
			t.Fatalf("right password while locked: %d", r.StatusCode)
		}
		// Another account from the same address is not locked yet.
		if r := c.PostForm(t, "/login", url.Values{"username": {"btv.mytho"}, "password": {"nghisu-demo"}}); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("other account: %d", r.StatusCode)
		}
		srv.Clock.Advance(16 * time.Minute)
		if r := srv.Client(t).PostForm(t, "/login", url.Values{"username": {"uv.mytho"}, "password": {"nghisu-demo"}}); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("after the lock: %d", r.StatusCode)
		}
		// Many failures from one address lock the address for every account.
		c3 := srv.Client(t)
		var last int
		for i := 0; i < 20; i++ {
			last = c3.PostForm(t, "/login", url.Values{"username": {fmt.Sprintf("nobody%d", i)}, "password": {"x"}}).StatusCode
		}
		if last != http.StatusTooManyRequests {
			t.Fatalf("twentieth failure from one address: %d", last)
		}
		if r := c3.PostForm(t, "/login", url.Values{"username": {"vp.mytho"}, "password": {"nghisu-demo"}}); r.StatusCode != http.StatusTooManyRequests {
			t.Fatalf("address lock: %d", r.StatusCode)
		}
	})
}

// A session left alone for more than four hours ends; one in use goes on.
func TestIdleSessionEnds(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := testutil.NewServer(t, d)
		busy, idle := srv.Login(t, "uv.mytho"), srv.Login(t, "btv.mytho")
		for i := 0; i < 6; i++ {
			srv.Clock.Advance(50 * time.Minute)
			if r := busy.Get(t, "/"); r.StatusCode != 200 {
				t.Fatalf("a session in use ended after %d min", (i+1)*50)
			}
		}
		if r := idle.Get(t, "/"); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("an idle session lived on: %d", r.StatusCode)
		}
	})
}

func TestCrossOriginPostRefused(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := testutil.NewServer(t, d)
		c := srv.Login(t, "vp.mytho")
		mytho := srv.Commune(t, "Mỹ Tho")
		req, _ := http.NewRequest("POST", srv.URL+fmt.Sprintf("/orgs/%d/people", mytho.ID), strings.NewReader("full_name=K%E1%BA%BB+L%E1%BA%A1"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", "http://evil.example")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		resp, err := c.Client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusForbidden {
			t.Fatalf("cross-site post: %d", resp.StatusCode)
		}
		list, _ := srv.App.Store.People(ctx, store.PeopleQuery{OrgID: mytho.ID, Text: "ke la"})
		if len(list) != 0 {
			t.Fatal("a cross-site post wrote a person")
		}
	})
}

func TestPersonFormsAndPosts(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := testutil.NewServer(t, d)
		c := srv.Login(t, "vp.mytho")
		mytho := srv.Commune(t, "Mỹ Tho")
		path := fmt.Sprintf("/orgs/%d/people", mytho.ID)
		bad := c.PostForm(t, path, url.Values{"full_name": {""}, "birth_date": {"31/02/1980"}, "email": {"x@"}})
		if bad.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(bad.Body, "Ngày 31/02/1980") && !strings.Contains(bad.Body, "không hợp lệ") {
			t.Fatalf("bad form: %d", bad.StatusCode)
		}
		bad = c.PostForm(t, path, url.Values{"full_name": {""}, "email": {"x@"}})
		if bad.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(bad.Body, "Không được để trống.") ||
			!strings.Contains(bad.Body, "Địa chỉ email không hợp lệ") || !strings.Contains(bad.Body, `value="x@"`) {
			t.Fatalf("bad form: %d", bad.StatusCode)
		}
		ok := c.PostForm(t, path, url.Values{"full_name": {"Huỳnh Thị Kiều"}, "gender": {"female"}, "birth_date": {"1990-05-17"}, "phone": {"0913 222 333"}})
		if ok.StatusCode != http.StatusSeeOther {
			t.Fatalf("good form: %d %s", ok.StatusCode, ok.Body)
		}
		person := c.Get(t, ok.Header.Get("Location"))
		if !strings.Contains(person.Body, "Huỳnh Thị Kiều") || !strings.Contains(person.Body, "17/05/1990") || !strings.Contains(person.Body, "Đã thêm Huỳnh Thị Kiều.") {
			t.Fatal("person page lacks the new person")
		}
		// Search by the unaccented name finds her.
		found := c.Get(t, fmt.Sprintf("/orgs/%d?q=huynh+thi+kieu", mytho.ID))
		if !strings.Contains(found.Body, "Huỳnh Thị Kiều") {
			t.Fatal("unaccented search missed")
		}
		// The farmers' union: a concurrent post.
		led, _ := srv.App.Store.Children(ctx, mytho.ID)
		var farmers model.Org
		for _, o := range led {
			if o.Kind == model.OrgFarmers {
				farmers = o
			}
		}
		id := strings.TrimPrefix(ok.Header.Get("Location"), "/people/")
		r := c.PostForm(t, "/people/"+id+"/posts", url.Values{"org_id": {fmt.Sprint(farmers.ID)}, "kind": {"vice_chair"},
			"areas": {"Phong trào nông dân sản xuất giỏi\nHỗ trợ vốn"}, "started_on": {"01/03/2026"}})
		if r.StatusCode != http.StatusSeeOther {
			t.Fatalf("add post: %d %s", r.StatusCode, r.Body)
		}
		page := c.Get(t, "/people/"+id)
		if !strings.Contains(page.Body, "Phó Chủ tịch Hội Nông dân phường Mỹ Tho") || !strings.Contains(page.Body, "Hỗ trợ vốn") {
			t.Fatal("post not listed")
		}
		// A party post without a seat is refused with the reason on the form.
		r = c.PostForm(t, "/people/"+id+"/posts", url.Values{"org_id": {fmt.Sprint(mytho.ID)}, "kind": {"deputy"}, "started_on": {"01/03/2026"}})
		if r.StatusCode != http.StatusConflict || !strings.Contains(r.Body, "chưa ở trong cơ quan tương ứng") {
			t.Fatalf("post without seat: %d", r.StatusCode)
		}
	})
}

func TestLanguageSwitch(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := testutil.NewServer(t, d)
		anon := srv.Client(t)
		if r := anon.Get(t, "/login"); !strings.Contains(r.Body, "Đăng nhập nghisu") || !strings.Contains(r.Body, `lang="vi"`) {
			t.Fatal("sign-in page is not Vietnamese by default")
		}
		anon.PostForm(t, "/lang", url.Values{"lang": {"en"}, "next": {"/login"}})
		if r := anon.Get(t, "/login"); !strings.Contains(r.Body, "Sign in to nghisu") {
			t.Fatal("cookie language not applied")
		}
		c := srv.Login(t, "uv.mytho")
		c.PostForm(t, "/lang", url.Values{"lang": {"en"}})
		if r := c.Get(t, "/"); !strings.Contains(r.Body, "Leadership bodies") {
			t.Fatal("account language not applied")
		}
		// The choice is the account's: a new session keeps it.
		if r := srv.Login(t, "uv.mytho").Get(t, "/"); !strings.Contains(r.Body, "Leadership bodies") {
			t.Fatal("language not kept on the account")
		}
	})
}

// upload posts an .xlsx to the import form.
func upload(t *testing.T, c *testutil.Client, orgID, bodyID int64, data []byte) testutil.Response {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("body_id", fmt.Sprint(bodyID))
	fw, _ := mw.CreateFormFile("file", "danh-sach.xlsx")
	fw.Write(data)
	mw.Close()
	return c.Do(t, "POST", fmt.Sprintf("/orgs/%d/import", orgID), mw.FormDataContentType(), &buf)
}

func TestImportAllOrNothing(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := testutil.NewServer(t, d)
		c := srv.Login(t, "vp.mytho")
		mytho := srv.Commune(t, "Mỹ Tho")
		ubkt := srv.Body(t, "Mỹ Tho", model.BodyInspection)
		before := ubkt.Size
		start := model.Date{Year: 2026, Month: 1, Day: 5}
		good := []xlsx.MemberRow{
			{FullName: "Tăng Văn Lực", Gender: model.GenderMale, BirthDate: model.Date{Year: 1981, Month: 2, Day: 3}, Status: model.StatusIncumbent, StartedOn: start},
			{FullName: "Quách Thị Ngọc", Gender: model.GenderFemale, Status: model.StatusIncumbent, StartedOn: start, Phone: "0907 111 222"},
		}
		bad := append(append([]xlsx.MemberRow{}, good...),
			xlsx.MemberRow{FullName: "Lưu Văn Bé", Status: model.StatusIncumbent, StartedOn: model.Date{Year: 2020, Month: 1, Day: 1}})
		data, err := xlsx.WriteMembers("vi", bad)
		if err != nil {
			t.Fatal(err)
		}
		r := upload(t, c, mytho.ID, ubkt.ID, data)
		if r.StatusCode != http.StatusConflict || !strings.Contains(r.Body, "Chưa nhập dòng nào") || !strings.Contains(r.Body, "trước khi nhiệm kỳ") {
			t.Fatalf("bad import: %d", r.StatusCode)
		}
		if n, _ := srv.App.Store.CountOpenMembers(ctx, ubkt.ID); n != before {
			t.Fatalf("a rejected import changed the body: %d → %d", before, n)
		}
		if list, _ := srv.App.Store.People(ctx, store.PeopleQuery{OrgID: mytho.ID, Text: "tang van luc"}); len(list) != 0 {
			t.Fatal("a rejected import left a person behind")
		}
		data, _ = xlsx.WriteMembers("vi", good)
		r = upload(t, c, mytho.ID, ubkt.ID, data)
		if r.StatusCode != http.StatusSeeOther {
			t.Fatalf("good import: %d %s", r.StatusCode, r.Body)
		}
		if n, _ := srv.App.Store.CountOpenMembers(ctx, ubkt.ID); n != before+2 {
			t.Fatalf("after import %d members, want %d", n, before+2)
		}
		// Not a spreadsheet at all.
		r = upload(t, c, mytho.ID, ubkt.ID, []byte("Họ và tên,Tình trạng\nA,B\n"))
		if r.StatusCode != http.StatusConflict {
			t.Fatalf("csv upload: %d", r.StatusCode)
		}
		// The export reads back as the same people.
		exp := c.Get(t, fmt.Sprintf("/bodies/%d/members.xlsx", ubkt.ID))
		rows, problems, err := xlsx.ReadMembers(strings.NewReader(exp.Body), "vi", 1000)
		if err != nil || len(problems) != 0 || len(rows) != before+2 {
			t.Fatalf("export: %d rows, %v, %v", len(rows), problems, err)
		}
	})
}

func TestOpenAPIDocument(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := testutil.NewServer(t, d)
		r := srv.Client(t).Get(t, "/api/openapi.json")
		var doc struct {
			OpenAPI string                    `json:"openapi"`
			Paths   map[string]map[string]any `json:"paths"`
		}
		if err := json.Unmarshal([]byte(r.Body), &doc); err != nil || doc.OpenAPI == "" {
			t.Fatalf("openapi: %v", err)
		}
		for _, p := range []string{"/api/v1/orgs/{id}", "/api/v1/people/{id}", "/api/v1/bodies/{id}/members", "/api/v1/people/{id}/posts"} {
			if doc.Paths[p] == nil {
				t.Errorf("openapi lacks %s", p)
			}
		}
	})
}
