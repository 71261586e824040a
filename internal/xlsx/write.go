package xlsx

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"nghisu/internal/i18n"
	"nghisu/internal/model"
	"nghisu/internal/vntext"
)

// Defined names the drop-downs refer to. A list typed into the validation
// itself cannot hold labels with commas ("Bị khởi tố, truy tố, tạm giam"),
// so the labels live on a hidden sheet.
const (
	nameGenders  = "nghisu_gender"
	nameStatuses = "nghisu_status"
	namePosts    = "nghisu_post"
)

// Template returns an empty member list to fill in, labelled in lang.
func Template(lang string) ([]byte, error) { return build(lang, nil) }

// WriteMembers returns rows as a member list in lang, in the template's
// layout so that it can be edited and read back with ReadMembers.
func WriteMembers(lang string, rows []MemberRow) ([]byte, error) { return build(lang, rows) }

func build(lang string, rows []MemberRow) ([]byte, error) {
	lang = i18n.Lang(lang)
	f := excelize.NewFile()
	defer f.Close()
	w := writer{f: f, lang: lang}
	w.members, w.help, w.lists = sheetNames(lang)
	w.lastRow = max(templateRows, len(rows)+1)
	if err := f.SetSheetName("Sheet1", w.members); err != nil {
		return nil, err
	}
	for _, step := range []func() error{w.layout, w.instructions, w.choices, w.validations} {
		if err := step(); err != nil {
			return nil, err
		}
	}
	for i, m := range rows {
		if err := w.row(i+2, i+1, m); err != nil {
			return nil, err
		}
	}
	f.SetActiveSheet(0)
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

type writer struct {
	f                     *excelize.File
	lang                  string
	members, help, lists  string
	lastRow               int // last row the column formats and drop-downs cover
	styleText, styleWrap  int
	styleNo, styleHeading int
}

// layout writes the header row and sets column widths and formats.
func (w *writer) layout() error {
	f, s := w.f, w.members
	var err error
	top := excelize.Alignment{Vertical: "top"}
	// Text format ("@", id 49) stops Excel from turning typed dates into
	// serials and phone numbers into numbers that lose their leading 0.
	if w.styleText, err = f.NewStyle(&excelize.Style{NumFmt: 49, Alignment: &top}); err != nil {
		return err
	}
	if w.styleWrap, err = f.NewStyle(&excelize.Style{NumFmt: 49,
		Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}); err != nil {
		return err
	}
	if w.styleNo, err = f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "center"}}); err != nil {
		return err
	}
	border := []excelize.Border{{Type: "left", Color: "999999", Style: 1}, {Type: "right", Color: "999999", Style: 1},
		{Type: "top", Color: "999999", Style: 1}, {Type: "bottom", Color: "999999", Style: 1}}
	if w.styleHeading, err = f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Border:    border,
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true},
	}); err != nil {
		return err
	}
	for c := range numCols {
		l := colLetter(c)
		if err := f.SetColWidth(s, l, l, columns[c].width); err != nil {
			return err
		}
		style := w.styleText
		switch c {
		case colNo:
			style = w.styleNo
		case colAreas, colNote:
			style = w.styleWrap
		}
		if err := f.SetColStyle(s, l, style); err != nil {
			return err
		}
		if err := f.SetCellStr(s, l+"1", headerText(w.lang, c)); err != nil {
			return err
		}
	}
	if err := f.SetCellStyle(s, "A1", colLetter(numCols-1)+"1", w.styleHeading); err != nil {
		return err
	}
	if err := f.SetRowHeight(s, 1, 32); err != nil {
		return err
	}
	// Freeze the header so it stays visible while scrolling a long list.
	if err := f.SetPanes(s, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "B2", ActiveCell: "B2", Pane: "bottomLeft"}}}); err != nil {
		return err
	}
	// The date format note is also a comment on the header, which shows
	// where input messages are turned off (LibreOffice, Excel online views).
	for _, c := range []int{colBirthDate, colPartyJoined, colStartedOn} {
		if err := f.AddComment(s, excelize.Comment{
			Cell: colLetter(c) + "1", Author: "nghisu",
			Paragraph: []excelize.RichTextRun{{Text: i18n.T(w.lang, "xlsx.dv.date")}},
			Width:     220, Height: 50,
		}); err != nil {
			return err
		}
	}
	return nil
}

