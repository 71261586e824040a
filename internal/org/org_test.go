package org_test

import (
	"context"
	"errors"
	"testing"

	"golang.org/x/text/unicode/norm"

	"nghisu/internal/auth"
	"nghisu/internal/db"
	"nghisu/internal/model"
	"nghisu/internal/org"
	"nghisu/internal/rules"
	"nghisu/internal/testutil"
)

var ctx = context.Background()

func TestVisibilityAndPermissions(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := testutil.NewServer(t, d)
		o := srv.App.Org
		mytho := srv.Commune(t, "Mỹ Tho")
		bch := srv.Body(t, "Mỹ Tho", model.BodyCommittee)
		members, err := o.Members(ctx, auth.System(), bch.ID, false)
		if err != nil || len(members) != 31 {
			t.Fatalf("Mỹ Tho BCH: %d members, %v", len(members), err)
		}
		person := members[0].Person
		in := model.PersonInput{FullName: "Đặng Thị Hạnh"}
		cases := []struct {
			user     string
			sees     bool
			canWrite bool
		}{
			{"admin", true, true},
			{"tinhuy", true, false},
			{"bithu.mytho", true, true},
			{"pbtt.mytho", true, true},
			{"vp.mytho", true, true},
			{"btv.mytho", true, false},
			{"uv.mytho", true, false},
			{"bithu.caolanh", false, false},
		}
		for _, c := range cases {
			a := srv.Actor(t, c.user)
			_, err := o.Org(ctx, a, mytho.ID)
			_, _, perr := o.Person(ctx, a, person.ID)
			_, berr := o.Body(ctx, a, bch.ID)
			for _, e := range []error{err, perr, berr} {
				if c.sees && e != nil {
					t.Errorf("%s should see Mỹ Tho: %v", c.user, e)
				}
				if !c.sees && !errors.Is(e, model.ErrNotFound) {
					t.Errorf("%s must get not-found for Mỹ Tho, got %v", c.user, e)
				}
			}
			_, err = o.CreatePerson(ctx, a, mytho.ID, in)
			switch {
			case c.canWrite && err != nil:
				t.Errorf("%s should add a person: %v", c.user, err)
			case !c.canWrite && c.sees && !errors.Is(err, model.ErrForbidden):
				t.Errorf("%s may read but not write: got %v", c.user, err)
			case !c.sees && !errors.Is(err, model.ErrNotFound):
				t.Errorf("%s must get not-found when writing: %v", c.user, err)
			}
		}
	})
}

func TestPersonValidation(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := testutil.NewServer(t, d)
		a := srv.Actor(t, "vp.mytho")
		mytho := srv.Commune(t, "Mỹ Tho")
		cases := []struct {
			name  string
			in    model.PersonInput
			field string
		}{
			{"empty name", model.PersonInput{FullName: "   "}, "full_name"},
			{"digits only", model.PersonInput{FullName: "12345"}, "full_name"},
			{"too long", model.PersonInput{FullName: string(make([]rune, 101))}, "full_name"},
			{"born tomorrow", model.PersonInput{FullName: "Lê Văn Tám", BirthDate: model.Date{Year: 2026, Month: 3, Day: 11}}, "birth_date"},
			{"joined before birth", model.PersonInput{FullName: "Lê Văn Tám", BirthDate: model.Date{Year: 1980, Month: 1, Day: 1},
				PartyJoined: model.Date{Year: 1979, Month: 1, Day: 1}}, "party_joined_on"},
			{"bad gender", model.PersonInput{FullName: "Lê Văn Tám", Gender: "x"}, "gender"},
			{"bad phone", model.PersonInput{FullName: "Lê Văn Tám", Phone: "12ab"}, "phone"},
			{"short phone", model.PersonInput{FullName: "Lê Văn Tám", Phone: "0912"}, "phone"},
			{"bad email", model.PersonInput{FullName: "Lê Văn Tám", Email: "tam@"}, "email"},
		}
		for _, c := range cases {
			_, err := srv.App.Org.CreatePerson(ctx, a, mytho.ID, c.in)
			if got := testutil.FieldOf(err); got != c.field {
				t.Errorf("%s: error on %q (%v), want %q", c.name, got, err, c.field)
			}
		}
		// Decomposed input, as Excel on a Mac sends it, is stored in NFC.
		nfd := norm.NFD.String("  Nguyễn   Thị Ánh  ")
		p, err := srv.App.Org.CreatePerson(ctx, a, mytho.ID, model.PersonInput{FullName: nfd, Phone: "+84 912.345-678"})
		if err != nil {
			t.Fatal(err)
		}
		if p.FullName != "Nguyễn Thị Ánh" || !norm.NFC.IsNormalString(p.FullName) {
			t.Errorf("stored name %q", p.FullName)
		}
		// A stale edit is refused, not merged.
		in := model.PersonInput{FullName: "Nguyễn Thị Ánh", Version: p.Version}
		if _, err := srv.App.Org.UpdatePerson(ctx, a, p.ID, in); err != nil {
			t.Fatal(err)
		}
		if _, err := srv.App.Org.UpdatePerson(ctx, a, p.ID, in); testutil.RefusalKey(err) != "person.stale" {
			t.Errorf("stale edit: %v", err)
		}
	})
}

