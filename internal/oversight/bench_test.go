package oversight_test

import (
	"context"
	"io"
	"log/slog"
	"os"
	"strconv"
	"testing"

	"nghisu/internal/app"
	"nghisu/internal/auth"
	"nghisu/internal/config"
	"nghisu/internal/db"
	"nghisu/internal/demo"
	"nghisu/internal/oversight"
	"nghisu/internal/testutil"
)

// BenchmarkRefresh computes the whole snapshot from the demo's record: 31
// communes (NGHISU_BENCH_COMMUNES to change) with 24 months of history
// each, every indicator counted and every minute book verified: what the
// nightly job does.
func BenchmarkRefresh(b *testing.B) {
	n, _ := strconv.Atoi(os.Getenv("NGHISU_BENCH_COMMUNES"))
	for _, dialect := range testutil.Dialects(b) {
		b.Run(string(dialect), func(b *testing.B) {
			d := testutil.NewDB(b, dialect)
			clock := testutil.NewClock(testutil.DemoNow)
			a, err := app.New(config.Config{MaxUploadMB: 2}, d, slog.New(slog.NewTextHandler(io.Discard, nil)), clock.Now)
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(a.Close)
			ctx := context.Background()
			res, err := demo.Seed(ctx, a.Store, demo.Options{Communes: n, Seal: a.Record.Seal, SealAt: a.Record.SealAt, History: 24})
			if err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for b.Loop() {
				if err := a.Oversight.RefreshAll(ctx, "", ""); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			// And one commune's month live, with its evidence (the drill-down).
			if _, err := a.Oversight.Month(ctx, auth.System(), res.ProvinceID+1, oversight.AddMonths(testutil.DemoNow.Format("2006-01"), -1)); err != nil {
				b.Fatal(err)
			}
		})
	}
	_ = db.SQLite
}