// choices writes the drop-down labels on the hidden lists sheet and names them.
func (w *writer) choices() error {
	f := w.f
	if _, err := f.NewSheet(w.lists); err != nil {
		return err
	}
	ref := "'" + strings.ReplaceAll(w.lists, "'", "''") + "'!"
	for i, l := range []struct {
		name string
		e    enum
	}{{nameGenders, genders()}, {nameStatuses, statuses()}, {namePosts, posts()}} {
		col := colLetter(i)
		labels := l.e.labels(w.lang)
		for j, label := range labels {
			if err := f.SetCellStr(w.lists, fmt.Sprintf("%s%d", col, j+1), label); err != nil {
				return err
			}
		}
		if err := f.SetDefinedName(&excelize.DefinedName{Name: l.name,
			RefersTo: fmt.Sprintf("%s$%s$1:$%s$%d", ref, col, col, len(labels))}); err != nil {
			return err
		}
	}
	return f.SetSheetVisible(w.lists, false)
}

// validations adds the drop-downs and the input messages.
func (w *writer) validations() error {
	rng := func(c int) string { return fmt.Sprintf("%s2:%s%d", colLetter(c), colLetter(c), w.lastRow) }
	for _, l := range []struct {
		col  int
		name string
	}{{colGender, nameGenders}, {colStatus, nameStatuses}, {colPost, namePosts}} {
		dv := excelize.NewDataValidation(true)
		dv.Sqref = rng(l.col)
		dv.SetSqrefDropList(l.name)
		// A warning, not a stop: the reader also takes English labels and
		// codes, which someone may type on purpose.
		dv.SetError(excelize.DataValidationErrorStyleWarning, colLabel(w.lang, l.col), i18n.T(w.lang, "xlsx.dv.pick"))
		if err := w.f.AddDataValidation(w.members, dv); err != nil {
			return err
		}
	}
	notes := []struct {
		col int
		key string
	}{{colBirthDate, "xlsx.dv.date"}, {colPartyJoined, "xlsx.dv.date"}, {colStartedOn, "xlsx.dv.date"},
		{colAreas, "xlsx.dv.areas"}}
	for _, n := range notes {
		dv := excelize.NewDataValidation(true)
		dv.Sqref = rng(n.col)
		dv.SetInput(colLabel(w.lang, n.col), i18n.T(w.lang, n.key))
		if err := w.f.AddDataValidation(w.members, dv); err != nil {
			return err
		}
	}
	return nil
}

// instructions writes the help sheet; it runs before choices so that it is
// the second sheet, before the hidden one.
func (w *writer) instructions() error {
	f, s := w.f, w.help
	if _, err := f.NewSheet(s); err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 13}})
	if err != nil {
		return err
	}
	wrap, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	if err != nil {
		return err
	}
	if err := f.SetColWidth(s, "A", "A", 110); err != nil {
		return err
	}
	if err := f.SetCellStr(s, "A1", i18n.T(w.lang, "xlsx.help.title")); err != nil {
		return err
	}
	if err := f.SetCellStyle(s, "A1", "A1", bold); err != nil {
		return err
	}
	for i := 1; i <= helpLines; i++ {
		cell := fmt.Sprintf("A%d", i+2)
		if err := f.SetCellStr(s, cell, i18n.T(w.lang, helpKey(i))); err != nil {
			return err
		}
		if err := f.SetCellStyle(s, cell, cell, wrap); err != nil {
			return err
		}
	}
	return nil
}

// row writes member m on sheet row r with number no.
func (w *writer) row(r, no int, m MemberRow) error {
	vals := [numCols]string{
		colFullName:    m.FullName,
		colGender:      genders().label(w.lang, string(m.Gender)),
		colBirthDate:   dateText(m.BirthDate),
		colPartyJoined: dateText(m.PartyJoined),
		colPhone:       m.Phone,
		colEmail:       m.Email,
		colStatus:      statuses().label(w.lang, string(m.Status)),
		colStartedOn:   dateText(m.StartedOn),
		colPost:        posts().label(w.lang, string(m.Post)),
		colAreas:       strings.Join(m.Areas, "; "),
		colNote:        m.Note,
	}
	if err := w.f.SetCellInt(w.members, fmt.Sprintf("A%d", r), int64(no)); err != nil {
		return err
	}
	for c := colFullName; c < numCols; c++ {
		if vals[c] == "" {
			continue
		}
		if err := w.f.SetCellStr(w.members, fmt.Sprintf("%s%d", colLetter(c), r), vals[c]); err != nil {
			return err
		}
	}
	return nil
}

// dateText writes a date as dd/mm/yyyy text: the form people type and read,
// and the same in every locale, unlike an Excel date cell.
func dateText(d model.Date) string {
	if d.IsZero() {
		return ""
	}
	return vntext.ShortDate(d.Time(vntext.Location()))
}
