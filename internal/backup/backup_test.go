package backup

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pressly/goose/v3"

	"nghisu/internal/app"
	"nghisu/internal/config"
	"nghisu/internal/db"
	"nghisu/internal/model"
	"nghisu/internal/store"
	"nghisu/internal/testutil"
)

// sqlitePath is the file of a SQLite db.DB.
func sqlitePath(d *db.DB) string { return strings.TrimPrefix(d.Location, "sqlite:") }

// demoSQLite is a SQLite demo server (two communes) with a few writes
// beyond the seed.
func demoSQLite(t *testing.T) (*testutil.Server, *db.DB) {
	t.Helper()
	d := testutil.NewDB(t, db.SQLite)
	s := testutil.NewServerWith(t, d, testutil.Options{Communes: 2})
	for i := range 5 {
		if err := s.App.Store.Audit(context.Background(), model.AuditEntry{Username: "test", Action: "write", ObjectType: "test", ObjectID: int64(i)}); err != nil {
			t.Fatal(err)
		}
	}
	return s, d
}

func counts(t *testing.T, path string) map[string]int64 {
	t.Helper()
	c, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	tables, err := sqliteTables(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	cs, err := countTables(context.Background(), c, tables)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int64{}
	for _, x := range cs {
		out[x.Table] = x.Rows
	}
	return out
}

// A backup taken while another goroutine keeps writing is one consistent
// snapshot: it restores into a fresh folder, migrations current, integrity
// and foreign keys fine, every minute book verifying, every table at least
// as full as before the backup began, and exactly as full as the snapshot.
func TestBackupWhileWritingRestores(t *testing.T) {
	s, d := demoSQLite(t)
	ctx := context.Background()
	before := counts(t, sqlitePath(d))

	// The writer: audit entries through the server's own store, as
	// requests would write them, until told to stop.
	var written atomic.Int64
	stop := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				done <- nil
				return
			default:
			}
			err := s.App.Store.InTx(ctx, func(tx *store.Store) error {
				return tx.Audit(ctx, model.AuditEntry{Username: "writer", Action: "write", ObjectType: "test", ObjectID: int64(i)})
			})
			if err != nil {
				done <- err
				return
			}
			written.Add(1)
		}
	}()
	deadline := time.Now().Add(30 * time.Second)
	for written.Load() < 20 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if written.Load() < 20 {
		t.Fatal("the writer did not get going")
	}

	// The backup, as the command takes it: a connection of its own.
	other, err := db.Open(ctx, sqlitePath(d), "", db.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	file := filepath.Join(t.TempDir(), "snap.db")
	atStart := written.Load()
	snap, err := Backup(ctx, other, file, false)
	atEnd := written.Load()
	close(stop)
	if err := <-done; err != nil {
		t.Fatalf("writer: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("backup of the two-commune demo: %d bytes in %s; %d writes during it", snap.Size, snap.Took, atEnd-atStart)
	if snap.Version != LatestMigration() {
		t.Errorf("snapshot schema %d, want %d", snap.Version, LatestMigration())
	}
	for table, n := range before {
		if got := snap.Rows(table); got < n {
			t.Errorf("%s: %d rows in the snapshot, %d before it", table, got, n)
		}
	}
	if n := snap.Rows("audit_log"); n < before["audit_log"]+atStart || n > before["audit_log"]+atEnd+1 {
		t.Errorf("audit_log: %d rows in the snapshot, not between %d and %d", n, before["audit_log"]+atStart, before["audit_log"]+atEnd+1)
	}
	if _, err := os.Stat(file + ".tmp"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the temporary file stayed: %v", err)
	}

	// A second backup to the same name needs --force.
	if _, err := Backup(ctx, other, file, false); err == nil || !strings.Contains(err.Error(), "--force") {
		t.Errorf("overwrote without force: %v", err)
	}
	if _, err := Backup(ctx, other, file+".2", true); err != nil {
		t.Errorf("force: %v", err)
	}

	target := filepath.Join(t.TempDir(), "nghisu.db")
	r, err := Restore(ctx, file, target)
	if err != nil {
		t.Fatal(err)
	}
	if r.MovedAside != "" || r.Migrations != 0 || r.Version != LatestMigration() {
		t.Errorf("restore: aside %q, %d migrations, version %d", r.MovedAside, r.Migrations, r.Version)
	}
	if len(r.Checks) == 0 || r.BrokenBooks != 0 {
		t.Errorf("minute books: %d, %d broken", len(r.Checks), r.BrokenBooks)
	}
	got := counts(t, target)
	for _, c := range snap.Counts {
		if got[c.Table] != c.Rows {
			t.Errorf("%s: %d rows restored, %d in the snapshot", c.Table, got[c.Table], c.Rows)
		}
	}
	if _, err := Check(ctx, target); err != nil {
		t.Errorf("the restored database does not check: %v", err)
	}
}

// Restore refuses what is not a sound nghisu database, and a database a
// server holds, and then has changed nothing: not the target, not the folder.
func TestRestoreRefuses(t *testing.T) {
	_, d := demoSQLite(t)
	ctx := context.Background()
	dir := t.TempDir()
	good := filepath.Join(dir, "good.db")
	if _, err := Backup(ctx, d, good, false); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	text := filepath.Join(dir, "notes.txt")
	os.WriteFile(text, bytes.Repeat([]byte("biên bản hội nghị\n"), 100), 0o600)
	truncated := filepath.Join(dir, "truncated.db")
	os.WriteFile(truncated, raw[:len(raw)/2], 0o600)
	empty := filepath.Join(dir, "empty.db")
	os.WriteFile(empty, nil, 0o600)
	// A SQLite database, but another program's.
	foreign := filepath.Join(dir, "foreign.db")
	c, err := sql.Open("sqlite", "file:"+foreign)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Exec("CREATE TABLE orgs (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO orgs (name) VALUES ('x')"); err != nil {
		t.Fatal(err)
	}
	c.Close()
	// A nghisu database from a future version.
	future := filepath.Join(dir, "future.db")
	os.WriteFile(future, raw, 0o600)
	c, _ = sql.Open("sqlite", "file:"+future)
	if _, err := c.Exec("INSERT INTO goose_db_version (version_id, is_applied) VALUES (?, 1)", LatestMigration()+1); err != nil {
		t.Fatal(err)
	}
	c.Close()

	// The target: a database in use by a server (d itself stays open).
	target := sqlitePath(d)
	tdir := filepath.Dir(target)
	listing := func() string {
		es, _ := os.ReadDir(tdir)
		var names []string
		for _, e := range es {
			if !strings.HasSuffix(e.Name(), "-shm") && !strings.HasSuffix(e.Name(), "-wal") {
				names = append(names, e.Name())
			}
		}
		return strings.Join(names, " ")
	}
	was := listing()
	before := counts(t, target)
	for _, tc := range []struct{ name, file, want string }{
		{"text", text, "not a readable SQLite database"},
		{"truncated", truncated, "malformed"},
		{"empty", empty, "not a SQLite database"},
		{"foreign", foreign, "not a nghisu database"},
		{"future", future, "newer nghisu"},
		{"in use", good, "in use"},
		{"missing", filepath.Join(dir, "nothing.db"), "no such file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Restore(ctx, tc.file, target)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("restore %s: %v, want an error saying %q", tc.name, err, tc.want)
			}
			if got := listing(); got != was {
				t.Errorf("the folder changed: %q, was %q", got, was)
			}
		})
	}
	if got := counts(t, target); fmt.Sprint(got) != fmt.Sprint(before) {
		t.Errorf("the database changed:\n%v\n%v", got, before)
	}
}

