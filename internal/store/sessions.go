package store

import (
	"context"
	"time"

	"nghisu/internal/model"
)

// SessionStore keeps sign-in sessions in the database (scs.CtxStore), so that
// a restart or another instance behind the load balancer keeps users signed in.
type SessionStore struct{ s *Store }

// Sessions returns the session store.
func (s *Store) Sessions() *SessionStore { return &SessionStore{s} }

// FindCtx returns a live session's data.
func (ss *SessionStore) FindCtx(ctx context.Context, token string) ([]byte, bool, error) {
	var data []byte
	err := ss.s.q.QueryRow(ctx, "SELECT data FROM sessions WHERE token = ? AND expiry > ?", token, ss.s.Now()).Scan(&data)
	if err == model.ErrNotFound {
		return nil, false, nil
	}
	return data, err == nil, err
}

// CommitCtx saves a session.
func (ss *SessionStore) CommitCtx(ctx context.Context, token string, data []byte, expiry time.Time) error {
	_, err := ss.s.q.Exec(ctx, `INSERT INTO sessions (token, data, expiry) VALUES (?, ?, ?)
		ON CONFLICT (token) DO UPDATE SET data = excluded.data, expiry = excluded.expiry`, token, data, expiry.UTC())
	return err
}

// DeleteCtx removes a session.
func (ss *SessionStore) DeleteCtx(ctx context.Context, token string) error {
	_, err := ss.s.q.Exec(ctx, "DELETE FROM sessions WHERE token = ?", token)
	return err
}

// Find, Commit and Delete satisfy scs.Store; scs calls the Ctx variants.
func (ss *SessionStore) Find(token string) ([]byte, bool, error) {
	return ss.FindCtx(context.Background(), token)
}

// Commit saves a session.
func (ss *SessionStore) Commit(token string, data []byte, expiry time.Time) error {
	return ss.CommitCtx(context.Background(), token, data, expiry)
}

// Delete removes a session.
func (ss *SessionStore) Delete(token string) error { return ss.DeleteCtx(context.Background(), token) }

// DeleteExpired removes sessions past their expiry.
func (ss *SessionStore) DeleteExpired(ctx context.Context) (int64, error) {
	res, err := ss.s.q.Exec(ctx, "DELETE FROM sessions WHERE expiry <= ?", ss.s.Now())
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
