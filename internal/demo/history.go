package demo

// The demo's history (Options.History months): for every commune, the
// months before this one as its record would show them, so that the
// province's oversight has something to tell on first start. Months before
// the current term (2025–2030) belong to the previous one, 2020–2025, with
// its own BCH, BTV and UBKT of mostly the same people.
//
// Each commune keeps its meetings the way its profile says (profiles below;
// the numbered communes of a benchmark take them in turn):
//
//	excellent      Sa Đéc, Cai Lậy, Tân Hồng, Mỹ Hiệp: papers on time,
//	               every area, minutes signed in days, tasks done, targets met
//	good           Mỹ Tho, Gò Công, Đạo Thạnh, Thới Sơn, Sơn Qui, Thường Lạc,
//	               Mỹ Trà, Nhị Quý, Tháp Mười, Châu Thành: now and then a slip
//	late_papers    Cao Lãnh, Mỹ Ngãi, Tràm Chim: papers often sent the day
//	               before or the same day
//	missing_areas  Hồng Ngự, Bình Xuân, Cái Bè: programs often leave one to
//	               three content areas out
//	late_minutes   Trung An, Lấp Vò: minutes signed 8–25 days after
//	late_tasks     Mỹ Phong, An Bình, Chợ Gạo: tasks done late or left
//	               open, targets behind
//	irregular      Mỹ Phước Tây: meetings postponed, one cancelled, few BTV
//	               meetings
//	weakest        Đốc Binh Kiều: postponed and cancelled meetings (two
//	               months without one), thin attendance, late papers and
//	               minutes, votes not recorded, tasks late
//	improving      Thanh Hoà, Tân Phước 1: weak at first, good by now
//	declining      Long Thuận, Lai Vung: good at first, slipping lately
//
// Everything goes in through the store's methods, at the time it happened
// (store.At), and the minutes through the record's sealing, so that the
// minute books verify and the numbering has no gaps.

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	meetingpkg "nghisu/internal/meeting"
	"nghisu/internal/model"
	"nghisu/internal/rules"
	"nghisu/internal/store"
	"nghisu/internal/vntext"
)

// profile is how a commune keeps its meetings: shares of months (or of
// meetings, tasks) that go wrong in each way.
type profile struct {
	name        string
	lateCirc    float64    // papers sent 1 day before or the same day
	missAreas   float64    // a BCH program leaves 1–3 areas out
	lateMinutes float64    // minutes signed 8–25 days after the meeting
	attendance  [2]float64 // the attendance rate's range
	noBTV       float64    // a month without a BTV meeting
	btvLate     float64    // the BTV meets after, or long before, the BCH
	postpone    float64    // the BCH meeting postponed, held later in the month
	cancels     int        // months whose BCH meeting was cancelled
	noPoll      float64    // a decision item with no recorded vote
	questions   float64    // a BCH meeting with questions
	answerLate  float64    // a written answer late
	satisfied   float64    // an answer found satisfactory
	taskLate    float64    // a task done after its deadline
	taskOpen    float64    // a task still open after its deadline
	opinions    float64    // a month with a written opinion collection
	behind      [2]bool    // targets behind last year, this year
	trend       int        // 0 steady, +1 improving, -1 declining
}

var profiles = map[string]profile{
	"excellent": {name: "excellent", lateCirc: 0.02, attendance: [2]float64{0.93, 1}, btvLate: 0.02,
		questions: 0.5, answerLate: 0.03, satisfied: 0.95, taskLate: 0.04, opinions: 0.2},
	"good": {name: "good", lateCirc: 0.08, missAreas: 0.05, lateMinutes: 0.05, attendance: [2]float64{0.86, 0.98},
		noBTV: 0.03, btvLate: 0.08, postpone: 0.04, noPoll: 0.03, questions: 0.4, answerLate: 0.1, satisfied: 0.85,
		taskLate: 0.12, taskOpen: 0.04, opinions: 0.15},
	"late_papers": {name: "late_papers", lateCirc: 0.6, missAreas: 0.08, lateMinutes: 0.08, attendance: [2]float64{0.84, 0.96},
		noBTV: 0.05, btvLate: 0.15, postpone: 0.05, noPoll: 0.05, questions: 0.35, answerLate: 0.15, satisfied: 0.8,
		taskLate: 0.15, taskOpen: 0.05, opinions: 0.12},
	"missing_areas": {name: "missing_areas", lateCirc: 0.1, missAreas: 0.65, lateMinutes: 0.08, attendance: [2]float64{0.84, 0.96},
		noBTV: 0.08, btvLate: 0.15, postpone: 0.05, noPoll: 0.08, questions: 0.3, answerLate: 0.15, satisfied: 0.8,
		taskLate: 0.15, taskOpen: 0.06, opinions: 0.1},
	"late_minutes": {name: "late_minutes", lateCirc: 0.1, missAreas: 0.08, lateMinutes: 0.6, attendance: [2]float64{0.84, 0.96},
		noBTV: 0.05, btvLate: 0.12, postpone: 0.05, noPoll: 0.05, questions: 0.35, answerLate: 0.2, satisfied: 0.8,
		taskLate: 0.15, taskOpen: 0.05, opinions: 0.12},
	"late_tasks": {name: "late_tasks", lateCirc: 0.12, missAreas: 0.1, lateMinutes: 0.1, attendance: [2]float64{0.82, 0.95},
		noBTV: 0.05, btvLate: 0.15, postpone: 0.06, noPoll: 0.06, questions: 0.35, answerLate: 0.45, satisfied: 0.65,
		taskLate: 0.4, taskOpen: 0.25, opinions: 0.1, behind: [2]bool{true, true}},
	"irregular": {name: "irregular", lateCirc: 0.3, missAreas: 0.25, lateMinutes: 0.25, attendance: [2]float64{0.76, 0.92},
		noBTV: 0.3, btvLate: 0.3, postpone: 0.25, cancels: 1, noPoll: 0.15, questions: 0.25, answerLate: 0.4, satisfied: 0.65,
		taskLate: 0.3, taskOpen: 0.15, opinions: 0.05, behind: [2]bool{true, false}},
	"weakest": {name: "weakest", lateCirc: 0.45, missAreas: 0.4, lateMinutes: 0.4, attendance: [2]float64{0.64, 0.88},
		noBTV: 0.35, btvLate: 0.35, postpone: 0.3, cancels: 2, noPoll: 0.3, questions: 0.2, answerLate: 0.6, satisfied: 0.5,
		taskLate: 0.35, taskOpen: 0.3, opinions: 0.05, behind: [2]bool{true, true}},
	// improving and declining: a middling commune whose slips grow
	// rarer (or more frequent) month by month.
	"improving": {name: "improving", lateCirc: 0.3, missAreas: 0.3, lateMinutes: 0.3, attendance: [2]float64{0.8, 0.96},
		noBTV: 0.15, btvLate: 0.2, postpone: 0.1, noPoll: 0.15, questions: 0.35, answerLate: 0.3, satisfied: 0.75,
		taskLate: 0.3, taskOpen: 0.12, opinions: 0.12, behind: [2]bool{true, false}, trend: 1},
	"declining": {name: "declining", lateCirc: 0.3, missAreas: 0.3, lateMinutes: 0.3, attendance: [2]float64{0.8, 0.96},
		noBTV: 0.15, btvLate: 0.2, postpone: 0.1, noPoll: 0.15, questions: 0.35, answerLate: 0.3, satisfied: 0.75,
		taskLate: 0.3, taskOpen: 0.12, opinions: 0.12, behind: [2]bool{false, true}, trend: -1},
}