// A backup of an older version is brought up to date by the restore, and
// the database it replaces is kept aside.
func TestRestoreMigratesOlderBackup(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	old := filepath.Join(dir, "old.db")
	d, err := db.Open(ctx, old, "", db.Options{Synchronous: "OFF"})
	if err != nil {
		t.Fatal(err)
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, d.W, db.MigrationFS(db.SQLite))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(ctx, 4); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "old-backup.db")
	if _, err := Backup(ctx, d, file, false); err != nil {
		t.Fatal(err)
	}
	d.Close()

	target := filepath.Join(dir, "data", "nghisu.db")
	cur := testutil.NewDB(t, db.SQLite) // something to move aside
	cur.Close()
	os.MkdirAll(filepath.Dir(target), 0o700)
	b, _ := os.ReadFile(sqlitePath(cur))
	os.WriteFile(target, b, 0o600)

	r, err := Restore(ctx, file, target)
	if err != nil {
		t.Fatal(err)
	}
	if r.From.Version != 4 || r.Version != LatestMigration() || int64(r.Migrations) != LatestMigration()-4 {
		t.Errorf("from %d to %d with %d migrations", r.From.Version, r.Version, r.Migrations)
	}
	if !strings.Contains(r.MovedAside, "nghisu.db.before-restore-") {
		t.Errorf("moved aside to %q", r.MovedAside)
	}
	if aside, _ := os.ReadFile(r.MovedAside); !bytes.Equal(aside, b) {
		t.Error("the previous database was not kept as it was")
	}
}

