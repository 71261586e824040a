// Package backup copies a nghisu database out and back: an online snapshot
// of a SQLite installation (VACUUM INTO), its restore with checks, and the
// move of a SQLite installation to PostgreSQL (ToPostgres). PostgreSQL itself
// is backed up with pg_dump, which this package does not wrap.
package backup

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"nghisu/internal/db"
	"nghisu/internal/record"
	"nghisu/internal/store"
)

// ErrPostgres is returned for a PostgreSQL database: use pg_dump/pg_restore.
var ErrPostgres = errors.New("this database is PostgreSQL: back it up with pg_dump -Fc and restore it with pg_restore (see the README, \"PostgreSQL and several instances\")")

// PostgresAdvice is what the commands print for a PostgreSQL database.
const PostgresAdvice = `PostgreSQL is backed up with its own tools, which take a consistent snapshot
while the instances keep running:

  pg_dump -Fc -f nghisu.dump "$NGHISU_DB"
  createdb nghisu_restored
  pg_restore --no-owner -d postgres://…/nghisu_restored nghisu.dump

Then point NGHISU_DB at the restored database and start nghisu: it migrates
a dump of an older version; nghisu verify checks its minute books. Keep
signing.key (or NGHISU_SIGNING_KEY) with the dumps.
`

// TableCount is the number of rows of one table.
type TableCount struct {
	Table string
	Rows  int64
}

// Snapshot describes a backup file.
type Snapshot struct {
	File    string
	Size    int64
	Version int64 // schema version (the newest migration applied)
	Counts  []TableCount
	Took    time.Duration
}

// Rows is the count of a table in the snapshot (-1 when it has no such table).
func (s *Snapshot) Rows(table string) int64 { return rowsOf(s.Counts, table) }

func rowsOf(cs []TableCount, table string) int64 {
	for _, c := range cs {
		if c.Table == table {
			return c.Rows
		}
	}
	return -1
}

