package model

import "time"

// PostKind is a position (chức vụ). Party posts belong to a commune's body;
// the rest are posts in the organisations the commune leads, which is how a
// person's concurrent posts (kiêm nhiệm) are recorded.
type PostKind string

const (
	PostSecretary           PostKind = "secretary"             // Bí thư
	PostStandingDeputy      PostKind = "standing_deputy"       // Phó Bí thư thường trực
	PostDeputy              PostKind = "deputy"                // Phó Bí thư
	PostStandingMember      PostKind = "standing_member"       // Ủy viên Ban Thường vụ
	PostCommitteeMember     PostKind = "committee_member"      // Đảng ủy viên
	PostInspectionChair     PostKind = "inspection_chair"      // Chủ nhiệm UBKT
	PostInspectionViceChair PostKind = "inspection_vice_chair" // Phó Chủ nhiệm UBKT
	PostChair               PostKind = "chair"                 // Chủ tịch (UBND, HĐND, MTTQ, hội)
	PostViceChair           PostKind = "vice_chair"            // Phó Chủ tịch
	PostOther               PostKind = "other"                 // any other title, written out
)

// PartyPostKinds are held in a commune's bodies, in order of rank.
var PartyPostKinds = []PostKind{PostSecretary, PostStandingDeputy, PostDeputy, PostStandingMember,
	PostCommitteeMember, PostInspectionChair, PostInspectionViceChair}

// OrgPostKinds are held in the organisations a commune leads.
var OrgPostKinds = []PostKind{PostChair, PostViceChair, PostOther}

// IsParty reports whether the post is held in a party body.
func (k PostKind) IsParty() bool {
	for _, x := range PartyPostKinds {
		if x == k {
			return true
		}
	}
	return false
}

// Valid reports whether k is known.
func (k PostKind) Valid() bool {
	if k.IsParty() {
		return true
	}
	for _, x := range OrgPostKinds {
		if x == k {
			return true
		}
	}
	return false
}

// Body is the body a party post belongs to.
func (k PostKind) Body() BodyKind {
	switch k {
	case PostStandingMember:
		return BodyStanding
	case PostInspectionChair, PostInspectionViceChair:
		return BodyInspection
	}
	return BodyCommittee
}

// Single reports whether an organisation has at most one holder at a time.
func (k PostKind) Single() bool {
	return k == PostSecretary || k == PostStandingDeputy || k == PostInspectionChair || k == PostChair
}

// Rank orders posts for display, highest first.
func (k PostKind) Rank() int {
	for i, x := range PartyPostKinds {
		if x == k {
			return i
		}
	}
	for i, x := range OrgPostKinds {
		if x == k {
			return len(PartyPostKinds) + i
		}
	}
	return 99
}

// Post is a position held from StartedOn until EndedOn. A post is never
// rewritten: it ends, and a new one starts.
type Post struct {
	ID       int64    `json:"id"`
	PersonID int64    `json:"person_id"`
	OrgID    int64    `json:"org_id"`
	BodyID   int64    `json:"body_id,omitempty"`
	Kind     PostKind `json:"kind"`
	// Title replaces the kind's name when set ("Bí thư Đoàn xã").
	Title string `json:"title,omitempty"`
	// Areas are the areas of responsibility (lĩnh vực phụ trách).
	Areas     []string  `json:"areas"`
	StartedOn Date      `json:"started_on"`
	EndedOn   Date      `json:"ended_on,omitzero"`
	CreatedAt time.Time `json:"created_at"`
	// Org and Person are filled by listings.
	Org    *Org    `json:"org,omitempty"`
	Person *Person `json:"person,omitempty"`
}

// Open reports whether the post is still held.
func (p Post) Open() bool { return p.EndedOn.IsZero() }

// PostInput creates a post.
type PostInput struct {
	OrgID     int64    `json:"org_id"`
	Kind      PostKind `json:"kind"`
	Title     string   `json:"title,omitempty"`
	Areas     []string `json:"areas,omitempty"`
	StartedOn Date     `json:"started_on"`
}

// PostEnd ends a post.
type PostEnd struct {
	On Date `json:"on"`
}
