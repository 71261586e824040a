package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"nghisu/internal/db"
	"nghisu/internal/model"
	"nghisu/internal/rules"
	"nghisu/internal/testutil"
)

var ctx = context.Background()

// apiClient calls the API with a personal access token.
type apiClient struct {
	t     *testing.T
	srv   *testutil.Server
	token string
}

func newClient(t *testing.T, srv *testutil.Server, username string) *apiClient {
	a := srv.Actor(t, username)
	token, _, err := srv.App.Auth.IssueToken(ctx, a, a.Account.ID, "test")
	if err != nil {
		t.Fatal(err)
	}
	return &apiClient{t: t, srv: srv, token: token}
}

func (c *apiClient) do(method, path, body string, out any) int {
	c.t.Helper()
	req, _ := http.NewRequest(method, c.srv.URL+"/api/v1"+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	if out != nil {
		json.NewDecoder(resp.Body).Decode(out)
	}
	return resp.StatusCode
}

type apiError struct {
	Error struct {
		Status  int               `json:"status"`
		Message string            `json:"message"`
		Fields  map[string]string `json:"fields"`
	} `json:"error"`
}

func TestAPI(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := testutil.NewServer(t, d)
		vp := newClient(t, srv, "vp.mytho")
		mytho := srv.Commune(t, "Mỹ Tho")
		caolanh := srv.Commune(t, "Cao Lãnh")

		var me struct {
			Account model.Account `json:"account"`
			Scope   model.Org     `json:"scope"`
		}
		if s := vp.do("GET", "/me", "", &me); s != 200 || me.Account.Username != "vp.mytho" || me.Scope.ID != mytho.ID {
			t.Fatalf("me: %d %+v", s, me)
		}
		var orgs []model.Org
		vp.do("GET", "/orgs", "", &orgs)
		if len(orgs) != 9 { // the commune and the eight organisations it leads
			t.Fatalf("vp sees %d orgs", len(orgs))
		}
		if s := vp.do("GET", fmt.Sprintf("/orgs/%d", caolanh.ID), "", nil); s != 404 {
			t.Fatalf("another commune: %d", s)
		}
		var people []model.Person
		vp.do("GET", "/people?q=nguyen+van+duc", "", &people)
		if len(people) != 1 || people[0].FullName != "Nguyễn Văn Đức" {
			t.Fatalf("search: %+v", people)
		}

		var e apiError
		s := vp.do("POST", fmt.Sprintf("/orgs/%d/people", mytho.ID), `{"full_name":"","email":"x@"}`, &e)
		if s != 422 || e.Error.Fields["full_name"] != "Không được để trống." || e.Error.Fields["email"] == "" {
			t.Fatalf("invalid person: %d %+v", s, e)
		}
		s = vp.do("POST", fmt.Sprintf("/orgs/%d/people", mytho.ID), `{"full_name":"A","shoe_size":42}`, &e)
		if s != 422 {
			t.Fatalf("unknown field: %d", s)
		}
		var p model.Person
		s = vp.do("POST", fmt.Sprintf("/orgs/%d/people", mytho.ID), `{"full_name":"Lâm Thị Thu Ba","birth_date":"1985-04-30"}`, &p)
		if s != 201 || p.ID == 0 || p.BirthDate.String() != "1985-04-30" {
			t.Fatalf("create: %d %+v", s, p)
		}
		upd := fmt.Sprintf(`{"full_name":"Lâm Thị Thu Ba","phone":"0987 654 321","version":%d}`, p.Version)
		if s := vp.do("PUT", fmt.Sprintf("/people/%d", p.ID), upd, &p); s != 200 || p.Phone != "0987 654 321" {
			t.Fatalf("update: %d %+v", s, p)
		}
		if s := vp.do("PUT", fmt.Sprintf("/people/%d", p.ID), upd, &e); s != 409 || !strings.Contains(e.Error.Message, "vừa được người khác sửa") {
			t.Fatalf("stale update: %d %+v", s, e)
		}

		// Seat her in the BCH, then try to exceed the BTV.
		bch := srv.Body(t, "Mỹ Tho", model.BodyCommittee)
		var m model.Membership
		s = vp.do("POST", fmt.Sprintf("/bodies/%d/members", bch.ID), fmt.Sprintf(`{"person_id":%d,"status":"incumbent","started_on":"2026-03-01"}`, p.ID), &m)
		if s != 201 || m.ID == 0 {
			t.Fatalf("seat: %d", s)
		}
		btv := srv.Body(t, "Mỹ Tho", model.BodyStanding)
		s = vp.do("POST", fmt.Sprintf("/bodies/%d/members", btv.ID), fmt.Sprintf(`{"person_id":%d,"status":"incumbent","started_on":"2026-03-01"}`, p.ID), &e)
		full := btv.Size+1 > rules.MaxStanding(bch.Size+1)
		if full && (s != 409 || !strings.Contains(e.Error.Message, "Ban Thường vụ đã đủ")) || !full && s != 201 {
			t.Fatalf("BTV seat with %d of %d taken: %d %+v", btv.Size, rules.MaxStanding(bch.Size+1), s, e)
		}
		var post model.Post
		s = vp.do("POST", fmt.Sprintf("/people/%d/posts", p.ID), fmt.Sprintf(`{"org_id":%d,"kind":"committee_member","areas":["Văn hóa"],"started_on":"2026-03-01"}`, mytho.ID), &post)
		if s != 201 || post.BodyID != bch.ID {
			t.Fatalf("post: %d %+v", s, post)
		}
		s = vp.do("POST", fmt.Sprintf("/posts/%d/end", post.ID), `{"on":"2026-02-01"}`, &e)
		if s != 422 || e.Error.Fields["on"] == "" {
			t.Fatalf("end before start: %d %+v", s, e)
		}

		// Read-only and outsiders.
		tinhuy := newClient(t, srv, "tinhuy")
		if s := tinhuy.do("GET", fmt.Sprintf("/people/%d", p.ID), "", nil); s != 200 {
			t.Fatalf("oversight read: %d", s)
		}
		if s := tinhuy.do("PUT", fmt.Sprintf("/people/%d", p.ID), upd, &e); s != 403 {
			t.Fatalf("oversight write: %d", s)
		}
		cl := newClient(t, srv, "bithu.caolanh")
		if s := cl.do("PUT", fmt.Sprintf("/people/%d", p.ID), upd, nil); s != 404 {
			t.Fatalf("other commune's write: %d", s)
		}
		if s := cl.do("GET", fmt.Sprintf("/bodies/%d/members", bch.ID), "", nil); s != 404 {
			t.Fatalf("other commune's body: %d", s)
		}
		bad := &apiClient{t: t, srv: srv, token: "nghisu_forged"}
		if s := bad.do("GET", "/me", "", nil); s != 401 {
			t.Fatalf("forged token: %d", s)
		}
	})
}
