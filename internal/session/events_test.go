package session_test

import (
	"encoding/json"
	"testing"
	"time"

	"nghisu/internal/db"
	"nghisu/internal/model"
	"nghisu/internal/session"
	"nghisu/internal/testutil"
)

// TestEvents: each change appends to the meeting's topic one event per
// section it changed, carrying that section whole; a refused action
// appends none.
func TestEvents(t *testing.T) {
	t.Parallel()
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := newServer(t, d, nil)
		f := setup(t, srv)
		vp, uv, btv := srv.Actor(t, "vp.mytho"), srv.Actor(t, "uv.mytho"), srv.Actor(t, "btv.mytho")
		in := f.incumbents
		var (
			speech, order *model.Speech
			q, q2         *model.Question
			poll          *model.Poll
		)
		const (
			meeting    = session.SectionMeeting
			attendance = session.SectionAttendance
			floor      = session.SectionFloor
			pollSec    = session.SectionPoll
			question   = session.SectionQuestion
		)
		type sections = []session.Section
		steps := []struct {
			what string
			do   func() error
			want sections
			fail bool // refused or invalid: no event
		}{
			{"record attendance", func() error {
				f.attend(t, model.AttendPresent, in[1:20]...)
				return nil
			}, nil, false}, // checked below: one event per mark
			{"check in", func() error { return f.svc.CheckIn(ctx, f.chair, f.m.ID) }, sections{attendance}, false},
			{"excused without a reason", func() error {
				return f.svc.RecordAttendance(ctx, f.chair, f.m.ID, in[25], model.AttendanceInput{Status: model.AttendExcused})
			}, nil, true},
			{"ask before the opening", func() error {
				var err error
				q, err = f.svc.Ask(ctx, uv, f.m.ID, model.QuestionInput{Addressee: model.AskExecutive, Text: "Đề nghị cho biết tiến độ số hóa hồ sơ?"})
				return err
			}, sections{question}, false},
			{"a vote before the opening", func() error {
				_, err := f.svc.OpenPoll(ctx, f.chair, f.m.ID, model.PollInput{Title: "x", DecisionKind: model.DecideOrdinary, Method: model.MethodOpen})
				return err
			}, nil, true},
			{"open", func() error { return f.svc.Open(ctx, f.chair, f.m.ID) }, sections{meeting, floor}, false},
			{"open twice", func() error { return f.svc.Open(ctx, f.chair, f.m.ID) }, nil, true},
			{"a member opens a vote", func() error {
				_, err := f.svc.OpenPoll(ctx, uv, f.m.ID, model.PollInput{Title: "x", DecisionKind: model.DecideOrdinary, Method: model.MethodOpen})
				return err
			}, nil, true},
			{"next item", func() error { return f.svc.GoTo(ctx, f.chair, f.m.ID, 1, 0) }, sections{meeting, floor}, false},
			{"speaking limit", func() error { return f.svc.SetSpeakingLimit(ctx, f.chair, f.items[1].ID, 5) }, sections{floor}, false},
			{"ask to speak", func() error {
				var err error
				speech, err = f.svc.RequestFloor(ctx, uv, f.m.ID, model.SpeechNormal)
				return err
			}, sections{floor}, false},
			{"ask to speak twice", func() error { _, err := f.svc.RequestFloor(ctx, uv, f.m.ID, model.SpeechNormal); return err }, nil, true},
			{"add a speaker", func() error {
				var err error
				order, err = f.svc.AddSpeaker(ctx, vp, f.m.ID, btv.Account.PersonID, model.SpeechOrder)
				return err
			}, sections{floor}, false},
			{"move a speaker", func() error { return f.svc.MoveSpeaker(ctx, f.chair, speech.ID, -1) }, sections{floor}, false},
			{"give the floor", func() error { return f.svc.GiveFloor(ctx, f.chair, speech.ID) }, sections{floor}, false},
			{"end the speech", func() error { srv.Clock.Advance(time.Minute); return f.svc.EndSpeech(ctx, vp, speech.ID) }, sections{floor}, false},
			{"end it again", func() error { return f.svc.EndSpeech(ctx, vp, speech.ID) }, nil, true},
			{"the substance", func() error { return f.svc.SetSubstance(ctx, vp, speech.ID, "Ý kiến về kinh phí.") }, sections{floor}, false},
			{"withdraw", func() error { return f.svc.Withdraw(ctx, btv, order.ID) }, sections{floor}, false},
			{"conclude the item", func() error { return f.svc.Conclude(ctx, f.chair, f.items[1].ID, true, "Hội nghị thống nhất.") }, sections{meeting}, false},
			{"put a question on the floor", func() error { return f.svc.PutOnFloor(ctx, f.chair, f.m.ID, q.ID) }, sections{question}, false},
			{"answer", func() error { return f.svc.Answer(ctx, vp, q.ID, model.AnswerInput{Answer: "Trả lời."}) }, sections{question}, false},
			{"verdict", func() error { return f.svc.Verdict(ctx, uv, q.ID, true) }, sections{question}, false},
			{"verdict by another", func() error { return f.svc.Verdict(ctx, btv, q.ID, true) }, nil, true},
			{"ask in the meeting", func() error {
				var err error
				q2, err = f.svc.Ask(ctx, btv, f.m.ID, model.QuestionInput{Addressee: model.AskCommittee, Text: "Đề nghị cho biết kinh phí năm nay?"})
				return err
			}, sections{question}, false},
			{"promise in writing", func() error {
				if err := f.svc.PutOnFloor(ctx, f.chair, f.m.ID, q2.ID); err != nil {
					return err
				}
				return f.svc.Answer(ctx, f.chair, q2.ID, model.AnswerInput{InWriting: true})
			}, sections{question, question}, false},
			{"answer in writing", func() error { return f.svc.AnswerInWriting(ctx, vp, q2.ID, "Trả lời bằng văn bản.") }, sections{question}, false},
			{"a question withdrawn", func() error {
				q3, err := f.svc.Ask(ctx, uv, f.m.ID, model.QuestionInput{Addressee: model.AskCommittee, Text: "Câu hỏi sẽ được rút lại."})
				if err != nil {
					return err
				}
				return f.svc.WithdrawQuestion(ctx, uv, q3.ID)
			}, sections{question, question}, false},
			{"open a vote", func() error {
				var err error
				poll, err = f.svc.OpenPoll(ctx, f.chair, f.m.ID, model.PollInput{Title: "Thông qua", DecisionKind: model.DecideOrdinary, Method: model.MethodNamed})
				return err
			}, sections{pollSec}, false},
			{"a ballot", func() error {
				_, err := f.svc.Cast(ctx, uv, poll.ID, model.BallotInput{Choice: model.ChoiceFor, Key: "device-key-0001"})
				return err
			}, sections{pollSec}, false},
			{"the ballot again", func() error {
				_, err := f.svc.Cast(ctx, uv, poll.ID, model.BallotInput{Choice: model.ChoiceFor, Key: "device-key-0001"})
				return err
			}, nil, false}, // a retry changes nothing
			{"a changed ballot (the commune allows changes by default)", func() error {
				r, err := f.svc.Cast(ctx, uv, poll.ID, model.BallotInput{Choice: model.ChoiceAgainst, Key: "device-key-0002"})
				if err == nil && !r.Changed {
					t.Errorf("not a change: %+v", r)
				}
				return err
			}, sections{pollSec}, false},
			{"a ballot with another's key", func() error {
				_, err := f.svc.Cast(ctx, btv, poll.ID, model.BallotInput{Choice: model.ChoiceAgainst, Key: "device-key-0002"})
				return err
			}, nil, true},
			{"a ballot of an absent member", func() error {
				_, err := f.svc.Cast(ctx, f.actor(t, in[27]), poll.ID, model.BallotInput{Choice: model.ChoiceFor, Key: "device-key-0003"})
				return err
			}, nil, true},
			{"next item while voting", func() error { return f.svc.GoTo(ctx, f.chair, f.m.ID, 1, 0) }, nil, true},
			{"adjourn while voting", func() error { return f.svc.Adjourn(ctx, f.chair, f.m.ID) }, nil, true},
			{"close the vote", func() error { _, err := f.svc.ClosePoll(ctx, f.chair, poll.ID, nil); return err }, sections{pollSec}, false},
			{"close it again", func() error { _, err := f.svc.ClosePoll(ctx, f.chair, poll.ID, nil); return err }, nil, true},
			{"reserve an opinion", func() error {
				p, err := f.svc.OpenPoll(ctx, f.chair, f.m.ID, model.PollInput{Title: "Thông qua", DecisionKind: model.DecideOrdinary, Method: model.MethodOpen})
				if err != nil {
					return err
				}
				if _, err := f.svc.ClosePoll(ctx, vp, p.ID, &model.Tally{For: 18, Against: 2}); err != nil {
					return err
				}
				_, err = f.svc.Reserve(ctx, btv, p.ID, "Tôi bảo lưu ý kiến.")
				return err
			}, sections{pollSec, pollSec}, false}, // the reservation itself is not on the live screens
			{"adjourn", func() error { return f.svc.Adjourn(ctx, f.chair, f.m.ID) }, sections{meeting, floor}, false},
			{"conclude after adjourning", func() error { return f.svc.Conclude(ctx, f.chair, f.items[2].ID, false, "") }, sections{meeting}, false},
			{"attendance after adjourning", func() error {
				return f.svc.RecordAttendance(ctx, f.chair, f.m.ID, in[25], model.AttendanceInput{Status: model.AttendPresent})
			}, nil, true},
		}
		last := f.lastEvent(t)
		for _, s := range steps {
			err := s.do()
			switch {
			case s.fail && err == nil:
				t.Errorf("%s: not refused", s.what)
			case !s.fail && err != nil:
				t.Fatalf("%s: %v", s.what, err)
			}
			if s.what == "record attendance" {
				evs := f.events(t, last)
				for _, e := range evs {
					if e.Kind != string(attendance) {
						t.Errorf("attendance: event %s", e.Kind)
					}
					last = e.ID
				}
				if len(evs) != 19 {
					t.Errorf("19 marks: %d events", len(evs))
				}
				continue
			}
			last = f.expectEvents(t, last, s.what, s.want...)
		}

		// Each event is its section whole, as the live view has it: the
		// newest of each section rebuilds the screen.
		newest := map[string]json.RawMessage{}
		for _, e := range f.events(t, 0) {
			newest[e.Kind] = e.Data
		}
		live := f.live(t)
		for _, c := range []struct {
			sec  session.Section
			view any
		}{
			{meeting, live.Meeting}, {attendance, live.Attendance}, {pollSec, live.Poll}, {question, live.Questions},
		} {
			want, _ := json.Marshal(c.view)
			if string(newest[string(c.sec)]) != string(want) {
				t.Errorf("newest %s event %s, live %s", c.sec, newest[string(c.sec)], want)
			}
		}
		if live.LastEventID != last {
			t.Errorf("live as of event %d, want %d", live.LastEventID, last)
		}
		var mv session.MeetingView
		if err := json.Unmarshal(newest[string(meeting)], &mv); err != nil || mv.State != model.StateAdjourned ||
			len(mv.Items) != 4 || !mv.Items[1].Discussed || mv.Items[1].Conclusion != "Hội nghị thống nhất." {
			t.Errorf("meeting event %+v, %v", mv, err)
		}
	})
}
