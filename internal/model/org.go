package model

import "time"

// OrgKind says what an organisation is. Party organisations form the spine of
// the tree (province → commune); the organisations a commune party committee
// leads hang under the commune.
type OrgKind string

const (
	OrgProvince        OrgKind = "province"         // Đảng bộ tỉnh (Tỉnh ủy)
	OrgCommune         OrgKind = "commune"          // Đảng bộ xã, phường, đặc khu
	OrgPeopleCommittee OrgKind = "people_committee" // Ủy ban nhân dân
	OrgPeopleCouncil   OrgKind = "people_council"   // Hội đồng nhân dân
	OrgFront           OrgKind = "front"            // Ủy ban Mặt trận Tổ quốc
	OrgFarmers         OrgKind = "farmers"          // Hội Nông dân
	OrgWomen           OrgKind = "women"            // Hội Liên hiệp Phụ nữ
	OrgYouth           OrgKind = "youth"            // Đoàn Thanh niên
	OrgVeterans        OrgKind = "veterans"         // Hội Cựu chiến binh
	OrgTradeUnion      OrgKind = "trade_union"      // Công đoàn
)

// OrgKinds lists every kind in display order.
var OrgKinds = []OrgKind{OrgProvince, OrgCommune, OrgPeopleCommittee, OrgPeopleCouncil, OrgFront,
	OrgFarmers, OrgWomen, OrgYouth, OrgVeterans, OrgTradeUnion}

// LedKinds are the kinds a commune party committee leads.
var LedKinds = []OrgKind{OrgPeopleCommittee, OrgPeopleCouncil, OrgFront, OrgFarmers, OrgWomen,
	OrgYouth, OrgVeterans, OrgTradeUnion}

// IsParty reports whether organisations of this kind are party organisations
// with their own bodies (BCH, BTV, UBKT).
func (k OrgKind) IsParty() bool { return k == OrgProvince || k == OrgCommune }

// Valid reports whether k is known.
func (k OrgKind) Valid() bool {
	for _, x := range OrgKinds {
		if x == k {
			return true
		}
	}
	return false
}

// Unit is the kind of commune-level administrative unit.
type Unit string

const (
	UnitWard    Unit = "phuong"  // phường
	UnitCommune Unit = "xa"      // xã
	UnitSpecial Unit = "dac_khu" // đặc khu
)

// Org is an organisation in the tree.
type Org struct {
	ID       int64   `json:"id"`
	ParentID int64   `json:"parent_id,omitempty"`
	Kind     OrgKind `json:"kind"`
	Unit     Unit    `json:"unit,omitempty"`
	// Name is the organisation's full name, e.g. "Đảng bộ phường Mỹ Tho".
	Name string `json:"name"`
	// Place is the place name documents are dated from, e.g. "Mỹ Tho".
	Place string `json:"place,omitempty"`
	// Path lists the ids from the root, "/1/5/", so that a subtree is one
	// prefix match.
	Path      string    `json:"-"`
	CreatedAt time.Time `json:"created_at"`
}

// Term is a body's term of office (nhiệm kỳ), e.g. 2025–2030.
type Term struct {
	ID       int64  `json:"id"`
	OrgID    int64  `json:"org_id"`
	Name     string `json:"name"`
	StartsOn Date   `json:"starts_on"`
	EndsOn   Date   `json:"ends_on,omitzero"`
}

// BodyKind is a leadership body of a party organisation.
type BodyKind string

const (
	BodyCommittee  BodyKind = "committee"  // Ban Chấp hành (BCH), "đảng ủy"
	BodyStanding   BodyKind = "standing"   // Ban Thường vụ (BTV)
	BodyInspection BodyKind = "inspection" // Ủy ban Kiểm tra (UBKT)
)

// BodyKinds lists every kind in display order.
var BodyKinds = []BodyKind{BodyCommittee, BodyStanding, BodyInspection}

// Valid reports whether k is known.
func (k BodyKind) Valid() bool {
	return k == BodyCommittee || k == BodyStanding || k == BodyInspection
}

// Body is one leadership body for one term.
type Body struct {
	ID     int64    `json:"id"`
	OrgID  int64    `json:"org_id"`
	TermID int64    `json:"term_id"`
	Kind   BodyKind `json:"kind"`
	// Term and Org are filled by reads that join them.
	Term *Term `json:"term,omitempty"`
	Org  *Org  `json:"org,omitempty"`
	// Size is the number of open memberships, filled by listings.
	Size int `json:"size"`
}

// CurrentBodies keeps the bodies of the current term on day: the newest
// term that has begun by then. bodies come from a listing that fills Term
// (store.Bodies); an organisation's earlier terms keep their bodies, which
// hold the record of those years but are no one's to lead now.
func CurrentBodies(bodies []Body, day Date) []Body {
	var term int64
	var start Date
	for _, b := range bodies {
		if b.Term == nil || day.Before(b.Term.StartsOn) {
			continue
		}
		if term == 0 || start.Before(b.Term.StartsOn) {
			term, start = b.TermID, b.Term.StartsOn
		}
	}
	var out []Body
	for _, b := range bodies {
		if b.TermID == term {
			out = append(out, b)
		}
	}
	return out
}
