package targets

import (
	"context"
	"fmt"
	"strings"
	"time"

	"nghisu/internal/i18n"
	"nghisu/internal/model"
	"nghisu/internal/vntext"
)

// ReviewLines are the targets' lines of the review that opens a commune's
// regular meeting (followup.ReviewSource): every target with a value
// reported since the previous meeting, or not yet reached, with its latest
// value, its achievement and how it is computed, behind first.
func (s *Service) ReviewLines(ctx context.Context, m *model.Meeting, since time.Time) ([]string, error) {
	commune := m.Body.OrgID
	ts, err := s.st.Targets(ctx, commune)
	if err != nil {
		return nil, err
	}
	values, err := s.st.OrgTargetValues(ctx, commune)
	if err != nil {
		return nil, err
	}
	byTarget := map[int64][]model.TargetValue{}
	fresh := map[int64]bool{}
	for _, v := range values {
		byTarget[v.TargetID] = append(byTarget[v.TargetID], v)
		fresh[v.TargetID] = fresh[v.TargetID] || v.ReportedAt.After(since)
	}
	today := model.DateOf(m.StartsAt.In(vntext.Location()))
	var behind, rest []string
	for _, t := range ts {
		st, a := StatusOf(t, byTarget[t.ID], today)
		if st == Reached && !fresh[t.ID] {
			continue
		}
		line := "- Chỉ tiêu " + t.Name + ": "
		if v := Latest(byTarget[t.ID]); v != nil && a != nil {
			unit := " " + t.Unit
			if t.Unit == "%" {
				unit = "%"
			}
			line += fmt.Sprintf("thực hiện %s%s (kỳ %s); mức đạt %s", num(v.Value), unit, v.Period, a.Formula)
		} else {
			line += "chưa có số liệu"
		}
		line += "; " + strings.ToLower(i18n.T("vi", "targetstatus."+string(st))) + "."
		if st == Behind {
			behind = append(behind, line)
		} else {
			rest = append(rest, line)
		}
	}
	if len(behind)+len(rest) == 0 {
		return nil, nil
	}
	return append(append([]string{"Kết quả thực hiện các chỉ tiêu:"}, behind...), rest...), nil
}
