package store

import (
	"context"
	"database/sql"
	"strings"
)

// SettingValues reads the values of a key set on any of the given
// organisations, keyed by organisation.
func (s *Store) SettingValues(ctx context.Context, key string, orgIDs []int64) (map[int64]string, error) {
	out := map[int64]string{}
	if len(orgIDs) == 0 {
		return out, nil
	}
	args := []any{key}
	for _, id := range orgIDs {
		args = append(args, id)
	}
	rows, err := s.q.Query(ctx, "SELECT org_id, value FROM settings WHERE key = ? AND org_id IN ("+placeholders(len(orgIDs))+")", args...)
	type kv struct {
		org int64
		v   string
	}
	vals, err := collect(rows, err, func(r *sql.Rows) (kv, error) {
		var x kv
		return x, r.Scan(&x.org, &x.v)
	})
	for _, x := range vals {
		out[x.org] = x.v
	}
	return out, err
}

// SettingsWithPrefix reads every setting of one organisation whose key
// starts with prefix (no LIKE wildcards in it), in one query.
func (s *Store) SettingsWithPrefix(ctx context.Context, orgID int64, prefix string) (map[string]string, error) {
	rows, err := s.q.Query(ctx, "SELECT key, value FROM settings WHERE org_id = ? AND key LIKE ?", orgID, prefix+"%")
	out := map[string]string{}
	err = each(rows, err, func(r *sql.Rows) error {
		var k, v string
		if err := r.Scan(&k, &v); err != nil {
			return err
		}
		out[k] = v
		return nil
	})
	return out, err
}

// SetSetting writes (or, with value "", removes) an organisation's setting.
func (s *Store) SetSetting(ctx context.Context, orgID int64, key, value, by string) error {
	if strings.TrimSpace(value) == "" {
		_, err := s.q.Exec(ctx, "DELETE FROM settings WHERE org_id = ? AND key = ?", orgID, key)
		return err
	}
	_, err := s.q.Exec(ctx, `INSERT INTO settings (org_id, key, value, updated_by, updated_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (org_id, key) DO UPDATE SET value = excluded.value, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
		orgID, key, value, by, s.Now())
	return err
}
