package oversight

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"nghisu/internal/auth"
	"nghisu/internal/model"
	"nghisu/internal/store"
	"nghisu/internal/vntext"
)

// Finding is a commune named in the report, with the numbers that put it
// there.
type Finding struct {
	Commune model.Org
	Value   Value
	Score   float64
}

// Shortcoming is a kind of failure and the communes concerned.
type Shortcoming struct {
	Code     Code // the indicator, or "" for overlaps and concurrent posts
	Key      string
	Communes []Finding
	// Lines are free findings (overlaps, concurrent posts): commune and
	// what was found.
	Lines []string
}

// Note is a finding another package makes about a commune (an overlap of
// responsibilities, a concurrent-post conflict), quoted by the report;
// Commune is empty when the text names it already.
type Note struct {
	Commune string
	Text    string
}

// Report is the draft evaluation report of a period.
type Report struct {
	Province     *model.Org
	Period       Period
	Communes     int
	Wards        int
	Scored       int
	Mean         float64
	Totals       Facts
	Good         []Finding
	Weak         []Finding
	Shortcomings []Shortcoming
	Directions   string
	// DirectionsSaved is false while the directions are our suggestion.
	DirectionsSaved bool
	DirectionsBy    string
	DirectionsAt    *time.Time
	CanEdit         bool
	Weights         Weights
	MinutesDays     int
}

// Thresholds of the report: a commune is named as doing well from
// GoodScore, as weak below WeakScore, and under a shortcoming when its rate
// over the period is below ShortRate (our judgement, shown in the report's
// notes as such).
const (
	GoodScore = 90.0
	WeakScore = 60.0
	ShortRate = 0.8
)

// shortcomingRules lists the failures the report looks for, in the order
// the article discusses them.
var shortcomingRules = []struct {
	code Code
	key  string
	full bool // any miss counts (not only below ShortRate)
}{
	{CommitteeHeld, "report.short.committee_held", true},
	{PapersOnTime, "report.short.papers_on_time", false},
	{StandingReview, "report.short.standing_review", false},
	{AreasCovered, "report.short.areas_covered", false},
	{DecisionsVoted, "report.short.decisions_voted", false},
	{MinutesTimely, "report.short.minutes_timely", false},
	{ChainVerified, "report.short.chain_verified", true},
	{QuestionsTimely, "report.short.questions_timely", false},
	{TasksOnTime, "report.short.tasks_on_time", false},
}

// Notes, when set, returns what other packages found about the communes of
// a province: overlaps of responsibilities and concurrent-post conflicts.
type NoteSource func(ctx context.Context, a *auth.Actor, prov *model.Org, communes []model.Org) (overlaps, conflicts []Note, err error)

// CanWriteReport: the province's administrators and oversight staff write
// the report's directions (the province's own paper, no commune's record).
func CanWriteReport(a *auth.Actor, prov *model.Org) bool {
	r := a.Role()
	return a.Sees(prov) && (r == model.RoleAdmin || r == model.RoleOversight)
}

