package xlsx

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"nghisu/internal/i18n"
	"nghisu/internal/model"
	"nghisu/internal/vntext"
)

// Limits on what ReadMembers opens: a member list is a few dozen kilobytes,
// so anything far larger is a wrong file or a zip bomb.
const (
	maxFileBytes  = 20 << 20  // the upload itself
	maxUnzipBytes = 100 << 20 // all parts, unzipped
	// headerSearchRows is how far down the header may be: people add a
	// title row or two above it.
	headerSearchRows = 10
)

// now is the clock for the future-date checks; tests replace it.
var now = time.Now

// recoverPanics is turned off by the fuzz tests, so that a panic shows
// there instead of becoming a "damaged file" error.
var recoverPanics = true

// oleMagic starts every OLE2 compound file: an old .xls, or an .xlsx
// encrypted with a password (Excel wraps those in OLE).
var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// encryptedPackage is the stream name of an encrypted .xlsx inside its OLE
// wrapper, as it appears in the OLE directory (UTF-16LE).
var encryptedPackage = utf16le("EncryptedPackage")

func utf16le(s string) []byte {
	b := make([]byte, 0, 2*len(s))
	for i := 0; i < len(s); i++ {
		b = append(b, s[i], 0)
	}
	return b
}

// ReadMembers reads the member list on the first sheet of an .xlsx file.
//
// The error is a *FileError when the file cannot be read as a member list at
// all (not an .xlsx, encrypted, empty, no or wrong header row, more than
// maxRows people; maxRows <= 0 means DefaultMaxRows), or the reader's error.
// Otherwise every non-blank row is returned, and every problem of every row
// is in the []RowError, in row then column order (a row's whole-row problem,
// a duplicate, last); a field with a problem is left zero. The caller must
// not import anything while there are row errors.
func ReadMembers(r io.Reader, lang string, maxRows int) ([]MemberRow, []RowError, error) {
	if maxRows <= 0 {
		maxRows = DefaultMaxRows
	}
	data, err := io.ReadAll(io.LimitReader(r, maxFileBytes+1))
	if err != nil {
		return nil, nil, fmt.Errorf("xlsx: read upload: %w", err)
	}
	zr, err := check(data)
	if err != nil {
		return nil, nil, err
	}
	return parse(data, zr, lang, maxRows)
}

