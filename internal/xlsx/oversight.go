package xlsx

import (
	"io"
	"math"
	"strconv"

	"github.com/xuri/excelize/v2"

	"nghisu/internal/i18n"
)

// The oversight export: every indicator of every commune and month, for a
// provincial clerk who filters, sorts and sums in Excel. Every figure is a
// number cell, never text: a rate indicator is three columns (the rate in
// percent to filter on, and the count met and the base to add up across
// communes); a count indicator is one. A month where an indicator does not
// apply (base 0) leaves its cells empty, so that Excel's averages skip it
// as the score does.

// The catalog's names and definitions of the indicators.
const indName, indDef = "oversight.ind.", "oversight.def."

// OversightIndicator is an indicator as the export names and explains it.
type OversightIndicator struct {
	// Code names the catalog's "oversight.ind.<code>" and
	// "oversight.def.<code>".
	Code    string
	Rate    bool
	Weight  int // now
	Default int
}

// OversightValue is one indicator's count and base.
type OversightValue struct{ Num, Den int }

// OversightRow is one commune's month.
type OversightRow struct {
	Commune string
	// Unit is the commune's model.Unit ("xa", "phuong", "dac_khu").
	Unit  string
	Month string // YYYY-MM
	Score *float64
	// Values are in the order of the book's Indicators; missing: not
	// computed.
	Values map[string]OversightValue
}

// OversightBook is what WriteOversight writes.
type OversightBook struct {
	Indicators  []OversightIndicator
	Rows        []OversightRow
	MinutesDays int
	// From and To are the period's months, written under the definitions.
	From, To string
}

// OversightHeaders lists the first sheet's column headers in lang.
func OversightHeaders(lang string, ins []OversightIndicator) []string {
	h := []string{i18n.T(lang, "xlsx.ov.commune"), i18n.T(lang, "xlsx.ov.unit"), i18n.T(lang, "xlsx.ov.month"), i18n.T(lang, "xlsx.ov.score")}
	for _, in := range ins {
		name := i18n.T(lang, indName+in.Code)
		if in.Rate {
			h = append(h, i18n.T(lang, "xlsx.ov.rate", name), i18n.T(lang, "xlsx.ov.num", name), i18n.T(lang, "xlsx.ov.den", name))
		} else {
			h = append(h, name)
		}
	}
	return h
}

// WriteOversight streams the indicators to w: the sheet of values (header
// row frozen, with a filter on every column), then the definitions, the
// weights and the formula.
func WriteOversight(w io.Writer, lang string, b OversightBook) error {
	lang = i18n.Lang(lang)
	f := excelize.NewFile()
	defer f.Close()
	valuesName, defsName := sheetName(i18n.T(lang, "xlsx.ov.sheet")), sheetName(i18n.T(lang, "xlsx.ov.defs_sheet"))
	if err := f.SetSheetName("Sheet1", valuesName); err != nil {
		return err
	}
	if _, err := f.NewSheet(defsName); err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return err
	}
	oneDecimal := "0.0"
	dec, err := f.NewStyle(&excelize.Style{CustomNumFmt: &oneDecimal})
	if err != nil {
		return err
	}
	wrap, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return err
	}

	sw, err := f.NewStreamWriter(valuesName)
	if err != nil {
		return err
	}
	headers := OversightHeaders(lang, b.Indicators)
	if err := sw.SetColWidth(1, 1, 28); err != nil {
		return err
	}
	if err := sw.SetColWidth(2, 3, 10); err != nil {
		return err
	}
	if err := sw.SetColWidth(4, len(headers), 14); err != nil {
		return err
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, XSplit: 1, YSplit: 1, TopLeftCell: "B2", ActivePane: "bottomRight"}); err != nil {
		return err
	}
	head := make([]any, len(headers))
	for i, h := range headers {
		head[i] = excelize.Cell{StyleID: bold, Value: h}
	}
	if err := sw.SetRow("A1", head, excelize.RowOpts{Height: 45}); err != nil {
		return err
	}
	for i, r := range b.Rows {
		unit := ""
		if r.Unit != "" {
			unit = i18n.T(lang, "unit."+r.Unit)
		}
		row := []any{r.Commune, unit, r.Month, nil}
		if r.Score != nil {
			row[3] = excelize.Cell{StyleID: dec, Value: round1(*r.Score)}
		}
		for _, in := range b.Indicators {
			v, ok := r.Values[in.Code]
			applies := ok && v.Den > 0
			switch {
			case in.Rate && applies:
				row = append(row, excelize.Cell{StyleID: dec, Value: round1(100 * min(max(float64(v.Num)/float64(v.Den), 0), 1))}, v.Num, v.Den)
			case in.Rate:
				row = append(row, nil, nil, nil)
			case applies:
				row = append(row, v.Num)
			default:
				row = append(row, nil)
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, row); err != nil {
			return err
		}
	}
	// The filter: a table over the whole sheet (the streaming writer's
	// only way to one), plain so that the heat colours are the page's.
	last, _ := excelize.CoordinatesToCellName(len(headers), max(len(b.Rows)+1, 2))
	noStripes := false
	if err := sw.AddTable(&excelize.Table{Range: "A1:" + last, Name: "ChiSo", StyleName: "TableStyleLight1", ShowRowStripes: &noStripes}); err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return err
	}

	// The definitions sheet is small: the ordinary writer.
	put := func(row int, vals ...any) error {
		cell, _ := excelize.CoordinatesToCellName(1, row)
		return f.SetSheetRow(defsName, cell, &vals)
	}
	if err := put(1, i18n.T(lang, "xlsx.ov.indicator"), i18n.T(lang, "xlsx.ov.definition"), i18n.T(lang, "xlsx.ov.weight"),
		i18n.T(lang, "xlsx.ov.default_weight"), i18n.T(lang, "xlsx.ov.formula")); err != nil {
		return err
	}
	for i, in := range b.Indicators {
		def := i18n.T(lang, indDef+in.Code)
		if in.Code == "minutes_timely" {
			def = i18n.T(lang, indDef+in.Code, b.MinutesDays)
		}
		var weight, dflt any
		formula := i18n.T(lang, "xlsx.ov.formula_count")
		if in.Rate {
			weight, dflt, formula = in.Weight, in.Default, i18n.T(lang, "xlsx.ov.formula_rate")
		}
		if err := put(i+2, i18n.T(lang, indName+in.Code), def, weight, dflt, formula); err != nil {
			return err
		}
	}
	n := len(b.Indicators) + 3
	if err := put(n, i18n.T(lang, "xlsx.ov.score"), i18n.T(lang, "oversight.formula")); err != nil {
		return err
	}
	if b.From != "" {
		if err := put(n+1, i18n.T(lang, "xlsx.ov.period"), b.From+" – "+b.To); err != nil {
			return err
		}
	}
	for _, c := range []struct {
		col   string
		width float64
	}{{"A", 32}, {"B", 70}, {"C", 12}, {"D", 12}, {"E", 50}} {
		if err := f.SetColWidth(defsName, c.col, c.col, c.width); err != nil {
			return err
		}
	}
	if err := f.SetCellStyle(defsName, "A1", "E1", bold); err != nil {
		return err
	}
	if err := f.SetCellStyle(defsName, "A2", "E"+strconv.Itoa(n), wrap); err != nil {
		return err
	}
	if err := f.SetCellStyle(defsName, "A"+strconv.Itoa(n), "A"+strconv.Itoa(n+1), bold); err != nil {
		return err
	}
	if err := f.SetPanes(defsName, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	_, err = f.WriteTo(w)
	return err
}

func round1(v float64) float64 { return math.Round(v*10) / 10 }
