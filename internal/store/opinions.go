package store

import (
	"context"
	"database/sql"
	"time"

	"nghisu/internal/model"
)

const opinionCols = `r.id, r.body_id, r.title, r.question, r.file_id, r.decision_kind, r.deadline, r.state, r.base,
	r.passed, r.created_by, r.created_at, r.closed_at`

func scanOpinion(r interface{ Scan(...any) error }, extra ...any) (model.OpinionRequest, error) {
	var o model.OpinionRequest
	var doc, by sql.NullInt64
	var passed sql.NullBool
	var closed sql.NullTime
	err := r.Scan(append([]any{&o.ID, &o.BodyID, &o.Title, &o.Question, &doc, &o.DecisionKind, &o.Deadline, &o.State,
		&o.Base, &passed, &by, &o.CreatedAt, &closed}, extra...)...)
	o.FileID, o.CreatedBy = doc.Int64, by.Int64
	if passed.Valid {
		v := passed.Bool
		o.Passed = &v
	}
	o.ClosedAt = timePtr(closed)
	return o, err
}

// CreateOpinion records a request for written opinions and sets its id.
func (s *Store) CreateOpinion(ctx context.Context, o *model.OpinionRequest) error {
	o.CreatedAt, o.State = s.Now(), model.OpinionOpen
	id, err := s.insert(ctx, `INSERT INTO opinion_requests (body_id, title, question, file_id, decision_kind, deadline,
		state, base, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, o.BodyID, o.Title, o.Question,
		nullInt(o.FileID), o.DecisionKind, o.Deadline.UTC(), o.State, o.Base, nullInt(o.CreatedBy), o.CreatedAt)
	o.ID = id
	return err
}

// Opinion reads one request.
func (s *Store) Opinion(ctx context.Context, id int64) (*model.OpinionRequest, error) {
	o, err := scanOpinion(s.q.QueryRow(ctx, "SELECT "+opinionCols+" FROM opinion_requests r WHERE r.id = ?", id))
	if err != nil {
		return nil, err
	}
	return &o, nil
}

// OpinionQuery selects requests of a body: all, the open ones, or those
// closed in a time range.
type OpinionQuery struct {
	BodyID       int64
	Open         bool
	ClosedAfter  time.Time
	ClosedBefore time.Time
}

// Opinions lists requests, newest first.
func (s *Store) Opinions(ctx context.Context, oq OpinionQuery) ([]model.OpinionRequest, error) {
	q := "SELECT " + opinionCols + " FROM opinion_requests r WHERE r.body_id = ?"
	args := []any{oq.BodyID}
	if oq.Open {
		q += " AND r.state = 'open'"
	}
	if !oq.ClosedAfter.IsZero() {
		q += " AND r.state = 'closed' AND r.closed_at > ?"
		args = append(args, oq.ClosedAfter.UTC())
	}
	if !oq.ClosedBefore.IsZero() {
		q += " AND r.state = 'closed' AND r.closed_at <= ?"
		args = append(args, oq.ClosedBefore.UTC())
	}
	rows, err := s.q.Query(ctx, q+" ORDER BY r.created_at DESC, r.id DESC", args...)
	return collect(rows, err, func(r *sql.Rows) (model.OpinionRequest, error) { return scanOpinion(r) })
}

// DueOpinions lists open requests whose deadline has passed.
func (s *Store) DueOpinions(ctx context.Context, now time.Time) ([]model.OpinionRequest, error) {
	rows, err := s.q.Query(ctx, "SELECT "+opinionCols+" FROM opinion_requests r WHERE r.state = 'open' AND r.deadline <= ? ORDER BY r.id",
		now.UTC())
	return collect(rows, err, func(r *sql.Rows) (model.OpinionRequest, error) { return scanOpinion(r) })
}

// SetOpinionAnswer writes a member's answer, replacing an earlier one.
func (s *Store) SetOpinionAnswer(ctx context.Context, a *model.OpinionAnswer) error {
	a.AnsweredAt = s.Now()
	_, err := s.q.Exec(ctx, `INSERT INTO opinion_answers (request_id, person_id, answer, comment, answered_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (request_id, person_id) DO UPDATE SET answer = excluded.answer, comment = excluded.comment,
		answered_at = excluded.answered_at`, a.RequestID, a.PersonID, a.Answer, a.Comment, a.AnsweredAt)
	return err
}

// OpinionAnswers lists a request's answers with the members' names.
func (s *Store) OpinionAnswers(ctx context.Context, requestID int64) ([]model.OpinionAnswer, error) {
	rows, err := s.q.Query(ctx, `SELECT a.request_id, a.person_id, a.answer, a.comment, a.answered_at, p.full_name
		FROM opinion_answers a JOIN people p ON p.id = a.person_id WHERE a.request_id = ? ORDER BY p.sort_key, p.id`, requestID)
	return collect(rows, err, func(r *sql.Rows) (model.OpinionAnswer, error) {
		var a model.OpinionAnswer
		var name string
		err := r.Scan(&a.RequestID, &a.PersonID, &a.Answer, &a.Comment, &a.AnsweredAt, &name)
		a.Person = &model.Person{ID: a.PersonID, FullName: name}
		return a, err
	})
}

// CloseOpinion writes a request's result; ErrNotFound when it was closed
// meanwhile.
func (s *Store) CloseOpinion(ctx context.Context, o *model.OpinionRequest) error {
	now := s.Now()
	if err := s.execOne(ctx, "UPDATE opinion_requests SET state = 'closed', passed = ?, closed_at = ? WHERE id = ? AND state = 'open'",
		nullBool(o.Passed), now, o.ID); err != nil {
		return err
	}
	o.State, o.ClosedAt = model.OpinionClosed, &now
	return nil
}

// LockOpenOpinion takes the row lock of an open request for the rest of the
// transaction, so that an answer and the closing of its request happen one
// after the other: the answer is either counted or refused, never lost.
// ErrNotFound when the request is closed.
func (s *Store) LockOpenOpinion(ctx context.Context, id int64) error {
	return s.execOne(ctx, "UPDATE opinion_requests SET state = state WHERE id = ? AND state = 'open'", id)
}

// OpinionCount is how a request's answers stand.
type OpinionCount struct {
	Agree, Disagree, Other int
}

// Answered is how many members answered.
func (c OpinionCount) Answered() int { return c.Agree + c.Disagree + c.Other }

// OpinionCounts counts the answers of every request of a body by kind.
func (s *Store) OpinionCounts(ctx context.Context, bodyID int64) (map[int64]OpinionCount, error) {
	rows, err := s.q.Query(ctx, `SELECT a.request_id, a.answer, COUNT(*) FROM opinion_answers a
		JOIN opinion_requests r ON r.id = a.request_id WHERE r.body_id = ? GROUP BY a.request_id, a.answer`, bodyID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]OpinionCount{}
	for rows.Next() {
		var id int64
		var answer string
		var n int
		if err := rows.Scan(&id, &answer, &n); err != nil {
			return nil, err
		}
		c := out[id]
		switch answer {
		case "agree":
			c.Agree += n
		case "disagree":
			c.Disagree += n
		default:
			c.Other += n
		}
		out[id] = c
	}
	return out, rows.Err()
}
