package model

import "time"

// AttendanceStatus is how a person took part in a meeting.
type AttendanceStatus string

const (
	AttendPresent    AttendanceStatus = "present"
	AttendLate       AttendanceStatus = "late"       // arrived late: present from ArrivedAt
	AttendLeftEarly  AttendanceStatus = "left_early" // present until LeftAt
	AttendExcused    AttendanceStatus = "excused"    // absent with a reason
	AttendUnexcused  AttendanceStatus = "unexcused"  // absent without one
	AttendUnrecorded AttendanceStatus = ""           // not yet recorded
)

// AttendanceStatuses lists the statuses a roll call records.
var AttendanceStatuses = []AttendanceStatus{AttendPresent, AttendLate, AttendLeftEarly, AttendExcused, AttendUnexcused}

// Valid reports whether s is a status a roll call records.
func (s AttendanceStatus) Valid() bool {
	for _, x := range AttendanceStatuses {
		if x == s {
			return true
		}
	}
	return false
}

// Attendance is one person's attendance at a meeting.
type Attendance struct {
	MeetingID  int64            `json:"meeting_id"`
	PersonID   int64            `json:"person_id"`
	Status     AttendanceStatus `json:"status"`
	Reason     string           `json:"reason,omitempty"`
	ArrivedAt  *time.Time       `json:"arrived_at,omitempty"`
	LeftAt     *time.Time       `json:"left_at,omitempty"`
	RecordedBy string           `json:"recorded_by,omitempty"`
	UpdatedAt  time.Time        `json:"updated_at"`
}

// Here reports whether the person is in the room now.
func (a Attendance) Here() bool {
	switch a.Status {
	case AttendPresent, AttendLate:
		return true
	}
	return false
}

// AttendanceInput records a person's attendance.
type AttendanceInput struct {
	Status AttendanceStatus `json:"status"`
	Reason string           `json:"reason,omitempty"`
}

// SpeechKind tells a speech from a point of order, which jumps the queue.
type SpeechKind string

const (
	SpeechNormal SpeechKind = "speech"
	SpeechOrder  SpeechKind = "order" // kiến nghị về thủ tục
)

// SpeechState is where a request to speak stands.
type SpeechState string

const (
	SpeechRequested SpeechState = "requested"
	SpeechSpeaking  SpeechState = "speaking"
	SpeechDone      SpeechState = "done"
	SpeechWithdrawn SpeechState = "withdrawn"
)

// Speech is a request to speak on an item and, once given the floor, the
// speech: its times and the substance the meeting's secretary records.
type Speech struct {
	ID          int64       `json:"id"`
	MeetingID   int64       `json:"meeting_id"`
	ItemID      int64       `json:"item_id"`
	PersonID    int64       `json:"person_id"`
	Kind        SpeechKind  `json:"kind"`
	State       SpeechState `json:"state"`
	Position    int         `json:"position"`
	RequestedAt time.Time   `json:"requested_at"`
	StartedAt   *time.Time  `json:"started_at,omitempty"`
	EndedAt     *time.Time  `json:"ended_at,omitempty"`
	Substance   string      `json:"substance,omitempty"`
	AddedBy     string      `json:"added_by,omitempty"`
	Person      *Person     `json:"person,omitempty"`
}

// Seconds is how long the speech lasted (0 until it ended).
func (s Speech) Seconds() int {
	if s.StartedAt == nil || s.EndedAt == nil {
		return 0
	}
	return int(s.EndedAt.Sub(*s.StartedAt).Seconds())
}

// Addressee is who a question (chất vấn) is put to.
type Addressee string

const (
	AskCommittee  Addressee = "committee"  // the BCH
	AskStanding   Addressee = "standing"   // the BTV
	AskExecutive  Addressee = "executive"  // the Thường trực
	AskInspection Addressee = "inspection" // the UBKT
	AskPerson     Addressee = "person"     // a named member
)

// Addressees lists every addressee.
var Addressees = []Addressee{AskCommittee, AskStanding, AskExecutive, AskInspection, AskPerson}

// QuestionState is where a question stands.
type QuestionState string

const (
	QuestionSubmitted QuestionState = "submitted" // waiting for the floor
	QuestionOnFloor   QuestionState = "on_floor"  // being answered
	QuestionAnswered  QuestionState = "answered"  // answered in the meeting
	QuestionPromised  QuestionState = "promised"  // an answer in writing is due
	QuestionClosed    QuestionState = "closed"    // answered in writing, or withdrawn
)

// Question is a question put in a meeting of the BCH or the BTV.
type Question struct {
	ID                int64         `json:"id"`
	OrgID             int64         `json:"org_id"`
	MeetingID         int64         `json:"meeting_id"`
	AskerID           int64         `json:"asker_id"`
	Addressee         Addressee     `json:"addressee"`
	AddresseePersonID int64         `json:"addressee_person_id,omitempty"`
	Text              string        `json:"text"`
	AskedAt           time.Time     `json:"asked_at"`
	State             QuestionState `json:"state"`
	FloorAt           *time.Time    `json:"floor_at,omitempty"`
	Answer            string        `json:"answer,omitempty"`
	AnsweredBy        int64         `json:"answered_by,omitempty"`
	AnsweredAt        *time.Time    `json:"answered_at,omitempty"`
	AnswerDue         Date          `json:"answer_due,omitzero"`
	// Satisfied is the asker's verdict on the answer, nil until given.
	Satisfied *bool   `json:"satisfied,omitempty"`
	Asker     *Person `json:"asker,omitempty"`
	To        *Person `json:"to,omitempty"`
}

// Open reports whether the question still waits for an answer.
func (q Question) Open() bool {
	return q.State == QuestionSubmitted || q.State == QuestionOnFloor || q.State == QuestionPromised
}

// QuestionInput puts a question.
type QuestionInput struct {
	Addressee         Addressee `json:"addressee"`
	AddresseePersonID int64     `json:"addressee_person_id,omitempty"`
	Text              string    `json:"text"`
}

// AnswerInput records an answer given in the meeting, or the promise of one
// in writing by a day.
type AnswerInput struct {
	Answer     string `json:"answer,omitempty"`
	AnsweredBy int64  `json:"answered_by,omitempty"`
	// InWriting promises a written answer by Due (default: the setting's
	// number of days from today).
	InWriting bool `json:"in_writing,omitempty"`
	Due       Date `json:"due,omitzero"`
}
