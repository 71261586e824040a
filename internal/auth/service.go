package auth

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"nghisu/internal/model"
	"nghisu/internal/store"
	"nghisu/internal/vntext"
)

// Sign-in throttling: a few wrong passwords lock the account for a while; many
// from one address lock the address, whichever account it tries.
var (
	AccountLimit = Limit{Failures: 5, Window: 15 * time.Minute, Lock: 15 * time.Minute}
	AddrLimit    = Limit{Failures: 20, Window: 15 * time.Minute, Lock: 15 * time.Minute}
)

// Limit is a throttling rule: Failures within Window lock the key for Lock.
type Limit struct {
	Failures int
	Window   time.Duration
	Lock     time.Duration
}

// Service signs people in and keeps accounts.
type Service struct {
	st   *store.Store
	uses tokenUses
}

// New returns the service.
func New(st *store.Store) *Service { return &Service{st: st, uses: tokenUses{seen: map[int64]bool{}}} }

// ErrBadCredentials is a wrong username or password; the message never says
// which.
var ErrBadCredentials = model.Deny("auth.bad_credentials")

// LockedError says that sign-in is locked and until when.
type LockedError struct{ Until time.Time }

func (e *LockedError) Error() string { return "sign-in locked until " + e.Until.Format(time.RFC3339) }

// SignIn checks a username and password from addr. It refuses while the
// account or the address is locked, and counts every failure against both.
func (s *Service) SignIn(ctx context.Context, username, password, addr string) (*model.Account, error) {
	acc, err := s.check(ctx, username, password, addr, "signin")
	if err != nil {
		return nil, err
	}
	err = s.st.InTx(ctx, func(st *store.Store) error {
		if err := st.TouchLogin(ctx, acc.ID, s.st.Now()); err != nil {
			return err
		}
		return st.Audit(ctx, model.AuditEntry{AccountID: acc.ID, Username: acc.Username, Addr: addr,
			Action: "signin", ObjectType: "account", ObjectID: acc.ID, OrgID: acc.OrgID})
	})
	return acc, err
}

// Confirm checks the acting user's password again before a step that needs
// it (signing minutes), with the same throttling as sign-in: a wrong
// password counts towards the account's lock.
func (s *Service) Confirm(ctx context.Context, a *Actor, password string) error {
	if a.Account.ID == 0 {
		return ErrBadCredentials
	}
	_, err := s.check(ctx, a.Account.Username, password, a.Addr, "confirm")
	return err
}

// check checks a username and password from addr for action, counting a
// failure against the account and the address, and clearing the account's
// failures on success.
func (s *Service) check(ctx context.Context, username, password, addr, action string) (*model.Account, error) {
	username = NormalizeUsername(username)
	if username == "" || password == "" {
		return nil, ErrBadCredentials // nothing to check, nothing to count
	}
	now := s.st.Now()
	keys := []struct {
		key   string
		limit Limit
	}{{"account:" + username, AccountLimit}, {"addr:" + addr, AddrLimit}}
	for _, k := range keys {
		t, err := s.st.ThrottleOf(ctx, k.key)
		if err != nil {
			return nil, err
		}
		if t.LockedUntil.After(now) {
			return nil, &LockedError{Until: t.LockedUntil}
		}
	}
	acc, err := s.st.AccountByUsername(ctx, username)
	if err != nil && !errors.Is(err, model.ErrNotFound) {
		return nil, err
	}
	ok := false
	if acc != nil {
		ok = CheckPassword(acc.PasswordHash, password) && !acc.Disabled
	} else {
		CheckPassword(dummyHash, password)
	}
	if !ok {
		var locked *LockedError
		err := s.st.InTx(ctx, func(st *store.Store) error {
			for _, k := range keys {
				t, err := st.ThrottleOf(ctx, k.key)
				if err != nil {
					return err
				}
				if t.WindowStart.IsZero() || now.Sub(t.WindowStart) > k.limit.Window {
					t = store.Throttle{WindowStart: now}
				}
				t.Failures++
				if t.Failures >= k.limit.Failures {
					t.LockedUntil = now.Add(k.limit.Lock)
					locked = &LockedError{Until: t.LockedUntil}
				}
				if err := st.SaveThrottle(ctx, k.key, t); err != nil {
					return err
				}
			}
			e := model.AuditEntry{Username: username, Addr: addr, Action: action + ".failed", ObjectType: "account"}
			if acc != nil {
				e.AccountID, e.ObjectID, e.OrgID = acc.ID, acc.ID, acc.OrgID
			}
			return st.Audit(ctx, e)
		})
		if err != nil {
			return nil, err
		}
		if locked != nil {
			return nil, locked
		}
		return nil, ErrBadCredentials
	}
	return acc, s.st.ClearThrottle(ctx, keys[0].key)
}

