package store_test

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"testing"
	"time"

	"nghisu/internal/db"
	"nghisu/internal/model"
	"nghisu/internal/store"
	"nghisu/internal/testutil"
)

var ctx = context.Background()

func newStore(t *testing.T, d *db.DB) *store.Store {
	return store.New(d, func() time.Time { return testutil.DemoNow })
}

// tree builds a province with two communes, each with a term and bodies.
func tree(t *testing.T, st *store.Store) (prov, a, b *model.Org, bodies map[int64]map[model.BodyKind]*model.Body) {
	t.Helper()
	prov = &model.Org{Kind: model.OrgProvince, Name: "Đảng bộ tỉnh Đồng Tháp"}
	must(t, st.CreateOrg(ctx, prov))
	a = &model.Org{ParentID: prov.ID, Kind: model.OrgCommune, Unit: model.UnitWard, Name: "Đảng bộ phường Mỹ Tho", Place: "Mỹ Tho"}
	must(t, st.CreateOrg(ctx, a))
	b = &model.Org{ParentID: prov.ID, Kind: model.OrgCommune, Unit: model.UnitCommune, Name: "Đảng bộ xã Tân Hồng", Place: "Tân Hồng"}
	must(t, st.CreateOrg(ctx, b))
	bodies = map[int64]map[model.BodyKind]*model.Body{}
	for _, c := range []*model.Org{a, b} {
		term := &model.Term{OrgID: c.ID, Name: "2025–2030", StartsOn: model.Date{Year: 2025, Month: 8, Day: 15}}
		must(t, st.CreateTerm(ctx, term))
		bodies[c.ID] = map[model.BodyKind]*model.Body{}
		for _, k := range model.BodyKinds {
			body := &model.Body{OrgID: c.ID, TermID: term.ID, Kind: k}
			must(t, st.CreateBody(ctx, body))
			bodies[c.ID][k] = body
		}
	}
	return
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestOrgTree(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		st := newStore(t, d)
		prov, a, b, _ := tree(t, st)
		ubnd := &model.Org{ParentID: a.ID, Kind: model.OrgPeopleCommittee, Name: "Ủy ban nhân dân phường Mỹ Tho"}
		must(t, st.CreateOrg(ctx, ubnd))
		if want := a.Path + strconv.FormatInt(ubnd.ID, 10) + "/"; ubnd.Path != want {
			t.Fatalf("path %q, want %q", ubnd.Path, want)
		}
		all, err := st.Subtree(ctx, prov.Path)
		must(t, err)
		if len(all) != 4 || all[0].ID != prov.ID {
			t.Fatalf("province subtree: %d orgs, first %d", len(all), all[0].ID)
		}
		sub, err := st.Subtree(ctx, a.Path)
		must(t, err)
		if len(sub) != 2 || sub[0].ID != a.ID || sub[1].ID != ubnd.ID {
			t.Fatalf("commune subtree: %+v", sub)
		}
		// Id 1's subtree must not take in id 10, 11, …: the path range is by
		// segment, not by prefix of digits.
		for i := 0; i < 12; i++ {
			must(t, st.CreateOrg(ctx, &model.Org{ParentID: b.ID, Kind: model.OrgFarmers, Name: "Hội " + strconv.FormatInt(int64(i), 10)}))
		}
		sub, err = st.Subtree(ctx, a.Path)
		must(t, err)
		if len(sub) != 2 {
			t.Fatalf("commune subtree grew to %d", len(sub))
		}
		// Two organisations of one name under one parent are one too many.
		err = st.CreateOrg(ctx, &model.Org{ParentID: a.ID, Kind: model.OrgPeopleCommittee, Name: "Ủy ban nhân dân phường Mỹ Tho"})
		if !errors.Is(err, model.ErrConflict) {
			t.Fatalf("duplicate name: %v", err)
		}
		summaries, err := st.CommuneSummaries(ctx, prov.Path)
		must(t, err)
		if len(summaries) != 2 {
			t.Fatalf("%d summaries", len(summaries))
		}
	})
}

