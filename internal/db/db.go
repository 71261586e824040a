// Package db opens the database (SQLite file or PostgreSQL), migrates it, and
// offers one small query surface that both dialects share: SQL is written once
// with '?' placeholders and rebound for PostgreSQL, and driver errors become
// model.ErrNotFound and model.ErrConflict.
package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"nghisu/internal/model"
)

// Dialect names the SQL dialect in use.
type Dialect string

const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB is an open database. On SQLite, writes go through a single connection
// (SQLite has one writer; a pool would only queue on busy_timeout) and reads
// through a separate pool; on PostgreSQL both are the same pool.
type DB struct {
	dialect Dialect
	W       *sql.DB
	R       *sql.DB
	// Location describes where the data lives, for logs ("sqlite:/…" or the
	// PostgreSQL host and database, never the password).
	Location string

	// url is the PostgreSQL connection string, for connections outside the
	// pool (LISTEN); never logged.
	url string

	rebound sync.Map // query → rebound query
	// wstmts and rstmts cache prepared statements on SQLite (nil on PostgreSQL).
	wstmts, rstmts *stmts
}

// Options tune Open.
type Options struct {
	// Synchronous is SQLite's synchronous pragma: FULL (default) makes every
	// acknowledged commit survive a power cut, not only a process crash.
	Synchronous string
	// MaxConns caps the PostgreSQL pool (default 20).
	MaxConns int
}

// Open connects to url: "postgres://…" selects PostgreSQL; anything else is a
// SQLite file path ("" means dataDir/nghisu.db).
func Open(ctx context.Context, url, dataDir string, o Options) (*DB, error) {
	if strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://") {
		return openPostgres(ctx, url, o)
	}
	path := strings.TrimPrefix(url, "sqlite:")
	if path == "" {
		if dataDir == "" {
			dataDir = "nghisu-data"
		}
		if err := os.MkdirAll(dataDir, 0o700); err != nil {
			return nil, fmt.Errorf("create data folder: %w", err)
		}
		path = filepath.Join(dataDir, "nghisu.db")
	}
	return openSQLite(ctx, path, o)
}

func openSQLite(ctx context.Context, path string, o Options) (*DB, error) {
	sync := o.Synchronous
	if sync == "" {
		sync = "FULL"
	}
	// busy_timeout must come first so that the other pragmas wait for a lock
	// instead of failing when another process holds the file.
	base := "file:" + path + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)" +
		"&_pragma=foreign_keys(1)&_pragma=synchronous(" + sync + ")&_pragma=secure_delete(1)&_time_format=sqlite"
	w, err := sql.Open("sqlite", base+"&_txlock=immediate")
	if err != nil {
		return nil, err
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	r, err := sql.Open("sqlite", base+"&_pragma=query_only(1)")
	if err != nil {
		w.Close()
		return nil, err
	}
	n := max(4, 2*runtime.NumCPU())
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	r.SetConnMaxIdleTime(5 * time.Minute)
	return &DB{dialect: SQLite, W: w, R: r, Location: "sqlite:" + path, wstmts: newStmts(w), rstmts: newStmts(r)}, nil
}

func openPostgres(ctx context.Context, url string, o Options) (*DB, error) {
	p, err := sql.Open("pgx", url)
	if err != nil {
		return nil, err
	}
	n := o.MaxConns
	if n == 0 {
		n = 20
	}
	p.SetMaxOpenConns(n)
	p.SetMaxIdleConns(n)
	p.SetConnMaxIdleTime(5 * time.Minute)
	if err := p.PingContext(ctx); err != nil {
		p.Close()
		return nil, fmt.Errorf("connect to PostgreSQL: %w", err)
	}
	loc := "postgres"
	if cfg, err := pgconn.ParseConfig(url); err == nil {
		loc = fmt.Sprintf("postgres://%s:%d/%s", cfg.Host, cfg.Port, cfg.Database)
	}
	return &DB{dialect: Postgres, W: p, R: p, Location: loc, url: url}, nil
}