func TestStandingCommitteeRules(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := testutil.NewServer(t, d)
		o := srv.App.Org
		admin := srv.Actor(t, "admin")
		today := o.Today()

		// A new commune: its BTV needs a BCH of at least 9 and at most a
		// third of it.
		c, err := o.CreateOrg(ctx, admin, org.OrgInput{ParentID: srv.Demo.ProvinceID, Kind: model.OrgCommune,
			Unit: model.UnitCommune, Name: "Đảng bộ xã Thử Nghiệm", Place: "Thử Nghiệm", TermName: "2025–2030",
			TermStarts: model.Date{Year: 2025, Month: 9, Day: 1}})
		if err != nil {
			t.Fatal(err)
		}
		bodies, err := o.Bodies(ctx, admin, c.ID)
		if err != nil || len(bodies) != 3 {
			t.Fatalf("bodies of a new commune: %d, %v", len(bodies), err)
		}
		var bch, btv *model.Body
		for i := range bodies {
			switch bodies[i].Kind {
			case model.BodyCommittee:
				bch = &bodies[i]
			case model.BodyStanding:
				btv = &bodies[i]
			}
		}
		var people []*model.Person
		add := func(b *model.Body, p *model.Person) error {
			_, err := o.AddMember(ctx, admin, b.ID, model.MembershipInput{PersonID: p.ID, Status: model.StatusIncumbent, StartedOn: today})
			return err
		}
		for i := 0; i < 12; i++ {
			p, err := o.CreatePerson(ctx, admin, c.ID, model.PersonInput{FullName: "Ủy Viên " + string(rune('A'+i))})
			if err != nil {
				t.Fatal(err)
			}
			people = append(people, p)
		}
		outsider, _ := o.CreatePerson(ctx, admin, c.ID, model.PersonInput{FullName: "Người Ngoài"})
		for i := 0; i < 8; i++ {
			if err := add(bch, people[i]); err != nil {
				t.Fatal(err)
			}
		}
		if err := add(btv, people[0]); testutil.RefusalKey(err) != "membership.standing_not_allowed" {
			t.Fatalf("BTV of an 8-member BCH: %v", err)
		}
		for i := 8; i < 12; i++ {
			if err := add(bch, people[i]); err != nil {
				t.Fatal(err)
			}
		}
		if err := add(btv, outsider); testutil.RefusalKey(err) != "membership.standing_needs_committee" {
			t.Fatalf("BTV member outside the BCH: %v", err)
		}
		// 12 members: at most 4 in the BTV.
		for i := 0; i < rules.MaxStanding(12); i++ {
			if err := add(btv, people[i]); err != nil {
				t.Fatalf("BTV seat %d: %v", i+1, err)
			}
		}
		if err := add(btv, people[4]); testutil.RefusalKey(err) != "membership.standing_full" {
			t.Fatalf("fifth BTV seat of a 12-member BCH: %v", err)
		}
		if err := add(bch, people[0]); testutil.RefusalKey(err) != "membership.exists" {
			t.Fatalf("second seat: %v", err)
		}
		// A member of another commune cannot be seated.
		mytho := srv.Commune(t, "Mỹ Tho")
		foreign, err := o.People(ctx, admin, mytho.ID, "", 1, 0)
		if err != nil || len(foreign) != 1 {
			t.Fatal(err)
		}
		if err := add(bch, &foreign[0]); testutil.FieldOf(err) != "person_id" {
			t.Fatalf("seat for another commune's person: %v", err)
		}
		// Before the term began: refused on the date.
		_, err = o.AddMember(ctx, admin, bch.ID, model.MembershipInput{PersonID: outsider.ID, Status: model.StatusIncumbent,
			StartedOn: model.Date{Year: 2025, Month: 1, Day: 1}})
		if testutil.FieldOf(err) != "started_on" {
			t.Fatalf("seat before the term: %v", err)
		}
	})
}

