package vntext

import (
	"unicode"
	"unicode/utf8"
	"unsafe"

	"golang.org/x/text/unicode/norm"
)

// Hangul syllables are decomposed algorithmically (Unicode §3.12); the norm
// tables do not list them, so we do it ourselves to treat NFC and NFD alike.
const (
	hangulBase = 0xAC00
	hangulEnd  = hangulBase + jamoLCount*jamoNCount
	jamoLBase  = 0x1100
	jamoVBase  = 0x1161
	jamoTBase  = 0x11A7
	jamoLCount = 19
	jamoVCount = 21
	jamoTCount = 28
	jamoNCount = jamoVCount * jamoTCount
)

// decompose returns the full canonical decomposition of r, the first rune of
// s, or nil if r has none. The result aliases norm's tables or buf: no
// allocation.
func decompose(s string, r rune, buf *[9]byte) []byte {
	if r >= hangulBase && r < hangulEnd {
		i := r - hangulBase
		n := utf8.EncodeRune(buf[:], jamoLBase+i/jamoNCount)
		n += utf8.EncodeRune(buf[n:], jamoVBase+(i%jamoNCount)/jamoTCount)
		if t := i % jamoTCount; t != 0 {
			n += utf8.EncodeRune(buf[n:], jamoTBase+t)
		}
		return buf[:n]
	}
	return norm.NFD.PropertiesString(s).Decomposition()
}

// isMark reports whether r is a combining mark we strip or attach to the
// previous letter. Anything with a non-zero combining class must count, or
// NFC and NFD input (which differ in mark order) would give different keys.
func isMark(r rune) bool {
	switch {
	case r < 0x300:
		return false
	case r <= 0x36F: // Combining Diacritical Marks, all Vietnamese tones.
		return true
	case unicode.In(r, unicode.Mn, unicode.Me):
		return true
	}
	var b [utf8.UTFMax]byte
	n := utf8.EncodeRune(b[:], r)
	return norm.NFD.Properties(b[:n]).CCC() != 0
}

// isIgnorable reports whether r is invisible junk (controls, zero-width and
// format characters such as BOM or soft hyphen) that keys should skip.
// Callers handle whitespace first.
func isIgnorable(r rune) bool {
	return unicode.In(r, unicode.Cc, unicode.Cf)
}

// isASCIISpace matches the ASCII characters unicode.IsSpace accepts.
func isASCIISpace(c byte) bool {
	return c == ' ' || '\t' <= c && c <= '\r'
}

// bytesString returns b as a string without copying; b must not change after.
func bytesString(b []byte) string {
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// Runes looked up in tables instead of norm: Latin-1 Supplement to the
// combining marks (U+0080–U+036F) and Latin Extended Additional
// (U+1E00–U+1EFF, where most Vietnamese letters with tones live).
const (
	tabLow  = 0x80
	tabMid  = 0x370
	tabHi0  = 0x1E00
	tabHi1  = 0x1F00
	tabSize = tabMid - tabLow + tabHi1 - tabHi0
)

// tabIndex returns the table slot of r, if it has one.
func tabIndex(r rune) (int, bool) {
	switch {
	case r >= tabLow && r < tabMid:
		return int(r - tabLow), true
	case r >= tabHi0 && r < tabHi1:
		return int(r-tabHi0) + tabMid - tabLow, true
	}
	return 0, false
}

// forTabRunes calls fn for every rune that has a table slot.
func forTabRunes(fn func(i int, r rune)) {
	for r := rune(tabLow); r < tabMid; r++ {
		fn(int(r-tabLow), r)
	}
	for r := rune(tabHi0); r < tabHi1; r++ {
		fn(int(r-tabHi0)+tabMid-tabLow, r)
	}
}
