package session_test

import (
	"strings"
	"testing"
	"time"

	"nghisu/internal/db"
	"nghisu/internal/model"
	"nghisu/internal/session"
	"nghisu/internal/store"
	"nghisu/internal/testutil"
)

// TestBadInput: each wrong step is refused with its reason and changes
// nothing: no row moves and no event is appended.
func TestBadInput(t *testing.T) {
	t.Parallel()
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := newServer(t, d, nil)
		f := setup(t, srv)
		vp := srv.Actor(t, "vp.mytho")
		a, b := f.incumbents[1], f.incumbents[2]
		absent := f.incumbents[25]
		gone := f.transferred[0]

		// Only a convened meeting opens.
		april, err := f.st.Meetings(ctx, store.MeetingQuery{BodyIDs: []int64{f.bch.ID}, Kind: model.MeetingRegular, From: f.m.StartsAt})
		if err != nil || len(april) != 1 {
			t.Fatalf("next regular meeting: %v", err)
		}
		refused(t, "open a meeting under review", f.svc.Open(ctx, f.chair, april[0].ID), "session.not_convened")

		// Before the meeting opens, nothing is voted.
		_, err = f.svc.OpenPoll(ctx, f.chair, f.m.ID, model.PollInput{Title: "Biểu quyết", DecisionKind: model.DecideOrdinary, Method: model.MethodOpen})
		refused(t, "vote before the opening", err, "session.not_in_session")

		f.present(t, 20)
		f.attend(t, model.AttendPresent, gone)
		f.attend(t, model.AttendExcused, absent)
		f.open(t)

		// check runs a step that must fail and checks that it appended
		// no event and left the meeting where it was.
		check := func(what string, step func() error, verify func(error)) {
			t.Helper()
			before := f.lastEvent(t)
			m0 := f.meeting(t, f.m.ID)
			err := step()
			verify(err)
			f.expectEvents(t, before, what)
			m1 := f.meeting(t, f.m.ID)
			if m1.State != m0.State || m1.CurrentItemID != m0.CurrentItemID {
				t.Errorf("%s: meeting moved from %s/%d to %s/%d", what, m0.State, m0.CurrentItemID, m1.State, m1.CurrentItemID)
			}
		}
		pollInput := func(mod func(*model.PollInput)) model.PollInput {
			in := model.PollInput{Title: "Biểu quyết", DecisionKind: model.DecideOrdinary, Method: model.MethodOpen}
			mod(&in)
			return in
		}
		openPoll := func(in model.PollInput) func() error {
			return func() error { _, err := f.svc.OpenPoll(ctx, f.chair, f.m.ID, in); return err }
		}
		otherMeeting := func() int64 { // an item of another meeting of the body
			ms, err := f.st.Meetings(ctx, store.MeetingQuery{BodyIDs: []int64{f.bch.ID}, Kind: model.MeetingRegular})
			if err != nil || len(ms) == 0 {
				t.Fatal(err)
			}
			items, err := f.st.Items(ctx, ms[0].ID)
			if err != nil || len(items) == 0 {
				t.Fatal(err)
			}
			return items[0].ID
		}()
		docs, err := f.st.Documents(ctx, f.m.ID)
		if err != nil || len(docs) != 1 {
			t.Fatalf("documents of the meeting: %d, %v", len(docs), err)
		}
		doc := docs[0].ID

		for _, c := range []struct {
			what, field, key string
			in               model.PollInput
		}{
			{"unknown decision kind", "decision_kind", "vote.kind_invalid", pollInput(func(in *model.PollInput) { in.DecisionKind = "whim" })},
			{"unknown method", "method", "vote.method_invalid", pollInput(func(in *model.PollInput) { in.Method = "telepathy" })},
			{"long title", "title", "session.too_long", pollInput(func(in *model.PollInput) { in.Title = strings.Repeat("x", 301) })},
			{"item of another meeting", "item_id", "vote.item_invalid", pollInput(func(in *model.PollInput) { in.ItemID = otherMeeting })},
			{"paragraph without a paper", "paragraph", "vote.paragraph_without_document", pollInput(func(in *model.PollInput) { in.Paragraph = 2 })},
			{"paragraph out of range", "paragraph", "vote.paragraph_range", pollInput(func(in *model.PollInput) { in.DocumentID, in.Paragraph = doc, 6 })},
			{"paragraph 0", "paragraph", "vote.paragraph_range", pollInput(func(in *model.PollInput) { in.DocumentID = doc })},
		} {
			check(c.what, openPoll(c.in), func(err error) { invalid(t, c.what, err, c.field, c.key) })
		}
		if n := f.pollCount(t); n != 0 {
			t.Fatalf("refused votes wrote %d polls", n)
		}

		// A vote on one paragraph of the draft resolution takes its title
		// from the paper.
		para := f.openPoll(t, model.DecideOrdinary, model.MethodOpen, func(in *model.PollInput) { in.Title, in.DocumentID, in.Paragraph = "", doc, 2 })
		if !strings.HasSuffix(para.Title, "— đoạn 2") || para.DocumentID != doc {
			t.Errorf("paragraph vote: title %q, document %d", para.Title, para.DocumentID)
		}
		for _, c := range []struct {
			what, field, key string
			tally            *model.Tally
		}{
			{"no tally for a show of hands", "for", "vote.tally_required", nil},
			{"more votes than present", "for", "vote.tally_too_many", &model.Tally{For: 15, Against: 5, Abstain: 1}},
			{"more votes than present, with spoiled ballots", "for", "vote.tally_too_many", &model.Tally{For: 20, Spoiled: 1}},
			{"negative count", "against", "vote.tally_negative", &model.Tally{For: 15, Against: -1}},
		} {
			check(c.what, func() error { _, err := f.svc.ClosePoll(ctx, f.chair, para.ID, c.tally); return err },
				func(err error) { invalid(t, c.what, err, c.field, c.key) })
		}
		check("ballot in a show of hands", func() error {
			_, err := f.svc.Cast(ctx, f.actor(t, a), para.ID, model.BallotInput{Choice: model.ChoiceFor, Key: key(a, 1)})
			return err
		}, func(err error) { refused(t, "ballot in a show of hands", err, "vote.not_electronic") })
		if p, _ := f.st.Poll(ctx, para.ID); p.State != model.PollOpen {
			t.Fatalf("a refused tally closed the vote")
		}
		// The office keeps the record: it enters the tally of a show of hands.
		closed, err := f.svc.ClosePoll(ctx, vp, para.ID, &model.Tally{For: 20, Note: "Biểu quyết giơ tay"})
		if err != nil || !*closed.Passed || closed.TallyNote != "Biểu quyết giơ tay" {
			t.Fatalf("office closes the show of hands: %v", err)
		}
		check("a closed result cannot change", func() error {
			_, err := f.svc.ClosePoll(ctx, f.chair, para.ID, &model.Tally{For: 1, Against: 19})
			return err
		}, func(err error) { refused(t, "close twice", err, "vote.closed") })
		if p, _ := f.st.Poll(ctx, para.ID); p.For != 20 || p.Against != 0 || !*p.Passed {
			t.Errorf("closed result changed: %+v", p)
		}

		// A named vote.
		p := f.openPoll(t, model.DecideOrdinary, model.MethodNamed, allowChange(false))
		f.cast(t, p.ID, a, model.ChoiceFor, key(a, 1))
		steps := []struct {
			what string
			step func() error
			test func(string, error)
		}{
			{"the same member again with another key", castAs(f, t, p.ID, a, model.ChoiceAgainst, key(a, 2)),
				func(w string, err error) { refused(t, w, err, "vote.already_voted") }},
			{"another member with the first one's key", castAs(f, t, p.ID, b, model.ChoiceFor, key(a, 1)),
				func(w string, err error) { refused(t, w, err, "vote.key_taken") }},
			{"an absent member", castAs(f, t, p.ID, absent, model.ChoiceFor, key(absent, 1)),
				func(w string, err error) { refused(t, w, err, "vote.not_present") }},
			{"a member not recorded at all", castAs(f, t, p.ID, f.incumbents[27], model.ChoiceFor, key(f.incumbents[27], 1)),
				func(w string, err error) { refused(t, w, err, "vote.not_present") }},
			{"a transferred member in the room", castAs(f, t, p.ID, gone, model.ChoiceFor, key(gone, 1)),
				func(w string, err error) { denied(t, w, err, "vote.not_eligible") }},
			{"the office, not a member", func() error {
				_, err := f.svc.Cast(ctx, vp, p.ID, model.BallotInput{Choice: model.ChoiceFor, Key: "office-key-1"})
				return err
			}, func(w string, err error) { denied(t, w, err, "vote.not_eligible") }},
			{"no choice", castAs(f, t, p.ID, b, "", key(b, 1)),
				func(w string, err error) { invalid(t, w, err, "choice", "vote.choice_invalid") }},
			{"a key too short", castAs(f, t, p.ID, b, model.ChoiceFor, "abc"),
				func(w string, err error) { invalid(t, w, err, "key", "vote.key_invalid") }},
			{"a key with spaces", castAs(f, t, p.ID, b, model.ChoiceFor, "a key with spaces"),
				func(w string, err error) { invalid(t, w, err, "key", "vote.key_invalid") }},
			{"next item while a vote is open", func() error { return f.svc.GoTo(ctx, f.chair, f.m.ID, 1, 0) },
				func(w string, err error) { refused(t, w, err, "session.vote_open") }},
			{"another item while a vote is open", func() error { return f.svc.GoTo(ctx, f.chair, f.m.ID, 0, f.items[3].ID) },
				func(w string, err error) { refused(t, w, err, "session.vote_open") }},
			{"a second vote while one is open", openPoll(pollInput(func(*model.PollInput) {})),
				func(w string, err error) { refused(t, w, err, "session.vote_open") }},
			{"adjourn while a vote is open", func() error { return f.svc.Adjourn(ctx, f.chair, f.m.ID) },
				func(w string, err error) { refused(t, w, err, "meeting.vote_open") }},
			{"the office closes an electronic vote", func() error { _, err := f.svc.ClosePoll(ctx, vp, p.ID, nil); return err },
				func(w string, err error) { denied(t, w, err, "session.not_chair") }},
			{"reserve an opinion on an open vote", func() error {
				_, err := f.svc.Reserve(ctx, f.actor(t, b), p.ID, "Tôi bảo lưu ý kiến.")
				return err
			},
				func(w string, err error) { refused(t, w, err, "vote.reserve_not_passed") }},
		}
		for _, s := range steps {
			check(s.what, s.step, func(err error) { s.test(s.what, err) })
		}
		if n, _ := f.st.Turnout(ctx, p.ID); n != 1 {
			t.Errorf("turnout %d after refused ballots, want 1", n)
		}
		if c, _ := f.st.MyVote(ctx, p.ID, a); c != model.ChoiceFor {
			t.Errorf("the first ballot became %q", c)
		}
		closed = f.close(t, p.ID, nil)
		if closed.For != 1 || closed.Against != 0 || *closed.Passed {
			t.Errorf("closed with %d for, %d against, passed %v", closed.For, closed.Against, ptr(closed.Passed))
		}
		check("a ballot after the close", castAs(f, t, p.ID, b, model.ChoiceFor, key(b, 9)),
			func(err error) { refused(t, "after close", err, "vote.closed") })
		check("close again", func() error { _, err := f.svc.ClosePoll(ctx, f.chair, p.ID, nil); return err },
			func(err error) { refused(t, "close again", err, "vote.closed") })
		if n, _ := f.st.Turnout(ctx, p.ID); n != 1 {
			t.Errorf("turnout %d after the close, want 1", n)
		}

		// Reserved opinions: on a decision that passed, once per member.
		_, err = f.svc.Reserve(ctx, f.actor(t, b), p.ID, "Tôi bảo lưu ý kiến.")
		refused(t, "reserve on a failed vote", err, "vote.reserve_not_passed")
		_, err = f.svc.Reserve(ctx, vp, para.ID, "Ý kiến của văn phòng.")
		denied(t, "the office reserves", err, "session.not_member")
		_, err = f.svc.Reserve(ctx, f.actor(t, b), para.ID, "  ")
		invalid(t, "empty reservation", err, "text", "vote.reservation_required")
		r, err := f.svc.Reserve(ctx, f.actor(t, b), para.ID, "Tôi bảo lưu ý kiến về đoạn 2.")
		if err != nil || r.ID == 0 {
			t.Fatalf("reserve: %v", err)
		}
		_, err = f.svc.Reserve(ctx, f.actor(t, b), para.ID, "Lần nữa.")
		refused(t, "reserve twice", err, "vote.reserved_already")
		_, rs, err := f.svc.Polls(ctx, f.chair, f.m.ID)
		if err != nil || len(rs) != 1 || rs[0].PersonID != b || rs[0].PollID != para.ID || rs[0].Person == nil || rs[0].Person.FullName == "" {
			t.Errorf("reservations %+v, %v", rs, err)
		}

		// Moving on and adjourning work once no vote is open.
		if err := f.svc.GoTo(ctx, f.chair, f.m.ID, 1, 0); err != nil {
			t.Errorf("next item after the close: %v", err)
		}
		srv.Clock.Advance(time.Hour)
		if err := f.svc.Adjourn(ctx, f.chair, f.m.ID); err != nil {
			t.Errorf("adjourn: %v", err)
		}
		check("vote after adjourning", openPoll(pollInput(func(*model.PollInput) {})),
			func(err error) { refused(t, "vote after adjourning", err, "session.not_in_session") })
		check("attendance after adjourning", func() error {
			return f.svc.RecordAttendance(ctx, f.chair, f.m.ID, absent, model.AttendanceInput{Status: model.AttendPresent})
		}, func(err error) { refused(t, "attendance after adjourning", err, "session.roll_closed") })
	})
}

