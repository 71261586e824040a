package model

// OwnerKind says what owns a task or a target: a person, a body of the
// party committee (BCH, BTV, UBKT), or an organisation the commune leads
// (UBND, HĐND, MTTQ, a mass organisation) or the commune itself.
type OwnerKind string

const (
	OwnerPerson OwnerKind = "person"
	OwnerBody   OwnerKind = "body"
	OwnerOrg    OwnerKind = "org"
)

// Valid reports whether k is known.
func (k OwnerKind) Valid() bool { return k == OwnerPerson || k == OwnerBody || k == OwnerOrg }

// Owner is who answers for a task or a target. Name is filled by reads.
type Owner struct {
	Kind OwnerKind `json:"kind"`
	ID   int64     `json:"id"`
	Name string    `json:"name,omitempty"`
}
