package auth

import (
	"strings"

	"nghisu/internal/model"
)

// Actor is who is acting: an account with its scope and the posts its person
// holds now. Domain packages take an Actor and decide access with its
// methods; the web layer never decides alone.
type Actor struct {
	Account model.Account
	// Scope is the account's organisation; the actor sees its subtree.
	Scope model.Org
	// Posts are the party and other posts the account's person holds now.
	Posts []model.Post
	// Standing is true when the person sits on the BTV of their commune now.
	Standing bool
	// Addr is the client address, for the audit log.
	Addr string
}

// System is the actor of command-line tools run by whoever runs the server.
func System() *Actor {
	return &Actor{
		Account: model.Account{Username: "system", Role: model.RoleAdmin},
		Scope:   model.Org{Path: "/"},
	}
}

// Sees reports whether o lies in the actor's scope. Everything outside it
// must answer "not found".
func (a *Actor) Sees(o *model.Org) bool {
	return o != nil && o.Path != "" && strings.HasPrefix(o.Path, a.Scope.Path)
}

// Role is the account's role.
func (a *Actor) Role() model.Role { return a.Account.Role }

// Holds reports whether the actor holds a post of kind in org now.
func (a *Actor) Holds(kind model.PostKind, orgID int64) bool {
	for _, p := range a.Posts {
		if p.Kind == kind && p.OrgID == orgID && p.Open() {
			return true
		}
	}
	return false
}

// CanEditRecords reports whether the actor may change the people,
// memberships and posts of o: an administrator of its scope, the commune's
// office staff, or its Bí thư or Phó Bí thư thường trực. Oversight is
// read-only by definition.
func (a *Actor) CanEditRecords(o *model.Org, commune *model.Org) bool {
	if !a.Sees(o) {
		return false
	}
	switch a.Role() {
	case model.RoleAdmin, model.RoleOffice:
		return true
	case model.RoleOversight:
		return false
	}
	return commune != nil && (a.Holds(model.PostSecretary, commune.ID) || a.Holds(model.PostStandingDeputy, commune.ID))
}

// CanManageAccounts reports whether the actor may create and change accounts
// of o: administrators only.
func (a *Actor) CanManageAccounts(o *model.Org) bool {
	return a.Role() == model.RoleAdmin && a.Sees(o)
}

// SeesStandingMaterial reports whether the actor may read what is meant for
// the BTV of commune only: its members. Nobody else, administrators and the
// province included, unless a rule releases it.
func (a *Actor) SeesStandingMaterial(commune *model.Org) bool {
	return a.Standing && commune != nil && a.Account.OrgID == commune.ID
}

// Audit starts an audit entry for a write by this actor.
func (a *Actor) Audit(action, objectType string, objectID, orgID int64, detail string) model.AuditEntry {
	return model.AuditEntry{
		AccountID: a.Account.ID, Username: a.Account.Username, Addr: a.Addr,
		Action: action, ObjectType: objectType, ObjectID: objectID, OrgID: orgID, Detail: detail,
	}
}
