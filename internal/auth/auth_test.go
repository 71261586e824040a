package auth

import (
	"strings"
	"testing"

	"nghisu/internal/model"
)

func TestPasswords(t *testing.T) {
	h := HashPassword("nghisu-demo")
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash %q", h)
	}
	if HashPassword("nghisu-demo") == h {
		t.Fatal("two hashes of one password are equal: no salt")
	}
	cases := []struct {
		hash, pw string
		ok       bool
	}{
		{h, "nghisu-demo", true},
		{h, "nghisu-demo ", false},
		{h, "", false},
		{"", "nghisu-demo", false},
		{"$argon2id$v=19$m=x$a$b", "nghisu-demo", false},
		{"$bcrypt$whatever", "nghisu-demo", false},
		{strings.Replace(h, "t=2", "t=1", 1), "nghisu-demo", false},
	}
	for i, c := range cases {
		if got := CheckPassword(c.hash, c.pw); got != c.ok {
			t.Errorf("case %d: CheckPassword = %v", i, got)
		}
	}
}

func TestTokens(t *testing.T) {
	a, b := NewToken(), NewToken()
	if a == b || !strings.HasPrefix(a, "nghisu_") || len(a) < 40 {
		t.Fatalf("tokens %q %q", a, b)
	}
	if HashToken(a) == HashToken(b) || HashToken(a) != HashToken(a) || strings.Contains(HashToken(a), a) {
		t.Fatal("token hashes")
	}
}

// Scope is a path prefix by whole segments: /1/2/ must not see /1/20/.
func TestActorPermissions(t *testing.T) {
	commune := &model.Org{ID: 2, Path: "/1/2/", Kind: model.OrgCommune}
	led := &model.Org{ID: 7, Path: "/1/2/7/", Kind: model.OrgPeopleCommittee}
	other := &model.Org{ID: 20, Path: "/1/20/", Kind: model.OrgCommune}
	province := model.Org{ID: 1, Path: "/1/", Kind: model.OrgProvince}
	post := func(k model.PostKind) []model.Post { return []model.Post{{Kind: k, OrgID: 2}} }
	cases := []struct {
		name                    string
		a                       Actor
		seesOther, edit, manage bool
	}{
		{"admin", Actor{Account: model.Account{Role: model.RoleAdmin}, Scope: province}, true, true, true},
		{"oversight", Actor{Account: model.Account{Role: model.RoleOversight}, Scope: province}, true, false, false},
		{"office", Actor{Account: model.Account{Role: model.RoleOffice, OrgID: 2}, Scope: *commune}, false, true, false},
		{"secretary", Actor{Account: model.Account{Role: model.RoleMember, OrgID: 2}, Scope: *commune, Posts: post(model.PostSecretary)}, false, true, false},
		{"standing deputy", Actor{Account: model.Account{Role: model.RoleMember, OrgID: 2}, Scope: *commune, Posts: post(model.PostStandingDeputy)}, false, true, false},
		{"deputy", Actor{Account: model.Account{Role: model.RoleMember, OrgID: 2}, Scope: *commune, Posts: post(model.PostDeputy)}, false, false, false},
		{"member", Actor{Account: model.Account{Role: model.RoleMember, OrgID: 2}, Scope: *commune}, false, false, false},
		{"secretary who left", Actor{Account: model.Account{Role: model.RoleMember, OrgID: 2}, Scope: *commune,
			Posts: []model.Post{{Kind: model.PostSecretary, OrgID: 2, EndedOn: model.Date{Year: 2026, Month: 1, Day: 1}}}}, false, false, false},
	}
	for _, c := range cases {
		if !c.a.Sees(commune) || !c.a.Sees(led) {
			t.Errorf("%s does not see its commune", c.name)
		}
		if c.a.Sees(other) != c.seesOther {
			t.Errorf("%s sees /1/20/: %v", c.name, !c.seesOther)
		}
		if got := c.a.CanEditRecords(led, commune); got != c.edit {
			t.Errorf("%s edits: %v, want %v", c.name, got, c.edit)
		}
		if c.a.CanEditRecords(other, other) && !c.seesOther {
			t.Errorf("%s edits another commune", c.name)
		}
		if got := c.a.CanManageAccounts(commune); got != c.manage {
			t.Errorf("%s manages accounts: %v", c.name, got)
		}
	}
	btv := Actor{Account: model.Account{Role: model.RoleMember, OrgID: 2}, Scope: *commune, Standing: true}
	admin := Actor{Account: model.Account{Role: model.RoleAdmin, OrgID: 1}, Scope: province}
	if !btv.SeesStandingMaterial(commune) || btv.SeesStandingMaterial(other) || admin.SeesStandingMaterial(commune) {
		t.Error("BTV-only material reaches the wrong people")
	}
	if (&Actor{Scope: province}).Sees(&model.Org{}) {
		t.Error("an organisation without a path is visible")
	}
}
