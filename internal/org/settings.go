package org

import (
	"context"
	"strconv"

	"nghisu/internal/auth"
	"nghisu/internal/model"
	"nghisu/internal/rules"
	"nghisu/internal/store"
)

// SettingValue is a setting as it applies to a commune.
type SettingValue struct {
	Setting rules.Setting
	Value   int
	// Source is where the value comes from: "commune", "province", or
	// "default" (shown as "mặc định, chưa xác minh" when the default is
	// not from a cited rule).
	Source string
}

// Setting reads a setting for an organisation: its own value, else the
// nearest above it, else the default.
func (s *Service) Setting(ctx context.Context, o *model.Org, set rules.Setting) (SettingValue, error) {
	return SettingIn(ctx, s.st, o, set)
}

// SettingIn is Setting read through st: inside a transaction, its own
// store (on PostgreSQL a transaction that waits for a second connection
// can starve the pool; enough of them at once never finish).
func SettingIn(ctx context.Context, st *store.Store, o *model.Org, set rules.Setting) (SettingValue, error) {
	ids := pathIDs(o.Path)
	vals, err := st.SettingValues(ctx, set.Key, ids)
	if err != nil {
		return SettingValue{}, err
	}
	for i := len(ids) - 1; i >= 0; i-- {
		if v, ok := vals[ids[i]]; ok {
			if n, err := strconv.Atoi(v); err == nil {
				src := "province"
				if ids[i] == o.ID {
					src = "commune"
				}
				return SettingValue{Setting: set, Value: n, Source: src}, nil
			}
		}
	}
	return SettingValue{Setting: set, Value: set.Default, Source: "default"}, nil
}

// Settings reads every setting of an organisation.
func (s *Service) Settings(ctx context.Context, a *auth.Actor, orgID int64) ([]SettingValue, error) {
	o, err := s.Org(ctx, a, orgID)
	if err != nil {
		return nil, err
	}
	var out []SettingValue
	for _, set := range rules.Settings {
		v, err := s.Setting(ctx, o, set)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// CanSet reports whether the actor may change an organisation's settings:
// its leaders (Bí thư, Phó Bí thư thường trực), or an administrator.
func (s *Service) CanSet(a *auth.Actor, o *model.Org) bool {
	if a.Role() == model.RoleAdmin && a.Sees(o) {
		return true
	}
	return a.Sees(o) && o.Kind == model.OrgCommune &&
		(a.Holds(model.PostSecretary, o.ID) || a.Holds(model.PostStandingDeputy, o.ID))
}

// SetSettings writes settings of an organisation: key → value, "" to go
// back to the inherited or default value.
func (s *Service) SetSettings(ctx context.Context, a *auth.Actor, orgID int64, values map[string]string) error {
	o, err := s.Org(ctx, a, orgID)
	if err != nil {
		return err
	}
	if !s.CanSet(a, o) {
		return model.Deny("settings.denied")
	}
	v := &model.ValidationError{}
	known := map[string]rules.Setting{}
	for _, set := range rules.Settings {
		known[set.Key] = set
	}
	for key, val := range values {
		set, ok := known[key]
		if !ok {
			v.Add(key, "settings.unknown")
			continue
		}
		if val == "" {
			continue
		}
		n, err := strconv.Atoi(val)
		if err != nil || n < set.Min || n > set.Max {
			v.Add(key, "settings.range", set.Min, set.Max)
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	return s.st.InTx(ctx, func(st *store.Store) error {
		for key, val := range values {
			if err := st.SetSetting(ctx, o.ID, key, val, a.Account.Username); err != nil {
				return err
			}
			if err := st.Audit(ctx, a.Audit("setting.set", "org", o.ID, o.ID, key+"="+val)); err != nil {
				return err
			}
		}
		return nil
	})
}

// SettingFor reads a setting for many organisations at once (one query):
// each one's own value, else the nearest above it, else the default.
func SettingFor(ctx context.Context, st *store.Store, orgs []model.Org, set rules.Setting) (map[int64]int, error) {
	seen := map[int64]bool{}
	var ids []int64
	for _, o := range orgs {
		for _, id := range pathIDs(o.Path) {
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
	}
	vals, err := st.SettingValues(ctx, set.Key, ids)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]int, len(orgs))
	for _, o := range orgs {
		out[o.ID] = set.Default
		path := pathIDs(o.Path)
		for i := len(path) - 1; i >= 0; i-- {
			if n, err := strconv.Atoi(vals[path[i]]); err == nil {
				out[o.ID] = n
				break
			}
		}
	}
	return out, nil
}