// castAs is a step that casts a ballot.
func castAs(f *fixture, t *testing.T, pollID, personID int64, c model.Choice, k string) func() error {
	return func() error {
		_, err := f.svc.Cast(ctx, f.actor(t, personID), pollID, model.BallotInput{Choice: c, Key: k})
		return err
	}
}

// TestQuestionsOnlyInCommitteeAndStanding: the inspection committee's
// meetings take no questions (Quyết định 158-QĐ/TW, Điều 3).
func TestQuestionsOnlyInCommitteeAndStanding(t *testing.T) {
	t.Parallel()
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := newServer(t, d, nil)
		f := setup(t, srv)
		ubkt := srv.Body(t, "Mỹ Tho", model.BodyInspection)
		members, err := f.st.BodyMembers(ctx, ubkt.ID, false)
		if err != nil || len(members) == 0 {
			t.Fatal(err)
		}
		m := &model.Meeting{BodyID: ubkt.ID, Kind: model.MeetingRegular, Title: "Hội nghị Ủy ban Kiểm tra",
			Place: "Phòng họp", StartsAt: f.m.StartsAt, Month: f.m.Month, ChairID: members[0].PersonID,
			Guests: []string{}, State: model.StateConvened}
		if err := f.st.CreateMeeting(ctx, m, 0); err != nil {
			t.Fatal(err)
		}
		in := model.QuestionInput{Addressee: model.AskCommittee, Text: "Đề nghị cho biết tiến độ kiểm tra chi bộ khu phố 3?"}
		for _, a := range []int64{members[0].PersonID, members[len(members)-1].PersonID, f.chair.Account.PersonID} {
			before, _ := f.st.LastEventID(ctx, session.Topic(m.ID))
			_, err := f.svc.Ask(ctx, f.actor(t, a), m.ID, in)
			refused(t, "question in the inspection committee", err, "question.not_allowed")
			if after, _ := f.st.LastEventID(ctx, session.Topic(m.ID)); after != before {
				t.Error("a refused question appended an event")
			}
		}
		if qs, err := f.st.Questions(ctx, store.QuestionQuery{MeetingID: m.ID}); err != nil || len(qs) != 0 {
			t.Errorf("questions written: %d, %v", len(qs), err)
		}
	})
}
