package textdiff

import (
	"unicode"
	"unicode/utf8"
)

// Words returns the word diff of old into new. The texts are cut into
// tokens, each a maximal run of non-space or of space characters
// (unicode.IsSpace, so line breaks are spaces too), and the tokens are
// matched by a longest common subsequence.
//
// The Text of the Equal and Delete spans, in order, joins to exactly old;
// that of the Equal and Insert spans joins to exactly new. Spans are never
// empty and no two neighbours have the same Op; where both a deletion and an
// insertion occur between two Equal spans, the Delete comes first. Spaces
// alone shared between two edits are not shown as Equal but folded into the
// edit, so a rewritten phrase reads as one deletion and one insertion
// instead of word-by-word alternation.
func Words(old, new string) []Span {
	if old == new {
		if old == "" {
			return nil
		}
		return []Span{{Equal, old}}
	}
	ta, offA := tokenize(old)
	tb, offB := tokenize(new)
	var in interner
	a := in.ids(ta)
	b := in.ids(tb)
	ops := diffSeq(a, b, in.n())

	// Compress the script into runs of one edit kind.
	type run struct {
		e edit
		n int
	}
	var runs []run
	for _, e := range ops {
		if k := len(runs) - 1; k >= 0 && runs[k].e == e {
			runs[k].n++
		} else {
			runs = append(runs, run{e, 1})
		}
	}

	var spans []Span
	// flush emits the pending edit region: tokens ci..i of old, cj..j of new.
	flush := func(ci, i, cj, j int) {
		if ci < i {
			spans = append(spans, Span{Delete, old[offA[ci]:offA[i]]})
		}
		if cj < j {
			spans = append(spans, Span{Insert, new[offB[cj]:offB[j]]})
		}
	}
	i, j := 0, 0   // current token in old and new
	ci, cj := 0, 0 // start of the pending edit region
	for k, r := range runs {
		switch r.e {
		case eEqual:
			// A run of one space token between two edits joins the edit
			// region; a run with a word, or at either end, stays Equal.
			if k == 0 || k == len(runs)-1 || r.n > 1 || !isSpaceToken(ta[i]) {
				flush(ci, i, cj, j)
				spans = append(spans, Span{Equal, old[offA[i]:offA[i+r.n]]})
				i, j = i+r.n, j+r.n
				ci, cj = i, j
			} else {
				i, j = i+r.n, j+r.n
			}
		case eDelete:
			i += r.n
		case eInsert:
			j += r.n
		}
	}
	flush(ci, i, cj, j)
	return spans
}

// tokenize cuts s into maximal runs of space and of non-space characters.
// off[k] is the byte offset of token k in s, and off[len(toks)] == len(s).
// Invalid UTF-8 bytes count as non-space and are kept as they are.
func tokenize(s string) (toks []string, off []int) {
	start := 0
	prev := false
	for i, r := range s {
		sp := unicode.IsSpace(r)
		if i > start && sp != prev {
			toks = append(toks, s[start:i])
			off = append(off, start)
			start = i
		}
		prev = sp
	}
	if start < len(s) {
		toks = append(toks, s[start:])
		off = append(off, start)
	}
	off = append(off, len(s))
	return toks, off
}

func isSpaceToken(t string) bool {
	r, _ := utf8.DecodeRuneInString(t)
	return unicode.IsSpace(r)
}
