package demo

import (
	"context"
	"fmt"
	"strings"
	"time"

	meetingpkg "nghisu/internal/meeting"
	"nghisu/internal/model"
	"nghisu/internal/rules"
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
func seedMeetings(ctx context.Context, st *store.Store, c *model.Org, people *seeded, withDrafts bool,
	seal func(context.Context, *store.Store, *model.Meeting, string) error, history int, past func() error) error {
	bch, btv, err := currentBodies(ctx, st, c.ID)
	if err != nil {
		return err
	}
	bch.Org, btv.Org = c, c
	loc := vntext.Location()
	now := st.Now().In(loc)
	thisMonth := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, loc)
	termStart := bch.Term.StartsOn.Time(loc)
	chair, secretary := people.secretary.ID, people.minutesTaker.ID

	// Past months: a regular BCH meeting each month since the term began,
	// closed, with the monthly program; the program covers every area.
	// With a history, the history makes them instead.
	until := thisMonth
	if past != nil {
		until = thisMonth.AddDate(0, -history, 0)
	}
	for mo := time.Date(termStart.Year(), termStart.Month()+1, 1, 0, 0, 0, 0, loc); mo.Before(until); mo = mo.AddDate(0, 1, 0) {
		at := workday(time.Date(mo.Year(), mo.Month(), 8, 8, 0, 0, 0, loc))
		m, err := meeting(ctx, st, bch, model.MeetingRegular, at, chair, secretary, model.StateClosed)
		if err != nil {
			return err
		}
		if err := program(ctx, st, m); err != nil {
			return err
		}
		if seal != nil {
			m.Body = bch
			if err := seal(ctx, st, m, pastMinutes(ctx, st, m, people)); err != nil {
				return err
			}
		}
	}
	if past != nil {
		if err := past(); err != nil {
			return fmt.Errorf("history: %w", err)
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
	res, err := document(ctx, st, m, 0, model.DocResolution, "Dự thảo Nghị quyết Hội nghị Ban Chấp hành "+vntext.MonthYear(next),
		model.AudienceCommittee, resolutionText, people.secretary)
	if err != nil {
		return err
	}
	if _, err := document(ctx, st, m, 0, model.DocReport, "Báo cáo kết quả thực hiện nhiệm vụ "+vntext.MonthYear(now),
		model.AudienceCommittee, "Báo cáo tóm tắt kết quả lãnh đạo thực hiện nhiệm vụ chính trị trong tháng.\n\nCác chỉ tiêu chủ yếu đạt và vượt kế hoạch.", people.standingDeputy); err != nil {
		return err
	}
	if _, err := document(ctx, st, m, 0, model.DocOther, "Ý kiến Ban Thường vụ về nhân sự Ban Chỉ đạo chuyển đổi số",
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
	if err := seedToday(ctx, st, bch, people, now); err != nil {
		return err
	}
	if err := seedOpinions(ctx, st, bch, people, now); err != nil {
		return err
	}
	if err := seedTasks(ctx, st, c, bch, people); err != nil {
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

// seedToday convenes a thematic BCH meeting this afternoon, with its
// program and draft resolution sent, so that the demo can open it and run
// it: roll call, the floor, questions and votes.
func seedToday(ctx context.Context, st *store.Store, bch *model.Body, people *seeded, now time.Time) error {
	at := time.Date(now.Year(), now.Month(), now.Day(), 14, 0, 0, 0, now.Location())
	m, err := meeting(ctx, st, bch, model.MeetingThematic, at, people.secretary.ID, people.minutesTaker.ID, model.StateConvened)
	if err != nil {
		return err
	}
	if m, err = st.Meeting(ctx, m.ID); err != nil {
		return err
	}
	m.Title = "Hội nghị Ban Chấp hành chuyên đề về chuyển đổi số"
	if err := st.UpdateMeeting(ctx, m); err != nil {
		return err
	}
	for i, it := range []model.AgendaItem{
		{Title: "Khai mạc, thông qua chương trình hội nghị", Kind: model.ItemInformation, PresenterID: people.secretary.ID, Minutes: 10},
		{Title: "Báo cáo kết quả chuyển đổi số quý I", Kind: model.ItemReport, PresenterID: people.standingDeputy.ID, Minutes: 30},
		{Title: "Thảo luận, biểu quyết Nghị quyết chuyên đề về chuyển đổi số", Kind: model.ItemDecision, PresenterID: people.secretary.ID, Minutes: 60},
		{Title: "Bế mạc hội nghị", Kind: model.ItemInformation, PresenterID: people.secretary.ID, Minutes: 5},
	} {
		it.MeetingID, it.Position = m.ID, i+1
		if err := st.AddItem(ctx, &it); err != nil {
			return err
		}
		if it.Kind == model.ItemDecision {
			if _, err := document(ctx, st, m, it.ID, model.DocResolution, "Dự thảo Nghị quyết chuyên đề về chuyển đổi số",
				model.AudienceCommittee, digitalText, people.secretary); err != nil {
				return err
			}
		}
	}
	return st.ReleaseDocuments(ctx, m.ID)
}

const digitalText = `Hội nghị Ban Chấp hành Đảng bộ quyết nghị:

1. Thống nhất mục tiêu đến cuối năm 100% văn bản của cấp ủy được trao đổi trên môi trường mạng, trừ văn bản mật.

2. Giao Văn phòng Đảng ủy chủ trì, phối hợp Ủy ban nhân dân phường triển khai phần mềm quản lý kỳ họp trong quý II.

3. Các chi bộ khu phố tổ chức tập huấn kỹ năng số cho đảng viên, hoàn thành trước ngày 30 tháng 6.

4. Giao Ban Thường vụ Đảng ủy chỉ đạo, kiểm tra, đôn đốc việc thực hiện Nghị quyết này; định kỳ báo cáo Ban Chấp hành.`

// currentBodies finds the BCH and the BTV of the commune's current term
// (the demo may have given it an earlier term too).
func currentBodies(ctx context.Context, st *store.Store, orgID int64) (bch, btv *model.Body, err error) {
	bodies, err := st.Bodies(ctx, orgID)
	if err != nil {
		return nil, nil, err
	}
	bodies = model.CurrentBodies(bodies, model.DateOf(st.Now().In(vntext.Location())))
	for i := range bodies {
		switch bodies[i].Kind {
		case model.BodyCommittee:
			bch = &bodies[i]
		case model.BodyStanding:
			btv = &bodies[i]
		}
	}
	if bch == nil || btv == nil {
		return nil, nil, fmt.Errorf("organisation %d has no BCH or BTV in its current term", orgID)
	}
	return bch, btv, nil
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
	case model.StateConvened:
		path = append(path, model.StateReview, model.StateApproved, model.StateConvened)
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

func document(ctx context.Context, st *store.Store, m *model.Meeting, itemID int64, kind model.DocKind, title string, aud model.Audience, body string, author *model.Person) (*model.Document, error) {
	d := &model.Document{MeetingID: m.ID, ItemID: itemID, Kind: kind, Title: title, Format: model.FormatText, Level: model.LevelNormal, Audience: aud}
	if err := st.CreateDocument(ctx, d); err != nil {
		return nil, err
	}
	v := &model.DocVersion{DocumentID: d.ID, Number: 1, Body: body, AuthorName: author.FullName}
	return d, st.AddVersion(ctx, v)
}

// seedOpinions asks the BCH twice in writing since its last meeting: one
// question decided already (the next meeting lists it), one still open
// that the named member has not answered yet.
func seedOpinions(ctx context.Context, st *store.Store, bch *model.Body, people *seeded, now time.Time) error {
	members, err := st.BodyMembers(ctx, bch.ID, false)
	if err != nil {
		return err
	}
	var statuses []model.MemberStatus
	var voters []int64
	for _, m := range members {
		statuses = append(statuses, m.Status)
		if m.Status == model.StatusIncumbent && m.PersonID != people.member.ID {
			voters = append(voters, m.PersonID)
		}
	}
	base := rules.VoteBase(statuses)
	acc, err := st.AccountByPerson(ctx, people.secretary.ID)
	if err != nil {
		return err
	}
	answers := []string{"agree", "agree", "agree", "disagree", "agree", "other", "agree"}
	for i, q := range []struct {
		title, question, other string
		days, answered         int
		closed                 bool
	}{
		{"Chủ trương hỗ trợ kinh phí sửa chữa nhà văn hóa khu phố 2",
			"Văn phòng Đảng ủy xin ý kiến các đồng chí Ủy viên Ban Chấp hành về chủ trương trích kinh phí hỗ trợ sửa chữa nhà văn hóa khu phố 2 bị hư hỏng do mưa bão, mức hỗ trợ 150 triệu đồng từ nguồn ngân sách phường.",
			"Đề nghị làm rõ nguồn kinh phí và tiến độ thực hiện.", 1, len(voters) - 2, true},
		{"Điều chỉnh thời gian tổ chức Hội nghị sơ kết 6 tháng",
			"Do trùng lịch làm việc của Đoàn công tác Tỉnh ủy, Ban Thường vụ đề nghị lùi Hội nghị sơ kết 6 tháng sang tuần kế tiếp. Đề nghị các đồng chí cho ý kiến; ý kiến khác xin ghi rõ thời gian đề xuất.",
			"Đề nghị tổ chức vào sáng thứ Hai tuần kế tiếp.", 5, len(voters) / 2, false},
	} {
		o := &model.OpinionRequest{BodyID: bch.ID, Title: q.title, Question: q.question, DecisionKind: model.DecideOrdinary,
			Deadline: now.AddDate(0, 0, q.days).UTC().Truncate(time.Second), Base: base, CreatedBy: acc.ID}
		if err := st.CreateOpinion(ctx, o); err != nil {
			return err
		}
		agree := 0
		for j, pid := range voters[:q.answered] {
			a := &model.OpinionAnswer{RequestID: o.ID, PersonID: pid, Answer: answers[(i+j)%len(answers)]}
			switch a.Answer {
			case "other":
				a.Comment = q.other
			case "agree":
				agree++
			}
			if err := st.SetOpinionAnswer(ctx, a); err != nil {
				return err
			}
		}
		if q.closed {
			passed := rules.RuleFor(o.DecisionKind, true).Passed(agree, base)
			o.Passed = &passed
			if err := st.CloseOpinion(ctx, o); err != nil {
				return err
			}
		}
	}
	return nil
}

// pastMinutes writes plausible minutes of a past regular meeting: its
// program, a speech or two on each item, the resolution voted.
func pastMinutes(ctx context.Context, st *store.Store, m *model.Meeting, people *seeded) string {
	items, _ := st.Items(ctx, m.ID)
	var b strings.Builder
	at := m.StartsAt.In(vntext.Location())
	fmt.Fprintf(&b, "Thời gian: bắt đầu lúc %02d giờ %02d phút, %s.\n", at.Hour(), at.Minute(), vntext.Date(at))
	fmt.Fprintf(&b, "Địa điểm: %s.\n", m.Place)
	fmt.Fprintf(&b, "Chủ trì: đồng chí %s, Bí thư Đảng ủy.\nThư ký: đồng chí %s.\n", people.secretary.FullName, people.minutesTaker.FullName)
	b.WriteString("I. THÀNH PHẦN\nCó mặt đủ các đồng chí Ủy viên Ban Chấp hành đương nhiệm theo danh sách điểm danh.\n")
	b.WriteString("II. CHƯƠNG TRÌNH HỘI NGHỊ\n")
	for _, it := range items {
		fmt.Fprintf(&b, "- %s.\n", strings.TrimRight(it.Title, "."))
	}
	b.WriteString("III. DIỄN BIẾN HỘI NGHỊ\n")
	for _, it := range items {
		fmt.Fprintf(&b, "%d. %s\n", it.Position, it.Title)
		if it.Presenter != nil {
			fmt.Fprintf(&b, "Đồng chí %s trình bày.\n", it.Presenter.FullName)
		}
		if it.Kind == model.ItemDiscussion || it.Kind == model.ItemDecision {
			fmt.Fprintf(&b, "Ý kiến phát biểu:\n- Đồng chí %s: thống nhất với dự thảo, đề nghị bổ sung giải pháp cụ thể và thời hạn hoàn thành.\n",
				people.standingDeputy.FullName)
		}
	}
	b.WriteString("Biểu quyết thông qua nghị quyết tháng: tán thành đạt trên hai phần ba tổng số ủy viên đương nhiệm.\n")
	b.WriteString("IV. KẾT THÚC HỘI NGHỊ\nHội nghị kết thúc lúc 11 giờ 30 phút cùng ngày. Biên bản đã được đọc lại cho hội nghị nghe và nhất trí thông qua.\n")
	return b.String()
}
