package model

import "time"

// DecisionKind is what a vote decides; the rules give each its threshold
// and the ballot it takes.
type DecisionKind string

const (
	DecideOrdinary   DecisionKind = "ordinary"   // a resolution, a conclusion
	DecideAdmission  DecisionKind = "admission"  // admitting a party member: ≥ 2/3 of all members
	DecideElection   DecisionKind = "election"   // electing the BCH, BTV, Bí thư, UBKT…: secret
	DecideNomination DecisionKind = "nomination" // straw polls, nominations to state or Front posts: secret
	DecideConfidence DecisionKind = "confidence" // a vote of confidence: secret, 2/3 present
	DecidePersonnel  DecisionKind = "personnel"  // other personnel decisions: secret by default (setting)
)

// DecisionKinds lists every kind.
var DecisionKinds = []DecisionKind{DecideOrdinary, DecideAdmission, DecideElection, DecideNomination, DecideConfidence, DecidePersonnel}

// Valid reports whether k is known.
func (k DecisionKind) Valid() bool {
	for _, x := range DecisionKinds {
		if x == k {
			return true
		}
	}
	return false
}

// VoteMethod is how votes are cast.
type VoteMethod string

const (
	MethodOpen   VoteMethod = "open"   // show of hands, counted by the secretary
	MethodNamed  VoteMethod = "named"  // each member on their device, who voted what recorded
	MethodSecret VoteMethod = "secret" // each member on their device, nobody can link voter and choice
	MethodPaper  VoteMethod = "paper"  // secret paper ballots, counted by the counting board
)

// VoteMethods lists every method.
var VoteMethods = []VoteMethod{MethodOpen, MethodNamed, MethodSecret, MethodPaper}

// Secret reports whether the method keeps the choices secret.
func (m VoteMethod) Secret() bool { return m == MethodSecret || m == MethodPaper }

// Electronic reports whether members vote on their devices.
func (m VoteMethod) Electronic() bool { return m == MethodNamed || m == MethodSecret }

// Choice is a ballot's content.
type Choice string

const (
	ChoiceFor     Choice = "for"
	ChoiceAgainst Choice = "against"
	ChoiceAbstain Choice = "abstain"
)

// Choices lists the choices of a ballot.
var Choices = []Choice{ChoiceFor, ChoiceAgainst, ChoiceAbstain}

// Valid reports whether c is a choice.
func (c Choice) Valid() bool { return c == ChoiceFor || c == ChoiceAgainst || c == ChoiceAbstain }

// PollState is open until closed; closed results never change.
type PollState string

const (
	PollOpen   PollState = "open"
	PollClosed PollState = "closed"
)

// Poll is one vote on one issue: an item, or a paragraph of the draft
// resolution.
type Poll struct {
	ID           int64        `json:"id"`
	MeetingID    int64        `json:"meeting_id"`
	ItemID       int64        `json:"item_id,omitempty"`
	DocumentID   int64        `json:"document_id,omitempty"`
	Paragraph    int          `json:"paragraph,omitempty"`
	Title        string       `json:"title"`
	DecisionKind DecisionKind `json:"decision_kind"`
	Method       VoteMethod   `json:"method"`
	State        PollState    `json:"state"`
	// Base is the number of incumbent members when the vote opened: a
	// decision passes on more than half of it (or two thirds), not of those
	// present (Quy định 294-QĐ/TW, 9.3.3).
	Base        int        `json:"base"`
	Present     int        `json:"present"`
	HideResults bool       `json:"hide_results"`
	AllowChange bool       `json:"allow_change"`
	For         int        `json:"for"`
	Against     int        `json:"against"`
	Abstain     int        `json:"abstain"`
	Spoiled     int        `json:"spoiled"`
	Passed      *bool      `json:"passed,omitempty"`
	TallyNote   string     `json:"tally_note,omitempty"`
	OpenedBy    string     `json:"opened_by"`
	OpenedAt    time.Time  `json:"opened_at"`
	ClosedAt    *time.Time `json:"closed_at,omitempty"`
	// Voted is how many have voted so far (electronic votes).
	Voted int `json:"voted"`
}

// PollInput opens a vote.
type PollInput struct {
	ItemID       int64        `json:"item_id,omitempty"`
	DocumentID   int64        `json:"document_id,omitempty"`
	Paragraph    int          `json:"paragraph,omitempty"`
	Title        string       `json:"title"`
	DecisionKind DecisionKind `json:"decision_kind"`
	Method       VoteMethod   `json:"method"`
	// HideResults and AllowChange default to the commune's settings.
	HideResults *bool `json:"hide_results,omitempty"`
	AllowChange *bool `json:"allow_change,omitempty"`
}

// BallotInput is one member's vote. Key is chosen by the device and sent
// again on a retry: the same key is the same ballot.
type BallotInput struct {
	Choice Choice `json:"choice"`
	Key    string `json:"key"`
}

// NamedVote is one member's current choice in a named vote.
type NamedVote struct {
	PersonID int64  `json:"person_id"`
	Name     string `json:"name"`
	Choice   Choice `json:"choice"`
}

// Tally is what the counters (open vote) or the counting board (paper
// ballots) enter.
type Tally struct {
	For     int    `json:"for"`
	Against int    `json:"against"`
	Abstain int    `json:"abstain"`
	Spoiled int    `json:"spoiled,omitempty"`
	Note    string `json:"note,omitempty"`
}

// Reservation is a member's reserved opinion (bảo lưu ý kiến) on a decision.
type Reservation struct {
	ID        int64     `json:"id"`
	PollID    int64     `json:"poll_id"`
	PersonID  int64     `json:"person_id"`
	Text      string    `json:"text"`
	CreatedAt time.Time `json:"created_at"`
	Person    *Person   `json:"person,omitempty"`
}

// OpinionState is open until the deadline or until closed.
type OpinionState string

const (
	OpinionOpen   OpinionState = "open"
	OpinionClosed OpinionState = "closed"
)

// OpinionRequest asks a body's members in writing between meetings (xin ý
// kiến bằng văn bản).
type OpinionRequest struct {
	ID       int64  `json:"id"`
	BodyID   int64  `json:"body_id"`
	Title    string `json:"title"`
	Question string `json:"question"`
	// FileID is the paper sent with the question (a draft, a report).
	FileID       int64        `json:"file_id,omitempty"`
	DecisionKind DecisionKind `json:"decision_kind"`
	Deadline     time.Time    `json:"deadline"`
	State        OpinionState `json:"state"`
	Base         int          `json:"base"`
	Passed       *bool        `json:"passed,omitempty"`
	CreatedBy    int64        `json:"created_by,omitempty"`
	CreatedAt    time.Time    `json:"created_at"`
	ClosedAt     *time.Time   `json:"closed_at,omitempty"`
}

// OpinionAnswer is one member's written answer.
type OpinionAnswer struct {
	RequestID  int64     `json:"request_id"`
	PersonID   int64     `json:"person_id"`
	Answer     string    `json:"answer"` // agree, disagree, other
	Comment    string    `json:"comment,omitempty"`
	AnsweredAt time.Time `json:"answered_at"`
	Person     *Person   `json:"person,omitempty"`
}

// OpinionInput asks for opinions.
type OpinionInput struct {
	Title        string       `json:"title"`
	Question     string       `json:"question"`
	DecisionKind DecisionKind `json:"decision_kind"`
	Deadline     time.Time    `json:"deadline"`
}

// OpinionReply is a member's answer.
type OpinionReply struct {
	Answer  string `json:"answer"`
	Comment string `json:"comment,omitempty"`
}
