package textdiff

import (
	"slices"
	"strings"
	"unicode"
)

// minScore is the pairing threshold: a deleted and an inserted paragraph
// become a Change when their Similarity is at least 0.5 (score in permille).
const minScore = 500

// maxPairCells bounds the pairing table (deleted × inserted paragraphs of
// one stretch). Larger stretches, which arise only when most of a long
// document was rewritten, are paired greedily within a window.
const maxPairCells = 1 << 18

// pairWindow is how many inserted paragraphs around the proportional
// position the greedy fallback looks at on either side.
const pairWindow = 32

// Similarity returns the Dice coefficient of the words of a and b:
// 2·|A∩B| / (|A|+|B|), with A and B the multisets of their words. Words are
// compared lowercased and without punctuation at their edges ("Đảng," is
// "đảng"); tokens with no letter or digit do not count. The result is in
// [0, 1], and 0 when a or b has no word. Compare NFC text (see Paragraphs).
func Similarity(a, b string) float64 {
	var wk wordKeys
	x, y := wk.bag(a), wk.bag(b)
	if len(x) == 0 || len(y) == 0 {
		return 0
	}
	return 2 * float64(common(x, y)) / float64(len(x)+len(y))
}

// wordKeys interns similarity keys of words.
type wordKeys struct {
	m map[string]int32
}

// bag returns the sorted ids of the words of s.
func (wk *wordKeys) bag(s string) []int32 {
	if wk.m == nil {
		wk.m = make(map[string]int32)
	}
	var ids []int32
	for w := range strings.FieldsSeq(s) {
		w = strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) })
		if w == "" {
			continue
		}
		w = strings.ToLower(w)
		id, ok := wk.m[w]
		if !ok {
			id = int32(len(wk.m))
			wk.m[w] = id
		}
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// common returns |x ∩ y| for sorted multisets.
func common(x, y []int32) int {
	c, i, j := 0, 0, 0
	for i < len(x) && j < len(y) {
		switch {
		case x[i] == y[j]:
			c, i, j = c+1, i+1, j+1
		case x[i] < y[j]:
			i++
		default:
			j++
		}
	}
	return c
}

// score returns the similarity of two bags in permille when it reaches
// minScore, else 0.
func score(x, y []int32) int {
	n := len(x) + len(y)
	// Dice ≥ 0.5 needs 4·|A∩B| ≥ |A|+|B|, impossible when one bag is less
	// than a third of the other: skip the merge.
	if len(x) == 0 || len(y) == 0 || 4*min(len(x), len(y)) < n {
		return 0
	}
	s := 2000 * common(x, y) / n // ≥ 500 exactly when 4·common ≥ n
	if s < minScore {
		return 0
	}
	return s
}

// pair is a deleted paragraph dels[d] paired with an inserted one ins[n].
type pair struct{ d, n int }

// pairUp pairs similar paragraphs of dels and ins, increasing in both
// indexes. It chooses the pairs with the largest total similarity (each pair
// scoring at least 0.5), taking on ties the earliest pairing; so a deleted
// paragraph pairs with its closest rewrite rather than with the first
// inserted paragraph that happens to share half its words.
func pairUp(wk *wordKeys, dels, ins []string) []pair {
	k, l := len(dels), len(ins)
	if k == 0 || l == 0 {
		return nil
	}
	bd := make([][]int32, k)
	for i, s := range dels {
		bd[i] = wk.bag(s)
	}
	bi := make([][]int32, l)
	for j, s := range ins {
		bi[j] = wk.bag(s)
	}
	if k*l > maxPairCells {
		return pairGreedy(bd, bi)
	}

	// W[i][j]: score of pairing dels[i] with ins[j];
	// S[i][j]: best total score for dels[i:] and ins[j:].
	W := make([]uint16, k*l)
	for i := range bd {
		for j := range bi {
			W[i*l+j] = uint16(score(bd[i], bi[j]))
		}
	}
	w := l + 1
	S := make([]int32, (k+1)*w)
	for i := k - 1; i >= 0; i-- {
		for j := l - 1; j >= 0; j-- {
			best := max(S[(i+1)*w+j], S[i*w+j+1])
			if s := int32(W[i*l+j]); s > 0 {
				best = max(best, s+S[(i+1)*w+j+1])
			}
			S[i*w+j] = best
		}
	}
	var pairs []pair
	for i, j := 0, 0; i < k && j < l && S[i*w+j] > 0; {
		switch s := int32(W[i*l+j]); {
		case s > 0 && s+S[(i+1)*w+j+1] == S[i*w+j]:
			pairs = append(pairs, pair{i, j})
			i, j = i+1, j+1
		case S[(i+1)*w+j] == S[i*w+j]:
			i++
		default:
			j++
		}
	}
	return pairs
}

// pairGreedy pairs, in order, each deleted paragraph with the most similar
// inserted one after the previous pair, looking only near its proportional
// position. Linear in the number of paragraphs.
func pairGreedy(bd, bi [][]int32) []pair {
	k, l := len(bd), len(bi)
	var pairs []pair
	last := -1
	for i := range bd {
		lo := max(last+1, i*l/k-pairWindow)
		hi := min(l, lo+2*pairWindow+1)
		best, bestS := -1, 0
		for j := lo; j < hi; j++ {
			if s := score(bd[i], bi[j]); s > bestS {
				best, bestS = j, s
			}
		}
		if best >= 0 {
			pairs = append(pairs, pair{i, best})
			last = best
		}
	}
	return pairs
}
