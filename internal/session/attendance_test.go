package session_test

import (
	"strings"
	"testing"
	"time"

	"nghisu/internal/db"
	"nghisu/internal/model"
	"nghisu/internal/testutil"
)

// TestAttendance: the roll call records each person's attendance; members
// check themselves in (present before the opening, late after it); the
// head count takes the incumbent members in the room, out of all the
// incumbent members.
func TestAttendance(t *testing.T) {
	t.Parallel()
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := newServer(t, d, nil)
		f := setup(t, srv)
		vp, uv := srv.Actor(t, "vp.mytho"), srv.Actor(t, "uv.mytho")
		in := f.incumbents

		roll, view, err := f.svc.Roll(ctx, f.chair, f.m.ID)
		if err != nil {
			t.Fatal(err)
		}
		votes := 0
		for _, a := range roll {
			if a.Votes {
				votes++
			}
			if a.Member == nil || a.Attendance.Status != model.AttendUnrecorded {
				t.Errorf("roll entry %+v", a)
			}
		}
		if len(roll) != 31 || votes != 28 {
			t.Errorf("roll of %d, %d with a vote; want 31, 28", len(roll), votes)
		}
		if view.Base != 28 || view.Present != 0 || view.Needed != 19 || view.Quorum {
			t.Errorf("empty roll: %+v", view)
		}

		// Validation; nothing recorded.
		for _, c := range []struct {
			what, field, key string
			person           int64
			in               model.AttendanceInput
		}{
			{"unknown status", "status", "session.status_invalid", in[3], model.AttendanceInput{Status: "asleep"}},
			{"no status", "status", "session.status_invalid", in[3], model.AttendanceInput{}},
			{"excused without a reason", "reason", "session.reason_required", in[3], model.AttendanceInput{Status: model.AttendExcused, Reason: "  "}},
			{"a long reason", "reason", "session.too_long", in[3], model.AttendanceInput{Status: model.AttendExcused, Reason: strings.Repeat("ố", 501)}},
			{"someone who does not take part", "person_id", "session.not_participant", vp.Account.PersonID, model.AttendanceInput{Status: model.AttendPresent}},
		} {
			invalid(t, c.what, f.svc.RecordAttendance(ctx, f.chair, f.m.ID, c.person, c.in), c.field, c.key)
		}
		denied(t, "a member calls the roll", f.svc.RecordAttendance(ctx, uv, f.m.ID, in[3], model.AttendanceInput{Status: model.AttendPresent}), "session.not_secretary")
		refused(t, "left early without having come", f.svc.RecordAttendance(ctx, f.chair, f.m.ID, in[3], model.AttendanceInput{Status: model.AttendLeftEarly}), "session.not_here")
		if att, _ := f.st.Attendance(ctx, f.m.ID); len(att) != 0 {
			t.Fatalf("refused marks recorded %d rows", len(att))
		}

		// The roll call, by the office and by the meeting's secretary.
		secretary := f.actor(t, f.m.SecretaryID)
		if !f.seat(t, secretary).Records {
			t.Fatal("the meeting's secretary does not keep the record")
		}
		if err := f.svc.RecordAttendance(ctx, vp, f.m.ID, in[1], model.AttendanceInput{Status: model.AttendPresent}); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.RecordAttendance(ctx, secretary, f.m.ID, in[2], model.AttendanceInput{Status: model.AttendPresent}); err != nil {
			t.Fatal(err)
		}
		f.attend(t, model.AttendPresent, in[3:18]...)      // 17 present
		f.attend(t, model.AttendPresent, f.transferred...) // not counted
		f.attend(t, model.AttendExcused, in[20], in[21])   // 2 excused
		f.attend(t, model.AttendUnexcused, in[22])         // 1 unexcused
		if a, _ := f.st.AttendanceOf(ctx, f.m.ID, in[20]); a.Reason != "Đi công tác" || a.RecordedBy != "bithu.mytho" {
			t.Errorf("excused: %+v", a)
		}
		if a, _ := f.st.AttendanceOf(ctx, f.m.ID, in[1]); a.RecordedBy != "vp.mytho" || a.ArrivedAt == nil {
			t.Errorf("present: %+v", a)
		}
		_, view, _ = f.svc.Roll(ctx, f.chair, f.m.ID)
		if view.Base != 28 || view.Present != 17 || view.Excused != 2 || view.Unexcused != 1 || view.Quorum || len(view.Here) != 20 {
			t.Errorf("head count %+v, want base 28, present 17 (of 20 here), 2 excused, 1 unexcused, no quorum", view)
		}

		// Checking in oneself: the chair before the opening is present.
		before := f.lastEvent(t)
		if err := f.svc.CheckIn(ctx, f.chair, f.m.ID); err != nil {
			t.Fatal(err)
		}
		before = f.expectEvents(t, before, "check in", "attendance")
		if err := f.svc.CheckIn(ctx, f.chair, f.m.ID); err != nil { // twice: nothing moves
			t.Fatal(err)
		}
		f.expectEvents(t, before, "check in twice")
		if a, _ := f.st.AttendanceOf(ctx, f.m.ID, in[0]); a.Status != model.AttendPresent || a.RecordedBy != "bithu.mytho" {
			t.Errorf("checked in before the opening: %+v", a)
		}
		denied(t, "the office checks in", f.svc.CheckIn(ctx, vp, f.m.ID), "session.not_participant_self")
		denied(t, "the administrator checks in", f.svc.CheckIn(ctx, srv.Actor(t, "admin"), f.m.ID), "session.not_member")
		if _, view, _ = f.svc.Roll(ctx, f.chair, f.m.ID); view.Present != 18 || view.Quorum {
			t.Errorf("with the chair: %+v", view)
		}
		f.open(t)

		// After the opening: checking in is arriving late.
		srv.Clock.Advance(20 * time.Minute)
		late := in[18]
		if err := f.svc.CheckIn(ctx, f.actor(t, late), f.m.ID); err != nil {
			t.Fatal(err)
		}
		a, _ := f.st.AttendanceOf(ctx, f.m.ID, late)
		if a.Status != model.AttendLate || a.ArrivedAt == nil || !a.ArrivedAt.Equal(srv.Clock.Now()) {
			t.Errorf("late: %+v", a)
		}
		if _, view, _ = f.svc.Roll(ctx, f.chair, f.m.ID); view.Present != 19 || !view.Quorum {
			t.Errorf("quorum with the late member: %+v", view)
		}
		me, err := f.svc.MeOf(ctx, f.actor(t, late), f.m.ID)
		if err != nil || !me.Here || !me.Votes || !me.Member || me.Runs {
			t.Errorf("me: %+v, %v", me, err)
		}

		// Present again keeps the arrival time; left early only when here.
		arrived := *a.ArrivedAt
		srv.Clock.Advance(10 * time.Minute)
		f.attend(t, model.AttendPresent, late)
		if a, _ := f.st.AttendanceOf(ctx, f.m.ID, late); a.Status != model.AttendPresent || !a.ArrivedAt.Equal(arrived) {
			t.Errorf("present after late: %+v (arrived %s)", a, arrived)
		}
		f.attend(t, model.AttendLeftEarly, late)
		a, _ = f.st.AttendanceOf(ctx, f.m.ID, late)
		if a.Status != model.AttendLeftEarly || a.LeftAt == nil || !a.LeftAt.Equal(srv.Clock.Now()) || !a.ArrivedAt.Equal(arrived) {
			t.Errorf("left early: %+v", a)
		}
		// The same mark again changes nothing (a double click).
		left := *a.LeftAt
		srv.Clock.Advance(time.Minute)
		if err := f.svc.RecordAttendance(ctx, f.chair, f.m.ID, late, model.AttendanceInput{Status: model.AttendLeftEarly}); err != nil {
			t.Errorf("left early twice: %v", err)
		}
		if a, _ := f.st.AttendanceOf(ctx, f.m.ID, late); !a.LeftAt.Equal(left) {
			t.Errorf("left early twice moved the time: %s, was %s", a.LeftAt, left)
		}
		refused(t, "an excused member leaves", f.svc.RecordAttendance(ctx, f.chair, f.m.ID, in[20], model.AttendanceInput{Status: model.AttendLeftEarly}), "session.not_here")
		if _, view, _ = f.svc.Roll(ctx, f.chair, f.m.ID); view.Present != 18 || view.Quorum {
			t.Errorf("after one left: %+v", view)
		}
		me, _ = f.svc.MeOf(ctx, f.actor(t, late), f.m.ID)
		if me.Here {
			t.Error("the member who left is still here")
		}
		// Coming back checks in as late again.
		srv.Clock.Advance(10 * time.Minute)
		if err := f.svc.CheckIn(ctx, f.actor(t, late), f.m.ID); err != nil {
			t.Fatal(err)
		}
		if a, _ := f.st.AttendanceOf(ctx, f.m.ID, late); a.Status != model.AttendLate || a.LeftAt != nil {
			t.Errorf("back: %+v", a)
		}
		// An excused member who turns up after all.
		f.attend(t, model.AttendLate, in[20])
		roll, view, _ = f.svc.Roll(ctx, f.chair, f.m.ID)
		if view.Present != 20 || view.Excused != 1 || !view.Quorum {
			t.Errorf("final head count %+v", view)
		}
		for _, x := range roll {
			if x.Person.ID == in[20] && (x.Attendance.Status != model.AttendLate || x.Attendance.Reason != "") {
				t.Errorf("the excused member who came: %+v", x.Attendance)
			}
		}
	})
}

