package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"reflect"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/unicode/norm"

	"nghisu/internal/i18n"
	"nghisu/internal/model"
	"nghisu/internal/vntext"
)

func date(y int, m time.Month, d int) model.Date { return model.Date{Year: y, Month: m, Day: d} }

func sampleRows() []MemberRow {
	return []MemberRow{
		{FullName: "Nguyễn Văn Đức", Gender: model.GenderMale, BirthDate: date(1970, 2, 1),
			PartyJoined: date(1995, 4, 3), Phone: "0912 345 678", Email: "duc@example.vn",
			Status: model.StatusIncumbent, StartedOn: date(2025, 10, 1), Post: model.PostSecretary,
			Areas: []string{"Kinh tế", "Quốc phòng – an ninh"}, Note: "Dòng 1\nDòng 2"},
		{FullName: "Trần Thị Thủy", Gender: model.GenderFemale, BirthDate: date(1982, 12, 31),
			Status: model.StatusProsecuted, StartedOn: date(2026, 1, 9), Post: model.PostInspectionViceChair},
		{FullName: "Lê Hoàng", Status: model.StatusProbationary, StartedOn: date(2024, 2, 29),
			Phone: "+84 (28) 3823-4567"},
	}
}

// withRows is a template in lang with rows written from row 2 on.
func withRows(t *testing.T, lang string, rows ...[]any) []byte {
	t.Helper()
	return edit(t, mustTemplate(t, lang), func(f *excelize.File, sheet string) {
		for i, r := range rows {
			if err := f.SetSheetRow(sheet, fmt.Sprintf("A%d", i+2), &r); err != nil {
				t.Fatal(err)
			}
		}
	})
}

