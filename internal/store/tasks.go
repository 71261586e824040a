package store

import (
	"context"
	"database/sql"

	"nghisu/internal/model"
	"nghisu/internal/vntext"
)

const taskCols = `t.id, t.commune_id, t.title, t.subject, t.owner_kind, t.owner_id, t.owner_name, t.lead, t.start_on, t.due_on,
	t.expected, t.source_kind, t.source_id, t.source_para, t.source_text, t.status, t.percent, t.note, t.closed_reason,
	t.created_by, t.created_at, t.updated_at, t.program_entry_id`

func scanTask(r interface{ Scan(...any) error }) (model.Task, error) {
	var t model.Task
	var src, by, entry sql.NullInt64
	err := r.Scan(&t.ID, &t.CommuneID, &t.Title, &t.Subject, &t.Owner.Kind, &t.Owner.ID, &t.Owner.Name, &t.Lead, &t.StartOn,
		&t.DueOn, &t.Expected, &t.SourceKind, &src, &t.SourcePara, &t.SourceText, &t.Reported, &t.Percent, &t.Note,
		&t.ClosedReason, &by, &t.CreatedAt, &t.UpdatedAt, &entry)
	t.SourceID, t.CreatedBy, t.ProgramEntryID = src.Int64, by.Int64, entry.Int64
	t.Status = t.Reported
	return t, err
}

