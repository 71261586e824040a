package org_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"nghisu/internal/auth"
	"nghisu/internal/db"
	"nghisu/internal/i18n"
	"nghisu/internal/model"
	"nghisu/internal/org"
	"nghisu/internal/store"
	"nghisu/internal/testutil"
)

// staffingFixture is a province with three communes built post by post, so
// that every count of the staffing view is known:
//
//	A: a1 Bí thư + Chủ tịch UBND (conflict); a2 PBTT + Chủ tịch HĐND;
//	   a3 UV BTV + Chủ tịch MTTQ + Chủ tịch Hội Nông dân (3 posts, heads 2
//	   organisations, posts in 2: two conflicts); a4 Phó Bí thư until 1 March
//	   + Phó Chủ tịch UBND; a5 Đảng ủy viên + Phó Chủ tịch MTTQ + Phó Chủ tịch
//	   Hội Nông dân (2 organisations; Đảng ủy viên is not counted as a post);
//	   a6 UV BTV from 11 March; a7 UV BTV + Phó Chủ tịch MTTQ, and Chủ tịch
//	   Hội Phụ nữ until 10 March (the day of the view: ended, not counted);
//	   x UV BTV + Phó Chủ tịch UBND of A, and Phó Chủ tịch HĐND of B.
//	B: b1 Bí thư + Chủ tịch HĐND; b2 Phó Bí thư + Chủ tịch UBND.
//	C: nobody.
type staffingFixture struct {
	prov, a, b, c *model.Org
	ubndA         *model.Org
	people        map[string]*model.Person
}

var staffDay = model.Date{Year: 2026, Month: time.March, Day: 10}

func buildStaffing(t *testing.T, st *store.Store) *staffingFixture {
	t.Helper()
	f := &staffingFixture{people: map[string]*model.Person{}}
	mk := func(o *model.Org) *model.Org {
		if err := st.CreateOrg(ctx, o); err != nil {
			t.Fatal(err)
		}
		return o
	}
	f.prov = mk(&model.Org{Kind: model.OrgProvince, Name: "Đảng bộ tỉnh Thử", Place: "Thử"})
	commune := func(place string) *model.Org {
		return mk(&model.Org{ParentID: f.prov.ID, Kind: model.OrgCommune, Unit: model.UnitCommune, Name: "Đảng bộ xã " + place, Place: place})
	}
	f.a, f.b, f.c = commune("An Bình"), commune("Bình Xuân"), commune("Cai Lậy")
	led := func(c *model.Org, k model.OrgKind) *model.Org {
		return mk(&model.Org{ParentID: c.ID, Kind: k, Name: string(k) + " " + c.Place})
	}
	f.ubndA = led(f.a, model.OrgPeopleCommittee)
	hdndA, frontA, farmersA, womenA := led(f.a, model.OrgPeopleCouncil), led(f.a, model.OrgFront), led(f.a, model.OrgFarmers), led(f.a, model.OrgWomen)
	ubndB, hdndB := led(f.b, model.OrgPeopleCommittee), led(f.b, model.OrgPeopleCouncil)
	person := func(key string, c *model.Org, name string) {
		p := &model.Person{OrgID: c.ID, FullName: name}
		if err := st.CreatePerson(ctx, p); err != nil {
			t.Fatal(err)
		}
		f.people[key] = p
	}
	for _, p := range []struct{ key, name string }{{"a1", "Nguyễn Văn An"}, {"a2", "Trần Thị Bình"}, {"a3", "Lê Văn Cường"},
		{"a4", "Phạm Văn Dũng"}, {"a5", "Hồ Thị Én"}, {"a6", "Võ Văn Giang"}, {"a7", "Đỗ Thị Hoa"}, {"x", "Bùi Văn Khoa"}} {
		person(p.key, f.a, p.name)
	}
	person("b1", f.b, "Đặng Văn Long")
	person("b2", f.b, "Mai Thị Minh")
	start := model.Date{Year: 2025, Month: time.August, Day: 15}
	post := func(key string, o *model.Org, kind model.PostKind, from, to model.Date) {
		p := &model.Post{PersonID: f.people[key].ID, OrgID: o.ID, Kind: kind, Areas: []string{}, StartedOn: from, EndedOn: to}
		if err := st.AddPost(ctx, p); err != nil {
			t.Fatalf("%s %s: %v", key, kind, err)
		}
	}
	open := model.Date{}
	post("a1", f.a, model.PostSecretary, start, open)
	post("a1", f.ubndA, model.PostChair, start, open)
	post("a2", f.a, model.PostStandingDeputy, start, open)
	post("a2", hdndA, model.PostChair, start, open)
	post("a3", f.a, model.PostStandingMember, start, open)
	post("a3", frontA, model.PostChair, start, open)
	post("a3", farmersA, model.PostChair, start, open)
	post("a4", f.a, model.PostDeputy, start, model.Date{Year: 2026, Month: time.March, Day: 1})
	post("a4", f.ubndA, model.PostViceChair, start, open)
	post("a5", f.a, model.PostCommitteeMember, start, open)
	post("a5", frontA, model.PostViceChair, start, open)
	post("a5", farmersA, model.PostViceChair, start, open)
	post("a6", f.a, model.PostStandingMember, model.Date{Year: 2026, Month: time.March, Day: 11}, open)
	post("a7", f.a, model.PostStandingMember, start, open)
	post("a7", womenA, model.PostChair, start, staffDay)
	post("a7", frontA, model.PostViceChair, start, open)
	post("x", f.a, model.PostStandingMember, start, open)
	post("x", f.ubndA, model.PostViceChair, start, open)
	post("x", hdndB, model.PostViceChair, start, open)
	post("b1", f.b, model.PostSecretary, start, open)
	post("b1", hdndB, model.PostChair, start, open)
	post("b2", f.b, model.PostDeputy, start, open)
	post("b2", ubndB, model.PostChair, start, open)
	return f
}

