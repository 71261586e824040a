package demo

import (
	"context"
	"fmt"
	"time"

	"nghisu/internal/model"
	"nghisu/internal/store"
	"nghisu/internal/vntext"
)

// seedPrograms gives Mỹ Tho's BCH its full-term program, this year's
// annual program (every required area but emulation, so the page shows one
// missing) and this month's directions.
func seedPrograms(ctx context.Context, st *store.Store, s *seeded) error {
	bch, btv, err := currentBodies(ctx, st, s.org.ID)
	if err != nil {
		return err
	}
	kids, err := st.Children(ctx, s.org.ID)
	if err != nil {
		return err
	}
	led := map[model.OrgKind]*model.Owner{}
	for _, k := range kids {
		led[k.Kind] = &model.Owner{Kind: model.OwnerOrg, ID: k.ID}
	}
	ubnd, front, youth := led[model.OrgPeopleCommittee], led[model.OrgFront], led[model.OrgYouth]
	standing := &model.Owner{Kind: model.OwnerBody, ID: btv.ID}
	inspector := &model.Owner{Kind: model.OwnerPerson, ID: s.standingDeputy.ID}
	secretary := &model.Owner{Kind: model.OwnerPerson, ID: s.secretary.ID}

	now := st.Now().In(vntext.Location())
	month := now.Format("2006-01")
	year := now.Year()
	ym := func(m int) string { return fmt.Sprintf("%04d-%02d", year, m) }
	termStart := bch.Term.StartsOn.Time(time.UTC)
	tm := func(months int) string { return termStart.AddDate(0, months, 0).Format("2006-01") }
	type entry struct {
		title string
		area  model.Area
		month string
		owner *model.Owner
	}
	programs := []struct {
		kind    model.ProgramKind
		period  string
		title   string
		entries []entry
	}{
		{model.ProgramTerm, "", "Chương trình làm việc toàn khóa của Ban Chấp hành Đảng bộ nhiệm kỳ " + bch.Term.Name, []entry{
			{"Xây dựng và ban hành các nghị quyết chuyên đề thực hiện Nghị quyết Đại hội", model.AreaGuidelines, tm(3), standing},
			{"Sơ kết giữa nhiệm kỳ thực hiện Nghị quyết Đại hội Đảng bộ", model.AreaEconomy, tm(29), standing},
			{"Đề án chỉnh trang đô thị, phát triển kinh tế đêm", model.AreaEconomy, tm(12), ubnd},
			{"Kiện toàn tổ chức cơ sở đảng sau sắp xếp đơn vị hành chính", model.AreaBuilding, tm(6), standing},
			{"Chương trình kiểm tra, giám sát toàn khóa", model.AreaInspection, tm(2), inspector},
			{"Tổng kết nhiệm kỳ, chuẩn bị Đại hội nhiệm kỳ mới", model.AreaBuilding, tm(56), secretary},
		}},
		{model.ProgramYear, fmt.Sprint(year), fmt.Sprintf("Chương trình công tác năm %d của Ban Chấp hành Đảng bộ", year), []entry{
			{"Học tập, quán triệt nghị quyết, chỉ thị của Trung ương và Tỉnh ủy", model.AreaGuidelines, ym(1), standing},
			{"Nghị quyết về nhiệm vụ phát triển kinh tế - xã hội năm", model.AreaEconomy, ym(1), ubnd},
			{"Sơ kết 6 tháng thực hiện chỉ tiêu kinh tế - xã hội", model.AreaEconomy, ym(6), ubnd},
			{"Lãnh đạo Mặt trận và các đoàn thể tổ chức cuộc vận động xây dựng nếp sống văn minh đô thị", model.AreaFront, ym(3), front},
			{"Ra quân Tháng Thanh niên", model.AreaFront, ym(3), youth},
			{"Kết nạp đảng viên mới, phát triển đảng trong doanh nghiệp", model.AreaBuilding, ym(9), standing},
			{"Kiểm tra chuyên đề công tác quản lý đất đai", model.AreaInspection, ym(5), inspector},
			{"Diễn tập khu vực phòng thủ, bảo đảm an ninh trật tự dịp Tết", model.AreaDefence, ym(12), ubnd},
		}},
		{model.ProgramMonth, month, fmt.Sprintf("Định hướng công tác tháng %d/%d", now.Month(), year), []entry{
			{"Hoàn thành kế hoạch triển khai nghị quyết chuyển đổi số của Tỉnh ủy", model.AreaGuidelines, month, standing},
			{"Đôn đốc thu ngân sách quý I", model.AreaEconomy, month, ubnd},
			{"Chuẩn bị nội dung kiểm tra chi bộ khu phố 3", model.AreaInspection, month, inspector},
		}},
	}
	for _, p := range programs {
		pr := &model.Program{BodyID: bch.ID, Kind: p.kind, Period: p.period, Title: p.title}
		if err := st.CreateProgram(ctx, pr); err != nil {
			return err
		}
		for _, e := range p.entries {
			pe := &model.ProgramEntry{ProgramID: pr.ID, Title: e.title, Area: e.area, Month: e.month, Owner: e.owner, Status: model.EntryPlanned}
			if e.month < month {
				pe.Status = model.EntryDone
			}
			if err := st.CreateEntry(ctx, pe); err != nil {
				return err
			}
		}
	}
	return nil
}

