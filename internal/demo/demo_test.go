package demo_test

import (
	"context"
	"errors"
	"testing"

	"nghisu/internal/auth"
	"nghisu/internal/db"
	"nghisu/internal/demo"
	"nghisu/internal/model"
	"nghisu/internal/org"
	"nghisu/internal/rules"
	"nghisu/internal/store"
	"nghisu/internal/testutil"
)

// The demo keeps the rules it will be used to show: every commune has its
// bodies, a Bí thư, a BTV of at most a third of a BCH of 15–31, and a Phó Bí
// thư or (the article's model) the Bí thư who chairs the People's
// Committee. Seeding twice changes nothing.
func TestDemoFollowsTheRules(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st := store.New(d, nil)
		res, err := demo.Seed(ctx, st, demo.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if res.Communes != 31 || len(res.Accounts) != 10 {
			t.Fatalf("seeded %d communes, %d accounts", res.Communes, len(res.Accounts))
		}
		if _, err := demo.Seed(ctx, st, demo.Options{}); !errors.Is(err, demo.ErrNotEmpty) {
			t.Fatalf("second seed: %v", err)
		}
		communes, err := st.OrgsOfKind(ctx, "/", model.OrgCommune)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range communes {
			bodies, err := st.Bodies(ctx, c.ID)
			if err != nil || len(bodies) != 3 {
				t.Fatalf("%s: %d bodies, %v", c.Name, len(bodies), err)
			}
			size := map[model.BodyKind]int{}
			for _, b := range bodies {
				size[b.Kind] = b.Size
			}
			bch, btv := size[model.BodyCommittee], size[model.BodyStanding]
			if bch < 15 || bch > 31 || btv > rules.MaxStanding(bch) || btv < 3 {
				t.Errorf("%s: BCH %d, BTV %d", c.Name, bch, btv)
			}
			holders := map[model.PostKind]int{}
			posts, err := st.OpenPostsOfPeople(ctx, peopleOf(t, st, c.ID))
			if err != nil {
				t.Fatal(err)
			}
			chairsUBND := false
			for _, ps := range posts {
				leader, chair := false, false
				for _, p := range ps {
					holders[p.Kind]++
					if p.Kind == model.PostDeputy || p.Kind == model.PostSecretary {
						leader = true
					}
					if p.Kind == model.PostChair && p.Org.Kind == model.OrgPeopleCommittee {
						chair = true
					}
				}
				chairsUBND = chairsUBND || leader && chair
			}
			if holders[model.PostSecretary] != 1 || holders[model.PostStandingDeputy] != 1 || holders[model.PostInspectionChair] != 1 {
				t.Errorf("%s: posts %v", c.Name, holders)
			}
			if !chairsUBND {
				t.Errorf("%s: neither a Phó Bí thư nor the Bí thư chairs the UBND", c.Name)
			}
		}
	})
}

// The staffing view tells a story on the demo: most Bí thư chair the
// People's Council, four the People's Committee, a few people hold three
// posts, several communes have heads of mass organisations in the Front;
// Mỹ Tho and Cao Lãnh keep the plain model the README describes.
func TestDemoStaffingIsVaried(t *testing.T) {
	d := testutil.NewDB(t, db.SQLite)
	ctx := context.Background()
	st := store.New(d, nil)
	res, err := demo.Seed(ctx, st, demo.Options{})
	if err != nil {
		t.Fatal(err)
	}
	view, err := org.New(st).Staffing(ctx, auth.System(), res.ProvinceID, model.Date{})
	if err != nil {
		t.Fatal(err)
	}
	n := map[org.Pattern]int{}
	for _, tot := range view.Totals {
		n[tot.Pattern] = tot.Communes
		if tot.Of != 31 {
			t.Fatalf("%s of %d communes", tot.Pattern, tot.Of)
		}
	}
	// Three posts: the three Front chairs who lead the veterans, and the
	// small BTVs' UBND vice chair who heads the farmers and sits in the
	// Front.
	if n[org.SecretaryChairsCommittee] != 4 || n[org.DeputyChairsCommittee] != 27 || n[org.HeadsSeveralOrgs] != 3 ||
		n[org.ThreePosts] < 3 || n[org.ThreePosts] > 10 || n[org.SecretaryChairsCouncil] <= 31/2 ||
		n[org.SecretaryChairsCouncil] > 27 || n[org.PostsInSeveralOrgs] < 6 || n[org.PostsInSeveralOrgs] > 25 {
		t.Errorf("demo patterns %v", n)
	}
	if len(view.Conflicts) < 4+2*3 || len(view.Conflicts) > 20 {
		t.Errorf("%d conflicts", len(view.Conflicts))
	}
	for _, c := range view.Communes {
		if (c.Commune.Place == "Mỹ Tho" || c.Commune.Place == "Cao Lãnh") && len(c.Conflicts) > 0 {
			t.Errorf("%s: %d conflicts", c.Commune.Place, len(c.Conflicts))
		}
	}
}

func peopleOf(t *testing.T, st *store.Store, orgID int64) []int64 {
	people, err := st.People(context.Background(), store.PeopleQuery{OrgID: orgID})
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]int64, len(people))
	for i, p := range people {
		ids[i] = p.ID
	}
	return ids
}
