package store

import (
	"context"
	"database/sql"

	"nghisu/internal/model"
)

// Audit appends an entry to the audit log; called inside the transaction of
// the write it records, so the two stand or fall together.
func (s *Store) Audit(ctx context.Context, e model.AuditEntry) error {
	e.At = s.Now()
	_, err := s.q.Exec(ctx, `INSERT INTO audit_log (at, account_id, username, addr, action, object_type, object_id, org_id, detail)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, e.At, nullInt(e.AccountID), e.Username, e.Addr, e.Action, e.ObjectType,
		nullInt(e.ObjectID), nullInt(e.OrgID), e.Detail)
	return err
}

// AuditLog lists the newest entries about organisations under path (all
// entries when path is "").
func (s *Store) AuditLog(ctx context.Context, path string, limit int) ([]model.AuditEntry, error) {
	q := `SELECT a.id, a.at, a.account_id, a.username, a.addr, a.action, a.object_type, a.object_id, a.org_id, a.detail
		FROM audit_log a`
	var args []any
	if path != "" {
		cond, a := subtree("o.path", path)
		q += " JOIN orgs o ON o.id = a.org_id WHERE " + cond
		args = a
	}
	q += " ORDER BY a.id DESC LIMIT ?"
	rows, err := s.q.Query(ctx, q, append(args, limit)...)
	return collect(rows, err, func(r *sql.Rows) (model.AuditEntry, error) {
		var e model.AuditEntry
		var acc, obj, org sql.NullInt64
		err := r.Scan(&e.ID, &e.At, &acc, &e.Username, &e.Addr, &e.Action, &e.ObjectType, &obj, &org, &e.Detail)
		e.AccountID, e.ObjectID, e.OrgID = acc.Int64, obj.Int64, org.Int64
		return e, err
	})
}
