package auth_test

import (
	"context"
	"testing"
	"time"

	"nghisu/internal/db"
	"nghisu/internal/testutil"
)

// TestTokenUses: using a token notes when, at most once a minute, and the
// notes are written together when flushed, not one write per request.
func TestTokenUses(t *testing.T) {
	ctx := context.Background()
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := testutil.NewServer(t, d)
		svc := srv.App.Auth
		sec := srv.Actor(t, "bithu.mytho")
		token, _, err := svc.IssueToken(ctx, sec, sec.Account.ID, "thử")
		if err != nil {
			t.Fatal(err)
		}
		lastUsed := func() time.Time {
			t.Helper()
			ts, err := svc.Tokens(ctx, sec, sec.Account.ID)
			if err != nil || len(ts) != 1 {
				t.Fatalf("tokens %+v, %v", ts, err)
			}
			if ts[0].LastUsedAt == nil {
				return time.Time{}
			}
			return *ts[0].LastUsedAt
		}
		use := func() {
			t.Helper()
			if _, err := svc.ActorByToken(ctx, token, "127.0.0.1"); err != nil {
				t.Fatal(err)
			}
		}
		flush := func() {
			t.Helper()
			if err := svc.FlushTokenUses(ctx); err != nil {
				t.Fatal(err)
			}
		}
		use()
		use()
		if !lastUsed().IsZero() {
			t.Fatal("a use was written before the flush")
		}
		flush()
		first := srv.Clock.Now()
		if got := lastUsed(); !got.Equal(first) {
			t.Fatalf("last used %v, want %v", got, first)
		}
		srv.Clock.Advance(30 * time.Second)
		use()
		flush()
		if got := lastUsed(); !got.Equal(first) {
			t.Errorf("noted again within the minute: %v", got)
		}
		srv.Clock.Advance(time.Minute)
		use()
		flush()
		if got := lastUsed(); !got.Equal(srv.Clock.Now()) {
			t.Errorf("a minute later: last used %v, want %v", got, srv.Clock.Now())
		}
	})
}