// communeProfiles gives each real commune its profile (see the top of the
// file); numbered communes take profileCycle in turn.
var communeProfiles = map[string]string{
	"Mỹ Tho": "good", "Cao Lãnh": "late_papers", "Sa Đéc": "excellent", "Hồng Ngự": "missing_areas",
	"Gò Công": "good", "Cai Lậy": "excellent", "Đạo Thạnh": "good", "Mỹ Phong": "late_tasks",
	"Thới Sơn": "good", "Trung An": "late_minutes", "Long Thuận": "declining", "Bình Xuân": "missing_areas",
	"Sơn Qui": "good", "An Bình": "late_tasks", "Thường Lạc": "good", "Mỹ Ngãi": "late_papers",
	"Mỹ Trà": "good", "Mỹ Phước Tây": "irregular", "Thanh Hoà": "improving", "Nhị Quý": "good",
	"Tân Hồng": "excellent", "Tràm Chim": "late_papers", "Tháp Mười": "good", "Lấp Vò": "late_minutes",
	"Lai Vung": "declining", "Cái Bè": "missing_areas", "Chợ Gạo": "late_tasks", "Châu Thành": "good",
	"Tân Phước 1": "improving", "Đốc Binh Kiều": "weakest", "Mỹ Hiệp": "excellent",
}

var profileCycle = []string{"good", "excellent", "late_papers", "good", "missing_areas", "late_minutes",
	"good", "late_tasks", "improving", "declining", "irregular", "good"}

// Profiles names the profile of each real demo commune (its place name, as
// in "Mỹ Tho"): excellent, good, late_papers, missing_areas, late_minutes,
// late_tasks, irregular, weakest, improving or declining.
func Profiles() map[string]string {
	out := make(map[string]string, len(communeProfiles))
	for k, v := range communeProfiles {
		out[k] = v
	}
	return out
}

// Best and Weakest name a commune of the best profile and the one of the
// weakest, for tests and the README.
const (
	Best    = "Sa Đéc"
	Weakest = "Đốc Binh Kiều"
)

// ProfileOf names the profile of the commune that Seed makes i-th (from
// 0) with place name name: the real communes' as Profiles says, the
// numbered ones' ("Demo 32", …) in turn.
func ProfileOf(i int, name string) string { return profileOf(i, name).name }

func profileOf(i int, name string) profile {
	if p, ok := communeProfiles[name]; ok {
		return profiles[p]
	}
	return profiles[profileCycle[i%len(profileCycle)]]
}

// termBodies is one term of a commune with its bodies and their members
// (every period, so that who was incumbent on a day can be told).
type termBodies struct {
	term     *model.Term
	bodies   map[model.BodyKind]*model.Body
	members  map[model.BodyKind][]model.Membership
	startsAt time.Time // the first day, 00:00 in Vietnam
}

// incumbents lists the body's incumbent members on day.
func (t *termBodies) incumbents(kind model.BodyKind, day model.Date) []int64 {
	var out []int64
	for _, m := range t.members[kind] {
		if m.Status == model.StatusIncumbent && !day.Before(m.StartedOn) && (m.EndedOn.IsZero() || day.Before(m.EndedOn)) {
			out = append(out, m.PersonID)
		}
	}
	return out
}

// sealJob is minutes waiting to be signed: all of a commune's are sealed
// in the order they were signed, so that each book reads in time order.
type sealJob struct {
	m      *model.Meeting
	text   string
	signed time.Time
}

// hist generates one commune's history.
type hist struct {
	st     *store.Store
	g      *gen // the history's own random stream and new people
	rng    *rand.Rand
	p      profile
	org    *model.Org
	people *seeded
	led    map[model.OrgKind]*model.Org
	now    time.Time // in Vietnam
	months int
	terms  []*termBodies // the previous term, then the current
	seals  []sealJob
	// lastBCH is the latest regular meeting held, whose conclusions set
	// the next month's tasks.
	lastBCH     *model.Meeting
	lastBCHItem int64
	cancelled   map[int]bool
}

// seedHistory fills months months of history before this one (and this
// month so far) for one commune. story: Mỹ Tho, whose current month and
// targets the story holds.
func seedHistory(ctx context.Context, st *store.Store, seed uint64, i int, people *seeded, months int, story bool, seal SealAtFunc) (int, error) {
	rng := rand.New(rand.NewPCG(seed^0x9e3779b97f4a7c15, uint64(i)+1<<40))
	g := &gen{st: st, rng: rng, used: map[string]bool{}}
	known, err := st.People(ctx, store.PeopleQuery{OrgID: people.org.ID, Limit: 1000})
	if err != nil {
		return 0, err
	}
	for _, p := range known {
		g.used[p.FullName] = true
	}
	h := &hist{st: st, g: g, rng: rng, p: profileOf(i, people.org.Place), org: people.org, people: people,
		now: st.Now().In(vntext.Location()), months: months, led: map[model.OrgKind]*model.Org{}, cancelled: map[int]bool{}}
	kids, err := st.Children(ctx, h.org.ID)
	if err != nil {
		return 0, err
	}
	for j := range kids {
		h.led[kids[j].Kind] = &kids[j]
	}
	if err := h.loadTerms(ctx); err != nil {
		return 0, err
	}
	for j := 0; j < h.p.cancels; j++ {
		for {
			k := 2 + rng.IntN(max(1, months-5))
			if !h.cancelled[k] && !h.cancelled[k-1] && !h.cancelled[k+1] && !h.congress(h.month(k)) {
				h.cancelled[k] = true
				break
			}
		}
	}
	last := months
	if story {
		last = months - 1 // this month is the story's
	}
	for k := 0; k <= last; k++ {
		if err := h.monthOf(ctx, k); err != nil {
			return 0, fmt.Errorf("%s: %w", h.month(k).Format("2006-01"), err)
		}
	}
	if !story {
		if err := h.targets(ctx); err != nil {
			return 0, err
		}
	}
	// The minutes, in the order they were signed.
	slices.SortStableFunc(h.seals, func(a, b sealJob) int { return a.signed.Compare(b.signed) })
	if seal != nil {
		for _, j := range h.seals {
			if err := seal(ctx, st, j.m, j.text, j.signed); err != nil {
				return 0, fmt.Errorf("minutes of %s: %w", j.m.Title, err)
			}
		}
	}
	return g.people, nil
}

// SealAtFunc enters a past meeting's minutes as signed at signed
// (record.Service.SealAt).
type SealAtFunc func(ctx context.Context, st *store.Store, m *model.Meeting, text string, signed time.Time) error