// seedUppers registers two upper-level documents at the province and
// records the follow-up of the first communes: Mỹ Tho has done everything,
// Cao Lãnh disseminated the provincial resolution but has no plan past its
// deadline (late), Sa Đéc has both.
func seedUppers(ctx context.Context, st *store.Store, prov *model.Org, communes []*model.Org) error {
	today := model.DateOf(st.Now().In(vntext.Location()))
	day := func(days int) model.Date {
		return model.DateOf(today.Time(time.UTC).AddDate(0, 0, days))
	}
	ct35 := &model.UpperDocument{OrgID: prov.ID, Kind: model.UpperDirective, Symbol: "Chỉ thị 35-CT/TW",
		Title:    "Về đại hội đảng bộ các cấp tiến tới Đại hội đại biểu toàn quốc lần thứ XIV của Đảng",
		IssuedOn: model.Date{Year: 2024, Month: time.June, Day: 14}, Issuer: "Bộ Chính trị"}
	nq := &model.UpperDocument{OrgID: prov.ID, Kind: model.UpperResolution, Symbol: "Nghị quyết 05-NQ/TU",
		Title:    "Về chuyển đổi số tỉnh Đồng Tháp giai đoạn 2025–2030, định hướng đến năm 2035",
		IssuedOn: day(-60), Issuer: "Ban Chấp hành Đảng bộ tỉnh", Deadline: day(-10)}
	for _, d := range []*model.UpperDocument{ct35, nq} {
		if err := st.CreateUpper(ctx, d); err != nil {
			return err
		}
	}
	follow := []model.UpperFollowup{
		{DocumentID: ct35.ID, DisseminatedOn: model.Date{Year: 2024, Month: time.July, Day: 5}, PlanOn: model.Date{Year: 2024, Month: time.July, Day: 12}, PlanNumber: "45-KH/ĐU"},
		{DocumentID: nq.ID, DisseminatedOn: day(-45), PlanOn: day(-20), PlanNumber: "08-KH/ĐU"},
		{DocumentID: nq.ID, DisseminatedOn: day(-40)},
		{DocumentID: ct35.ID, DisseminatedOn: model.Date{Year: 2024, Month: time.July, Day: 9}},
		{DocumentID: nq.ID, DisseminatedOn: day(-50), PlanOn: day(-15), PlanNumber: "11-KH/ĐU"},
	}
	// Which commune each follow-up is of: Mỹ Tho, Mỹ Tho, Cao Lãnh, Cao Lãnh, Sa Đéc.
	who := []int{0, 0, 1, 1, 2}
	for i, f := range follow {
		if who[i] >= len(communes) {
			continue
		}
		f.OrgID = communes[who[i]].ID
		if err := st.SetFollowup(ctx, &f); err != nil {
			return err
		}
	}
	return nil
}
