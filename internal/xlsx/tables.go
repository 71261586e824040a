package xlsx

import (
	"io"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Table is a plain sheet of an export: a header row, then the rows.
// Strings stay text (never formulas), numbers stay numbers.
type Table struct {
	Name   string
	Header []string
	Rows   [][]any
	// Widths are the column widths, in characters; missing ones are left.
	Widths []float64
}

// WriteTables writes tables as the sheets of one workbook, the first one
// active, streamed to w. Reports that are read, not imported back (the
// staffing view), use it.
func WriteTables(w io.Writer, tables []Table) error {
	f := excelize.NewFile()
	defer f.Close()
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	if err != nil {
		return err
	}
	used := map[string]bool{}
	for i, t := range tables {
		name := sheetName(t.Name)
		if name == "" || used[strings.ToLower(name)] {
			name = "Sheet" + string(rune('1'+i))
		}
		used[strings.ToLower(name)] = true
		if i == 0 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(name); err != nil {
			return err
		}
		sw, err := f.NewStreamWriter(name)
		if err != nil {
			return err
		}
		for c, wd := range t.Widths {
			if err := sw.SetColWidth(c+1, c+1, wd); err != nil {
				return err
			}
		}
		head := make([]any, len(t.Header))
		for c, h := range t.Header {
			head[c] = excelize.Cell{StyleID: bold, Value: h}
		}
		if err := sw.SetRow("A1", head); err != nil {
			return err
		}
		for r, row := range t.Rows {
			cell, _ := excelize.CoordinatesToCellName(1, r+2)
			if err := sw.SetRow(cell, row); err != nil {
				return err
			}
		}
		if err := sw.Flush(); err != nil {
			return err
		}
	}
	f.SetActiveSheet(0)
	_, err = f.WriteTo(w)
	return err
}
