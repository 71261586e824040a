package oversight

import (
	"context"
	"fmt"
	"sort"
	"time"

	"nghisu/internal/model"
	"nghisu/internal/org"
	"nghisu/internal/rules"
	"nghisu/internal/store"
	"nghisu/internal/targets"
	"nghisu/internal/vntext"
)

// Windows of the indicators that are ours, not a cited rule's.
const (
	// ReviewWindow: a BTV meeting held this many days before the BCH
	// meeting counts as the BTV's review of it.
	ReviewWindow = 21
)

// MinutesDays is the province setting "minutes signed and in the minute
// book within N days" (issue 7; default 7, unverified).
var MinutesDays = rules.Setting{Key: "oversight.minutes_days", Default: 7, Min: 1, Max: 60}

// Evidence is one thing behind a number: a meeting, a task, a question, a
// written opinion, a target; OK says whether it counted for or against.
type Evidence struct {
	Code  Code      `json:"indicator"`
	Kind  string    `json:"kind"` // meeting, task, opinion, target, month, hidden
	ID    int64     `json:"id"`
	Title string    `json:"title"`
	OK    bool      `json:"ok"`
	At    time.Time `json:"at"`
	// Due is the deadline (papers, minutes, a written answer, a task) and
	// Done when it was met, if it was (papers sent, minutes signed,
	// answered, done).
	Due  *model.Date `json:"due,omitempty"`
	Done *model.Date `json:"done,omitempty"`
	// Here and Base are the roll call's count and the incumbent members.
	Here int `json:"here,omitempty"`
	Base int `json:"base,omitempty"`
	// Missing are the content areas a program left out.
	Missing []model.Area `json:"missing,omitempty"`
	// Detail says more: a decision item's title, the BCH meeting a BTV
	// meeting prepared, a task's owner, a book entry's number, a target's
	// status.
	Detail string `json:"detail,omitempty"`
	// Flag names a case: cancelled, postponed, postponed_held, no_roll,
	// unanswered.
	Flag string `json:"flag,omitempty"`
}

func datePtr(d model.Date) *model.Date { return &d }

// Month is one commune's month: its facts and, when asked for, the evidence.
type Month struct {
	OrgID    int64
	Month    string
	Facts    Facts
	Evidence []Evidence
}

// inputs is everything the indicators of a group of communes read.
type inputs struct {
	now         time.Time
	today       model.Date
	thisMonth   string
	meetings    []*store.OversightMeeting
	members     map[int64][]store.OversightMembership // by body
	questions   []store.OversightQuestion
	tasks       []store.OversightTask
	targets     []model.Target
	values      map[int64][]model.TargetValue
	opinions    []store.OversightOpinion
	circulate   map[model.BodyKind]map[int64]int // days ahead, by body kind and commune
	quorum      map[int64]int
	minutesDays int
	// broken is the first minute-book entry that fails, by body (absent:
	// the book verifies).
	broken map[int64]int
	// all lists every commune's months of the computation.
	all []*Month
}

// Verifier checks a body's minute book and returns the sequence number of
// the first entry that fails, 0 when it all verifies (record's check).
type Verifier func(ctx context.Context, st *store.Store, bodyID int64) (int, error)

