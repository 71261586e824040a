// Package oversight is the province's view of how its communes hold their
// meetings (DOMAIN.md §2.9): indicators per commune and month computed from
// the record, a score with visible weights, the dashboard that ranks and
// draws them, the drill-down to the evidence, and the evaluation report.
//
// Decisions of this package:
//   - Every indicator is a count (Num) over a base (Den) taken from the
//     record; a rate is Num/Den, and an indicator whose base is 0 does not
//     apply that month (no meeting, no question) and is left out of the
//     score rather than counted as 0 or 100.
//   - The score of a month is 100 × Σ wᵢ·rateᵢ / Σ wᵢ over the scored
//     indicators that apply; a period's score is the mean of its months'.
//     Weights are province settings (0 leaves an indicator out).
//   - Indicators are computed by a background job into a snapshot table
//     (the dashboard reads only that, so it stays fast for the whole
//     country); the drill-down computes one commune's month live, with the
//     meetings, tasks and questions behind each number.
//   - The province reads, never writes: nothing here changes a commune's
//     record; the drill-down links to pages that apply their own rules
//     (BTV-only papers stay hidden, counts are shown).
package oversight

// Code names an indicator.
type Code string

// The indicators (issue 7, item 1). The i18n catalogs hold each one's name
// ("oversight.ind.<code>") and definition ("oversight.def.<code>").
const (
	CommitteeHeld      Code = "committee_held"      // the month's regular BCH meeting was held
	StandingHeld       Code = "standing_held"       // BTV meetings held (count)
	Cancelled          Code = "cancelled"           // meetings cancelled or postponed (count)
	PapersOnTime       Code = "papers_on_time"      // papers sent the body's number of days ahead
	StandingReview     Code = "standing_review"     // a BTV meeting held in the 21 days before the BCH's
	AreasCovered       Code = "areas_covered"       // required content areas on the BCH program
	Attendance         Code = "attendance"          // members present of incumbent members
	Quorum             Code = "quorum"              // meetings whose quorum was met
	DecisionsVoted     Code = "decisions_voted"     // decision items with a recorded vote
	MinutesTimely      Code = "minutes_timely"      // minutes signed and in the book within N days
	ChainVerified      Code = "chain_verified"      // minute-book entries that verify
	QuestionsAsked     Code = "questions_asked"     // questions put (count)
	QuestionsTimely    Code = "questions_timely"    // questions answered in time
	QuestionsSatisfied Code = "questions_satisfied" // answers the asker was satisfied with
	TasksDue           Code = "tasks_due"           // tasks due in the month (count)
	TasksOnTime        Code = "tasks_on_time"       // tasks due in the month done by their deadline
	TasksLate          Code = "tasks_late"          // tasks due in the month not done by it (count)
	TargetsOnTrack     Code = "targets_on_track"    // targets on track or reached at the month's end
	OpinionsWritten    Code = "opinions_written"    // written opinion collections (count)
)

// Indicator describes one indicator.
type Indicator struct {
	Code Code
	// Rate indicators are Num/Den and may be scored; the others are counts
	// shown beside them.
	Rate bool
	// Weight is the default weight in the score (rates only).
	Weight int
	// Group orders the indicators on the pages: meetings, preparation,
	// session, record, questions, follow-up.
	Group string
}

// Indicators lists every indicator in the order the pages show them.
var Indicators = []Indicator{
	{CommitteeHeld, true, 3, "meetings"},
	{StandingHeld, false, 0, "meetings"},
	{Cancelled, false, 0, "meetings"},
	{OpinionsWritten, false, 0, "meetings"},
	{PapersOnTime, true, 2, "preparation"},
	{StandingReview, true, 1, "preparation"},
	{AreasCovered, true, 2, "preparation"},
	{Attendance, true, 1, "session"},
	{Quorum, true, 1, "session"},
	{DecisionsVoted, true, 2, "session"},
	{MinutesTimely, true, 2, "record"},
	{ChainVerified, true, 1, "record"},
	{QuestionsAsked, false, 0, "questions"},
	{QuestionsTimely, true, 1, "questions"},
	{QuestionsSatisfied, true, 1, "questions"},
	{TasksDue, false, 0, "followup"},
	{TasksOnTime, true, 2, "followup"},
	{TasksLate, false, 0, "followup"},
	{TargetsOnTrack, true, 1, "followup"},
}

// Find returns the indicator with code c.
func Find(c Code) (Indicator, bool) {
	for _, in := range Indicators {
		if in.Code == c {
			return in, true
		}
	}
	return Indicator{}, false
}

// Value is one indicator's count and base for a commune and month.
type Value struct {
	Num int `json:"num"`
	Den int `json:"den"`
}

// Applies reports whether the indicator has a base this month.
func (v Value) Applies() bool { return v.Den > 0 }

// Rate is Num/Den in [0, 1]; 0 when the indicator does not apply.
func (v Value) Rate() float64 {
	if v.Den <= 0 {
		return 0
	}
	r := float64(v.Num) / float64(v.Den)
	return min(max(r, 0), 1)
}

// add sums two values (a period's value is the sum of its months').
func (v Value) add(o Value) Value { return Value{v.Num + o.Num, v.Den + o.Den} }

// Facts are the indicator values of one commune and month.
type Facts map[Code]Value
