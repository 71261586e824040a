package session_test

import (
	"slices"
	"strings"
	"testing"

	"nghisu/internal/db"
	"nghisu/internal/model"
	"nghisu/internal/store"
	"nghisu/internal/testutil"
)

// Each step of the meeting in session (the roll call, opening, the vote
// opened and closed) is in the audit log under the commune, by who took
// it; ballots are not: their count is the tally, and a secret ballot's row
// would tie a person to a moment of the count.
func TestSessionStepsAreAudited(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := setup(t, newServer(t, d, nil))
		mytho := f.srv.Commune(t, "Mỹ Tho")
		f.present(t, 20)
		f.open(t)
		p := f.openPoll(t, model.DecideAdmission, model.MethodSecret, allowChange(false))
		f.castAll(t, p.ID, f.incumbents[:20], choices(15, model.ChoiceFor, 5, model.ChoiceAgainst))
		f.close(t, p.ID, nil)
		// A member's reservation on a passed vote goes into the minutes: logged.
		shown, err := f.svc.OpenPoll(ctx, f.chair, f.m.ID, model.PollInput{Title: "Thông qua", DecisionKind: model.DecideOrdinary, Method: model.MethodOpen})
		if err != nil {
			t.Fatal(err)
		}
		f.close(t, shown.ID, &model.Tally{For: 18, Against: 2})
		if _, err := f.svc.Reserve(ctx, f.srv.Actor(t, "btv.mytho"), shown.ID, "Tôi bảo lưu ý kiến."); err != nil {
			t.Fatal(err)
		}
		if rs, err := f.st.AuditSearch(ctx, store.AuditQuery{Action: "session.reserve", Username: "btv.mytho"}); err != nil || len(rs) != 1 || rs[0].OrgID != mytho.ID {
			t.Errorf("reservation in the audit log: %+v, %v", rs, err)
		}

		entries, err := f.st.AuditSearch(ctx, store.AuditQuery{Path: mytho.Path, ObjectType: "meeting", Action: "session."})
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, e := range entries {
			if e.ObjectID != f.m.ID || e.OrgID != mytho.ID || e.Username == "" {
				t.Errorf("entry %+v: not the meeting's, the commune's, or nobody's", e)
			}
			if strings.Contains(e.Detail, string(model.ChoiceFor)) || strings.Contains(e.Detail, string(model.ChoiceAgainst)) {
				t.Errorf("entry %+v names a choice", e)
			}
			if !slices.Contains(actions, e.Action) {
				actions = append(actions, e.Action)
			}
		}
		for _, want := range []string{"session.attendance", "session.open", "session.open_poll", "session.close_poll"} {
			if !slices.Contains(actions, want) {
				t.Errorf("no %s in the audit log: %q", want, actions)
			}
		}
		if len(entries) >= 20+20 {
			t.Errorf("%d session entries for 20 marks, 20 ballots and 3 steps: ballots are audited", len(entries))
		}
	})
}