// Backup writes a consistent snapshot of a SQLite database to file while the
// server may keep running: VACUUM INTO reads one snapshot (a read
// transaction: writers go on in the write-ahead log) into file.tmp, which is
// synced and renamed into place. An existing file is replaced only with force.
func Backup(ctx context.Context, d *db.DB, file string, force bool) (*Snapshot, error) {
	if d.Dialect() != db.SQLite {
		return nil, ErrPostgres
	}
	if _, err := os.Stat(file); err == nil && !force {
		return nil, fmt.Errorf("%s exists: choose another name or pass --force to replace it", file)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	start := time.Now()
	tmp := file + ".tmp"
	if err := removeDB(tmp); err != nil {
		return nil, err
	}
	if _, err := d.W.ExecContext(ctx, "VACUUM INTO ?", tmp); err != nil {
		removeDB(tmp)
		return nil, fmt.Errorf("snapshot: %w", err)
	}
	if err := syncFile(tmp); err != nil {
		removeDB(tmp)
		return nil, err
	}
	s, err := inspect(ctx, tmp, false)
	if err != nil {
		removeDB(tmp)
		return nil, fmt.Errorf("the snapshot does not read back: %w", err)
	}
	if err := os.Rename(tmp, file); err != nil {
		removeDB(tmp)
		return nil, err
	}
	syncDir(filepath.Dir(file))
	s.File = file
	s.Took = time.Since(start)
	return s, nil
}

// Check reads file as a nghisu SQLite database without changing it: the
// integrity check and the foreign keys pass, it has the foundation's tables,
// and its schema is not newer than this program's migrations. The file is
// checked on a private copy, so that even a database in WAL mode is opened
// read-write without touching the original.
func Check(ctx context.Context, file string) (*Snapshot, error) {
	dir, err := os.MkdirTemp("", "nghisu-check-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	cp := filepath.Join(dir, "check.db")
	if err := copyFile(file, cp); err != nil {
		return nil, err
	}
	s, err := inspect(ctx, cp, true)
	if err != nil {
		return nil, err
	}
	s.File = file
	return s, nil
}

// LatestMigration is the newest schema version this program knows.
func LatestMigration() int64 {
	names, _ := fs.Glob(db.MigrationFS(db.SQLite), "*.sql")
	var v int64
	for _, n := range names {
		if i := strings.IndexByte(n, '_'); i > 0 {
			if x, err := strconv.ParseInt(n[:i], 10, 64); err == nil && x > v {
				v = x
			}
		}
	}
	return v
}

// required are tables every nghisu database has from its first migration.
var required = []string{"orgs", "terms", "bodies", "people", "accounts"}

// inspect opens path (a file this package may write to) and reads its
// version and counts; full also runs the integrity and foreign-key checks.
func inspect(ctx context.Context, path string, full bool) (*Snapshot, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if st.Size() < 512 {
		return nil, fmt.Errorf("not a SQLite database (%d bytes)", st.Size())
	}
	c, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)&_time_format=sqlite")
	if err != nil {
		return nil, err
	}
	defer c.Close()
	c.SetMaxOpenConns(1)
	if full {
		rows, err := c.QueryContext(ctx, "PRAGMA integrity_check")
		if err != nil {
			return nil, fmt.Errorf("not a readable SQLite database: %w", err)
		}
		var problems []string
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				rows.Close()
				return nil, fmt.Errorf("integrity check: %w", err)
			}
			if s != "ok" {
				problems = append(problems, s)
			}
		}
		if err := rows.Close(); err != nil {
			return nil, fmt.Errorf("integrity check: %w", err)
		}
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("integrity check: %w", err)
		}
		if len(problems) > 0 {
			if len(problems) > 3 {
				problems = append(problems[:3], "…")
			}
			return nil, fmt.Errorf("the database is damaged: %s", strings.Join(problems, "; "))
		}
	}
	tables, err := sqliteTables(ctx, c)
	if err != nil {
		return nil, fmt.Errorf("not a readable SQLite database: %w", err)
	}
	have := map[string]bool{}
	for _, t := range tables {
		have[t] = true
	}
	if !have["goose_db_version"] {
		return nil, errors.New("not a nghisu database: it has no migration table (goose_db_version)")
	}
	for _, t := range required {
		if !have[t] {
			return nil, fmt.Errorf("not a nghisu database: it has no %s table", t)
		}
	}
	s := &Snapshot{Size: st.Size()}
	if err := c.QueryRowContext(ctx, "SELECT COALESCE(MAX(version_id), 0) FROM goose_db_version WHERE is_applied").Scan(&s.Version); err != nil {
		return nil, fmt.Errorf("migration table: %w", err)
	}
	if s.Version < 1 {
		return nil, errors.New("not a nghisu database: no migration applied")
	}
	if latest := LatestMigration(); s.Version > latest {
		return nil, fmt.Errorf("the database is of a newer nghisu (schema %d; this program knows up to %d): use that version", s.Version, latest)
	}
	if full {
		var n int
		if err := c.QueryRowContext(ctx, "SELECT COUNT(*) FROM pragma_foreign_key_check").Scan(&n); err != nil {
			return nil, fmt.Errorf("foreign key check: %w", err)
		}
		if n > 0 {
			return nil, fmt.Errorf("the database is damaged: %d rows point at rows that are not there", n)
		}
	}
	if s.Counts, err = countTables(ctx, c, tables); err != nil {
		return nil, err
	}
	return s, nil
}

// queryer is *sql.DB, *sql.Conn or *sql.Tx.
type queryer interface {
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
}

// sqliteTables lists a SQLite database's own tables: not SQLite's, not the
// full-text index (a virtual table) nor its shadow tables, which are derived
// from search_entries.
func sqliteTables(ctx context.Context, q queryer) ([]string, error) {
	rows, err := q.QueryContext(ctx, "SELECT name, COALESCE(sql, '') FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var all []string
	var virtual []string
	for rows.Next() {
		var name, ddl string
		if err := rows.Scan(&name, &ddl); err != nil {
			return nil, err
		}
		if strings.HasPrefix(strings.ToUpper(ddl), "CREATE VIRTUAL TABLE") {
			virtual = append(virtual, name)
			continue
		}
		all = append(all, name)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := all[:0]
	for _, t := range all {
		shadow := false
		for _, v := range virtual {
			if strings.HasPrefix(t, v+"_") {
				shadow = true
			}
		}
		if !shadow {
			out = append(out, t)
		}
	}
	return out, nil
}

// countTables counts the rows of each table (the migration table aside).
func countTables(ctx context.Context, q queryer, tables []string) ([]TableCount, error) {
	var out []TableCount
	for _, t := range tables {
		if t == "goose_db_version" {
			continue
		}
		var n int64
		if err := q.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+quote(t)).Scan(&n); err != nil {
			return nil, fmt.Errorf("count %s: %w", t, err)
		}
		out = append(out, TableCount{t, n})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Table < out[j].Table })
	return out, nil
}

func quote(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }

// Restored describes a restore.
type Restored struct {
	From        *Snapshot
	Target      string
	MovedAside  string // where the previous database went ("" if there was none)
	Migrations  int    // how many migrations brought it up to date
	Version     int64
	Checks      []record.Check
	BrokenBooks int
}

