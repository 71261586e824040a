package docgen

import (
	_ "embed"
	"strings"
)

// Liberation Serif 2 is metric-compatible with Times New Roman, the font
// Hướng dẫn 36 prescribes; its licence (SIL OFL 1.1) is fonts/LICENSE.
var (
	//go:embed fonts/LiberationSerif-Regular.ttf
	serifRegular []byte
	//go:embed fonts/LiberationSerif-Bold.ttf
	serifBold []byte
	//go:embed fonts/LiberationSerif-Italic.ttf
	serifItalic []byte
	//go:embed fonts/LiberationSerif-BoldItalic.ttf
	serifBoldItalic []byte
)

// Font styles as fpdf spells them, with their files, by slot.
var (
	styles    = [4]string{"", "B", "I", "BI"}
	fontFiles = [4]*[]byte{&serifRegular, &serifBold, &serifItalic, &serifBoldItalic}
)

// fpdf offers no way to share a parsed font between documents: every
// document parses each font it uses again (about 2 ms a font, most of it
// fpdf hashing its 65,536-entry width table) and builds its subset at the
// end (about 2.5 ms). Fonts are therefore added on first use only. Cutting
// the fonts to Vietnamese ranges once was tried and saved under 5%
// (BenchmarkMinutesPDF20Pages 42.7 against 44–48 ms), not worth losing the
// other scripts.

// printable makes s safe for fpdf: its width table is indexed by rune and
// would panic past U+FFFF, so such runes become "?"; tabs become spaces.
func printable(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r > 0xFFFF || r == '\t' }) {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t':
			return ' '
		case r > 0xFFFF:
			return '?'
		}
		return r
	}, s)
}
