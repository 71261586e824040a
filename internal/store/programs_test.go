package store_test

import (
	"errors"
	"testing"

	"nghisu/internal/db"
	"nghisu/internal/model"
	"nghisu/internal/testutil"
)

func TestProgramsStore(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		st := newStore(t, d)
		prov, a, b, bodies := tree(t, st)
		bch := bodies[a.ID][model.BodyCommittee]
		p := &model.Program{BodyID: bch.ID, Kind: model.ProgramYear, Period: "2026", Title: "Chương trình công tác năm 2026"}
		must(t, st.CreateProgram(ctx, p))
		if err := st.CreateProgram(ctx, &model.Program{BodyID: bch.ID, Kind: model.ProgramYear, Period: "2026", Title: "x"}); !errors.Is(err, model.ErrConflict) {
			t.Fatalf("the same year twice: %v", err)
		}
		// An entry with every optional field empty, one with all of them.
		bare := &model.ProgramEntry{ProgramID: p.ID, Title: "Quán triệt nghị quyết", Area: model.AreaGuidelines, Month: "2026-01", Status: model.EntryPlanned}
		must(t, st.CreateEntry(ctx, bare))
		full := &model.ProgramEntry{ProgramID: p.ID, Title: "Kiểm tra", Content: "Chi bộ khu phố 3", Area: model.AreaInspection, Month: "2026-05",
			Deadline: model.Date{Year: 2026, Month: 5, Day: 31}, Owner: &model.Owner{Kind: model.OwnerBody, ID: bodies[a.ID][model.BodyInspection].ID},
			Status: model.EntryDropped, Reason: "Lồng ghép"}
		must(t, st.CreateEntry(ctx, full))
		got, err := st.ProgramEntry(ctx, bare.ID)
		if err != nil || got.Owner != nil || !got.Deadline.IsZero() || got.MeetingID != 0 || got.IssuedID != 0 {
			t.Fatalf("bare entry: %+v, %v", got, err)
		}
		got, err = st.ProgramEntry(ctx, full.ID)
		if err != nil || got.Owner == nil || got.Owner.Kind != model.OwnerBody || got.Deadline != full.Deadline || got.Reason != "Lồng ghép" {
			t.Fatalf("full entry: %+v, %v", got, err)
		}
		got.Owner, got.Deadline, got.Status, got.Reason = nil, model.Date{}, model.EntryDone, ""
		must(t, st.UpdateEntry(ctx, got))
		if again, _ := st.ProgramEntry(ctx, full.ID); again.Owner != nil || !again.Deadline.IsZero() || again.Status != model.EntryDone {
			t.Errorf("after clearing: %+v", again)
		}
		if ps, err := st.Programs(ctx, bch.ID); err != nil || len(ps) != 1 || ps[0].Entries != 2 {
			t.Errorf("programs: %+v, %v", ps, err)
		}
		if _, err := st.ProgramEntry(ctx, 1<<40); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("no such entry: %v", err)
		}

		// Upper documents: one per symbol at a province; a follow-up per
		// commune, replaced by the next write, the task count kept.
		u := &model.UpperDocument{OrgID: prov.ID, Kind: model.UpperDirective, Symbol: "Chỉ thị 35-CT/TW", Title: "Về đại hội",
			IssuedOn: model.Date{Year: 2024, Month: 6, Day: 14}, Issuer: "Bộ Chính trị"}
		must(t, st.CreateUpper(ctx, u))
		if err := st.CreateUpper(ctx, &model.UpperDocument{OrgID: prov.ID, Kind: model.UpperDirective, Symbol: "Chỉ thị 35-CT/TW", Title: "x",
			IssuedOn: u.IssuedOn, Issuer: "x"}); !errors.Is(err, model.ErrConflict) {
			t.Fatalf("the same symbol twice: %v", err)
		}
		if got, err := st.Upper(ctx, u.ID); err != nil || got.IssuedOn != u.IssuedOn || !got.Deadline.IsZero() {
			t.Fatalf("upper: %+v, %v", got, err)
		}
		must(t, st.SetTasksDerived(ctx, u.ID, b.ID, 4))
		must(t, st.SetFollowup(ctx, &model.UpperFollowup{DocumentID: u.ID, OrgID: a.ID, DisseminatedOn: model.Date{Year: 2024, Month: 7, Day: 1}}))
		must(t, st.SetFollowup(ctx, &model.UpperFollowup{DocumentID: u.ID, OrgID: b.ID, PlanOn: model.Date{Year: 2024, Month: 7, Day: 2}, PlanNumber: "1-KH/ĐU"}))
		must(t, st.SetFollowup(ctx, &model.UpperFollowup{DocumentID: u.ID, OrgID: a.ID, PlanOn: model.Date{Year: 2024, Month: 7, Day: 3}, PlanNumber: "2-KH/ĐU"}))
		fs, err := st.Followups(ctx, u.ID)
		if err != nil || len(fs) != 2 {
			t.Fatalf("followups: %+v, %v", fs, err)
		}
		for _, f := range fs {
			switch f.OrgID {
			case a.ID:
				if !f.DisseminatedOn.IsZero() || f.PlanNumber != "2-KH/ĐU" || f.TasksDerived != nil {
					t.Errorf("replaced followup: %+v", f)
				}
			case b.ID:
				if f.TasksDerived == nil || *f.TasksDerived != 4 || f.PlanNumber != "1-KH/ĐU" {
					t.Errorf("followup with tasks: %+v", f)
				}
			}
		}
		if fs, _ := st.CommuneFollowups(ctx, b.ID); len(fs) != 1 {
			t.Errorf("commune followups: %+v", fs)
		}
	})
}
