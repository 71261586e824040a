package model

import (
	"testing"
	"time"
)

// CurrentBodies keeps the bodies of the newest term begun by the day: not
// an earlier term's, nor a term elected but not yet begun.
func TestCurrentBodies(t *testing.T) {
	old := &Term{ID: 1, StartsOn: Date{Year: 2020, Month: time.August, Day: 10}, EndsOn: Date{Year: 2025, Month: time.August, Day: 14}}
	cur := &Term{ID: 2, StartsOn: Date{Year: 2025, Month: time.August, Day: 15}}
	next := &Term{ID: 3, StartsOn: Date{Year: 2030, Month: time.August, Day: 1}}
	bodies := []Body{
		{ID: 7, TermID: 3, Kind: BodyCommittee, Term: next},
		{ID: 4, TermID: 2, Kind: BodyCommittee, Term: cur}, {ID: 5, TermID: 2, Kind: BodyStanding, Term: cur},
		{ID: 1, TermID: 1, Kind: BodyCommittee, Term: old}, {ID: 2, TermID: 1, Kind: BodyStanding, Term: old},
	}
	for _, c := range []struct {
		day  Date
		want []int64
	}{
		{Date{Year: 2026, Month: time.March, Day: 10}, []int64{4, 5}},
		{Date{Year: 2025, Month: time.August, Day: 15}, []int64{4, 5}},
		{Date{Year: 2025, Month: time.August, Day: 14}, []int64{1, 2}},
		{Date{Year: 2030, Month: time.August, Day: 1}, []int64{7}},
		{Date{Year: 2019, Month: time.January, Day: 1}, nil},
	} {
		var got []int64
		for _, b := range CurrentBodies(bodies, c.day) {
			got = append(got, b.ID)
		}
		if len(got) != len(c.want) {
			t.Errorf("%s: %v, want %v", c.day, got, c.want)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("%s: %v, want %v", c.day, got, c.want)
			}
		}
	}
}
