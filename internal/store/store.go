// Package store holds all SQL of nghisu, one file per aggregate. It is the
// only package that knows there are two dialects; everything above it calls
// methods that mean the same on SQLite and PostgreSQL.
package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"nghisu/internal/db"
	"nghisu/internal/model"
)

// Store reads and writes through the database or, inside InTx, through one
// transaction.
type Store struct {
	db  *db.DB
	q   db.Querier
	now func() time.Time
	// publish hands committed events to the live screens (SetPublisher);
	// outbox collects the events of the transaction until it commits.
	publish *func(context.Context, []Event)
	outbox  *[]Event
}

// New returns a store on d that reads the clock from now (nil: time.Now).
func New(d *db.DB, now func() time.Time) *Store {
	if now == nil {
		now = time.Now
	}
	var publish func(context.Context, []Event)
	return &Store{db: d, q: d, now: now, publish: &publish}
}

// SetPublisher sets where events go once the transaction that appended
// them has committed: the broker of the live screens. Events of a
// transaction that rolls back are never published.
func (s *Store) SetPublisher(fn func(context.Context, []Event)) { *s.publish = fn }

// published hands events to the publisher, if any.
func (s *Store) published(ctx context.Context, evs []Event) {
	if fn := *s.publish; fn != nil && len(evs) > 0 {
		fn(ctx, evs)
	}
}

// DB is the underlying database.
func (s *Store) DB() *db.DB { return s.db }

// Now is the store's clock in UTC; tests replace the clock to move time.
func (s *Store) Now() time.Time { return s.now().UTC() }

// InTx runs fn with a store bound to one transaction: everything fn writes
// commits together or not at all. Nested calls join the outer transaction.
func (s *Store) InTx(ctx context.Context, fn func(*Store) error) error {
	if _, ok := s.q.(*db.Tx); ok {
		return fn(s)
	}
	var outbox []Event
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		outbox = outbox[:0] // InTx may retry fn
		return fn(&Store{db: s.db, q: tx, now: s.now, publish: s.publish, outbox: &outbox})
	})
	if err == nil {
		s.published(ctx, outbox)
	}
	return err
}

// insert runs an INSERT … RETURNING id and returns the id.
func (s *Store) insert(ctx context.Context, q string, args ...any) (int64, error) {
	var id int64
	err := s.q.WriteRow(ctx, q+" RETURNING id", args...).Scan(&id)
	return id, err
}

// execOne runs a statement and reports model.ErrNotFound when it touched no row.
func (s *Store) execOne(ctx context.Context, q string, args ...any) error {
	res, err := s.q.Exec(ctx, q, args...)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return model.ErrNotFound
	}
	return nil
}

// nullInt stores 0 as NULL for optional references.
func nullInt(v int64) sql.NullInt64 { return sql.NullInt64{Int64: v, Valid: v != 0} }

// nullTime stores the zero time as NULL.
func nullTime(t time.Time) sql.NullTime {
	if t.IsZero() {
		return sql.NullTime{}
	}
	return sql.NullTime{Time: t.UTC(), Valid: true}
}

// timePtr turns a scanned NullTime into an optional time.
func timePtr(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	v := t.Time
	return &v
}

// subtree returns the condition and arguments selecting rows whose path
// column lies under prefix ("/1/5/"); a range on the path uses its index on
// both databases, where LIKE would not.
func subtree(col, prefix string) (string, []any) {
	upper := strings.TrimSuffix(prefix, "/") + "0" // '0' sorts right after '/'
	return col + " >= ? AND " + col + " < ?", []any{prefix, upper}
}

// placeholders returns "?, ?, ?" for n values.
func placeholders(n int) string {
	if n <= 0 {
		return ""
	}
	return strings.Repeat("?, ", n-1) + "?"
}

// collect scans every row with scan and closes rows.
func collect[T any](rows *sql.Rows, err error, scan func(*sql.Rows) (T, error)) ([]T, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, db.Err(rows.Err())
}

// Savepoint runs fn inside a savepoint of the current transaction: when fn
// fails, only its own writes are undone and the transaction goes on. This is
// how an import checks every row in one transaction, also on PostgreSQL,
// where a failed statement would otherwise spoil the whole transaction.
func (s *Store) Savepoint(ctx context.Context, fn func(*Store) error) error {
	if _, ok := s.q.(*db.Tx); !ok {
		return s.InTx(ctx, fn)
	}
	if _, err := s.q.Exec(ctx, "SAVEPOINT row_sp"); err != nil {
		return err
	}
	queued := len(*s.outbox)
	if err := fn(s); err != nil {
		*s.outbox = (*s.outbox)[:queued] // its events roll back with it
		if _, rerr := s.q.Exec(ctx, "ROLLBACK TO SAVEPOINT row_sp"); rerr != nil {
			return rerr
		}
		s.q.Exec(ctx, "RELEASE SAVEPOINT row_sp")
		return err
	}
	_, err := s.q.Exec(ctx, "RELEASE SAVEPOINT row_sp")
	return err
}