func TestStatusHistoryAndLeaving(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := testutil.NewServer(t, d)
		o := srv.App.Org
		a := srv.Actor(t, "vp.mytho")
		bch := srv.Body(t, "Mỹ Tho", model.BodyCommittee)
		base := func() int {
			ms, err := o.Members(ctx, a, bch.ID, false)
			if err != nil {
				t.Fatal(err)
			}
			var st []model.MemberStatus
			for _, m := range ms {
				st = append(st, m.Status)
			}
			return rules.VoteBase(st)
		}
		if got := base(); got != 28 {
			t.Fatalf("Mỹ Tho's vote base is %d, want 28 (31 members, 2 transferred, 1 exempted)", got)
		}
		ms, _ := o.Members(ctx, a, bch.ID, false)
		var m model.Membership
		for _, x := range ms {
			if x.Status == model.StatusIncumbent && x.Person.FullName == "Nguyễn Văn Đức" {
				m = x
			}
		}
		on := o.Today()
		next, err := o.ChangeStatus(ctx, a, m.ID, model.StatusChange{Status: model.StatusSuspended, On: on, Note: "Xem xét kỷ luật"})
		if err != nil {
			t.Fatal(err)
		}
		if got := base(); got != 27 {
			t.Fatalf("after a suspension the base is %d, want 27", got)
		}
		if _, err := o.ChangeStatus(ctx, a, m.ID, model.StatusChange{Status: model.StatusIncumbent, On: on}); testutil.RefusalKey(err) != "membership.ended" {
			t.Fatalf("changing a closed period: %v", err)
		}
		if _, err := o.ChangeStatus(ctx, a, next.ID, model.StatusChange{Status: model.StatusSuspended, On: on}); testutil.FieldOf(err) != "status" {
			t.Fatalf("same status again: %v", err)
		}
		hist, _ := o.PersonMemberships(ctx, a, m.PersonID)
		if len(hist) != 2 || hist[0].Status != model.StatusSuspended || hist[1].EndedOn != on {
			t.Fatalf("history: %+v", hist)
		}
		// The standing deputy leaves the BCH: the BTV seat and the posts in
		// both bodies end with it; the post in the People's Council does not.
		pbtt := srv.Actor(t, "pbtt.mytho")
		personID := pbtt.Account.PersonID
		seat, err := srv.App.Store.OpenMembership(ctx, bch.ID, personID)
		if err != nil {
			t.Fatal(err)
		}
		if err := o.EndMembership(ctx, a, seat.ID, model.Date{Year: 2025, Month: 1, Day: 1}); testutil.FieldOf(err) != "on" {
			t.Fatalf("leaving before joining: %v", err)
		}
		if err := o.EndMembership(ctx, a, seat.ID, on); err != nil {
			t.Fatal(err)
		}
		btv := srv.Body(t, "Mỹ Tho", model.BodyStanding)
		if _, err := srv.App.Store.OpenMembership(ctx, btv.ID, personID); !errors.Is(err, model.ErrNotFound) {
			t.Fatalf("BTV seat still open: %v", err)
		}
		posts, _ := srv.App.Store.OpenPostsOf(ctx, personID)
		for _, p := range posts {
			if p.Kind.IsParty() {
				t.Errorf("party post %s still open", p.Kind)
			}
		}
	})
}

