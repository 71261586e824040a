package model

import "time"

// DocKind is the kind of a meeting paper.
type DocKind string

const (
	DocProgram    DocKind = "program"    // dự thảo chương trình
	DocReport     DocKind = "report"     // báo cáo
	DocResolution DocKind = "resolution" // dự thảo nghị quyết
	DocSubmission DocKind = "submission" // tờ trình
	DocOther      DocKind = "other"
)

// DocKinds lists every kind.
var DocKinds = []DocKind{DocProgram, DocReport, DocResolution, DocSubmission, DocOther}

// Valid reports whether k is known.
func (k DocKind) Valid() bool {
	for _, x := range DocKinds {
		if x == k {
			return true
		}
	}
	return false
}

// DocFormat says whether a paper is text edited here or an uploaded file.
type DocFormat string

const (
	FormatText DocFormat = "text"
	FormatFile DocFormat = "file"
)

// Level is a paper's confidentiality (độ mật).
type Level string

const (
	LevelNormal Level = "normal" // thường
	LevelSecret Level = "secret" // mật
)

// Audience is who may read a paper.
type Audience string

const (
	AudienceStanding  Audience = "standing"  // the BTV only
	AudienceCommittee Audience = "committee" // the whole BCH (once released)
	AudienceGuests    Audience = "guests"    // the BCH and the invited guests
)

// Audiences lists every audience, narrowest first.
var Audiences = []Audience{AudienceStanding, AudienceCommittee, AudienceGuests}

// DocStatus is DỰ THẢO until approved.
type DocStatus string

const (
	DocDraft    DocStatus = "draft"
	DocApproved DocStatus = "approved"
)

// Document is a paper of a meeting: a draft edited in versions, or a file.
type Document struct {
	ID        int64     `json:"id"`
	MeetingID int64     `json:"meeting_id"`
	ItemID    int64     `json:"item_id,omitempty"`
	Kind      DocKind   `json:"kind"`
	Title     string    `json:"title"`
	Format    DocFormat `json:"format"`
	Level     Level     `json:"level"`
	Audience  Audience  `json:"audience"`
	// Released is set when a BTV draft for the BCH is handed to the BCH;
	// until then only the BTV reads it.
	Released  bool      `json:"released"`
	Status    DocStatus `json:"status"`
	CreatedBy int64     `json:"created_by,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	// Latest is the newest version, filled by reads.
	Latest *DocVersion `json:"latest,omitempty"`
}

// DocumentInput creates a paper.
type DocumentInput struct {
	ItemID   int64    `json:"item_id,omitempty"`
	Kind     DocKind  `json:"kind"`
	Title    string   `json:"title"`
	Level    Level    `json:"level"`
	Audience Audience `json:"audience"`
	// Body is the first version's text (text papers).
	Body string `json:"body,omitempty"`
}

// DocVersion is one version of a paper: v1, v2, …
type DocVersion struct {
	ID         int64     `json:"id"`
	DocumentID int64     `json:"document_id"`
	Number     int       `json:"number"`
	Body       string    `json:"body,omitempty"`
	FileID     int64     `json:"file_id,omitempty"`
	Note       string    `json:"note,omitempty"`
	BasedOn    int       `json:"based_on"`
	AuthorID   int64     `json:"author_id,omitempty"`
	AuthorName string    `json:"author_name"`
	CreatedAt  time.Time `json:"created_at"`
	File       *File     `json:"file,omitempty"`
}

// VersionInput saves a new version of a text paper.
type VersionInput struct {
	Body string `json:"body"`
	Note string `json:"note,omitempty"`
	// BasedOn is the version the editor started from; when another version
	// was saved since, the save is refused with the difference.
	BasedOn int `json:"based_on"`
	// TakenIn lists the review comments this version takes in.
	TakenIn []int64 `json:"taken_in,omitempty"`
}

// File is an uploaded file's description; its bytes stay in the database.
type File struct {
	ID          int64     `json:"id"`
	Name        string    `json:"name"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	SHA256      string    `json:"sha256"`
	CreatedAt   time.Time `json:"created_at"`
}

// CommentKind is what a reviewer says.
type CommentKind string

const (
	CommentRemark  CommentKind = "remark"  // a comment
	CommentAgree   CommentKind = "agree"   // agrees with the draft
	CommentWording CommentKind = "wording" // proposes a wording for a paragraph
)

// CommentStatus is the drafter's answer to a comment.
type CommentStatus string

const (
	CommentOpen     CommentStatus = "open"
	CommentAccepted CommentStatus = "accepted"
	CommentRejected CommentStatus = "rejected"
	CommentAnswered CommentStatus = "answered"
)

// ReviewRound is a time the BTV has to comment on one version of a draft.
type ReviewRound struct {
	ID         int64      `json:"id"`
	DocumentID int64      `json:"document_id"`
	Version    int        `json:"version"`
	OpenedBy   int64      `json:"opened_by,omitempty"`
	OpenedAt   time.Time  `json:"opened_at"`
	Deadline   time.Time  `json:"deadline"`
	ClosedAt   *time.Time `json:"closed_at,omitempty"`
}

// Open reports whether comments are taken at now.
func (r ReviewRound) Open(now time.Time) bool { return r.ClosedAt == nil && now.Before(r.Deadline) }