func (h *hist) month(k int) time.Time {
	return time.Date(h.now.Year(), h.now.Month()-time.Month(h.months-k), 1, 0, 0, 0, 0, vntext.Location())
}

// congress reports whether the current term began in month mo.
func (h *hist) congress(mo time.Time) bool {
	s := h.terms[1].startsAt
	return s.Year() == mo.Year() && s.Month() == mo.Month()
}

// termAt is the term a day belongs to.
func (h *hist) termAt(t time.Time) *termBodies {
	if t.Before(h.terms[1].startsAt) {
		return h.terms[0]
	}
	return h.terms[1]
}

// factor scales the chance of a slip by the trend: an improving commune
// slips 2.2 times as often as its profile says at first, a tenth as often
// at the end; a declining one the other way round.
func (h *hist) factor(k int) float64 {
	t := float64(k) / float64(max(1, h.months-1))
	switch h.p.trend {
	case 1:
		return 2.2 - 2.1*t
	case -1:
		return 0.1 + 2.1*t
	}
	return 1
}

func (h *hist) chance(p float64, k int) bool { return h.rng.Float64() < min(0.95, p*h.factor(k)) }

// loadTerms reads the current term and creates the previous one.
func (h *hist) loadTerms(ctx context.Context) error {
	st := h.st
	committee, _, err := currentBodies(ctx, st, h.org.ID)
	if err != nil {
		return err
	}
	cur := &termBodies{term: committee.Term, bodies: map[model.BodyKind]*model.Body{}, members: map[model.BodyKind][]model.Membership{}}
	cur.startsAt = cur.term.StartsOn.Time(vntext.Location())
	bodies, err := st.Bodies(ctx, h.org.ID)
	if err != nil {
		return err
	}
	for j := range bodies {
		if b := &bodies[j]; b.TermID == cur.term.ID {
			b.Org = h.org
			cur.bodies[b.Kind] = b
			if cur.members[b.Kind], err = st.BodyMembers(ctx, b.ID, true); err != nil {
				return err
			}
		}
	}
	// The previous term: its congress met in August 2020; it ended the day
	// before the current one began.
	start := model.Date{Year: 2020, Month: time.August, Day: 5 + h.rng.IntN(20)}
	end := model.DateOf(cur.startsAt.AddDate(0, 0, -1))
	prev := &termBodies{term: &model.Term{OrgID: h.org.ID, Name: "2020–2025", StartsOn: start, EndsOn: end},
		bodies: map[model.BodyKind]*model.Body{}, members: map[model.BodyKind][]model.Membership{}}
	prev.startsAt = start.Time(vntext.Location())
	if err := st.CreateTerm(ctx, prev.term); err != nil {
		return err
	}
	for _, k := range model.BodyKinds {
		b := &model.Body{OrgID: h.org.ID, TermID: prev.term.ID, Kind: k, Term: prev.term, Org: h.org}
		if err := st.CreateBody(ctx, b); err != nil {
			return err
		}
		prev.bodies[k] = b
	}
	// Mostly the same people: most of today's BCH sat on the last one too
	// (the leaders always), with a few who have since retired.
	keep := map[int64]bool{h.people.secretary.ID: true, h.people.standingDeputy.ID: true, h.people.standingMember.ID: true,
		h.people.member.ID: true, h.people.minutesTaker.ID: true}
	seen := map[int64]bool{}
	var bch []int64
	for _, m := range cur.members[model.BodyCommittee] {
		if seen[m.PersonID] {
			continue
		}
		seen[m.PersonID] = true
		if keep[m.PersonID] || h.rng.IntN(5) > 0 {
			bch = append(bch, m.PersonID)
		}
	}
	retired := 2 + h.rng.IntN(4)
	for j := 0; j < retired; j++ {
		p, err := h.g.randomPerson(ctx, h.org.ID, h.rng.IntN(4) == 0, 1958+h.rng.IntN(10))
		if err != nil {
			return err
		}
		bch = append(bch, p.ID)
	}
	btvSize := min(len(bch)/3, len(cur.members[model.BodyStanding]))
	btv := []int64{h.people.secretary.ID, h.people.standingDeputy.ID}
	inBCH := map[int64]bool{}
	for _, id := range bch {
		inBCH[id] = true
	}
	for _, m := range cur.members[model.BodyStanding] {
		if len(btv) < btvSize && inBCH[m.PersonID] && !slices.Contains(btv, m.PersonID) {
			btv = append(btv, m.PersonID)
		}
	}
	var ubkt []int64
	for _, m := range cur.members[model.BodyInspection] {
		if !slices.Contains(ubkt, m.PersonID) {
			ubkt = append(ubkt, m.PersonID)
		}
	}
	for kind, ids := range map[model.BodyKind][]int64{model.BodyCommittee: bch, model.BodyStanding: btv, model.BodyInspection: ubkt} {
		for _, id := range ids {
			m := model.Membership{BodyID: prev.bodies[kind].ID, PersonID: id, Status: model.StatusIncumbent, StartedOn: start, EndedOn: end}
			if err := st.AddMembership(ctx, &m); err != nil {
				return err
			}
			prev.members[kind] = append(prev.members[kind], m)
		}
	}
	// The Bí thư led the last term too; the post ended with it.
	if err := st.AddPost(ctx, &model.Post{PersonID: h.people.secretary.ID, OrgID: h.org.ID, BodyID: prev.bodies[model.BodyCommittee].ID,
		Kind: model.PostSecretary, Areas: areaSecretary, StartedOn: start, EndedOn: end}); err != nil {
		return err
	}
	h.terms = []*termBodies{prev, cur}
	return nil
}

// monthOf generates month k of the history: the BTV's meetings, the
// regular BCH meeting, the tasks due, now and then written opinions.
func (h *hist) monthOf(ctx context.Context, k int) error {
	mo := h.month(k)
	loc := vntext.Location()
	day := func(d, hour int) time.Time { return time.Date(mo.Year(), mo.Month(), d, hour, 0, 0, 0, loc) }
	planned := workday(day(4+h.rng.IntN(7), []int{8, 8, 14}[h.rng.IntN(3)]))
	postponed := time.Time{}
	if h.congress(mo) {
		// The last meeting of the old term prepares the congress.
		planned = workday(day(4, 8))
	} else if h.chance(h.p.postpone, k) {
		postponed = planned
		planned = workday(planned.AddDate(0, 0, 7+h.rng.IntN(8)))
		if planned.Month() != mo.Month() {
			planned = workday(day(24, 8))
		}
	}
	// The BTV meets first: one review of the BCH's papers, 5–15 days
	// before (or not at all, or too early or late, by the profile), and
	// a meeting or two more.
	n := 1
	switch r := h.rng.Float64(); {
	case h.chance(h.p.noBTV, k):
		n = 0
	case r < 0.2:
		n = 2
	case r < 0.25:
		n = 3
	}
	var btvDays []time.Time
	for j := 0; j < n; j++ {
		at := workday(planned.AddDate(0, 0, -(5 + h.rng.IntN(11))))
		if j == 0 && h.chance(h.p.btvLate, k) {
			at = workday(planned.AddDate(0, 0, 1+h.rng.IntN(5)))
		} else if j > 0 {
			at = workday(day(12+h.rng.IntN(14), 14))
		}
		at = time.Date(at.Year(), at.Month(), at.Day(), 14, 0, 0, 0, loc)
		if slices.ContainsFunc(btvDays, func(t time.Time) bool { return t.YearDay() == at.YearDay() }) || at.YearDay() == planned.YearDay() {
			continue
		}
		btvDays = append(btvDays, at)
	}
	slices.SortFunc(btvDays, func(a, b time.Time) int { return a.Compare(b) })
	for _, at := range btvDays {
		if err := h.held(ctx, k, model.BodyStanding, at, mo, time.Time{}); err != nil {
			return err
		}
	}
	if h.cancelled[k] {
		if err := h.cancel(ctx, planned, mo); err != nil {
			return err
		}
	} else if err := h.held(ctx, k, model.BodyCommittee, planned, mo, postponed); err != nil {
		return err
	}
	if err := h.tasks(ctx, k, mo); err != nil {
		return err
	}
	if h.rng.Float64() < h.p.opinions {
		return h.opinion(ctx, day(15+h.rng.IntN(8), 9))
	}
	return nil
}