func TestPosts(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := testutil.NewServer(t, d)
		o := srv.App.Org
		a := srv.Actor(t, "bithu.mytho")
		mytho := srv.Commune(t, "Mỹ Tho")
		caolanh := srv.Commune(t, "Cao Lãnh")
		today := o.Today()
		uv := srv.Actor(t, "uv.mytho").Account.PersonID
		office := srv.Actor(t, "vp.mytho").Account.PersonID
		led, _ := o.Children(ctx, a, mytho.ID)
		otherLed, _ := srv.App.Store.Children(ctx, caolanh.ID)
		cases := []struct {
			name   string
			person int64
			in     model.PostInput
			field  string
			refuse string
		}{
			{"a second secretary", uv, model.PostInput{OrgID: mytho.ID, Kind: model.PostSecretary, StartedOn: today}, "", "post.single_taken"},
			{"a party post without a seat", office, model.PostInput{OrgID: mytho.ID, Kind: model.PostDeputy, StartedOn: today}, "", "post.needs_seat"},
			{"a BTV post without a BTV seat", uv, model.PostInput{OrgID: mytho.ID, Kind: model.PostStandingMember, StartedOn: today}, "", "post.needs_seat"},
			{"a party post in a led organisation", uv, model.PostInput{OrgID: led[0].ID, Kind: model.PostDeputy, StartedOn: today}, "org_id", ""},
			{"a post in another commune's organisation", uv, model.PostInput{OrgID: otherLed[0].ID, Kind: model.PostViceChair, StartedOn: today}, "org_id", ""},
			{"other without a title", uv, model.PostInput{OrgID: led[3].ID, Kind: model.PostOther, StartedOn: today}, "title", ""},
			{"no start", uv, model.PostInput{OrgID: led[3].ID, Kind: model.PostViceChair}, "started_on", ""},
			{"unknown kind", uv, model.PostInput{OrgID: mytho.ID, Kind: "king", StartedOn: today}, "kind", ""},
		}
		for _, c := range cases {
			_, err := o.AddPost(ctx, a, c.person, c.in)
			if testutil.FieldOf(err) != c.field || testutil.RefusalKey(err) != c.refuse {
				t.Errorf("%s: %v (want field %q, refusal %q)", c.name, err, c.field, c.refuse)
			}
		}
		// A committee member takes a concurrent post as vice-chair of the
		// farmers' union, with areas written one per line.
		p, err := o.AddPost(ctx, a, uv, model.PostInput{OrgID: led[3].ID, Kind: model.PostViceChair,
			Areas: []string{"Kinh tế\n  nông nghiệp ", ""}, StartedOn: today})
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Areas) != 2 || p.Areas[1] != "nông nghiệp" {
			t.Fatalf("areas: %q", p.Areas)
		}
		if _, err := o.EndPost(ctx, a, p.ID, model.PostEnd{On: model.Date{Year: 2025, Month: 1, Day: 1}}); testutil.FieldOf(err) != "on" {
			t.Fatalf("end before start: %v", err)
		}
		if _, err := o.EndPost(ctx, a, p.ID, model.PostEnd{On: today}); err != nil {
			t.Fatal(err)
		}
		if _, err := o.EndPost(ctx, a, p.ID, model.PostEnd{On: today}); testutil.RefusalKey(err) != "post.ended" {
			t.Fatalf("ending twice: %v", err)
		}
		// Cao Lãnh's secretary cannot touch a Mỹ Tho person's post.
		if _, err := o.EndPost(ctx, srv.Actor(t, "bithu.caolanh"), p.ID, model.PostEnd{On: today}); !errors.Is(err, model.ErrNotFound) {
			t.Fatalf("another commune's post: %v", err)
		}
	})
}

func TestAccounts(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := testutil.NewServer(t, d)
		admin := srv.Actor(t, "admin")
		mytho := srv.Commune(t, "Mỹ Tho")
		caolanh := srv.Commune(t, "Cao Lãnh")
		foreign, _ := srv.App.Org.People(ctx, admin, caolanh.ID, "", 1, 0)
		cases := []struct {
			name   string
			actor  string
			in     model.AccountInput
			field  string
			refuse string
			denied bool
		}{
			{"a person of another organisation", "admin", model.AccountInput{Username: "x.mytho", OrgID: mytho.ID, PersonID: foreign[0].ID, Role: model.RoleMember, Password: "mat-khau-dai"}, "person_id", "", false},
			{"a taken username", "admin", model.AccountInput{Username: "BITHU.MYTHO", OrgID: mytho.ID, Role: model.RoleMember, Password: "mat-khau-dai"}, "", "account.taken", false},
			{"a short password", "admin", model.AccountInput{Username: "y.mytho", OrgID: mytho.ID, Role: model.RoleMember, Password: "short"}, "password", "", false},
			{"a bad username", "admin", model.AccountInput{Username: "Bí thư", OrgID: mytho.ID, Role: model.RoleMember, Password: "mat-khau-dai"}, "username", "", false},
			{"an office role at the province", "admin", model.AccountInput{Username: "vp.tinh", OrgID: srv.Demo.ProvinceID, Role: model.RoleOffice, Password: "mat-khau-dai"}, "org_id", "", false},
			{"by a commune secretary", "bithu.mytho", model.AccountInput{Username: "z.mytho", OrgID: mytho.ID, Role: model.RoleMember, Password: "mat-khau-dai"}, "", "", true},
		}
		for _, c := range cases {
			_, err := srv.App.Auth.CreateAccount(ctx, srv.Actor(t, c.actor), c.in)
			if testutil.FieldOf(err) != c.field || testutil.RefusalKey(err) != c.refuse || errors.Is(err, model.ErrForbidden) != c.denied {
				t.Errorf("%s: %v", c.name, err)
			}
		}
		acc, err := srv.App.Auth.CreateAccount(ctx, admin, model.AccountInput{Username: " New.User ", OrgID: mytho.ID, Role: model.RoleOffice, Password: "mat-khau-dai"})
		if err != nil || acc.Username != "new.user" {
			t.Fatalf("create: %v %+v", err, acc)
		}
		if err := srv.App.Auth.SetDisabled(ctx, admin, admin.Account.ID, true); testutil.RefusalKey(err) != "account.self_disable" {
			t.Fatalf("self-disable: %v", err)
		}
	})
}