// On PostgreSQL, Backup runs nothing and says to use pg_dump.
func TestBackupPostgresAdvises(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		_, err := Backup(context.Background(), d, filepath.Join(t.TempDir(), "x.db"), false)
		if d.Dialect() == db.Postgres && !errors.Is(err, ErrPostgres) {
			t.Fatalf("backup of PostgreSQL: %v", err)
		}
		if d.Dialect() == db.SQLite && err != nil {
			t.Fatal(err)
		}
	})
}

// The demo on SQLite, copied to PostgreSQL: the same rows in every table,
// every minute book verifying there, no gap in the numbering, sequences
// past every id, a refusal to copy into it twice, and a server on the copy
// that shows Mỹ Tho's minute book.
func TestToPostgres(t *testing.T) {
	url := testutil.EmptyPostgres(t) // skips without NGHISU_TEST_PG
	s, src := demoSQLite(t)
	ctx := context.Background()
	// An uploaded file with every byte value, at a time with nanoseconds.
	blob := make([]byte, 3*256)
	for i := range blob {
		blob[i] = byte(i)
	}
	if _, err := src.Exec(ctx, "INSERT INTO files (name, content_type, size, sha256, data, created_at) VALUES (?, ?, ?, ?, ?, ?)",
		"bien-ban.pdf", "application/pdf", len(blob), "x", blob, time.Date(2026, 3, 10, 9, 30, 1, 123456789, time.UTC)); err != nil {
		t.Fatal(err)
	}
	dst, err := db.Open(ctx, url, "", db.Options{MaxConns: 4})
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	c, err := ToPostgres(ctx, src, dst, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !c.OK() {
		t.Fatalf("the copy does not verify: %+v, gaps %v", c.Tables, c.Gaps)
	}
	t.Logf("copied the two-commune demo in %s", c.Took)
	want := counts(t, sqlitePath(src))
	if len(c.Tables) != len(want) {
		t.Errorf("%d tables compared, SQLite has %d", len(c.Tables), len(want))
	}
	for _, x := range c.Tables {
		if x.Source != want[x.Table] || x.Target != want[x.Table] {
			t.Errorf("%s: SQLite %d, reported %d → %d", x.Table, want[x.Table], x.Source, x.Target)
		}
	}
	if len(c.Checks) == 0 {
		t.Error("no minute book verified")
	}
	sameValues(t, src, dst)
	for _, k := range c.Checks {
		if !k.OK() {
			t.Errorf("book %d: %v", k.BodyID, k.Problem)
		}
	}
	// Every identity sequence hands out an id above the copied ones.
	tables, err := pgTables(ctx, dst.W)
	if err != nil {
		t.Fatal(err)
	}
	for _, tb := range tables {
		if !tb.column("id").identity {
			continue
		}
		var next, top int64
		q := fmt.Sprintf("SELECT nextval(pg_get_serial_sequence('%s', 'id')), (SELECT COALESCE(MAX(id), 0) FROM %s)", tb.name, tb.name)
		if err := dst.W.QueryRowContext(ctx, q).Scan(&next, &top); err != nil {
			t.Fatal(err)
		}
		if next <= top {
			t.Errorf("%s: the sequence gives %d, ids go up to %d", tb.name, next, top)
		}
	}
	if _, err := ToPostgres(ctx, src, dst, nil); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Errorf("a second copy into the same database: %v", err)
	}

	// A server on the copy serves the copied data.
	a, err := app.New(config.Config{MaxUploadMB: 2}, dst, slog.New(slog.NewTextHandler(io.Discard, nil)), s.Clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	hs := httptest.NewServer(a.Handler())
	defer hs.Close()
	pg := &testutil.Server{Server: hs, App: a, Clock: s.Clock}
	bch := s.Body(t, "Mỹ Tho", model.BodyCommittee)
	resp := pg.Login(t, "bithu.mytho").Get(t, fmt.Sprintf("/bodies/%d/minute-book", bch.ID))
	if resp.StatusCode != 200 {
		t.Fatalf("minute book on the copy: status %d", resp.StatusCode)
	}
	// The search index came along: as many hits as on SQLite (the ranking
	// differs between the databases, so not necessarily in its order).
	for _, q := range []string{"chuyen doi so", "nghị quyết", "Mỹ Tho"} {
		want, err := s.App.Search.Search(ctx, s.Actor(t, "uv.mytho"), q, 20)
		if err != nil {
			t.Fatal(err)
		}
		got, err := a.Search.Search(ctx, pg.Actor(t, "uv.mytho"), q, 20)
		if err != nil {
			t.Fatal(err)
		}
		if len(want.Hits) == 0 || len(got.Hits) != len(want.Hits) {
			t.Errorf("search %q: %d hits on the copy, %d on SQLite", q, len(got.Hits), len(want.Hits))
		}
	}
	// Every entry of the source's book is on the page, with its hash, and
	// the page says the book verifies.
	var entries int64
	var hash string
	src.R.QueryRow("SELECT COUNT(*), MAX(hash) FROM minute_book WHERE body_id = ?", bch.ID).Scan(&entries, &hash)
	if entries == 0 || !strings.Contains(resp.Body, fmt.Sprintf(`id="e%d"`, entries)) || strings.Contains(resp.Body, fmt.Sprintf(`id="e%d"`, entries+1)) ||
		!strings.Contains(resp.Body, hash[:16]) || !strings.Contains(resp.Body, `class="ok-note"`) {
		t.Errorf("the copy's minute book (%d entries in the source) does not show:\n%.3000s", entries, resp.Body)
	}
}

// sameValues compares every value of every table on both sides, as the
// application reads them: integers, text, booleans, bytes, days and times
// (at microseconds, in UTC).
func sameValues(t *testing.T, src, dst *db.DB) {
	t.Helper()
	ctx := context.Background()
	tables, err := pgTables(ctx, dst.W)
	if err != nil {
		t.Fatal(err)
	}
	norm := func(v any, typ string) string {
		cv, err := convert(v, typ)
		if err != nil {
			return "error: " + err.Error()
		}
		switch x := cv.(type) {
		case time.Time:
			return x.UTC().Truncate(time.Microsecond).Format(time.RFC3339Nano)
		case []byte:
			return fmt.Sprintf("%x", x)
		case nil:
			return "NULL"
		}
		return fmt.Sprint(cv)
	}
	read := func(q *sql.DB, tb *pgTable) []string {
		var cols []string
		for _, c := range tb.cols {
			cols = append(cols, quote(c.name))
		}
		rows, err := q.QueryContext(ctx, "SELECT "+strings.Join(cols, ", ")+" FROM "+quote(tb.name)+" ORDER BY "+strings.Join(cols, ", "))
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []string
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			var parts []string
			for i, c := range tb.cols {
				parts = append(parts, norm(vals[i], c.typ))
			}
			out = append(out, strings.Join(parts, " | "))
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		slices.Sort(out) // the two databases order text differently
		return out
	}
	n := 0
	for _, tb := range tables {
		a, b := read(src.R, tb), read(dst.R, tb)
		if len(a) != len(b) {
			t.Errorf("%s: %d rows, %d copied", tb.name, len(a), len(b))
			continue
		}
		for i := range a {
			if a[i] != b[i] {
				t.Errorf("%s differs:\n  SQLite:     %.300s\n  PostgreSQL: %.300s", tb.name, a[i], b[i])
				break
			}
		}
		n += len(a)
	}
	t.Logf("%d rows of %d tables compared value by value", n, len(tables))
}