func TestPeopleSearchAndOrder(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		st := newStore(t, d)
		_, a, b, _ := tree(t, st)
		names := []string{"Trần Văn Bình", "Nguyễn Thị An", "Lê Văn Ân", "Phạm Thị Ánh", "Hồ Văn Đức",
			"Nguyễn Văn Dũng", "Võ Thị Ơn", "Lê Thị Ôn", "Nguyễn Văn Đức", "Ngô Văn Út"}
		for _, n := range names {
			must(t, st.CreatePerson(ctx, &model.Person{OrgID: a.ID, FullName: n}))
		}
		must(t, st.CreatePerson(ctx, &model.Person{OrgID: b.ID, FullName: "Nguyễn Văn Đức"}))
		list, err := st.People(ctx, store.PeopleQuery{OrgID: a.ID})
		must(t, err)
		want := []string{"Nguyễn Thị An", "Phạm Thị Ánh", "Lê Văn Ân", "Trần Văn Bình", "Nguyễn Văn Dũng",
			"Hồ Văn Đức", "Nguyễn Văn Đức", "Lê Thị Ôn", "Võ Thị Ơn", "Ngô Văn Út"}
		for i, p := range list {
			if p.FullName != want[i] {
				t.Fatalf("order[%d] = %s, want %s (all: %v)", i, p.FullName, want[i], fullNames(list))
			}
		}
		cases := []struct {
			q    string
			org  int64
			want []string
		}{
			{"nguyen van duc", a.ID, []string{"Nguyễn Văn Đức"}},
			{"NGUYEN VAN DUC", a.ID, []string{"Nguyễn Văn Đức"}},
			{"duc", a.ID, []string{"Hồ Văn Đức", "Nguyễn Văn Đức"}},
			{"đức", a.ID, []string{"Hồ Văn Đức", "Nguyễn Văn Đức"}},
			{"van duc nguyen", a.ID, []string{"Nguyễn Văn Đức"}},
			{"on", a.ID, []string{"Lê Thị Ôn", "Võ Thị Ơn"}},
			{"100%", a.ID, nil},
			{"n%n", a.ID, nil}, // a typed % is a character, not a wildcard
			{"nguyen van duc", 0, []string{"Nguyễn Văn Đức", "Nguyễn Văn Đức"}},
		}
		for _, c := range cases {
			got, err := st.People(ctx, store.PeopleQuery{OrgID: c.org, Path: "/", Text: c.q})
			must(t, err)
			if len(got) != len(c.want) {
				t.Errorf("search %q: %v, want %v", c.q, fullNames(got), c.want)
				continue
			}
			for i := range got {
				if got[i].FullName != c.want[i] {
					t.Errorf("search %q: %v, want %v", c.q, fullNames(got), c.want)
				}
			}
		}
		// Scope: the commune's path does not reach the other commune.
		got, err := st.People(ctx, store.PeopleQuery{Path: b.Path, Text: "duc"})
		must(t, err)
		if len(got) != 1 || got[0].OrgID != b.ID {
			t.Fatalf("scoped search: %v", fullNames(got))
		}
	})
}

func fullNames(ps []model.Person) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.FullName)
	}
	return out
}

func TestPersonVersion(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		st := newStore(t, d)
		_, a, _, _ := tree(t, st)
		p := &model.Person{OrgID: a.ID, FullName: "Lê Văn Hùng", BirthDate: model.Date{Year: 1975, Month: 3, Day: 9}}
		must(t, st.CreatePerson(ctx, p))
		first, second := *p, *p
		first.Phone = "0912 345 678"
		must(t, st.UpdatePerson(ctx, &first))
		second.Email = "hunglv@dongthap.gov.vn"
		if err := st.UpdatePerson(ctx, &second); !errors.Is(err, model.ErrConflict) {
			t.Fatalf("stale update: %v", err)
		}
		got, err := st.Person(ctx, p.ID)
		must(t, err)
		if got.Version != 2 || got.Phone != "0912 345 678" || got.Email != "" || got.BirthDate != p.BirthDate {
			t.Fatalf("after updates: %+v", got)
		}
		if _, err := st.Person(ctx, 99999); !errors.Is(err, model.ErrNotFound) {
			t.Fatalf("missing person: %v", err)
		}
	})
}

