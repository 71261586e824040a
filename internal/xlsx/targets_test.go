package xlsx

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// valuesBook writes a values sheet with the header of lang and rows of any
// cell values (numbers stay numbers).
func valuesBook(t *testing.T, lang string, rows ...[]any) []byte {
	t.Helper()
	b, err := ValuesTemplate(lang)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	s := f.GetSheetList()[0]
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := f.SetSheetRow(s, cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestReadTargetValues(t *testing.T) {
	b := valuesBook(t, "vi",
		[]any{"Tỷ lệ hộ nghèo", "2026-02", "4,1", "%", "Rà soát"},
		[]any{},
		[]any{12, 2026, 1.234, "", ""},
		[]any{"13", time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), 60, "triệu đồng/người/năm", "nhiều\ndòng"},
	)
	rows, err := ReadTargetValues(bytes.NewReader(b), "vi", 0)
	if err != nil {
		t.Fatal(err)
	}
	want := []ValueRow{
		{Row: 2, Target: "Tỷ lệ hộ nghèo", Period: "2026-02", Value: "4,1", Unit: "%", Note: "Rà soát"},
		{Row: 4, Target: "12", Period: "2026", Value: "1,234"},
		{Row: 5, Target: "13", Period: "2026-03", Value: "60", Unit: "triệu đồng/người/năm", Note: "nhiều\ndòng"},
	}
	if len(rows) != len(want) {
		t.Fatalf("rows %+v", rows)
	}
	for i := range want {
		if rows[i] != want[i] {
			t.Errorf("row %d: %+v, want %+v", i, rows[i], want[i])
		}
	}
}

func TestReadTargetValuesFileErrors(t *testing.T) {
	tmpl, err := ValuesTemplate("en")
	if err != nil {
		t.Fatal(err)
	}
	members := withRows(t, "vi", valid("Nguyễn Văn A"))
	for name, c := range map[string]struct {
		data []byte
		key  string
	}{
		"empty":          {nil, "xlsx.err.empty"},
		"template":       {tmpl, "xlsx.err.no_rows"},
		"not a zip":      {[]byte("hello"), "xlsx.err.not_xlsx"},
		"a member list":  {members, "xlsx.err.no_header"},
		"english header": {valuesBook(t, "en", []any{"x", "2026", "1"}), ""},
	} {
		_, err := ReadTargetValues(bytes.NewReader(c.data), "vi", 0)
		var fe *FileError
		switch {
		case c.key == "" && err != nil:
			t.Errorf("%s: %v", name, err)
		case c.key != "" && (!errors.As(err, &fe) || fe.Msg.Key != c.key):
			t.Errorf("%s: %v, want %s", name, err, c.key)
		}
	}
}

func TestWriteTargetsReadsBack(t *testing.T) {
	var buf bytes.Buffer
	err := WriteTargets(&buf, "vi", []TargetSheet{{ID: 7, Name: "Bảo hiểm y tế", Unit: "%", Value: 100,
		Values: []SheetValue{{Period: "2026-01", Value: 95.5, Note: "tháng 1"}, {Period: "2026-02", Value: 1234.5}}}})
	if err != nil {
		t.Fatal(err)
	}
	rows, err := ReadTargetValues(&buf, "vi", 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0] != (ValueRow{Row: 2, Target: "7", Period: "2026-01", Value: "95,5", Unit: "%", Note: "tháng 1"}) ||
		rows[1].Value != "1234,5" {
		t.Fatalf("read back %+v", rows)
	}
}
