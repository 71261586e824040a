package xlsx

import (
	"archive/zip"
	"encoding/xml"
	"io"
	"path"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"nghisu/internal/vntext"
)

// cellMeta is what the row iterator does not tell about a cell.
type cellMeta struct {
	number bool // a number cell (no t attribute, or t="n"), not text
	style  int  // index into the cell formats, for the number format
}

// cellRef is the reference of column c in sheet row n, "D7".
func cellRef(c, n int) string { return colLetter(c) + strconv.Itoa(n) }

// needed lists the cells whose meaning depends on their type and format:
// numbers in the date columns (a date serial, or a bare number that is no
// date) and in the phone column (which lost its leading zero).
type needed struct {
	refs   map[string]bool
	maxRow int
}

func numericCells(rows []rawRow) needed {
	nd := needed{refs: map[string]bool{}}
	for _, r := range rows {
		for _, c := range []int{colBirthDate, colPartyJoined, colStartedOn, colPhone} {
			if _, err := strconv.ParseFloat(vntext.CleanLine(cell(r.cells, c)), 64); err == nil {
				nd.refs[cellRef(c, r.n)] = true
				nd.maxRow = max(nd.maxRow, r.n)
			}
		}
	}
	return nd
}

// sheetCells reads the type and style of the needed cells of the first
// sheet, streaming its XML and keeping nothing else. Anything unreadable
// leaves cells out, and a cell left out reads as text.
func sheetCells(zr *zip.Reader, nd needed) map[string]cellMeta {
	out := map[string]cellMeta{}
	if len(nd.refs) == 0 {
		return out
	}
	rc := openPart(zr, firstSheetPath(zr))
	if rc == nil {
		return out
	}
	defer rc.Close()
	d := xml.NewDecoder(rc)
	row, col := 0, 0
	for len(out) < len(nd.refs) {
		tok, err := d.Token()
		if err != nil {
			break
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "row":
			// Rows and cells without r follow the previous one, as in excelize.
			row, col = row+1, 0
			if r, err := strconv.Atoi(attr(se, "r")); err == nil && r > 0 {
				row = r
			}
			if row > nd.maxRow {
				return out
			}
		case "c":
			col++
			ref := strings.ToUpper(attr(se, "r"))
			if c, _, err := excelize.CellNameToCoordinates(ref); err == nil {
				col = c
			} else if ref, err = excelize.CoordinatesToCellName(col, row); err != nil {
				continue
			}
			if nd.refs[ref] {
				t := attr(se, "t")
				style, _ := strconv.Atoi(attr(se, "s"))
				out[ref] = cellMeta{number: t == "" || t == "n", style: style}
			}
			if err := d.Skip(); err != nil {
				return out
			}
		}
	}
	return out
}

// attr is the value of the attribute called name, namespace ignored.
func attr(se xml.StartElement, name string) string {
	for _, a := range se.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// firstSheetPath is the zip path of the first sheet in the workbook: its
// relationship id in xl/workbook.xml, resolved by xl/_rels/workbook.xml.rels.
func firstSheetPath(zr *zip.Reader) string {
	rid := ""
	find(openPart(zr, "xl/workbook.xml"), func(se xml.StartElement) bool {
		if se.Name.Local != "sheet" {
			return false
		}
		for _, a := range se.Attr {
			if a.Name.Local == "id" && a.Name.Space != "" { // r:id, not sheetId
				rid = a.Value
			}
		}
		return true
	})
	target := ""
	if rid != "" {
		find(openPart(zr, "xl/_rels/workbook.xml.rels"), func(se xml.StartElement) bool {
			if se.Name.Local == "Relationship" && attr(se, "Id") == rid {
				target = attr(se, "Target")
				return true
			}
			return false
		})
	}
	switch {
	case target == "":
		return ""
	case strings.HasPrefix(target, "/"):
		return path.Clean(target[1:])
	}
	return path.Join("xl", target)
}

// find calls fn on each start element of rc until fn returns true, then closes rc.
func find(rc io.ReadCloser, fn func(xml.StartElement) bool) {
	if rc == nil {
		return
	}
	defer rc.Close()
	d := xml.NewDecoder(rc)
	for {
		tok, err := d.Token()
		if err != nil {
			return
		}
		if se, ok := tok.(xml.StartElement); ok && fn(se) {
			return
		}
	}
}

// openPart opens a part of the package; names compare as excelize does
// (case-insensitive, either slash). nil if missing or unreadable.
func openPart(zr *zip.Reader, name string) io.ReadCloser {
	if name == "" {
		return nil
	}
	for _, f := range zr.File {
		if strings.EqualFold(strings.ReplaceAll(f.Name, `\`, "/"), name) {
			rc, err := f.Open()
			if err != nil {
				return nil
			}
			return rc
		}
	}
	return nil
}
