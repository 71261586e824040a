// Package demo seeds a realistic demo province: Tỉnh ủy Đồng Tháp with real
// commune-level units, each with its party committee, standing committee and
// inspection committee, their posts and concurrent posts, the organisations
// the commune leads, and sign-in accounts. Names are generated, so no real
// person is described.
package demo

import (
	"context"
	"fmt"
	"math/rand/v2"

	"nghisu/internal/auth"
	"nghisu/internal/model"
	"nghisu/internal/store"
)

// Password is every demo account's password.
const Password = "nghisu-demo"

// Options shape the demo.
type Options struct {
	// Communes is how many communes to create: the real names first, then
	// numbered ones (for benchmarks at province scale). 0 means the real ones.
	Communes int
	// Seed makes the generated names and sizes reproducible.
	Seed uint64
	// Seal, when set, enters the minutes of the past meetings as signed
	// and in the minute book (record.Service.Seal).
	Seal func(ctx context.Context, st *store.Store, m *model.Meeting, text string) error
	// History, when not 0, fills that many whole months before this one
	// (and this month so far) for every commune, by its profile (see
	// history.go and Profiles), the months before the current term in a
	// previous term 2020–2025. 0 keeps the demo small: the current term's
	// plain monthly meetings only.
	History int
	// SealAt enters the minutes of the history's meetings as signed at a
	// given time (record.Service.SealAt); without it they stay unsigned.
	SealAt SealAtFunc
}

// Account describes a demo account for the start-up message and README.
type Account struct {
	Username string
	Role     model.Role
	Who      string
}

// Result says what was seeded.
type Result struct {
	ProvinceID int64
	Communes   int
	People     int
	Accounts   []Account
}

// Seed fills an empty database with the demo province in one transaction.
// It refuses a database that already holds organisations, so running it
// twice changes nothing.
func Seed(ctx context.Context, st *store.Store, opt Options) (*Result, error) {
	n, err := st.CountOrgs(ctx)
	if err != nil {
		return nil, err
	}
	if n > 0 {
		return nil, ErrNotEmpty
	}
	if opt.Communes == 0 {
		opt.Communes = len(communes)
	}
	hash := auth.HashPassword(Password)
	res := &Result{}
	err = st.InTx(ctx, func(st *store.Store) error {
		prov := &model.Org{Kind: model.OrgProvince, Name: "Đảng bộ tỉnh Đồng Tháp", Place: "Đồng Tháp"}
		if err := st.CreateOrg(ctx, prov); err != nil {
			return err
		}
		res.ProvinceID = prov.ID
		if err := account(ctx, st, res, hash, "admin", model.RoleAdmin, prov.ID, 0, "quản trị hệ thống cấp tỉnh"); err != nil {
			return err
		}
		if err := account(ctx, st, res, hash, "tinhuy", model.RoleOversight, prov.ID, 0, "cán bộ Văn phòng Tỉnh ủy, theo dõi các xã, phường"); err != nil {
			return err
		}
		var orgs []*model.Org
		for i := 0; i < opt.Communes; i++ {
			unit, name := "xa", fmt.Sprintf("Demo %d", i+1)
			if i < len(communes) {
				unit, name = communes[i].unit, communes[i].name
			}
			g := &gen{st: st, rng: rand.New(rand.NewPCG(opt.Seed, uint64(i))), used: map[string]bool{}}
			c, err := g.commune(ctx, prov, model.Unit(unit), name)
			if err != nil {
				return fmt.Errorf("commune %s: %w", name, err)
			}
			res.Communes++
			orgs = append(orgs, c.org)
			res.People += g.people
			// Accounts first: the demo's written opinions name who sent them.
			if err := communeAccounts(ctx, st, res, hash, name, c); err != nil {
				return err
			}
			var past func() error
			if opt.History > 0 {
				past = func() error {
					n, err := seedHistory(ctx, st, opt.Seed, i, c, opt.History, name == "Mỹ Tho", opt.SealAt)
					res.People += n
					return err
				}
			}
			if i >= len(communes) && past != nil {
				if err := past(); err != nil {
					return fmt.Errorf("history of %s: %w", name, err)
				}
			}
			if i < len(communes) {
				if err := seedMeetings(ctx, st, c.org, c, name == "Mỹ Tho", opt.Seal, opt.History, past); err != nil {
					return fmt.Errorf("meetings of %s: %w", name, err)
				}
				if name == "Mỹ Tho" {
					if err := seedPrograms(ctx, st, c); err != nil {
						return fmt.Errorf("programs of %s: %w", name, err)
					}
					if err := seedTargets(ctx, st, c.org); err != nil {
						return fmt.Errorf("targets of %s: %w", name, err)
					}
				}
			}
		}
		return seedUppers(ctx, st, prov, orgs)
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// ErrNotEmpty is returned when the database already has data.
var ErrNotEmpty = fmt.Errorf("the database already has organisations; the demo is only seeded into an empty one")

func account(ctx context.Context, st *store.Store, res *Result, hash, username string, role model.Role, orgID, personID int64, who string) error {
	a := &model.Account{Username: username, Role: role, OrgID: orgID, PersonID: personID, PasswordHash: hash}
	if err := st.CreateAccount(ctx, a); err != nil {
		return err
	}
	res.Accounts = append(res.Accounts, Account{Username: username, Role: role, Who: who})
	return nil
}

// communeAccounts makes the accounts the README lists: six for Mỹ Tho,
// the secretary of Cao Lãnh.
func communeAccounts(ctx context.Context, st *store.Store, res *Result, hash, name string, c *seeded) error {
	switch name {
	case "Mỹ Tho":
		for _, a := range []struct {
			user   string
			role   model.Role
			person *model.Person
			who    string
		}{
			{"bithu.mytho", model.RoleMember, c.secretary, "Bí thư Đảng ủy phường Mỹ Tho"},
			{"pbtt.mytho", model.RoleMember, c.standingDeputy, "Phó Bí thư thường trực"},
			{"btv.mytho", model.RoleMember, c.standingMember, "Ủy viên Ban Thường vụ"},
			{"uv.mytho", model.RoleMember, c.member, "Đảng ủy viên"},
			{"vp.mytho", model.RoleOffice, c.office, "chuyên viên Văn phòng Đảng ủy"},
			{"thuky.mytho", model.RoleMember, c.minutesTaker, "Đảng ủy viên, thư ký các hội nghị"},
		} {
			if err := account(ctx, st, res, hash, a.user, a.role, c.org.ID, a.person.ID, a.who+" ("+a.person.FullName+")"); err != nil {
				return err
			}
		}
		// A user of the People's Committee: sees and reports on the tasks
		// the committee owns, not the party committee's meetings.
		ubnd, err := ledOrg(ctx, st, c.org, model.OrgPeopleCommittee)
		if err != nil {
			return err
		}
		return account(ctx, st, res, hash, "ubnd.mytho", model.RoleOffice, ubnd.ID, 0, "cán bộ Văn phòng "+ubnd.Name)
	case "Cao Lãnh":
		return account(ctx, st, res, hash, "bithu.caolanh", model.RoleMember, c.org.ID, c.secretary.ID,
			"Bí thư Đảng ủy phường Cao Lãnh ("+c.secretary.FullName+")")
	}
	return nil
}