// Scrub makes what was deleted from tables unrecoverable from the database
// files, as far as the database allows: SQLite (secure_delete is on, so
// freed pages are zeroed) copies the write-ahead log into the database and
// truncates it, so old page images go; PostgreSQL vacuums the tables, so
// dead row versions go. Closing a secret ballot calls it after deleting
// its count rows.
func (d *DB) Scrub(ctx context.Context, tables ...string) error {
	if d.dialect == SQLite {
		_, err := d.W.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
		return err
	}
	for _, t := range tables {
		if _, err := d.W.ExecContext(ctx, "VACUUM "+t); err != nil {
			return err
		}
	}
	return nil
}

// URL is the PostgreSQL connection string (with its password), for a
// connection of its own; "" on SQLite.
func (d *DB) URL() string { return d.url }

// Close closes both pools.
func (d *DB) Close() error {
	if d.wstmts != nil {
		d.wstmts.close()
		d.rstmts.close()
	}
	err := d.W.Close()
	if d.R != d.W {
		err = errors.Join(err, d.R.Close())
	}
	return err
}

// Ping checks that the database answers.
func (d *DB) Ping(ctx context.Context) error {
	var one int
	return d.R.QueryRowContext(ctx, "SELECT 1").Scan(&one)
}

// Rebind turns '?' placeholders into '$1, $2, …' on PostgreSQL. Question
// marks inside string literals are left alone.
func (d *DB) Rebind(q string) string {
	if d.dialect != Postgres {
		return q
	}
	if v, ok := d.rebound.Load(q); ok {
		return v.(string)
	}
	var b strings.Builder
	b.Grow(len(q) + 8)
	n, inStr := 0, false
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case c == '\'':
			inStr = !inStr
			b.WriteByte(c)
		case c == '?' && !inStr:
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
		default:
			b.WriteByte(c)
		}
	}
	s := b.String()
	d.rebound.Store(q, s)
	return s
}

// Querier is what store code runs SQL through: the database itself (reads on
// the reader pool, writes on the writer) or a transaction.
type Querier interface {
	Exec(ctx context.Context, q string, args ...any) (sql.Result, error)
	Query(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRow(ctx context.Context, q string, args ...any) *Row
	// WriteRow runs a statement that writes and returns a row (INSERT …
	// RETURNING): on the writer, never on the read-only pool.
	WriteRow(ctx context.Context, q string, args ...any) *Row
	Dialect() Dialect
}

// Row wraps sql.Row so that Scan speaks model errors.
type Row struct{ r *sql.Row }

// Scan is sql.Row.Scan with sql.ErrNoRows turned into model.ErrNotFound.
func (r *Row) Scan(dest ...any) error { return Err(r.r.Scan(dest...)) }

// prepared returns the cached statement of q on a pool, or nil to run q as is.
func (d *DB) prepared(ctx context.Context, c *stmts, q string) *sql.Stmt {
	if c == nil {
		return nil
	}
	st, err := c.get(ctx, q)
	if err != nil {
		return nil // let the plain call report the error
	}
	return st
}

// Exec runs a write on the writer.
func (d *DB) Exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	q = d.Rebind(q)
	if st := d.prepared(ctx, d.wstmts, q); st != nil {
		res, err := st.ExecContext(ctx, args...)
		return res, Err(err)
	}
	res, err := d.W.ExecContext(ctx, q, args...)
	return res, Err(err)
}

// Query reads from the reader pool.
func (d *DB) Query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	q = d.Rebind(q)
	if st := d.prepared(ctx, d.rstmts, q); st != nil {
		rows, err := st.QueryContext(ctx, args...)
		return rows, Err(err)
	}
	rows, err := d.R.QueryContext(ctx, q, args...)
	return rows, Err(err)
}

// QueryRow reads one row from the reader pool.
func (d *DB) QueryRow(ctx context.Context, q string, args ...any) *Row {
	q = d.Rebind(q)
	if st := d.prepared(ctx, d.rstmts, q); st != nil {
		return &Row{st.QueryRowContext(ctx, args...)}
	}
	return &Row{d.R.QueryRowContext(ctx, q, args...)}
}

