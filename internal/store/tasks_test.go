package store_test

import (
	"testing"

	"nghisu/internal/db"
	"nghisu/internal/model"
	"nghisu/internal/store"
	"nghisu/internal/testutil"
)

// Tasks on both databases: days round-trip, co-owners are found by the
// owner filter, the open filter and the due range bound both ends, the
// history keeps its order, a reminder is marked once.
func TestTasks(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		st := newStore(t, d)
		_, a, b, _ := tree(t, st)
		ubnd := &model.Org{ParentID: a.ID, Kind: model.OrgPeopleCommittee, Name: "Ủy ban nhân dân phường Mỹ Tho"}
		must(t, st.CreateOrg(ctx, ubnd))
		front := &model.Org{ParentID: a.ID, Kind: model.OrgFront, Name: "Ủy ban MTTQ phường Mỹ Tho"}
		must(t, st.CreateOrg(ctx, front))
		own := func(o *model.Org) model.Owner { return model.Owner{Kind: model.OwnerOrg, ID: o.ID, Name: o.Name} }
		day := func(s string) model.Date { x, err := model.ParseISODate(s); must(t, err); return x }
		mk := func(commune *model.Org, title, due string, owner model.Owner, co ...model.Owner) *model.Task {
			x := &model.Task{CommuneID: commune.ID, Title: title, Subject: "Rác thải", Owner: owner, CoOwners: co,
				StartOn: day("2026-03-01"), DueOn: day(due), Expected: "", SourceText: ""}
			must(t, st.CreateTask(ctx, x))
			return x
		}
		t1 := mk(a, "Một", "2026-03-10", own(ubnd))
		t2 := mk(a, "Hai", "2026-03-13", own(front), own(ubnd))
		t3 := mk(a, "Ba", "2026-03-14", own(front))
		mk(b, "Xã khác", "2026-03-11", model.Owner{Kind: model.OwnerOrg, ID: b.ID, Name: b.Name})

		got, err := st.Task(ctx, t2.ID)
		must(t, err)
		if got.DueOn != day("2026-03-13") || got.StartOn != day("2026-03-01") || len(got.CoOwners) != 1 ||
			got.CoOwners[0].Name != ubnd.Name || got.Reported != model.TaskNotStarted || got.Status != model.TaskNotStarted {
			t.Fatalf("read back: %+v", got)
		}
		o := own(ubnd)
		mine, err := st.Tasks(ctx, store.TaskQuery{CommuneID: a.ID, Owner: &o})
		must(t, err)
		if len(mine) != 2 || mine[0].ID != t1.ID || mine[1].ID != t2.ID {
			t.Errorf("the UBND's tasks: %+v", mine)
		}
		t3.Reported, t3.Percent = model.TaskDone, 100
		must(t, st.UpdateTask(ctx, t3))
		open, err := st.Tasks(ctx, store.TaskQuery{CommuneID: a.ID, Open: true})
		must(t, err)
		if len(open) != 2 {
			t.Errorf("open: %d", len(open))
		}
		due, err := st.OpenTasksDueBetween(ctx, day("2026-03-11"), day("2026-03-13"))
		must(t, err)
		if len(due) != 2 || due[0].ID != t2.ID || len(due[0].CoOwners) != 1 {
			t.Errorf("due 11–13 March: %+v", due)
		}
		for _, e := range []*model.TaskEvent{
			{TaskID: t1.ID, Kind: model.TaskEventReport, Status: model.TaskOnTrack, Percent: 40, Note: "Một nửa", ByName: "vp"},
			{TaskID: t1.ID, Kind: model.TaskEventExtend, Status: model.TaskOnTrack, Percent: 40, DueOn: day("2026-04-01"), ByName: "vp"},
			{TaskID: t1.ID, Kind: model.TaskEventReassign, Status: model.TaskOnTrack, Percent: 40, Owner: &model.Owner{Kind: model.OwnerOrg, ID: front.ID, Name: front.Name}, ByName: "vp"},
		} {
			must(t, st.AddTaskEvent(ctx, e))
		}
		h, err := st.TaskEvents(ctx, t1.ID)
		must(t, err)
		if len(h) != 3 || h[0].Note != "Một nửa" || h[1].DueOn != day("2026-04-01") || h[2].Owner == nil || h[2].Owner.ID != front.ID || h[0].Owner != nil {
			t.Errorf("history: %+v", h)
		}
		for i, want := range []bool{true, false} {
			first, err := st.MarkTaskReminder(ctx, t1.ID, "before")
			must(t, err)
			if first != want {
				t.Errorf("mark %d: %v", i, first)
			}
		}
		if first, err := st.MarkTaskReminder(ctx, t1.ID, "after"); err != nil || !first {
			t.Errorf("another reason: %v, %v", first, err)
		}
	})
}
