// Package xlsx reads and writes the member list of a body (BCH, BTV, UBKT)
// as an Excel workbook, the form commune offices keep it in.
//
// It only converts: ReadMembers checks each row on its own and against the
// other rows of the file; matching people against the database and the
// all-or-nothing import are the caller's job.
//
// The layout is fixed (see the column list below) so that a template, an
// export and an edited export can all be read back. Every label comes from
// the i18n catalogs; on reading, Vietnamese and English labels and the codes
// are all accepted, compared through vntext.Fold so that case, diacritics and
// NFD input from Excel do not matter.
package xlsx

import (
	"fmt"
	"strings"

	"nghisu/internal/i18n"
	"nghisu/internal/model"
	"nghisu/internal/vntext"
)

// MemberRow is one person of the list.
type MemberRow struct {
	// Row is the 1-based sheet row, for messages; WriteMembers ignores it.
	Row         int
	FullName    string
	Gender      model.Gender
	BirthDate   model.Date
	PartyJoined model.Date
	Phone       string
	Email       string
	Status      model.MemberStatus
	StartedOn   model.Date
	Post        model.PostKind
	// Areas are the areas of responsibility, one cell separated by ";" or
	// new lines. An area cannot itself contain ";" or a new line.
	Areas []string
	Note  string
}

// RowError is one problem of one row; ReadMembers reports all of them.
type RowError struct {
	Row int
	// Column is the column letter, "" when the problem is the whole row.
	Column string
	// Header is the column's header label in the reader's language ("" with Column "").
	Header string
	Msg    model.Msg
}

// FileError is a file that cannot be read as a member list at all.
type FileError struct {
	Msg model.Msg
	// Err is the underlying cause, for logs; may be nil.
	Err error
}

func (e *FileError) Error() string {
	if e.Err != nil {
		return "xlsx: " + e.Msg.Key + ": " + e.Err.Error()
	}
	return "xlsx: " + e.Msg.Key
}

func (e *FileError) Unwrap() error { return e.Err }

func fileErr(err error, key string, args ...any) *FileError {
	return &FileError{Msg: model.M(key, args...), Err: err}
}

// Columns of the member sheet, in sheet order; the order is part of the format.
const (
	colNo = iota
	colFullName
	colGender
	colBirthDate
	colPartyJoined
	colPhone
	colEmail
	colStatus
	colStartedOn
	colPost
	colAreas
	colNote
	numCols
)

type column struct {
	key      string  // catalog key of the header label
	field    string  // the field's name in JSON and validation errors
	required bool    // marked with "*" in the header
	width    float64 // column width in characters
}

var columns = [numCols]column{
	colNo:          {"xlsx.col.no", "no", false, 6},
	colFullName:    {"xlsx.col.full_name", "full_name", true, 28},
	colGender:      {"xlsx.col.gender", "gender", false, 10},
	colBirthDate:   {"xlsx.col.birth_date", "birth_date", false, 13},
	colPartyJoined: {"xlsx.col.party_joined", "party_joined", false, 14},
	colPhone:       {"xlsx.col.phone", "phone", false, 15},
	colEmail:       {"xlsx.col.email", "email", false, 26},
	colStatus:      {"xlsx.col.status", "status", true, 32},
	colStartedOn:   {"xlsx.col.started_on", "started_on", true, 13},
	colPost:        {"xlsx.col.post", "post", false, 28},
	colAreas:       {"xlsx.col.areas", "areas", false, 34},
	colNote:        {"xlsx.col.note", "note", false, 30},
}

// fieldAliases are other names of the columns' fields in model validation
// errors (model.Person's JSON name, model.Post.Kind).
var fieldAliases = map[string]int{"party_joined_on": colPartyJoined, "kind": colPost}

// ColumnOf is the column letter of a field, named as in MemberRow's columns
// or in model validation errors ("full_name", "party_joined_on", "kind"…),
// so that a problem found on import points at its cell; "" if none.
func ColumnOf(field string) string {
	for c := range numCols {
		if columns[c].field == field {
			return colLetter(c)
		}
	}
	if c, ok := fieldAliases[field]; ok {
		return colLetter(c)
	}
	return ""
}

// Header is the header label in lang of a column letter ("B" → "Họ và
// tên"), without the "*"; "" for a letter outside the sheet. It fills
// RowError.Header for problems found after reading.
func Header(lang, column string) string {
	if len(column) != 1 || column[0] < 'A' || int(column[0]-'A') >= numCols {
		return ""
	}
	return colLabel(lang, int(column[0]-'A'))
}

