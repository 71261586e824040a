package store

import (
	"context"
	"database/sql"
	"time"

	"nghisu/internal/model"
)

// Throttle is the failed sign-in count of one key (an account or an address).
type Throttle struct {
	Failures    int
	WindowStart time.Time
	LockedUntil time.Time
}

// ThrottleOf reads a key's failures; an unknown key has none.
func (s *Store) ThrottleOf(ctx context.Context, key string) (Throttle, error) {
	var t Throttle
	var locked sql.NullTime
	err := s.q.QueryRow(ctx, "SELECT failures, window_start, locked_until FROM login_throttle WHERE key = ?", key).
		Scan(&t.Failures, &t.WindowStart, &locked)
	if err == model.ErrNotFound {
		return Throttle{}, nil
	}
	t.LockedUntil = locked.Time
	return t, err
}

// SaveThrottle writes a key's failures.
func (s *Store) SaveThrottle(ctx context.Context, key string, t Throttle) error {
	_, err := s.q.Exec(ctx, `INSERT INTO login_throttle (key, failures, window_start, locked_until) VALUES (?, ?, ?, ?)
		ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, window_start = excluded.window_start,
		locked_until = excluded.locked_until`, key, t.Failures, t.WindowStart.UTC(), nullTime(t.LockedUntil))
	return err
}

// ClearThrottle forgets a key's failures after a successful sign-in.
func (s *Store) ClearThrottle(ctx context.Context, key string) error {
	_, err := s.q.Exec(ctx, "DELETE FROM login_throttle WHERE key = ?", key)
	return err
}
