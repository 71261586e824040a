package xlsx

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestWriteOversight(t *testing.T) {
	score := 86.66
	b := OversightBook{
		MinutesDays: 10, From: "2025-12", To: "2026-01",
		Indicators: []OversightIndicator{
			{Code: "committee_held", Rate: true, Weight: 3, Default: 3},
			{Code: "standing_held"},
			{Code: "papers_on_time", Rate: true, Weight: 0, Default: 2},
			{Code: "minutes_timely", Rate: true, Weight: 2, Default: 2},
		},
		Rows: []OversightRow{
			{Commune: "Mỹ Tho", Unit: "phuong", Month: "2026-01", Score: &score, Values: map[string]OversightValue{
				"committee_held": {1, 1}, "standing_held": {2, 2}, "papers_on_time": {2, 3}, "minutes_timely": {0, 0}}},
			{Commune: "Cao Lãnh", Unit: "xa", Month: "2026-01"},
			{Commune: "Không rõ loại", Month: "2025-12"},
		},
	}
	var buf bytes.Buffer
	if err := WriteOversight(&buf, "vi", b); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); len(got) != 2 || got[0] != "Chỉ số" || got[1] != "Định nghĩa" {
		t.Fatalf("sheets %v", got)
	}
	rows, err := f.GetRows("Chỉ số", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"Xã, phường", "Loại", "Tháng", "Điểm", "Họp BCH thường kỳ: tỷ lệ phần trăm", "Họp BCH thường kỳ: số đạt",
		"Họp BCH thường kỳ: tổng số", "Số hội nghị BTV", "Gửi tài liệu đúng hạn: tỷ lệ phần trăm", "Gửi tài liệu đúng hạn: số đạt",
		"Gửi tài liệu đúng hạn: tổng số", "Biên bản ký, vào sổ đúng hạn: tỷ lệ phần trăm", "Biên bản ký, vào sổ đúng hạn: số đạt",
		"Biên bản ký, vào sổ đúng hạn: tổng số"}
	if strings.Join(rows[0], "|") != strings.Join(want, "|") {
		t.Fatalf("header\n%q\nwant\n%q", rows[0], want)
	}
	// Numbers, not text: a rate in percent to one decimal, its counts, and
	// nothing where the indicator does not apply.
	if got := strings.Join(rows[1], "|"); got != "Mỹ Tho|Phường|2026-01|86.7|100|1|1|2|66.7|2|3" {
		t.Fatalf("row %q", got)
	}
	if got := strings.Join(rows[2], "|"); got != "Cao Lãnh|Xã|2026-01" {
		t.Fatalf("empty row %q", got)
	}
	if got := strings.Join(rows[3], "|"); got != "Không rõ loại||2025-12" {
		t.Fatalf("no unit %q", got)
	}
	for _, ref := range []string{"D2", "E2", "F2", "H2", "I2"} {
		if typ, _ := f.GetCellType("Chỉ số", ref); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
			t.Errorf("%s is %v, want a number", ref, typ)
		}
	}
	tables, err := f.GetTables("Chỉ số")
	if err != nil || len(tables) != 1 || tables[0].Range != "A1:N4" {
		t.Fatalf("filter table %+v %v", tables, err)
	}
	panes, err := f.GetPanes("Chỉ số")
	if err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Fatalf("panes %+v %v", panes, err)
	}
	defs, err := f.GetRows("Định nghĩa")
	if err != nil {
		t.Fatal(err)
	}
	if len(defs) != 8 || strings.Join(defs[7], "|") != "Kỳ|2025-12 – 2026-01" || defs[1][0] != "Họp BCH thường kỳ" || defs[1][2] != "3" || defs[1][3] != "3" ||
		defs[3][2] != "0" || defs[3][3] != "2" || len(defs[2]) != 5 || defs[2][2] != "" ||
		!strings.Contains(defs[4][1], "10 ngày") || defs[6][0] != "Điểm" || !strings.Contains(defs[6][1], "100 ×") {
		t.Fatalf("definitions %q", defs)
	}
}