var (
	cancelReasons = []string{
		"Trùng lịch làm việc của Đoàn kiểm tra Tỉnh ủy; nội dung chuyển sang hội nghị tháng sau.",
		"Tập trung ứng phó mưa lũ, sạt lở bờ sông; nội dung chuyển sang hội nghị tháng sau.",
	}
	postponeReasons = []string{
		"Dự thảo báo cáo chưa hoàn chỉnh, cần bổ sung số liệu.",
		"Đồng chí Bí thư dự họp tại Tỉnh ủy.",
		"Trùng lịch tiếp công dân định kỳ.",
		"Chờ ý kiến chỉ đạo của cấp trên về nội dung nhân sự.",
	}
	excuses = []string{"Đi học tập trung", "Ốm, có giấy của cơ sở y tế", "Đi công tác theo phân công", "Việc gia đình, có báo cáo",
		"Dự họp tại cấp trên"}
)

// cancel records a regular meeting called off with its reason; none is
// held that month.
func (h *hist) cancel(ctx context.Context, at time.Time, mo time.Time) error {
	tb := h.termAt(at)
	b := tb.bodies[model.BodyCommittee]
	created := at.AddDate(0, 0, -20)
	reason := cancelReasons[h.rng.IntN(len(cancelReasons))]
	m := h.newMeeting(b, model.MeetingRegular, at, mo)
	m.State, m.StateReason = model.StateCancelled, reason
	ts := h.path(b, created, []model.MeetingState{model.StateDraft, model.StatePreparing, model.StateReview}, at.AddDate(0, 0, -4))
	ts = append(ts, model.Transition{From: model.StateReview, To: model.StateCancelled, Reason: reason, Username: "demo", At: at.AddDate(0, 0, -3).UTC()})
	return h.st.AddPastMeeting(ctx, m, ts)
}

func (h *hist) newMeeting(b *model.Body, kind model.MeetingKind, at, mo time.Time) *model.Meeting {
	title := "Hội nghị Ban Chấp hành " + b.Org.Name + " " + vntext.MonthYear(mo)
	chair, secretary := h.people.secretary.ID, h.people.minutesTaker.ID
	if b.Kind == model.BodyStanding {
		title = "Hội nghị Ban Thường vụ " + b.Org.Name + " " + vntext.Date(at)
		secretary = h.people.office.ID
	}
	return &model.Meeting{BodyID: b.ID, Body: b, Kind: kind, Title: title, Place: "Hội trường " + b.Org.Name,
		StartsAt: at.UTC(), Month: mo.Format("2006-01"), ChairID: chair, SecretaryID: secretary, Guests: []string{}}
}

// path spreads states from from to until evenly, as transitions.
func (h *hist) path(b *model.Body, from time.Time, states []model.MeetingState, until time.Time) []model.Transition {
	ts := []model.Transition{{To: states[0], Username: "demo", At: from.UTC()}}
	step := until.Sub(from) / time.Duration(len(states))
	for i := 1; i < len(states); i++ {
		ts = append(ts, model.Transition{From: states[i-1], To: states[i], Username: "demo", At: from.Add(step * time.Duration(i)).UTC()})
	}
	return ts
}

