package db_test

import (
	"context"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"

	"nghisu/internal/db"
	"nghisu/internal/testutil"
)

// Two instances started together on one PostgreSQL database migrate once:
// the advisory lock makes the second wait and find nothing to do.
func TestConcurrentMigrationPostgres(t *testing.T) {
	if os.Getenv("NGHISU_TEST_PG") == "" {
		testutil.Skip(t, "PostgreSQL: NGHISU_TEST_PG is not set")
	}
	url := testutil.EmptyPostgres(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	applied := make([]int, 4)
	errs := make([]error, 4)
	for i := range applied {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			d, err := db.Open(ctx, url, "", db.Options{})
			if err != nil {
				errs[i] = err
				return
			}
			defer d.Close()
			applied[i], errs[i] = d.Migrate(ctx)
		}(i)
	}
	wg.Wait()
	total := 0
	for i := range applied {
		if errs[i] != nil {
			t.Fatalf("instance %d: %v", i, errs[i])
		}
		total += applied[i]
	}
	files := testutil.MigrationCount(t)
	if total != files {
		t.Fatalf("four instances applied %d migrations in all, want %d (each once)", total, files)
	}
}

// Migrating an up-to-date SQLite database does nothing and reports its version.
func TestMigrateTwiceSQLite(t *testing.T) {
	d := testutil.NewDB(t, db.SQLite)
	n, err := d.Migrate(context.Background())
	if err != nil || n != 0 {
		t.Fatalf("second migration: %d, %v", n, err)
	}
	// The newest file's number, not the count: versions may leave a gap
	// while two branches each add a migration (00005 before 00004 lands).
	names, err := fs.Glob(db.MigrationFS(db.SQLite), "*.sql")
	if err != nil || len(names) == 0 {
		t.Fatal(names, err)
	}
	newest, err := strconv.ParseInt(strings.SplitN(names[len(names)-1], "_", 2)[0], 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	v, err := d.SchemaVersion(context.Background())
	if err != nil || v != newest {
		t.Fatalf("version %d, %v; want %d", v, err, newest)
	}
}