func names(hs []org.StaffHolder) []string {
	var out []string
	for _, h := range hs {
		out = append(out, h.Name)
	}
	return out
}

func communeOf(t *testing.T, s *org.Staffing, id int64) org.CommuneStaffing {
	t.Helper()
	for _, c := range s.Communes {
		if c.Commune.ID == id {
			return c
		}
	}
	t.Fatalf("commune %d is not in the view", id)
	return org.CommuneStaffing{}
}

func TestStaffingCounts(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		st := store.New(d, func() time.Time { return time.Date(2026, 3, 10, 2, 0, 0, 0, time.UTC) })
		f := buildStaffing(t, st)
		svc := org.New(st)
		tinhuy := &auth.Actor{Account: model.Account{Role: model.RoleOversight, OrgID: f.prov.ID}, Scope: *f.prov}
		s, err := svc.Staffing(ctx, tinhuy, f.prov.ID, model.Date{})
		if err != nil {
			t.Fatal(err)
		}
		if s.On != staffDay || len(s.Communes) != 3 {
			t.Fatalf("on %v, %d communes", s.On, len(s.Communes))
		}
		want := map[org.Pattern]int{
			org.SecretaryChairsCouncil: 1, org.SecretaryChairsCommittee: 1, org.DeputyChairsCommittee: 1,
			org.DeputyChairsCouncil: 1, org.FrontChairStanding: 1, org.PostsInSeveralOrgs: 1, org.ThreePosts: 1,
			org.HeadsSeveralOrgs: 1,
		}
		if len(s.Totals) != len(org.Patterns) {
			t.Fatalf("%d totals", len(s.Totals))
		}
		for _, tot := range s.Totals {
			if tot.Communes != want[tot.Pattern] || tot.Of != 3 || tot.Share != float64(want[tot.Pattern])/3 {
				t.Errorf("%s: %+v, want %d of 3", tot.Pattern, tot, want[tot.Pattern])
			}
		}
		a, b, c := communeOf(t, s, f.a.ID), communeOf(t, s, f.b.ID), communeOf(t, s, f.c.ID)
		cases := []struct {
			name     string
			c        org.CommuneStaffing
			leaders  []string
			others   []string
			patterns []org.Pattern
		}{
			// Ended posts (a4's Phó Bí thư, a7's chair) and one not yet
			// begun (a6) are left out; x's post in B stays in B.
			{"A", a, []string{"Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Đỗ Thị Hoa", "Bùi Văn Khoa"}, []string{"Hồ Thị Én"},
				[]org.Pattern{org.SecretaryChairsCommittee, org.DeputyChairsCouncil, org.FrontChairStanding,
					org.PostsInSeveralOrgs, org.ThreePosts, org.HeadsSeveralOrgs}},
			{"B", b, []string{"Đặng Văn Long", "Mai Thị Minh"}, nil,
				[]org.Pattern{org.SecretaryChairsCouncil, org.DeputyChairsCommittee}},
			{"C", c, nil, nil, []org.Pattern{}},
		}
		for _, k := range cases {
			if got := names(k.c.Leaders); !slices.Equal(got, k.leaders) {
				t.Errorf("%s leaders %v, want %v", k.name, got, k.leaders)
			}
			if got := names(k.c.Others); !slices.Equal(got, k.others) {
				t.Errorf("%s others %v, want %v", k.name, got, k.others)
			}
			if !slices.Equal(k.c.Patterns, k.patterns) {
				t.Errorf("%s patterns %v, want %v", k.name, k.c.Patterns, k.patterns)
			}
		}
		// x holds two posts in A (UV BTV, Phó Chủ tịch UBND): the post in
		// B is B's, so x is not a person with three posts.
		for _, h := range a.Leaders {
			if h.Name == "Bùi Văn Khoa" && (len(h.Posts) != 2 || len(h.Patterns) != 0) {
				t.Errorf("x in A: %d posts, patterns %v", len(h.Posts), h.Patterns)
			}
			if h.Name == "Đỗ Thị Hoa" && (len(h.Posts) != 2 || len(h.Patterns) != 0) {
				t.Errorf("a7: %d posts, patterns %v", len(h.Posts), h.Patterns)
			}
			if h.Name == "Lê Văn Cường" && (h.Party != model.PostStandingMember || len(h.Posts) != 3) {
				t.Errorf("a3: %s with %d posts", h.Party, len(h.Posts))
			}
		}
		// Conflicts: a1 (Bí thư + Chủ tịch UBND), a3 twice (3 posts, heads
		// two organisations); B's arrangements are the usual ones.
		var got []string
		for _, cf := range s.Conflicts {
			got = append(got, cf.Person+" "+string(cf.Pattern))
			if cf.Text == "" || !strings.Contains(cf.Text, cf.Person) || !strings.Contains(cf.Text, "Đảng bộ xã An Bình") {
				t.Errorf("conflict text %q", cf.Text)
			}
		}
		wantConflicts := []string{"Nguyễn Văn An secretary_chairs_people_committee", "Lê Văn Cường three_posts",
			"Lê Văn Cường heads_several_orgs"}
		if !slices.Equal(got, wantConflicts) {
			t.Errorf("conflicts %v, want %v", got, wantConflicts)
		}
		if len(a.Conflicts) != 3 || len(b.Conflicts) != 0 {
			t.Errorf("conflicts per commune: A %d, B %d", len(a.Conflicts), len(b.Conflicts))
		}
		// Each conflict names the posts that make it.
		for i, want := range []string{"Bí thư, Chủ tịch Ủy ban nhân dân",
			"Ủy viên Ban Thường vụ, Chủ tịch Ủy ban Mặt trận Tổ quốc, Chủ tịch Hội Nông dân",
			"Chủ tịch Ủy ban Mặt trận Tổ quốc, Chủ tịch Hội Nông dân"} {
			if got := strings.Join(s.Conflicts[i].PostNames("vi"), ", "); got != want {
				t.Errorf("conflict %d names %q, want %q", i, got, want)
			}
		}
		if txt := s.Conflicts[1].Text; !strings.Contains(txt, "giữ 3 chức vụ") || !strings.Contains(txt, "Chủ tịch Hội Nông dân") {
			t.Errorf("three posts: %q", txt)
		}

		// Before 1 March a4 was still Phó Bí thư: a leader of A.
		s, err = svc.Staffing(ctx, tinhuy, f.prov.ID, model.Date{Year: 2026, Month: time.February, Day: 15})
		if err != nil {
			t.Fatal(err)
		}
		if got := names(communeOf(t, s, f.a.ID).Leaders); !slices.Contains(got, "Phạm Văn Dũng") {
			t.Errorf("15 Feb leaders of A: %v", got)
		}

		// Sorting and filtering; totals stay over every commune.
		s, _ = svc.Staffing(ctx, tinhuy, f.prov.ID, model.Date{})
		s.Apply(org.StaffingView{Sort: "flags"})
		if s.Communes[0].Commune.ID != f.a.ID || s.Communes[1].Commune.ID != f.b.ID || s.Communes[2].Commune.ID != f.c.ID {
			t.Errorf("by flags: %s, %s, %s", s.Communes[0].Commune.Place, s.Communes[1].Commune.Place, s.Communes[2].Commune.Place)
		}
		s.Apply(org.StaffingView{Pattern: org.DeputyChairsCommittee, Sort: "name"})
		if len(s.Communes) != 1 || s.Communes[0].Commune.ID != f.b.ID || s.Totals[0].Of != 3 || len(s.Conflicts) != 3 {
			t.Errorf("filtered: %d communes, totals of %d", len(s.Communes), s.Totals[0].Of)
		}
		s.Apply(org.StaffingView{Sort: "name"})
		if len(s.Communes) != 3 || s.Communes[0].Commune.ID != f.a.ID {
			t.Errorf("unfiltered again: %d communes", len(s.Communes))
		}
	})
}

