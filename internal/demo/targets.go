package demo

import (
	"context"
	"fmt"

	"nghisu/internal/model"
	"nghisu/internal/store"
	"nghisu/internal/vntext"
)

// seedTargets gives Mỹ Tho the targets of its resolution (DOMAIN.md §6)
// with values month by month up to last month, and the year before's, so
// that the charts tell a story on first start: health insurance and online
// dossiers on track, the poor-household rate behind, the party cells'
// rating reached, the new-rural criteria on their way.
func seedTargets(ctx context.Context, st *store.Store, c *model.Org) error {
	kids, err := st.Children(ctx, c.ID)
	if err != nil {
		return err
	}
	led := map[model.OrgKind]int64{}
	for _, k := range kids {
		led[k.Kind] = k.ID
	}
	committee, _, err := currentBodies(ctx, st, c.ID)
	if err != nil {
		return err
	}
	bch := committee.ID
	now := st.Now().In(vntext.Location())
	y := now.Year()
	last := int(now.Month()) - 1 // months of this year with a value
	ubnd := model.Owner{Kind: model.OwnerOrg, ID: led[model.OrgPeopleCommittee]}
	mttq := model.Owner{Kind: model.OwnerOrg, ID: led[model.OrgFront]}
	party := model.Owner{Kind: model.OwnerBody, ID: bch}
	term := fmt.Sprintf("%d-%d", y-1, y+4)
	year := fmt.Sprint(y)
	type val struct {
		period string
		v      float64
		note   string
	}
	// monthly rises (or falls) by step a month from from, never past
	// bound: a coverage rate stops short of 100%.
	monthly := func(from, step, bound float64, note string) []val {
		var out []val
		for m := 1; m <= last; m++ {
			v := from + step*float64(m)
			if step > 0 {
				v = min(v, bound)
			} else {
				v = max(v, bound)
			}
			out = append(out, val{fmt.Sprintf("%d-%02d", y, m), v, ""})
		}
		if len(out) > 0 {
			out[len(out)-1].note = note
		}
		return out
	}
	for _, s := range []struct {
		t      model.Target
		values []val
	}{
		{model.Target{Name: "Thu nhập bình quân đầu người", Unit: "triệu đồng/người/năm", Baseline: 52, Value: 60,
			Direction: model.Increase, PeriodKind: model.PeriodTerm, Period: term, Owner: ubnd},
			[]val{{fmt.Sprint(y - 1), 54.2, "Số liệu Chi cục Thống kê"}}},
		{model.Target{Name: "Giảm tỷ lệ hộ nghèo 2%/năm", Unit: "%", Baseline: 4.5, Value: 2.5,
			Direction: model.Decrease, PeriodKind: model.PeriodYear, Period: year, Owner: mttq},
			monthly(4.5, -0.08, 2.8, "Rà soát giữa kỳ: chậm so với kế hoạch, cần tập trung hỗ trợ sinh kế")},
		{model.Target{Name: "Tỷ lệ dân số tham gia bảo hiểm y tế", Unit: "%", Baseline: 92, Value: 100,
			Direction: model.Reach, PeriodKind: model.PeriodYear, Period: year, Owner: ubnd},
			monthly(95, 0.6, 99.2, "")},
		{model.Target{Name: "Hồ sơ thủ tục hành chính tiếp nhận trực tuyến", Unit: "%", Baseline: 70, Value: 100,
			Direction: model.Reach, PeriodKind: model.PeriodYear, Period: year, Owner: ubnd},
			monthly(92, 1.5, 100, "")},
		{model.Target{Name: "Chất thải rắn sinh hoạt được phân loại tại nguồn", Unit: "%", Baseline: 40, Value: 75,
			Direction: model.Increase, PeriodKind: model.PeriodYear, Period: year, Owner: ubnd},
			monthly(40, 3.5, 78, "")},
		{model.Target{Name: "Tiêu chí đô thị văn minh, nông thôn mới đạt chuẩn", Unit: "tiêu chí", Baseline: 12, Value: 15,
			Direction: model.Reach, PeriodKind: model.PeriodTerm, Period: term, Owner: ubnd},
			[]val{{fmt.Sprint(y - 1), 13, "Đạt thêm tiêu chí môi trường"}}},
		{model.Target{Name: "Kết nạp đảng viên mới trong năm", Unit: "đảng viên", Baseline: 0, Value: 25,
			Direction: model.Increase, PeriodKind: model.PeriodYear, Period: year, Owner: party},
			monthly(0, 2, 30, "Cộng dồn từ đầu năm")},
		{model.Target{Name: "Chi bộ được xếp loại hoàn thành tốt nhiệm vụ trở lên", Unit: "%", Baseline: 75, Value: 80,
			Direction: model.Reach, PeriodKind: model.PeriodYear, Period: fmt.Sprint(y - 1), Owner: party},
			[]val{{fmt.Sprint(y - 1), 83.3, "Kết quả đánh giá, xếp loại cuối năm"}}},
	} {
		t := s.t
		t.OrgID = c.ID
		if t.Owner.ID == 0 {
			continue // a commune generated without the organisation
		}
		if err := st.CreateTarget(ctx, &t); err != nil {
			return err
		}
		for _, v := range s.values {
			tv := &model.TargetValue{TargetID: t.ID, Period: v.period, Value: round2(v.v), Note: v.note}
			if err := st.AddTargetValue(ctx, tv); err != nil {
				return err
			}
		}
	}
	return nil
}

func round2(f float64) float64 { return float64(int64(f*100+0.5)) / 100 }
