package vntext

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Clean normalises multi-line text: valid UTF-8, NFC, \n line ends, no controls (C0 or C1), trimmed.
func Clean(s string) string {
	if !needsScrub(s) {
		return strings.TrimSpace(norm.NFC.String(s)) // no allocation if already NFC
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\r':
			// CRLF and lone CR (old Mac, some Excel cells) both become \n.
			b = append(b, '\n')
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
		case c == '\v' || c == '\f':
			// Word pastes Shift+Enter as \v and page breaks as \f: keep
			// them as line breaks so words do not run together.
			b = append(b, '\n')
		case c == '\n' || c == '\t':
			b = append(b, c)
		case c < 0x20 || c == 0x7F:
			// NUL and other controls come from pasted binary or broken
			// exports and break PDF/DOCX output; drop them.
		case c == 0xC2 && i+1 < len(s) && s[i+1] >= 0x80 && s[i+1] <= 0x9F:
			// C1 controls (U+0080–U+009F) come from text decoded with the
			// wrong code page; NEL (U+0085) is a line break, the rest go.
			if s[i+1] == 0x85 {
				b = append(b, '\n')
			}
			i++
		case c == 0xEF && strings.HasPrefix(s[i:], "\uFEFF"):
			// A byte order mark leaks into the first cell of CSV/Excel
			// imports; it is invisible and breaks equality.
			i += 2
		default:
			b = append(b, c)
		}
	}
	// Normalise after dropping controls: removing a control can bring a
	// letter and a combining mark together.
	return strings.TrimSpace(norm.NFC.String(bytesString(b)))
}

// CleanLine is Clean for one-line fields, with each whitespace run made one space.
func CleanLine(s string) string {
	s = Clean(s)
	if !needsCollapse(s) {
		return s
	}
	b := make([]byte, 0, len(s))
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space {
			b = append(b, ' ')
			space = false
		}
		b = utf8.AppendRune(b, r)
	}
	return bytesString(b)
}

// needsScrub reports whether s has anything for Clean to remove or replace
// besides normalising and trimming.
func needsScrub(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < 0x20 && c != '\n' && c != '\t') || c == 0x7F {
			return true
		}
		if c := s[i]; c == 0xC2 && i+1 < len(s) && s[i+1] >= 0x80 && s[i+1] <= 0x9F {
			return true // a C1 control
		}
	}
	return !utf8.ValidString(s) || strings.Contains(s, "\uFEFF")
}

// needsCollapse reports whether s has whitespace other than single ASCII spaces.
func needsCollapse(s string) bool {
	prevSpace := false
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			if c == ' ' {
				if prevSpace {
					return true
				}
				prevSpace = true
				continue
			}
			if isASCIISpace(c) {
				return true
			}
			prevSpace = false
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			return true
		}
		i += size
		prevSpace = false
	}
	return false
}

// LowerFirst lowers the first letter, to use a title inside a sentence:
// "Hội nghị …" → "hội nghị …".
func LowerFirst(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if size == 0 {
		return s
	}
	return string(unicode.ToLower(r)) + s[size:]
}
