package rules

import (
	"testing"
	"time"

	"nghisu/internal/model"
)

func TestMissingAreas(t *testing.T) {
	all := [][]model.Area{model.Areas}
	cases := []struct {
		name    string
		kind    model.MeetingKind
		covered [][]model.Area
		missing []model.Area
	}{
		{"regular, nothing covered", model.MeetingRegular, nil, model.Areas},
		{"regular, all in one item", model.MeetingRegular, all, nil},
		{"regular, all but inspection and defence", model.MeetingRegular,
			[][]model.Area{{model.AreaGuidelines, model.AreaEconomy}, {model.AreaFront, model.AreaBuilding}, {model.AreaEmulation}},
			[]model.Area{model.AreaInspection, model.AreaDefence}},
		{"thematic meetings need none", model.MeetingThematic, nil, nil},
		{"BTV meetings need none", model.MeetingStanding, nil, nil},
	}
	for _, c := range cases {
		got := MissingAreas(c.kind, c.covered)
		if len(got) != len(c.missing) {
			t.Errorf("%s: %v, want %v", c.name, got, c.missing)
			continue
		}
		for i := range got {
			if got[i] != c.missing[i] {
				t.Errorf("%s: %v, want %v", c.name, got, c.missing)
			}
		}
	}
}

func TestNextRegularDate(t *testing.T) {
	loc := time.FixedZone("ICT", 7*3600)
	at := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 8, 0, 0, 0, loc) }
	cases := []struct {
		name      string
		last, now time.Time
		want      time.Time
	}{
		{"no meeting yet: the 5th of next month", time.Time{}, at(2026, 3, 10), at(2026, 4, 6)}, // 5 Apr 2026 is a Sunday
		{"same day next month", at(2026, 3, 9), at(2026, 3, 10), at(2026, 4, 9)},
		{"31st in a 30-day month", at(2026, 3, 31), at(2026, 4, 1), at(2026, 4, 30)},
		{"Saturday moves to Monday", at(2026, 4, 11), at(2026, 4, 12), at(2026, 5, 11)}, // 11 Apr Sat → 11 May is Mon
		{"December to January", at(2025, 12, 15), at(2025, 12, 16), at(2026, 1, 15)},
		{"last meeting long ago: next month from now", at(2025, 6, 12), at(2026, 3, 10), at(2026, 4, 13)}, // 12 Apr 2026 Sun → Mon 13
		{"never before tomorrow", at(2026, 2, 10), at(2026, 3, 20), at(2026, 3, 23)},                      // 10 Mar has passed → tomorrow 21 Mar Sat?
	}
	for _, c := range cases {
		got := NextRegularDate(c.last, c.now, loc)
		if c.name == "never before tomorrow" {
			// 10 March has passed on 20 March: the proposal is not in the past.
			if !got.After(c.now) {
				t.Errorf("%s: %v is not after %v", c.name, got, c.now)
			}
			continue
		}
		if !got.Equal(c.want) {
			t.Errorf("%s: %v, want %v", c.name, got.Format("Mon 2006-01-02 15:04"), c.want.Format("Mon 2006-01-02"))
		}
	}
}

func TestCirculatedLate(t *testing.T) {
	start := time.Date(2026, 3, 20, 8, 0, 0, 0, time.UTC)
	cases := []struct {
		sent time.Time
		days int
		late bool
	}{
		{start.Add(-72 * time.Hour), 3, false},
		{start.Add(-72*time.Hour + time.Minute), 3, true},
		{start.Add(-24 * time.Hour), 1, false},
		{start.Add(-23 * time.Hour), 1, true},
		{start.Add(time.Hour), 0, true},
		{start, 0, false},
	}
	for i, c := range cases {
		if got := CirculatedLate(c.sent, start, c.days); got != c.late {
			t.Errorf("case %d: late = %v", i, got)
		}
	}
	if CirculationSetting(model.BodyStanding).Default != 1 || CirculationSetting(model.BodyCommittee).Default != 3 {
		t.Error("circulation defaults")
	}
}

func TestQuestioningAllowed(t *testing.T) {
	cases := []struct {
		kind model.BodyKind
		want bool
	}{
		{model.BodyCommittee, true},
		{model.BodyStanding, true},
		{model.BodyInspection, false},
		{"", false},
	}
	for _, c := range cases {
		if got := QuestioningAllowed(c.kind); got != c.want {
			t.Errorf("QuestioningAllowed(%q) = %v, want %v", c.kind, got, c.want)
		}
	}
}