// held generates a meeting that took place at at (a regular BCH meeting,
// or a BTV meeting), planned first for postponed when that is set: its
// program, papers and their circulation, the roll call, the votes, the
// questions, and the minutes to be sealed.
func (h *hist) held(ctx context.Context, k int, kind model.BodyKind, at, mo, postponed time.Time) error {
	p := h.p
	bch := kind == model.BodyCommittee
	// Minutes signed in 1–5 days, or 8–25 when late.
	lag := time.Duration(1+h.rng.IntN(5))*24*time.Hour + time.Duration(h.rng.IntN(6))*time.Hour
	if h.chance(p.lateMinutes, k) {
		lag = time.Duration(8+h.rng.IntN(18))*24*time.Hour + time.Duration(h.rng.IntN(6))*time.Hour
	}
	signed := at.Add(lag)
	if at.Add(6 * time.Hour).After(h.now) {
		return nil // not held yet
	}
	if signed.After(h.now) {
		signed = h.now.Add(-time.Minute)
	}
	// Papers: at least the setting's days before (3 for the BCH, 1 for
	// the BTV), or late, the day before or the same morning.
	days := rules.CirculateCommittee.Default
	if !bch {
		days = rules.CirculateStanding.Default
	}
	sent := at.AddDate(0, 0, -(days + h.rng.IntN(4))).Add(-time.Duration(h.rng.IntN(5)) * time.Hour)
	if h.chance(p.lateCirc, k) {
		if bch && h.rng.IntN(2) == 0 {
			sent = at.AddDate(0, 0, -1).Add(2 * time.Hour)
		} else {
			sent = at.Add(-3 * time.Hour)
		}
	}
	tb := h.termAt(at)
	b := tb.bodies[kind]
	mkind := model.MeetingRegular
	if !bch {
		mkind = model.MeetingStanding
	}
	m := h.newMeeting(b, mkind, at, mo)
	m.State = model.StateClosed
	created := at.AddDate(0, 0, -(18 + h.rng.IntN(10)))
	if !bch {
		created = at.AddDate(0, 0, -(6 + h.rng.IntN(5)))
	}
	prep := []model.MeetingState{model.StateDraft, model.StatePreparing, model.StateReview, model.StateApproved}
	if !bch {
		prep = []model.MeetingState{model.StateDraft, model.StatePreparing, model.StateApproved}
	}
	var ts []model.Transition
	if !postponed.IsZero() {
		// Planned for postponed, put off two days before with a reason,
		// taken up again and held at at.
		created = postponed.AddDate(0, 0, -(18 + h.rng.IntN(6)))
		off := postponed.AddDate(0, 0, -2)
		ts = h.path(b, created, prep, off.AddDate(0, 0, -1))
		ts = append(ts, model.Transition{From: model.StateApproved, To: model.StatePostponed, Username: "demo", At: off.UTC(),
			Reason: postponeReasons[h.rng.IntN(len(postponeReasons))]})
		again := h.path(b, off.Add(24*time.Hour), append([]model.MeetingState{model.StatePostponed}, prep[1:]...), sent.Add(-time.Hour))
		ts = append(ts, again[1:]...)
	} else {
		ts = h.path(b, created, prep, sent.Add(-time.Hour))
	}
	closed := signed.Add(time.Duration(1+h.rng.IntN(40)) * time.Hour)
	if closed.After(h.now) {
		closed = signed
	}
	for _, x := range []struct {
		to model.MeetingState
		at time.Time
	}{{model.StateConvened, sent}, {model.StateInSession, at}, {model.StateAdjourned, at.Add(3*time.Hour + 30*time.Minute)},
		{model.StateSigned, signed}, {model.StateClosed, closed}} {
		ts = append(ts, model.Transition{From: ts[len(ts)-1].To, To: x.to, Username: "demo", At: x.at.UTC()})
	}
	if err := h.st.AddPastMeeting(ctx, m, ts); err != nil {
		return err
	}
	st := h.st.At(created.Add(2 * time.Hour))

	// The program.
	var items []model.AgendaItem
	if bch {
		items = meetingpkg.TemplateItems(m.ID, m.ChairID)
		if h.chance(p.missAreas, k) {
			items = dropAreas(items, h.rng)
		}
		if h.rng.IntN(3) == 0 {
			extra := model.AgendaItem{MeetingID: m.ID, Kind: model.ItemDecision, Minutes: 20, Areas: []model.Area{model.AreaBuilding},
				Title: "Cho ý kiến, biểu quyết " + vntext.LowerFirst(btvMatters[h.rng.IntN(len(btvMatters))])}
			items = slices.Insert(items, len(items)-1, extra)
		}
	} else {
		items = []model.AgendaItem{
			{MeetingID: m.ID, Kind: model.ItemReport, Minutes: 30, PresenterID: h.people.standingDeputy.ID,
				Title: "Đánh giá tình hình tháng; chuẩn bị nội dung hội nghị Ban Chấp hành", Areas: []model.Area{model.AreaGuidelines, model.AreaEconomy}},
			{MeetingID: m.ID, Kind: model.ItemDecision, Minutes: 30, PresenterID: h.people.secretary.ID,
				Title: btvMatters[h.rng.IntN(len(btvMatters))], Areas: []model.Area{model.AreaBuilding}},
		}
		if h.rng.IntN(2) == 0 {
			items = append(items, model.AgendaItem{MeetingID: m.ID, Kind: model.ItemReport, Minutes: 20,
				Title: "Nắm tình hình an ninh, trật tự trên địa bàn", Areas: []model.Area{model.AreaDefence}})
		}
	}
	if err := st.AddItems(ctx, items); err != nil {
		return err
	}
	var decisions []*model.AgendaItem
	for i := range items {
		if items[i].Kind == model.ItemDecision {
			decisions = append(decisions, &items[i])
		}
	}
	if bch {
		h.lastBCH = m
		h.lastBCHItem = items[min(2, len(items)-1)].ID
	}

	// The papers, sent to every incumbent member.
	doc := func(itemID int64, dk model.DocKind, title, text string) error {
		aud := model.AudienceCommittee
		if !bch {
			aud = model.AudienceStanding
		}
		d := &model.Document{MeetingID: m.ID, ItemID: itemID, Kind: dk, Title: title, Format: model.FormatText, Level: model.LevelNormal,
			Audience: aud, Released: bch, Status: model.DocApproved}
		return h.st.At(sent.Add(-26*time.Hour)).AddPastDocument(ctx, d, &model.DocVersion{Body: text, AuthorName: h.people.secretary.FullName})
	}
	if bch {
		if err := doc(0, model.DocReport, "Báo cáo kết quả thực hiện nhiệm vụ "+vntext.MonthYear(mo.AddDate(0, -1, 0)),
			"Báo cáo tóm tắt kết quả lãnh đạo thực hiện nhiệm vụ chính trị trong tháng."); err != nil {
			return err
		}
	}
	if len(decisions) > 0 {
		if err := doc(decisions[0].ID, model.DocResolution, "Dự thảo Nghị quyết "+vntext.LowerFirst(m.Title), pastResolution); err != nil {
			return err
		}
	}
	day := model.DateOf(at)
	members := tb.incumbents(kind, day)
	circ := make([]model.Circulation, 0, len(members))
	for _, id := range members {
		role := "member"
		switch id {
		case m.ChairID:
			role = "chair"
		case m.SecretaryID:
			role = "secretary"
		}
		c := model.Circulation{MeetingID: m.ID, PersonID: id, Role: role, SentAt: sent}
		if h.rng.IntN(5) > 0 {
			opened := sent.Add(time.Duration(1+h.rng.IntN(30)) * time.Hour)
			if opened.After(at) {
				opened = at.Add(-30 * time.Minute)
			}
			c.OpenedAt = &opened
		}
		circ = append(circ, c)
	}
	if !slices.Contains(members, m.SecretaryID) {
		circ = append(circ, model.Circulation{MeetingID: m.ID, PersonID: m.SecretaryID, Role: "secretary", SentAt: sent})
	}
	if err := h.st.AddCirculations(ctx, circ); err != nil {
		return err
	}

	// The roll call.
	rate := p.attendance[0] + (p.attendance[1]-p.attendance[0])*h.rng.Float64()
	if f := h.factor(k); f != 1 {
		rate = min(p.attendance[1], max(p.attendance[0], p.attendance[1]-(p.attendance[1]-rate)*f))
	}
	if !bch {
		rate = min(1, rate+0.05)
	}
	roll := make([]model.Attendance, 0, len(members))
	present, absent, excused := 0, 0, 0
	var voters []int64
	for _, id := range members {
		a := model.Attendance{MeetingID: m.ID, PersonID: id, Status: model.AttendPresent, RecordedBy: "demo", UpdatedAt: at.Add(10 * time.Minute)}
		switch {
		case id == m.ChairID || id == m.SecretaryID || h.rng.Float64() < rate:
			switch r := h.rng.IntN(20); {
			case r == 0:
				a.Status = model.AttendLate
				arrived := at.Add(time.Duration(15+h.rng.IntN(45)) * time.Minute)
				a.ArrivedAt, a.UpdatedAt = &arrived, arrived
			case r == 1:
				a.Status = model.AttendLeftEarly
				left := at.Add(time.Duration(90+h.rng.IntN(60)) * time.Minute)
				a.LeftAt, a.UpdatedAt = &left, left
			}
			present++
			voters = append(voters, id)
		case h.rng.IntN(5) == 0:
			a.Status = model.AttendUnexcused
			absent++
		default:
			a.Status, a.Reason = model.AttendExcused, excuses[h.rng.IntN(len(excuses))]
			absent++
			excused++
		}
		roll = append(roll, a)
	}
	// Only the weakest commune ever meets without a quorum (two thirds of
	// the incumbents): elsewhere enough of the excused came after all.
	for i := range roll {
		if p.name == "weakest" || 3*present >= 2*len(members) {
			break
		}
		if roll[i].Status == model.AttendExcused || roll[i].Status == model.AttendUnexcused {
			if roll[i].Status == model.AttendExcused {
				excused--
			}
			roll[i].Status, roll[i].Reason = model.AttendPresent, ""
			present++
			absent--
			voters = append(voters, roll[i].PersonID)
		}
	}
	if err := h.st.AddAttendances(ctx, roll); err != nil {
		return err
	}

	// Votes, item by item (some not recorded in a weak commune).
	var votes []string
	for i, it := range decisions {
		if i > 0 && h.chance(p.noPoll, k) || i == 0 && h.chance(p.noPoll/2, k) {
			continue
		}
		opened := at.Add(time.Duration(150+20*i) * time.Minute)
		against, abstain := h.rng.IntN(2), h.rng.IntN(3)
		against, abstain = min(against, present), min(abstain, max(0, present-against))
		for_ := present - against - abstain
		passed := rules.RuleFor(model.DecideOrdinary, true).Passed(for_, len(members))
		poll := &model.Poll{MeetingID: m.ID, ItemID: it.ID, Title: it.Title, DecisionKind: model.DecideOrdinary,
			Method: model.MethodOpen, Base: len(members), Present: present, OpenedBy: "demo"}
		if err := h.st.At(opened).CreatePoll(ctx, poll); err != nil {
			return err
		}
		poll.For, poll.Against, poll.Abstain, poll.Passed = for_, against, abstain, &passed
		if err := h.st.At(opened.Add(5*time.Minute)).ClosePoll(ctx, poll); err != nil {
			return err
		}
		verdict := "thông qua"
		if !passed {
			verdict = "không thông qua"
		}
		votes = append(votes, fmt.Sprintf("%s: tán thành %d/%d, không tán thành %d, không biểu quyết %d; %s.",
			it.Title, for_, len(members), against, abstain, verdict))
	}

	var asked []string
	if bch && h.rng.Float64() < p.questions {
		var err error
		if asked, err = h.questions(ctx, k, m, at, voters); err != nil {
			return err
		}
	}
	h.seals = append(h.seals, sealJob{m: m, signed: signed,
		text: h.minutesText(m, at, items, len(members), present, excused, absent-excused, votes, asked)})
	return nil
}

