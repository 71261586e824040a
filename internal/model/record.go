package model

import "time"

// MinutesKind tells the minutes of a meeting from an addendum that corrects
// them once signed.
type MinutesKind string

const (
	KindMinutes  MinutesKind = "minutes"
	KindAddendum MinutesKind = "addendum"
)

// MinutesState is draft until both signatures are in; final minutes never
// change.
type MinutesState string

const (
	MinutesDraft MinutesState = "draft"
	MinutesFinal MinutesState = "final"
)

// Signing roles: the meeting's secretary (NGƯỜI GHI BIÊN BẢN) and its chair
// (CHỦ TRÌ HỘI NGHỊ), jointly responsible for the minutes.
const (
	RoleSecretary = "secretary"
	RoleChair     = "chair"
)

// Minutes is the text of a meeting's minutes, or of an addendum to them.
type Minutes struct {
	ID         int64        `json:"id"`
	MeetingID  int64        `json:"meeting_id"`
	Kind       MinutesKind  `json:"kind"`
	Text       string       `json:"text"`
	Version    int          `json:"version"`
	State      MinutesState `json:"state"`
	DocumentID int64        `json:"document_id,omitempty"`
	EntryID    int64        `json:"entry_id,omitempty"`
	CreatedBy  int64        `json:"-"`
	CreatedAt  time.Time    `json:"created_at"`
	UpdatedAt  time.Time    `json:"updated_at"`
	FinalAt    *time.Time   `json:"final_at,omitempty"`
	Signatures []Signature  `json:"signatures"`
}

// SignedBy returns the signature of a role, or nil.
func (m *Minutes) SignedBy(role string) *Signature {
	for i := range m.Signatures {
		if m.Signatures[i].Role == role {
			return &m.Signatures[i]
		}
	}
	return nil
}

// Signature is one confirmation ("ký") of minutes, given with the signer's
// password, over the text's SHA-256.
type Signature struct {
	MinutesID  int64     `json:"-"`
	Role       string    `json:"role"`
	PersonID   int64     `json:"person_id"`
	AccountID  int64     `json:"-"` // 0: entered from a paper record (Seal)
	Name       string    `json:"name"`
	TextSHA256 string    `json:"text_sha256"`
	SignedAt   time.Time `json:"signed_at"`
}

// BookEntry is one entry of a body's minute book (sổ biên bản): the
// canonical content of signed minutes, its SHA-256, the previous entry's
// hash, and the instance's Ed25519 signature over the hash.
type BookEntry struct {
	ID        int64     `json:"id"`
	BodyID    int64     `json:"body_id"`
	Seq       int       `json:"seq"`
	MinutesID int64     `json:"minutes_id"`
	MeetingID int64     `json:"meeting_id"`
	Content   string    `json:"content"`
	Hash      string    `json:"hash"`
	PrevHash  string    `json:"prev_hash"`
	Signature string    `json:"signature"`
	KeyID     string    `json:"key_id"`
	CreatedAt time.Time `json:"created_at"`
}

// DocType is the type of an issued document, with its abbreviation in the
// number (Hướng dẫn 36-HD/VPTW).
type DocType string

const (
	TypeResolution DocType = "NQ"  // nghị quyết
	TypeConclusion DocType = "TB"  // thông báo (kết luận)
	TypeMinutes    DocType = "BB"  // biên bản
	TypeReport     DocType = "BC"  // báo cáo
	TypeSubmission DocType = "TTr" // tờ trình
	TypePlan       DocType = "KH"  // kế hoạch
	TypeProgram    DocType = "CTr" // chương trình
	TypeInvitation DocType = "GM"  // giấy mời
)

// DocTypes lists the types a commune issues here, in the order forms show.
var DocTypes = []DocType{TypeResolution, TypeConclusion, TypeMinutes, TypeReport, TypeSubmission, TypePlan,
	TypeProgram, TypeInvitation}

// Valid reports whether t is a known type.
func (t DocType) Valid() bool {
	for _, x := range DocTypes {
		if x == t {
			return true
		}
	}
	return false
}

// IssuedDocument is a document the commune's party committee issued: its
// number is never reused and never skipped, and it never changes.
type IssuedDocument struct {
	ID          int64     `json:"id"`
	OrgID       int64     `json:"org_id"`
	TermID      int64     `json:"term_id"`
	BodyID      int64     `json:"body_id"`
	Type        DocType   `json:"type"`
	Number      int       `json:"number"`
	Symbol      string    `json:"symbol"`
	Subject     string    `json:"subject"`
	Text        string    `json:"text"`
	IssuedOn    Date      `json:"issued_on"`
	Place       string    `json:"place"`
	SignerID    int64     `json:"signer_id,omitempty"`
	SignerName  string    `json:"signer_name"`
	SignerTitle string    `json:"signer_title"`
	Capacity    string    `json:"capacity"`
	Recipients  []string  `json:"recipients"`
	Level       Level     `json:"level"`
	MeetingID   int64     `json:"meeting_id,omitempty"`
	SourceID    int64     `json:"source_id,omitempty"`
	CreatedBy   int64     `json:"-"`
	CreatedAt   time.Time `json:"created_at"`
}

// IssueInput issues a document.
type IssueInput struct {
	BodyID   int64   `json:"body_id"`
	Type     DocType `json:"type"`
	Subject  string  `json:"subject"`
	Text     string  `json:"text"`
	IssuedOn Date    `json:"issued_on"`
	SignerID int64   `json:"signer_id"`
	// Recipients are the "Nơi nhận" lines; "Lưu VP" is added when missing.
	Recipients []string `json:"recipients"`
	Level      Level    `json:"level"`
	MeetingID  int64    `json:"meeting_id,omitempty"`
	// SourceID is the meeting paper the text comes from.
	SourceID int64 `json:"source_id,omitempty"`
}
