package session_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"nghisu/internal/auth"
	"nghisu/internal/db"
	"nghisu/internal/model"
	"nghisu/internal/session"
	"nghisu/internal/store"
	"nghisu/internal/testutil"
)

func (f *fixture) ask(t *testing.T, a *auth.Actor, meetingID int64, in model.QuestionInput) *model.Question {
	t.Helper()
	q, err := f.svc.Ask(ctx, a, meetingID, in)
	if err != nil {
		t.Fatalf("ask %q: %v", in.Text, err)
	}
	return q
}

func (f *fixture) question(t *testing.T, id int64) *model.Question {
	t.Helper()
	q, err := f.st.Question(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

func questionIDs(qs []model.Question) []int64 {
	var out []int64
	for _, q := range qs {
		out = append(out, q.ID)
	}
	return out
}

// TestQuestions: members put questions (chất vấn) before the meeting or
// during it, to the committee, its bodies or a fellow member; the chair
// puts them on the floor one at a time; they are answered in the meeting
// or promised in writing (by default within 30 days); only the asker says
// whether the answer satisfies them; questions left open are taken up at
// the body's next meeting.
func TestQuestions(t *testing.T) {
	t.Parallel()
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := newServer(t, d, nil)
		f := setup(t, srv)
		uv, btv, vp := srv.Actor(t, "uv.mytho"), srv.Actor(t, "btv.mytho"), srv.Actor(t, "vp.mytho")
		bithu := f.chair.Account.PersonID
		text := "Đề nghị Thường trực cho biết vì sao tỷ lệ hồ sơ trực tuyến quý I chỉ đạt 62%?"

		// Before the meeting: validation.
		for _, c := range []struct {
			what, field, key string
			in               model.QuestionInput
		}{
			{"no addressee", "addressee", "question.addressee_invalid", model.QuestionInput{Text: text}},
			{"unknown addressee", "addressee", "question.addressee_invalid", model.QuestionInput{Addressee: "province", Text: text}},
			{"a member not named", "addressee_person_id", "question.person_required", model.QuestionInput{Addressee: model.AskPerson, Text: text}},
			{"oneself", "addressee_person_id", "question.not_yourself", model.QuestionInput{Addressee: model.AskPerson, AddresseePersonID: uv.Account.PersonID, Text: text}},
			{"not a member of the body", "addressee_person_id", "question.person_not_member", model.QuestionInput{Addressee: model.AskPerson, AddresseePersonID: vp.Account.PersonID, Text: text}},
			{"a request for information", "text", "question.text_short", model.QuestionInput{Addressee: model.AskExecutive, Text: " Vì sao? "}},
			{"too long", "text", "session.too_long", model.QuestionInput{Addressee: model.AskExecutive, Text: strings.Repeat("á", 5001)}},
		} {
			_, err := f.svc.Ask(ctx, uv, f.m.ID, c.in)
			invalid(t, c.what, err, c.field, c.key)
		}
		_, err := f.svc.Ask(ctx, vp, f.m.ID, model.QuestionInput{Addressee: model.AskExecutive, Text: text})
		denied(t, "the office asks", err, "session.not_member")

		q1 := f.ask(t, uv, f.m.ID, model.QuestionInput{Addressee: model.AskExecutive, Text: "  " + text + " "})
		if q1.State != model.QuestionSubmitted || q1.Text != text || q1.AskerID != uv.Account.PersonID || q1.OrgID != f.m.Body.OrgID || q1.AddresseePersonID != 0 {
			t.Errorf("question before the meeting: %+v", q1)
		}
		// To a named member; the addressee's id is dropped for a body.
		q2 := f.ask(t, btv, f.m.ID, model.QuestionInput{Addressee: model.AskPerson, AddresseePersonID: bithu,
			Text: "Đề nghị đồng chí Bí thư cho biết kế hoạch tập huấn kỹ năng số cho cán bộ?"})
		q3 := f.ask(t, uv, f.m.ID, model.QuestionInput{Addressee: model.AskInspection, AddresseePersonID: bithu,
			Text: "Đề nghị Ủy ban Kiểm tra cho biết kết quả giám sát chi bộ khu phố 3?"})
		if q2.AddresseePersonID != bithu || q3.AddresseePersonID != 0 {
			t.Errorf("addressees: %d, %d", q2.AddresseePersonID, q3.AddresseePersonID)
		}

		f.present(t, 20)
		refused(t, "on the floor before the opening", f.svc.PutOnFloor(ctx, f.chair, f.m.ID, q1.ID), "session.not_in_session")
		f.open(t)
		// During the meeting.
		q4 := f.ask(t, uv, f.m.ID, model.QuestionInput{Addressee: model.AskCommittee,
			Text: "Đề nghị Ban Chấp hành cho biết nguồn kinh phí cho chuyển đổi số năm nay?"})
		q5 := f.ask(t, btv, f.m.ID, model.QuestionInput{Addressee: model.AskStanding,
			Text: "Đề nghị Ban Thường vụ cho biết lộ trình số hóa hồ sơ đảng viên?"})

		live := f.live(t)
		if live.Questions.OnFloor != nil || !slices.Equal(viewIDs(live.Questions.Waiting), []int64{q1.ID, q2.ID, q3.ID, q4.ID, q5.ID}) {
			t.Errorf("questions waiting %+v", live.Questions)
		}
		if w := live.Questions.Waiting[1]; w.ToName == "" || w.To != model.AskPerson || w.Asker == "" {
			t.Errorf("question to a member: %+v", w)
		}

		// The chair puts them on the floor, one at a time.
		denied(t, "a member puts a question on the floor", f.svc.PutOnFloor(ctx, uv, f.m.ID, q1.ID), "session.not_chair")
		if err := f.svc.PutOnFloor(ctx, f.chair, f.m.ID, q1.ID); err != nil {
			t.Fatal(err)
		}
		refused(t, "a second question on the floor", f.svc.PutOnFloor(ctx, f.chair, f.m.ID, q2.ID), "question.other_on_floor")
		refused(t, "a question on the floor again", f.svc.PutOnFloor(ctx, f.chair, f.m.ID, q1.ID), "question.not_waiting")
		if l := f.live(t); l.Questions.OnFloor == nil || l.Questions.OnFloor.ID != q1.ID || len(l.Questions.Waiting) != 4 {
			t.Errorf("question on the floor %+v", l.Questions)
		}
		refused(t, "withdraw a question on the floor", f.svc.WithdrawQuestion(ctx, uv, q1.ID), "question.not_waiting")
		refused(t, "answer a question not on the floor", f.svc.Answer(ctx, f.chair, q2.ID, model.AnswerInput{Answer: "Trả lời."}), "question.not_on_floor")

		// Answered in the meeting, by a member, recorded by the office.
		pbtt := srv.PersonOf(t, "pbtt.mytho")
		invalid(t, "no answer", f.svc.Answer(ctx, vp, q1.ID, model.AnswerInput{AnsweredBy: pbtt}), "answer", "question.answer_required")
		invalid(t, "answered by an outsider", f.svc.Answer(ctx, vp, q1.ID, model.AnswerInput{Answer: "Trả lời.", AnsweredBy: vp.Account.PersonID}),
			"answered_by", "session.not_participant")
		denied(t, "a member records the answer", f.svc.Answer(ctx, uv, q1.ID, model.AnswerInput{Answer: "Trả lời."}), "session.not_secretary")
		answer := "Do hạ tầng mạng ở 3 khu phố chưa ổn định; quý II sẽ khắc phục."
		if err := f.svc.Answer(ctx, vp, q1.ID, model.AnswerInput{Answer: answer, AnsweredBy: pbtt}); err != nil {
			t.Fatal(err)
		}
		if q := f.question(t, q1.ID); q.State != model.QuestionAnswered || q.Answer != answer || q.AnsweredBy != pbtt || q.AnsweredAt == nil || q.FloorAt == nil {
			t.Errorf("answered: %+v", q)
		}

		// Only the asker gives the verdict, once answered.
		denied(t, "another's verdict", f.svc.Verdict(ctx, btv, q1.ID, true), "question.not_asker")
		denied(t, "the chair's verdict", f.svc.Verdict(ctx, f.chair, q1.ID, true), "question.not_asker")
		refused(t, "verdict before the answer", f.svc.Verdict(ctx, btv, q2.ID, true), "question.not_answered")
		if err := f.svc.Verdict(ctx, uv, q1.ID, false); err != nil {
			t.Fatal(err)
		}
		if q := f.question(t, q1.ID); q.Satisfied == nil || *q.Satisfied {
			t.Errorf("verdict %v", ptr(q.Satisfied))
		}

		// Promised in writing: by default within 30 days (answer_days).
		if err := f.svc.PutOnFloor(ctx, f.chair, f.m.ID, q2.ID); err != nil {
			t.Fatal(err)
		}
		invalid(t, "a due day in the past", f.svc.Answer(ctx, f.chair, q2.ID, model.AnswerInput{InWriting: true, Due: f.today()}),
			"due", "question.due_past")
		if err := f.svc.Answer(ctx, f.chair, q2.ID, model.AnswerInput{InWriting: true}); err != nil {
			t.Fatal(err)
		}
		want30 := model.DateOf(time.Date(2026, 4, 9, 0, 0, 0, 0, time.UTC))
		if q := f.question(t, q2.ID); q.State != model.QuestionPromised || q.AnswerDue != want30 || !q.Open() {
			t.Errorf("promised: %s due %s, want promised due %s", q.State, q.AnswerDue, want30)
		}
		f.setSettings(t, map[string]string{"answer_days": "10"})
		if err := f.svc.PutOnFloor(ctx, f.chair, f.m.ID, q3.ID); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.Answer(ctx, f.chair, q3.ID, model.AnswerInput{InWriting: true}); err != nil {
			t.Fatal(err)
		}
		if q := f.question(t, q3.ID); q.AnswerDue != model.DateOf(time.Date(2026, 3, 20, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("due with answer_days=10: %s", q.AnswerDue)
		}
		// A day given by the chair.
		if err := f.svc.PutOnFloor(ctx, f.chair, f.m.ID, q4.ID); err != nil {
			t.Fatal(err)
		}
		due := model.DateOf(time.Date(2026, 5, 15, 0, 0, 0, 0, time.UTC))
		if err := f.svc.Answer(ctx, f.chair, q4.ID, model.AnswerInput{InWriting: true, Due: due}); err != nil {
			t.Fatal(err)
		}
		if q := f.question(t, q4.ID); q.AnswerDue != due {
			t.Errorf("due given: %s, want %s", q.AnswerDue, due)
		}

		// The written answer comes later: from the member it was put to,
		// or the office for a body; not from another member.
		srv.Clock.Advance(5 * 24 * time.Hour)
		refused(t, "a written answer to a question answered", f.svc.AnswerInWriting(ctx, f.chair, q1.ID, "Trả lời thêm."), "question.not_promised")
		denied(t, "another member answers", f.svc.AnswerInWriting(ctx, uv, q2.ID, "Trả lời."), "question.not_yours_to_answer")
		denied(t, "a member answers for a body", f.svc.AnswerInWriting(ctx, btv, q3.ID, "Trả lời."), "question.not_yours_to_answer")
		invalid(t, "an empty written answer", f.svc.AnswerInWriting(ctx, f.chair, q2.ID, " "), "answer", "question.answer_required")
		if err := f.svc.AnswerInWriting(ctx, f.chair, q2.ID, "Kế hoạch tập huấn sẽ ban hành trong tháng 4."); err != nil {
			t.Fatal(err)
		}
		if q := f.question(t, q2.ID); q.State != model.QuestionAnswered || q.AnsweredBy != bithu || q.AnsweredAt == nil || !q.AnsweredAt.Equal(srv.Clock.Now()) {
			t.Errorf("answered in writing: %+v", q)
		}
		if err := f.svc.Verdict(ctx, btv, q2.ID, true); err != nil {
			t.Fatal(err)
		}

		// Withdrawn by the asker while waiting.
		denied(t, "withdraw another's question", f.svc.WithdrawQuestion(ctx, uv, q5.ID), "question.not_asker")
		q6 := f.ask(t, uv, f.m.ID, model.QuestionInput{Addressee: model.AskCommittee, Text: "Câu hỏi sẽ được rút lại trước khi trả lời."})
		if err := f.svc.WithdrawQuestion(ctx, uv, q6.ID); err != nil {
			t.Fatal(err)
		}
		if q := f.question(t, q6.ID); q.State != model.QuestionClosed || q.Open() {
			t.Errorf("withdrawn: %s", q.State)
		}

		// The meeting's questions; those left open (q3 and q4 promised,
		// q5 never reached) are taken up at the body's next meeting.
		own, carried, err := f.svc.Questions(ctx, f.chair, f.m.ID)
		if err != nil || !slices.Equal(questionIDs(own), []int64{q1.ID, q2.ID, q3.ID, q4.ID, q5.ID, q6.ID}) || len(carried) != 0 {
			t.Errorf("own %v, carried %v, %v", questionIDs(own), questionIDs(carried), err)
		}
		april, err := f.st.Meetings(ctx, store.MeetingQuery{BodyIDs: []int64{f.bch.ID}, Kind: model.MeetingRegular, From: f.m.StartsAt})
		if err != nil || len(april) != 1 {
			t.Fatalf("next regular meeting: %d, %v", len(april), err)
		}
		_, carried, err = f.svc.Questions(ctx, uv, april[0].ID)
		if err != nil || !slices.Equal(questionIDs(carried), []int64{q3.ID, q4.ID, q5.ID}) {
			t.Errorf("carried to the next meeting: %v, %v; want %v", questionIDs(carried), err, []int64{q3.ID, q4.ID, q5.ID})
		}
		// Not to a meeting of another body.
		btvBody := srv.Body(t, "Mỹ Tho", model.BodyStanding)
		btvMeetings, err := f.st.Meetings(ctx, store.MeetingQuery{BodyIDs: []int64{btvBody.ID}})
		if err != nil || len(btvMeetings) == 0 {
			t.Fatal(err)
		}
		if _, carried, err := f.svc.Questions(ctx, f.chair, btvMeetings[0].ID); err != nil || len(carried) != 0 {
			t.Errorf("the BTV's meeting carries the BCH's questions: %v, %v", questionIDs(carried), err)
		}

		// The meeting ends; a later meeting of the body, in session, takes
		// up a question left waiting: it moves there.
		if err := f.svc.Adjourn(ctx, f.chair, f.m.ID); err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.Ask(ctx, uv, f.m.ID, model.QuestionInput{Addressee: model.AskCommittee, Text: text})
		refused(t, "ask after the meeting", err, "question.meeting_closed")
		later := &model.Meeting{BodyID: f.bch.ID, Kind: model.MeetingThematic, Title: "Hội nghị Ban Chấp hành bất thường",
			Place: "Hội trường", StartsAt: f.m.StartsAt.Add(3 * time.Hour), Month: f.m.Month, ChairID: bithu,
			Guests: []string{}, State: model.StateConvened}
		if err := f.st.CreateMeeting(ctx, later, 0); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.Open(ctx, f.chair, later.ID); err != nil {
			t.Fatal(err)
		}
		if _, carried, _ := f.svc.Questions(ctx, f.chair, later.ID); !slices.Equal(questionIDs(carried), []int64{q3.ID, q4.ID, q5.ID}) {
			t.Errorf("carried to the later meeting: %v", questionIDs(carried))
		}
		if err := f.svc.PutOnFloor(ctx, f.chair, later.ID, q5.ID); err != nil {
			t.Fatal(err)
		}
		if q := f.question(t, q5.ID); q.MeetingID != later.ID || q.State != model.QuestionOnFloor {
			t.Errorf("taken up: meeting %d, %s; want %d, on the floor", q.MeetingID, q.State, later.ID)
		}
		refused(t, "a promised question on the floor again", f.svc.PutOnFloor(ctx, f.chair, later.ID, q3.ID), "question.not_waiting")
		// A question of another body's meeting is not this meeting's to
		// take up.
		qb := &model.Question{OrgID: f.m.Body.OrgID, MeetingID: btvMeetings[0].ID, AskerID: btv.Account.PersonID,
			Addressee: model.AskStanding, Text: "Câu hỏi trong Hội nghị Ban Thường vụ.", State: model.QuestionSubmitted}
		if err := f.st.AddQuestion(ctx, qb); err != nil {
			t.Fatal(err)
		}
		notFound(t, "another body's question", f.svc.PutOnFloor(ctx, f.chair, later.ID, qb.ID))
	})
}

func viewIDs(vs []session.QuestionView) []int64 {
	var out []int64
	for _, v := range vs {
		out = append(out, v.ID)
	}
	return out
}
