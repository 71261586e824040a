package textdiff

// edit is one step of an edit script turning sequence a into sequence b.
type edit uint8

const (
	eEqual  edit = iota // a[i] == b[j]; advance both
	eDelete             // a[i] only; advance a
	eInsert             // b[j] only; advance b
)

// maxCells bounds the LCS table: the middle of two sequences (after the
// common prefix and suffix) is diffed exactly while len(a)·len(b) ≤ maxCells.
// It also guarantees min(len(a), len(b)) ≤ 2000, so table entries fit uint16.
const maxCells = 4_000_000

// maxAnchorDepth bounds how often an over-large middle is split again at
// unique common items, so pathological inputs stay near-linear.
const maxAnchorDepth = 8

// interner gives each distinct string a small dense id, so sequences are
// compared as ints.
type interner struct {
	m map[string]int32
}

func (in *interner) ids(ss []string) []int32 {
	if in.m == nil {
		in.m = make(map[string]int32, len(ss))
	}
	out := make([]int32, len(ss))
	for i, s := range ss {
		id, ok := in.m[s]
		if !ok {
			id = int32(len(in.m))
			in.m[s] = id
		}
		out[i] = id
	}
	return out
}

// n returns the number of distinct strings seen; ids are in [0, n).
func (in *interner) n() int { return len(in.m) }

// diffSeq returns an edit script turning a into b. Ids are in [0, nids).
// Within a run of non-equal steps, deletions come before insertions where
// the choice is free. The script is a longest common subsequence when the
// middle fits maxCells (see the package documentation otherwise).
func diffSeq(a, b []int32, nids int) []edit {
	d := differ{nids: nids}
	ops := make([]edit, 0, max(len(a), len(b))+8)
	return d.appendDiff(ops, a, b, 0)
}

type differ struct {
	nids  int
	table []uint16 // reused LCS table
	// Scratch for anchoring, indexed by id.
	cntA, cntB []int32
	posB       []int32
}

func (d *differ) appendDiff(ops []edit, a, b []int32, depth int) []edit {
	p := 0
	for p < len(a) && p < len(b) && a[p] == b[p] {
		p++
	}
	ops = appendN(ops, eEqual, p)
	a, b = a[p:], b[p:]
	s := 0
	for s < len(a) && s < len(b) && a[len(a)-1-s] == b[len(b)-1-s] {
		s++
	}
	a, b = a[:len(a)-s], b[:len(b)-s]
	switch {
	case len(a) == 0 || len(b) == 0:
		ops = appendN(ops, eDelete, len(a))
		ops = appendN(ops, eInsert, len(b))
	case len(a)*len(b) <= maxCells:
		ops = d.appendLCS(ops, a, b)
	default:
		ops = d.appendAnchored(ops, a, b, depth)
	}
	return appendN(ops, eEqual, s)
}

func appendN(ops []edit, e edit, n int) []edit {
	for ; n > 0; n-- {
		ops = append(ops, e)
	}
	return ops
}

// appendLCS diffs a and b (len(a)·len(b) ≤ maxCells) through the classic
// table L[i][j] = length of an LCS of a[i:] and b[j:], walked from the start.
func (d *differ) appendLCS(ops []edit, a, b []int32) []edit {
	n, m := len(a), len(b)
	w := m + 1
	size := (n + 1) * w
	if cap(d.table) < size {
		d.table = make([]uint16, size)
	}
	L := d.table[:size]
	clear(L[n*w:]) // row n and column m are 0
	for i := n - 1; i >= 0; i-- {
		row, next := L[i*w:(i+1)*w], L[(i+1)*w:(i+2)*w]
		row[m] = 0
		ai := a[i]
		for j := m - 1; j >= 0; j-- {
			switch {
			case ai == b[j]:
				row[j] = next[j+1] + 1
			case next[j] >= row[j+1]:
				row[j] = next[j]
			default:
				row[j] = row[j+1]
			}
		}
	}
	i, j := 0, 0
	for i < n && j < m {
		switch {
		case a[i] == b[j]:
			ops = append(ops, eEqual)
			i, j = i+1, j+1
		case L[(i+1)*w+j] >= L[i*w+j+1]:
			ops = append(ops, eDelete)
			i++
		default:
			ops = append(ops, eInsert)
			j++
		}
	}
	ops = appendN(ops, eDelete, n-i)
	return appendN(ops, eInsert, m-j)
}

// appendAnchored diffs a middle too large for the table: it matches the
// items occurring exactly once in a and once in b, keeps the longest run of
// them in the same order in both (patience diff), and diffs the gaps between
// those anchors recursively. Without anchors, or too deep, a is deleted and
// b inserted whole.
func (d *differ) appendAnchored(ops []edit, a, b []int32, depth int) []edit {
	var anchors [][2]int
	if depth < maxAnchorDepth {
		anchors = d.anchors(a, b)
	}
	if len(anchors) == 0 {
		ops = appendN(ops, eDelete, len(a))
		return appendN(ops, eInsert, len(b))
	}
	pa, pb := 0, 0
	for _, an := range anchors {
		ops = d.appendDiff(ops, a[pa:an[0]], b[pb:an[1]], depth+1)
		ops = append(ops, eEqual)
		pa, pb = an[0]+1, an[1]+1
	}
	return d.appendDiff(ops, a[pa:], b[pb:], depth+1)
}

// anchors returns index pairs (i, j) with a[i] == b[j] unique in both,
// increasing in i and in j, as many as possible.
func (d *differ) anchors(a, b []int32) [][2]int {
	if d.cntA == nil {
		d.cntA = make([]int32, d.nids)
		d.cntB = make([]int32, d.nids)
		d.posB = make([]int32, d.nids)
	}
	cntA, cntB, posB := d.cntA, d.cntB, d.posB
	for _, x := range a {
		cntA[x]++
	}
	for j, x := range b {
		cntB[x]++
		posB[x] = int32(j)
	}
	// Candidates in a's order; find the longest increasing subsequence of
	// their positions in b (patience sorting with back links).
	var cand [][2]int
	for i, x := range a {
		if cntA[x] == 1 && cntB[x] == 1 {
			cand = append(cand, [2]int{i, int(posB[x])})
		}
	}
	for _, x := range a {
		cntA[x] = 0
	}
	for _, x := range b {
		cntB[x] = 0
	}
	if len(cand) == 0 {
		return nil
	}
	var tails []int // tails[k]: index in cand of the smallest tail of an increasing run of length k+1
	prev := make([]int, len(cand))
	for c, pr := range cand {
		lo, hi := 0, len(tails)
		for lo < hi {
			mid := (lo + hi) / 2
			if cand[tails[mid]][1] < pr[1] {
				lo = mid + 1
			} else {
				hi = mid
			}
		}
		prev[c] = -1
		if lo > 0 {
			prev[c] = tails[lo-1]
		}
		if lo == len(tails) {
			tails = append(tails, c)
		} else {
			tails[lo] = c
		}
	}
	out := make([][2]int, len(tails))
	for k, c := len(tails)-1, tails[len(tails)-1]; k >= 0; k, c = k-1, prev[c] {
		out[k] = cand[c]
	}
	return out
}
