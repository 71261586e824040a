package db_test

import (
	"context"
	"testing"
	"time"

	"nghisu/internal/db"
	"nghisu/internal/testutil"
)

// TestPrepareWhileWriterBusy: a write outside any transaction that must
// prepare its statement waits for the writer's only connection; meanwhile
// the transaction holding that connection still looks up its own
// statements and commits. (The cache once held its lock while waiting,
// and the two waited for each other for ever.)
func TestPrepareWhileWriterBusy(t *testing.T) {
	d := testutil.NewDB(t, db.SQLite)
	ctx := context.Background()
	if _, err := d.Exec(ctx, "CREATE TABLE probe (n INTEGER)"); err != nil {
		t.Fatal(err)
	}
	outside := make(chan error, 1)
	inside := make(chan error, 1)
	go func() {
		inside <- d.InTx(ctx, func(tx *db.Tx) error {
			go func() {
				_, err := d.Exec(ctx, "INSERT INTO probe (n) VALUES (1)") // new: prepared now
				outside <- err
			}()
			// Let the write outside reach the pool and wait there.
			time.Sleep(200 * time.Millisecond)
			_, err := tx.Exec(ctx, "INSERT INTO probe (n) VALUES (2)")
			return err
		})
	}()
	for _, c := range []struct {
		what string
		ch   chan error
	}{{"the transaction", inside}, {"the write outside it", outside}} {
		select {
		case err := <-c.ch:
			if err != nil {
				t.Fatalf("%s: %v", c.what, err)
			}
		case <-time.After(30 * time.Second):
			t.Fatalf("%s did not finish: the statement cache and the writer wait for each other", c.what)
		}
	}
	var n int
	if err := d.QueryRow(ctx, "SELECT COUNT(*) FROM probe").Scan(&n); err != nil || n != 2 {
		t.Fatalf("%d rows, %v", n, err)
	}
}
