package model

import "time"

// MeetingKind is the kind of a meeting.
type MeetingKind string

const (
	MeetingRegular       MeetingKind = "regular"       // BCH định kỳ, monthly
	MeetingExtraordinary MeetingKind = "extraordinary" // BCH bất thường
	MeetingStanding      MeetingKind = "standing"      // BTV
	MeetingThematic      MeetingKind = "thematic"      // chuyên đề
)

// MeetingKinds lists every kind in display order.
var MeetingKinds = []MeetingKind{MeetingRegular, MeetingExtraordinary, MeetingStanding, MeetingThematic}

// Valid reports whether k is known.
func (k MeetingKind) Valid() bool {
	for _, x := range MeetingKinds {
		if x == k {
			return true
		}
	}
	return false
}

// Body is the kind of body that holds meetings of this kind.
func (k MeetingKind) Body() BodyKind {
	if k == MeetingStanding {
		return BodyStanding
	}
	return BodyCommittee
}

// MeetingState is where a meeting stands in its life.
type MeetingState string

const (
	StateDraft     MeetingState = "draft"      // just created
	StatePreparing MeetingState = "preparing"  // drafts being written
	StateReview    MeetingState = "review"     // the BTV comments on the drafts
	StateApproved  MeetingState = "approved"   // program approved
	StateConvened  MeetingState = "convened"   // invitation and papers sent
	StateInSession MeetingState = "in_session" // under way
	StateAdjourned MeetingState = "adjourned"  // ended, minutes to sign
	StateSigned    MeetingState = "signed"     // minutes signed
	StateClosed    MeetingState = "closed"     // follow-up under way, record complete
	StateCancelled MeetingState = "cancelled"
	StatePostponed MeetingState = "postponed"
)

// MeetingStates lists the states in their order of life.
var MeetingStates = []MeetingState{StateDraft, StatePreparing, StateReview, StateApproved, StateConvened,
	StateInSession, StateAdjourned, StateSigned, StateClosed, StateCancelled, StatePostponed}

// Editable reports whether the program and the meeting's details may still
// change: until the program is approved.
func (s MeetingState) Editable() bool {
	return s == StateDraft || s == StatePreparing || s == StateReview || s == StatePostponed
}

// Meeting is one meeting of a body.
type Meeting struct {
	ID       int64       `json:"id"`
	BodyID   int64       `json:"body_id"`
	Kind     MeetingKind `json:"kind"`
	Title    string      `json:"title"`
	Place    string      `json:"place"`
	StartsAt time.Time   `json:"starts_at"`
	// Month is "2026-03": a body holds one regular meeting a month.
	Month       string       `json:"month"`
	ChairID     int64        `json:"chair_id,omitempty"`
	SecretaryID int64        `json:"secretary_id,omitempty"`
	Guests      []string     `json:"guests"`
	State       MeetingState `json:"state"`
	StateReason string       `json:"state_reason,omitempty"`
	ConvenedAt  *time.Time   `json:"convened_at,omitempty"`
	// CurrentItemID is the item on the floor while in session.
	CurrentItemID int64     `json:"current_item_id,omitempty"`
	Version       int       `json:"version"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
	// Filled by reads that join them.
	Body      *Body   `json:"body,omitempty"`
	Chair     *Person `json:"chair,omitempty"`
	Secretary *Person `json:"secretary,omitempty"`
}

// MeetingInput creates or changes a meeting.
type MeetingInput struct {
	Kind        MeetingKind `json:"kind"`
	Title       string      `json:"title"`
	Place       string      `json:"place"`
	StartsAt    time.Time   `json:"starts_at"`
	ChairID     int64       `json:"chair_id,omitempty"`
	SecretaryID int64       `json:"secretary_id,omitempty"`
	Guests      []string    `json:"guests,omitempty"`
	// GuestIDs are invited people of the commune who may read the guests'
	// papers.
	GuestIDs []int64 `json:"guest_ids,omitempty"`
	// Version is required on update.
	Version int `json:"version,omitempty"`
}

// Transition is one recorded change of a meeting's state.
type Transition struct {
	ID        int64        `json:"id"`
	MeetingID int64        `json:"meeting_id"`
	From      MeetingState `json:"from"`
	To        MeetingState `json:"to"`
	Reason    string       `json:"reason,omitempty"`
	AccountID int64        `json:"account_id,omitempty"`
	Username  string       `json:"username"`
	At        time.Time    `json:"at"`
}

// ItemKind is what an item of the program is for.
type ItemKind string

const (
	ItemReport      ItemKind = "report"      // báo cáo
	ItemDiscussion  ItemKind = "discussion"  // thảo luận
	ItemDecision    ItemKind = "decision"    // biểu quyết
	ItemPersonnel   ItemKind = "personnel"   // công tác cán bộ
	ItemQuestioning ItemKind = "questioning" // chất vấn
	ItemInformation ItemKind = "information" // thông tin
)

// ItemKinds lists every kind.
var ItemKinds = []ItemKind{ItemReport, ItemDiscussion, ItemDecision, ItemPersonnel, ItemQuestioning, ItemInformation}

// Valid reports whether k is known.
func (k ItemKind) Valid() bool {
	for _, x := range ItemKinds {
		if x == k {
			return true
		}
	}
	return false
}

// Area is a content area a regular meeting must cover (DOMAIN.md §2.6).
type Area string

const (
	AreaGuidelines Area = "guidelines" // a. party guidelines, state law, the upper level's documents
	AreaEconomy    Area = "economy"    // b. socio-economic development, targets of earlier meetings
	AreaFront      Area = "front"      // c. the Fatherland Front and the mass organisations
	AreaBuilding   Area = "building"   // d. party building: organisation, personnel, ideology
	AreaInspection Area = "inspection" // e. inspection, supervision, discipline
	AreaEmulation  Area = "emulation"  // f. emulation and rewards
	AreaDefence    Area = "defence"    // defence and security
)

// Areas lists every area in the article's order.
var Areas = []Area{AreaGuidelines, AreaEconomy, AreaFront, AreaBuilding, AreaInspection, AreaEmulation, AreaDefence}

// Valid reports whether a is known.
func (a Area) Valid() bool {
	for _, x := range Areas {
		if x == a {
			return true
		}
	}
	return false
}

// Item sources: where an item came from.
const (
	SourceReview = "review" // the review of earlier meetings' tasks and targets
)

// AgendaItem is one item of a meeting's program.
type AgendaItem struct {
	ID          int64    `json:"id"`
	MeetingID   int64    `json:"meeting_id"`
	Position    int      `json:"position"`
	Title       string   `json:"title"`
	Kind        ItemKind `json:"kind"`
	PresenterID int64    `json:"presenter_id,omitempty"`
	Minutes     int      `json:"minutes"`
	Areas       []Area   `json:"areas"`
	Notes       string   `json:"notes,omitempty"`
	Source      string   `json:"source,omitempty"`
	// In session: discussed once the chair marks it so; the chair's
	// conclusion (kết luận); the speaking time in seconds (0: the
	// commune's setting).
	Discussed     bool    `json:"discussed"`
	Conclusion    string  `json:"conclusion,omitempty"`
	SpeakingLimit int     `json:"speaking_limit,omitempty"`
	Presenter     *Person `json:"presenter,omitempty"`
}

// ItemInput creates or changes an item.
type ItemInput struct {
	Title       string   `json:"title"`
	Kind        ItemKind `json:"kind"`
	PresenterID int64    `json:"presenter_id,omitempty"`
	Minutes     int      `json:"minutes"`
	Areas       []Area   `json:"areas,omitempty"`
	Notes       string   `json:"notes,omitempty"`
}
