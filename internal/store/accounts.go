package store

import (
	"context"
	"database/sql"
	"time"

	"nghisu/internal/model"
)

const accountCols = "a.id, a.username, a.person_id, a.org_id, a.role, a.password_hash, a.locale, a.disabled, a.created_at, a.last_login_at"

func scanAccount(r interface{ Scan(...any) error }, extra ...any) (model.Account, error) {
	var a model.Account
	var person sql.NullInt64
	var last sql.NullTime
	err := r.Scan(append([]any{&a.ID, &a.Username, &person, &a.OrgID, &a.Role, &a.PasswordHash, &a.Locale,
		&a.Disabled, &a.CreatedAt, &last}, extra...)...)
	a.PersonID = person.Int64
	a.LastLoginAt = timePtr(last)
	return a, err
}

// CreateAccount inserts a; a taken username or person is model.ErrConflict.
func (s *Store) CreateAccount(ctx context.Context, a *model.Account) error {
	a.CreatedAt = s.Now()
	if a.Locale == "" {
		a.Locale = "vi"
	}
	id, err := s.insert(ctx, `INSERT INTO accounts (username, person_id, org_id, role, password_hash, locale, disabled, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, a.Username, nullInt(a.PersonID), a.OrgID, a.Role, a.PasswordHash,
		a.Locale, a.Disabled, a.CreatedAt)
	a.ID = id
	return err
}

// Account reads one account.
func (s *Store) Account(ctx context.Context, id int64) (*model.Account, error) {
	a, err := scanAccount(s.q.QueryRow(ctx, "SELECT "+accountCols+" FROM accounts a WHERE a.id = ?", id))
	if err != nil {
		return nil, err
	}
	return &a, nil
}

// AccountByUsername reads the account with that (lower-case) username.
func (s *Store) AccountByUsername(ctx context.Context, username string) (*model.Account, error) {
	a, err := scanAccount(s.q.QueryRow(ctx, "SELECT "+accountCols+" FROM accounts a WHERE a.username = ?", username))
	if err != nil {
		return nil, err
	}
	return &a, nil
}

// AccountByPerson reads the account linked to a person.
func (s *Store) AccountByPerson(ctx context.Context, personID int64) (*model.Account, error) {
	a, err := scanAccount(s.q.QueryRow(ctx, "SELECT "+accountCols+" FROM accounts a WHERE a.person_id = ?", personID))
	if err != nil {
		return nil, err
	}
	return &a, nil
}

// AccountsUnder lists the accounts scoped to organisations under path, with
// their organisation and person.
func (s *Store) AccountsUnder(ctx context.Context, path string) ([]model.Account, error) {
	cond, args := subtree("o.path", path)
	rows, err := s.q.Query(ctx, "SELECT "+accountCols+", "+orgCols+`, p.full_name FROM accounts a
		JOIN orgs o ON o.id = a.org_id LEFT JOIN people p ON p.id = a.person_id
		WHERE `+cond+" ORDER BY o.path, a.username", args...)
	return collect(rows, err, func(r *sql.Rows) (model.Account, error) {
		var o model.Org
		var parent sql.NullInt64
		var name sql.NullString
		a, err := scanAccount(r, &o.ID, &parent, &o.Kind, &o.Unit, &o.Name, &o.Place, &o.Path, &o.CreatedAt, &name)
		o.ParentID = parent.Int64
		a.Org = &o
		if name.Valid {
			a.Person = &model.Person{ID: a.PersonID, FullName: name.String, OrgID: a.OrgID}
		}
		return a, err
	})
}

// SetPassword replaces an account's password hash.
func (s *Store) SetPassword(ctx context.Context, id int64, hash string) error {
	return s.execOne(ctx, "UPDATE accounts SET password_hash = ? WHERE id = ?", hash, id)
}

// SetDisabled turns an account off or on.
func (s *Store) SetDisabled(ctx context.Context, id int64, disabled bool) error {
	return s.execOne(ctx, "UPDATE accounts SET disabled = ? WHERE id = ?", disabled, id)
}

// SetLocale records an account's language.
func (s *Store) SetLocale(ctx context.Context, id int64, locale string) error {
	return s.execOne(ctx, "UPDATE accounts SET locale = ? WHERE id = ?", locale, id)
}

// TouchLogin records a successful sign-in.
func (s *Store) TouchLogin(ctx context.Context, id int64, at time.Time) error {
	return s.execOne(ctx, "UPDATE accounts SET last_login_at = ? WHERE id = ?", at.UTC(), id)
}

// CountAccounts counts all accounts.
func (s *Store) CountAccounts(ctx context.Context) (int, error) {
	var n int
	err := s.q.QueryRow(ctx, "SELECT COUNT(*) FROM accounts").Scan(&n)
	return n, err
}

// CreateToken stores the hash of a new personal access token.
func (s *Store) CreateToken(ctx context.Context, t *model.AccessToken, hash string) error {
	t.CreatedAt = s.Now()
	id, err := s.insert(ctx, "INSERT INTO access_tokens (account_id, name, hash, created_at) VALUES (?, ?, ?, ?)",
		t.AccountID, t.Name, hash, t.CreatedAt)
	t.ID = id
	return err
}

// TokenUse names a token and when it was last noted used.
type TokenUse struct {
	ID       int64
	LastUsed time.Time // zero: never
}

// AccountByToken finds the enabled account of a live token by the token's
// hash, and the token's use (auth notes uses in batches: NoteTokensUsed).
func (s *Store) AccountByToken(ctx context.Context, hash string) (*model.Account, TokenUse, error) {
	var use TokenUse
	var lastUsed sql.NullTime
	a, err := scanAccount(s.q.QueryRow(ctx, "SELECT "+accountCols+`, t.id, t.last_used_at FROM access_tokens t
		JOIN accounts a ON a.id = t.account_id WHERE t.hash = ? AND t.revoked_at IS NULL AND NOT a.disabled`, hash),
		&use.ID, &lastUsed)
	if err != nil {
		return nil, use, err
	}
	use.LastUsed = lastUsed.Time
	return &a, use, nil
}

// NoteTokensUsed records that tokens were used at a time, in one statement.
func (s *Store) NoteTokensUsed(ctx context.Context, ids []int64, at time.Time) error {
	if len(ids) == 0 {
		return nil
	}
	args := []any{at}
	for _, id := range ids {
		args = append(args, id)
	}
	_, err := s.q.Exec(ctx, "UPDATE access_tokens SET last_used_at = ? WHERE id IN ("+placeholders(len(ids))+")", args...)
	return err
}

// Tokens lists an account's tokens, newest first.
func (s *Store) Tokens(ctx context.Context, accountID int64) ([]model.AccessToken, error) {
	rows, err := s.q.Query(ctx, `SELECT id, account_id, name, created_at, last_used_at, revoked_at
		FROM access_tokens WHERE account_id = ? ORDER BY id DESC`, accountID)
	return collect(rows, err, func(r *sql.Rows) (model.AccessToken, error) {
		var t model.AccessToken
		var used, revoked sql.NullTime
		err := r.Scan(&t.ID, &t.AccountID, &t.Name, &t.CreatedAt, &used, &revoked)
		t.LastUsedAt, t.RevokedAt = timePtr(used), timePtr(revoked)
		return t, err
	})
}

// RevokeToken ends one of an account's tokens.
func (s *Store) RevokeToken(ctx context.Context, accountID, tokenID int64) error {
	return s.execOne(ctx, "UPDATE access_tokens SET revoked_at = ? WHERE id = ? AND account_id = ? AND revoked_at IS NULL",
		s.Now(), tokenID, accountID)
}

// SetCalendarToken gives an account a new secret for its calendar feed.
func (s *Store) SetCalendarToken(ctx context.Context, id int64, token string) error {
	return s.execOne(ctx, "UPDATE accounts SET calendar_token = ? WHERE id = ?", token, id)
}

// CalendarToken reads an account's calendar secret ("" when none).
func (s *Store) CalendarToken(ctx context.Context, id int64) (string, error) {
	var t sql.NullString
	err := s.q.QueryRow(ctx, "SELECT calendar_token FROM accounts WHERE id = ?", id).Scan(&t)
	return t.String, err
}

// AccountByCalendarToken finds the enabled account of a calendar secret.
func (s *Store) AccountByCalendarToken(ctx context.Context, token string) (*model.Account, error) {
	a, err := scanAccount(s.q.QueryRow(ctx, "SELECT "+accountCols+" FROM accounts a WHERE a.calendar_token = ? AND NOT a.disabled", token))
	if err != nil {
		return nil, err
	}
	return &a, nil
}