// CreateTask records a task with its co-owners and sets its id.
func (s *Store) CreateTask(ctx context.Context, t *model.Task) error {
	t.CreatedAt = s.Now()
	t.UpdatedAt = t.CreatedAt
	if t.Reported == "" {
		t.Reported = model.TaskNotStarted
	}
	id, err := s.insert(ctx, `INSERT INTO tasks (commune_id, title, subject, subject_key, owner_kind, owner_id, owner_name, lead,
		start_on, due_on, expected, source_kind, source_id, source_para, source_text, status, percent, note, closed_reason,
		created_by, created_at, updated_at, program_entry_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		t.CommuneID, t.Title, t.Subject, vntext.Fold(t.Subject), t.Owner.Kind, t.Owner.ID, t.Owner.Name, t.Lead, t.StartOn,
		t.DueOn, t.Expected, t.SourceKind, nullInt(t.SourceID), t.SourcePara, t.SourceText, t.Reported, t.Percent, t.Note,
		t.ClosedReason, nullInt(t.CreatedBy), t.CreatedAt, t.UpdatedAt, nullInt(t.ProgramEntryID))
	if err != nil {
		return err
	}
	t.ID = id
	for _, o := range t.CoOwners {
		if _, err := s.q.Exec(ctx, "INSERT INTO task_coowners (task_id, owner_kind, owner_id, owner_name) VALUES (?, ?, ?, ?)",
			t.ID, o.Kind, o.ID, o.Name); err != nil {
			return err
		}
	}
	return s.Reindex(ctx, model.SearchTask, t.ID)
}

// Task reads one task with its co-owners.
func (s *Store) Task(ctx context.Context, id int64) (*model.Task, error) {
	t, err := scanTask(s.q.QueryRow(ctx, "SELECT "+taskCols+" FROM tasks t WHERE t.id = ?", id))
	if err != nil {
		return nil, err
	}
	ts := []model.Task{t}
	if err := s.fillCoOwners(ctx, ts); err != nil {
		return nil, err
	}
	return &ts[0], nil
}

// TaskQuery selects a commune's tasks.
type TaskQuery struct {
	CommuneID int64
	// Under, instead of CommuneID, selects the tasks of every commune
	// under this path (a province's).
	Under string
	// Owner keeps the tasks the owner owns or co-owns.
	Owner *model.Owner
	// Open keeps the tasks not done or cancelled.
	Open bool
}

// Tasks lists a commune's tasks by deadline.
func (s *Store) Tasks(ctx context.Context, q TaskQuery) ([]model.Task, error) {
	sqlq := "SELECT " + taskCols + " FROM tasks t WHERE t.commune_id = ?"
	args := []any{q.CommuneID}
	if q.Under != "" {
		cond, under := subtree("co.path", q.Under)
		sqlq = "SELECT " + taskCols + " FROM tasks t JOIN orgs co ON co.id = t.commune_id WHERE " + cond
		args = under
	}
	if q.Owner != nil {
		sqlq += ` AND ((t.owner_kind = ? AND t.owner_id = ?) OR EXISTS (SELECT 1 FROM task_coowners c
			WHERE c.task_id = t.id AND c.owner_kind = ? AND c.owner_id = ?))`
		args = append(args, q.Owner.Kind, q.Owner.ID, q.Owner.Kind, q.Owner.ID)
	}
	if q.Open {
		sqlq += " AND t.status NOT IN ('done', 'cancelled')"
	}
	rows, err := s.q.Query(ctx, sqlq+" ORDER BY t.due_on, t.id", args...)
	ts, err := collect(rows, err, func(r *sql.Rows) (model.Task, error) { return scanTask(r) })
	if err != nil {
		return nil, err
	}
	return ts, s.fillCoOwners(ctx, ts)
}

// OpenTasksDueBetween lists the open tasks of every commune whose deadline
// lies in [from, to], for the reminders.
func (s *Store) OpenTasksDueBetween(ctx context.Context, from, to model.Date) ([]model.Task, error) {
	rows, err := s.q.Query(ctx, "SELECT "+taskCols+` FROM tasks t WHERE t.status NOT IN ('done', 'cancelled')
		AND t.due_on >= ? AND t.due_on <= ? ORDER BY t.id`, from, to)
	ts, err := collect(rows, err, func(r *sql.Rows) (model.Task, error) { return scanTask(r) })
	if err != nil {
		return nil, err
	}
	return ts, s.fillCoOwners(ctx, ts)
}

func (s *Store) fillCoOwners(ctx context.Context, ts []model.Task) error {
	at := map[int64]int{}
	for i := range ts {
		at[ts[i].ID] = i
	}
	// In chunks: a province's tasks outnumber the parameters a statement
	// may have.
	const chunk = 5000
	for from := 0; from < len(ts); from += chunk {
		part := ts[from:min(from+chunk, len(ts))]
		ids := make([]any, len(part))
		for i := range part {
			ids[i] = part[i].ID
		}
		if err := s.readCoOwners(ctx, ids, func(id int64, o model.Owner) {
			ts[at[id]].CoOwners = append(ts[at[id]].CoOwners, o)
		}); err != nil {
			return err
		}
	}
	return nil
}

func (s *Store) readCoOwners(ctx context.Context, ids []any, add func(int64, model.Owner)) error {
	rows, err := s.q.Query(ctx, "SELECT task_id, owner_kind, owner_id, owner_name FROM task_coowners WHERE task_id IN ("+
		placeholders(len(ids))+") ORDER BY task_id, owner_name, owner_id", ids...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var o model.Owner
		if err := rows.Scan(&id, &o.Kind, &o.ID, &o.Name); err != nil {
			return err
		}
		add(id, o)
	}
	return rows.Err()
}

// UpdateTask writes a task's state after a report or a conclusion: status,
// percent, note, reason, deadline and owner.
func (s *Store) UpdateTask(ctx context.Context, t *model.Task) error {
	t.UpdatedAt = s.Now()
	if err := s.execOne(ctx, `UPDATE tasks SET status = ?, percent = ?, note = ?, closed_reason = ?, due_on = ?, owner_kind = ?,
		owner_id = ?, owner_name = ?, updated_at = ? WHERE id = ?`, t.Reported, t.Percent, t.Note, t.ClosedReason, t.DueOn,
		t.Owner.Kind, t.Owner.ID, t.Owner.Name, t.UpdatedAt, t.ID); err != nil {
		return err
	}
	return s.Reindex(ctx, model.SearchTask, t.ID)
}

// AddTaskEvent appends an entry to a task's history.
func (s *Store) AddTaskEvent(ctx context.Context, e *model.TaskEvent) error {
	e.CreatedAt = s.Now()
	var o model.Owner
	if e.Owner != nil {
		o = *e.Owner
	}
	id, err := s.insert(ctx, `INSERT INTO task_events (task_id, kind, status, percent, note, file_id, due_on, owner_kind, owner_id,
		owner_name, account_id, by_name, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, e.TaskID, e.Kind, e.Status,
		e.Percent, e.Note, nullInt(e.FileID), e.DueOn, string(o.Kind), o.ID, o.Name, nullInt(e.AccountID), e.ByName, e.CreatedAt)
	e.ID = id
	return err
}

// TaskEvents lists a task's history, oldest first.
func (s *Store) TaskEvents(ctx context.Context, taskID int64) ([]model.TaskEvent, error) {
	rows, err := s.q.Query(ctx, `SELECT id, task_id, kind, status, percent, note, file_id, due_on, owner_kind, owner_id, owner_name,
		account_id, by_name, created_at FROM task_events WHERE task_id = ? ORDER BY id`, taskID)
	return collect(rows, err, func(r *sql.Rows) (model.TaskEvent, error) {
		var e model.TaskEvent
		var file, acc sql.NullInt64
		var o model.Owner
		err := r.Scan(&e.ID, &e.TaskID, &e.Kind, &e.Status, &e.Percent, &e.Note, &file, &e.DueOn, &o.Kind, &o.ID, &o.Name,
			&acc, &e.ByName, &e.CreatedAt)
		e.FileID, e.AccountID = file.Int64, acc.Int64
		if o.Kind != "" {
			e.Owner = &o
		}
		return e, err
	})
}

// MarkTaskReminder records that a task's reminder for reason was sent;
// false when it had been already, so that none goes twice.
func (s *Store) MarkTaskReminder(ctx context.Context, taskID int64, reason string) (bool, error) {
	res, err := s.q.Exec(ctx, "INSERT INTO task_reminders (task_id, reason, sent_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
		taskID, reason, s.Now())
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// LockOpenTask takes an open task's row lock for the rest of the
// transaction, so that a report and the task's closing happen one after
// the other; ErrNotFound when the task is done or cancelled.
func (s *Store) LockOpenTask(ctx context.Context, id int64) error {
	return s.execOne(ctx, "UPDATE tasks SET status = status WHERE id = ? AND status NOT IN ('done', 'cancelled')", id)
}

// CountTasksFrom counts a commune's tasks set by one source.
func (s *Store) CountTasksFrom(ctx context.Context, communeID int64, kind string, sourceID int64) (int, error) {
	var n int
	err := s.q.QueryRow(ctx, "SELECT COUNT(*) FROM tasks WHERE commune_id = ? AND source_kind = ? AND source_id = ?",
		communeID, kind, sourceID).Scan(&n)
	return n, err
}
