package session_test

import (
	"strings"
	"testing"
	"time"

	"nghisu/internal/db"
	"nghisu/internal/model"
	"nghisu/internal/session"
	"nghisu/internal/testutil"
)

// queueOf is who waits for the floor, in order, and who speaks.
func (f *fixture) queueOf(t *testing.T) (speaking int64, waiting []int64) {
	t.Helper()
	l := f.live(t)
	if l.Floor.Speaking != nil {
		speaking = l.Floor.Speaking.PersonID
	}
	for _, s := range l.Floor.Queue {
		waiting = append(waiting, s.PersonID)
	}
	return speaking, waiting
}

func (f *fixture) request(t *testing.T, person int64, kind model.SpeechKind) *model.Speech {
	t.Helper()
	sp, err := f.svc.RequestFloor(ctx, f.actor(t, person), f.m.ID, kind)
	if err != nil {
		t.Fatalf("request of %d (%s): %v", person, kind, err)
	}
	return sp
}

// speakerTime is how often and how long a person spoke, from a list.
func speakerTime(list []session.SpeakerTime, p int64) (count, seconds int) {
	for _, x := range list {
		if x.PersonID == p {
			return x.Count, x.Seconds
		}
	}
	return 0, 0
}

func sameIDs(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestFloor: members ask to speak; a point of order goes ahead of the
// speakers waiting; the chair reorders and gives the floor; the secretary
// keeps time and records the substance; the meeting's speeches are listed
// with who spoke how long, per item and over the meeting.
func TestFloor(t *testing.T) {
	t.Parallel()
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := newServer(t, d, nil)
		f := setup(t, srv)
		vp := srv.Actor(t, "vp.mytho")
		uv := srv.PersonOf(t, "uv.mytho")
		a, b, c, e, g := f.incumbents[4], f.incumbents[5], f.incumbents[6], f.incumbents[7], f.incumbents[8]
		f.present(t, 20)

		_, err := f.svc.RequestFloor(ctx, f.actor(t, a), f.m.ID, model.SpeechNormal)
		refused(t, "ask to speak before the opening", err, "session.not_in_session")
		f.open(t)
		item1 := f.items[0].ID
		if f.m.CurrentItemID != item1 {
			t.Fatalf("the opening put item %d on the floor, want the first, %d", f.m.CurrentItemID, item1)
		}

		sa := f.request(t, a, model.SpeechNormal)
		sb := f.request(t, b, model.SpeechNormal)
		sc := f.request(t, c, "") // the default kind is a speech
		if sa.ItemID != item1 || sa.State != model.SpeechRequested || sc.Kind != model.SpeechNormal {
			t.Errorf("request %+v", sa)
		}
		_, err = f.svc.RequestFloor(ctx, f.actor(t, a), f.m.ID, model.SpeechNormal)
		refused(t, "ask twice", err, "session.already_listed")
		_, err = f.svc.RequestFloor(ctx, f.actor(t, a), f.m.ID, "shout")
		invalid(t, "unknown kind", err, "kind", "session.speech_kind")
		_, err = f.svc.RequestFloor(ctx, vp, f.m.ID, model.SpeechNormal)
		denied(t, "the office asks to speak", err, "session.not_member")
		if _, w := f.queueOf(t); !sameIDs(w, []int64{a, b, c}) {
			t.Errorf("queue %v, want %v", w, []int64{a, b, c})
		}

		// A point of order jumps ahead of every waiting speaker; one who
		// waits to speak may raise one too.
		se := f.request(t, e, model.SpeechOrder)
		if _, w := f.queueOf(t); !sameIDs(w, []int64{e, a, b, c}) {
			t.Errorf("after a point of order: queue %v, want %v", w, []int64{e, a, b, c})
		}
		_, err = f.svc.RequestFloor(ctx, f.actor(t, e), f.m.ID, model.SpeechOrder)
		refused(t, "a second point of order of the same member", err, "session.already_listed")
		sa2 := f.request(t, a, model.SpeechOrder)
		if _, w := f.queueOf(t); len(w) != 5 || !sameIDs(w[2:], []int64{a, b, c}) || !(w[0] == a && w[1] == e || w[0] == e && w[1] == a) {
			t.Errorf("after a second point of order: queue %v, want the points of order of %d and %d first, then %v", w, e, a, []int64{a, b, c})
		}
		if err := f.svc.Withdraw(ctx, f.actor(t, a), sa2.ID); err != nil {
			t.Fatal(err)
		}

		// The secretary lists those who raise a hand; only participants.
		sg, err := f.svc.AddSpeaker(ctx, vp, f.m.ID, g, model.SpeechNormal)
		if err != nil || sg.AddedBy != "vp.mytho" {
			t.Fatalf("the office adds a speaker: %+v, %v", sg, err)
		}
		_, err = f.svc.AddSpeaker(ctx, vp, f.m.ID, vp.Account.PersonID, model.SpeechNormal)
		invalid(t, "a speaker who does not take part", err, "person_id", "session.not_participant")
		_, err = f.svc.AddSpeaker(ctx, f.actor(t, uv), f.m.ID, b, model.SpeechNormal)
		denied(t, "a member adds a speaker", err, "session.not_secretary")

		// The chair reorders.
		if err := f.svc.MoveSpeaker(ctx, f.chair, sc.ID, -1); err != nil {
			t.Fatal(err)
		}
		if _, w := f.queueOf(t); !sameIDs(w, []int64{e, a, c, b, g}) {
			t.Errorf("after moving %d up: queue %v, want %v", c, w, []int64{e, a, c, b, g})
		}
		if err := f.svc.MoveSpeaker(ctx, f.chair, se.ID, -1); err != nil { // already first
			t.Fatal(err)
		}
		if err := f.svc.MoveSpeaker(ctx, f.chair, sa.ID, +1); err != nil {
			t.Fatal(err)
		}
		if _, w := f.queueOf(t); !sameIDs(w, []int64{e, c, a, b, g}) {
			t.Errorf("after moving %d down: queue %v, want %v", a, w, []int64{e, c, a, b, g})
		}
		denied(t, "a member reorders", f.svc.MoveSpeaker(ctx, f.actor(t, uv), sb.ID, -1), "session.not_chair")

		// The chair gives the floor; the previous speaker is done.
		if err := f.svc.GiveFloor(ctx, f.chair, se.ID); err != nil {
			t.Fatal(err)
		}
		if s, w := f.queueOf(t); s != e || !sameIDs(w, []int64{c, a, b, g}) {
			t.Errorf("speaking %d, queue %v; want %d, %v", s, w, e, []int64{c, a, b, g})
		}
		refused(t, "give the floor to one speaking", f.svc.GiveFloor(ctx, f.chair, se.ID), "session.speech_not_waiting")
		denied(t, "a member gives the floor", f.svc.GiveFloor(ctx, f.actor(t, uv), sc.ID), "session.not_chair")
		srv.Clock.Advance(90 * time.Second)
		if err := f.svc.GiveFloor(ctx, f.chair, sc.ID); err != nil {
			t.Fatal(err)
		}
		if sp, _ := f.st.Speech(ctx, se.ID); sp.State != model.SpeechDone || sp.Seconds() != 90 {
			t.Errorf("the point of order ended as %s after %d s, want done after 90", sp.State, sp.Seconds())
		}
		srv.Clock.Advance(4 * time.Minute)
		// The secretary keeps time.
		denied(t, "a member ends a speech", f.svc.EndSpeech(ctx, f.actor(t, uv), sc.ID), "session.not_secretary")
		if err := f.svc.EndSpeech(ctx, vp, sc.ID); err != nil {
			t.Fatal(err)
		}
		refused(t, "end a speech twice", f.svc.EndSpeech(ctx, vp, sc.ID), "session.speech_not_speaking")
		if s, w := f.queueOf(t); s != 0 || !sameIDs(w, []int64{a, b, g}) {
			t.Errorf("after the end: speaking %d, queue %v", s, w)
		}
		// The substance, for the minutes.
		substance := "Đề nghị bổ sung chỉ tiêu về chữ ký số cho cán bộ chủ chốt."
		if err := f.svc.SetSubstance(ctx, vp, sc.ID, "  "+substance+"  "); err != nil {
			t.Fatal(err)
		}
		denied(t, "a member writes the substance", f.svc.SetSubstance(ctx, f.actor(t, uv), sc.ID, "x"), "session.not_secretary")
		invalid(t, "substance too long", f.svc.SetSubstance(ctx, vp, sc.ID, strings.Repeat("x", 20001)), "substance", "session.too_long")
		if sp, _ := f.st.Speech(ctx, sc.ID); sp.Substance != substance || sp.Seconds() != 240 {
			t.Errorf("speech %+v, want the substance and 240 s", sp)
		}

		// Withdrawing: one's own request, or any by the record keeper.
		denied(t, "withdraw another's request", f.svc.Withdraw(ctx, f.actor(t, uv), sb.ID), "session.not_yours")
		if err := f.svc.Withdraw(ctx, f.actor(t, b), sb.ID); err != nil {
			t.Fatal(err)
		}
		refused(t, "withdraw a speech given", f.svc.Withdraw(ctx, f.actor(t, c), sc.ID), "session.speech_not_waiting")
		refused(t, "withdraw twice", f.svc.Withdraw(ctx, f.actor(t, b), sb.ID), "session.speech_not_waiting")
		if err := f.svc.Withdraw(ctx, vp, sg.ID); err != nil {
			t.Fatal(err)
		}

		// Moving on ends the speech under way; a request left on the item
		// cannot be given the floor on the next one.
		if err := f.svc.GiveFloor(ctx, f.chair, sa.ID); err != nil {
			t.Fatal(err)
		}
		srv.Clock.Advance(2 * time.Minute)
		if err := f.svc.GoTo(ctx, f.chair, f.m.ID, +1, 0); err != nil {
			t.Fatal(err)
		}
		if sp, _ := f.st.Speech(ctx, sa.ID); sp.State != model.SpeechDone || sp.Seconds() != 120 {
			t.Errorf("the speech under way when the item changed: %s, %d s", sp.State, sp.Seconds())
		}
		if s, w := f.queueOf(t); s != 0 || len(w) != 0 {
			t.Errorf("the next item's floor: speaking %d, queue %v", s, w)
		}
		sb2 := f.request(t, b, model.SpeechNormal)
		sa3 := f.request(t, a, model.SpeechNormal)
		if err := f.svc.GiveFloor(ctx, f.chair, sb2.ID); err != nil {
			t.Fatal(err)
		}
		srv.Clock.Advance(time.Minute)
		if err := f.svc.GoTo(ctx, f.chair, f.m.ID, -1, 0); err != nil {
			t.Fatal(err)
		}
		refused(t, "the floor on another item", f.svc.GiveFloor(ctx, f.chair, sa3.ID), "session.speech_other_item")

		// Who spoke how long: per item and over the meeting.
		items, total, err := f.svc.Speeches(ctx, f.chair, f.m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(items) != 4 {
			t.Fatalf("%d items", len(items))
		}
		type want struct {
			person         int64
			count, seconds int
		}
		for i, ws := range [][]want{
			{{e, 1, 90}, {c, 1, 240}, {a, 1, 120}},
			{{b, 1, 60}},
			nil, nil,
		} {
			is := items[i]
			if is.Item.ID != f.items[i].ID || len(is.Speakers) != len(ws) {
				t.Errorf("item %d: %d speakers %+v, want %d", i+1, len(is.Speakers), is.Speakers, len(ws))
				continue
			}
			for _, w := range ws {
				n, s := speakerTime(is.Speakers, w.person)
				if n != w.count || s != w.seconds {
					t.Errorf("item %d, %d: %d speeches, %d s; want %d, %d", i+1, w.person, n, s, w.count, w.seconds)
				}
			}
			for _, sp := range is.Speeches {
				if sp.StartedAt == nil || sp.Person == nil || sp.Person.FullName == "" {
					t.Errorf("item %d lists %+v", i+1, sp)
				}
			}
		}
		for _, w := range []want{{a, 1, 120}, {b, 1, 60}, {c, 1, 240}, {e, 1, 90}, {g, 0, 0}} {
			if n, s := speakerTime(total, w.person); n != w.count || s != w.seconds {
				t.Errorf("meeting, %d: %d speeches, %d s; want %d, %d", w.person, n, s, w.count, w.seconds)
			}
		}
		if items[0].Speeches[1].Substance != substance {
			t.Errorf("the substance is not in the list")
		}

		// The ends of the program.
		refused(t, "before the first item", f.svc.GoTo(ctx, f.chair, f.m.ID, -1, 0), "session.no_more_items")
		notFound(t, "an item of no meeting", f.svc.GoTo(ctx, f.chair, f.m.ID, 0, 999999))
		if err := f.svc.GoTo(ctx, f.chair, f.m.ID, 0, f.items[3].ID); err != nil {
			t.Fatal(err)
		}
		refused(t, "after the last item", f.svc.GoTo(ctx, f.chair, f.m.ID, +1, 0), "session.no_more_items")
		// Adjourning ends the speech under way.
		last := f.request(t, g, model.SpeechNormal)
		if err := f.svc.GiveFloor(ctx, f.chair, last.ID); err != nil {
			t.Fatal(err)
		}
		srv.Clock.Advance(30 * time.Second)
		if err := f.svc.Adjourn(ctx, f.chair, f.m.ID); err != nil {
			t.Fatal(err)
		}
		if sp, _ := f.st.Speech(ctx, last.ID); sp.State != model.SpeechDone || sp.Seconds() != 30 {
			t.Errorf("the speech under way at the adjournment: %s, %d s", sp.State, sp.Seconds())
		}
		_, err = f.svc.RequestFloor(ctx, f.actor(t, a), f.m.ID, model.SpeechNormal)
		refused(t, "ask to speak after the adjournment", err, "session.not_in_session")
		// The record may still be completed.
		if err := f.svc.SetSubstance(ctx, vp, last.ID, "Phát biểu bế mạc."); err != nil {
			t.Errorf("substance after the adjournment: %v", err)
		}
	})
}

