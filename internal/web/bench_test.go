package web_test

import (
	"context"
	"fmt"
	"net/url"
	"testing"

	"nghisu/internal/app"
	"nghisu/internal/config"
	"nghisu/internal/db"
	"nghisu/internal/demo"
	"nghisu/internal/model"
	"nghisu/internal/store"
	"nghisu/internal/testutil"

	"io"
	"log/slog"
	"net/http/httptest"
)

// province starts a server on a province-sized dataset: 102 communes, each
// with its bodies, posts and led organisations (about 3,000 people).
func province(b *testing.B, dialect db.Dialect) (*testutil.Server, *model.Body) {
	b.Helper()
	d := testutil.NewDB(b, dialect)
	clock := testutil.NewClock(testutil.DemoNow)
	a, err := app.New(config.Config{MaxUploadMB: 2}, d, slog.New(slog.NewTextHandler(io.Discard, nil)), clock.Now)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(a.Close)
	res, err := demo.Seed(context.Background(), a.Store, demo.Options{Communes: 102})
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(a.Handler())
	b.Cleanup(srv.Close)
	s := &testutil.Server{Server: srv, App: a, Demo: res, Clock: clock}
	return s, s.Body(b, "Mỹ Tho", model.BodyCommittee)
}

func forDialects(b *testing.B, fn func(b *testing.B, dialect db.Dialect)) {
	for _, d := range testutil.Dialects(b) {
		b.Run(string(d), func(b *testing.B) { fn(b, d) })
	}
}

// BenchmarkSignIn is dominated by argon2id, on purpose.
func BenchmarkSignIn(b *testing.B) {
	forDialects(b, func(b *testing.B, dialect db.Dialect) {
		srv, _ := province(b, dialect)
		form := url.Values{"username": {"bithu.mytho"}, "password": {demo.Password}}
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if r := srv.Client(b).PostForm(b, "/login", form); r.StatusCode != 303 {
				b.Fatalf("sign in: %d", r.StatusCode)
			}
		}
	})
}

// BenchmarkBodyPage renders the 31-member BCH of Mỹ Tho with every member's
// posts, as its secretary, in parallel.
func BenchmarkBodyPage(b *testing.B) {
	forDialects(b, func(b *testing.B, dialect db.Dialect) {
		srv, bch := province(b, dialect)
		path := fmt.Sprintf("/bodies/%d", bch.ID)
		b.ResetTimer()
		b.RunParallel(func(pb *testing.PB) {
			c := srv.Login(b, "bithu.mytho")
			for pb.Next() {
				if r := c.Get(b, path); r.StatusCode != 200 {
					b.Errorf("body page: %d", r.StatusCode)
					return
				}
			}
		})
	})
}

// BenchmarkSearchPage searches the whole province by unaccented name, as
// the provincial official.
func BenchmarkSearchPage(b *testing.B) {
	forDialects(b, func(b *testing.B, dialect db.Dialect) {
		srv, _ := province(b, dialect)
		b.ResetTimer()
		b.RunParallel(func(pb *testing.PB) {
			c := srv.Login(b, "tinhuy")
			for pb.Next() {
				if r := c.Get(b, "/search?q=nguyen+van+duc"); r.StatusCode != 200 {
					b.Errorf("search: %d", r.StatusCode)
					return
				}
			}
		})
	})
}

// BenchmarkSearchStore is the query alone: people of the province whose
// folded name holds every word.
func BenchmarkSearchStore(b *testing.B) {
	forDialects(b, func(b *testing.B, dialect db.Dialect) {
		srv, _ := province(b, dialect)
		q := store.PeopleQuery{Path: "/", Text: "nguyen van duc", Limit: 101}
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if _, err := srv.App.Store.People(context.Background(), q); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkMeetingPage renders Mỹ Tho's coming BCH meeting (program, papers,
// circulation list of 30, history) as its secretary, in parallel.
func BenchmarkMeetingPage(b *testing.B) {
	forDialects(b, func(b *testing.B, dialect db.Dialect) {
		srv, _ := province(b, dialect)
		mtg, _, _, round, _, _, _, _ := preparation(b, srv)
		for _, p := range []struct{ name, path string }{
			{"meeting", fmt.Sprintf("/meetings/%d", mtg)},
			{"review", fmt.Sprintf("/reviews/%d", round)},
		} {
			b.Run(p.name, func(b *testing.B) {
				b.RunParallel(func(pb *testing.PB) {
					c := srv.Login(b, "bithu.mytho")
					for pb.Next() {
						if r := c.Get(b, p.path); r.StatusCode != 200 {
							b.Errorf("%s: %d", p.path, r.StatusCode)
							return
						}
					}
				})
			})
		}
	})
}
