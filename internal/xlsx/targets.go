package xlsx

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"nghisu/internal/i18n"
	"nghisu/internal/vntext"
)

// The sheet of target values: one reported value per row. The target is
// named by its number (as the export shows it) or its exact name; the
// value is in the target's unit, which the unit column, when filled, must
// repeat. Reading only converts; matching the targets and the all-or-nothing
// import are the targets package's.
const (
	vcTarget = iota
	vcPeriod
	vcValue
	vcUnit
	vcNote
	vcCols
)

var valueColumns = [vcCols]column{
	vcTarget: {"xlsx.tv.target", "target", true, 44},
	vcPeriod: {"xlsx.tv.period", "period", true, 12},
	vcValue:  {"xlsx.tv.value", "value", true, 14},
	vcUnit:   {"xlsx.tv.unit", "unit", false, 22},
	vcNote:   {"xlsx.tv.note", "note", false, 44},
}

// ValueRow is one row of the values sheet, as text.
type ValueRow struct {
	// Row is the 1-based sheet row, for messages.
	Row    int
	Target string
	Period string
	// Value is the cell's text; a number cell's value is written with a
	// decimal comma ("12,5"), as a person would type it.
	Value string
	Unit  string
	Note  string
}

// ValueColumn is the column letter and header in lang of a field of
// ValueRow ("target", "period", "value", "unit", "note"); "" if none.
func ValueColumn(lang, field string) (letter, header string) {
	for c := range vcCols {
		if valueColumns[c].field == field {
			return colLetter(c), i18n.T(lang, valueColumns[c].key)
		}
	}
	return "", ""
}

func valueHeader(lang string, c int) string {
	h := i18n.T(lang, valueColumns[c].key)
	if valueColumns[c].required {
		h += " *"
	}
	return h
}

// valueHeaderCol is the column whose label in some language folds to s, or -1.
func valueHeaderCol(s string) int {
	f := foldHeader(s)
	if f == "" {
		return -1
	}
	for c := range vcCols {
		for _, l := range i18n.Langs {
			if foldHeader(i18n.T(l, valueColumns[c].key)) == f {
				return c
			}
		}
	}
	return -1
}

// ReadTargetValues reads the values sheet (the first sheet of an .xlsx):
// the header row (within the first rows; columns in their fixed order),
// then every non-blank row. The error is a *FileError for a file that is
// not such a sheet at all. Rows are returned as text for the caller to
// check; a row whose target column is blank is skipped only when the whole
// row is blank.
func ReadTargetValues(r io.Reader, lang string, maxRows int) (rows []ValueRow, err error) {
	if maxRows <= 0 {
		maxRows = DefaultMaxRows
	}
	data, err := io.ReadAll(io.LimitReader(r, maxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("xlsx: read upload: %w", err)
	}
	zr, err := check(data)
	if err != nil {
		return nil, err
	}
	defer func() {
		if !recoverPanics {
			return
		}
		if p := recover(); p != nil {
			rows, err = nil, fileErr(fmt.Errorf("panic: %v", p), "xlsx.err.corrupt")
		}
	}()
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{RawCellValue: true, UnzipSizeLimit: maxUnzipBytes})
	if err != nil {
		return nil, fileErr(err, "xlsx.err.corrupt")
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, fileErr(nil, "xlsx.err.corrupt")
	}
	it, err := f.Rows(sheets[0])
	if err != nil {
		return nil, fileErr(err, "xlsx.err.corrupt")
	}
	defer it.Close()
	var raw []rawRow
	found, seenAny := false, false
	for n := 1; it.Next(); n++ {
		cells, err := it.Columns()
		if err != nil {
			return nil, fileErr(err, "xlsx.err.corrupt")
		}
		if len(cells) > vcCols {
			cells = cells[:vcCols]
		}
		empty := true
		for _, c := range cells {
			if vntext.CleanLine(c) != "" {
				empty = false
			}
		}
		if empty {
			continue
		}
		if !found {
			seenAny = true
			known := 0
			for _, c := range cells {
				if valueHeaderCol(c) >= 0 {
					known++
				}
			}
			if known >= 2 {
				for c := range vcCols {
					if s := vntext.CleanLine(cell(cells, c)); valueHeaderCol(s) != c {
						return nil, fileErr(nil, "xlsx.err.bad_header", colLetter(c), valueHeader(lang, c), s)
					}
				}
				found = true
			} else if n >= headerSearchRows {
				return nil, fileErr(nil, "xlsx.err.no_header", valueHeader(lang, vcTarget))
			}
			continue
		}
		if len(raw) == maxRows {
			return nil, fileErr(nil, "xlsx.err.too_many_rows", maxRows)
		}
		raw = append(raw, rawRow{n, cells})
	}
	if err := it.Error(); err != nil {
		return nil, fileErr(err, "xlsx.err.corrupt")
	}
	switch {
	case !seenAny:
		return nil, fileErr(nil, "xlsx.err.empty")
	case !found:
		return nil, fileErr(nil, "xlsx.err.no_header", valueHeader(lang, vcTarget))
	case len(raw) == 0:
		return nil, fileErr(nil, "xlsx.err.no_rows")
	}
	// Number cells: the value (Go syntax in the raw XML, "12.5", never
	// a thousands dot) and a period Excel turned into a date.
	nd := needed{refs: map[string]bool{}}
	for _, r := range raw {
		for _, c := range []int{vcValue, vcPeriod} {
			if _, err := strconv.ParseFloat(vntext.CleanLine(cell(r.cells, c)), 64); err == nil {
				nd.refs[cellRef(c, r.n)] = true
				nd.maxRow = max(nd.maxRow, r.n)
			}
		}
	}
	meta := sheetCells(zr, nd)
	date1904 := false
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		date1904 = *props.Date1904
	}
	for _, r := range raw {
		v := ValueRow{Row: r.n, Target: vntext.CleanLine(cell(r.cells, vcTarget)), Period: vntext.CleanLine(cell(r.cells, vcPeriod)),
			Value: vntext.CleanLine(cell(r.cells, vcValue)), Unit: vntext.CleanLine(cell(r.cells, vcUnit)),
			Note: vntext.Clean(cell(r.cells, vcNote))}
		if m, ok := meta[cellRef(vcValue, r.n)]; ok && m.number {
			if x, err := strconv.ParseFloat(v.Value, 64); err == nil {
				v.Value = strings.Replace(strconv.FormatFloat(x, 'f', -1, 64), ".", ",", 1)
			}
		}
		if m, ok := meta[cellRef(vcPeriod, r.n)]; ok && m.number {
			// A year stays a year; a larger number is a date serial
			// (Excel reads "03/2026" as 1 March 2026): its month.
			if x, err := strconv.ParseFloat(v.Period, 64); err == nil && x > 3000 && x < 200000 {
				if t, err := excelize.ExcelDateToTime(x, date1904); err == nil {
					v.Period = t.Format("2006-01")
				}
			}
		}
		rows = append(rows, v)
	}
	return rows, nil
}