// TestSpeakingLimit: the chair sets an item's speaking time; without one
// the commune's setting applies (7 minutes by default).
func TestSpeakingLimit(t *testing.T) {
	t.Parallel()
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := newServer(t, d, nil)
		f := setup(t, srv)
		f.present(t, 20)
		f.open(t)
		sp := f.request(t, f.incumbents[4], model.SpeechNormal)
		if err := f.svc.GiveFloor(ctx, f.chair, sp.ID); err != nil {
			t.Fatal(err)
		}
		limit := func() int {
			l := f.live(t)
			if l.Floor.Speaking == nil {
				t.Fatal("nobody speaks")
			}
			if !l.Floor.Now.Equal(srv.Clock.Now()) {
				t.Errorf("floor clock %s, want the server's %s", l.Floor.Now, srv.Clock.Now())
			}
			return l.Floor.Speaking.Limit
		}
		if n := limit(); n != 7*60 {
			t.Errorf("default limit %d s, want 420", n)
		}
		item := f.m.CurrentItemID
		for _, c := range []struct {
			minutes, want int
			key           string
		}{
			{5, 300, ""}, {60, 3600, ""}, {61, 3600, "session.limit_range"}, {-1, 3600, "session.limit_range"}, {0, 420, ""},
		} {
			err := f.svc.SetSpeakingLimit(ctx, f.chair, item, c.minutes)
			if c.key != "" {
				invalid(t, "limit out of range", err, "minutes", c.key)
			} else if err != nil {
				t.Fatal(err)
			}
			if n := limit(); n != c.want {
				t.Errorf("limit after %d min: %d s, want %d", c.minutes, n, c.want)
			}
		}
		f.setSettings(t, map[string]string{"speaking_minutes": "3"})
		if n := limit(); n != 180 {
			t.Errorf("limit from the commune's setting: %d s, want 180", n)
		}
		denied(t, "a member sets the limit", f.svc.SetSpeakingLimit(ctx, srv.Actor(t, "uv.mytho"), item, 5), "session.not_chair")
	})
}