// TestConcurrentRollCall: the whole committee checks in at the same moment,
// more at once than the database pool has connections. Each change runs in
// a transaction that also reads settings; read outside it, through the
// pool, on PostgreSQL every connection ended up held by a transaction
// waiting for one more, and the roll call stopped for good.
func TestConcurrentRollCall(t *testing.T) {
	t.Parallel()
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := setup(t, newServer(t, d, nil))
		done := make(chan error, 2*len(f.incumbents))
		for round, status := range []model.AttendanceStatus{model.AttendPresent, model.AttendLate} {
			for _, p := range f.incumbents {
				go func() {
					if round == 1 && p == f.incumbents[0] {
						done <- nil // the first stays "present"
						return
					}
					done <- f.svc.RecordAttendance(ctx, f.chair, f.m.ID, p, model.AttendanceInput{Status: status})
				}()
			}
		}
		timeout := time.After(2 * time.Minute)
		for range 2 * len(f.incumbents) {
			select {
			case err := <-done:
				if err != nil {
					t.Fatal(err)
				}
			case <-timeout:
				t.Fatal("the roll call did not finish: transactions wait for each other's connections")
			}
		}
		if l := f.live(t); l.Attendance.Present != len(f.incumbents) {
			t.Errorf("%d present, want %d", l.Attendance.Present, len(f.incumbents))
		}
	})
}
