package demo

import (
	"context"
	"fmt"
	"time"

	meetingpkg "nghisu/internal/meeting"
	"nghisu/internal/model"
	"nghisu/internal/store"
	"nghisu/internal/vntext"
)

// The demo's meetings, for Mỹ Tho: the regular BCH meetings of the last
// months (held and closed), next month's BCH meeting in BTV review with its
// draft resolution and a BTV member's comment, a BTV-only draft, and the BTV
// meeting that prepares it with proposals of the deputies and members.

const resolutionText = `I. ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN NHIỆM VỤ THÁNG

Trong tháng, Đảng ủy phường đã lãnh đạo thực hiện cơ bản hoàn thành các chỉ tiêu, nhiệm vụ đề ra; tình hình chính trị, trật tự an toàn xã hội được giữ vững; thu ngân sách đạt tiến độ.

Công tác xây dựng Đảng được quan tâm; các chi bộ sinh hoạt định kỳ đúng quy định; công tác kiểm tra, giám sát được thực hiện theo kế hoạch.

II. PHƯƠNG HƯỚNG, NHIỆM VỤ THÁNG TỚI

Tập trung lãnh đạo hoàn thành chỉ tiêu thu ngân sách năm; đẩy mạnh giải quyết thủ tục hành chính trực tuyến, phấn đấu 100% hồ sơ được tiếp nhận và giải quyết trực tuyến.

Chỉ đạo Ủy ban Mặt trận Tổ quốc và các đoàn thể vận động nhân dân thực hiện phân loại rác tại nguồn, phấn đấu đạt 75% hộ dân tham gia.

III. TỔ CHỨC THỰC HIỆN

Giao Ủy ban nhân dân phường xây dựng kế hoạch cụ thể, phân công rõ người, rõ việc, rõ thời gian hoàn thành; báo cáo kết quả tại kỳ họp tháng sau.`

const btvNoteText = `Dự kiến nhân sự tham gia Ban Chỉ đạo chuyển đổi số của phường.

Ban Thường vụ thống nhất giới thiệu đồng chí Phó Bí thư thường trực làm Trưởng ban; đề nghị Văn phòng chuẩn bị tờ trình để Ban Chấp hành xem xét.`

// seedMeetings gives a commune its recent and coming meetings.
func seedMeetings(ctx context.Context, st *store.Store, c *model.Org, people *seeded, withDrafts bool) error {
	bodies, err := st.Bodies(ctx, c.ID)
	if err != nil {
		return err
	}
	var bch, btv *model.Body
	for i := range bodies {
		switch bodies[i].Kind {
		case model.BodyCommittee:
			bch = &bodies[i]
		case model.BodyStanding:
			btv = &bodies[i]
		}
	}
	bch.Org, btv.Org = c, c
	loc := vntext.Location()
	now := st.Now().In(loc)
	thisMonth := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, loc)
	termStart := bch.Term.StartsOn.Time(loc)
	chair, secretary := people.secretary.ID, people.minutesTaker.ID

	// Past months: a regular BCH meeting each month since the term began,
	// closed, with the monthly program; the program covers every area.
	for mo := time.Date(termStart.Year(), termStart.Month()+1, 1, 0, 0, 0, 0, loc); mo.Before(thisMonth); mo = mo.AddDate(0, 1, 0) {
		at := workday(time.Date(mo.Year(), mo.Month(), 8, 8, 0, 0, 0, loc))
		m, err := meeting(ctx, st, bch, model.MeetingRegular, at, chair, 0, model.StateClosed)
		if err != nil {
			return err
		}
		if err := program(ctx, st, m); err != nil {
			return err
		}
	}
	if !withDrafts {
		return nil
	}
	// Next month's meeting is being prepared: its program, the draft
	// resolution under BTV review, a report, and a BTV-only note.
	next := workday(time.Date(thisMonth.Year(), thisMonth.Month()+1, 8, 8, 0, 0, 0, loc))
	m, err := meeting(ctx, st, bch, model.MeetingRegular, next, chair, secretary, model.StateReview)
	if err != nil {
		return err
	}
	if err := program(ctx, st, m); err != nil {
		return err
	}
	res, err := document(ctx, st, m, model.DocResolution, "Dự thảo Nghị quyết Hội nghị Ban Chấp hành "+vntext.MonthYear(next),
		model.AudienceCommittee, resolutionText, people.secretary)
	if err != nil {
		return err
	}
	if _, err := document(ctx, st, m, model.DocReport, "Báo cáo kết quả thực hiện nhiệm vụ "+vntext.MonthYear(now),
		model.AudienceCommittee, "Báo cáo tóm tắt kết quả lãnh đạo thực hiện nhiệm vụ chính trị trong tháng.\n\nCác chỉ tiêu chủ yếu đạt và vượt kế hoạch.", people.standingDeputy); err != nil {
		return err
	}
	if _, err := document(ctx, st, m, model.DocOther, "Ý kiến Ban Thường vụ về nhân sự Ban Chỉ đạo chuyển đổi số",
		model.AudienceStanding, btvNoteText, people.secretary); err != nil {
		return err
	}
	round := &model.ReviewRound{DocumentID: res.ID, Version: 1, Deadline: next.AddDate(0, 0, -5).UTC()}
	if !round.Deadline.After(st.Now()) {
		round.Deadline = st.Now().Add(72 * time.Hour)
	}
	if err := st.OpenRound(ctx, round); err != nil {
		return err
	}
	if err := st.AddComment(ctx, &model.ReviewComment{RoundID: round.ID, Paragraph: 6, Kind: model.CommentWording,
		Text:     "Đề nghị bổ sung thời hạn và đơn vị chủ trì.",
		Wording:  "Chỉ đạo Ủy ban Mặt trận Tổ quốc phường chủ trì, phối hợp các đoàn thể vận động nhân dân thực hiện phân loại rác tại nguồn, phấn đấu đến cuối năm đạt 75% hộ dân tham gia.",
		AuthorID: people.standingMember.ID}); err != nil {
		return err
	}
	// The BTV meets before the BCH, with the deputies' assessments and the
	// members' proposals.
	btvAt := workday(next.AddDate(0, 0, -10))
	if btvAt.Before(now) {
		btvAt = workday(now.AddDate(0, 0, 2))
	}
	bm, err := meeting(ctx, st, btv, model.MeetingStanding, btvAt, chair, 0, model.StatePreparing)
	if err != nil {
		return err
	}
	for _, p := range []model.Proposal{
		{AuthorID: people.standingDeputy.ID, Kind: model.ProposalAssessment, Category: model.CategoryManagement,
			Title: "Đánh giá công tác xây dựng Đảng trong tháng", Body: "Các chi bộ sinh hoạt đúng định kỳ; 2 chi bộ chưa sinh hoạt chuyên đề theo kế hoạch."},
		{AuthorID: people.standingMember.ID, Kind: model.ProposalIssue, Category: model.CategoryInspection,
			Title: "Kiểm tra việc thực hiện quy chế dân chủ ở khu phố 3", Body: "Đề nghị Ủy ban Kiểm tra xây dựng kế hoạch kiểm tra trong quý."},
	} {
		p.MeetingID = bm.ID
		if err := st.AddProposal(ctx, &p); err != nil {
			return err
		}
	}
	return nil
}

