package store

import (
	"context"
	"database/sql"

	"nghisu/internal/model"
)

const programCols = `p.id, p.body_id, p.kind, p.period, p.title, p.created_by, p.created_at`

func scanProgram(r interface{ Scan(...any) error }, extra ...any) (model.Program, error) {
	var p model.Program
	var by sql.NullInt64
	err := r.Scan(append([]any{&p.ID, &p.BodyID, &p.Kind, &p.Period, &p.Title, &by, &p.CreatedAt}, extra...)...)
	p.CreatedBy = by.Int64
	return p, err
}

// CreateProgram records a work program and sets its id; ErrConflict when
// the body already has one for that span.
func (s *Store) CreateProgram(ctx context.Context, p *model.Program) error {
	p.CreatedAt = s.Now()
	id, err := s.insert(ctx, `INSERT INTO work_programs (body_id, kind, period, title, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?)`, p.BodyID, p.Kind, p.Period, p.Title, nullInt(p.CreatedBy), p.CreatedAt)
	p.ID = id
	return err
}

// Program reads one work program.
func (s *Store) Program(ctx context.Context, id int64) (*model.Program, error) {
	p, err := scanProgram(s.q.QueryRow(ctx, "SELECT "+programCols+" FROM work_programs p WHERE p.id = ?", id))
	if err != nil {
		return nil, err
	}
	return &p, nil
}

// ProgramFor finds a body's program of a kind and period.
func (s *Store) ProgramFor(ctx context.Context, bodyID int64, kind model.ProgramKind, period string) (*model.Program, error) {
	p, err := scanProgram(s.q.QueryRow(ctx, "SELECT "+programCols+" FROM work_programs p WHERE p.body_id = ? AND p.kind = ? AND p.period = ?",
		bodyID, kind, period))
	if err != nil {
		return nil, err
	}
	return &p, nil
}

// Programs lists a body's programs: the term's first, then years and
// months, newest first, each with its number of entries.
func (s *Store) Programs(ctx context.Context, bodyID int64) ([]model.Program, error) {
	rows, err := s.q.Query(ctx, "SELECT "+programCols+`, (SELECT COUNT(*) FROM program_entries e WHERE e.program_id = p.id)
		FROM work_programs p WHERE p.body_id = ?
		ORDER BY CASE p.kind WHEN 'term' THEN 0 WHEN 'year' THEN 1 ELSE 2 END, p.period DESC, p.id`, bodyID)
	return collect(rows, err, func(r *sql.Rows) (model.Program, error) {
		var n int
		p, err := scanProgram(r, &n)
		p.Entries = n
		return p, err
	})
}

const progEntryCols = `e.id, e.program_id, e.title, e.content, e.area, e.month, e.deadline, e.owner_kind, e.owner_id, e.status,
	e.reason, e.meeting_id, e.issued_id, e.created_at, e.updated_at`

func scanProgEntry(r interface{ Scan(...any) error }) (model.ProgramEntry, error) {
	var e model.ProgramEntry
	var ok sql.NullString
	var oid, mid, iid sql.NullInt64
	err := r.Scan(&e.ID, &e.ProgramID, &e.Title, &e.Content, &e.Area, &e.Month, &e.Deadline, &ok, &oid, &e.Status,
		&e.Reason, &mid, &iid, &e.CreatedAt, &e.UpdatedAt)
	if ok.Valid && oid.Valid {
		e.Owner = &model.Owner{Kind: model.OwnerKind(ok.String), ID: oid.Int64}
	}
	e.MeetingID, e.IssuedID = mid.Int64, iid.Int64
	return e, err
}

func ownerCols(o *model.Owner) (sql.NullString, sql.NullInt64) {
	if o == nil {
		return sql.NullString{}, sql.NullInt64{}
	}
	return sql.NullString{String: string(o.Kind), Valid: true}, nullInt(o.ID)
}