// Limits checked on reading.
const (
	// DefaultMaxRows is used by ReadMembers when maxRows <= 0.
	DefaultMaxRows = 1000
	// MaxNameLen is the longest full name accepted, in characters.
	MaxNameLen = 100
	// templateRows is the last row the template's drop-downs cover.
	templateRows = 1000
)

// colLetter is the sheet letter of column c ("A" for colNo).
func colLetter(c int) string { return string(rune('A' + c)) }

// colLabel is the header label of column c in lang, without the "*".
func colLabel(lang string, c int) string { return i18n.T(lang, columns[c].key) }

// headerText is what the header cell shows: the label, with "*" when required.
func headerText(lang string, c int) string {
	if columns[c].required {
		return colLabel(lang, c) + "*"
	}
	return colLabel(lang, c)
}

// foldHeader is the comparison key of a header cell: people add or drop the
// "*" and change case when they retype a header.
func foldHeader(s string) string {
	return vntext.Fold(strings.ReplaceAll(s, "*", ""))
}

// choice is an enum value with its catalog key.
type choice struct {
	code string
	key  string
}

// enum is a closed list of values (gender, status, post) with their labels.
type enum []choice

func genders() enum {
	return enum{{string(model.GenderMale), "gender.male"}, {string(model.GenderFemale), "gender.female"}}
}

func statuses() enum {
	e := make(enum, len(model.MemberStatuses))
	for i, s := range model.MemberStatuses {
		e[i] = choice{string(s), "status." + string(s)}
	}
	return e
}

func posts() enum {
	e := make(enum, len(model.PartyPostKinds))
	for i, k := range model.PartyPostKinds {
		e[i] = choice{string(k), "postkind." + string(k)}
	}
	return e
}

// labels are the values' labels in lang, in order: the drop-down list.
func (e enum) labels(lang string) []string {
	out := make([]string, len(e))
	for i, c := range e {
		out[i] = i18n.T(lang, c.key)
	}
	return out
}

// label is code's label in lang; an unknown code is shown as it is.
func (e enum) label(lang, code string) string {
	for _, c := range e {
		if c.code == code {
			return i18n.T(lang, c.key)
		}
	}
	return code
}

// parse finds the code of a typed value: its Vietnamese or English label or
// the code itself, in any case, with or without diacritics.
func (e enum) parse(s string) (string, bool) {
	f := vntext.Fold(s)
	if f == "" {
		return "", false
	}
	for _, c := range e {
		for _, lang := range i18n.Langs {
			if vntext.Fold(i18n.T(lang, c.key)) == f {
				return c.code, true
			}
		}
		if f == c.code || f == strings.ReplaceAll(c.code, "_", " ") {
			return c.code, true
		}
	}
	return "", false
}

// allowed is the list of labels for an "unknown value" message. Labels can
// contain commas ("Bị khởi tố, truy tố, tạm giam"), hence the semicolons.
func (e enum) allowed(lang string) string {
	return strings.Join(e.labels(lang), "; ")
}

// sheetName makes a catalog text a valid sheet name: Excel forbids : \ / ? * [ ]
// and more than 31 characters, and a translation must not break the file.
func sheetName(s string) string {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`:\/?*[]`, r) {
			return '-'
		}
		return r
	}, vntext.CleanLine(s))
	s = strings.Trim(s, "'")
	if r := []rune(s); len(r) > 31 {
		s = string(r[:31])
	}
	if s == "" {
		s = "Sheet"
	}
	return s
}

// sheetNames are the names of the member, help and (hidden) lists sheets in lang.
func sheetNames(lang string) (members, help, lists string) {
	members = sheetName(i18n.T(lang, "xlsx.sheet.members"))
	help = sheetName(i18n.T(lang, "xlsx.sheet.help"))
	lists = sheetName(i18n.T(lang, "xlsx.sheet.lists"))
	// Names must differ (case-insensitively) even with a careless catalog.
	if strings.EqualFold(help, members) {
		help = "Sheet2"
	}
	if strings.EqualFold(lists, members) || strings.EqualFold(lists, help) {
		lists = "Sheet3"
	}
	return members, help, lists
}

// helpLines is the number of lines of the instructions sheet (xlsx.help.1 …).
const helpLines = 7

func helpKey(i int) string { return fmt.Sprintf("xlsx.help.%d", i) }
