package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"nghisu/internal/db"
	"nghisu/internal/testutil"
)

// TestCommentFormKey: the comment form carries a key, so the same form
// sent twice (a reload after the server restarted, a double click) stores
// one comment; a new form has a new key.
func TestCommentFormKey(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := testutil.NewServer(t, d)
		_, _, _, round, _, _, _, _ := preparation(t, srv)
		c := srv.Login(t, "btv.mytho")
		path := "/reviews/" + itoa(round)
		keyOf := func() string {
			t.Helper()
			r := c.Get(t, path)
			m := regexp.MustCompile(`name="key" value="([^"]+)"`).FindStringSubmatch(r.Body)
			if r.StatusCode != http.StatusOK || m == nil {
				t.Fatalf("GET %s: %d, key %v", path, r.StatusCode, m)
			}
			return m[1]
		}
		count := func() int {
			t.Helper()
			cs, err := srv.App.Store.Comments(ctx, round)
			if err != nil {
				t.Fatal(err)
			}
			return len(cs)
		}
		before := count()
		key := keyOf()
		if again := keyOf(); again == key {
			t.Fatalf("two forms share the key %s", key)
		}
		form := url.Values{"paragraph": {"1"}, "kind": {"remark"}, "text": {"Gửi hai lần."}, "key": {key}}
		for i := range 2 {
			if r := c.PostForm(t, path+"/comments", form); r.StatusCode != http.StatusSeeOther {
				t.Fatalf("send %d: %d %s", i+1, r.StatusCode, r.Body)
			}
		}
		if n := count(); n != before+1 {
			t.Errorf("%d comments after sending one form twice, want %d", n, before+1)
		}
	})
}