func TestMembershipAndPostConstraints(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		st := newStore(t, d)
		_, a, _, bodies := tree(t, st)
		bch := bodies[a.ID][model.BodyCommittee]
		start := model.Date{Year: 2025, Month: 8, Day: 15}
		x := &model.Person{OrgID: a.ID, FullName: "Trần Thị Mai"}
		y := &model.Person{OrgID: a.ID, FullName: "Phan Văn Tâm"}
		must(t, st.CreatePerson(ctx, x))
		must(t, st.CreatePerson(ctx, y))
		m := &model.Membership{BodyID: bch.ID, PersonID: x.ID, Status: model.StatusIncumbent, StartedOn: start}
		must(t, st.AddMembership(ctx, m))
		// A second open period in the same body is refused by the database.
		dup := &model.Membership{BodyID: bch.ID, PersonID: x.ID, Status: model.StatusIncumbent, StartedOn: start}
		if err := st.AddMembership(ctx, dup); !errors.Is(err, model.ErrConflict) {
			t.Fatalf("second open membership: %v", err)
		}
		// After the first ends, a new one may open: that is the history.
		must(t, st.EndMembership(ctx, m.ID, model.Date{Year: 2026, Month: 1, Day: 5}))
		must(t, st.AddMembership(ctx, dup))
		hist, err := st.BodyMembers(ctx, bch.ID, true)
		must(t, err)
		if len(hist) != 2 {
			t.Fatalf("history has %d periods", len(hist))
		}
		open, err := st.BodyMembers(ctx, bch.ID, false)
		must(t, err)
		if len(open) != 1 || open[0].ID != dup.ID || open[0].Person.FullName != "Trần Thị Mai" {
			t.Fatalf("open members: %+v", open)
		}
		if err := st.EndMembership(ctx, m.ID, start); !errors.Is(err, model.ErrNotFound) {
			t.Fatalf("ending an ended period: %v", err)
		}

		sec := &model.Post{PersonID: x.ID, OrgID: a.ID, BodyID: bch.ID, Kind: model.PostSecretary, StartedOn: start, Areas: []string{"Phụ trách chung"}}
		must(t, st.AddPost(ctx, sec))
		other := &model.Post{PersonID: y.ID, OrgID: a.ID, BodyID: bch.ID, Kind: model.PostSecretary, StartedOn: start}
		if err := st.AddPost(ctx, other); !errors.Is(err, model.ErrConflict) {
			t.Fatalf("second secretary: %v", err)
		}
		// Several deputies at once are normal.
		must(t, st.AddPost(ctx, &model.Post{PersonID: x.ID, OrgID: a.ID, BodyID: bch.ID, Kind: model.PostDeputy, StartedOn: start}))
		must(t, st.AddPost(ctx, &model.Post{PersonID: y.ID, OrgID: a.ID, BodyID: bch.ID, Kind: model.PostDeputy, StartedOn: start}))
		must(t, st.EndPost(ctx, sec.ID, model.Date{Year: 2026, Month: 2, Day: 1}))
		must(t, st.AddPost(ctx, other))
		posts, err := st.PersonPosts(ctx, x.ID)
		must(t, err)
		if len(posts) != 2 || !posts[0].Open() || posts[1].Open() || posts[1].Areas[0] != "Phụ trách chung" {
			t.Fatalf("x's posts: %+v", posts)
		}
	})
}

