package session_test

import (
	"errors"
	"testing"

	"nghisu/internal/auth"
	"nghisu/internal/db"
	"nghisu/internal/model"
	"nghisu/internal/store"
	"nghisu/internal/testutil"
)

// TestSeats: who runs the meeting, who keeps its record, who votes.
func TestSeats(t *testing.T) {
	t.Parallel()
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := newServer(t, d, nil)
		f := setup(t, srv)
		cases := []struct {
			who                         string
			actor                       *auth.Actor
			member, runs, records, vote bool
		}{
			{"the Bí thư, who chairs", f.chair, true, true, true, true},
			{"the Phó Bí thư thường trực, who may take over", srv.Actor(t, "pbtt.mytho"), true, true, true, true},
			{"a BTV member", srv.Actor(t, "btv.mytho"), true, false, false, true},
			{"a member", srv.Actor(t, "uv.mytho"), true, false, false, true},
			{"the meeting's secretary", f.actor(t, f.m.SecretaryID), true, false, true, true},
			{"a transferred member", f.actor(t, f.transferred[0]), true, false, false, false},
			{"the office", srv.Actor(t, "vp.mytho"), false, false, true, false},
			{"the province", srv.Actor(t, "tinhuy"), false, false, false, false},
			{"the administrator", srv.Actor(t, "admin"), false, false, false, false},
		}
		for _, c := range cases {
			seat, err := f.svc.Seat(ctx, c.actor, f.m.ID)
			if err != nil {
				t.Errorf("%s: %v", c.who, err)
				continue
			}
			if (seat.Member != nil) != c.member || seat.Runs != c.runs || seat.Records != c.records || seat.Votes() != c.vote {
				t.Errorf("%s: member %v, runs %v, records %v, votes %v; want %v, %v, %v, %v", c.who,
					seat.Member != nil, seat.Runs, seat.Records, seat.Votes(), c.member, c.runs, c.records, c.vote)
			}
			me, err := f.svc.MeOf(ctx, c.actor, f.m.ID)
			if err != nil || me.Member != c.member || me.Runs != c.runs || me.Records != c.records || me.Votes != c.vote {
				t.Errorf("%s: me %+v, %v", c.who, me, err)
			}
		}
	})
}