// check classifies the bytes before excelize sees them, so that each kind of
// wrong file gets its own message.
func check(data []byte) (*zip.Reader, error) {
	switch {
	case len(data) == 0:
		return nil, fileErr(nil, "xlsx.err.empty")
	case len(data) > maxFileBytes:
		return nil, fileErr(nil, "xlsx.err.too_large", maxFileBytes>>20)
	case bytes.HasPrefix(data, oleMagic):
		if bytes.Contains(data, encryptedPackage) {
			return nil, fileErr(nil, "xlsx.err.encrypted")
		}
		// Excel 97–2003 .xls, still common in commune offices.
		return nil, fileErr(nil, "xlsx.err.xls")
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fileErr(err, "xlsx.err.not_xlsx")
	}
	var size uint64
	workbook := false
	for _, f := range zr.File {
		size += f.UncompressedSize64
		// A .docx or .ods is a zip too, without this part.
		if strings.EqualFold(strings.ReplaceAll(f.Name, `\`, "/"), "xl/workbook.xml") {
			workbook = true
		}
	}
	if size > maxUnzipBytes {
		return nil, fileErr(nil, "xlsx.err.too_large", maxFileBytes>>20)
	}
	if !workbook {
		return nil, fileErr(nil, "xlsx.err.not_xlsx")
	}
	return zr, nil
}

// parse reads a checked file. excelize is not hardened against every
// malformed file, and an upload must not bring the server down, so a panic
// in it becomes a "damaged file" error.
//
// Only excelize's streaming row iterator reads the sheet: its cell lookups
// (GetCellType, GetCellStyle) first expand the whole sheet to a full grid,
// and a few kilobytes of XML naming cell XFD1048576 make that gigabytes.
// The type and style of the few cells that need them come from sheetCells.
func parse(data []byte, zr *zip.Reader, lang string, maxRows int) (rows []MemberRow, errs []RowError, err error) {
	defer func() {
		if !recoverPanics {
			return
		}
		if p := recover(); p != nil {
			rows, errs, err = nil, nil, fileErr(fmt.Errorf("panic: %v", p), "xlsx.err.corrupt")
		}
	}()
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		RawCellValue:   true, // serials for date cells, not text in the writer's locale
		UnzipSizeLimit: maxUnzipBytes,
	})
	if err != nil {
		return nil, nil, fileErr(err, "xlsx.err.corrupt")
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		// check saw xl/workbook.xml, so this is a damaged workbook.
		return nil, nil, fileErr(nil, "xlsx.err.corrupt")
	}
	raw, err := dataRows(f, sheets[0], lang, maxRows)
	if err != nil {
		return nil, nil, err
	}
	rd := reader{f: f, lang: lang, today: model.DateOf(now().In(vntext.Location())), seen: map[string]int{}}
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		rd.date1904 = *props.Date1904
	}
	rd.meta = sheetCells(zr, numericCells(raw))
	for _, r := range raw {
		rows = append(rows, rd.row(r.n, r.cells))
	}
	return rows, rd.errs, nil
}

// rawRow is a non-blank data row as the sheet has it.
type rawRow struct {
	n     int // sheet row
	cells []string
}

// dataRows finds the header and returns the non-blank rows below it.
func dataRows(f *excelize.File, sheet, lang string, maxRows int) ([]rawRow, error) {
	it, err := f.Rows(sheet)
	if err != nil {
		return nil, fileErr(err, "xlsx.err.corrupt")
	}
	defer it.Close()
	var out []rawRow
	found, seenAny := false, false
	for n := 1; it.Next(); n++ {
		cells, err := it.Columns()
		if err != nil {
			return nil, fileErr(err, "xlsx.err.corrupt")
		}
		if !found {
			if blank(cells, colNo) {
				continue
			}
			seenAny = true
			if isHeader(cells) {
				if err := checkHeader(cells, lang); err != nil {
					return nil, err
				}
				found = true
			} else if n >= headerSearchRows {
				return nil, fileErr(nil, "xlsx.err.no_header", headerText(lang, colFullName))
			}
			continue
		}
		// STT alone does not make a row: templates are often pre-numbered.
		if blank(cells, colFullName) {
			continue
		}
		if len(out) == maxRows {
			return nil, fileErr(nil, "xlsx.err.too_many_rows", maxRows)
		}
		if len(cells) > numCols {
			cells = cells[:numCols] // columns after the note are not ours
		}
		out = append(out, rawRow{n, cells})
	}
	if err := it.Error(); err != nil {
		return nil, fileErr(err, "xlsx.err.corrupt")
	}
	switch {
	case !seenAny:
		return nil, fileErr(nil, "xlsx.err.empty")
	case !found:
		return nil, fileErr(nil, "xlsx.err.no_header", headerText(lang, colFullName))
	case len(out) == 0:
		return nil, fileErr(nil, "xlsx.err.no_rows")
	}
	return out, nil
}

// cell is column c of a row's cells ("" past the end).
func cell(cells []string, c int) string {
	if c < len(cells) {
		return cells[c]
	}
	return ""
}

// blank reports whether the row has nothing in our columns from column from on.
func blank(cells []string, from int) bool {
	for c := from; c < min(len(cells), numCols); c++ {
		if vntext.CleanLine(cells[c]) != "" {
			return false
		}
	}
	return true
}

// isHeader reports whether a row looks like our header (three or more known
// labels), so that a title row above it is skipped but a header with one
// column wrong gets a precise message rather than "no header".
func isHeader(cells []string) bool {
	n := 0
	for _, s := range cells[:min(len(cells), 2*numCols)] {
		if headerCol(foldHeader(s)) >= 0 {
			n++
		}
	}
	return n >= 3
}

// headerFolds maps the folded header labels of every language to their column.
var headerFolds = sync.OnceValue(func() map[string]int {
	m := map[string]int{}
	for c := range numCols {
		for _, l := range i18n.Langs {
			m[foldHeader(colLabel(l, c))] = c
		}
	}
	return m
})

// headerCol is the column whose header label in some language folds to f, or -1.
func headerCol(f string) int {
	if c, ok := headerFolds()[f]; ok && f != "" {
		return c
	}
	return -1
}

// checkHeader requires the columns in their fixed order. The STT column is
// not read, so its header is not checked either ("TT", "Số TT", blank…).
func checkHeader(cells []string, lang string) error {
	for c := colNo + 1; c < numCols; c++ {
		s := vntext.CleanLine(cell(cells, c))
		if headerCol(foldHeader(s)) == c {
			continue
		}
		return fileErr(nil, "xlsx.err.bad_header", colLetter(c), headerText(lang, c), s)
	}
	return nil
}

// reader holds the state of one ReadMembers call.
type reader struct {
	f        *excelize.File
	lang     string
	date1904 bool
	today    model.Date
	meta     map[string]cellMeta // see numericCells
	errs     []RowError
	seen     map[string]int // folded name and birth date → first row
}

func (rd *reader) rowErr(row, c int, key string, args ...any) {
	e := RowError{Row: row, Msg: model.M(key, args...)}
	if c >= 0 {
		e.Column, e.Header = colLetter(c), colLabel(rd.lang, c)
	}
	rd.errs = append(rd.errs, e)
}

// row parses sheet row n, recording its problems.
func (rd *reader) row(n int, cells []string) MemberRow {
	m := MemberRow{Row: n}
	text := func(c int) string { return vntext.CleanLine(cell(cells, c)) }

	m.FullName = text(colFullName)
	switch {
	case m.FullName == "":
		rd.rowErr(n, colFullName, "xlsx.err.required")
	case utf8.RuneCountInString(m.FullName) > MaxNameLen:
		rd.rowErr(n, colFullName, "xlsx.err.too_long", MaxNameLen)
		m.FullName = ""
	}
	if s := text(colGender); s != "" {
		m.Gender = model.Gender(rd.choose(n, colGender, genders(), s))
	}
	var birthOK bool
	m.BirthDate, birthOK = rd.date(n, colBirthDate, cells)
	if m.BirthDate.After(rd.today) {
		rd.rowErr(n, colBirthDate, "xlsx.err.future_date", dateText(m.BirthDate))
		m.BirthDate, birthOK = model.Date{}, false
	}
	m.PartyJoined, _ = rd.date(n, colPartyJoined, cells)
	switch {
	case m.PartyJoined.After(rd.today):
		rd.rowErr(n, colPartyJoined, "xlsx.err.future_date", dateText(m.PartyJoined))
		m.PartyJoined = model.Date{}
	case !m.PartyJoined.IsZero() && m.PartyJoined.Before(m.BirthDate):
		// Usually the two date columns swapped.
		rd.rowErr(n, colPartyJoined, "xlsx.err.joined_before_birth", dateText(m.PartyJoined), dateText(m.BirthDate))
		m.PartyJoined = model.Date{}
	}
	if s := rd.phone(n, cells); s != "" {
		if vntext.ValidPhone(s) {
			m.Phone = s
		} else {
			rd.rowErr(n, colPhone, "xlsx.err.phone", s)
		}
	}
	if s := text(colEmail); s != "" {
		if vntext.ValidEmail(s) {
			m.Email = s
		} else {
			rd.rowErr(n, colEmail, "xlsx.err.email", s)
		}
	}
	if s := text(colStatus); s == "" {
		rd.rowErr(n, colStatus, "xlsx.err.required")
	} else {
		m.Status = model.MemberStatus(rd.choose(n, colStatus, statuses(), s))
	}
	var ok bool
	if m.StartedOn, ok = rd.date(n, colStartedOn, cells); ok && m.StartedOn.IsZero() {
		rd.rowErr(n, colStartedOn, "xlsx.err.required")
	}
	if s := text(colPost); s != "" {
		m.Post = model.PostKind(rd.choose(n, colPost, posts(), s))
	}
	m.Areas = splitAreas(cell(cells, colAreas))
	m.Note = vntext.Clean(cell(cells, colNote))

	// The same person twice, usually a pasted block: report the second copy.
	if m.FullName != "" && birthOK {
		key := vntext.Fold(m.FullName) + "|" + m.BirthDate.String()
		if first, dup := rd.seen[key]; dup {
			if m.BirthDate.IsZero() {
				rd.rowErr(n, -1, "xlsx.err.duplicate_name", first)
			} else {
				rd.rowErr(n, -1, "xlsx.err.duplicate", first)
			}
		} else {
			rd.seen[key] = n
		}
	}
	return m
}

// choose parses a label of e, recording an error that lists the allowed labels.
func (rd *reader) choose(n, c int, e enum, s string) string {
	code, ok := e.parse(s)
	if !ok {
		rd.rowErr(n, c, "xlsx.err.unknown_value", s, e.allowed(rd.lang))
	}
	return code
}

// date parses a date cell: text as people type it, or a real Excel date (a
// number with a date format, or an ISO date cell). ok is false when the cell
// has something that is not a date (the error is recorded).
func (rd *reader) date(n, c int, cells []string) (d model.Date, ok bool) {
	s := vntext.CleanLine(cell(cells, c))
	if s == "" {
		return model.Date{}, true
	}
	if t, err := vntext.ParseDate(s); err == nil {
		return model.DateOf(t), true
	}
	// "09/01/2026 00:00:00" from exports of other programs.
	if day, tm, cut := strings.Cut(s, " "); cut && strings.Contains(tm, ":") {
		if t, err := vntext.ParseDate(day); err == nil {
			return model.DateOf(t), true
		}
	}
	// t="d" cells hold ISO 8601, "2026-01-09T00:00:00Z".
	if len(s) > 10 && s[10] == 'T' {
		if t, err := vntext.ParseDate(s[:10]); err == nil {
			return model.DateOf(t), true
		}
	}
	if v, err := strconv.ParseFloat(s, 64); err == nil {
		if meta := rd.meta[cellRef(c, n)]; meta.number && rd.dateFormatted(meta.style) {
			if t, err := excelize.ExcelDateToTime(v, rd.date1904); err == nil && t.Year() >= 1900 && t.Year() <= 2200 {
				return model.DateOf(t), true
			}
		}
	}
	rd.rowErr(n, c, "xlsx.err.date", s)
	return model.Date{}, false
}

// dateFormatted reports whether a number cell is shown as a date. A bare
// number such as 1965 (a birth year typed alone) must not become a day in 1905.
func (rd *reader) dateFormatted(style int) bool {
	st, err := rd.f.GetStyle(style)
	if err != nil || st == nil {
		return false
	}
	if st.CustomNumFmt != nil {
		return isDateFormatCode(*st.CustomNumFmt)
	}
	switch n := st.NumFmt; {
	case n >= 14 && n <= 17, n == 22, n >= 27 && n <= 36, n >= 50 && n <= 58:
		// Built-in dates; 27–36 and 50–58 are the East Asian locale ones.
		return true
	}
	return false
}

// isDateFormatCode reports whether a custom number format shows a day or a
// year; quoted text, escapes and [..] sections do not count.
func isDateFormatCode(code string) bool {
	quoted, bracket := false, false
	for i := 0; i < len(code); i++ {
		switch ch := code[i]; {
		case quoted:
			quoted = ch != '"'
		case bracket:
			bracket = ch != ']'
		case ch == '"':
			quoted = true
		case ch == '[':
			bracket = true
		case ch == '\\' || ch == '_' || ch == '*':
			i++ // the next character is literal or padding
		case ch == 'd' || ch == 'D' || ch == 'y' || ch == 'Y':
			return true
		}
	}
	return false
}

// phone reads the phone cell. A number typed into a General cell loses its
// leading zero (0912345678 → 912345678); a number cell with the length of a
// Vietnamese number without it is given it back.
func (rd *reader) phone(n int, cells []string) string {
	s := vntext.CleanLine(cell(cells, colPhone))
	if s == "" || strings.Trim(s, "0123456789.eE+") != "" {
		return s
	}
	if meta := rd.meta[cellRef(colPhone, n)]; !meta.number {
		return s
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v < 0 || v != math.Trunc(v) || v >= 1e15 {
		return s
	}
	digits := strconv.FormatFloat(v, 'f', 0, 64)
	// Mobiles are 0 + 9 digits; landlines 02x + 8 digits.
	if len(digits) == 9 || len(digits) == 10 && digits[0] == '2' {
		digits = "0" + digits
	}
	return digits
}

// splitAreas splits the areas cell on ";" and new lines, dropping empty and
// repeated entries.
func splitAreas(s string) []string {
	var out []string
	seen := map[string]bool{}
	for _, a := range strings.FieldsFunc(vntext.Clean(s), func(r rune) bool { return r == ';' || r == '\n' }) {
		a = vntext.CleanLine(a)
		if k := vntext.Fold(a); a != "" && !seen[k] {
			seen[k] = true
			out = append(out, a)
		}
	}
	return out
}
