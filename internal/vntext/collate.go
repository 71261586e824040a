package vntext

import (
	"math/bits"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Sort keys are printable ASCII so they can be stored in a database column
// and sorted bytewise (SQLite BINARY, PostgreSQL COLLATE "C").
//
// A text key has three levels, each ending with sepByte, which is lower
// than every weight:
//
//	primary:   one weight per element (letter, digit run, space, symbol)
//	secondary: one byte per element: tone of the syllable, other marks
//	tertiary:  one byte per element: case (lower first), leading zeros
//
// Secondary and tertiary bytes only matter when the primaries are equal, and
// then both strings have the same elements, so these levels line up element
// for element. Trailing default (lowest) bytes there are trimmed, which keeps
// the order and shortens keys.
const (
	sepByte    = '!' // ends a level
	spaceByte  = '"' // whitespace run: before everything, so "An" < "An Bình"
	punctByte  = '#' // punctuation and symbols, then 4 code point bytes
	digitByte  = '$' // digit run, then a length byte, then the digits
	letterByte = '%' // first of the 33 letter weights
	otherByte  = '~' // other scripts (after Latin), then 4 code point bytes
	minWeight  = '"' // default secondary and tertiary weight
)

// alphabet is the Vietnamese alphabet with f, j, w, z at their Latin places.
const alphabet = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"

// cgj is U+034F COMBINING GRAPHEME JOINER.
const cgj = 0x34F

// dStroke stands for đ/Đ as the base of a letter element.
const dStroke = 'đ'

// Mark bits. Tones first, in dictionary order (ngang, huyền, sắc, hỏi, ngã,
// nặng), so the lowest set bit gives the tone number.
const (
	mGrave uint32 = 1 << iota // huyền
	mAcute                    // sắc
	mHook                     // hỏi
	mTilde                    // ngã
	mDot                      // nặng
	mBreve                    // ă, or an extra mark elsewhere
	mCirc                     // â ê ô
	mHorn                     // ơ ư
	mDiaeresis
	mRing
	mCedilla
	mCaron
	mMacron
	mOgonek
	mDotAbove
	mDoubleAcute
	mOther

	toneMask = mGrave | mAcute | mHook | mTilde | mDot
)

// Marks other than the tone are numbered mBreve = 1 … mOther = 12 in the
// secondary weight; multiExtra stands for several of them.
const (
	firstExtraBit = 5 // bit number of mBreve
	multiExtra    = 13
)

// letterWeights maps 'a'..'z' to the index in alphabet.
var letterWeights [26]byte

// Weights of the letters built with a mark (ă â đ ê ô ơ ư).
var wABreve, wACirc, wDStroke, wECirc, wOCirc, wOHorn, wUHorn byte

func init() {
	idx := func(r rune) byte { return byte(len([]rune(alphabet[:strings.IndexRune(alphabet, r)]))) }
	for c := 'a'; c <= 'z'; c++ {
		letterWeights[c-'a'] = idx(c)
	}
	wABreve, wACirc, wDStroke, wECirc = idx('ă'), idx('â'), idx('đ'), idx('ê')
	wOCirc, wOHorn, wUHorn = idx('ô'), idx('ơ'), idx('ư')
}

// SortKey returns a bytewise-sortable key ordering people by given name, then full name.
func SortKey(fullName string) string {
	// The key is the given name's primary and secondary levels, then the
	// full name's three levels.
	var elBuf [24]elem // stack space for typical names: no allocation
	var dgBuf [16]byte
	k := keyer{els: elBuf[:0], digits: dgBuf[:0]}
	k.scan(fullName)
	if len(k.els) == 0 {
		return ""
	}
	given := k.els
	for i := len(k.els) - 1; i >= 0; i-- {
		if k.els[i].kind == kSpace {
			given = k.els[i+1:]
			break
		}
	}
	b := make([]byte, 0, k.size(given)+1+k.size(k.els))
	// Case is left out of the given-name part so it stays the last
	// difference: "NGUYỄN VĂN AN" sorts with the Nguyễns, not after "Trần Văn An".
	b = k.write(b, given, false)
	b = append(b, sepByte)
	b = k.write(b, k.els, true)
	return bytesString(b)
}

// SortKeyText returns a bytewise-sortable key for text in Vietnamese order.
func SortKeyText(s string) string {
	var elBuf [24]elem
	var dgBuf [16]byte
	k := keyer{els: elBuf[:0], digits: dgBuf[:0]}
	k.scan(s)
	if len(k.els) == 0 {
		return ""
	}
	b := make([]byte, 0, k.size(k.els))
	return bytesString(k.write(b, k.els, true))
}

// Compare compares a and b in Vietnamese order, returning -1, 0 or +1.
func Compare(a, b string) int {
	return strings.Compare(SortKeyText(a), SortKeyText(b))
}

// Element kinds, in primary order.
const (
	kSpace uint8 = iota
	kPunct
	kDigits
	kLetter
	kOther
)

// elem is one collation element.
type elem struct {
	base  rune   // kLetter: 'a'..'z' or dStroke; kPunct, kOther: lowercase code point
	marks uint32 // combining marks attached to the element
	doff  int32  // kDigits: significant digits are keyer.digits[doff:doff+dlen]
	dlen  int32
	kind  uint8
	upper bool
	zeros uint8 // kDigits: leading zeros, a tertiary difference ("01" vs "1")

	// Set by finish.
	w   byte // kLetter: primary weight
	sec byte // secondary weight
	ter byte // tertiary weight
}

// keyer turns text into elements. Its slices start on the caller's stack
// and are grown by hand: append would make the compiler move them to the heap.
type keyer struct {
	els    []elem
	digits []byte
	space  bool // whitespace seen since the last element
}

// scan turns s into elements; decomposition makes NFC and NFD input equal.
func (k *keyer) scan(s string) {
	var dbuf [9]byte
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			k.rune(rune(c))
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if j, ok := tabIndex(r); ok && sortTab[j].act != actSlow {
			switch t := &sortTab[j]; t.act {
			case actAdd:
				k.add(t.e)
			case actMark:
				if !k.space && len(k.els) > 0 {
					k.els[len(k.els)-1].marks |= t.e.marks
				}
			case actSpace:
				k.space = true
			}
		} else {
			k.decomposed(s[i:], r, size, &dbuf)
		}
		i += size
	}
	k.finish()
}

