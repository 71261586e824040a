package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"nghisu/internal/db"
)

// InsertBaseline is the bare baseline a write scenario is compared with: C
// goroutines doing a raw single-row INSERT, one row per transaction, for a
// few seconds, against the same kind of database with the same durability
// as the server (SQLite WAL with the server's synchronous pragma in a
// scratch file of the data folder, through one writer connection as the
// server has; on PostgreSQL a scratch table in the run's database, through
// a pool the size of the server's). It is what the disk and the database
// give with no application around them, so our figure ÷ this one compares
// across machines.
type InsertBaseline struct {
	Database    string  `json:"database"`
	Concurrency int     `json:"concurrency"`
	Seconds     float64 `json:"seconds"`
	Inserts     int64   `json:"inserts"`
	Errors      int64   `json:"errors"`
	PerSecond   float64 `json:"inserts_per_second"`
	Latency     Summary `json:"insert_latency"`
}

func (b *InsertBaseline) String() string {
	if b == nil {
		return "not measured"
	}
	return fmt.Sprintf("%.0f/s (%d in %.1f s, %d goroutines, %d errors), p50/p95/p99/max %s",
		b.PerSecond, b.Inserts, b.Seconds, b.Concurrency, b.Errors, b.Latency.Long())
}

// Ratio is ours ÷ the baseline's inserts a second (0 when there is none).
func (b *InsertBaseline) Ratio(ours float64) float64 {
	if b == nil || b.PerSecond == 0 {
		return 0
	}
	return ours / b.PerSecond
}

// baselineTable is the scratch table; the server never has one of this name.
const baselineTable = "load_baseline_insert"

// RawInsertBaseline measures the baseline for dur with conc goroutines. url
// is the server's database ("" or a path: SQLite, and then the scratch file
// is made in dataDir and removed after); synchronous is the SQLite one
// pragma the server runs with ("" for its default, FULL).
func RawInsertBaseline(ctx context.Context, url, dataDir, synchronous string, conc int, dur time.Duration) (*InsertBaseline, error) {
	target := url
	if !strings.HasPrefix(url, "postgres://") && !strings.HasPrefix(url, "postgresql://") {
		file := filepath.Join(dataDir, "baseline-insert.db")
		defer func() {
			for _, suffix := range []string{"", "-wal", "-shm"} {
				os.Remove(file + suffix)
			}
		}()
		target = "sqlite:" + file
	}
	d, err := db.Open(ctx, target, dataDir, db.Options{Synchronous: synchronous})
	if err != nil {
		return nil, err
	}
	defer d.Close()
	b := &InsertBaseline{Database: string(d.Dialect()), Concurrency: conc}
	create := "CREATE TABLE " + baselineTable + " (id INTEGER PRIMARY KEY, round_id INTEGER NOT NULL, paragraph INTEGER NOT NULL, text TEXT NOT NULL, created_at TIMESTAMP NOT NULL)"
	if d.Dialect() == db.Postgres {
		create = "CREATE TABLE " + baselineTable + " (id BIGSERIAL PRIMARY KEY, round_id BIGINT NOT NULL, paragraph INTEGER NOT NULL, text TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL)"
	}
	if _, err := d.W.ExecContext(ctx, "DROP TABLE IF EXISTS "+baselineTable); err != nil {
		return nil, err
	}
	if _, err := d.W.ExecContext(ctx, create); err != nil {
		return nil, err
	}
	defer d.W.ExecContext(context.Background(), "DROP TABLE IF EXISTS "+baselineTable)

	insert := "INSERT INTO " + baselineTable + " (round_id, paragraph, text, created_at) VALUES (?, ?, ?, ?)"
	text := "Đề nghị làm rõ thời hạn hoàn thành và đơn vị chủ trì thực hiện nội dung này."
	var n, nerr atomic.Int64
	lat := make([][]time.Duration, conc)
	rctx, cancel := context.WithTimeout(ctx, dur)
	defer cancel()
	start := time.Now()
	var wg sync.WaitGroup
	for g := range conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; rctx.Err() == nil; i++ {
				t := time.Now()
				// One row per transaction, committed as the server commits.
				err := d.InTx(ctx, func(tx *db.Tx) error {
					_, err := tx.Exec(ctx, insert, g, i%40+1, text, t.UTC())
					return err
				})
				if err != nil {
					nerr.Add(1)
					continue
				}
				lat[g] = append(lat[g], time.Since(t))
				n.Add(1)
			}
		}()
	}
	wg.Wait()
	b.Seconds = time.Since(start).Seconds()
	b.Inserts, b.Errors = n.Load(), nerr.Load()
	b.PerSecond = float64(b.Inserts) / b.Seconds
	var all []time.Duration
	for _, l := range lat {
		all = append(all, l...)
	}
	b.Latency = summarize(all)
	return b, nil
}
