package model

import "time"

// The kinds of search entries.
const (
	SearchMeeting  = "meeting"
	SearchDocument = "document"
	SearchQuestion = "question"
	SearchMinutes  = "minutes"
	SearchIssued   = "issued"
	SearchTask     = "task"
)

// SearchEntry is one searchable thing as the search index holds it: its
// title and text raw (the store folds them), where it belongs, and which
// meeting decides who may see it.
type SearchEntry struct {
	Kind  string `json:"kind"`
	RefID int64  `json:"ref_id"`
	// MeetingID is the meeting the thing belongs to (0: none).
	MeetingID int64 `json:"meeting_id,omitempty"`
	// OrgID and OrgPath are the organisation whose scope holds the thing.
	// When both are empty and MeetingID is set, the store takes them from
	// the meeting's body.
	OrgID   int64  `json:"org_id"`
	OrgPath string `json:"-"`
	Title   string `json:"title"`
	Text    string `json:"text,omitempty"`
	// UpdatedAt is set by the store.
	UpdatedAt time.Time `json:"updated_at"`
	// Rank orders the results of a search, best first; filled by reads.
	Rank float64 `json:"-"`
	// ID is the entry's own id; filled by reads.
	ID int64 `json:"-"`
}