// compute reads the record of communes for the months from..to and
// returns each commune's months. With evidence, it also keeps what each
// number counted (the drill-down); without, only the numbers (the job).
func compute(ctx context.Context, st *store.Store, verify Verifier, communes []model.Org, from, to string, minutesDays int, evidence bool) ([]Month, error) {
	if len(communes) == 0 {
		return nil, nil
	}
	ids := make([]int64, len(communes))
	for i, c := range communes {
		ids[i] = c.ID
	}
	loc := vntext.Location()
	in := &inputs{now: st.Now(), minutesDays: minutesDays, broken: map[int64]int{}, members: map[int64][]store.OversightMembership{}}
	in.today = model.DateOf(in.now.In(loc))
	in.thisMonth = in.now.In(loc).Format("2006-01")
	// The BTV meetings of the month before count as reviews of the first
	// month's BCH meeting.
	sc := store.OversightScope{OrgIDs: ids, From: AddMonths(from, -1), To: to}
	var err error
	if in.meetings, err = st.OversightMeetings(ctx, sc); err != nil {
		return nil, fmt.Errorf("meetings: %w", err)
	}
	ms, err := st.OversightMemberships(ctx, sc)
	if err != nil {
		return nil, fmt.Errorf("memberships: %w", err)
	}
	for _, m := range ms {
		in.members[m.BodyID] = append(in.members[m.BodyID], m)
	}
	sc.From = from
	if in.questions, err = st.OversightQuestions(ctx, sc); err != nil {
		return nil, fmt.Errorf("questions: %w", err)
	}
	if in.tasks, err = st.OversightTasks(ctx, sc); err != nil {
		return nil, fmt.Errorf("tasks: %w", err)
	}
	if in.targets, in.values, err = st.OversightTargets(ctx, sc); err != nil {
		return nil, fmt.Errorf("targets: %w", err)
	}
	start, end := monthStart(from), monthStart(AddMonths(to, 1))
	if in.opinions, err = st.OversightOpinions(ctx, sc, start, end); err != nil {
		return nil, fmt.Errorf("opinions: %w", err)
	}
	in.circulate = map[model.BodyKind]map[int64]int{}
	for kind, set := range map[model.BodyKind]rules.Setting{model.BodyCommittee: rules.CirculateCommittee, model.BodyStanding: rules.CirculateStanding} {
		if in.circulate[kind], err = org.SettingFor(ctx, st, communes, set); err != nil {
			return nil, err
		}
	}
	if in.quorum, err = org.SettingFor(ctx, st, communes, rules.Quorum); err != nil {
		return nil, err
	}
	if verify != nil {
		seen := map[int64]bool{}
		for _, m := range in.meetings {
			if m.InBook && !seen[m.BodyID] {
				seen[m.BodyID] = true
				n, err := verify(ctx, st, m.BodyID)
				if err != nil {
					return nil, fmt.Errorf("verify book %d: %w", m.BodyID, err)
				}
				if n > 0 {
					in.broken[m.BodyID] = n
				}
			}
		}
	}

	first, err := st.OversightFirstMonths(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := map[[2]any]*Month{}
	var order []*Month
	for _, c := range communes {
		f, ok := first[c.ID]
		if !ok {
			continue // no meeting yet: nothing to judge
		}
		for mo := max(from, f); mo <= to; mo = AddMonths(mo, 1) {
			x := &Month{OrgID: c.ID, Month: mo, Facts: Facts{}}
			out[[2]any{c.ID, mo}] = x
			order = append(order, x)
		}
	}
	in.all = order
	at := func(orgID int64, month string) *Month { return out[[2]any{orgID, month}] }
	in.meetingFacts(at, evidence)
	in.questionFacts(at, evidence)
	in.taskFacts(at, evidence)
	in.targetFacts(communes, from, to, at, evidence)
	for _, o := range in.opinions {
		if x := at(o.OrgID, o.CreatedAt.In(loc).Format("2006-01")); x != nil {
			x.count(OpinionsWritten, evidence, Evidence{Kind: "opinion", ID: o.ID, Title: o.Title, OK: true, At: o.CreatedAt})
		}
	}
	for _, x := range order {
		// Counts are measured every month, also when they are 0.
		for _, c := range []Code{StandingHeld, Cancelled, OpinionsWritten, QuestionsAsked, TasksDue, TasksLate} {
			v := x.Facts[c]
			x.Facts[c] = Value{v.Num, 1}
		}
	}
	result := make([]Month, len(order))
	for i, x := range order {
		result[i] = *x
	}
	return result, nil
}

// tally counts one case of a rate indicator, and keeps it as evidence.
func (x *Month) tally(c Code, ok bool, keep bool, e Evidence) {
	v := x.Facts[c]
	v.Den++
	if ok {
		v.Num++
	}
	x.Facts[c] = v
	if keep {
		e.Code, e.OK = c, ok
		x.Evidence = append(x.Evidence, e)
	}
}

// count adds one to a count indicator.
func (x *Month) count(c Code, keep bool, e Evidence) {
	v := x.Facts[c]
	v.Num++
	x.Facts[c] = v
	if keep {
		e.Code = c
		x.Evidence = append(x.Evidence, e)
	}
}

// held reports whether a meeting took place.
func held(s model.MeetingState) bool {
	switch s {
	case model.StateInSession, model.StateAdjourned, model.StateSigned, model.StateClosed:
		return true
	}
	return false
}

// incumbents counts a body's incumbent members on a day.
func (in *inputs) incumbents(bodyID int64, day model.Date) int {
	n := 0
	for _, m := range in.members[bodyID] {
		if m.Status == model.StatusIncumbent && !day.Before(m.StartedOn) && (m.EndedOn == nil || day.Before(*m.EndedOn)) {
			n++
		}
	}
	return n
}

func (in *inputs) meetingFacts(at func(int64, string) *Month, keep bool) {
	loc := vntext.Location()
	var standing []*store.OversightMeeting
	for _, m := range in.meetings {
		if m.Body == model.BodyStanding && held(m.State) {
			standing = append(standing, m)
		}
	}
	regular := map[*Month]bool{}
	for _, m := range in.meetings {
		x := at(m.OrgID, m.Month)
		if x == nil {
			continue // the month before the period: read for reviews only
		}
		day := model.DateOf(m.StartsAt.In(loc))
		ev := Evidence{Kind: "meeting", ID: m.ID, Title: m.Title, At: m.StartsAt}
		if m.State == model.StateCancelled || m.State == model.StatePostponed || m.Postponed {
			e := ev
			e.Flag = string(m.State)
			if m.Postponed && m.State != model.StatePostponed {
				e.Flag = "postponed_held"
			}
			x.count(Cancelled, keep, e)
		}
		if !held(m.State) {
			continue
		}
		bch := m.Body == model.BodyCommittee
		if bch && m.Kind == model.MeetingRegular {
			regular[x] = true
			if keep {
				x.Evidence = append(x.Evidence, Evidence{Code: CommitteeHeld, Kind: "meeting", ID: m.ID, Title: m.Title, OK: true, At: m.StartsAt})
			}
		}
		if m.Body == model.BodyStanding {
			x.count(StandingHeld, keep, ev)
		}
		// Papers: the last member's must have gone out the body's number
		// of days before the meeting's day.
		days := in.circulate[m.Body][m.OrgID]
		due := model.DateOf(day.Time(loc).AddDate(0, 0, -days))
		e := ev
		e.Due = datePtr(due)
		ok := false
		if m.PapersSent != nil {
			sent := model.DateOf(m.PapersSent.In(loc))
			ok = !sent.After(due)
			e.Done = &sent
		}
		x.tally(PapersOnTime, ok, keep, e)

		if bch && m.Kind == model.MeetingRegular {
			var review *store.OversightMeeting
			for _, s := range standing {
				if s.OrgID == m.OrgID && s.StartsAt.Before(m.StartsAt) && !s.StartsAt.Before(m.StartsAt.AddDate(0, 0, -ReviewWindow)) {
					review = s
				}
			}
			e := ev
			if review != nil {
				e = Evidence{Kind: "meeting", ID: review.ID, Title: review.Title, At: review.StartsAt, Detail: m.Title}
			}
			x.tally(StandingReview, review != nil, keep, e)

			covered := make([][]model.Area, len(m.Items))
			for i, it := range m.Items {
				covered[i] = it.Areas
			}
			missing := rules.MissingAreas(m.Kind, covered)
			v := x.Facts[AreasCovered]
			v.Num += len(model.Areas) - len(missing)
			v.Den += len(model.Areas)
			x.Facts[AreasCovered] = v
			if keep {
				e := ev
				e.Code, e.OK, e.Missing = AreasCovered, len(missing) == 0, missing
				x.Evidence = append(x.Evidence, e)
			}
		}

		// Roll call: the base is the body's incumbent members that day.
		base := in.incumbents(m.BodyID, day)
		e = ev
		e.Here, e.Base = m.Here, base
		if m.Recorded > 0 && base > 0 {
			v := x.Facts[Attendance]
			v.Num += min(m.Here, base)
			v.Den += base
			x.Facts[Attendance] = v
			if keep {
				a := e
				a.Code, a.OK = Attendance, m.Here >= base
				x.Evidence = append(x.Evidence, a)
			}
		}
		if m.Recorded == 0 {
			e.Flag = "no_roll"
		}
		x.tally(Quorum, m.Recorded > 0 && rules.QuorumThreshold(in.quorum[m.OrgID]).Met(m.Here, base), keep, e)

		for _, it := range m.Items {
			if it.Decision {
				e := ev
				e.Detail = it.Title
				x.tally(DecisionsVoted, it.Voted, keep, e)
			}
		}

		// Minutes: final and in the book within N days of the meeting's
		// day; not yet counted while that time runs.
		deadline := model.DateOf(day.Time(loc).AddDate(0, 0, in.minutesDays))
		e = Evidence{Kind: "meeting", ID: m.ID, Title: m.Title, At: m.StartsAt, Due: datePtr(deadline)}
		if m.MinutesFinal != nil {
			signed := model.DateOf(m.MinutesFinal.In(loc))
			e.Done = &signed
			x.tally(MinutesTimely, m.InBook && !signed.After(deadline), keep, e)
		} else if in.today.After(deadline) {
			x.tally(MinutesTimely, false, keep, e)
		}
		if m.InBook {
			broken, bad := in.broken[m.BodyID]
			e := Evidence{Kind: "meeting", ID: m.ID, Title: m.Title, At: m.StartsAt, Detail: fmt.Sprintf("%d", m.BookSeq)}
			x.tally(ChainVerified, !bad || m.BookSeq < broken, keep, e)
		}
	}
	// The month's regular BCH meeting: held, or missed once the month is
	// over (this month is not judged before it ends).
	for _, x := range in.all {
		if regular[x] {
			x.Facts[CommitteeHeld] = Value{1, 1}
		} else if x.Month < in.thisMonth {
			x.Facts[CommitteeHeld] = Value{0, 1}
			if keep {
				x.Evidence = append(x.Evidence, Evidence{Code: CommitteeHeld, Kind: "month", Title: x.Month})
			}
		}
	}
}

func (in *inputs) questionFacts(at func(int64, string) *Month, keep bool) {
	loc := vntext.Location()
	byID := map[int64]*store.OversightMeeting{}
	for _, m := range in.meetings {
		byID[m.ID] = m
	}
	for _, q := range in.questions {
		m := byID[q.MeetingID]
		if m == nil {
			continue
		}
		x := at(m.OrgID, m.Month)
		if x == nil {
			continue
		}
		ev := Evidence{Kind: "meeting", ID: m.ID, Title: q.Text, At: q.AskedAt}
		withdrawn := q.State == string(model.QuestionClosed) && q.AnsweredAt == nil
		if withdrawn {
			continue
		}
		x.count(QuestionsAsked, keep, ev)
		switch {
		case q.AnsweredAt != nil:
			ok := true
			e := ev
			e.Done = datePtr(model.DateOf(q.AnsweredAt.In(loc)))
			if q.AnswerDue != nil {
				ok = !e.Done.After(*q.AnswerDue)
				e.Due = q.AnswerDue
			}
			x.tally(QuestionsTimely, ok, keep, e)
			if q.Satisfied != nil {
				e := ev
				x.tally(QuestionsSatisfied, *q.Satisfied, keep, e)
			}
		case q.AnswerDue != nil && in.today.After(*q.AnswerDue):
			e := ev
			e.Due = q.AnswerDue
			x.tally(QuestionsTimely, false, keep, e)
		case q.AnswerDue == nil && held(m.State) && m.State != model.StateInSession:
			// Put at a meeting that ended without answering or promising.
			e := ev
			e.Flag = "unanswered"
			x.tally(QuestionsTimely, false, keep, e)
		}
	}
}

func (in *inputs) taskFacts(at func(int64, string) *Month, keep bool) {
	loc := vntext.Location()
	for _, t := range in.tasks {
		if t.Status == model.TaskCancelled {
			continue
		}
		x := at(t.CommuneID, t.DueOn.String()[:7])
		if x == nil {
			continue
		}
		ev := Evidence{Kind: "task", ID: t.ID, Title: t.Title, At: t.DueOn.Time(loc), Detail: t.OwnerName, Due: datePtr(t.DueOn)}
		var done *model.Date
		if t.DoneAt != nil {
			d := model.DateOf(t.DoneAt.In(loc))
			done = &d
			ev.Done = &d
		}
		x.count(TasksDue, keep, ev)
		onTime := done != nil && !done.After(t.DueOn)
		if !onTime && (done != nil || in.today.After(t.DueOn)) {
			x.tally(TasksOnTime, false, keep, ev)
			x.count(TasksLate, keep, ev)
		} else if onTime {
			x.tally(TasksOnTime, true, keep, ev)
		}
	}
}

func (in *inputs) targetFacts(communes []model.Org, from, to string, at func(int64, string) *Month, keep bool) {
	loc := vntext.Location()
	for _, t := range in.targets {
		values := in.values[t.ID]
		for mo := from; mo <= to; mo = AddMonths(mo, 1) {
			x := at(t.OrgID, mo)
			end := monthStart(AddMonths(mo, 1))
			if x == nil {
				continue
			}
			// The values of the periods that had ended by the month's end
			// (also when entered later: a commune catching up on its
			// reports is not judged on the day it typed them).
			var known []model.TargetValue
			for _, v := range values {
				_, sp, ok := targets.ParseValuePeriod(v.Period)
				if ok && sp.To <= monthIndexOf(mo) {
					known = append(known, v)
				}
			}
			lastDay := model.DateOf(end.AddDate(0, 0, -1).In(loc))
			status, _ := targets.StatusOf(t, known, lastDay)
			if status == targets.NoData {
				continue
			}
			e := Evidence{Kind: "target", ID: t.ID, Title: t.Name, Detail: string(status), At: lastDay.Time(loc)}
			x.tally(TargetsOnTrack, status == targets.Reached || status == targets.OnTrack, keep, e)
		}
	}
}

// AddMonths moves a 'YYYY-MM' month by n months.
func AddMonths(month string, n int) string {
	t, err := time.Parse("2006-01", month)
	if err != nil {
		return month
	}
	return t.AddDate(0, n, 0).Format("2006-01")
}

// monthStart is the first instant of a month in Vietnam.
func monthStart(month string) time.Time {
	t, _ := time.ParseInLocation("2006-01", month, vntext.Location())
	return t
}

// monthIndexOf counts months like targets' spans do (year×12 + month−1).
func monthIndexOf(month string) int {
	t, _ := time.Parse("2006-01", month)
	return t.Year()*12 + int(t.Month()) - 1
}

// sortEvidence orders a month's evidence by indicator, then by time.
func sortEvidence(es []Evidence) {
	rank := map[Code]int{}
	for i, in := range Indicators {
		rank[in.Code] = i
	}
	sort.SliceStable(es, func(i, j int) bool {
		if rank[es[i].Code] != rank[es[j].Code] {
			return rank[es[i].Code] < rank[es[j].Code]
		}
		return es[i].At.Before(es[j].At)
	})
}
