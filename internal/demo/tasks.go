package demo

import (
	"context"

	"nghisu/internal/model"
	"nghisu/internal/store"
	"nghisu/internal/vntext"
)

// ledOrg finds the organisation of a kind the commune leads.
func ledOrg(ctx context.Context, st *store.Store, c *model.Org, kind model.OrgKind) (*model.Org, error) {
	kids, err := st.Children(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	for i := range kids {
		if kids[i].Kind == kind {
			return &kids[i], nil
		}
	}
	return nil, model.ErrNotFound
}

// seedTasks gives Mỹ Tho a few tasks set by its last regular meeting,
// owned by the People's Committee and the Front: one late, one at risk,
// and one subject (waste sorting) given to both with no lead, so that the
// overlap warning shows on first start.
func seedTasks(ctx context.Context, st *store.Store, c *model.Org, bch *model.Body, people *seeded) error {
	ubnd, err := ledOrg(ctx, st, c, model.OrgPeopleCommittee)
	if err != nil {
		return err
	}
	front, err := ledOrg(ctx, st, c, model.OrgFront)
	if err != nil {
		return err
	}
	now := st.Now()
	loc := vntext.Location()
	today := model.DateOf(now.In(loc))
	day := func(n int) model.Date { return model.DateOf(today.Time(loc).AddDate(0, 0, n)) }
	last, err := st.LastMeeting(ctx, []int64{bch.ID}, model.MeetingRegular, now)
	if err != nil {
		return err
	}
	items, err := st.Items(ctx, last.ID)
	if err != nil {
		return err
	}
	var source *model.AgendaItem
	for i := range items {
		if items[i].Source == "" && len(items[i].Areas) > 1 {
			source = &items[i]
			break
		}
	}
	start := model.DateOf(last.StartsAt.In(loc))
	owner := func(o *model.Org) model.Owner { return model.Owner{Kind: model.OwnerOrg, ID: o.ID, Name: o.Name} }
	tasks := []struct {
		t       model.Task
		status  model.TaskStatus
		percent int
		note    string
	}{
		{model.Task{Title: "Hoàn thành giải phóng mặt bằng tuyến đường Lê Thị Hồng Gấm (đoạn qua khu phố 3)",
			Subject: "Giải phóng mặt bằng", Owner: owner(ubnd), Lead: true, DueOn: day(-5),
			Expected: "Bàn giao toàn bộ mặt bằng cho chủ đầu tư"}, model.TaskOnTrack, 70, "Còn 4 hộ chưa nhận tiền bồi thường."},
		{model.Task{Title: "Vận động nhân dân phân loại rác tại nguồn", Subject: "Phân loại rác tại nguồn",
			Owner: owner(front), DueOn: day(20), Expected: "75% hộ dân tham gia phân loại rác"}, model.TaskAtRisk, 30,
			"Mới có 4/9 khu phố triển khai."},
		{model.Task{Title: "Bố trí điểm tập kết rác đã phân loại ở các khu phố", Subject: "Phân loại rác tại nguồn",
			Owner: owner(ubnd), DueOn: day(25), Expected: "Mỗi khu phố có một điểm tập kết"}, model.TaskNotStarted, 0, ""},
		{model.Task{Title: "Hướng dẫn người dân sử dụng dịch vụ công trực tuyến", Subject: "Chuyển đổi số",
			Owner: owner(ubnd), CoOwners: []model.Owner{owner(front)}, Lead: true, DueOn: day(40),
			Expected: "80% hồ sơ thủ tục hành chính nộp trực tuyến"}, model.TaskOnTrack, 55, "Đã mở 6 lớp tại khu phố."},
	}
	for _, x := range tasks {
		t := x.t
		t.CommuneID, t.StartOn, t.Reported = c.ID, start, model.TaskNotStarted
		if source != nil {
			t.SourceKind, t.SourceID, t.SourceText = model.TaskSourceItem, source.ID, source.Title
		}
		if err := st.CreateTask(ctx, &t); err != nil {
			return err
		}
		if err := st.AddTaskEvent(ctx, &model.TaskEvent{TaskID: t.ID, Kind: model.TaskEventCreate, Status: t.Reported,
			DueOn: t.DueOn, Owner: &t.Owner, ByName: "demo"}); err != nil {
			return err
		}
		if x.status == model.TaskNotStarted {
			continue
		}
		if err := st.AddTaskEvent(ctx, &model.TaskEvent{TaskID: t.ID, Kind: model.TaskEventReport, Status: x.status,
			Percent: x.percent, Note: x.note, ByName: "demo"}); err != nil {
			return err
		}
		t.Reported, t.Percent, t.Note = x.status, x.percent, x.note
		if err := st.UpdateTask(ctx, &t); err != nil {
			return err
		}
	}
	return nil
}