func TestSessionsThrottleTokensAudit(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		st := newStore(t, d)
		_, a, _, _ := tree(t, st)
		ss := st.Sessions()
		exp := testutil.DemoNow.Add(time.Hour)
		must(t, ss.CommitCtx(ctx, "tok", []byte("one"), exp))
		must(t, ss.CommitCtx(ctx, "tok", []byte("two"), exp))
		b, ok, err := ss.FindCtx(ctx, "tok")
		if err != nil || !ok || string(b) != "two" {
			t.Fatalf("find: %q %v %v", b, ok, err)
		}
		must(t, ss.CommitCtx(ctx, "old", []byte("x"), testutil.DemoNow.Add(-time.Minute)))
		if _, ok, _ := ss.FindCtx(ctx, "old"); ok {
			t.Fatal("expired session found")
		}
		if n, err := ss.DeleteExpired(ctx); err != nil || n != 1 {
			t.Fatalf("delete expired: %d %v", n, err)
		}

		th, err := st.ThrottleOf(ctx, "account:x")
		must(t, err)
		if th.Failures != 0 {
			t.Fatal("unknown key has failures")
		}
		must(t, st.SaveThrottle(ctx, "account:x", store.Throttle{Failures: 3, WindowStart: testutil.DemoNow}))
		th, err = st.ThrottleOf(ctx, "account:x")
		must(t, err)
		if th.Failures != 3 || !th.LockedUntil.IsZero() || !th.WindowStart.Equal(testutil.DemoNow) {
			t.Fatalf("throttle: %+v", th)
		}
		must(t, st.ClearThrottle(ctx, "account:x"))

		acc := &model.Account{Username: "vp.test", OrgID: a.ID, Role: model.RoleOffice, PasswordHash: "x"}
		must(t, st.CreateAccount(ctx, acc))
		if err := st.CreateAccount(ctx, &model.Account{Username: "vp.test", OrgID: a.ID, Role: model.RoleOffice, PasswordHash: "x"}); !errors.Is(err, model.ErrConflict) {
			t.Fatalf("duplicate username: %v", err)
		}
		tok := &model.AccessToken{AccountID: acc.ID, Name: "báo cáo"}
		must(t, st.CreateToken(ctx, tok, "hash1"))
		got, use, err := st.AccountByToken(ctx, "hash1")
		must(t, err)
		if got.ID != acc.ID || use.ID != tok.ID || !use.LastUsed.IsZero() {
			t.Fatalf("token found %+v, %+v", got, use)
		}
		must(t, st.NoteTokensUsed(ctx, []int64{tok.ID}, testutil.DemoNow))
		if _, use, err := st.AccountByToken(ctx, "hash1"); err != nil || !use.LastUsed.Equal(testutil.DemoNow) {
			t.Fatalf("noted use: %+v, %v", use, err)
		}
		must(t, st.RevokeToken(ctx, acc.ID, tok.ID))
		if _, _, err := st.AccountByToken(ctx, "hash1"); !errors.Is(err, model.ErrNotFound) {
			t.Fatalf("revoked token: %v", err)
		}

		must(t, st.InTx(ctx, func(st *store.Store) error {
			return st.Audit(ctx, model.AuditEntry{Username: "vp.test", Action: "person.create", ObjectType: "person", OrgID: a.ID})
		}))
		// A failed transaction leaves no audit entry behind.
		_ = st.InTx(ctx, func(st *store.Store) error {
			st.Audit(ctx, model.AuditEntry{Username: "vp.test", Action: "lost", ObjectType: "person", OrgID: a.ID})
			return errors.New("rollback")
		})
		log, err := st.AuditLog(ctx, a.Path, 10)
		must(t, err)
		if len(log) != 1 || log[0].Action != "person.create" {
			t.Fatalf("audit: %+v", log)
		}
	})
}

// Concurrent writers on SQLite queue on the single writer connection instead
// of failing with "database is locked".
func TestConcurrentWrites(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		st := newStore(t, d)
		_, a, _, _ := tree(t, st)
		var wg sync.WaitGroup
		errs := make(chan error, 40)
		for i := 0; i < 40; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				errs <- st.InTx(ctx, func(st *store.Store) error {
					return st.CreatePerson(ctx, &model.Person{OrgID: a.ID, FullName: "Người " + strconv.FormatInt(int64(i), 10)})
				})
			}(i)
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			must(t, err)
		}
		list, err := st.People(ctx, store.PeopleQuery{OrgID: a.ID})
		must(t, err)
		if len(list) != 40 {
			t.Fatalf("%d people", len(list))
		}
	})
}
