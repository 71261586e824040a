package model

import "time"

// MemberStatus is a member's standing in a body; it decides whether the
// member counts in the base of a vote (see rules).
type MemberStatus string

const (
	StatusIncumbent    MemberStatus = "incumbent"    // đương nhiệm
	StatusTransferred  MemberStatus = "transferred"  // chuyển sinh hoạt tạm thời
	StatusExempted     MemberStatus = "exempted"     // miễn công tác và sinh hoạt đảng
	StatusSuspended    MemberStatus = "suspended"    // đình chỉ sinh hoạt
	StatusProsecuted   MemberStatus = "prosecuted"   // bị khởi tố, truy tố, tạm giam
	StatusProbationary MemberStatus = "probationary" // đảng viên dự bị
)

// MemberStatuses lists every status in display order.
var MemberStatuses = []MemberStatus{StatusIncumbent, StatusTransferred, StatusExempted,
	StatusSuspended, StatusProsecuted, StatusProbationary}

// Valid reports whether s is known.
func (s MemberStatus) Valid() bool {
	for _, x := range MemberStatuses {
		if x == s {
			return true
		}
	}
	return false
}

// Membership is one period of a person's membership in a body with one
// status. A change of status ends the row and opens another, so the rows of
// a person and body are their history.
type Membership struct {
	ID        int64        `json:"id"`
	BodyID    int64        `json:"body_id"`
	PersonID  int64        `json:"person_id"`
	Status    MemberStatus `json:"status"`
	StartedOn Date         `json:"started_on"`
	EndedOn   Date         `json:"ended_on,omitzero"`
	Note      string       `json:"note,omitempty"`
	CreatedAt time.Time    `json:"created_at"`
	// Person is filled by listings of a body's members.
	Person *Person `json:"person,omitempty"`
	// Body is filled by listings of a person's memberships.
	Body *Body `json:"body,omitempty"`
}

// Open reports whether the membership has not ended.
func (m Membership) Open() bool { return m.EndedOn.IsZero() }

// MembershipInput adds a person to a body.
type MembershipInput struct {
	PersonID  int64        `json:"person_id"`
	Status    MemberStatus `json:"status"`
	StartedOn Date         `json:"started_on"`
	Note      string       `json:"note,omitempty"`
}

// StatusChange ends the current membership period and opens the next.
type StatusChange struct {
	Status MemberStatus `json:"status"`
	On     Date         `json:"on"`
	Note   string       `json:"note,omitempty"`
}
