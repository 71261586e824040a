package record

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"nghisu/internal/auth"
	"nghisu/internal/model"
	"nghisu/internal/session"
	"nghisu/internal/vntext"
)

// The draft is plain text, the way a secretary would type it: a line that
// starts with a Roman numeral ("I. ") or an item number ("1. ") is a
// heading, a line that starts with "- " or "+ " is a list line, every other
// line a paragraph. Blocks reads it back the same way for the PDF and DOCX.

// happened is everything the minutes are written from.
type happened struct {
	meeting   *model.Meeting
	roll      []session.Attendee
	count     *session.AttendanceView
	items     []session.ItemSpeeches
	polls     []model.Poll
	reserved  []model.Reservation
	questions []model.Question
	began     time.Time
	ended     time.Time
}

// gather reads what happened in a meeting, as the actor may see it.
func (s *Service) gather(ctx context.Context, a *auth.Actor, m *model.Meeting) (*happened, error) {
	h := &happened{meeting: m, began: m.StartsAt}
	var err error
	if h.roll, h.count, err = s.session.Roll(ctx, a, m.ID); err != nil {
		return nil, err
	}
	if h.items, _, err = s.session.Speeches(ctx, a, m.ID); err != nil {
		return nil, err
	}
	if h.polls, h.reserved, err = s.session.Polls(ctx, a, m.ID); err != nil {
		return nil, err
	}
	if h.questions, _, err = s.session.Questions(ctx, a, m.ID); err != nil {
		return nil, err
	}
	moves, err := s.st.Transitions(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	for _, t := range moves {
		switch t.To {
		case model.StateInSession:
			h.began = t.At
		case model.StateAdjourned:
			h.ended = t.At
		}
	}
	return h, nil
}

// Title is the minutes' subject line: "Hội nghị Ban Chấp hành Đảng bộ
// phường Mỹ Tho tháng 01 năm 2026" (the type name BIÊN BẢN goes above it).
func Title(m *model.Meeting) string {
	body := "Ban Chấp hành"
	if m.Kind == model.MeetingStanding {
		body = "Ban Thường vụ"
	}
	org := ""
	if m.Body != nil && m.Body.Org != nil {
		org = " " + m.Body.Org.Name
	}
	kind := "Hội nghị "
	switch m.Kind {
	case model.MeetingExtraordinary:
		kind = "Hội nghị bất thường "
	case model.MeetingThematic:
		kind = "Hội nghị chuyên đề "
	}
	return kind + body + org + " " + vntext.MonthYear(m.StartsAt)
}

// clock formats a time of day the way minutes write it: "08 giờ 05 phút".
func clock(t time.Time) string {
	t = t.In(vntext.Location())
	return fmt.Sprintf("%02d giờ %02d phút", t.Hour(), t.Minute())
}

// Draft writes the minutes of a meeting from what happened in it.
func (h *happened) draft() string {
	var b strings.Builder
	line := func(format string, args ...any) {
		fmt.Fprintf(&b, format, args...)
		b.WriteByte('\n')
	}
	m := h.meeting
	line("Thời gian: bắt đầu lúc %s, %s.", clock(h.began), vntext.Date(h.began))
	if m.Place != "" {
		line("Địa điểm: %s.", m.Place)
	}
	line("Chủ trì: %s.", comrade(m.Chair))
	line("Thư ký: %s.", comrade(m.Secretary))

	line("I. THÀNH PHẦN")
	var absent, late, early, guests []session.Attendee
	for _, x := range h.roll {
		switch {
		case x.Member == nil:
			if x.Attendance.Here() || x.Attendance.Status == model.AttendLeftEarly {
				guests = append(guests, x)
			}
		case !x.Votes:
		case x.Attendance.Status == model.AttendExcused, x.Attendance.Status == model.AttendUnexcused,
			x.Attendance.Status == model.AttendUnrecorded:
			absent = append(absent, x)
		case x.Attendance.Status == model.AttendLate:
			late = append(late, x)
		case x.Attendance.Status == model.AttendLeftEarly:
			early = append(early, x)
		}
	}
	members := "Ủy viên Ban Chấp hành"
	if m.Kind == model.MeetingStanding {
		members = "Ủy viên Ban Thường vụ"
	}
	line("Có mặt %d/%d đồng chí %s đương nhiệm.", h.count.Present, h.count.Base, members)
	if len(absent) == 0 {
		line("Vắng: không.")
	} else {
		line("Vắng %d đồng chí:", len(absent))
		for _, x := range absent {
			why := "không có lý do"
			switch {
			case x.Attendance.Status == model.AttendExcused && x.Attendance.Reason != "":
				why = "có lý do: " + x.Attendance.Reason
			case x.Attendance.Status == model.AttendExcused:
				why = "có lý do"
			case x.Attendance.Status == model.AttendUnrecorded:
				why = "không ghi nhận"
			}
			line("- Đồng chí %s (%s).", x.Person.FullName, why)
		}
	}
	for _, x := range late {
		at := ""
		if x.Attendance.ArrivedAt != nil {
			at = " lúc " + clock(*x.Attendance.ArrivedAt)
		}
		line("- Đồng chí %s đến muộn%s.", x.Person.FullName, at)
	}
	for _, x := range early {
		at := ""
		if x.Attendance.LeftAt != nil {
			at = " lúc " + clock(*x.Attendance.LeftAt)
		}
		line("- Đồng chí %s về sớm%s.", x.Person.FullName, at)
	}
	var invited []string
	for _, g := range guests {
		invited = append(invited, "đồng chí "+g.Person.FullName)
	}
	invited = append(invited, m.Guests...)
	if len(invited) > 0 {
		line("Khách mời: %s.", strings.Join(invited, "; "))
	}

	line("II. CHƯƠNG TRÌNH HỘI NGHỊ")
	for _, it := range h.items {
		line("- %s.", strings.TrimRight(it.Item.Title, "."))
	}

	line("III. DIỄN BIẾN HỘI NGHỊ")
	for _, it := range h.items {
		line("%d. %s", it.Item.Position, it.Item.Title)
		if it.Item.Presenter != nil {
			line("Đồng chí %s trình bày.", it.Item.Presenter.FullName)
		}
		spoke := false
		for _, sp := range it.Speeches {
			if sp.State != model.SpeechDone && sp.State != model.SpeechSpeaking {
				continue
			}
			if !spoke {
				line("Ý kiến phát biểu:")
				spoke = true
			}
			name := "?"
			if sp.Person != nil {
				name = sp.Person.FullName
			}
			what := strings.Join(strings.Fields(sp.Substance), " ")
			if what == "" {
				what = "(thư ký chưa ghi nội dung)"
			}
			line("- Đồng chí %s: %s", name, what)
		}
		if it.Item.Kind == model.ItemQuestioning || len(h.items) > 0 && it.Item.ID == h.items[len(h.items)-1].Item.ID {
			h.writeQuestions(line, it.Item.ID)
		}
		for _, p := range h.polls {
			if p.ItemID == it.Item.ID || p.ItemID == 0 && it.Item.ID == h.items[len(h.items)-1].Item.ID {
				h.writePoll(line, p)
			}
		}
		if c := strings.TrimSpace(it.Item.Conclusion); c != "" {
			line("Kết luận của đồng chí chủ trì: %s", strings.Join(strings.Fields(c), " "))
		}
	}
	if len(h.items) == 0 {
		h.writeQuestions(line, 0)
		for _, p := range h.polls {
			h.writePoll(line, p)
		}
	}

	line("IV. KẾT THÚC HỘI NGHỊ")
	if !h.ended.IsZero() {
		same := ""
		if vntext.Date(h.ended) == vntext.Date(h.began) {
			same = " cùng ngày"
		} else {
			same = ", " + vntext.Date(h.ended)
		}
		line("Hội nghị kết thúc lúc %s%s.", clock(h.ended), same)
	}
	line("Biên bản đã được đọc lại cho hội nghị nghe và nhất trí thông qua.")
	return b.String()
}

// writeQuestions writes the questions once, under the questioning item or,
// when there is none, under the last item.
func (h *happened) writeQuestions(line func(string, ...any), itemID int64) {
	var qs []model.Question
	for _, q := range h.questions {
		if q.State != model.QuestionClosed || q.Answer != "" {
			qs = append(qs, q)
		}
	}
	if len(qs) == 0 {
		return
	}
	if itemID != 0 {
		for _, it := range h.items {
			if it.Item.Kind == model.ItemQuestioning && it.Item.ID != itemID {
				return // another item is the questioning one
			}
		}
	}
	line("Chất vấn và trả lời chất vấn:")
	for _, q := range qs {
		asker := "?"
		if q.Asker != nil {
			asker = q.Asker.FullName
		}
		line("- Đồng chí %s chất vấn %s: %s", asker, addressee(q), strings.Join(strings.Fields(q.Text), " "))
		switch {
		case q.Answer != "":
			line("+ Trả lời: %s", strings.Join(strings.Fields(q.Answer), " "))
		case q.State == model.QuestionPromised && !q.AnswerDue.IsZero():
			line("+ Trả lời bằng văn bản trước ngày %s.", q.AnswerDue.Time(vntext.Location()).Format("02/01/2006"))
		default:
			line("+ Chưa trả lời tại hội nghị.")
		}
	}
}

func addressee(q model.Question) string {
	switch q.Addressee {
	case model.AskCommittee:
		return "Ban Chấp hành"
	case model.AskStanding:
		return "Ban Thường vụ"
	case model.AskExecutive:
		return "Thường trực Đảng ủy"
	case model.AskInspection:
		return "Ủy ban Kiểm tra"
	}
	if q.To != nil {
		return "đồng chí " + q.To.FullName
	}
	return "một đồng chí ủy viên"
}

var methods = map[model.VoteMethod]string{
	model.MethodOpen:   "biểu quyết giơ tay",
	model.MethodNamed:  "biểu quyết điện tử công khai",
	model.MethodSecret: "bỏ phiếu kín điện tử",
	model.MethodPaper:  "bỏ phiếu kín bằng giấy",
}

// writePoll writes a closed vote: the counts against the base of all
// incumbent members, and whether it passed.
func (h *happened) writePoll(line func(string, ...any), p model.Poll) {
	if p.State != model.PollClosed {
		line("Biểu quyết: %s (chưa kết thúc).", p.Title)
		return
	}
	share := func(n int) string {
		if p.Base == 0 {
			return strconv.Itoa(n)
		}
		return fmt.Sprintf("%d/%d (%s)", n, p.Base, vntext.Percent(float64(n)/float64(p.Base), 1))
	}
	line("Biểu quyết (%s): %s.", methods[p.Method], p.Title)
	line("+ Tán thành: %s; không tán thành: %s; không biểu quyết: %s; số đồng chí đương nhiệm: %d.",
		share(p.For), share(p.Against), share(p.Abstain), p.Base)
	if p.Spoiled > 0 {
		line("+ Phiếu không hợp lệ: %d.", p.Spoiled)
	}
	switch {
	case p.Passed != nil && *p.Passed:
		line("+ Kết quả: thông qua.")
	case p.Passed != nil:
		line("+ Kết quả: không thông qua.")
	}
	for _, r := range h.reserved {
		if r.PollID == p.ID {
			name := "?"
			if r.Person != nil {
				name = r.Person.FullName
			}
			line("+ Đồng chí %s bảo lưu ý kiến: %s", name, strings.Join(strings.Fields(r.Text), " "))
		}
	}
}

func comrade(p *model.Person) string {
	if p == nil {
		return "(chưa phân công)"
	}
	return "đồng chí " + p.FullName
}
