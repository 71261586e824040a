package store

import (
	"context"
	"database/sql"

	"nghisu/internal/model"
)

// AddNotice gives an account an in-app notice.
func (s *Store) AddNotice(ctx context.Context, n *model.Notice) error {
	n.CreatedAt = s.Now()
	id, err := s.insert(ctx, "INSERT INTO notices (account_id, title, link, created_at) VALUES (?, ?, ?, ?)",
		n.AccountID, n.Title, n.Link, n.CreatedAt)
	n.ID = id
	return err
}

// Notices lists an account's newest notices.
func (s *Store) Notices(ctx context.Context, accountID int64, limit int) ([]model.Notice, error) {
	rows, err := s.q.Query(ctx, "SELECT id, account_id, title, link, created_at, read_at FROM notices WHERE account_id = ? ORDER BY id DESC LIMIT ?",
		accountID, limit)
	return collect(rows, err, func(r *sql.Rows) (model.Notice, error) {
		var n model.Notice
		var read sql.NullTime
		err := r.Scan(&n.ID, &n.AccountID, &n.Title, &n.Link, &n.CreatedAt, &read)
		n.ReadAt = timePtr(read)
		return n, err
	})
}

// UnreadNotices counts an account's unread notices.
func (s *Store) UnreadNotices(ctx context.Context, accountID int64) (int, error) {
	var n int
	err := s.q.QueryRow(ctx, "SELECT COUNT(*) FROM notices WHERE account_id = ? AND read_at IS NULL", accountID).Scan(&n)
	return n, err
}

// ReadNotices marks notices of an account read: one (id) or all (id 0).
func (s *Store) ReadNotices(ctx context.Context, accountID, id int64) error {
	q := "UPDATE notices SET read_at = ? WHERE account_id = ? AND read_at IS NULL"
	args := []any{s.Now(), accountID}
	if id != 0 {
		q += " AND id = ?"
		args = append(args, id)
	}
	_, err := s.q.Exec(ctx, q, args...)
	return err
}