func TestStaffingAccess(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		st := store.New(d, func() time.Time { return time.Date(2026, 3, 10, 2, 0, 0, 0, time.UTC) })
		f := buildStaffing(t, st)
		svc := org.New(st)
		actor := func(role model.Role, scope *model.Org) *auth.Actor {
			return &auth.Actor{Account: model.Account{Role: role, OrgID: scope.ID}, Scope: *scope}
		}
		cases := []struct {
			name     string
			a        *auth.Actor
			org      *model.Org
			communes int
			err      error
		}{
			{"province oversight, province", actor(model.RoleOversight, f.prov), f.prov, 3, nil},
			{"province admin, a commune", actor(model.RoleAdmin, f.prov), f.b, 1, nil},
			{"commune member, own commune", actor(model.RoleMember, f.a), f.a, 1, nil},
			{"commune office, own commune", actor(model.RoleOffice, f.a), f.a, 1, nil},
			{"commune member, the province", actor(model.RoleMember, f.a), f.prov, 0, model.ErrNotFound},
			{"commune member, another commune", actor(model.RoleMember, f.b), f.a, 0, model.ErrNotFound},
			{"UBND user, its commune", actor(model.RoleOffice, f.ubndA), f.a, 0, model.ErrNotFound},
			{"a led organisation", actor(model.RoleOversight, f.prov), f.ubndA, 0, model.ErrNotFound},
		}
		for _, c := range cases {
			s, err := svc.Staffing(ctx, c.a, c.org.ID, model.Date{})
			if !errors.Is(err, c.err) || (err == nil && len(s.Communes) != c.communes) {
				t.Errorf("%s: %v", c.name, err)
				continue
			}
			if err == nil && c.communes == 1 && (s.Totals[0].Of != 1 || s.Communes[0].Commune.ID != c.org.ID) {
				t.Errorf("%s: totals of %d", c.name, s.Totals[0].Of)
			}
		}
		// A day after today is refused on its field.
		tomorrow := model.Date{Year: 2026, Month: time.March, Day: 11}
		if _, err := svc.Staffing(ctx, actor(model.RoleOversight, f.prov), f.prov.ID, tomorrow); testutil.FieldOf(err) != "on" {
			t.Errorf("tomorrow: %v", err)
		}
	})
}