// pastResolution is the short draft resolution of a past meeting.
const pastResolution = `I. Đánh giá kết quả thực hiện nhiệm vụ tháng: cơ bản hoàn thành các chỉ tiêu đề ra.

II. Nhiệm vụ tháng tới: tập trung thu ngân sách, cải cách hành chính, giữ vững an ninh, trật tự.

III. Tổ chức thực hiện: giao các cơ quan, đơn vị xây dựng kế hoạch, báo cáo kết quả tại kỳ họp sau.`

var btvMatters = []string{
	"Kết nạp đảng viên mới đối với quần chúng ưu tú",
	"Chuyển đảng chính thức cho đảng viên dự bị",
	"Phân công nhiệm vụ Ủy viên Ban Chấp hành phụ trách chi bộ",
	"Kế hoạch kiểm tra, giám sát quý",
	"Chủ trương đầu tư sửa chữa trụ sở khu phố",
	"Kế hoạch tổ chức Đại hội chi bộ nhiệm kỳ mới",
	"Quy chế làm việc của Ban Chấp hành (sửa đổi)",
}

// dropAreas leaves one to three areas out of a monthly program: items
// left with none are dropped.
func dropAreas(items []model.AgendaItem, rng *rand.Rand) []model.AgendaItem {
	pool := []model.Area{model.AreaFront, model.AreaInspection, model.AreaEmulation, model.AreaDefence, model.AreaBuilding, model.AreaGuidelines}
	rng.Shuffle(len(pool), func(i, j int) { pool[i], pool[j] = pool[j], pool[i] })
	drop := pool[:1+rng.IntN(3)]
	var out []model.AgendaItem
	for _, it := range items {
		had := len(it.Areas) > 0
		it.Areas = slices.DeleteFunc(it.Areas, func(a model.Area) bool { return slices.Contains(drop, a) })
		if had && len(it.Areas) == 0 {
			continue
		}
		out = append(out, it)
	}
	return out
}

var questionTexts = []struct{ text, answer string }{
	{"Tiến độ giải phóng mặt bằng các công trình trọng điểm còn chậm; đề nghị cho biết nguyên nhân và giải pháp.",
		"Nguyên nhân chủ yếu do một số hộ chưa thống nhất giá bồi thường; Ủy ban nhân dân đã thành lập tổ vận động, phấn đấu hoàn thành trong quý."},
	{"Việc giải quyết hồ sơ thủ tục hành chính trễ hạn trong tháng có bao nhiêu trường hợp, trách nhiệm thuộc về ai?",
		"Có 7 hồ sơ trễ hạn do liên thông với cấp tỉnh; đã có văn bản xin lỗi người dân và chấn chỉnh bộ phận một cửa."},
	{"Tình trạng lấn chiếm hành lang an toàn giao thông trên tuyến đường chính chưa được xử lý dứt điểm.",
		"Công an phối hợp Ủy ban nhân dân ra quân xử lý, đã lập biên bản 12 trường hợp; duy trì kiểm tra định kỳ."},
	{"Kết quả thu ngân sách đến nay đạt bao nhiêu phần trăm dự toán, có khả năng hoàn thành kế hoạch năm không?",
		"Đến nay đạt 78% dự toán; dự kiến hoàn thành kế hoạch năm nhờ khoản thu từ đấu giá quyền sử dụng đất."},
	{"Công tác phát triển đảng viên ở các chi bộ khu dân cư còn thấp, đề nghị Ban Thường vụ có giải pháp.",
		"Ban Thường vụ giao Ban Xây dựng Đảng rà soát nguồn, phân công đảng viên giúp đỡ quần chúng ưu tú."},
}