// ReviewComment is one reviewer's comment in a round.
type ReviewComment struct {
	ID      int64 `json:"id"`
	RoundID int64 `json:"round_id"`
	// Paragraph is the 1-based paragraph the comment is on; 0 is the whole draft.
	Paragraph      int           `json:"paragraph"`
	Kind           CommentKind   `json:"kind"`
	Text           string        `json:"text,omitempty"`
	Wording        string        `json:"wording,omitempty"`
	AuthorID       int64         `json:"author_id"`
	CreatedAt      time.Time     `json:"created_at"`
	Status         CommentStatus `json:"status"`
	Response       string        `json:"response,omitempty"`
	RespondedBy    string        `json:"responded_by,omitempty"`
	RespondedAt    *time.Time    `json:"responded_at,omitempty"`
	TakenInVersion int           `json:"taken_in_version,omitempty"`
	Author         *Person       `json:"author,omitempty"`
	// Key is the key the device sent the comment with, if any; Repeated
	// says this answer is to a resend of a comment already stored.
	Key      string `json:"key,omitempty"`
	Repeated bool   `json:"repeated,omitempty"`
}

// CommentInput is a reviewer's comment.
type CommentInput struct {
	Paragraph int         `json:"paragraph"`
	Kind      CommentKind `json:"kind"`
	Text      string      `json:"text,omitempty"`
	Wording   string      `json:"wording,omitempty"`
	// Key, optional, is chosen by the device and sent again on a retry:
	// the same key from the same reviewer in the same round is the same
	// comment, stored once (8–64 letters, digits, '-' or '_').
	Key string `json:"key,omitempty"`
}

// CommentResponse is the drafter's answer.
type CommentResponse struct {
	Status   CommentStatus `json:"status"`
	Response string        `json:"response,omitempty"`
}

// ProposalKind tells an area assessment from a proposed issue.
type ProposalKind string

const (
	ProposalAssessment ProposalKind = "assessment" // a Phó Bí thư's assessment of their area
	ProposalIssue      ProposalKind = "issue"      // an issue a BTV member proposes
)

// ProposalCategory is the field of a proposed issue.
type ProposalCategory string

const (
	CategoryOrganisation ProposalCategory = "organisation" // tổ chức
	CategoryIdeology     ProposalCategory = "ideology"     // tư tưởng
	CategoryInspection   ProposalCategory = "inspection"   // kiểm tra, giám sát
	CategoryManagement   ProposalCategory = "management"   // điều hành, quản lý (the deputies' areas)
	CategoryOther        ProposalCategory = "other"
)

// ProposalCategories lists every category.
var ProposalCategories = []ProposalCategory{CategoryOrganisation, CategoryIdeology, CategoryInspection, CategoryManagement, CategoryOther}

// Disposition is what the BTV did with a proposal.
type Disposition string

const (
	DispositionNone       Disposition = ""
	DispositionDecided    Disposition = "decided"    // decided at BTV level
	DispositionResolution Disposition = "resolution" // put into the BCH draft resolution
	DispositionDeferred   Disposition = "deferred"   // deferred to a date
	DispositionDeclined   Disposition = "declined"   // declined with a reason
)

// Proposal is an assessment or an issue brought to a BTV meeting.
type Proposal struct {
	ID                  int64            `json:"id"`
	MeetingID           int64            `json:"meeting_id"`
	AuthorID            int64            `json:"author_id"`
	Kind                ProposalKind     `json:"kind"`
	Category            ProposalCategory `json:"category"`
	Title               string           `json:"title"`
	Body                string           `json:"body,omitempty"`
	CreatedAt           time.Time        `json:"created_at"`
	Disposition         Disposition      `json:"disposition,omitempty"`
	DispositionText     string           `json:"disposition_text,omitempty"`
	ResolutionDocID     int64            `json:"resolution_document_id,omitempty"`
	ResolutionParagraph int              `json:"resolution_paragraph,omitempty"`
	DeferredTo          Date             `json:"deferred_to,omitzero"`
	DisposedBy          string           `json:"disposed_by,omitempty"`
	DisposedAt          *time.Time       `json:"disposed_at,omitempty"`
	Author              *Person          `json:"author,omitempty"`
}

// ProposalInput brings a proposal.
type ProposalInput struct {
	Kind     ProposalKind     `json:"kind"`
	Category ProposalCategory `json:"category"`
	Title    string           `json:"title"`
	Body     string           `json:"body,omitempty"`
}

// DispositionInput records the BTV's disposition of a proposal.
type DispositionInput struct {
	Disposition Disposition `json:"disposition"`
	Text        string      `json:"text,omitempty"`
	// ResolutionDocID and ResolutionParagraph link a proposal put into the
	// BCH draft resolution to where it went.
	ResolutionDocID     int64 `json:"resolution_document_id,omitempty"`
	ResolutionParagraph int   `json:"resolution_paragraph,omitempty"`
	DeferredTo          Date  `json:"deferred_to,omitzero"`
}

// Circulation is one recipient's copy of a meeting's invitation.
type Circulation struct {
	MeetingID int64      `json:"meeting_id"`
	PersonID  int64      `json:"person_id"`
	Role      string     `json:"role"` // member, chair, secretary, guest
	SentAt    time.Time  `json:"sent_at"`
	OpenedAt  *time.Time `json:"opened_at,omitempty"`
	Person    *Person    `json:"person,omitempty"`
}

// Notice is an in-app notice for an account.
type Notice struct {
	ID        int64      `json:"id"`
	AccountID int64      `json:"account_id"`
	Title     string     `json:"title"`
	Link      string     `json:"link,omitempty"`
	CreatedAt time.Time  `json:"created_at"`
	ReadAt    *time.Time `json:"read_at,omitempty"`
}