func TestParseStaffingView(t *testing.T) {
	cases := []struct {
		pattern, sort string
		want          org.StaffingView
		field         string
	}{
		{"", "", org.StaffingView{Sort: "name"}, ""},
		{"three_posts", "flags", org.StaffingView{Pattern: org.ThreePosts, Sort: "flags"}, ""},
		{" secretary_chairs_people_committee ", "name", org.StaffingView{Pattern: org.SecretaryChairsCommittee, Sort: "name"}, ""},
		{"bogus", "", org.StaffingView{Sort: "name"}, "pattern"},
		{"", "score", org.StaffingView{Sort: "name"}, "sort"},
		{"<script>", "", org.StaffingView{Sort: "name"}, "pattern"},
	}
	for _, c := range cases {
		v, err := org.ParseStaffingView(c.pattern, c.sort)
		if v != c.want || testutil.FieldOf(err) != c.field {
			t.Errorf("%q %q: %+v, %v", c.pattern, c.sort, v, err)
		}
	}
}

// Every pattern has its label and its ground in both languages, and every
// conflict a sentence of its own.
func TestStaffingLabels(t *testing.T) {
	for _, p := range org.Patterns {
		for _, lang := range []string{"vi", "en"} {
			for _, k := range []string{"staffing.pattern.", "staffing.basis."} {
				if !i18n.Has(lang, k+string(p)) {
					t.Errorf("%s: no %s%s", lang, k, p)
				}
			}
			if p.Conflict() && !i18n.Has(lang, "staffing.conflict."+string(p)) {
				t.Errorf("%s: no sentence for %s", lang, p)
			}
		}
	}
}