// questions records one or two questions put at a regular meeting,
// answered there or in writing (due in 30 days), and the list for the
// minutes.
func (h *hist) questions(ctx context.Context, k int, m *model.Meeting, at time.Time, present []int64) ([]string, error) {
	var out []string
	addressees := []model.Addressee{model.AskCommittee, model.AskExecutive, model.AskStanding, model.AskPerson}
	n := 1 + h.rng.IntN(2)
	for j := 0; j < n && len(present) > 2; j++ {
		qt := questionTexts[h.rng.IntN(len(questionTexts))]
		asker := present[h.rng.IntN(len(present))]
		if asker == m.ChairID {
			continue
		}
		q := &model.Question{OrgID: h.org.ID, MeetingID: m.ID, AskerID: asker, Addressee: addressees[h.rng.IntN(len(addressees))],
			Text: qt.text, State: model.QuestionSubmitted}
		answerer := h.people.standingDeputy.ID
		if q.Addressee == model.AskPerson {
			q.AddresseePersonID = h.people.standingMember.ID
			answerer = q.AddresseePersonID
		}
		askedAt := at.Add(time.Duration(100+10*j) * time.Minute)
		if err := h.st.At(askedAt).AddQuestion(ctx, q); err != nil {
			return nil, err
		}
		satisfied := h.rng.Float64() < min(1, h.p.satisfied+0.1*float64(h.p.trend)*(float64(k)/float64(max(1, h.months))-0.5))
		if h.rng.IntN(5) < 3 {
			// Answered on the floor.
			floor, answered := askedAt.Add(5*time.Minute), askedAt.Add(15*time.Minute)
			q.State, q.FloorAt, q.AnsweredAt, q.AnsweredBy, q.Answer, q.Satisfied = model.QuestionAnswered, &floor, &answered, answerer, qt.answer, &satisfied
		} else {
			// Answered in writing within 30 days, or late, or not yet.
			due := model.DateOf(at.AddDate(0, 0, 30))
			q.State, q.AnswerDue = model.QuestionPromised, due
			answered := at.AddDate(0, 0, 5+h.rng.IntN(24))
			if h.chance(h.p.answerLate, k) {
				answered = at.AddDate(0, 0, 33+h.rng.IntN(30))
			}
			if answered.Before(h.now) {
				q.State, q.AnsweredAt, q.AnsweredBy, q.Answer, q.Satisfied = model.QuestionClosed, &answered, answerer, qt.answer, &satisfied
			}
		}
		if err := h.st.UpdateQuestion(ctx, q); err != nil {
			return nil, err
		}
		out = append(out, qt.text)
	}
	return out, nil
}

// minutesText writes the minutes of a past meeting from what was recorded.
func (h *hist) minutesText(m *model.Meeting, at time.Time, items []model.AgendaItem, base, present, excused, unexcused int,
	votes, asked []string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Thời gian: bắt đầu lúc %02d giờ %02d phút, %s.\n", at.Hour(), at.Minute(), vntext.Date(at))
	fmt.Fprintf(&b, "Địa điểm: %s.\n", m.Place)
	fmt.Fprintf(&b, "Chủ trì: đồng chí %s, Bí thư Đảng ủy.\n", h.people.secretary.FullName)
	b.WriteString("I. THÀNH PHẦN\n")
	fmt.Fprintf(&b, "Có mặt %d/%d đồng chí ủy viên đương nhiệm; vắng có lý do %d, vắng không có lý do %d.\n", present, base, excused, unexcused)
	b.WriteString("II. CHƯƠNG TRÌNH HỘI NGHỊ\n")
	for _, it := range items {
		fmt.Fprintf(&b, "- %s.\n", strings.TrimRight(it.Title, "."))
	}
	b.WriteString("III. DIỄN BIẾN HỘI NGHỊ\n")
	for _, it := range items {
		fmt.Fprintf(&b, "%d. %s\n", it.Position, it.Title)
		if it.Kind == model.ItemDiscussion || it.Kind == model.ItemDecision {
			fmt.Fprintf(&b, "Ý kiến phát biểu:\n- Đồng chí %s: thống nhất với dự thảo, đề nghị bổ sung giải pháp cụ thể và thời hạn hoàn thành.\n",
				h.people.standingDeputy.FullName)
		}
		if it.Kind == model.ItemQuestioning {
			if len(asked) == 0 {
				b.WriteString("Không có ý kiến chất vấn.\n")
			}
			for _, q := range asked {
				fmt.Fprintf(&b, "- Chất vấn: %s\n", q)
			}
		}
	}
	if len(votes) > 0 {
		b.WriteString("Kết quả biểu quyết:\n")
		for _, v := range votes {
			fmt.Fprintf(&b, "- %s\n", v)
		}
	}
	b.WriteString("IV. KẾT THÚC HỘI NGHỊ\nBiên bản đã được đọc lại cho hội nghị nghe và nhất trí thông qua.\n")
	return b.String()
}

var taskKinds = []struct {
	kind             model.OrgKind
	title, subject   string
	expected         string
	body             bool
	standingMeetings bool
}{
	{kind: model.OrgPeopleCommittee, title: "Hoàn thành thu ngân sách theo tiến độ tháng", subject: "Thu ngân sách", expected: "Đạt tiến độ dự toán"},
	{kind: model.OrgPeopleCommittee, title: "Giải quyết dứt điểm đơn thư tồn đọng", subject: "Giải quyết đơn thư", expected: "Không còn đơn quá hạn"},
	{kind: model.OrgPeopleCommittee, title: "Ra quân lập lại trật tự lòng lề đường", subject: "Trật tự đô thị", expected: "Các tuyến chính thông thoáng"},
	{kind: model.OrgFront, title: "Vận động xây dựng nhà đại đoàn kết cho hộ nghèo", subject: "Nhà đại đoàn kết", expected: "Khởi công 2 căn"},
	{kind: model.OrgWomen, title: "Ra mắt mô hình phụ nữ tham gia bảo vệ môi trường", subject: "Bảo vệ môi trường", expected: "Mỗi khu dân cư một mô hình"},
	{kind: model.OrgYouth, title: "Tổ chức ngày thứ bảy tình nguyện", subject: "Thanh niên tình nguyện", expected: "Ra quân ở tất cả khu dân cư"},
	{kind: model.OrgFarmers, title: "Hướng dẫn nông dân chuyển đổi cơ cấu cây trồng", subject: "Chuyển đổi cây trồng", expected: "50 hộ tham gia"},
	{body: true, title: "Kiểm tra việc thực hiện nghị quyết ở các chi bộ", subject: "Kiểm tra chi bộ", expected: "Kiểm tra 3 chi bộ"},
}

