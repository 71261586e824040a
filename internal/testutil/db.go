// Package testutil gives tests fresh databases of both dialects, a running
// server with the demo province, and HTTP clients signed in as its users.
package testutil

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"sync/atomic"
	"testing"

	"nghisu/internal/db"
)

// RequireAll is set (NGHISU_REQUIRE_ALL=1, as in CI) when a skipped part of
// the suite must fail instead.
func RequireAll() bool { return os.Getenv("NGHISU_REQUIRE_ALL") == "1" }

// Skip skips t with a reason, or fails it when every part is required.
func Skip(t testing.TB, reason string) {
	t.Helper()
	if RequireAll() {
		t.Fatalf("required but unavailable: %s", reason)
	}
	t.Skip(reason)
}

// Dialects are the databases the suite runs on: SQLite always, PostgreSQL
// when NGHISU_TEST_PG names a server (make test starts one).
func Dialects(t testing.TB) []db.Dialect {
	if os.Getenv("NGHISU_TEST_PG") == "" && RequireAll() {
		t.Fatal("NGHISU_REQUIRE_ALL=1 but NGHISU_TEST_PG is not set: run the tests through make test")
	}
	if os.Getenv("NGHISU_TEST_PG") == "" {
		return []db.Dialect{db.SQLite}
	}
	return []db.Dialect{db.SQLite, db.Postgres}
}

// ForEachDB runs fn as a subtest on a fresh, migrated database of each dialect.
func ForEachDB(t *testing.T, fn func(t *testing.T, d *db.DB)) {
	t.Helper()
	if os.Getenv("NGHISU_TEST_PG") == "" {
		t.Log("PostgreSQL: skipped (NGHISU_TEST_PG is not set; make test starts a throwaway server)")
	}
	for _, dialect := range Dialects(t) {
		t.Run(string(dialect), func(t *testing.T) { fn(t, NewDB(t, dialect)) })
	}
}

// NewDB returns a fresh, migrated database of the dialect, removed after the test.
func NewDB(t testing.TB, dialect db.Dialect) *db.DB {
	t.Helper()
	if dialect == db.Postgres {
		return newPostgres(t)
	}
	path := filepath.Join(t.TempDir(), "nghisu.db")
	// synchronous=OFF: a test database need not survive a power cut, and
	// fsync would dominate the suite's time.
	d, err := db.Open(context.Background(), path, "", db.Options{Synchronous: "OFF"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

var (
	pgOnce     sync.Once
	pgTemplate string
	pgErr      error
	pgCounter  atomic.Int64
)

// newPostgres clones a migrated template database, which is much faster
// than migrating a new one for every test.
func newPostgres(t testing.TB) *db.DB {
	t.Helper()
	url := os.Getenv("NGHISU_TEST_PG")
	if url == "" {
		Skip(t, "PostgreSQL: NGHISU_TEST_PG is not set")
	}
	ctx := context.Background()
	admin, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	pgOnce.Do(func() { pgTemplate, pgErr = makeTemplate(ctx, admin, url) })
	if pgErr != nil {
		t.Fatal(pgErr)
	}
	name := fmt.Sprintf("nghisu_t_%d_%d", os.Getpid(), pgCounter.Add(1))
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name+" TEMPLATE "+pgTemplate); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	d, err := db.Open(ctx, withDatabase(url, name), "", db.Options{MaxConns: 10})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		d.Close()
		a, err := sql.Open("pgx", url)
		if err == nil {
			a.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
			a.Close()
		}
	})
	return d
}

// makeTemplate creates, once per schema version, a migrated database for
// tests to copy. Test binaries run in parallel, so an advisory lock makes one
// of them build it while the others wait.
func makeTemplate(ctx context.Context, admin *sql.DB, url string) (string, error) {
	sum, err := migrationsHash()
	if err != nil {
		return "", err
	}
	name := "nghisu_tmpl_" + sum
	conn, err := admin.Conn(ctx)
	if err != nil {
		return "", err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock(4242)"); err != nil {
		return "", err
	}
	defer conn.ExecContext(ctx, "SELECT pg_advisory_unlock(4242)")
	var exists bool
	if err := conn.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists); err != nil {
		return "", err
	}
	if exists {
		return name, nil
	}
	building := name + "_building"
	conn.ExecContext(ctx, "DROP DATABASE IF EXISTS "+building+" WITH (FORCE)")
	if _, err := conn.ExecContext(ctx, "CREATE DATABASE "+building); err != nil {
		return "", err
	}
	d, err := db.Open(ctx, withDatabase(url, building), "", db.Options{})
	if err != nil {
		return "", err
	}
	_, err = d.Migrate(ctx)
	d.Close()
	if err != nil {
		return "", err
	}
	// Renamed only when complete, so nobody copies a half-migrated template.
	_, err = conn.ExecContext(ctx, "ALTER DATABASE "+building+" RENAME TO "+name)
	return name, err
}

// migrationsHash names the template after the migrations it holds.
func migrationsHash() (string, error) {
	h := sha256.New()
	fsys := db.MigrationFS(db.Postgres)
	names, err := fs.Glob(fsys, "*.sql")
	if err != nil {
		return "", err
	}
	sort.Strings(names)
	for _, n := range names {
		b, err := fs.ReadFile(fsys, n)
		if err != nil {
			return "", err
		}
		h.Write([]byte(n))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))[:12], nil
}

// withDatabase replaces the database name of a postgres:// URL.
func withDatabase(raw, name string) string {
	u, err := url.Parse(raw)
	if err != nil {
		panic(err)
	}
	u.Path = "/" + name
	return u.String()
}

// EmptyPostgres creates an empty database (no schema) and returns its URL.
func EmptyPostgres(t testing.TB) string {
	t.Helper()
	url := os.Getenv("NGHISU_TEST_PG")
	if url == "" {
		Skip(t, "PostgreSQL: NGHISU_TEST_PG is not set")
	}
	admin, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	name := fmt.Sprintf("nghisu_e_%d_%d", os.Getpid(), pgCounter.Add(1))
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if a, err := sql.Open("pgx", url); err == nil {
			a.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
			a.Close()
		}
	})
	return withDatabase(url, name)
}

// MigrationCount is how many migrations there are.
func MigrationCount(t testing.TB) int {
	names, err := fs.Glob(db.MigrationFS(db.SQLite), "*.sql")
	if err != nil {
		t.Fatal(err)
	}
	return len(names)
}
