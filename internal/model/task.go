package model

import "time"

// TaskStatus is how a task stands (DOMAIN.md §6).
type TaskStatus string

const (
	TaskNotStarted TaskStatus = "not_started"
	TaskOnTrack    TaskStatus = "on_track"
	TaskAtRisk     TaskStatus = "at_risk"
	TaskLate       TaskStatus = "late"
	TaskDone       TaskStatus = "done"
	TaskCancelled  TaskStatus = "cancelled"
)

// TaskStatuses lists the statuses in the order forms show them.
var TaskStatuses = []TaskStatus{TaskNotStarted, TaskOnTrack, TaskAtRisk, TaskLate, TaskDone, TaskCancelled}

// Valid reports whether s is known.
func (s TaskStatus) Valid() bool {
	for _, x := range TaskStatuses {
		if x == s {
			return true
		}
	}
	return false
}

// Closed reports whether a task in status s takes no more reports.
func (s TaskStatus) Closed() bool { return s == TaskDone || s == TaskCancelled }

// Where a task comes from.
const (
	TaskSourceNone    = ""
	TaskSourceIssued  = "issued"  // a paragraph of an issued document (a resolution, a conclusion)
	TaskSourceItem    = "item"    // the conclusion of a meeting's agenda item
	TaskSourceOpinion = "opinion" // a decision taken by written opinions
	TaskSourceUpper   = "upper"   // a document of the upper level the commune implements
)

// Task is a piece of work a decision set, with its owner and its dates.
type Task struct {
	ID        int64   `json:"id"`
	CommuneID int64   `json:"commune_id"`
	Title     string  `json:"title"`
	Subject   string  `json:"subject"`
	Owner     Owner   `json:"owner"`
	CoOwners  []Owner `json:"co_owners"`
	// Lead: the owner leads (chủ trì) the subject among those sharing it.
	Lead       bool   `json:"lead"`
	StartOn    Date   `json:"start_on"`
	DueOn      Date   `json:"due_on"`
	Expected   string `json:"expected"`
	SourceKind string `json:"source_kind,omitempty"`
	SourceID   int64  `json:"source_id,omitempty"`
	SourcePara int    `json:"source_para,omitempty"`
	SourceText string `json:"source_text,omitempty"`
	// ProgramEntryID is the work program's entry the task carries out.
	ProgramEntryID int64 `json:"program_entry_id,omitempty"`
	// Reported is the latest report's status; Status (filled by the
	// follow-up) is Reported, or late once the deadline has passed.
	Reported     TaskStatus `json:"reported_status"`
	Status       TaskStatus `json:"status"`
	Percent      int        `json:"percent"`
	Note         string     `json:"note,omitempty"`
	ClosedReason string     `json:"closed_reason,omitempty"`
	CreatedBy    int64      `json:"created_by,omitempty"`
	CreatedAt    time.Time  `json:"created_at"`
	UpdatedAt    time.Time  `json:"updated_at"`
}

// Owners are the owner and the co-owners.
func (t *Task) Owners() []Owner { return append([]Owner{t.Owner}, t.CoOwners...) }

// What an entry of a task's history records.
const (
	TaskEventCreate   = "create"
	TaskEventReport   = "report"
	TaskEventExtend   = "extend"
	TaskEventClose    = "close"
	TaskEventReassign = "reassign"
)

// TaskEvent is one entry of a task's history: a progress report or a
// conclusion (extend, close, reassign). Entries are never rewritten.
type TaskEvent struct {
	ID        int64      `json:"id"`
	TaskID    int64      `json:"task_id"`
	Kind      string     `json:"kind"`
	Status    TaskStatus `json:"status"`
	Percent   int        `json:"percent"`
	Note      string     `json:"note,omitempty"`
	FileID    int64      `json:"file_id,omitempty"`
	DueOn     Date       `json:"due_on,omitzero"`
	Owner     *Owner     `json:"owner,omitempty"`
	AccountID int64      `json:"account_id,omitempty"`
	ByName    string     `json:"by"`
	CreatedAt time.Time  `json:"created_at"`
}
