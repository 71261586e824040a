package xlsx

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"
)

// A plain export keeps text as text (a name that looks like a formula is
// not run), numbers as numbers, sheet names Excel accepts and distinct.
func TestWriteTables(t *testing.T) {
	var buf bytes.Buffer
	err := WriteTables(&buf, []Table{
		{Name: "Chức vụ, kiêm nhiệm", Header: []string{"Xã, phường", "Số"}, Widths: []float64{30, 8},
			Rows: [][]any{{"=HYPERLINK(\"http://x\")", 3}, {"Đảng bộ phường Mỹ Tho", nil}}},
		{Name: "Chức vụ, kiêm nhiệm", Header: []string{"Họ và tên"}},
		{Name: "a/b:c?*[]", Header: []string{"x"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) != 3 || sheets[0] != "Chức vụ, kiêm nhiệm" || sheets[1] == sheets[0] || sheets[2] != "a-b-c----" {
		t.Fatalf("sheets %q", sheets)
	}
	if formula, _ := f.GetCellFormula(sheets[0], "A2"); formula != "" {
		t.Errorf("a text cell became the formula %q", formula)
	}
	rows, err := f.GetRows(sheets[0])
	if err != nil || len(rows) != 3 || rows[0][1] != "Số" || rows[1][0] != `=HYPERLINK("http://x")` || rows[1][1] != "3" || rows[2][0] != "Đảng bộ phường Mỹ Tho" {
		t.Errorf("rows %q, %v", rows, err)
	}
	if typ, _ := f.GetCellType(sheets[0], "B2"); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
		t.Errorf("a number cell is %v", typ)
	}
}
