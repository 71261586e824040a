package model

import "time"

// Role is what an account may do beyond what its person's posts give.
type Role string

const (
	// RoleAdmin manages accounts and the organisation records of its subtree.
	RoleAdmin Role = "admin"
	// RoleOversight reads every commune under its organisation, changes nothing.
	RoleOversight Role = "oversight"
	// RoleOffice is a commune office's staff: keeps the commune's records.
	RoleOffice Role = "office"
	// RoleMember is a committee member or other person of the commune.
	RoleMember Role = "member"
)

// Roles lists every role.
var Roles = []Role{RoleAdmin, RoleOversight, RoleOffice, RoleMember}

// Valid reports whether r is known.
func (r Role) Valid() bool {
	return r == RoleAdmin || r == RoleOversight || r == RoleOffice || r == RoleMember
}

// Account is a sign-in.
type Account struct {
	ID       int64  `json:"id"`
	Username string `json:"username"`
	// PersonID links the account to a person of OrgID (0 for service accounts).
	PersonID int64 `json:"person_id,omitempty"`
	// OrgID is the account's scope: it sees this organisation's subtree.
	OrgID       int64      `json:"org_id"`
	Role        Role       `json:"role"`
	Locale      string     `json:"locale"`
	Disabled    bool       `json:"disabled"`
	CreatedAt   time.Time  `json:"created_at"`
	LastLoginAt *time.Time `json:"last_login_at,omitempty"`
	// PasswordHash never leaves the server.
	PasswordHash string `json:"-"`
	// Person and Org are filled by listings.
	Person *Person `json:"person,omitempty"`
	Org    *Org    `json:"org,omitempty"`
}

// AccountInput creates an account.
type AccountInput struct {
	Username string `json:"username"`
	PersonID int64  `json:"person_id,omitempty"`
	OrgID    int64  `json:"org_id"`
	Role     Role   `json:"role"`
	Password string `json:"password"`
}

// AccessToken is a personal access token for the API; only its hash is kept.
type AccessToken struct {
	ID         int64      `json:"id"`
	AccountID  int64      `json:"account_id"`
	Name       string     `json:"name"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at,omitempty"`
	RevokedAt  *time.Time `json:"revoked_at,omitempty"`
}

// AuditEntry records one write: who, when, what, from where.
type AuditEntry struct {
	ID         int64     `json:"id"`
	At         time.Time `json:"at"`
	AccountID  int64     `json:"account_id,omitempty"`
	Username   string    `json:"username"`
	Addr       string    `json:"addr,omitempty"`
	Action     string    `json:"action"`
	ObjectType string    `json:"object_type"`
	ObjectID   int64     `json:"object_id,omitempty"`
	OrgID      int64     `json:"org_id,omitempty"`
	Detail     string    `json:"detail,omitempty"`
}
