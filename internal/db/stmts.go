package db

import (
	"context"
	"database/sql"
	"sync"
)

// stmts keeps prepared statements of one SQLite pool. modernc's SQLite
// parses and plans a query each time it is not prepared, which was a tenth of
// a page's time; database/sql then keeps each statement prepared on every
// connection that ran it. PostgreSQL needs none of this: pgx caches
// prepared statements itself.
type stmts struct {
	pool *sql.DB
	mu   sync.RWMutex
	m    map[string]*sql.Stmt
}

// maxStmts bounds the cache: queries built with a varying number of
// placeholders (IN lists, search words) must not grow it without end.
const maxStmts = 512

func newStmts(pool *sql.DB) *stmts { return &stmts{pool: pool, m: map[string]*sql.Stmt{}} }

// cached returns q's statement if it was prepared before, else nil.
func (c *stmts) cached(q string) *sql.Stmt {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.m[q]
}

// get returns the prepared statement of q, preparing it on first use, or nil
// when the cache is full (the caller then runs q unprepared).
//
// It prepares without holding the lock: preparing waits for a connection,
// and on the writer the only connection may belong to a transaction that
// needs the lock to look up its own statements (a deadlock that stopped
// every write of a server that had just started taking ballots).
func (c *stmts) get(ctx context.Context, q string) (*sql.Stmt, error) {
	c.mu.RLock()
	st, full := c.m[q], len(c.m) >= maxStmts
	c.mu.RUnlock()
	if st != nil || full {
		return st, nil
	}
	st, err := c.pool.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if had, ok := c.m[q]; ok || len(c.m) >= maxStmts {
		st.Close() // prepared meanwhile by another caller, or no room
		return had, nil
	}
	c.m[q] = st
	return st, nil
}

func (c *stmts) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, st := range c.m {
		st.Close()
	}
	c.m = map[string]*sql.Stmt{}
}
