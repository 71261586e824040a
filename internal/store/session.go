package store

import (
	"context"
	"database/sql"
	"time"

	"nghisu/internal/db"
	"nghisu/internal/model"
)

// LockMeeting locks a meeting's row until the transaction ends, so that
// the changes of one meeting in session take turns: otherwise, on
// PostgreSQL, two transactions could each see no vote open and open one
// each, or open a vote while another moves to the next item or adjourns.
// On SQLite, whose writer is one at a time, it does nothing.
func (s *Store) LockMeeting(ctx context.Context, meetingID int64) error {
	if s.q.Dialect() != db.Postgres {
		return nil
	}
	var id int64
	return s.q.QueryRow(ctx, "SELECT id FROM meetings WHERE id = ? FOR UPDATE", meetingID).Scan(&id)
}

// SetCurrentItem puts an item on the floor (0: none).
func (s *Store) SetCurrentItem(ctx context.Context, meetingID, itemID int64) error {
	return s.execOne(ctx, "UPDATE meetings SET current_item_id = ? WHERE id = ?", nullInt(itemID), meetingID)
}

// SetItemOutcome records whether an item was discussed and the chair's
// conclusion on it.
func (s *Store) SetItemOutcome(ctx context.Context, itemID int64, discussed bool, conclusion string) error {
	return s.execOne(ctx, "UPDATE agenda_items SET discussed = ?, conclusion = ? WHERE id = ?", discussed, conclusion, itemID)
}

// SetSpeakingLimit sets an item's speaking time in seconds (0: the setting).
func (s *Store) SetSpeakingLimit(ctx context.Context, itemID int64, seconds int) error {
	return s.execOne(ctx, "UPDATE agenda_items SET speaking_limit = ? WHERE id = ?", seconds, itemID)
}

const attendanceCols = "meeting_id, person_id, status, reason, arrived_at, left_at, recorded_by, updated_at"

func scanAttendance(r interface{ Scan(...any) error }) (model.Attendance, error) {
	var a model.Attendance
	var arrived, left sql.NullTime
	err := r.Scan(&a.MeetingID, &a.PersonID, &a.Status, &a.Reason, &arrived, &left, &a.RecordedBy, &a.UpdatedAt)
	a.ArrivedAt, a.LeftAt = timePtr(arrived), timePtr(left)
	return a, err
}

