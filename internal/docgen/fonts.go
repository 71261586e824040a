package docgen

import (
	"embed"
	"strings"
	"sync"
	"unicode"

	"github.com/go-pdf/fpdf"
)

// Liberation Serif 2 is metric-compatible with Times New Roman, the font
// Hướng dẫn 36 prescribes; its licence (SIL OFL 1.1) is fonts/LICENSE.
//
//go:embed fonts/LiberationSerif-Regular.ttf fonts/LiberationSerif-Bold.ttf fonts/LiberationSerif-Italic.ttf fonts/LiberationSerif-BoldItalic.ttf
var fontFiles embed.FS

// Font styles as fpdf spells them; the index is the style's slot.
var styles = [4]string{"", "B", "I", "BI"}

var fontFileNames = [4]string{
	"fonts/LiberationSerif-Regular.ttf",
	"fonts/LiberationSerif-Bold.ttf",
	"fonts/LiberationSerif-Italic.ttf",
	"fonts/LiberationSerif-BoldItalic.ttf",
}

// covered are the Unicode ranges kept in the fonts: Vietnamese and Latin,
// Greek letters used in formulas, punctuation, ₫, №, arrows, maths and
// bullets. fpdf parses a font and builds its subset on every document and
// both scale with the font's size; cutting the fonts to these ranges once
// makes each document about twice as fast (see BenchmarkMinutesPDF20Pages).
var covered = []*unicode.RangeTable{{R16: []unicode.Range16{
	{Lo: 0x20, Hi: 0x7e, Stride: 1},
	{Lo: 0xa0, Hi: 0x24f, Stride: 1},
	{Lo: 0x300, Hi: 0x36f, Stride: 1},
	{Lo: 0x370, Hi: 0x3ff, Stride: 1},
	{Lo: 0x1e00, Hi: 0x1eff, Stride: 1},
	{Lo: 0x2000, Hi: 0x206f, Stride: 1},
	{Lo: 0x20a0, Hi: 0x20cf, Stride: 1},
	{Lo: 0x2100, Hi: 0x214f, Stride: 1},
	{Lo: 0x2190, Hi: 0x22ff, Stride: 1},
	{Lo: 0x25a0, Hi: 0x25ff, Stride: 1},
}}}

// fontData returns the four cut fonts, cut on first use.
var fontData = sync.OnceValue(func() [4][]byte {
	var cutset strings.Builder
	for _, r16 := range covered[0].R16 {
		for r := rune(r16.Lo); r <= rune(r16.Hi); r++ {
			cutset.WriteRune(r)
		}
	}
	var out [4][]byte
	for i, name := range fontFileNames {
		b, err := fontFiles.ReadFile(name)
		if err != nil {
			panic(err) // embedded: cannot happen
		}
		out[i] = fpdf.UTF8CutFont(b, cutset.String())
	}
	return out
})

// printable replaces what the fonts cannot draw by "?": fpdf indexes its
// width table by rune and would panic past U+FFFF, and a missing glyph
// prints as an empty box that hides that something was lost. Tabs become
// spaces.
func printable(s string) string {
	ok := true
	for _, r := range s {
		if !unicode.IsOneOf(covered, r) {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t':
			return ' '
		case r == '\n':
			return r
		case !unicode.IsOneOf(covered, r):
			return '?'
		}
		return r
	}, s)
}