// tasks creates the tasks due in month mo: set by the last regular
// meeting, done on time, done late, or still open, by the profile.
func (h *hist) tasks(ctx context.Context, k int, mo time.Time) error {
	loc := vntext.Location()
	today := model.DateOf(h.now)
	n := 2 + h.rng.IntN(2)
	for j := 0; j < n; j++ {
		due := model.DateOf(time.Date(mo.Year(), mo.Month(), 10+h.rng.IntN(19), 0, 0, 0, 0, loc))
		created := mo.AddDate(0, 0, -20).Add(10 * time.Hour)
		t := model.Task{CommuneID: h.org.ID, DueOn: due, Reported: model.TaskNotStarted}
		if h.lastBCH != nil && h.lastBCH.StartsAt.Before(due.Time(loc)) && h.lastBCH.StartsAt.After(mo.AddDate(0, -2, 0)) {
			created = h.lastBCH.StartsAt.Add(5 * time.Hour)
			t.SourceKind, t.SourceID, t.SourceText = model.TaskSourceItem, h.lastBCHItem, h.lastBCH.Title
		}
		if created.After(h.now) {
			continue
		}
		t.StartOn = model.DateOf(created.In(loc))
		tk := taskKinds[h.rng.IntN(len(taskKinds))]
		t.Title, t.Subject, t.Expected = tk.title+" ("+vntext.MonthYear(mo)+")", tk.subject, tk.expected
		if tk.body {
			b := h.termAt(created.In(loc)).bodies[model.BodyStanding]
			t.Owner = model.Owner{Kind: model.OwnerBody, ID: b.ID, Name: "Ban Thường vụ"}
		} else {
			o := h.led[tk.kind]
			t.Owner = model.Owner{Kind: model.OwnerOrg, ID: o.ID, Name: o.Name}
		}
		t.Lead = true
		events := []model.TaskEvent{{Kind: model.TaskEventCreate, Status: t.Reported, DueOn: t.DueOn, Owner: &t.Owner, ByName: "demo", CreatedAt: created}}
		dueAt := due.Time(loc).Add(17 * time.Hour)
		report := func(at time.Time, s model.TaskStatus, pct int, note string) error {
			if at.After(h.now) {
				return nil
			}
			events = append(events, model.TaskEvent{Kind: model.TaskEventReport, Status: s, Percent: pct, Note: note, ByName: "demo", CreatedAt: at})
			t.Reported, t.Percent, t.Note = s, pct, note
			return nil
		}
		// A progress report half-way.
		mid := created.Add(dueAt.Sub(created) / 2)
		if err := report(mid, model.TaskOnTrack, 30+h.rng.IntN(30), ""); err != nil {
			return err
		}
		switch r := h.rng.Float64(); {
		case r < min(0.95, h.p.taskOpen*h.factor(k)):
			if err := report(dueAt.AddDate(0, 0, 2+h.rng.IntN(5)), model.TaskLate, 60+h.rng.IntN(25),
				"Chưa hoàn thành đúng hạn, đang khắc phục."); err != nil {
				return err
			}
		case r < min(0.95, (h.p.taskOpen+h.p.taskLate)*h.factor(k)):
			if err := report(dueAt.AddDate(0, 0, 3+h.rng.IntN(20)), model.TaskDone, 100, "Hoàn thành, chậm so với thời hạn."); err != nil {
				return err
			}
		default:
			done := dueAt.AddDate(0, 0, -h.rng.IntN(8))
			if done.Before(mid) {
				done = mid.Add(time.Hour)
			}
			if due.Before(today) || done.Before(h.now) {
				if err := report(done, model.TaskDone, 100, "Hoàn thành."); err != nil {
					return err
				}
			}
		}
		// The task as its last report left it.
		if err := h.st.At(created).AddPastTask(ctx, &t, events); err != nil {
			return err
		}
	}
	return nil
}

// opinion asks the BCH in writing instead of calling an extra meeting: most
// members answer within the five days, then it is closed.
func (h *hist) opinion(ctx context.Context, at time.Time) error {
	if at.AddDate(0, 0, 6).After(h.now) {
		return nil
	}
	tb := h.termAt(at)
	members := tb.incumbents(model.BodyCommittee, model.DateOf(at))
	matter := btvMatters[h.rng.IntN(len(btvMatters))]
	o := &model.OpinionRequest{BodyID: tb.bodies[model.BodyCommittee].ID, Title: matter,
		Question:     "Văn phòng Đảng ủy xin ý kiến các đồng chí Ủy viên Ban Chấp hành về: " + vntext.LowerFirst(matter) + ".",
		DecisionKind: model.DecideOrdinary, Deadline: at.AddDate(0, 0, 5).UTC(), Base: len(members)}
	if err := h.st.At(at).CreateOpinion(ctx, o); err != nil {
		return err
	}
	agree := 0
	for _, id := range members {
		if h.rng.IntN(8) == 0 {
			continue
		}
		a := &model.OpinionAnswer{RequestID: o.ID, PersonID: id, Answer: "agree"}
		if h.rng.IntN(12) == 0 {
			a.Answer = "disagree"
		} else {
			agree++
		}
		if err := h.st.At(at.Add(time.Duration(1+h.rng.IntN(100))*time.Hour)).SetOpinionAnswer(ctx, a); err != nil {
			return err
		}
	}
	passed := rules.RuleFor(o.DecisionKind, true).Passed(agree, o.Base)
	o.Passed = &passed
	return h.st.At(at.AddDate(0, 0, 5)).CloseOpinion(ctx, o)
}

// targets gives the commune a few targets of last year and this, valued
// month by month: on track (last year's met) or behind, by the profile.
func (h *hist) targets(ctx context.Context) error {
	y := h.now.Year()
	ubnd := model.Owner{Kind: model.OwnerOrg, ID: h.led[model.OrgPeopleCommittee].ID}
	party := model.Owner{Kind: model.OwnerBody, ID: h.terms[1].bodies[model.BodyCommittee].ID}
	for yi, year := range []int{y - 1, y} {
		last := 12
		if year == y {
			last = int(h.now.Month()) - 1
		}
		behind := h.p.behind[yi]
		for _, s := range []struct {
			t    model.Target
			cum  bool
			over float64
		}{
			{t: model.Target{Name: "Tỷ lệ dân số tham gia bảo hiểm y tế", Unit: "%", Baseline: 90, Value: 95, Direction: model.Increase, Owner: ubnd}},
			{t: model.Target{Name: "Hồ sơ thủ tục hành chính tiếp nhận trực tuyến", Unit: "%", Baseline: 60, Value: 90, Direction: model.Increase, Owner: ubnd}},
			{t: model.Target{Name: "Kết nạp đảng viên mới trong năm", Unit: "đảng viên", Baseline: 0, Value: float64(10 + h.rng.IntN(15)),
				Direction: model.Increase, Owner: party}},
		} {
			t := s.t
			t.OrgID, t.PeriodKind, t.Period = h.org.ID, model.PeriodYear, fmt.Sprint(year)
			if year == y && t.Unit == "%" {
				t.Baseline, t.Value = t.Baseline+2, min(100, t.Value+2) // a notch higher this year
			}
			created := time.Date(year, time.January, 10, 9, 0, 0, 0, vntext.Location())
			if err := h.st.At(created).CreateTarget(ctx, &t); err != nil {
				return err
			}
			pace := 1.02 + 0.08*h.rng.Float64()
			if behind {
				pace = 0.5 + 0.25*h.rng.Float64()
			}
			// A month's value is reported early the next month: on track,
			// it has kept up with the year so far, the month of the report
			// included.
			for mth := 1; mth <= last; mth++ {
				v := t.Baseline + (t.Value-t.Baseline)*pace*float64(mth+1)/12
				if t.Unit == "%" {
					v = min(v, 100)
				}
				if t.Unit == "đảng viên" {
					v = math.Floor(v)
					if !behind {
						v = math.Ceil(t.Baseline + (t.Value-t.Baseline)*pace*float64(mth+1)/12)
					}
				}
				at := time.Date(year, time.Month(mth)+1, 3, 9, 0, 0, 0, vntext.Location())
				tv := &model.TargetValue{TargetID: t.ID, Period: fmt.Sprintf("%d-%02d", year, mth), Value: round2(v)}
				if err := h.st.At(at).AddTargetValue(ctx, tv); err != nil {
					return err
				}
			}
		}
	}
	return nil
}