// ValuesTemplate is an empty values sheet labelled in lang, the period
// column kept as text so that Excel leaves "2026-03" alone.
func ValuesTemplate(lang string) ([]byte, error) {
	lang = i18n.Lang(lang)
	f := excelize.NewFile()
	defer f.Close()
	s := sheetName(i18n.T(lang, "xlsx.tv.sheet"))
	if err := f.SetSheetName("Sheet1", s); err != nil {
		return nil, err
	}
	text, err := f.NewStyle(&excelize.Style{NumFmt: 49})
	if err != nil {
		return nil, err
	}
	head, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}})
	if err != nil {
		return nil, err
	}
	for c := range vcCols {
		l := colLetter(c)
		if err := f.SetColWidth(s, l, l, valueColumns[c].width); err != nil {
			return nil, err
		}
		if c != vcValue {
			if err := f.SetColStyle(s, l, text); err != nil {
				return nil, err
			}
		}
		if err := f.SetCellStr(s, l+"1", valueHeader(lang, c)); err != nil {
			return nil, err
		}
	}
	if err := f.SetCellStyle(s, "A1", colLetter(vcCols-1)+"1", head); err != nil {
		return nil, err
	}
	if err := f.SetPanes(s, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return nil, err
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// TargetSheet is a target as the export writes it.
type TargetSheet struct {
	ID          int64
	Name        string
	Unit        string
	Direction   string
	Period      string
	Owner       string
	Baseline    float64
	Value       float64
	Status      string
	Achievement string
	Values      []SheetValue
}

// SheetValue is one report of a target's value.
type SheetValue struct {
	Period     string
	Value      float64
	Note       string
	Reporter   string
	ReportedAt time.Time
}

// WriteTargets streams a commune's targets to w: first a sheet of every
// reported value in the layout ReadTargetValues reads (so that an edited
// copy can be imported back), then a sheet of the targets.
func WriteTargets(w io.Writer, lang string, ts []TargetSheet) error {
	lang = i18n.Lang(lang)
	f := excelize.NewFile()
	defer f.Close()
	tsName, vsName := sheetName(i18n.T(lang, "xlsx.tv.targets_sheet")), sheetName(i18n.T(lang, "xlsx.tv.sheet"))
	// The values first: ReadTargetValues reads the first sheet.
	if err := f.SetSheetName("Sheet1", vsName); err != nil {
		return err
	}
	if _, err := f.NewSheet(tsName); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(tsName)
	if err != nil {
		return err
	}
	head := []any{}
	for _, k := range []string{"xlsx.tv.id", "target.name", "target.unit", "target.direction", "target.period", "target.owner",
		"target.baseline", "target.target_value", "target.status", "target.formula"} {
		head = append(head, i18n.T(lang, k))
	}
	if err := sw.SetRow("A1", head); err != nil {
		return err
	}
	for i, t := range ts {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, []any{t.ID, t.Name, t.Unit, t.Direction, t.Period, t.Owner, t.Baseline, t.Value,
			t.Status, t.Achievement}); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	sv, err := f.NewStreamWriter(vsName)
	if err != nil {
		return err
	}
	head = []any{}
	for c := range vcCols {
		head = append(head, valueHeader(lang, c))
	}
	head = append(head, i18n.T(lang, "target.reported_by"), i18n.T(lang, "target.reported_at"))
	if err := sv.SetRow("A1", head); err != nil {
		return err
	}
	n := 2
	for _, t := range ts {
		for _, v := range t.Values {
			cell, _ := excelize.CoordinatesToCellName(1, n)
			if err := sv.SetRow(cell, []any{t.ID, v.Period, v.Value, t.Unit, v.Note, v.Reporter,
				vntext.DateTime(v.ReportedAt)}); err != nil {
				return err
			}
			n++
		}
	}
	if err := sv.Flush(); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	_, err = f.WriteTo(w)
	return err
}
