package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

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
	return s.AuditSearch(ctx, AuditQuery{Path: path, Limit: limit})
}

// AuditQuery selects audit entries, newest first.
type AuditQuery struct {
	// Path limits the entries to organisations under it ("" for all).
	Path string
	// Username is the account's name, exactly (case aside).
	Username string
	// Action is an action ("account.create") or the start of one
	// ("account." for every action on accounts).
	Action string
	// ObjectType is the kind of object written ("account", "meeting").
	ObjectType string
	// From and To bound the time: From ≤ at < To (either may be zero).
	From, To time.Time
	// Limit and Offset page the result (no limit when 0).
	Limit, Offset int
}

// AuditSearch lists the entries q selects, newest first.
func (s *Store) AuditSearch(ctx context.Context, q AuditQuery) ([]model.AuditEntry, error) {
	sqlText := `SELECT a.id, a.at, a.account_id, a.username, a.addr, a.action, a.object_type, a.object_id, a.org_id, a.detail
		FROM audit_log a`
	var where []string
	var args []any
	if q.Path != "" {
		cond, a := subtree("o.path", q.Path)
		sqlText += " JOIN orgs o ON o.id = a.org_id"
		where, args = append(where, cond), append(args, a...)
	}
	if q.Username != "" {
		where, args = append(where, "LOWER(a.username) = ?"), append(args, strings.ToLower(q.Username))
	}
	if q.Action != "" {
		if strings.HasSuffix(q.Action, ".") {
			// A prefix: compared as a range, so that no LIKE wildcard
			// in what was typed can widen it.
			where, args = append(where, "a.action >= ? AND a.action < ?"), append(args, q.Action, q.Action[:len(q.Action)-1]+"/")
		} else {
			where, args = append(where, "a.action = ?"), append(args, q.Action)
		}
	}
	if q.ObjectType != "" {
		where, args = append(where, "a.object_type = ?"), append(args, q.ObjectType)
	}
	if !q.From.IsZero() {
		where, args = append(where, "a.at >= ?"), append(args, q.From.UTC())
	}
	if !q.To.IsZero() {
		where, args = append(where, "a.at < ?"), append(args, q.To.UTC())
	}
	if len(where) > 0 {
		sqlText += " WHERE " + strings.Join(where, " AND ")
	}
	sqlText += " ORDER BY a.id DESC"
	if q.Limit > 0 {
		sqlText += " LIMIT ? OFFSET ?"
		args = append(args, q.Limit, q.Offset)
	}
	rows, err := s.q.Query(ctx, sqlText, args...)
	return collect(rows, err, func(r *sql.Rows) (model.AuditEntry, error) {
		var e model.AuditEntry
		var acc, obj, org sql.NullInt64
		err := r.Scan(&e.ID, &e.At, &acc, &e.Username, &e.Addr, &e.Action, &e.ObjectType, &obj, &org, &e.Detail)
		e.AccountID, e.ObjectID, e.OrgID = acc.Int64, obj.Int64, org.Int64
		return e, err
	})
}

// AuditObjectTypes lists the kinds of objects written under path, for the
// viewer's filter.
func (s *Store) AuditObjectTypes(ctx context.Context, path string) ([]string, error) {
	q := `SELECT DISTINCT a.object_type FROM audit_log a`
	var args []any
	if path != "" {
		cond, a := subtree("o.path", path)
		q += " JOIN orgs o ON o.id = a.org_id WHERE " + cond
		args = a
	}
	rows, err := s.q.Query(ctx, q+" ORDER BY a.object_type", args...)
	return collect(rows, err, func(r *sql.Rows) (string, error) {
		var t string
		return t, r.Scan(&t)
	})
}
