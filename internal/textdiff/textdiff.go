// Package textdiff compares two versions of a draft document (a draft
// resolution, a report) made of paragraphs separated by blank lines, and
// describes the difference in a form the UI can show: which paragraphs were
// added, removed or changed, and within a changed paragraph which words.
//
// Paragraphs are addressed by 1-based numbers ("đoạn 2"), as reviewers see
// them. Run both versions through [Paragraphs] first: it cleans and
// NFC-normalises the text, so a version typed on a decomposing keyboard
// compares equal to the same text in precomposed form. [Diff] and [Words]
// themselves compare strings byte for byte.
//
// # Limits
//
// Both the paragraph diff and the word diff find a longest common
// subsequence with an O(n·m) table after trimming the common prefix and
// suffix. The middle part is diffed exactly while n·m ≤ 4,000,000 (for
// example 2000×2000 paragraphs or words; the table takes 2·(n+1)·(m+1)
// bytes, 8 MB at 2000×2000, for the duration of the call). A larger middle is first split at items that occur
// exactly once in each version (patience-diff anchors); parts still over the
// limit, or with no such anchor, are shown as wholly deleted and inserted.
// So a huge document with few edits still diffs well, while two huge,
// unrelated texts cost linear time and show as a full replacement.
package textdiff

import (
	"strconv"
	"strings"
	"unicode"

	"nghisu/internal/vntext"
)

// Op is the kind of a difference entry.
type Op int

const (
	Equal  Op = iota // present unchanged in both versions
	Insert           // present only in the new version
	Delete           // present only in the old version
	Change           // an old paragraph rewritten into a similar new one
)

// String returns the lowercase English name of op, for logs and templates.
func (op Op) String() string {
	switch op {
	case Equal:
		return "equal"
	case Insert:
		return "insert"
	case Delete:
		return "delete"
	case Change:
		return "change"
	}
	return "op(" + strconv.Itoa(int(op)) + ")"
}

// Para is one entry of a paragraph diff.
type Para struct {
	Op Op
	// Old and New are the 1-based paragraph numbers in the old and the new
	// version, 0 when the paragraph is absent from that version (New for
	// Delete, Old for Insert).
	Old, New int
	// OldText and NewText are the paragraph in each version, "" when absent.
	// For Equal they are the same string.
	OldText, NewText string
	// Words is the word diff of OldText into NewText, for Change only.
	Words []Span
}

// Span is a piece of a word diff. Op is Equal, Insert or Delete.
type Span struct {
	Op   Op
	Text string
}

// Paragraphs splits body into paragraphs: runs of lines separated by one or
// more blank (empty or whitespace-only) lines. The text is cleaned with
// [vntext.Clean] (NFC, \n line ends, no control characters); each
// paragraph is trimmed, trailing whitespace is removed from its lines, and
// its lines stay joined by single "\n". Empty paragraphs are dropped, so the
// result is nil for a blank body.
func Paragraphs(body string) []string {
	s := vntext.Clean(body)
	if s == "" {
		return nil
	}
	var paras []string
	var lines []string
	flush := func() {
		if len(lines) == 0 {
			return
		}
		// Cutting an NFC text at whitespace (a starter) keeps it NFC, so
		// the paragraph needs no second normalisation.
		paras = append(paras, strings.TrimLeftFunc(strings.Join(lines, "\n"), unicode.IsSpace))
		lines = lines[:0]
	}
	for line := range strings.SplitSeq(s, "\n") {
		line = strings.TrimRightFunc(line, unicode.IsSpace)
		if line == "" {
			flush()
			continue
		}
		lines = append(lines, line)
	}
	flush()
	return paras
}

// Join is the inverse of [Paragraphs]: it joins paras with blank lines.
// Paragraphs(Join(p)) equals p for any p returned by Paragraphs.
func Join(paras []string) string {
	return strings.Join(paras, "\n\n")
}

// Changed reports whether d, a result of [Diff], has any difference.
func Changed(d []Para) bool {
	for _, p := range d {
		if p.Op != Equal {
			return true
		}
	}
	return false
}

// Stats counts the inserted, deleted and changed paragraphs of d.
func Stats(d []Para) (added, removed, changed int) {
	for _, p := range d {
		switch p.Op {
		case Insert:
			added++
		case Delete:
			removed++
		case Change:
			changed++
		}
	}
	return added, removed, changed
}

// Diff compares two versions given as paragraphs (normally from
// [Paragraphs]) and returns one entry per paragraph of either version, in
// document order: old paragraph numbers and new paragraph numbers each
// increase strictly through the result, and every paragraph of old and of
// new appears exactly once.
//
// Paragraphs are first matched exactly by a longest common subsequence.
// Within each stretch between two matched paragraphs, deleted and inserted
// paragraphs that are similar (Dice coefficient of their words ≥ 0.5, see
// [Similarity]) are paired, in order, into Change entries carrying a word
// diff; the rest stay Delete and Insert. Pairs never cross, and among the
// possible sets of pairs the one with the largest total similarity wins
// (the earliest on ties), so a paragraph pairs with its closest rewrite.
// (Stretches of more than 2¹⁸ deleted×inserted candidates, i.e. a long text
// mostly rewritten, are paired greedily near proportional positions
// instead.) A moved paragraph shows as a Delete at its old place and an
// Insert at its new one.
//
// The result is deterministic. See the package documentation for size
// limits.
func Diff(old, new []string) []Para {
	var in interner
	a := in.ids(old)
	b := in.ids(new)
	ops := diffSeq(a, b, in.n())

	out := make([]Para, 0, max(len(old), len(new)))
	var wk wordKeys
	i, j := 0, 0
	for k := 0; k < len(ops); {
		if ops[k] == eEqual {
			out = append(out, Para{Op: Equal, Old: i + 1, New: j + 1, OldText: old[i], NewText: new[j]})
			i, j, k = i+1, j+1, k+1
			continue
		}
		i0, j0 := i, j
		for ; k < len(ops) && ops[k] != eEqual; k++ {
			if ops[k] == eDelete {
				i++
			} else {
				j++
			}
		}
		out = appendStretch(out, &wk, old, new, i0, i, j0, j)
	}
	return out
}

// appendStretch appends the entries for old[i0:i1] deleted and new[j0:j1]
// inserted at the same place, pairing similar paragraphs into Changes.
func appendStretch(out []Para, wk *wordKeys, old, new []string, i0, i1, j0, j1 int) []Para {
	pairs := pairUp(wk, old[i0:i1], new[j0:j1])
	i, j := i0, j0
	del := func(to int) {
		for ; i < to; i++ {
			out = append(out, Para{Op: Delete, Old: i + 1, OldText: old[i]})
		}
	}
	ins := func(to int) {
		for ; j < to; j++ {
			out = append(out, Para{Op: Insert, New: j + 1, NewText: new[j]})
		}
	}
	for _, p := range pairs {
		// Unpaired paragraphs before the pair: deletions first, as a
		// reader expects "removed … added … rewritten" in that order.
		del(i0 + p.d)
		ins(j0 + p.n)
		out = append(out, Para{
			Op: Change, Old: i + 1, New: j + 1,
			OldText: old[i], NewText: new[j],
			Words: Words(old[i], new[j]),
		})
		i, j = i+1, j+1
	}
	del(i1)
	ins(j1)
	return out
}