// workday moves a Saturday or Sunday to the Monday after.
func workday(t time.Time) time.Time {
	switch t.Weekday() {
	case time.Saturday:
		return t.AddDate(0, 0, 2)
	case time.Sunday:
		return t.AddDate(0, 0, 1)
	}
	return t
}

func meeting(ctx context.Context, st *store.Store, b *model.Body, kind model.MeetingKind, at time.Time, chair, secretary int64, state model.MeetingState) (*model.Meeting, error) {
	title := "Hội nghị Ban Chấp hành " + b.Org.Name + " " + vntext.MonthYear(at)
	if b.Kind == model.BodyStanding {
		title = "Hội nghị Ban Thường vụ " + b.Org.Name + " " + vntext.Date(at)
	}
	m := &model.Meeting{BodyID: b.ID, Kind: kind, Title: title, Place: "Hội trường " + b.Org.Name,
		StartsAt: at.UTC(), Month: at.Format("2006-01"), ChairID: chair, SecretaryID: secretary, Guests: []string{}, State: model.StateDraft}
	if err := st.CreateMeeting(ctx, m, 0); err != nil {
		return nil, err
	}
	// Walk the state machine's way, so the history reads as it happened.
	path := []model.MeetingState{model.StateDraft, model.StatePreparing}
	switch state {
	case model.StateReview:
		path = append(path, model.StateReview)
	case model.StateClosed:
		path = append(path, model.StateReview, model.StateApproved, model.StateConvened, model.StateInSession,
			model.StateAdjourned, model.StateSigned, model.StateClosed)
	}
	if err := st.RecordTransition(ctx, &model.Transition{MeetingID: m.ID, To: model.StateDraft, Username: "demo"}); err != nil {
		return nil, err
	}
	for i := 1; i < len(path); i++ {
		if err := st.SetMeetingState(ctx, &model.Transition{MeetingID: m.ID, From: path[i-1], To: path[i], Username: "demo"}); err != nil {
			return nil, fmt.Errorf("%s → %s: %w", path[i-1], path[i], err)
		}
	}
	m.State = state
	return m, nil
}

func program(ctx context.Context, st *store.Store, m *model.Meeting) error {
	for i, it := range meetingpkg.TemplateItems(m.ID, m.ChairID) {
		it.Position = i + 1
		if err := st.AddItem(ctx, &it); err != nil {
			return err
		}
	}
	return nil
}

func document(ctx context.Context, st *store.Store, m *model.Meeting, kind model.DocKind, title string, aud model.Audience, body string, author *model.Person) (*model.Document, error) {
	d := &model.Document{MeetingID: m.ID, Kind: kind, Title: title, Format: model.FormatText, Level: model.LevelNormal, Audience: aud}
	if err := st.CreateDocument(ctx, d); err != nil {
		return nil, err
	}
	v := &model.DocVersion{DocumentID: d.ID, Number: 1, Body: body, AuthorName: author.FullName}
	return d, st.AddVersion(ctx, v)
}
