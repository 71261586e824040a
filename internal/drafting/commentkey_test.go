package drafting_test

import (
	"sync"
	"testing"

	"nghisu/internal/db"
	"nghisu/internal/model"
	"nghisu/internal/testutil"
)

// TestCommentKey: a comment resent with its key (the device lost the
// answer) is answered with the stored comment, marked repeated, and stored
// once, also when the copies arrive at the same time; a key is the
// author's own; a malformed key is the key field's problem.
func TestCommentKey(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := testutil.NewServer(t, d)
		dr := srv.App.Drafting
		x := findDemo(t, srv)
		btv, pbtt := srv.Actor(t, "btv.mytho"), srv.Actor(t, "pbtt.mytho")
		count := func() int {
			t.Helper()
			_, _, rv, err := dr.Review(ctx, btv, x.round.ID)
			if err != nil {
				t.Fatal(err)
			}
			return len(rv.Comments)
		}
		before := count()
		in := model.CommentInput{Kind: model.CommentRemark, Paragraph: 1, Text: "Bổ sung số liệu.", Key: "phone-1-comment-0001"}
		first, err := dr.Comment(ctx, btv, x.round.ID, in)
		if err != nil || first.Repeated || first.Key != in.Key {
			t.Fatalf("first send: %+v, %v", first, err)
		}
		again, err := dr.Comment(ctx, btv, x.round.ID, in)
		if err != nil || !again.Repeated || again.ID != first.ID {
			t.Fatalf("resent: %+v, %v; want comment %d repeated", again, err, first.ID)
		}
		// Another reviewer's device may happen on the same key.
		other, err := dr.Comment(ctx, pbtt, x.round.ID, in)
		if err != nil || other.Repeated || other.ID == first.ID {
			t.Fatalf("another author, same key: %+v, %v", other, err)
		}
		// Copies racing each other: one is stored, all get its id.
		race := in
		race.Key = "phone-1-comment-0002"
		var wg sync.WaitGroup
		ids := make([]int64, 6)
		for i := range ids {
			wg.Go(func() {
				c, err := dr.Comment(ctx, btv, x.round.ID, race)
				if err != nil {
					t.Errorf("racing copy %d: %v", i, err)
					return
				}
				ids[i] = c.ID
			})
		}
		wg.Wait()
		for _, id := range ids[1:] {
			if id != ids[0] {
				t.Errorf("racing copies got comments %v", ids)
				break
			}
		}
		// Without a key every send is a comment, as before.
		for range 2 {
			if _, err := dr.Comment(ctx, btv, x.round.ID, model.CommentInput{Kind: model.CommentAgree}); err != nil {
				t.Fatal(err)
			}
		}
		if n := count(); n != before+5 {
			t.Errorf("%d comments, want %d", n, before+5)
		}
		bad := in
		bad.Key = "x y"
		if _, err := dr.Comment(ctx, btv, x.round.ID, bad); testutil.FieldOf(err) != "key" {
			t.Errorf("malformed key: %v, want a problem with key", err)
		}
	})
}