// Report assembles the draft evaluation report of a province for a period
// from the snapshot.
func (s *Service) Report(ctx context.Context, a *auth.Actor, provinceID int64, p Period) (*Report, error) {
	prov, err := s.province(ctx, a, provinceID)
	if err != nil {
		return nil, err
	}
	rep := &Report{Province: prov, Period: p, Totals: Facts{}, CanEdit: CanWriteReport(a, prov)}
	if rep.Weights, rep.MinutesDays, err = s.weights(ctx, prov); err != nil {
		return nil, err
	}
	communes, err := s.st.OrgsOfKind(ctx, prov.Path, model.OrgCommune)
	if err != nil {
		return nil, err
	}
	sortCommunes(communes)
	rep.Communes = len(communes)
	byID := map[int64]model.Org{}
	ids := make([]int64, len(communes))
	for i, c := range communes {
		byID[c.ID], ids[i] = c, c.ID
		if c.Unit == model.UnitWard {
			rep.Wards++
		}
	}
	periods, err := s.st.OversightPeriods(ctx, prov.ID, p.From, p.To)
	if err != nil {
		return nil, err
	}
	score := map[int64]float64{}
	var sum float64
	for _, x := range periods {
		score[x.OrgID] = x.Mean
		sum += x.Mean
	}
	rep.Scored = len(periods)
	if rep.Scored > 0 {
		rep.Mean = sum / float64(rep.Scored)
	}
	// Each commune's totals over the period, read in groups.
	totals := map[int64]Facts{}
	for i := 0; i < len(ids); i += 500 {
		part := ids[i:min(i+500, len(ids))]
		facts, keys, err := s.st.OversightValues(ctx, store.OversightScope{OrgIDs: part, From: p.From, To: p.To}, "")
		if err != nil {
			return nil, err
		}
		for j, f := range facts {
			id := keys[j].OrgID
			if totals[id] == nil {
				totals[id] = Facts{}
			}
			c := Code(f.Indicator)
			totals[id][c] = totals[id][c].add(Value{f.Num, f.Den})
			rep.Totals[c] = rep.Totals[c].add(Value{f.Num, f.Den})
		}
	}
	for _, c := range communes {
		sc, ok := score[c.ID]
		if !ok {
			continue
		}
		f := Finding{Commune: c, Score: sc}
		if sc >= GoodScore {
			rep.Good = append(rep.Good, f)
		}
		if sc < WeakScore {
			rep.Weak = append(rep.Weak, f)
		}
	}
	slices.SortStableFunc(rep.Good, func(a, b Finding) int { return cmpFloat(b.Score, a.Score) })
	slices.SortStableFunc(rep.Weak, func(a, b Finding) int { return cmpFloat(a.Score, b.Score) })
	for _, rule := range shortcomingRules {
		sh := Shortcoming{Code: rule.code, Key: rule.key}
		for _, c := range communes {
			v := totals[c.ID][rule.code]
			if !v.Applies() {
				continue
			}
			if rule.full && v.Num < v.Den || !rule.full && v.Rate() < ShortRate {
				sh.Communes = append(sh.Communes, Finding{Commune: c, Value: v, Score: score[c.ID]})
			}
		}
		// Worst first, so that the first names are the ones to act on.
		slices.SortStableFunc(sh.Communes, func(a, b Finding) int { return cmpFloat(a.Value.Rate(), b.Value.Rate()) })
		if len(sh.Communes) > 0 {
			rep.Shortcomings = append(rep.Shortcomings, sh)
		}
	}
	if s.Notes != nil {
		overlaps, conflicts, err := s.Notes(ctx, a, prov, communes)
		if err != nil {
			return nil, err
		}
		for _, x := range []struct {
			key   string
			notes []Note
		}{{"report.short.overlaps", overlaps}, {"report.short.concurrent", conflicts}} {
			if len(x.notes) == 0 {
				continue
			}
			sh := Shortcoming{Key: x.key}
			for i, n := range x.notes {
				if i == maxNotes {
					sh.Lines = append(sh.Lines, fmt.Sprintf("và %d trường hợp khác (xem trang của từng đơn vị)", len(x.notes)-maxNotes))
					break
				}
				if n.Commune == "" {
					sh.Lines = append(sh.Lines, n.Text)
				} else {
					sh.Lines = append(sh.Lines, n.Commune+": "+n.Text)
				}
			}
			rep.Shortcomings = append(rep.Shortcomings, sh)
		}
	}
	text, by, at, err := s.st.OversightDirections(ctx, prov.ID, p.From, p.To)
	if err != nil {
		return nil, err
	}
	rep.Directions, rep.DirectionsBy, rep.DirectionsAt, rep.DirectionsSaved = text, by, at, at != nil
	if !rep.DirectionsSaved {
		rep.Directions = suggestDirections(rep)
	}
	return rep, nil
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// maxNotes is how many other packages' findings a shortcoming quotes: a
// report names examples, the pages hold the rest.
const maxNotes = 15

// MaxDirections bounds the directions' length.
const MaxDirections = 20000

// SaveDirections writes the report's editable directions.
func (s *Service) SaveDirections(ctx context.Context, a *auth.Actor, provinceID int64, p Period, text string) error {
	prov, err := s.province(ctx, a, provinceID)
	if err != nil {
		return err
	}
	if !CanWriteReport(a, prov) {
		return model.Deny("report.denied")
	}
	text = vntext.Clean(text)
	v := &model.ValidationError{}
	switch {
	case strings.TrimSpace(text) == "":
		v.Add("directions", "report.directions_empty")
	case len([]rune(text)) > MaxDirections:
		v.Add("directions", "report.directions_long", MaxDirections)
	}
	if err := v.Err(); err != nil {
		return err
	}
	return s.st.InTx(ctx, func(st *store.Store) error {
		if err := st.SetOversightDirections(ctx, prov.ID, p.From, p.To, text, a.Account.Username); err != nil {
			return err
		}
		return st.Audit(ctx, a.Audit("oversight.directions", "org", prov.ID, prov.ID, p.From+".."+p.To))
	})
}

// suggestDirections drafts the directions from the shortcomings found, for
// the province to rewrite.
func suggestDirections(rep *Report) string {
	var b strings.Builder
	// List lines ("- "), not numbers: a numbered line would print as a
	// heading.
	b.WriteString("- Các đảng ủy xã, phường tiếp tục thực hiện nghiêm quy định về sinh hoạt định kỳ; Ban Chấp hành họp thường kỳ mỗi tháng một lần, biểu quyết thông qua từng vấn đề.\n")
	for _, sh := range rep.Shortcomings {
		line := ""
		switch sh.Code {
		case PapersOnTime:
			line = "Gửi đầy đủ tài liệu đến ủy viên trước hội nghị theo đúng thời hạn; Văn phòng đảng ủy theo dõi việc gửi và nhận tài liệu"
		case AreasCovered:
			line = "Xây dựng chương trình hội nghị bảo đảm đủ các nội dung bắt buộc, nhất là những nội dung còn thiếu trong kỳ"
		case MinutesTimely, ChainVerified:
			line = "Hoàn thiện, ký và vào sổ biên bản đúng thời hạn; bảo quản sổ biên bản theo quy định"
		case TasksOnTime:
			line = "Rà soát các nhiệm vụ trễ hạn, xác định rõ trách nhiệm chủ trì và thời hạn hoàn thành"
		case StandingReview:
			line = "Ban Thường vụ họp cho ý kiến về nội dung trước mỗi hội nghị Ban Chấp hành"
		}
		if line != "" && !strings.Contains(b.String(), line) {
			fmt.Fprintf(&b, "- %s%s.\n", line, namesSuffix(sh.Communes, 5))
		}
	}
	b.WriteString("- Tăng cường xin ý kiến bằng văn bản giữa hai kỳ họp để giảm số hội nghị, không buông lỏng nguyên tắc.\n")
	return b.String()
}

// namesSuffix names the first communes concerned: " (Mỹ Tho, Cao Lãnh…)".
func namesSuffix(fs []Finding, n int) string {
	if len(fs) == 0 {
		return ""
	}
	var names []string
	for i, f := range fs {
		if i == n {
			names = append(names, "…")
			break
		}
		names = append(names, ShortName(f.Commune))
	}
	return " (" + strings.Join(names, ", ") + ")"
}

// ShortName drops "Đảng bộ " from a commune's organisation name: the report
// names "phường Mỹ Tho".
func ShortName(o model.Org) string { return strings.TrimPrefix(o.Name, "Đảng bộ ") }

// Percent formats a rate as "91,4%".
func Percent(v Value) string { return Decimal(math.Round(1000*v.Rate())/10, 1) + "%" }
