package model

import "time"

// Gender as recorded on party records.
type Gender string

const (
	GenderMale   Gender = "male"
	GenderFemale Gender = "female"
)

// Person is someone in a commune's records: a committee member, an official of
// an organisation the commune leads, or office staff.
type Person struct {
	ID    int64 `json:"id"`
	OrgID int64 `json:"org_id"`
	// FullName in NFC, "Nguyễn Văn Đức".
	FullName    string `json:"full_name"`
	Gender      Gender `json:"gender,omitempty"`
	BirthDate   Date   `json:"birth_date,omitzero"`
	PartyJoined Date   `json:"party_joined_on,omitzero"`
	Phone       string `json:"phone,omitempty"`
	Email       string `json:"email,omitempty"`
	// Version counts edits; an update must name the version it started from.
	Version   int       `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// PersonInput is what a form or API call may set on a person.
type PersonInput struct {
	FullName    string `json:"full_name"`
	Gender      Gender `json:"gender,omitempty"`
	BirthDate   Date   `json:"birth_date,omitzero"`
	PartyJoined Date   `json:"party_joined_on,omitzero"`
	Phone       string `json:"phone,omitempty"`
	Email       string `json:"email,omitempty"`
	// Version is required on update: the version the editor started from.
	Version int `json:"version,omitempty"`
}