// finish moves tones and computes the weights write needs.
func (k *keyer) finish() {
	k.moveTones()
	for i := range k.els {
		e := &k.els[i]
		marks := e.marks
		if e.kind == kLetter {
			var used uint32
			e.w, used = letterWeight(e)
			marks &^= used
		}
		e.sec = secondary(marks)
		e.ter = minWeight
		if e.upper {
			e.ter++
		}
		if e.kind == kDigits {
			e.ter += min(e.zeros, '~'-minWeight)
		}
	}
}

// decomposed handles r, the first rune of s, through its full decomposition.
func (k *keyer) decomposed(s string, r rune, size int, dbuf *[9]byte) {
	var d []byte
	if size > 1 { // size 1 is an invalid byte, kept as U+FFFD
		d = decompose(s, r, dbuf)
	}
	if d == nil {
		k.rune(r)
	}
	for _, p := range string(d) {
		k.rune(p)
	}
}

// sortTab caches what the keyer does with a rune of the table ranges (see
// tabIndex); building it from the slow path keeps the two in step.
var sortTab [tabSize]struct {
	e   elem
	act uint8
}

// sortTab actions.
const (
	actSlow   uint8 = iota // use decomposed
	actAdd                 // add element e (marks included)
	actMark                // attach e.marks to the previous element
	actSpace               // whitespace
	actIgnore              // nothing
)

