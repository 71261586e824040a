package model

import "time"

// ProgramKind is the span a work program covers.
type ProgramKind string

const (
	ProgramTerm  ProgramKind = "term"  // chương trình làm việc toàn khóa
	ProgramYear  ProgramKind = "year"  // chương trình công tác năm
	ProgramMonth ProgramKind = "month" // định hướng công tác tháng
)

// ProgramKinds lists the kinds, longest span first.
var ProgramKinds = []ProgramKind{ProgramTerm, ProgramYear, ProgramMonth}

// Valid reports whether k is known.
func (k ProgramKind) Valid() bool { return k == ProgramTerm || k == ProgramYear || k == ProgramMonth }

// Program is a body's work program for its term, a year or a month.
type Program struct {
	ID     int64       `json:"id"`
	BodyID int64       `json:"body_id"`
	Kind   ProgramKind `json:"kind"`
	// Period is "" for the term, "2026" for a year, "2026-05" for a month.
	Period    string    `json:"period"`
	Title     string    `json:"title"`
	CreatedBy int64     `json:"created_by,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	// Entries counts the entries, filled by listings.
	Entries int `json:"entries"`
}

// ProgramInput creates a program.
type ProgramInput struct {
	Kind   ProgramKind `json:"kind"`
	Period string      `json:"period"`
	Title  string      `json:"title"`
}

// EntryStatus is where an entry of a program stands.
type EntryStatus string

const (
	EntryPlanned EntryStatus = "planned"
	EntryDone    EntryStatus = "done"
	EntryDropped EntryStatus = "dropped" // with a reason
)

// EntryStatuses lists the statuses.
var EntryStatuses = []EntryStatus{EntryPlanned, EntryDone, EntryDropped}

// Valid reports whether s is known.
func (s EntryStatus) Valid() bool { return s == EntryPlanned || s == EntryDone || s == EntryDropped }

// ProgramEntry is one line of a work program: what, in which area, when,
// who leads it, and where it was decided.
type ProgramEntry struct {
	ID        int64  `json:"id"`
	ProgramID int64  `json:"program_id"`
	Title     string `json:"title"`
	Content   string `json:"content,omitempty"`
	Area      Area   `json:"area"`
	// Month is the planned month, "2026-05".
	Month    string      `json:"month"`
	Deadline Date        `json:"deadline,omitzero"`
	Owner    *Owner      `json:"owner,omitempty"`
	Status   EntryStatus `json:"status"`
	Reason   string      `json:"reason,omitempty"`
	// MeetingID is the meeting that decided it; IssuedID the issued
	// document of the record it comes from.
	MeetingID int64     `json:"meeting_id,omitempty"`
	IssuedID  int64     `json:"issued_id,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// EntryInput creates or changes an entry.
type EntryInput struct {
	Title     string      `json:"title"`
	Content   string      `json:"content,omitempty"`
	Area      Area        `json:"area"`
	Month     string      `json:"month,omitempty"`
	Deadline  Date        `json:"deadline,omitzero"`
	Owner     *Owner      `json:"owner,omitempty"`
	Status    EntryStatus `json:"status,omitempty"`
	Reason    string      `json:"reason,omitempty"`
	MeetingID int64       `json:"meeting_id,omitempty"`
	IssuedID  int64       `json:"issued_id,omitempty"`
}

// UpperKind is the kind of an upper-level document.
type UpperKind string

const (
	UpperDirective  UpperKind = "directive"  // chỉ thị
	UpperResolution UpperKind = "resolution" // nghị quyết
	UpperConclusion UpperKind = "conclusion" // kết luận
	UpperDecision   UpperKind = "decision"   // quyết định
)

// UpperKinds lists the kinds.
var UpperKinds = []UpperKind{UpperDirective, UpperResolution, UpperConclusion, UpperDecision}

// Valid reports whether k is known.
func (k UpperKind) Valid() bool {
	return k == UpperDirective || k == UpperResolution || k == UpperConclusion || k == UpperDecision
}

// UpperDocument is a document of the province or the Central Committee,
// registered once at the province and followed in every commune under it.
type UpperDocument struct {
	ID    int64     `json:"id"`
	OrgID int64     `json:"org_id"`
	Kind  UpperKind `json:"kind"`
	// Symbol is the number and symbol, "Chỉ thị 35-CT/TW".
	Symbol   string `json:"symbol"`
	Title    string `json:"title"`
	IssuedOn Date   `json:"issued_on"`
	Issuer   string `json:"issuer"`
	// Deadline is when the communes' implementation plans are due.
	Deadline  Date      `json:"deadline,omitzero"`
	CreatedBy int64     `json:"created_by,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

// UpperInput registers an upper-level document.
type UpperInput struct {
	Kind     UpperKind `json:"kind"`
	Symbol   string    `json:"symbol"`
	Title    string    `json:"title"`
	IssuedOn Date      `json:"issued_on"`
	Issuer   string    `json:"issuer"`
	Deadline Date      `json:"deadline,omitzero"`
}

// UpperFollowup is what one commune has done with an upper-level document.
type UpperFollowup struct {
	DocumentID     int64 `json:"document_id"`
	OrgID          int64 `json:"org_id"`
	DisseminatedOn Date  `json:"disseminated_on,omitzero"`
	// PlanOn is the day the implementation plan was issued; PlanIssuedID
	// the issued document of the record, or PlanNumber a free number.
	PlanOn       Date   `json:"plan_on,omitzero"`
	PlanIssuedID int64  `json:"plan_issued_id,omitempty"`
	PlanNumber   string `json:"plan_number,omitempty"`
	// TasksDerived is filled by the follow-up package when tasks link to
	// the document; nil until then.
	TasksDerived *int      `json:"tasks_derived,omitempty"`
	UpdatedBy    int64     `json:"updated_by,omitempty"`
	UpdatedAt    time.Time `json:"updated_at,omitzero"`
}

// HasPlan reports whether the commune has issued its implementation plan.
func (f UpperFollowup) HasPlan() bool { return !f.PlanOn.IsZero() }

// FollowupInput records a commune's follow-up.
type FollowupInput struct {
	DisseminatedOn Date   `json:"disseminated_on,omitzero"`
	PlanOn         Date   `json:"plan_on,omitzero"`
	PlanIssuedID   int64  `json:"plan_issued_id,omitempty"`
	PlanNumber     string `json:"plan_number,omitempty"`
}
