package drafting_test

import (
	"errors"
	"testing"

	"nghisu/internal/db"
	"nghisu/internal/model"
	"nghisu/internal/store"
	"nghisu/internal/testutil"
)

// TestViewersAgreeWithViewer: the batched viewers search uses say, for every
// meeting of two communes' committees and standing committees and every
// kind of user, exactly what Viewer says one meeting at a time: the same
// meetings hidden, the same seat, guest, standing and preparer.
func TestViewersAgreeWithViewer(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := testutil.NewServer(t, d)
		var ids []int64
		for _, place := range []string{"Mỹ Tho", "Cao Lãnh"} {
			for _, kind := range []model.BodyKind{model.BodyCommittee, model.BodyStanding} {
				ms, err := srv.App.Store.Meetings(ctx, store.MeetingQuery{BodyIDs: []int64{srv.Body(t, place, kind).ID}})
				if err != nil {
					t.Fatal(err)
				}
				for _, m := range ms {
					ids = append(ids, m.ID)
				}
			}
		}
		ids = append(ids, 999999) // no such meeting
		if len(ids) < 10 {
			t.Fatalf("only %d meetings", len(ids))
		}
		for _, user := range []string{"admin", "tinhuy", "bithu.mytho", "pbtt.mytho", "btv.mytho", "uv.mytho", "vp.mytho", "thuky.mytho", "ubnd.mytho", "bithu.caolanh"} {
			a := srv.Actor(t, user)
			batch, err := srv.App.Drafting.Viewers(ctx, a, ids)
			if err != nil {
				t.Fatal(err)
			}
			shown := 0
			for _, id := range ids {
				one, err := srv.App.Drafting.Viewer(ctx, a, id)
				if errors.Is(err, model.ErrNotFound) {
					one, err = nil, nil
				}
				if err != nil {
					t.Fatal(err)
				}
				got := batch[id]
				switch {
				case (one == nil) != (got == nil):
					t.Errorf("%s, meeting %d: Viewer %v, Viewers %v", user, id, one != nil, got != nil)
				case one != nil && (one.Seat != got.Seat || one.Guest != got.Guest || one.Standing != got.Standing || one.Preparer != got.Preparer):
					t.Errorf("%s, meeting %d: Viewer %+v, Viewers %+v", user, id, *one, *got)
				case one != nil:
					shown++
				}
			}
			t.Logf("%s sees %d of %d meetings", user, shown, len(ids))
		}
	})
}