func init() {
	var dbuf [9]byte
	forTabRunes(func(i int, r rune) {
		// Scan r after an element to see exactly what it does.
		k := keyer{els: []elem{{kind: kPunct, base: 'x'}}}
		k.decomposed(string(r), r, utf8.RuneLen(r), &dbuf)
		t := &sortTab[i]
		switch prev := k.els[0]; {
		case len(k.els) == 1 && k.space && prev.marks == 0:
			t.act = actSpace
		case len(k.els) == 1 && !k.space:
			t.act, t.e.marks = actMark, prev.marks
			if prev.marks == 0 {
				t.act = actIgnore
			}
		case len(k.els) == 2 && !k.space && prev.marks == 0 && k.els[1].kind != kSpace && k.els[1].kind != kDigits:
			t.act, t.e = actAdd, k.els[1]
		default:
			t.act = actSlow
		}
	})
}

// rune handles one rune that has no further decomposition.
func (k *keyer) rune(r rune) {
	switch {
	case 'a' <= r && r <= 'z':
		k.add(elem{kind: kLetter, base: r})
	case 'A' <= r && r <= 'Z':
		k.add(elem{kind: kLetter, base: r + 'a' - 'A', upper: true})
	case '0' <= r && r <= '9':
		k.digit(byte(r))
	case r < utf8.RuneSelf && isASCIISpace(byte(r)):
		k.space = true
	case r < 0x20 || r == 0x7F:
		// control: ignore
	case r < utf8.RuneSelf:
		k.add(elem{kind: kPunct, base: r})
	case r == cgj:
		// Invisible; norm inserts it into very long runs of marks, at
		// different places in NFC and NFD.
	case isMark(r):
		// Marks after whitespace or at the start have nothing to attach to.
		if !k.space && len(k.els) > 0 {
			k.els[len(k.els)-1].marks |= markBit(r)
		}
	case unicode.IsSpace(r):
		k.space = true
	case r == 'đ' || r == 'ð': // eth: see foldLower
		k.add(elem{kind: kLetter, base: dStroke})
	case r == 'Đ' || r == 'Ð':
		k.add(elem{kind: kLetter, base: dStroke, upper: true})
	case isIgnorable(r):
	case unicode.IsPunct(r) || unicode.IsSymbol(r):
		k.add(elem{kind: kPunct, base: r})
	default:
		l := unicode.ToLower(r)
		k.add(elem{kind: kOther, base: l, upper: l != r})
	}
}

func (k *keyer) add(e elem) {
	if k.space {
		k.space = false
		if len(k.els) > 0 {
			k.push(elem{kind: kSpace})
		}
	}
	k.push(e)
}

func (k *keyer) push(e elem) {
	n := len(k.els)
	if n == cap(k.els) {
		grown := make([]elem, n, 2*n+8)
		copy(grown, k.els)
		k.els = grown
	}
	k.els = k.els[:n+1]
	k.els[n] = e
}

// digit extends the current digit run or starts one, so numbers compare by
// value: "Tổ 2" < "Tổ 10".
func (k *keyer) digit(c byte) {
	if n := len(k.els); k.space || n == 0 || k.els[n-1].kind != kDigits {
		k.add(elem{kind: kDigits, doff: int32(len(k.digits))})
	}
	e := &k.els[len(k.els)-1]
	if e.dlen == 0 && c == '0' {
		if e.zeros < 255 {
			e.zeros++
		}
		return
	}
	n := len(k.digits)
	if n == cap(k.digits) {
		grown := make([]byte, n, 2*n+16)
		copy(grown, k.digits)
		k.digits = grown
	}
	k.digits = k.digits[:n+1]
	k.digits[n] = c
	e.dlen++
}

// moveTones puts each syllable's tone on its first letter, so "hòa"/"hoà"
// and "thủy"/"thuỷ" get the same key. A syllable with tones on several
// letters is not Vietnamese and is left alone.
func (k *keyer) moveTones() {
	els := k.els
	for i := 0; i < len(els); {
		if els[i].kind != kLetter {
			i++
			continue
		}
		toned, n := -1, 0
		j := i
		for ; j < len(els) && els[j].kind == kLetter; j++ {
			if els[j].marks&toneMask != 0 {
				toned, n = j, n+1
			}
		}
		if n == 1 && toned != i {
			els[i].marks |= els[toned].marks & toneMask
			els[toned].marks &^= toneMask
		}
		i = j
	}
}