// TestAuthorization: a member does not run the meeting; another commune
// does not see it at all (not found, for every object of it); the province
// reads but does not run.
func TestAuthorization(t *testing.T) {
	t.Parallel()
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := newServer(t, d, nil)
		f := setup(t, srv)
		uv, vp, caolanh, tinhuy := srv.Actor(t, "uv.mytho"), srv.Actor(t, "vp.mytho"), srv.Actor(t, "bithu.caolanh"), srv.Actor(t, "tinhuy")
		f.present(t, 20)

		// Objects of every kind, as the chair and members make them.
		q, err := f.svc.Ask(ctx, uv, f.m.ID, model.QuestionInput{Addressee: model.AskCommittee, Text: "Đề nghị cho biết kinh phí năm nay?"})
		if err != nil {
			t.Fatal(err)
		}
		denied(t, "a member opens the meeting", f.svc.Open(ctx, uv, f.m.ID), "session.not_chair")
		denied(t, "the office opens the meeting", f.svc.Open(ctx, vp, f.m.ID), "session.not_chair")
		f.open(t)
		sp, err := f.svc.RequestFloor(ctx, uv, f.m.ID, model.SpeechNormal)
		if err != nil {
			t.Fatal(err)
		}
		named := f.openPoll(t, model.DecideOrdinary, model.MethodNamed)
		f.cast(t, named.ID, uv.Account.PersonID, model.ChoiceFor, key(uv.Account.PersonID, 1))
		item := f.m.CurrentItemID
		pollIn := model.PollInput{Title: "Biểu quyết", DecisionKind: model.DecideOrdinary, Method: model.MethodOpen}
		ballot := model.BallotInput{Choice: model.ChoiceFor, Key: "stranger-key-1"}

		// A member and the province: denied the chair's and the
		// secretary's acts.
		for _, a := range []struct {
			who string
			a   *auth.Actor
		}{{"uv.mytho", uv}, {"tinhuy", tinhuy}} {
			steps := []struct {
				what, key string
				err       error
			}{
				{"open a vote", "session.not_chair", second(f.svc.OpenPoll(ctx, a.a, f.m.ID, pollIn))},
				{"close a vote", "session.not_chair", second(f.svc.ClosePoll(ctx, a.a, named.ID, nil))},
				{"next item", "session.not_chair", f.svc.GoTo(ctx, a.a, f.m.ID, 1, 0)},
				{"adjourn", "session.not_chair", f.svc.Adjourn(ctx, a.a, f.m.ID)},
				{"conclude", "session.not_chair", f.svc.Conclude(ctx, a.a, item, true, "Kết luận.")},
				{"speaking limit", "session.not_chair", f.svc.SetSpeakingLimit(ctx, a.a, item, 3)},
				{"give the floor", "session.not_chair", f.svc.GiveFloor(ctx, a.a, sp.ID)},
				{"move a speaker", "session.not_chair", f.svc.MoveSpeaker(ctx, a.a, sp.ID, 1)},
				{"put a question on the floor", "session.not_chair", f.svc.PutOnFloor(ctx, a.a, f.m.ID, q.ID)},
				{"roll call", "session.not_secretary", f.svc.RecordAttendance(ctx, a.a, f.m.ID, f.incumbents[25], model.AttendanceInput{Status: model.AttendPresent})},
				{"add a speaker", "session.not_secretary", second(f.svc.AddSpeaker(ctx, a.a, f.m.ID, f.incumbents[3], model.SpeechNormal))},
				{"end a speech", "session.not_secretary", f.svc.EndSpeech(ctx, a.a, sp.ID)},
				{"substance", "session.not_secretary", f.svc.SetSubstance(ctx, a.a, sp.ID, "x")},
				{"answer", "session.not_secretary", f.svc.Answer(ctx, a.a, q.ID, model.AnswerInput{Answer: "x"})},
			}
			for _, s := range steps {
				denied(t, a.who+": "+s.what, s.err, s.key)
			}
		}
		// The BTV's meetings are for its members, the office and the
		// province: a BCH member outside the BTV does not see them.
		btvBody := srv.Body(t, "Mỹ Tho", model.BodyStanding)
		btvMeetings, err := f.st.Meetings(ctx, store.MeetingQuery{BodyIDs: []int64{btvBody.ID}})
		if err != nil || len(btvMeetings) == 0 {
			t.Fatalf("BTV meetings: %v", err)
		}
		notFound(t, "a BCH member at the BTV's meeting", second(f.svc.Seat(ctx, uv, btvMeetings[0].ID)))
		if seat, err := f.svc.Seat(ctx, srv.Actor(t, "btv.mytho"), btvMeetings[0].ID); err != nil || seat.Member == nil || !seat.Votes() {
			t.Errorf("a BTV member at the BTV's meeting: %+v, %v", seat, err)
		}

		// The province reads.
		seat, err := f.svc.Seat(ctx, tinhuy, f.m.ID)
		if err != nil || seat.Runs || seat.Records || seat.Member != nil {
			t.Fatalf("province's seat %+v, %v", seat, err)
		}
		if l, err := f.svc.Live(ctx, seat); err != nil || l.Meeting.ID != f.m.ID || l.Attendance.Base != 28 || l.Poll == nil {
			t.Errorf("province's live view: %v", err)
		}
		if _, _, err := f.svc.Roll(ctx, tinhuy, f.m.ID); err != nil {
			t.Error(err)
		}
		if ps, _, err := f.svc.Polls(ctx, tinhuy, f.m.ID); err != nil || len(ps) != 1 {
			t.Errorf("province's polls: %v", err)
		}
		if _, _, err := f.svc.Speeches(ctx, tinhuy, f.m.ID); err != nil {
			t.Error(err)
		}
		if own, _, err := f.svc.Questions(ctx, tinhuy, f.m.ID); err != nil || len(own) != 1 {
			t.Errorf("province's questions: %v", err)
		}
		_, err = f.svc.Cast(ctx, tinhuy, named.ID, ballot)
		denied(t, "the province votes", err, "vote.not_eligible")
		denied(t, "the province checks in", f.svc.CheckIn(ctx, tinhuy, f.m.ID), "session.not_member")
		_, err = f.svc.RequestFloor(ctx, tinhuy, f.m.ID, model.SpeechNormal)
		denied(t, "the province asks to speak", err, "session.not_member")
		_, err = f.svc.Ask(ctx, tinhuy, f.m.ID, model.QuestionInput{Addressee: model.AskCommittee, Text: "Câu hỏi của tỉnh về kinh phí?"})
		denied(t, "the province asks a question", err, "session.not_member")

		// Another commune: every object of the meeting is not found, and
		// nothing is written.
		f.close(t, named.ID, nil)
		before, polls := f.lastEvent(t), f.pollCount(t)
		steps := []struct {
			what string
			err  error
		}{
			{"seat", second(f.svc.Seat(ctx, caolanh, f.m.ID))},
			{"me", second(f.svc.MeOf(ctx, caolanh, f.m.ID))},
			{"roll", third(f.svc.Roll(ctx, caolanh, f.m.ID))},
			{"record attendance", f.svc.RecordAttendance(ctx, caolanh, f.m.ID, f.incumbents[25], model.AttendanceInput{Status: model.AttendPresent})},
			{"check in", f.svc.CheckIn(ctx, caolanh, f.m.ID)},
			{"open", f.svc.Open(ctx, caolanh, f.m.ID)},
			{"adjourn", f.svc.Adjourn(ctx, caolanh, f.m.ID)},
			{"next item", f.svc.GoTo(ctx, caolanh, f.m.ID, 1, 0)},
			{"conclude", f.svc.Conclude(ctx, caolanh, item, true, "x")},
			{"speaking limit", f.svc.SetSpeakingLimit(ctx, caolanh, item, 3)},
			{"polls", third(f.svc.Polls(ctx, caolanh, f.m.ID))},
			{"poll", second(f.svc.Poll(ctx, caolanh, named.ID))},
			{"named votes", second(f.svc.NamedVotes(ctx, caolanh, named.ID))},
			{"open a vote", second(f.svc.OpenPoll(ctx, caolanh, f.m.ID, pollIn))},
			{"close a vote", second(f.svc.ClosePoll(ctx, caolanh, named.ID, nil))},
			{"cast", second(f.svc.Cast(ctx, caolanh, named.ID, ballot))},
			{"reserve", second(f.svc.Reserve(ctx, caolanh, named.ID, "Bảo lưu."))},
			{"speeches", third(f.svc.Speeches(ctx, caolanh, f.m.ID))},
			{"speech", second(f.svc.Speech(ctx, caolanh, sp.ID))},
			{"ask to speak", second(f.svc.RequestFloor(ctx, caolanh, f.m.ID, model.SpeechNormal))},
			{"add a speaker", second(f.svc.AddSpeaker(ctx, caolanh, f.m.ID, f.incumbents[3], model.SpeechNormal))},
			{"withdraw", f.svc.Withdraw(ctx, caolanh, sp.ID)},
			{"move", f.svc.MoveSpeaker(ctx, caolanh, sp.ID, 1)},
			{"give the floor", f.svc.GiveFloor(ctx, caolanh, sp.ID)},
			{"end a speech", f.svc.EndSpeech(ctx, caolanh, sp.ID)},
			{"substance", f.svc.SetSubstance(ctx, caolanh, sp.ID, "x")},
			{"questions", third(f.svc.Questions(ctx, caolanh, f.m.ID))},
			{"question", second(f.svc.Question(ctx, caolanh, q.ID))},
			{"ask", second(f.svc.Ask(ctx, caolanh, f.m.ID, model.QuestionInput{Addressee: model.AskCommittee, Text: "Câu hỏi từ xã khác?"}))},
			{"put on the floor", f.svc.PutOnFloor(ctx, caolanh, f.m.ID, q.ID)},
			{"answer", f.svc.Answer(ctx, caolanh, q.ID, model.AnswerInput{Answer: "x"})},
			{"answer in writing", f.svc.AnswerInWriting(ctx, caolanh, q.ID, "x")},
			{"verdict", f.svc.Verdict(ctx, caolanh, q.ID, true)},
			{"withdraw a question", f.svc.WithdrawQuestion(ctx, caolanh, q.ID)},
		}
		for _, s := range steps {
			notFound(t, "bithu.caolanh: "+s.what, s.err)
		}
		// The chair of Mỹ Tho cannot reach another commune's objects
		// through this meeting either.
		clBCH := srv.Body(t, "Cao Lãnh", model.BodyCommittee)
		clMeetings, err := f.st.Meetings(ctx, store.MeetingQuery{BodyIDs: []int64{clBCH.ID}})
		if err != nil || len(clMeetings) == 0 {
			t.Fatalf("Cao Lãnh's meetings: %v", err)
		}
		clItems, err := f.st.Items(ctx, clMeetings[0].ID)
		if err != nil || len(clItems) == 0 {
			t.Fatalf("Cao Lãnh's items: %v", err)
		}
		clQ := &model.Question{OrgID: clBCH.OrgID, MeetingID: clMeetings[0].ID, AskerID: caolanh.Account.PersonID,
			Addressee: model.AskCommittee, Text: "Câu hỏi ở Cao Lãnh.", State: model.QuestionSubmitted}
		if err := f.st.AddQuestion(ctx, clQ); err != nil {
			t.Fatal(err)
		}
		notFound(t, "Mỹ Tho takes up Cao Lãnh's question", f.svc.PutOnFloor(ctx, f.chair, f.m.ID, clQ.ID))
		notFound(t, "Mỹ Tho reads Cao Lãnh's question", second(f.svc.Question(ctx, f.chair, clQ.ID)))
		_, err = f.svc.OpenPoll(ctx, f.chair, f.m.ID, model.PollInput{Title: "x", ItemID: clItems[0].ID, DecisionKind: model.DecideOrdinary, Method: model.MethodOpen})
		invalid(t, "a vote on Cao Lãnh's item", err, "item_id", "vote.item_invalid")
		invalid(t, "Cao Lãnh's Bí thư on Mỹ Tho's roll", f.svc.RecordAttendance(ctx, f.chair, f.m.ID, caolanh.Account.PersonID,
			model.AttendanceInput{Status: model.AttendPresent}), "person_id", "session.not_participant")
		invalid(t, "Cao Lãnh's Bí thư on Mỹ Tho's list of speakers", second(f.svc.AddSpeaker(ctx, f.chair, f.m.ID, caolanh.Account.PersonID,
			model.SpeechNormal)), "person_id", "session.not_participant")
		f.expectEvents(t, before, "another commune's attempts")
		if f.pollCount(t) != polls {
			t.Error("another commune opened a vote")
		}
		if n, _ := f.st.Turnout(ctx, named.ID); n != 1 {
			t.Errorf("turnout %d", n)
		}
		if errors.Is(f.svc.Open(ctx, caolanh, f.m.ID), model.ErrForbidden) {
			t.Error("another commune is told the meeting exists")
		}
	})
}

func second[T any](_ T, err error) error        { return err }
func third[T, U any](_ T, _ U, err error) error { return err }