// WriteRow runs a writing statement that returns a row, on the writer.
func (d *DB) WriteRow(ctx context.Context, q string, args ...any) *Row {
	q = d.Rebind(q)
	if st := d.prepared(ctx, d.wstmts, q); st != nil {
		return &Row{st.QueryRowContext(ctx, args...)}
	}
	return &Row{d.W.QueryRowContext(ctx, q, args...)}
}

// Dialect says which database this is.
func (d *DB) Dialect() Dialect { return d.dialect }

// Tx is a transaction on the writer.
type Tx struct {
	tx *sql.Tx
	db *DB
	// local holds the statements this transaction prepared itself (SQLite),
	// for a long transaction that runs the same statements many times (the
	// demo's seeding); they end with it.
	local map[string]*sql.Stmt
}

// stmt returns q's cached writer statement bound to the transaction, or nil.
// It never prepares on the pool: the transaction holds the writer's only
// connection, so preparing there would wait for it forever. The writer has
// one connection, so a cached statement is already prepared on it. A
// statement not cached is prepared on the transaction the second time it
// runs, and kept until the transaction ends.
func (t *Tx) stmt(ctx context.Context, q string) *sql.Stmt {
	if t.db.wstmts == nil {
		return nil
	}
	if st := t.db.wstmts.cached(q); st != nil {
		return t.tx.StmtContext(ctx, st)
	}
	if t.local == nil {
		t.local = map[string]*sql.Stmt{}
	}
	st, seen := t.local[q]
	if st != nil || len(t.local) >= maxStmts {
		return st
	}
	if !seen {
		t.local[q] = nil // once is not yet worth preparing
		return nil
	}
	st, err := t.tx.PrepareContext(ctx, q)
	if err != nil {
		return nil // run unprepared; the error, if real, shows there
	}
	t.local[q] = st
	return st
}

// Exec runs a statement in the transaction.
func (t *Tx) Exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	q = t.db.Rebind(q)
	if st := t.stmt(ctx, q); st != nil {
		res, err := st.ExecContext(ctx, args...)
		return res, Err(err)
	}
	res, err := t.tx.ExecContext(ctx, q, args...)
	return res, Err(err)
}

// Query reads in the transaction.
func (t *Tx) Query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	q = t.db.Rebind(q)
	if st := t.stmt(ctx, q); st != nil {
		rows, err := st.QueryContext(ctx, args...)
		return rows, Err(err)
	}
	rows, err := t.tx.QueryContext(ctx, q, args...)
	return rows, Err(err)
}

// QueryRow reads one row in the transaction.
func (t *Tx) QueryRow(ctx context.Context, q string, args ...any) *Row {
	q = t.db.Rebind(q)
	if st := t.stmt(ctx, q); st != nil {
		return &Row{st.QueryRowContext(ctx, args...)}
	}
	return &Row{t.tx.QueryRowContext(ctx, q, args...)}
}

// WriteRow is QueryRow: a transaction is on the writer already.
func (t *Tx) WriteRow(ctx context.Context, q string, args ...any) *Row {
	return t.QueryRow(ctx, q, args...)
}

// Dialect returns the transaction's dialect.
func (t *Tx) Dialect() Dialect { return t.db.dialect }

// InTx runs fn in one transaction on the writer: committed when fn returns
// nil, rolled back otherwise, so a failed operation leaves nothing behind.
func (d *DB) InTx(ctx context.Context, fn func(tx *Tx) error) error {
	tx, err := d.W.BeginTx(ctx, nil)
	if err != nil {
		return Err(err)
	}
	if err := fn(&Tx{tx: tx, db: d}); err != nil {
		tx.Rollback()
		return err
	}
	return Err(tx.Commit())
}

// Err maps driver errors onto the model's vocabulary: no rows → ErrNotFound,
// unique violations → ErrConflict. The original error stays wrapped for logs.
func Err(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return model.ErrNotFound
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return fmt.Errorf("%w: %v", model.ErrConflict, err)
		}
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "23505" {
		return fmt.Errorf("%w: %v", model.ErrConflict, err)
	}
	return err
}
