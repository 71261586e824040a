package app

import (
	"testing"
	"time"

	"nghisu/internal/oversight"
)

// TestNotesCache: a province's report notes are reused for notesFresh, not
// after, not for another province, not when the communes changed in number,
// and not when the clock went back.
func TestNotesCache(t *testing.T) {
	t0 := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	var c notesCache
	c.put(1, notes{at: t0, communes: 31, overlaps: []oversight.Note{{Commune: "Mỹ Tho", Text: "x"}}})
	for _, tc := range []struct {
		name     string
		prov     int64
		communes int
		now      time.Time
		hit      bool
	}{
		{"at once", 1, 31, t0, true},
		{"just before fresh ends", 1, 31, t0.Add(notesFresh - time.Second), true},
		{"when fresh ends", 1, 31, t0.Add(notesFresh), false},
		{"another province", 2, 31, t0, false},
		{"a commune more", 1, 32, t0, false},
		{"clock went back", 1, 31, t0.Add(-time.Second), false},
	} {
		n, ok := c.get(tc.prov, tc.communes, tc.now)
		if ok != tc.hit || ok && (len(n.overlaps) != 1 || n.overlaps[0].Commune != "Mỹ Tho") {
			t.Errorf("%s: hit %v %+v, want %v", tc.name, ok, n, tc.hit)
		}
	}
}
