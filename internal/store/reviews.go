package store

import (
	"context"
	"database/sql"
	"time"

	"nghisu/internal/model"
)

const roundCols = "r.id, r.document_id, r.version, r.opened_by, r.opened_at, r.deadline, r.closed_at"

func scanRound(r interface{ Scan(...any) error }) (model.ReviewRound, error) {
	var x model.ReviewRound
	var by sql.NullInt64
	var closed sql.NullTime
	err := r.Scan(&x.ID, &x.DocumentID, &x.Version, &by, &x.OpenedAt, &x.Deadline, &closed)
	x.OpenedBy, x.ClosedAt = by.Int64, timePtr(closed)
	return x, err
}

// OpenRound starts a review round and sets its id.
func (s *Store) OpenRound(ctx context.Context, r *model.ReviewRound) error {
	r.OpenedAt = s.Now()
	id, err := s.insert(ctx, "INSERT INTO review_rounds (document_id, version, opened_by, opened_at, deadline) VALUES (?, ?, ?, ?, ?)",
		r.DocumentID, r.Version, nullInt(r.OpenedBy), r.OpenedAt, r.Deadline.UTC())
	r.ID = id
	return err
}

// Round reads one round.
func (s *Store) Round(ctx context.Context, id int64) (*model.ReviewRound, error) {
	r, err := scanRound(s.q.QueryRow(ctx, "SELECT "+roundCols+" FROM review_rounds r WHERE r.id = ?", id))
	if err != nil {
		return nil, err
	}
	return &r, nil
}

// Rounds lists a paper's rounds, newest first.
func (s *Store) Rounds(ctx context.Context, docID int64) ([]model.ReviewRound, error) {
	rows, err := s.q.Query(ctx, "SELECT "+roundCols+" FROM review_rounds r WHERE r.document_id = ? ORDER BY r.id DESC", docID)
	return collect(rows, err, func(r *sql.Rows) (model.ReviewRound, error) { return scanRound(r) })
}

// CloseRound closes a round at at, if still open.
func (s *Store) CloseRound(ctx context.Context, id int64, at time.Time) error {
	return s.execOne(ctx, "UPDATE review_rounds SET closed_at = ? WHERE id = ? AND closed_at IS NULL", at.UTC(), id)
}

// CloseDueRounds closes every round whose deadline has passed and returns
// the closed rounds.
func (s *Store) CloseDueRounds(ctx context.Context, now time.Time) ([]model.ReviewRound, error) {
	rows, err := s.q.Query(ctx, "SELECT "+roundCols+" FROM review_rounds r WHERE r.closed_at IS NULL AND r.deadline <= ?", now.UTC())
	due, err := collect(rows, err, func(r *sql.Rows) (model.ReviewRound, error) { return scanRound(r) })
	if err != nil {
		return nil, err
	}
	var closed []model.ReviewRound
	for _, r := range due {
		if err := s.CloseRound(ctx, r.ID, r.Deadline); err == nil {
			closed = append(closed, r)
		} else if err != model.ErrNotFound {
			return nil, err
		}
	}
	return closed, nil
}

const commentCols = `c.id, c.round_id, c.paragraph, c.kind, c.text, c.wording, c.author_id, c.created_at, c.status,
	c.response, c.responded_by, c.responded_at, c.taken_in_version, c.client_key`

func scanComment(r interface{ Scan(...any) error }, extra ...any) (model.ReviewComment, error) {
	var c model.ReviewComment
	var at sql.NullTime
	var key sql.NullString
	err := r.Scan(append([]any{&c.ID, &c.RoundID, &c.Paragraph, &c.Kind, &c.Text, &c.Wording, &c.AuthorID, &c.CreatedAt,
		&c.Status, &c.Response, &c.RespondedBy, &at, &c.TakenInVersion, &key}, extra...)...)
	c.RespondedAt, c.Key = timePtr(at), key.String
	return c, err
}

// AddComment stores a reviewer's comment and sets its id. A comment whose
// key the author already used in the round is model.ErrConflict.
func (s *Store) AddComment(ctx context.Context, c *model.ReviewComment) error {
	c.CreatedAt, c.Status = s.Now(), model.CommentOpen
	id, err := s.insert(ctx, `INSERT INTO review_comments (round_id, paragraph, kind, text, wording, author_id, created_at, status, client_key)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, c.RoundID, c.Paragraph, c.Kind, c.Text, c.Wording, c.AuthorID, c.CreatedAt, c.Status,
		nullString(c.Key))
	c.ID = id
	return err
}

// CommentByKey reads the comment an author sent in a round with a key.
func (s *Store) CommentByKey(ctx context.Context, roundID, authorID int64, key string) (*model.ReviewComment, error) {
	c, err := scanComment(s.q.QueryRow(ctx, "SELECT "+commentCols+" FROM review_comments c WHERE c.round_id = ? AND c.author_id = ? AND c.client_key = ?",
		roundID, authorID, key))
	if err != nil {
		return nil, err
	}
	return &c, nil
}

// Comment reads one comment.
func (s *Store) Comment(ctx context.Context, id int64) (*model.ReviewComment, error) {
	c, err := scanComment(s.q.QueryRow(ctx, "SELECT "+commentCols+" FROM review_comments c WHERE c.id = ?", id))
	if err != nil {
		return nil, err
	}
	return &c, nil
}

// Comments lists a round's comments in order, with their authors.
func (s *Store) Comments(ctx context.Context, roundID int64) ([]model.ReviewComment, error) {
	rows, err := s.q.Query(ctx, "SELECT "+commentCols+", p.full_name FROM review_comments c JOIN people p ON p.id = c.author_id"+
		" WHERE c.round_id = ? ORDER BY c.paragraph, c.id", roundID)
	return collect(rows, err, func(r *sql.Rows) (model.ReviewComment, error) {
		var name string
		c, err := scanComment(r, &name)
		c.Author = &model.Person{ID: c.AuthorID, FullName: name}
		return c, err
	})
}

// RespondComment records the drafter's answer to an open comment.
func (s *Store) RespondComment(ctx context.Context, id int64, st model.CommentStatus, response, by string) error {
	err := s.execOne(ctx, `UPDATE review_comments SET status = ?, response = ?, responded_by = ?, responded_at = ?
		WHERE id = ? AND status = 'open'`, st, response, by, s.Now(), id)
	if err == model.ErrNotFound {
		return model.Refuse("review.already_answered")
	}
	return err
}

// TakeIn marks comments as taken into a version.
func (s *Store) TakeIn(ctx context.Context, ids []int64, version int) error {
	for _, id := range ids {
		if _, err := s.q.Exec(ctx, "UPDATE review_comments SET taken_in_version = ? WHERE id = ?", version, id); err != nil {
			return err
		}
	}
	return nil
}

// nullString stores "" as NULL (an absent key, which never collides).
func nullString(v string) sql.NullString { return sql.NullString{String: v, Valid: v != ""} }