// Actor loads the acting user of an account: its scope, and the posts and
// BTV seat its person holds today.
func (s *Service) Actor(ctx context.Context, acc *model.Account, addr string) (*Actor, error) {
	if acc.Disabled {
		return nil, ErrBadCredentials
	}
	scope, err := s.st.Org(ctx, acc.OrgID)
	if err != nil {
		return nil, err
	}
	a := &Actor{Account: *acc, Scope: *scope, Addr: addr}
	if acc.PersonID == 0 {
		return a, nil
	}
	if a.Posts, err = s.st.OpenPostsOf(ctx, acc.PersonID); err != nil {
		return nil, err
	}
	today := model.DateOf(s.st.Now().In(vntext.Location()))
	a.Standing, err = s.st.HasOpenSeat(ctx, acc.PersonID, acc.OrgID, model.BodyStanding, today)
	return a, err
}

// ActorByToken loads the actor of a personal access token.
func (s *Service) ActorByToken(ctx context.Context, token, addr string) (*Actor, error) {
	if !strings.HasPrefix(token, tokenPrefix) {
		return nil, ErrBadCredentials
	}
	acc, use, err := s.st.AccountByToken(ctx, HashToken(token))
	if errors.Is(err, model.ErrNotFound) {
		return nil, ErrBadCredentials
	}
	if err != nil {
		return nil, err
	}
	// Once a minute is precise enough to tell a live token from a
	// forgotten one.
	if s.st.Now().Sub(use.LastUsed) > time.Minute {
		s.uses.note(use.ID)
	}
	return s.Actor(ctx, acc, addr)
}

// ActorByID loads the actor of a signed-in session's account.
func (s *Service) ActorByID(ctx context.Context, accountID int64, addr string) (*Actor, error) {
	acc, err := s.st.Account(ctx, accountID)
	if err != nil {
		return nil, err
	}
	return s.Actor(ctx, acc, addr)
}

var usernameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{1,63}$`)

// NormalizeUsername lower-cases and trims a username.
func NormalizeUsername(u string) string { return strings.ToLower(strings.TrimSpace(vntext.Clean(u))) }

// CreateAccount makes an account. The person, when given, must belong to
// the account's organisation.
func (s *Service) CreateAccount(ctx context.Context, a *Actor, in model.AccountInput) (*model.Account, error) {
	if a.Role() != model.RoleAdmin {
		return nil, model.Deny("account.not_admin")
	}
	in.Username = NormalizeUsername(in.Username)
	org, err := s.st.Org(ctx, in.OrgID)
	if errors.Is(err, model.ErrNotFound) || (err == nil && !a.Sees(org)) {
		return nil, validation("org_id", "account.org_unknown")
	}
	if err != nil {
		return nil, err
	}
	if !a.CanManageAccounts(org) {
		return nil, model.Deny("account.not_admin")
	}
	v := &model.ValidationError{}
	if !usernameRE.MatchString(in.Username) {
		v.Add("username", "account.username_invalid")
	}
	if !in.Role.Valid() {
		v.Add("role", "account.role_invalid")
	}
	if len([]rune(in.Password)) < MinPasswordLength {
		v.Add("password", "account.password_short", MinPasswordLength)
	}
	if in.Role == model.RoleOffice || in.Role == model.RoleMember {
		// A commune's accounts, or those of an organisation it leads (a UBND
		// officer reports on the UBND's tasks); never the province's.
		if org.Kind == model.OrgProvince {
			v.Add("org_id", "account.commune_role")
		}
	}
	if in.PersonID != 0 {
		p, err := s.st.Person(ctx, in.PersonID)
		switch {
		case errors.Is(err, model.ErrNotFound):
			v.Add("person_id", "account.person_unknown")
		case err != nil:
			return nil, err
		case p.OrgID != org.ID:
			v.Add("person_id", "account.person_other_org")
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	acc := &model.Account{Username: in.Username, PersonID: in.PersonID, OrgID: in.OrgID, Role: in.Role,
		PasswordHash: HashPassword(in.Password)}
	err = s.st.InTx(ctx, func(st *store.Store) error {
		if err := st.CreateAccount(ctx, acc); err != nil {
			if errors.Is(err, model.ErrConflict) {
				return model.Refuse("account.taken")
			}
			return err
		}
		return st.Audit(ctx, a.Audit("account.create", "account", acc.ID, acc.OrgID,
			fmt.Sprintf("username=%s role=%s", acc.Username, acc.Role)))
	})
	if err != nil {
		return nil, err
	}
	return acc, nil
}

// Account reads an account the actor may manage (or the actor's own).
func (s *Service) Account(ctx context.Context, a *Actor, id int64) (*model.Account, error) {
	acc, err := s.st.Account(ctx, id)
	if err != nil {
		return nil, err
	}
	if acc.ID == a.Account.ID {
		return acc, nil
	}
	org, err := s.st.Org(ctx, acc.OrgID)
	if err != nil {
		return nil, err
	}
	if !a.Sees(org) {
		return nil, model.ErrNotFound
	}
	if !a.CanManageAccounts(org) {
		return nil, model.Deny("account.not_admin")
	}
	return acc, nil
}

// Accounts lists the accounts an administrator manages.
func (s *Service) Accounts(ctx context.Context, a *Actor) ([]model.Account, error) {
	if !a.CanManageAccounts(&a.Scope) {
		return nil, model.Deny("account.not_admin")
	}
	return s.st.AccountsUnder(ctx, a.Scope.Path)
}

// SetPassword changes an account's password: the owner, giving the current
// one, or an administrator of its scope.
func (s *Service) SetPassword(ctx context.Context, a *Actor, id int64, current, password string) error {
	acc, err := s.Account(ctx, a, id)
	if err != nil {
		return err
	}
	v := &model.ValidationError{}
	if acc.ID == a.Account.ID && a.Account.Username != "system" && !CheckPassword(acc.PasswordHash, current) {
		v.Add("current", "account.current_wrong")
	}
	if len([]rune(password)) < MinPasswordLength {
		v.Add("password", "account.password_short", MinPasswordLength)
	}
	if err := v.Err(); err != nil {
		return err
	}
	return s.st.InTx(ctx, func(st *store.Store) error {
		if err := st.SetPassword(ctx, acc.ID, HashPassword(password)); err != nil {
			return err
		}
		if err := st.ClearThrottle(ctx, "account:"+acc.Username); err != nil {
			return err
		}
		return st.Audit(ctx, a.Audit("account.password", "account", acc.ID, acc.OrgID, ""))
	})
}

// SetDisabled turns an account off or on; administrators only, never their own.
func (s *Service) SetDisabled(ctx context.Context, a *Actor, id int64, disabled bool) error {
	acc, err := s.Account(ctx, a, id)
	if err != nil {
		return err
	}
	if acc.ID == a.Account.ID {
		return model.Refuse("account.self_disable")
	}
	action := "account.enable"
	if disabled {
		action = "account.disable"
	}
	return s.st.InTx(ctx, func(st *store.Store) error {
		if err := st.SetDisabled(ctx, acc.ID, disabled); err != nil {
			return err
		}
		return st.Audit(ctx, a.Audit(action, "account", acc.ID, acc.OrgID, ""))
	})
}

// IssueToken creates a personal access token for the actor's own account and
// returns it; it is shown once and only its hash is kept.
func (s *Service) IssueToken(ctx context.Context, a *Actor, accountID int64, name string) (string, *model.AccessToken, error) {
	acc, err := s.Account(ctx, a, accountID)
	if err != nil {
		return "", nil, err
	}
	name = vntext.CleanLine(name)
	if name == "" {
		return "", nil, validation("name", "token.name_required")
	}
	if len([]rune(name)) > 100 {
		return "", nil, validation("name", "field.too_long", 100)
	}
	token := NewToken()
	t := &model.AccessToken{AccountID: acc.ID, Name: name}
	err = s.st.InTx(ctx, func(st *store.Store) error {
		if err := st.CreateToken(ctx, t, HashToken(token)); err != nil {
			return err
		}
		return st.Audit(ctx, a.Audit("token.create", "account", acc.ID, acc.OrgID, "name="+name))
	})
	if err != nil {
		return "", nil, err
	}
	return token, t, nil
}

// Tokens lists an account's tokens.
func (s *Service) Tokens(ctx context.Context, a *Actor, accountID int64) ([]model.AccessToken, error) {
	acc, err := s.Account(ctx, a, accountID)
	if err != nil {
		return nil, err
	}
	return s.st.Tokens(ctx, acc.ID)
}

// RevokeToken ends a token of an account.
func (s *Service) RevokeToken(ctx context.Context, a *Actor, accountID, tokenID int64) error {
	acc, err := s.Account(ctx, a, accountID)
	if err != nil {
		return err
	}
	return s.st.InTx(ctx, func(st *store.Store) error {
		if err := st.RevokeToken(ctx, acc.ID, tokenID); err != nil {
			return err
		}
		return st.Audit(ctx, a.Audit("token.revoke", "account", acc.ID, acc.OrgID, fmt.Sprint("token=", tokenID)))
	})
}

// SetLocale records the actor's language.
func (s *Service) SetLocale(ctx context.Context, a *Actor, locale string) error {
	if a.Account.ID == 0 {
		return nil
	}
	return s.st.SetLocale(ctx, a.Account.ID, locale)
}

func validation(field, key string, args ...any) error {
	v := &model.ValidationError{}
	v.Add(field, key, args...)
	return v
}
