package store

import (
	"context"
	"database/sql"

	"nghisu/internal/model"
)

const targetCols = `t.id, t.org_id, t.name, t.unit, t.baseline, t.target_value, t.direction, t.period_kind, t.period,
	t.owner_kind, t.owner_id, t.source_kind, t.source_id, t.source_paragraph, t.created_by, t.created_at`

func scanTarget(r interface{ Scan(...any) error }) (model.Target, error) {
	var t model.Target
	var src, by sql.NullInt64
	err := r.Scan(&t.ID, &t.OrgID, &t.Name, &t.Unit, &t.Baseline, &t.Value, &t.Direction, &t.PeriodKind, &t.Period,
		&t.Owner.Kind, &t.Owner.ID, &t.SourceKind, &src, &t.SourceParagraph, &by, &t.CreatedAt)
	t.SourceID, t.CreatedBy = src.Int64, by.Int64
	return t, err
}

// CreateTarget records a target and sets its id.
func (s *Store) CreateTarget(ctx context.Context, t *model.Target) error {
	t.CreatedAt = s.Now()
	id, err := s.insert(ctx, `INSERT INTO targets (org_id, name, unit, baseline, target_value, direction, period_kind, period,
		owner_kind, owner_id, source_kind, source_id, source_paragraph, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, t.OrgID, t.Name, t.Unit, t.Baseline, t.Value, t.Direction,
		t.PeriodKind, t.Period, t.Owner.Kind, t.Owner.ID, t.SourceKind, nullInt(t.SourceID), t.SourceParagraph,
		nullInt(t.CreatedBy), t.CreatedAt)
	t.ID = id
	return err
}

// Target reads one target.
func (s *Store) Target(ctx context.Context, id int64) (*model.Target, error) {
	t, err := scanTarget(s.q.QueryRow(ctx, "SELECT "+targetCols+" FROM targets t WHERE t.id = ?", id))
	if err != nil {
		return nil, err
	}
	return &t, nil
}

// Targets lists a commune's targets in the order they were set.
func (s *Store) Targets(ctx context.Context, orgID int64) ([]model.Target, error) {
	rows, err := s.q.Query(ctx, "SELECT "+targetCols+" FROM targets t WHERE t.org_id = ? ORDER BY t.id", orgID)
	return collect(rows, err, func(r *sql.Rows) (model.Target, error) { return scanTarget(r) })
}

// AddTargetValue records one report of a target's value and sets its id.
func (s *Store) AddTargetValue(ctx context.Context, v *model.TargetValue) error {
	v.ReportedAt = s.Now()
	id, err := s.insert(ctx, `INSERT INTO target_values (target_id, period, value, note, reported_by, reported_at)
		VALUES (?, ?, ?, ?, ?, ?)`, v.TargetID, v.Period, v.Value, v.Note, nullInt(v.ReportedBy), v.ReportedAt)
	v.ID = id
	return err
}

// TargetValues lists every report of a target (the history), by period and
// then in the order they were made: the last of a period is its value.
func (s *Store) TargetValues(ctx context.Context, targetID int64) ([]model.TargetValue, error) {
	rows, err := s.q.Query(ctx, `SELECT v.id, v.target_id, v.period, v.value, v.note, v.reported_by, v.reported_at,
		COALESCE(a.username, '') FROM target_values v LEFT JOIN accounts a ON a.id = v.reported_by
		WHERE v.target_id = ? ORDER BY v.period, v.id`, targetID)
	return collect(rows, err, scanTargetValue)
}

// OrgTargetValues lists every report of every target of a commune, as
// TargetValues orders them per target.
func (s *Store) OrgTargetValues(ctx context.Context, orgID int64) ([]model.TargetValue, error) {
	rows, err := s.q.Query(ctx, `SELECT v.id, v.target_id, v.period, v.value, v.note, v.reported_by, v.reported_at,
		COALESCE(a.username, '') FROM target_values v JOIN targets t ON t.id = v.target_id
		LEFT JOIN accounts a ON a.id = v.reported_by
		WHERE t.org_id = ? ORDER BY v.target_id, v.period, v.id`, orgID)
	return collect(rows, err, scanTargetValue)
}

func scanTargetValue(r *sql.Rows) (model.TargetValue, error) {
	var v model.TargetValue
	var by sql.NullInt64
	err := r.Scan(&v.ID, &v.TargetID, &v.Period, &v.Value, &v.Note, &by, &v.ReportedAt, &v.Reporter)
	v.ReportedBy = by.Int64
	return v, err
}