// ErrInUse is returned when a running server holds the target database.
var ErrInUse = errors.New("the database is in use (is nghisu serve running on it?): stop the server, then restore")

// Restore puts the SQLite backup file in place of the database at target:
// it checks file (Check), refuses when another program has target open,
// moves the current database aside to target.before-restore-TIME, copies
// the file in, migrates it, and verifies every minute book. Until the move,
// a refusal changes nothing.
func Restore(ctx context.Context, file, target string) (*Restored, error) {
	if _, err := os.Stat(file); err != nil {
		return nil, err
	}
	if same, _ := sameFile(file, target); same {
		return nil, errors.New("the backup file is the database itself")
	}
	snap, err := Check(ctx, file)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	if err := os.MkdirAll(filepath.Dir(target), 0o700); err != nil {
		return nil, err
	}
	// Copy next to the target first, so that the switch is two renames on
	// one file system, and a full disk shows before anything moved.
	tmp := target + ".restore-tmp"
	if err := removeDB(tmp); err != nil {
		return nil, err
	}
	if err := copyFile(file, tmp); err != nil {
		removeDB(tmp)
		return nil, err
	}
	if err := syncFile(tmp); err != nil {
		removeDB(tmp)
		return nil, err
	}
	r := &Restored{From: snap, Target: target}
	if _, err := os.Stat(target); err == nil {
		if err := quiesce(ctx, target); err != nil {
			removeDB(tmp)
			return nil, err
		}
		r.MovedAside = target + ".before-restore-" + time.Now().UTC().Format("20060102T150405Z")
		if err := os.Rename(target, r.MovedAside); err != nil {
			removeDB(tmp)
			return nil, err
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		removeDB(tmp)
		return nil, err
	}
	// After quiesce the log is empty; were it not, it belongs with the
	// database moved aside. The shared-memory index is rebuilt on open.
	if r.MovedAside != "" {
		if err := os.Rename(target+"-wal", r.MovedAside+"-wal"); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return r, err
		}
	}
	for _, sfx := range []string{"-wal", "-shm", "-journal"} {
		os.Remove(target + sfx)
	}
	if err := os.Rename(tmp, target); err != nil {
		return nil, err
	}
	syncDir(filepath.Dir(target))

	d, err := db.Open(ctx, target, "", db.Options{})
	if err != nil {
		return r, err
	}
	defer d.Close()
	if r.Migrations, err = d.Migrate(ctx); err != nil {
		return r, err
	}
	if r.Version, err = d.SchemaVersion(ctx); err != nil {
		return r, err
	}
	if r.Checks, err = record.VerifyAll(ctx, store.New(d, nil)); err != nil {
		return r, err
	}
	for _, c := range r.Checks {
		if !c.OK() {
			r.BrokenBooks++
		}
	}
	return r, nil
}

// quiesce makes sure nobody else has the SQLite database at path open, and
// leaves it as one file: it takes the database in exclusive locking mode,
// which fails at once while another connection (a running server keeps its
// writer open) holds it, checkpoints the write-ahead log into it, and
// closes, which removes the log.
func quiesce(ctx context.Context, path string) error {
	c, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(0)&_pragma=locking_mode(EXCLUSIVE)")
	if err != nil {
		return err
	}
	defer c.Close()
	conn, err := c.Conn(ctx)
	if err != nil {
		return fmt.Errorf("%s: %w", path, ErrInUse)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN EXCLUSIVE"); err != nil {
		return fmt.Errorf("%s: %w (%v)", path, ErrInUse, err)
	}
	if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
		return err
	}
	var busy, logged, moved int
	if err := conn.QueryRowContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &logged, &moved); err != nil {
		return err
	}
	if busy != 0 {
		return fmt.Errorf("%s: %w", path, ErrInUse)
	}
	return nil
}

func sameFile(a, b string) (bool, error) {
	sa, err := os.Stat(a)
	if err != nil {
		return false, err
	}
	sb, err := os.Stat(b)
	if err != nil {
		return false, err
	}
	return os.SameFile(sa, sb), nil
}

// removeDB removes a database file and its companions, if there.
func removeDB(path string) error {
	for _, p := range []string{path, path + "-wal", path + "-shm", path + "-journal"} {
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// syncDir makes a rename in dir durable, where the system allows it.
func syncDir(dir string) {
	if f, err := os.Open(dir); err == nil {
		f.Sync()
		f.Close()
	}
}