// SetAttendance writes one person's attendance.
func (s *Store) SetAttendance(ctx context.Context, a *model.Attendance) error {
	a.UpdatedAt = s.Now()
	_, err := s.q.Exec(ctx, `INSERT INTO attendance (`+attendanceCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (meeting_id, person_id) DO UPDATE SET status = excluded.status, reason = excluded.reason,
		arrived_at = excluded.arrived_at, left_at = excluded.left_at, recorded_by = excluded.recorded_by,
		updated_at = excluded.updated_at`,
		a.MeetingID, a.PersonID, a.Status, a.Reason, ptrTime(a.ArrivedAt), ptrTime(a.LeftAt), a.RecordedBy, a.UpdatedAt)
	return err
}

// AttendanceOf reads one person's attendance (ErrNotFound: not recorded).
func (s *Store) AttendanceOf(ctx context.Context, meetingID, personID int64) (*model.Attendance, error) {
	a, err := scanAttendance(s.q.QueryRow(ctx, "SELECT "+attendanceCols+" FROM attendance WHERE meeting_id = ? AND person_id = ?",
		meetingID, personID))
	if err != nil {
		return nil, err
	}
	return &a, nil
}

// Attendance lists a meeting's recorded attendance.
func (s *Store) Attendance(ctx context.Context, meetingID int64) ([]model.Attendance, error) {
	rows, err := s.q.Query(ctx, "SELECT "+attendanceCols+" FROM attendance WHERE meeting_id = ?", meetingID)
	return collect(rows, err, func(r *sql.Rows) (model.Attendance, error) { return scanAttendance(r) })
}

// ptrTime stores an optional time, in UTC.
func ptrTime(t *time.Time) sql.NullTime {
	if t == nil {
		return sql.NullTime{}
	}
	return nullTime(*t)
}

const speechCols = "s.id, s.meeting_id, s.item_id, s.person_id, s.kind, s.state, s.position, s.requested_at, s.started_at, s.ended_at, s.substance, s.added_by"

func scanSpeech(r interface{ Scan(...any) error }, extra ...any) (model.Speech, error) {
	var sp model.Speech
	var started, ended sql.NullTime
	err := r.Scan(append([]any{&sp.ID, &sp.MeetingID, &sp.ItemID, &sp.PersonID, &sp.Kind, &sp.State, &sp.Position,
		&sp.RequestedAt, &started, &ended, &sp.Substance, &sp.AddedBy}, extra...)...)
	sp.StartedAt, sp.EndedAt = timePtr(started), timePtr(ended)
	return sp, err
}

// AddSpeech adds a request to speak and sets its id. Its place in the
// list is sp.Position, or the end of its item's list when 0.
func (s *Store) AddSpeech(ctx context.Context, sp *model.Speech) error {
	if sp.Position == 0 {
		if err := s.q.QueryRow(ctx, "SELECT COALESCE(MAX(position), 0) + 1 FROM speeches WHERE item_id = ?", sp.ItemID).Scan(&sp.Position); err != nil {
			return err
		}
	}
	sp.RequestedAt = s.Now()
	id, err := s.insert(ctx, `INSERT INTO speeches (meeting_id, item_id, person_id, kind, state, position, requested_at, substance, added_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, sp.MeetingID, sp.ItemID, sp.PersonID, sp.Kind, sp.State, sp.Position,
		sp.RequestedAt, sp.Substance, sp.AddedBy)
	sp.ID = id
	return err
}

// Speech reads one speech.
func (s *Store) Speech(ctx context.Context, id int64) (*model.Speech, error) {
	sp, err := scanSpeech(s.q.QueryRow(ctx, "SELECT "+speechCols+" FROM speeches s WHERE s.id = ?", id))
	if err != nil {
		return nil, err
	}
	return &sp, nil
}

// UpdateSpeech writes a speech's state, position, times and substance.
func (s *Store) UpdateSpeech(ctx context.Context, sp *model.Speech) error {
	return s.execOne(ctx, `UPDATE speeches SET state = ?, position = ?, started_at = ?, ended_at = ?, substance = ?
		WHERE id = ?`, sp.State, sp.Position, ptrTime(sp.StartedAt), ptrTime(sp.EndedAt), sp.Substance, sp.ID)
}

// Speeches lists a meeting's speeches (of one item when itemID is not 0) in
// item and list order, with the speakers' names.
func (s *Store) Speeches(ctx context.Context, meetingID, itemID int64) ([]model.Speech, error) {
	q := "SELECT " + speechCols + ", p.full_name FROM speeches s JOIN people p ON p.id = s.person_id WHERE s.meeting_id = ?"
	args := []any{meetingID}
	if itemID != 0 {
		q += " AND s.item_id = ?"
		args = append(args, itemID)
	}
	rows, err := s.q.Query(ctx, q+" ORDER BY s.item_id, s.position, s.id", args...)
	return collect(rows, err, func(r *sql.Rows) (model.Speech, error) {
		var name string
		sp, err := scanSpeech(r, &name)
		sp.Person = &model.Person{ID: sp.PersonID, FullName: name}
		return sp, err
	})
}

const questionCols = `q.id, q.org_id, q.meeting_id, q.asker_id, q.addressee, q.addressee_person_id, q.text, q.asked_at, q.state,
	q.floor_at, q.answer, q.answered_by, q.answered_at, q.answer_due, q.satisfied`

func scanQuestion(r interface{ Scan(...any) error }, extra ...any) (model.Question, error) {
	var q model.Question
	var to, by sql.NullInt64
	var floor, answered sql.NullTime
	var satisfied sql.NullBool
	err := r.Scan(append([]any{&q.ID, &q.OrgID, &q.MeetingID, &q.AskerID, &q.Addressee, &to, &q.Text, &q.AskedAt, &q.State,
		&floor, &q.Answer, &by, &answered, &q.AnswerDue, &satisfied}, extra...)...)
	if err != nil {
		return q, err
	}
	q.AddresseePersonID, q.AnsweredBy = to.Int64, by.Int64
	q.FloorAt, q.AnsweredAt = timePtr(floor), timePtr(answered)
	if satisfied.Valid {
		v := satisfied.Bool
		q.Satisfied = &v
	}
	return q, err
}

func nullBool(b *bool) sql.NullBool {
	if b == nil {
		return sql.NullBool{}
	}
	return sql.NullBool{Bool: *b, Valid: true}
}

// AddQuestion records a question, sets its id, and puts it in the search
// index in the same transaction.
func (s *Store) AddQuestion(ctx context.Context, q *model.Question) error {
	return s.InTx(ctx, func(s *Store) error {
		q.AskedAt = s.Now()
		id, err := s.insert(ctx, `INSERT INTO questions (org_id, meeting_id, asker_id, addressee, addressee_person_id, text, asked_at, state)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, q.OrgID, q.MeetingID, q.AskerID, q.Addressee, nullInt(q.AddresseePersonID),
			q.Text, q.AskedAt, q.State)
		q.ID = id
		if err != nil {
			return err
		}
		return s.Reindex(ctx, model.SearchQuestion, id)
	})
}

// UpdateQuestion writes a question's state, answer and verdict, and its
// search entry (the answer is searched) in the same transaction.
func (s *Store) UpdateQuestion(ctx context.Context, q *model.Question) error {
	return s.InTx(ctx, func(s *Store) error {
		err := s.execOne(ctx, `UPDATE questions SET state = ?, floor_at = ?, answer = ?, answered_by = ?, answered_at = ?,
			answer_due = ?, satisfied = ? WHERE id = ?`, q.State, ptrTime(q.FloorAt), q.Answer, nullInt(q.AnsweredBy),
			ptrTime(q.AnsweredAt), q.AnswerDue, nullBool(q.Satisfied), q.ID)
		if err != nil {
			return err
		}
		return s.Reindex(ctx, model.SearchQuestion, q.ID)
	})
}

// Question reads one question.
func (s *Store) Question(ctx context.Context, id int64) (*model.Question, error) {
	q, err := scanQuestion(s.q.QueryRow(ctx, "SELECT "+questionCols+" FROM questions q WHERE q.id = ?", id))
	if err != nil {
		return nil, err
	}
	return &q, nil
}

// QuestionQuery selects questions: of a meeting, or the open ones put in
// earlier meetings of a body.
type QuestionQuery struct {
	MeetingID int64
	// OpenInBody with Before lists the questions of the body's meetings
	// before that meeting that still wait for an answer.
	OpenInBody int64
	Before     int64
}

// Questions lists questions in the order they were asked, with the names
// of askers and named addressees.
func (s *Store) Questions(ctx context.Context, qq QuestionQuery) ([]model.Question, error) {
	q := "SELECT " + questionCols + ", a.full_name, t.full_name FROM questions q JOIN people a ON a.id = q.asker_id" +
		" LEFT JOIN people t ON t.id = q.addressee_person_id"
	var args []any
	if qq.MeetingID != 0 {
		q += " WHERE q.meeting_id = ?"
		args = append(args, qq.MeetingID)
	} else {
		q += ` JOIN meetings m ON m.id = q.meeting_id WHERE m.body_id = ? AND q.meeting_id <> ?
			AND q.state IN ('submitted', 'on_floor', 'promised')
			AND m.starts_at < (SELECT starts_at FROM meetings WHERE id = ?)`
		args = append(args, qq.OpenInBody, qq.Before, qq.Before)
	}
	rows, err := s.q.Query(ctx, q+" ORDER BY q.asked_at, q.id", args...)
	return collect(rows, err, func(r *sql.Rows) (model.Question, error) {
		var asker string
		var to sql.NullString
		qn, err := scanQuestion(r, &asker, &to)
		qn.Asker = &model.Person{ID: qn.AskerID, FullName: asker}
		if to.Valid {
			qn.To = &model.Person{ID: qn.AddresseePersonID, FullName: to.String}
		}
		return qn, err
	})
}

// VoterPresent reports whether a person is in the room and an incumbent
// member of the body: the check each ballot makes as it is written.
func (s *Store) VoterPresent(ctx context.Context, meetingID, bodyID, personID int64) (bool, error) {
	var n int
	err := s.q.QueryRow(ctx, `SELECT COUNT(*) FROM attendance a JOIN memberships ms ON ms.person_id = a.person_id
		AND ms.body_id = ? AND ms.ended_on IS NULL AND ms.status = 'incumbent'
		WHERE a.meeting_id = ? AND a.person_id = ? AND a.status IN ('present', 'late')`, bodyID, meetingID, personID).Scan(&n)
	return n > 0, err
}

// MoveQuestion takes a question left open at an earlier meeting up at
// another.
func (s *Store) MoveQuestion(ctx context.Context, id, meetingID int64) error {
	return s.InTx(ctx, func(s *Store) error {
		if err := s.execOne(ctx, "UPDATE questions SET meeting_id = ? WHERE id = ?", meetingID, id); err != nil {
			return err
		}
		return s.Reindex(ctx, model.SearchQuestion, id) // it is now found with, and seen as, the new meeting
	})
}
