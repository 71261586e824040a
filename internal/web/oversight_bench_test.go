package web_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"testing"
	"time"

	"nghisu/internal/db"
	"nghisu/internal/model"
	ov "nghisu/internal/oversight"
	"nghisu/internal/store"
	"nghisu/internal/vntext"
)

// snapshot fills the oversight snapshot of every commune under the
// province with months of plausible figures (what the job would write),
// scored with the default weights.
func snapshot(b *testing.B, st *store.Store, provID int64, provPath string, months int) (from, to string) {
	b.Helper()
	ctx := context.Background()
	communes, err := st.OrgsOfKind(ctx, provPath, model.OrgCommune)
	if err != nil {
		b.Fatal(err)
	}
	now := st.Now().In(vntext.Location())
	to = now.AddDate(0, -1, 0).Format("2006-01")
	from = ov.AddMonths(to, -(months - 1))
	rng := rand.New(rand.NewPCG(1, 2))
	w := ov.DefaultWeights()
	for i := 0; i < len(communes); i += 100 {
		group := communes[i:min(i+100, len(communes))]
		var rows []store.OversightMonth
		ids := make([]int64, len(group))
		for j, c := range group {
			ids[j] = c.ID
			skill := 0.5 + 0.5*rng.Float64()
			for m := from; m <= to; m = ov.AddMonths(m, 1) {
				f := ov.Facts{}
				for _, in := range ov.Indicators {
					den := 1 + rng.IntN(4)
					num := 0
					for k := 0; k < den; k++ {
						if rng.Float64() < skill {
							num++
						}
					}
					if !in.Rate {
						num, den = rng.IntN(4), 1
					}
					f[in.Code] = ov.Value{Num: num, Den: den}
				}
				row := store.OversightMonth{OrgID: c.ID, Month: m}
				if sc := ov.ScoreOf(f, w); sc.OK {
					v := sc.Value
					row.Score = &v
				}
				for _, in := range ov.Indicators {
					row.Facts = append(row.Facts, store.OversightFact{Indicator: string(in.Code), Num: f[in.Code].Num, Den: f[in.Code].Den})
				}
				rows = append(rows, row)
			}
		}
		if err := st.SaveOversight(ctx, provID, store.OversightScope{OrgIDs: ids, From: from, To: to}, rows); err != nil {
			b.Fatal(err)
		}
	}
	return from, to
}

// BenchmarkOversightDashboard renders the province's heat table of 102
// communes × 24 months (budget: 300 ms), as the province's oversight
// officer, through HTTP.
func BenchmarkOversightDashboard(b *testing.B) {
	forDialects(b, func(b *testing.B, dialect db.Dialect) {
		srv, _ := province(b, dialect)
		from, to := snapshot(b, srv.App.Store, srv.Demo.ProvinceID, "/"+fmt.Sprint(srv.Demo.ProvinceID)+"/", 24)
		c := srv.Login(b, "tinhuy")
		path := fmt.Sprintf("/orgs/%d/oversight?from=%s&to=%s", srv.Demo.ProvinceID, from, to)
		if r := c.Get(b, path); r.StatusCode != 200 {
			b.Fatalf("dashboard: %d", r.StatusCode)
		}
		b.ResetTimer()
		for b.Loop() {
			if r := c.Get(b, path); r.StatusCode != 200 {
				b.Fatalf("dashboard: %d", r.StatusCode)
			}
		}
	})
}

// BenchmarkOversightCountry is the dashboard of the whole country: 3,321
// communes × 24 months in the snapshot (1.5 million indicator values),
// ranked, first page drawn. Run with NGHISU_BENCH_COUNTRY=1 (minutes to
// fill); meant for PostgreSQL.
func BenchmarkOversightCountry(b *testing.B) {
	if os.Getenv("NGHISU_BENCH_COUNTRY") != "1" {
		b.Skip("set NGHISU_BENCH_COUNTRY=1 to fill 3,321 communes")
	}
	forDialects(b, func(b *testing.B, dialect db.Dialect) {
		srv, _ := province(b, dialect)
		ctx := context.Background()
		st := srv.App.Store
		prov, err := st.Org(ctx, srv.Demo.ProvinceID)
		if err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		// The rest of the country's communes, bare: the dashboard reads
		// the organisations and the snapshot only.
		err = st.InTx(ctx, func(st *store.Store) error {
			for i := 102; i < 3321; i++ {
				o := &model.Org{ParentID: prov.ID, Kind: model.OrgCommune, Unit: model.UnitCommune, Name: fmt.Sprintf("Đảng bộ xã Số %d", i+1), Place: fmt.Sprintf("Số %d", i+1)}
				if err := st.CreateOrg(ctx, o); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		from, to := snapshot(b, st, prov.ID, prov.Path, 24)
		b.Logf("filled 3,321 communes × 24 months in %s", time.Since(start).Round(time.Second))
		c := srv.Login(b, "tinhuy")
		path := fmt.Sprintf("/orgs/%d/oversight?from=%s&to=%s", prov.ID, from, to)
		if r := c.Get(b, path); r.StatusCode != 200 {
			b.Fatalf("dashboard: %d", r.StatusCode)
		}
		b.ResetTimer()
		for b.Loop() {
			if r := c.Get(b, path); r.StatusCode != 200 {
				b.Fatalf("dashboard: %d", r.StatusCode)
			}
		}
	})
}