// markBit maps a combining mark to its bit.
func markBit(r rune) uint32 {
	switch r {
	case 0x300:
		return mGrave
	case 0x301:
		return mAcute
	case 0x309:
		return mHook
	case 0x303:
		return mTilde
	case 0x323:
		return mDot
	case 0x306:
		return mBreve
	case 0x302:
		return mCirc
	case 0x31B:
		return mHorn
	case 0x308:
		return mDiaeresis
	case 0x30A:
		return mRing
	case 0x327:
		return mCedilla
	case 0x30C:
		return mCaron
	case 0x304:
		return mMacron
	case 0x328:
		return mOgonek
	case 0x307:
		return mDotAbove
	case 0x30B:
		return mDoubleAcute
	}
	return mOther
}

// letterWeight returns the alphabet index of a letter element and the marks
// it used up to form ă, â, ê, ô, ơ or ư.
func letterWeight(e *elem) (w byte, used uint32) {
	switch m := e.marks; e.base {
	case dStroke:
		return wDStroke, 0
	case 'a':
		if m&mCirc != 0 {
			return wACirc, mCirc
		}
		if m&mBreve != 0 {
			return wABreve, mBreve
		}
	case 'e':
		if m&mCirc != 0 {
			return wECirc, mCirc
		}
	case 'o':
		if m&mCirc != 0 {
			return wOCirc, mCirc
		}
		if m&mHorn != 0 {
			return wOHorn, mHorn
		}
	case 'u':
		if m&mHorn != 0 {
			return wUHorn, mHorn
		}
	}
	return letterWeights[e.base-'a'], 0
}

// size bounds the key length of els.
func (k *keyer) size(els []elem) int {
	n := 4
	for i := range els {
		n += 7 + int(els[i].dlen)
	}
	return n
}

// write appends the key of els to b: primary, secondary and, if withCase,
// tertiary level.
func (k *keyer) write(b []byte, els []elem, withCase bool) []byte {
	for i := range els {
		e := &els[i]
		switch e.kind {
		case kSpace:
			b = append(b, spaceByte)
		case kPunct:
			b = appendCodePoint(append(b, punctByte), e.base)
		case kDigits:
			// Runs over 78 digits share one length byte and compare
			// digit by digit: still a total order, not numeric.
			n := min(e.dlen, '~'-'0')
			b = append(b, digitByte, byte('0'+n))
			b = append(b, k.digits[e.doff:e.doff+e.dlen]...)
		case kLetter:
			b = append(b, letterByte+e.w)
		case kOther:
			b = appendCodePoint(append(b, otherByte), e.base)
		}
	}
	b = append(b, sepByte)
	start := len(b)
	for i := range els {
		b = append(b, els[i].sec)
	}
	b = trimDefault(b, start)
	if !withCase {
		return b
	}
	b = append(b, sepByte)
	start = len(b)
	for i := range els {
		b = append(b, els[i].ter)
	}
	return trimDefault(b, start)
}

// secondary encodes tone (0–5) and other marks (0–13) in one printable byte.
func secondary(marks uint32) byte {
	tone := 0
	if t := marks & toneMask; t != 0 {
		tone = bits.TrailingZeros32(t) + 1
		if t&(t-1) != 0 {
			marks |= mOther // several tones on one letter: keep them apart
		}
	}
	extra := 0
	if x := marks &^ toneMask; x != 0 {
		extra = bits.TrailingZeros32(x) - firstExtraBit + 1
		if x&(x-1) != 0 {
			extra = multiExtra
		}
	}
	return byte(minWeight + tone*(multiExtra+1) + extra)
}

// appendCodePoint appends r as 4 order-preserving printable bytes (6 bits each).
func appendCodePoint(b []byte, r rune) []byte {
	return append(b, byte('0'+r>>18&63), byte('0'+r>>12&63), byte('0'+r>>6&63), byte('0'+r&63))
}

// trimDefault drops trailing minWeight bytes after start.
func trimDefault(b []byte, start int) []byte {
	for len(b) > start && b[len(b)-1] == minWeight {
		b = b[:len(b)-1]
	}
	return b
}
