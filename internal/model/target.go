package model

import "time"

// Direction says which way a target is met.
type Direction string

const (
	// Increase: the value should rise from the baseline to the target
	// (income per capita).
	Increase Direction = "increase"
	// Decrease: the value should fall from the baseline to the target
	// (the poor-household rate).
	Decrease Direction = "decrease"
	// Reach: the value should reach the target (health insurance 100%).
	Reach Direction = "reach"
)

// Directions lists the directions in the order forms show them.
var Directions = []Direction{Increase, Decrease, Reach}

// Valid reports whether d is known.
func (d Direction) Valid() bool { return d == Increase || d == Decrease || d == Reach }

// PeriodKind is the span of a target: a month, a year or a term.
type PeriodKind string

const (
	PeriodMonth PeriodKind = "month" // "2026-03"
	PeriodYear  PeriodKind = "year"  // "2026"
	PeriodTerm  PeriodKind = "term"  // "2025-2030"
)

// PeriodKinds lists the kinds in the order forms show them.
var PeriodKinds = []PeriodKind{PeriodYear, PeriodMonth, PeriodTerm}

// Valid reports whether k is known.
func (k PeriodKind) Valid() bool { return k == PeriodMonth || k == PeriodYear || k == PeriodTerm }

// Target is a chỉ tiêu of a commune.
type Target struct {
	ID         int64      `json:"id"`
	OrgID      int64      `json:"org_id"`
	Name       string     `json:"name"`
	Unit       string     `json:"unit"`
	Baseline   float64    `json:"baseline"`
	Value      float64    `json:"target_value"`
	Direction  Direction  `json:"direction"`
	PeriodKind PeriodKind `json:"period_kind"`
	// Period is "2026", "2026-03" or "2025-2030" by PeriodKind.
	Period string `json:"period"`
	Owner  Owner  `json:"owner"`
	// Source, when given, is a paragraph of an issued document of the
	// record: SourceKind "issued", SourceID its id.
	SourceKind      string    `json:"source_kind,omitempty"`
	SourceID        int64     `json:"source_id,omitempty"`
	SourceParagraph string    `json:"source_paragraph,omitempty"`
	CreatedBy       int64     `json:"created_by,omitempty"`
	CreatedAt       time.Time `json:"created_at"`
}

// TargetValue is one report of a target's actual value for a period ("2026"
// or "2026-03"). Reports are kept: the newest of a period counts.
type TargetValue struct {
	ID         int64     `json:"id"`
	TargetID   int64     `json:"target_id"`
	Period     string    `json:"period"`
	Value      float64   `json:"value"`
	Note       string    `json:"note,omitempty"`
	ReportedBy int64     `json:"reported_by,omitempty"`
	ReportedAt time.Time `json:"reported_at"`
	// Reporter is the account's user name, filled by reads.
	Reporter string `json:"reporter,omitempty"`
}
