package vntext

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Fold returns the search key of s: lowercase, no diacritics, đ→d, single spaces.
func Fold(s string) string {
	// Every rune is fully decomposed and its marks dropped, so NFC and NFD
	// input and both tone placements give the same key. Controls and
	// zero-width characters go too. Hangul jamo are recomposed.
	if isFoldedASCII(s) {
		return s // most stored keys and many queries: no allocation
	}
	f := folder{buf: make([]byte, 0, len(s))}
	var dbuf [9]byte
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			f.ascii(c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if j, ok := tabIndex(r); ok && foldTab[j] != foldSlow {
			switch v := foldTab[j]; v {
			case foldDrop:
			case foldSpace:
				f.space = true
			default:
				f.emit(rune(v))
			}
		} else {
			f.decomposed(s[i:], r, size, &dbuf)
		}
		i += size
	}
	return bytesString(f.buf)
}

// foldTab caches what the folder does with a rune of the table ranges
// (see tabIndex): emit one rune, foldDrop, foldSpace or foldSlow.
var foldTab [tabSize]uint16

const (
	foldDrop  = 0
	foldSlow  = 0xFFFE
	foldSpace = 0xFFFF
)

func init() {
	var dbuf [9]byte
	forTabRunes(func(i int, r rune) {
		// Fold r after a letter to see exactly what it adds.
		f := folder{buf: []byte{'x'}}
		f.decomposed(string(r), r, utf8.RuneLen(r), &dbuf)
		out := f.buf[1:]
		c, n := utf8.DecodeRune(out)
		switch {
		case len(out) == 0 && f.space:
			foldTab[i] = foldSpace
		case len(out) == 0:
			foldTab[i] = foldDrop
		case !f.space && n == len(out) && c != ' ' && c < foldSlow:
			foldTab[i] = uint16(c)
		default:
			foldTab[i] = foldSlow
		}
	})
}

// decomposed folds r, the first rune of s, through its full decomposition.
func (f *folder) decomposed(s string, r rune, size int, dbuf *[9]byte) {
	var d []byte
	if size > 1 { // size 1 is an invalid byte, kept as U+FFFD
		d = decompose(s, r, dbuf)
	}
	if d == nil {
		f.rune(r)
	}
	for _, p := range string(d) {
		f.rune(p)
	}
}

// FoldWords folds s into words for AND queries, without punctuation at word edges.
func FoldWords(s string) []string {
	var words []string
	for w := range strings.SplitSeq(Fold(s), " ") {
		if w = trimPunct(w); w != "" {
			words = append(words, w)
		}
	}
	return words
}

// MatchFold reports whether every FoldWords word of query occurs in haystackFolded.
func MatchFold(haystackFolded, query string) bool {
	// An empty query matches everything, like an empty search box.
	for w := range strings.SplitSeq(Fold(query), " ") {
		if w = trimPunct(w); w != "" && !strings.Contains(haystackFolded, w) {
			return false
		}
	}
	return true
}

// trimPunct strips everything but letters and numbers from both ends of w,
// so "(Đức," still finds "duc".
func trimPunct(w string) string {
	return strings.TrimFunc(w, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsNumber(r)
	})
}

// isFoldedASCII reports whether s is already its own Fold and pure ASCII.
func isFoldedASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == ' ' {
			if i == 0 || i == len(s)-1 || s[i-1] == ' ' {
				return false
			}
			continue
		}
		if c <= ' ' || c >= 0x7F || 'A' <= c && c <= 'Z' {
			return false
		}
	}
	return true
}

// folder accumulates Fold's output; space records a pending whitespace run,
// written only before the next visible rune so runs collapse and ends trim.
type folder struct {
	buf   []byte
	space bool
}

func (f *folder) ascii(c byte) {
	switch {
	case 'A' <= c && c <= 'Z':
		f.emitByte(c + 'a' - 'A')
	case isASCIISpace(c):
		f.space = true
	case c < 0x20 || c == 0x7F:
		// control: drop
	default:
		f.emitByte(c)
	}
}

// rune handles one rune that has no further decomposition.
func (f *folder) rune(r rune) {
	switch {
	case r < utf8.RuneSelf:
		f.ascii(byte(r)) // decompositions can yield ASCII (K from U+212A KELVIN SIGN)
	case isMark(r):
		// the diacritic itself: drop
	case unicode.IsSpace(r):
		f.space = true
	case isIgnorable(r):
	default:
		f.emit(foldLower(r))
	}
}

// foldLower lowercases r and maps đ to d. The Icelandic eth (Ð/ð) looks
// identical to Đ/đ and turns up from legacy Vietnamese encodings.
func foldLower(r rune) rune {
	switch r = unicode.ToLower(r); r {
	case 'đ', 'ð':
		return 'd'
	}
	return r
}

func (f *folder) emitByte(c byte) {
	f.flushSpace()
	f.buf = append(f.buf, c)
}

func (f *folder) emit(r rune) {
	if f.space {
		f.flushSpace()
	} else if r >= jamoVBase && r < jamoTBase+jamoTCount && f.composeJamo(r) {
		return
	}
	f.buf = utf8.AppendRune(f.buf, r)
}

func (f *folder) flushSpace() {
	if f.space {
		f.space = false
		if len(f.buf) > 0 {
			f.buf = append(f.buf, ' ')
		}
	}
}

// composeJamo merges vowel or final jamo r into the syllable just written, as
// NFC would; every jamo and syllable is 3 bytes, so it is done in place.
func (f *folder) composeJamo(r rune) bool {
	last, n := utf8.DecodeLastRune(f.buf)
	if n != 3 {
		return false
	}
	var c rune
	switch {
	case r < jamoVBase+jamoVCount && last >= jamoLBase && last < jamoLBase+jamoLCount:
		c = hangulBase + ((last-jamoLBase)*jamoVCount+(r-jamoVBase))*jamoTCount
	case r > jamoTBase && last >= hangulBase && last < hangulEnd && (last-hangulBase)%jamoTCount == 0:
		c = last + (r - jamoTBase)
	default:
		return false
	}
	utf8.EncodeRune(f.buf[len(f.buf)-3:], c)
	return true
}

// FileName makes a download name that every system accepts: folded to
// ASCII, anything but letters, digits and dots to single dashes.
func FileName(s string) string {
	f := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '.', r == '-':
			return r
		}
		return '-'
	}, Fold(s))
	for strings.Contains(f, "--") {
		f = strings.ReplaceAll(f, "--", "-")
	}
	return strings.Trim(f, "-")
}