// CreateEntry adds an entry to a program and sets its id.
func (s *Store) CreateEntry(ctx context.Context, e *model.ProgramEntry) error {
	e.CreatedAt = s.Now()
	e.UpdatedAt = e.CreatedAt
	ok, oid := ownerCols(e.Owner)
	id, err := s.insert(ctx, `INSERT INTO program_entries (program_id, title, content, area, month, deadline, owner_kind,
		owner_id, status, reason, meeting_id, issued_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.ProgramID, e.Title, e.Content, e.Area, e.Month, e.Deadline, ok, oid, e.Status, e.Reason, nullInt(e.MeetingID),
		nullInt(e.IssuedID), e.CreatedAt, e.UpdatedAt)
	e.ID = id
	return err
}

// UpdateEntry writes an entry's fields (not its program).
func (s *Store) UpdateEntry(ctx context.Context, e *model.ProgramEntry) error {
	e.UpdatedAt = s.Now()
	ok, oid := ownerCols(e.Owner)
	return s.execOne(ctx, `UPDATE program_entries SET title = ?, content = ?, area = ?, month = ?, deadline = ?, owner_kind = ?,
		owner_id = ?, status = ?, reason = ?, meeting_id = ?, issued_id = ?, updated_at = ? WHERE id = ?`,
		e.Title, e.Content, e.Area, e.Month, e.Deadline, ok, oid, e.Status, e.Reason, nullInt(e.MeetingID), nullInt(e.IssuedID),
		e.UpdatedAt, e.ID)
}

// ProgramEntry reads one entry by its id; the follow-up and target
// packages link to entries by this id.
func (s *Store) ProgramEntry(ctx context.Context, id int64) (*model.ProgramEntry, error) {
	e, err := scanProgEntry(s.q.QueryRow(ctx, "SELECT "+progEntryCols+" FROM program_entries e WHERE e.id = ?", id))
	if err != nil {
		return nil, err
	}
	return &e, nil
}

// ProgramEntries lists a program's entries by month, then as entered.
func (s *Store) ProgramEntries(ctx context.Context, programID int64) ([]model.ProgramEntry, error) {
	rows, err := s.q.Query(ctx, "SELECT "+progEntryCols+" FROM program_entries e WHERE e.program_id = ? ORDER BY e.month, e.id", programID)
	return collect(rows, err, func(r *sql.Rows) (model.ProgramEntry, error) { return scanProgEntry(r) })
}

const upperCols = `u.id, u.org_id, u.kind, u.symbol, u.title, u.issued_on, u.issuer, u.deadline, u.created_by, u.created_at`

func scanUpper(r interface{ Scan(...any) error }) (model.UpperDocument, error) {
	var u model.UpperDocument
	var by sql.NullInt64
	err := r.Scan(&u.ID, &u.OrgID, &u.Kind, &u.Symbol, &u.Title, &u.IssuedOn, &u.Issuer, &u.Deadline, &by, &u.CreatedAt)
	u.CreatedBy = by.Int64
	return u, err
}

// CreateUpper registers an upper-level document at a province; ErrConflict
// when the province has one with the same number and symbol.
func (s *Store) CreateUpper(ctx context.Context, u *model.UpperDocument) error {
	u.CreatedAt = s.Now()
	id, err := s.insert(ctx, `INSERT INTO upper_documents (org_id, kind, symbol, title, issued_on, issuer, deadline, created_by,
		created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, u.OrgID, u.Kind, u.Symbol, u.Title, u.IssuedOn, u.Issuer, u.Deadline,
		nullInt(u.CreatedBy), u.CreatedAt)
	u.ID = id
	return err
}

// Upper reads one upper-level document.
func (s *Store) Upper(ctx context.Context, id int64) (*model.UpperDocument, error) {
	u, err := scanUpper(s.q.QueryRow(ctx, "SELECT "+upperCols+" FROM upper_documents u WHERE u.id = ?", id))
	if err != nil {
		return nil, err
	}
	return &u, nil
}

// Uppers lists a province's documents, newest first.
func (s *Store) Uppers(ctx context.Context, provinceID int64) ([]model.UpperDocument, error) {
	rows, err := s.q.Query(ctx, "SELECT "+upperCols+" FROM upper_documents u WHERE u.org_id = ? ORDER BY u.issued_on DESC, u.id DESC",
		provinceID)
	return collect(rows, err, func(r *sql.Rows) (model.UpperDocument, error) { return scanUpper(r) })
}

const followupCols = `f.document_id, f.org_id, f.disseminated_on, f.plan_on, f.plan_issued_id, f.plan_number, f.tasks_derived,
	f.updated_by, f.updated_at`

func scanFollowup(r interface{ Scan(...any) error }) (model.UpperFollowup, error) {
	var f model.UpperFollowup
	var iid, by sql.NullInt64
	var tasks sql.NullInt64
	err := r.Scan(&f.DocumentID, &f.OrgID, &f.DisseminatedOn, &f.PlanOn, &iid, &f.PlanNumber, &tasks, &by, &f.UpdatedAt)
	f.PlanIssuedID, f.UpdatedBy = iid.Int64, by.Int64
	if tasks.Valid {
		n := int(tasks.Int64)
		f.TasksDerived = &n
	}
	return f, err
}

// SetFollowup writes a commune's follow-up of a document, replacing what it
// said before. tasks_derived is left as it was.
func (s *Store) SetFollowup(ctx context.Context, f *model.UpperFollowup) error {
	f.UpdatedAt = s.Now()
	_, err := s.q.Exec(ctx, `INSERT INTO upper_followups (document_id, org_id, disseminated_on, plan_on, plan_issued_id,
		plan_number, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (document_id, org_id) DO UPDATE SET disseminated_on = excluded.disseminated_on, plan_on = excluded.plan_on,
		plan_issued_id = excluded.plan_issued_id, plan_number = excluded.plan_number, updated_by = excluded.updated_by,
		updated_at = excluded.updated_at`, f.DocumentID, f.OrgID, f.DisseminatedOn, f.PlanOn, nullInt(f.PlanIssuedID),
		f.PlanNumber, nullInt(f.UpdatedBy), f.UpdatedAt)
	return err
}

// Followups lists the communes' follow-ups of a document.
func (s *Store) Followups(ctx context.Context, documentID int64) ([]model.UpperFollowup, error) {
	rows, err := s.q.Query(ctx, "SELECT "+followupCols+" FROM upper_followups f WHERE f.document_id = ? ORDER BY f.org_id", documentID)
	return collect(rows, err, func(r *sql.Rows) (model.UpperFollowup, error) { return scanFollowup(r) })
}

// CommuneFollowups lists one commune's follow-ups of its province's
// documents.
func (s *Store) CommuneFollowups(ctx context.Context, communeID int64) ([]model.UpperFollowup, error) {
	rows, err := s.q.Query(ctx, "SELECT "+followupCols+" FROM upper_followups f WHERE f.org_id = ? ORDER BY f.document_id", communeID)
	return collect(rows, err, func(r *sql.Rows) (model.UpperFollowup, error) { return scanFollowup(r) })
}

// SetTasksDerived is the follow-up package's hook: how many tasks of a
// commune come from a document. It makes the commune's row when there is
// none yet (nothing recorded but the count).
func (s *Store) SetTasksDerived(ctx context.Context, documentID, communeID int64, n int) error {
	_, err := s.q.Exec(ctx, `INSERT INTO upper_followups (document_id, org_id, tasks_derived, updated_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (document_id, org_id) DO UPDATE SET tasks_derived = excluded.tasks_derived`, documentID, communeID, n, s.Now())
	return err
}

// PlannedEntriesOf lists the planned entries of every work program of an
// organisation's bodies, newest program first (what a task can carry out).
func (s *Store) PlannedEntriesOf(ctx context.Context, orgID int64) ([]model.ProgramEntry, error) {
	rows, err := s.q.Query(ctx, "SELECT "+progEntryCols+` FROM program_entries e JOIN work_programs p ON p.id = e.program_id
		JOIN bodies b ON b.id = p.body_id WHERE b.org_id = ? AND e.status = 'planned' ORDER BY p.id DESC, e.month, e.id`, orgID)
	return collect(rows, err, func(r *sql.Rows) (model.ProgramEntry, error) { return scanProgEntry(r) })
}