func mustTemplate(t testing.TB, lang string) []byte {
	t.Helper()
	b, err := Template(lang)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// edit opens b, lets fn change its first sheet and returns the saved bytes.
func edit(t *testing.T, b []byte, fn func(f *excelize.File, sheet string)) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fn(f, f.GetSheetList()[0])
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// valid is a correct row of cells; tests change some columns of it.
func valid(name string, changes ...any) []any {
	r := []any{"", name, "male", "01/02/1970", "03/04/1995", "0912 345 678", "an@example.vn",
		"incumbent", "01/10/2025", "committee_member", "Kinh tế; Văn hóa", "ghi chú"}
	for i := 0; i+1 < len(changes); i += 2 {
		r[strings.IndexByte("ABCDEFGHIJKL", changes[i].(string)[0])] = changes[i+1]
	}
	return r
}

func read(t *testing.T, b []byte, lang string, maxRows int) ([]MemberRow, []RowError) {
	t.Helper()
	rows, errs, err := ReadMembers(bytes.NewReader(b), lang, maxRows)
	if err != nil {
		t.Fatalf("ReadMembers: %v", err)
	}
	return rows, errs
}

func TestRoundTrip(t *testing.T) {
	in := sampleRows()
	for _, wlang := range i18n.Langs {
		b, err := WriteMembers(wlang, in)
		if err != nil {
			t.Fatal(err)
		}
		// Either language's reader takes either language's file.
		for _, rlang := range i18n.Langs {
			got, errs := read(t, b, rlang, 0)
			if len(errs) != 0 {
				t.Fatalf("%s→%s: row errors %+v", wlang, rlang, errs)
			}
			want := make([]MemberRow, len(in))
			copy(want, in)
			for i := range want {
				want[i].Row = i + 2
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s→%s:\n got %+v\nwant %+v", wlang, rlang, got, want)
			}
		}
	}
}

func TestWriteMembersCells(t *testing.T) {
	b, err := WriteMembers("vi", sampleRows())
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s := f.GetSheetList()[0]
	for cell, want := range map[string]string{
		"A2": "1", "A3": "2", "A4": "3", "D2": "01/02/1970", "I3": "09/01/2026", "I4": "29/02/2024",
		"C2": i18n.T("vi", "gender.male"), "H3": i18n.T("vi", "status.prosecuted"),
		"J3": i18n.T("vi", "postkind.inspection_vice_chair"), "K2": "Kinh tế; Quốc phòng – an ninh",
	} {
		if got, _ := f.GetCellValue(s, cell); got != want {
			t.Errorf("%s = %q, want %q", cell, got, want)
		}
	}
	// Dates are text cells, so no locale can show them as m/d/y.
	if typ, _ := f.GetCellType(s, "D2"); typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString {
		t.Errorf("D2 type %v, want a string", typ)
	}
}

func TestTemplate(t *testing.T) {
	for _, lang := range i18n.Langs {
		t.Run(lang, func(t *testing.T) {
			f, err := excelize.OpenReader(bytes.NewReader(mustTemplate(t, lang)))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			members, help, lists := sheetNames(lang)
			if got, want := f.GetSheetList(), []string{members, help, lists}; !reflect.DeepEqual(got, want) {
				t.Fatalf("sheets %q, want %q", got, want)
			}
			if vis, _ := f.GetSheetVisible(lists); vis {
				t.Error("lists sheet is visible")
			}
			rows, _ := f.GetRows(members)
			if len(rows) != 1 {
				t.Fatalf("%d rows, want the header only", len(rows))
			}
			for c := range numCols {
				if rows[0][c] != headerText(lang, c) {
					t.Errorf("header %s = %q, want %q", colLetter(c), rows[0][c], headerText(lang, c))
				}
			}
			if !strings.HasSuffix(rows[0][colFullName], "*") || strings.HasSuffix(rows[0][colGender], "*") {
				t.Error("required columns are not marked with *")
			}
			panes, _ := f.GetPanes(members)
			if !panes.Freeze || panes.YSplit != 1 {
				t.Errorf("panes %+v, want the header frozen", panes)
			}
			st, _ := f.GetCellStyle(members, "B1")
			if style, _ := f.GetStyle(st); style == nil || style.Font == nil || !style.Font.Bold {
				t.Error("header is not bold")
			}
			if w, _ := f.GetColWidth(members, "B"); w < 20 {
				t.Errorf("name column width %v", w)
			}

			dvs, err := f.GetDataValidations(members)
			if err != nil {
				t.Fatal(err)
			}
			lists3 := map[string]string{}
			inputs := map[string]string{}
			for _, dv := range dvs {
				if dv.Type == "list" {
					lists3[dv.Sqref] = dv.Formula1
				} else if dv.ShowInputMessage {
					inputs[dv.Sqref] = *dv.Prompt
				}
			}
			wantLists := map[string]string{"C2:C1000": nameGenders, "H2:H1000": nameStatuses, "J2:J1000": namePosts}
			if !reflect.DeepEqual(lists3, wantLists) {
				t.Errorf("drop-downs %v, want %v", lists3, wantLists)
			}
			for _, r := range []string{"D2:D1000", "E2:E1000", "I2:I1000"} {
				if inputs[r] != i18n.T(lang, "xlsx.dv.date") {
					t.Errorf("input message on %s = %q", r, inputs[r])
				}
			}
			comments, _ := f.GetComments(members)
			if len(comments) != 3 {
				t.Errorf("%d header comments, want 3 (the date columns)", len(comments))
			}

			// The named lists hold the labels in lang.
			names := map[string]string{}
			for _, dn := range f.GetDefinedName() {
				names[dn.Name] = dn.RefersTo
			}
			for i, l := range []struct {
				name string
				e    enum
			}{{nameGenders, genders()}, {nameStatuses, statuses()}, {namePosts, posts()}} {
				col := colLetter(i)
				want := fmt.Sprintf("'%s'!$%s$1:$%s$%d", lists, col, col, len(l.e))
				if names[l.name] != want {
					t.Errorf("%s refers to %q, want %q", l.name, names[l.name], want)
				}
				for j, label := range l.e.labels(lang) {
					if got, _ := f.GetCellValue(lists, fmt.Sprintf("%s%d", col, j+1)); got != label {
						t.Errorf("%s%d = %q, want %q", col, j+1, got, label)
					}
				}
			}
			for i := 1; i <= helpLines; i++ {
				if got, _ := f.GetCellValue(help, fmt.Sprintf("A%d", i+2)); got != i18n.T(lang, helpKey(i)) {
					t.Errorf("help line %d = %q", i, got)
				}
			}
			for _, c := range []string{"D", "F", "I"} {
				id, _ := f.GetColStyle(members, c)
				if style, _ := f.GetStyle(id); style == nil || style.NumFmt != 49 {
					t.Errorf("column %s is not text-formatted", c)
				}
			}
		})
	}
}

func TestTemplateReadsAsNoRows(t *testing.T) {
	_, _, err := ReadMembers(bytes.NewReader(mustTemplate(t, "vi")), "vi", 0)
	wantFileErr(t, err, "xlsx.err.no_rows")
}

// key is what the table tests compare of a RowError.
type key struct {
	Row    int
	Column string
	Key    string
}

func keys(errs []RowError) []key {
	out := []key{}
	for _, e := range errs {
		out = append(out, key{e.Row, e.Column, e.Msg.Key})
	}
	return out
}

func TestRowErrors(t *testing.T) {
	long := strings.Repeat("Nguyễn ", 14) + "Văn An" // 104 characters
	tests := []struct {
		name string
		rows [][]any
		want []key
	}{
		{"valid", [][]any{valid("A"), valid("B")}, []key{}},
		{"required", [][]any{valid("", "H", "", "I", "")},
			[]key{{2, "B", "xlsx.err.required"}, {2, "H", "xlsx.err.required"}, {2, "I", "xlsx.err.required"}}},
		{"bad dates", [][]any{valid("A", "D", "31/02/2020", "E", "abc", "I", "9/1/26")},
			[]key{{2, "D", "xlsx.err.date"}, {2, "E", "xlsx.err.date"}, {2, "I", "xlsx.err.date"}}},
		{"other date forms", [][]any{valid("A", "D", "1970-02-01", "E", "3.4.1995", "I", "01/10/2025 00:00:00")}, []key{}},
		{"future dates", [][]any{valid("A", "D", "01/01/2100"), valid("B", "E", "01/01/2100")},
			[]key{{2, "D", "xlsx.err.future_date"}, {3, "E", "xlsx.err.future_date"}}},
		{"joined before birth", [][]any{valid("A", "D", "03/04/1995", "E", "01/02/1970")},
			[]key{{2, "E", "xlsx.err.joined_before_birth"}}},
		{"unknown labels", [][]any{valid("A", "C", "X", "H", "foo", "J", "Trưởng thôn")},
			[]key{{2, "C", "xlsx.err.unknown_value"}, {2, "H", "xlsx.err.unknown_value"}, {2, "J", "xlsx.err.unknown_value"}}},
		{"codes in any case", [][]any{valid("A", "C", "FEMALE", "H", " Transferred ", "J", "standing deputy"),
			valid("B", "J", "INSPECTION_CHAIR", "C", "")}, []key{}},
		{"phones", [][]any{
			valid("A", "F", "12345"), valid("B", "F", "0912abc678"), valid("C", "F", "+84 912.345.678"),
			valid("D", "F", "1234567890123456"), valid("E", "F", "0912-345-678+"), valid("F", "F", "12345678")},
			[]key{{2, "F", "xlsx.err.phone"}, {3, "F", "xlsx.err.phone"}, {5, "F", "xlsx.err.phone"}, {6, "F", "xlsx.err.phone"}}},
		{"emails", [][]any{valid("A", "G", "abc"), valid("B", "G", "a@"), valid("C", "G", "a b@c.vn"), valid("D", "G", "A.B@Xa.Gov.VN")},
			[]key{{2, "G", "xlsx.err.email"}, {3, "G", "xlsx.err.email"}, {4, "G", "xlsx.err.email"}}},
		{"long name", [][]any{valid(long), valid(strings.Repeat("a", MaxNameLen))},
			[]key{{2, "B", "xlsx.err.too_long"}}},
		{"duplicates", [][]any{
			valid("Nguyễn Văn An"), valid("Trần Văn Bình"),
			valid("  NGUYEN van  an ", "E", ""),       // same person, differently typed
			valid("Nguyễn Văn An", "D", "02/02/1970"), // a namesake: other birth date
			valid("Lê Thị Cúc", "D", ""), valid("le thi cuc", "D", ""),
		}, []key{{4, "", "xlsx.err.duplicate"}, {7, "", "xlsx.err.duplicate_name"}}},
		{"every problem of every row, blank rows skipped", [][]any{
			valid("", "C", "?", "D", "x"),
			{"", "", "", "", "", "", "", "", "", "", "", ""},
			{"3"}, // a pre-numbered empty row
			valid("B", "F", "1", "G", "no", "H", "??", "I", "32/01/2020"),
		}, []key{{2, "B", "xlsx.err.required"}, {2, "C", "xlsx.err.unknown_value"}, {2, "D", "xlsx.err.date"},
			{5, "F", "xlsx.err.phone"}, {5, "G", "xlsx.err.email"}, {5, "H", "xlsx.err.unknown_value"}, {5, "I", "xlsx.err.date"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, errs := read(t, withRows(t, "vi", tt.rows...), "vi", 0)
			if got := keys(errs); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("errors\n got %v\nwant %v", got, tt.want)
			}
			for _, e := range errs {
				if e.Column != "" && e.Header != colLabel("vi", int(e.Column[0]-'A')) {
					t.Errorf("row %d %s: header %q", e.Row, e.Column, e.Header)
				}
			}
			if len(rows) == 0 {
				t.Error("no rows returned")
			}
		})
	}
}

func TestRowErrorArgs(t *testing.T) {
	b := withRows(t, "en", valid("A"), valid("B", "H", "foo"), valid("a", "C", "x"), valid("C", "D", "01/01/2100"))
	_, errs := read(t, b, "en", 0)
	want := []RowError{
		{Row: 3, Column: "H", Header: colLabel("en", colStatus), Msg: model.M("xlsx.err.unknown_value", "foo", statuses().allowed("en"))},
		{Row: 4, Column: "C", Header: colLabel("en", colGender), Msg: model.M("xlsx.err.unknown_value", "x", genders().allowed("en"))},
		{Row: 4, Msg: model.M("xlsx.err.duplicate", 2)},
		{Row: 5, Column: "D", Header: colLabel("en", colBirthDate), Msg: model.M("xlsx.err.future_date", "01/01/2100")},
	}
	if !reflect.DeepEqual(errs, want) {
		t.Errorf("\n got %+v\nwant %+v", errs, want)
	}
	if n := strings.Count(statuses().allowed("en"), "; "); n != len(model.MemberStatuses)-1 {
		t.Errorf("allowed statuses %q", statuses().allowed("en"))
	}
}

func TestToday(t *testing.T) {
	old := now
	now = func() time.Time { return time.Date(2000, 1, 1, 12, 0, 0, 0, time.UTC) }
	defer func() { now = old }()
	_, errs := read(t, withRows(t, "vi", valid("A", "D", "01/01/2000", "E", ""), valid("B", "D", "02/01/2000", "E", "")), "vi", 0)
	if got, want := keys(errs), []key{{3, "D", "xlsx.err.future_date"}}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestParsedValues(t *testing.T) {
	rows, errs := read(t, withRows(t, "vi",
		valid("A", "F", "  0912.345.678 ", "K", "Kinh tế;;\n văn hóa ; KINH TE\nAn ninh", "L", " dòng 1\r\ndòng 2 ")), "vi", 0)
	if len(errs) != 0 {
		t.Fatal(errs)
	}
	m := rows[0]
	if m.Phone != "0912.345.678" || m.Note != "dòng 1\ndòng 2" ||
		!reflect.DeepEqual(m.Areas, []string{"Kinh tế", "văn hóa", "An ninh"}) ||
		m.Status != model.StatusIncumbent || m.Post != model.PostCommitteeMember || m.Gender != model.GenderMale ||
		m.BirthDate != date(1970, 2, 1) || m.PartyJoined != date(1995, 4, 3) || m.StartedOn != date(2025, 10, 1) {
		t.Errorf("%+v", m)
	}
}

func TestVietnameseLabels(t *testing.T) {
	if !i18n.Has("vi", "status.incumbent") {
		t.Log("catalog has no status labels yet: Vietnamese label checks skipped")
		return
	}
	nfd := norm.NFD.String
	rows, errs := read(t, withRows(t, "en",
		valid("A", "C", "Nữ", "H", "ĐƯƠNG NHIỆM", "J", "Pho Bi thu thuong truc"),
		valid("B", "C", nfd("nữ"), "H", nfd("Bị khởi tố, truy tố, tạm giam"), "J", nfd("Ủy viên Ban Thường vụ")),
		valid("C", "H", "duong nhiem", "J", "Dang uy vien"),
	), "en", 0)
	if len(errs) != 0 {
		t.Fatal(errs)
	}
	want := []struct {
		g model.Gender
		s model.MemberStatus
		p model.PostKind
	}{{model.GenderFemale, model.StatusIncumbent, model.PostStandingDeputy},
		{model.GenderFemale, model.StatusProsecuted, model.PostStandingMember},
		{model.GenderMale, model.StatusIncumbent, model.PostCommitteeMember}}
	for i, w := range want {
		if rows[i].Gender != w.g || rows[i].Status != w.s || rows[i].Post != w.p {
			t.Errorf("row %d: %+v", i+2, rows[i])
		}
	}
}

func TestNFDInput(t *testing.T) {
	nfd := norm.NFD.String
	name, area, note := "Nguyễn Thị Thủy Đức", "Văn hóa – xã hội", "Ghi chú: chuyển sinh hoạt"
	if nfd(name) == name {
		t.Fatal("test strings are not decomposable")
	}
	b := withRows(t, "vi", valid(nfd(name), "K", nfd(area+"; "+area), "L", nfd(note), "G", "thuy@example.vn"),
		valid(nfd("Nguyễn Thị Thủy Đức"), "G", ""))
	rows, errs := read(t, b, "vi", 0)
	m := rows[0]
	if m.FullName != name || !reflect.DeepEqual(m.Areas, []string{area}) || m.Note != note {
		t.Errorf("not NFC: %+q %+q %+q", m.FullName, m.Areas, m.Note)
	}
	if !norm.NFC.IsNormalString(rows[1].FullName) {
		t.Errorf("row 3 name not NFC")
	}
	// The NFD copy is the same person as the NFC one.
	if got, want := keys(errs), []key{{3, "", "xlsx.err.duplicate"}}; !reflect.DeepEqual(got, want) {
		t.Errorf("errors %v, want %v", got, want)
	}
}

// TestExcelDates covers real Excel date cells: serial numbers with a date
// format (Excel turns a typed 09/01/2026 into one in a General cell), the
// 1904 date system of old Mac workbooks, and ISO cells (t="d").
func TestExcelDates(t *testing.T) {
	serial := func(d model.Date, date1904 bool) float64 {
		base := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
		if date1904 {
			base = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
		}
		return d.Time(time.UTC).Sub(base).Hours() / 24
	}
	birth, joined, started := date(1970, 2, 1), date(1995, 4, 3), date(2025, 10, 1)
	build := func(t *testing.T, date1904 bool, styles func(f *excelize.File) (d, e, i int)) []byte {
		return edit(t, withRows(t, "vi", valid("A")), func(f *excelize.File, s string) {
			if date1904 {
				if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &date1904}); err != nil {
					t.Fatal(err)
				}
			}
			sd, se, si := styles(f)
			for _, c := range []struct {
				cell  string
				d     model.Date
				style int
			}{{"D2", birth, sd}, {"E2", joined, se}, {"I2", started, si}} {
				if err := f.SetCellFloat(s, c.cell, serial(c.d, date1904)+0.25, -1, 64); err != nil { // with a time of day
					t.Fatal(err)
				}
				if err := f.SetCellStyle(s, c.cell, c.cell, c.style); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
	style := func(f *excelize.File, st *excelize.Style) int {
		id, err := f.NewStyle(st)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	custom := func(s string) *excelize.Style { return &excelize.Style{CustomNumFmt: &s} }
	dateStyles := func(f *excelize.File) (int, int, int) {
		return style(f, &excelize.Style{NumFmt: 14}), style(f, custom("dd/mm/yyyy")), style(f, custom(`[$-42A]d" tháng "m" năm "yyyy`))
	}
	for _, date1904 := range []bool{false, true} {
		t.Run(fmt.Sprintf("1904=%v", date1904), func(t *testing.T) {
			rows, errs := read(t, build(t, date1904, dateStyles), "vi", 0)
			if len(errs) != 0 {
				t.Fatal(errs)
			}
			if m := rows[0]; m.BirthDate != birth || m.PartyJoined != joined || m.StartedOn != started {
				t.Errorf("got %v %v %v", m.BirthDate, m.PartyJoined, m.StartedOn)
			}
		})
	}
	t.Run("numbers without a date format", func(t *testing.T) {
		b := build(t, false, func(f *excelize.File) (int, int, int) {
			return 0, style(f, &excelize.Style{NumFmt: 2}), style(f, custom(`0" ngày"`))
		})
		_, errs := read(t, b, "vi", 0)
		want := []key{{2, "D", "xlsx.err.date"}, {2, "E", "xlsx.err.date"}, {2, "I", "xlsx.err.date"}}
		if got := keys(errs); !reflect.DeepEqual(got, want) {
			t.Errorf("got %v, want %v", got, want)
		}
	})
	t.Run("serial typed as text", func(t *testing.T) {
		_, errs := read(t, withRows(t, "vi", valid("A", "D", "25600")), "vi", 0)
		if got, want := keys(errs), []key{{2, "D", "xlsx.err.date"}}; !reflect.DeepEqual(got, want) {
			t.Errorf("got %v, want %v", got, want)
		}
	})
	t.Run("ISO date cells", func(t *testing.T) {
		b := rewriteSheet(t, withRows(t, "vi", valid("A", "D", "x", "I", "x")), func(xml string) string {
			xml = replaceCell(t, xml, "D2", `<c r="D2" t="d"><v>1970-02-01T00:00:00Z</v></c>`)
			return replaceCell(t, xml, "I2", `<c r="I2" t="d"><v>2025-10-01T00:00:00.000</v></c>`)
		})
		rows, errs := read(t, b, "vi", 0)
		if len(errs) != 0 {
			t.Fatal(errs)
		}
		if rows[0].BirthDate != birth || rows[0].StartedOn != started {
			t.Errorf("got %v %v", rows[0].BirthDate, rows[0].StartedOn)
		}
	})
}

// rewriteSheet changes the XML of the first worksheet of an .xlsx, for
// cells excelize does not write.
func rewriteSheet(t *testing.T, b []byte, fn func(string) string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		if f.Name == "xl/worksheets/sheet1.xml" {
			data = []byte(fn(string(data)))
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(data); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func replaceCell(t *testing.T, xml, ref, with string) string {
	t.Helper()
	re := regexp.MustCompile(`<c r="` + ref + `"[^>]*>.*?</c>`)
	if !re.MatchString(xml) {
		t.Fatalf("no cell %s in sheet XML", ref)
	}
	return re.ReplaceAllLiteralString(xml, with)
}

func TestNumericPhone(t *testing.T) {
	b := edit(t, withRows(t, "vi", valid("A"), valid("B"), valid("C"), valid("D"), valid("E", "F", "912345678")),
		func(f *excelize.File, s string) {
			_ = f.SetCellInt(s, "F2", 912345678)      // 0912345678 typed in a General cell
			_ = f.SetCellInt(s, "F3", 84912345678)    // with the country code
			_ = f.SetCellFloat(s, "F4", 1234, -1, 64) // too short whatever its type
			_ = f.SetCellInt(s, "F5", 2838234567)     // landline 028 3823 4567
		})
	rows, errs := read(t, b, "vi", 0)
	// F6 is text: what was typed is kept.
	if got := []string{rows[0].Phone, rows[1].Phone, rows[3].Phone, rows[4].Phone}; !reflect.DeepEqual(got,
		[]string{"0912345678", "84912345678", "02838234567", "912345678"}) {
		t.Errorf("phones %q", got)
	}
	if got, want := keys(errs), []key{{4, "F", "xlsx.err.phone"}}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

// TestHugeCoordinates: a small file naming far-away cells must not make the
// reader build the whole grid (excelize's cell lookups do; 20,000 rows with a
// cell in the last column took gigabytes).
func TestHugeCoordinates(t *testing.T) {
	var sb strings.Builder
	for r := 3; r < 20000; r++ {
		fmt.Fprintf(&sb, `<row r="%d"><c r="XFD%d"/></row>`, r, r)
	}
	sb.WriteString(`<row r="1048576"><c r="XFD1048576"/></row>`)
	b := edit(t, withRows(t, "vi", valid("A")), func(f *excelize.File, s string) {
		_ = f.SetCellInt(s, "D2", 12) // a number where a date belongs: needs its type
	})
	b = rewriteSheet(t, b, func(xml string) string {
		return strings.Replace(xml, "</sheetData>", sb.String()+"</sheetData>", 1)
	})
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, errs := read(t, b, "vi", 0)
	runtime.ReadMemStats(&after)
	if got, want := keys(errs), []key{{2, "D", "xlsx.err.date"}}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if mb := (after.TotalAlloc - before.TotalAlloc) >> 20; mb > 200 {
		t.Errorf("reading allocated %d MB", mb)
	}
}

func wantFileErr(t *testing.T, err error, key string) *FileError {
	t.Helper()
	var fe *FileError
	if !errors.As(err, &fe) {
		t.Fatalf("error %v, want a *FileError %s", err, key)
	}
	if fe.Msg.Key != key {
		t.Fatalf("error %v, want %s", err, key)
	}
	return fe
}

func TestFileErrors(t *testing.T) {
	random := make([]byte, 4096)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range random {
		random[i] = byte(rng.Uint32())
	}
	zipOf := func(name, content string) []byte {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		w, _ := zw.Create(name)
		_, _ = w.Write([]byte(content))
		_ = zw.Close()
		return buf.Bytes()
	}
	emptyBook := func() []byte {
		f := excelize.NewFile()
		defer f.Close()
		buf, _ := f.WriteToBuffer()
		return buf.Bytes()
	}()
	encrypted := func() []byte {
		f, err := excelize.OpenReader(bytes.NewReader(mustTemplate(t, "vi")))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		var buf bytes.Buffer
		if err := f.Write(&buf, excelize.Options{Password: "mật khẩu"}); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}()
	xls := append(append([]byte{}, oleMagic...), make([]byte, 1024)...)
	tmpl := mustTemplate(t, "vi")
	tests := []struct {
		name string
		data []byte
		key  string
	}{
		{"zero bytes", nil, "xlsx.err.empty"},
		{"random bytes", random, "xlsx.err.not_xlsx"},
		{"csv", []byte("STT,Họ và tên,Giới tính\n1,Nguyễn Văn An,Nam\n"), "xlsx.err.not_xlsx"},
		{"docx-like zip", zipOf("word/document.xml", "<w:document/>"), "xlsx.err.not_xlsx"},
		{"broken workbook", zipOf("xl/workbook.xml", "<workbook><sheets><sheet"), "xlsx.err.corrupt"},
		{"old xls", xls, "xlsx.err.xls"},
		{"encrypted", encrypted, "xlsx.err.encrypted"},
		{"empty sheet", emptyBook, "xlsx.err.empty"},
		{"header only", tmpl, "xlsx.err.no_rows"},
		{"no header", edit(t, emptyBook, func(f *excelize.File, s string) {
			_ = f.SetSheetRow(s, "A1", &[]any{"Danh sách", "", "x"})
			_ = f.SetSheetRow(s, "A2", &[]any{"1", "Nguyễn Văn An", "Nam"})
		}), "xlsx.err.no_header"},
		{"data without header", edit(t, emptyBook, func(f *excelize.File, s string) {
			for r := 1; r <= 12; r++ {
				_ = f.SetSheetRow(s, fmt.Sprintf("A%d", r), &[]any{r, "Nguyễn Văn An", "Nam"})
			}
		}), "xlsx.err.no_header"},
		{"too many rows", withRows(t, "vi", valid("A"), valid("B"), valid("C")), "xlsx.err.too_many_rows"},
		{"too large", append(bytes.Clone(tmpl), make([]byte, maxFileBytes)...), "xlsx.err.too_large"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, errs, err := ReadMembers(bytes.NewReader(tt.data), "vi", 2)
			fe := wantFileErr(t, err, tt.key)
			if rows != nil || errs != nil {
				t.Error("rows or row errors returned with a file error")
			}
			if tt.key == "xlsx.err.too_many_rows" && !reflect.DeepEqual(fe.Msg.Args, []any{2}) {
				t.Errorf("args %v", fe.Msg.Args)
			}
		})
	}
	if _, _, err := ReadMembers(bytes.NewReader(withRows(t, "vi", valid("A"), valid("B"))), "vi", 2); err != nil {
		t.Errorf("exactly maxRows rows: %v", err)
	}
}

func TestBadHeader(t *testing.T) {
	b := edit(t, withRows(t, "vi", valid("A")), func(f *excelize.File, s string) {
		_ = f.SetCellStr(s, "E1", colLabel("en", colPhone)) // phone where the party-joined date belongs
	})
	_, _, err := ReadMembers(bytes.NewReader(b), "vi", 0)
	fe := wantFileErr(t, err, "xlsx.err.bad_header")
	if want := []any{"E", headerText("vi", colPartyJoined), colLabel("en", colPhone)}; !reflect.DeepEqual(fe.Msg.Args, want) {
		t.Errorf("args %v, want %v", fe.Msg.Args, want)
	}
}

// TestLenientHeader: a title row above the header, mixed languages, another
// case, the "*" dropped, NFD and another STT header are all accepted.
func TestLenientHeader(t *testing.T) {
	hdr := make([]any, numCols)
	for c := range numCols {
		l := i18n.Langs[c%2]
		hdr[c] = norm.NFD.String(strings.ToUpper(colLabel(l, c)))
	}
	hdr[colNo] = "Số TT"
	emptyBook := func() []byte {
		f := excelize.NewFile()
		defer f.Close()
		buf, _ := f.WriteToBuffer()
		return buf.Bytes()
	}()
	b := edit(t, emptyBook, func(f *excelize.File, s string) {
		_ = f.SetCellStr(s, "A1", "DANH SÁCH BAN CHẤP HÀNH ĐẢNG BỘ XÃ")
		_ = f.SetSheetRow(s, "A3", &hdr)
		r := valid("Phạm Văn Em")
		_ = f.SetSheetRow(s, "A5", &r)
	})
	rows, errs := read(t, b, "vi", 0)
	if len(errs) != 0 || len(rows) != 1 || rows[0].Row != 5 || rows[0].FullName != "Phạm Văn Em" {
		t.Errorf("rows %+v errs %+v", rows, errs)
	}
}

func TestEnumParse(t *testing.T) {
	for _, tt := range []struct {
		e    enum
		in   string
		want string
	}{
		{statuses(), "incumbent", "incumbent"},
		{statuses(), "  PROBATIONARY ", "probationary"},
		{posts(), "Standing_Deputy", "standing_deputy"},
		{posts(), "inspection vice chair", "inspection_vice_chair"},
		{genders(), "Female", "female"},
		{genders(), "", ""},
		{posts(), "chair", ""}, // an organisation post, not a party one
	} {
		if got, _ := tt.e.parse(tt.in); got != tt.want {
			t.Errorf("parse(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	// Every label parses back to its code in both languages.
	for _, e := range []enum{genders(), statuses(), posts()} {
		for _, lang := range i18n.Langs {
			for i, l := range e.labels(lang) {
				if got, ok := e.parse(l); !ok || got != e[i].code {
					t.Errorf("%s label %q parses to %q", lang, l, got)
				}
			}
		}
	}
}

func TestHelpers(t *testing.T) {
	for s, want := range map[string]bool{
		"dd/mm/yyyy": true, "m/d/yy": true, "[$-42A]d mmmm yyyy": true, "yyyy-mm-dd hh:mm": true,
		"0.00": false, `0" ngày"`: false, "[h]:mm:ss": false, `\d0`: false, "hh:mm": false, "General": false,
	} {
		if got := isDateFormatCode(s); got != want {
			t.Errorf("isDateFormatCode(%q) = %v", s, got)
		}
	}
	for s, want := range map[string]string{
		`Tỉnh: "Đồng Tháp"`: `Tỉnh- "Đồng Tháp"`, "": "Sheet", strings.Repeat("x", 40): strings.Repeat("x", 31),
		"'a[b]'": "a-b-",
	} {
		if got := sheetName(s); got != want {
			t.Errorf("sheetName(%q) = %q, want %q", s, got, want)
		}
	}
	if got := splitAreas(" ;\n"); got != nil {
		t.Errorf("splitAreas of separators = %q", got)
	}
	if fold := vntext.Fold(norm.NFD.String("Đảng")); fold != "dang" {
		t.Errorf("fold %q", fold)
	}
}

func TestColumnOf(t *testing.T) {
	for field, want := range map[string]string{
		"full_name": "B", "gender": "C", "birth_date": "D", "party_joined": "E", "party_joined_on": "E",
		"phone": "F", "email": "G", "status": "H", "started_on": "I", "post": "J", "kind": "J",
		"areas": "K", "note": "L", "org_id": "", "": "",
	} {
		if got := ColumnOf(field); got != want {
			t.Errorf("ColumnOf(%q) = %q, want %q", field, got, want)
		}
	}
	for col, want := range map[string]string{"B": colLabel("vi", colFullName), "L": colLabel("vi", colNote),
		"": "", "M": "", "b": "", "AB": ""} {
		if got := Header("vi", col); got != want {
			t.Errorf("Header(%q) = %q, want %q", col, got, want)
		}
	}
}
