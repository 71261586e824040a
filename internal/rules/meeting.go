package rules

import (
	"time"

	"nghisu/internal/model"
)

// RequiredAreas are the content areas a meeting of this kind must cover:
// for the monthly BCH meeting, the article's list (DOMAIN.md §2.6) plus
// defence and security, which commune reports always include.
func RequiredAreas(kind model.MeetingKind) []model.Area {
	if kind != model.MeetingRegular {
		return nil
	}
	return model.Areas
}

// MissingAreas lists the required areas no item covers, in order.
func MissingAreas(kind model.MeetingKind, covered [][]model.Area) []model.Area {
	have := map[model.Area]bool{}
	for _, as := range covered {
		for _, a := range as {
			have[a] = true
		}
	}
	var out []model.Area
	for _, a := range RequiredAreas(kind) {
		if !have[a] {
			out = append(out, a)
		}
	}
	return out
}

// NextRegularDate proposes the date of next month's regular meeting: the
// same day of the month as the last one (or the 5th when there was none),
// at 08:00 Vietnam time, moved to Monday when it falls on a weekend, and
// never before tomorrow.
func NextRegularDate(last time.Time, now time.Time, loc *time.Location) time.Time {
	now = now.In(loc)
	day, month := 5, now.Month()+1
	year := now.Year()
	if !last.IsZero() {
		l := last.In(loc)
		day = l.Day()
		month, year = l.Month()+1, l.Year()
		if lastNext := time.Date(year, month, 1, 0, 0, 0, 0, loc); lastNext.Before(time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, loc)) {
			// The last regular meeting is long past: propose next month.
			month, year = now.Month()+1, now.Year()
		}
	}
	first := time.Date(year, month, 1, 8, 0, 0, 0, loc)
	daysIn := first.AddDate(0, 1, -1).Day()
	d := time.Date(first.Year(), first.Month(), min(day, daysIn), 8, 0, 0, 0, loc)
	switch d.Weekday() {
	case time.Saturday:
		d = d.AddDate(0, 0, 2)
	case time.Sunday:
		d = d.AddDate(0, 0, 1)
	}
	if tomorrow := time.Date(now.Year(), now.Month(), now.Day()+1, 8, 0, 0, 0, loc); d.Before(tomorrow) {
		d = tomorrow
	}
	return d
}

// Setting is a per-commune setting whose authoritative value was not found:
// it has a default, shown as "mặc định, chưa xác minh" until set.
type Setting struct {
	Key      string
	Default  int
	Min, Max int
	// Verified is true when the default comes from a cited rule.
	Verified bool
	// Choices, when set, are the only values, each named in the catalog
	// as "setting.<key>.<value>"; the settings page offers them as a list.
	Choices []int
}

// The days before a meeting its papers must reach the members. Party cells
// post them at least a day ahead (Hướng dẫn 42-HD/BTCTW 2025); for the BCH
// no text was found, so the default is 3 days, unverified; for the BTV 1 day.
var (
	CirculateCommittee = Setting{Key: "circulate_days.committee", Default: 3, Min: 0, Max: 30}
	CirculateStanding  = Setting{Key: "circulate_days.standing", Default: 1, Min: 0, Max: 30}
)

// The settings of the meeting in session (DOMAIN.md §3). Quorum: 2/3 of
// incumbent members by default. Other personnel decisions: secret ballot by
// default. Written answers to questions: within 30 days by default. The
// speaking time and the two defaults of a new vote are the meeting's own
// customs; the values here are common practice, not rules.
var (
	Quorum          = Setting{Key: "quorum", Default: QuorumTwoThirds, Min: QuorumHalf, Max: QuorumTwoThirds, Choices: []int{QuorumHalf, QuorumTwoThirds}}
	PersonnelSecret = Setting{Key: "personnel_secret", Default: 1, Min: 0, Max: 1, Choices: []int{1, 0}}
	AnswerDays      = Setting{Key: "answer_days", Default: 30, Min: 1, Max: 90}
	SpeakingMinutes = Setting{Key: "speaking_minutes", Default: 7, Min: 0, Max: 60}
	HideResults     = Setting{Key: "vote.hide_results", Default: 1, Min: 0, Max: 1, Choices: []int{1, 0}}
	AllowChange     = Setting{Key: "vote.allow_change", Default: 1, Min: 0, Max: 1, Choices: []int{1, 0}}
)

// The page of issued documents: sources disagree on the margins (20/20/30/15
// mm against 25/25/35/15, top/bottom/left/right), so they are settings with
// the first as default; the body is 14 pt (Hướng dẫn 36-HD/VPTW: 14–15).
var (
	MarginTop    = Setting{Key: "doc.margin_top", Default: 20, Min: 10, Max: 50}
	MarginBottom = Setting{Key: "doc.margin_bottom", Default: 20, Min: 10, Max: 50}
	MarginLeft   = Setting{Key: "doc.margin_left", Default: 30, Min: 10, Max: 50}
	MarginRight  = Setting{Key: "doc.margin_right", Default: 15, Min: 10, Max: 50}
	FontSize     = Setting{Key: "doc.font_size", Default: 14, Min: 13, Max: 15}
)

// Settings lists the settings a commune can change.
var Settings = []Setting{CirculateCommittee, CirculateStanding, Quorum, PersonnelSecret,
	AnswerDays, SpeakingMinutes, HideResults, AllowChange, MarginTop, MarginBottom, MarginLeft, MarginRight, FontSize}

// CirculationSetting is the setting for a body's meetings.
func CirculationSetting(body model.BodyKind) Setting {
	if body == model.BodyStanding {
		return CirculateStanding
	}
	return CirculateCommittee
}

// CirculatedLate reports whether papers sent at sent for a meeting starting
// at start arrive later than days before it.
func CirculatedLate(sent, start time.Time, days int) bool {
	return start.Sub(sent) < time.Duration(days)*24*time.Hour
}

// QuestioningAllowed reports whether members may put questions (chất vấn)
// in meetings of a body: only the committee and its standing committee
// (Quy chế chất vấn trong Đảng, Quyết định 158-QĐ/TW 2008, Điều 3).
func QuestioningAllowed(k model.BodyKind) bool {
	return k == model.BodyCommittee || k == model.BodyStanding
}
