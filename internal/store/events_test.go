package store_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"nghisu/internal/db"
	"nghisu/internal/store"
	"nghisu/internal/testutil"
)

func TestEventLog(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		clock := testutil.NewClock(testutil.DemoNow)
		st := store.New(d, clock.Now)

		if id, err := st.LastEventID(ctx, "meeting:1"); err != nil || id != 0 {
			t.Fatalf("LastEventID on an empty log = %d, %v", id, err)
		}
		var want []store.Event
		for i := range 5 {
			topic := "meeting:1"
			if i%2 == 1 {
				topic = "meeting:2"
			}
			ev, err := st.AppendEvent(ctx, topic, "tally", map[string]int{"for": i})
			must(t, err)
			if ev.ID == 0 || ev.Topic != topic || ev.Kind != "tally" || string(ev.Data) != fmt.Sprintf(`{"for":%d}`, i) {
				t.Fatalf("appended %+v", ev)
			}
			if len(want) > 0 && ev.ID <= want[len(want)-1].ID {
				t.Fatalf("id %d after %d", ev.ID, want[len(want)-1].ID)
			}
			want = append(want, *ev)
			clock.Advance(time.Minute)
		}

		got, err := st.EventsAfter(ctx, "meeting:1", 0, 100)
		must(t, err)
		sameEvents(t, got, []store.Event{want[0], want[2], want[4]})
		got, err = st.EventsAfter(ctx, "meeting:1", want[0].ID, 1)
		must(t, err)
		sameEvents(t, got, []store.Event{want[2]})
		got, err = st.EventsSince(ctx, want[1].ID, 100)
		must(t, err)
		sameEvents(t, got, want[2:])
		got, err = st.EventsSince(ctx, 0, 2)
		must(t, err)
		sameEvents(t, got, want[:2])

		for topic, id := range map[string]int64{"meeting:1": want[4].ID, "meeting:2": want[3].ID, "": want[4].ID, "meeting:3": 0} {
			if got, err := st.LastEventID(ctx, topic); err != nil || got != id {
				t.Fatalf("LastEventID(%q) = %d, %v; want %d", topic, got, err, id)
			}
		}

		// Raw JSON is stored as given but compacted: the SSE data line must
		// hold it on one line.
		ev, err := st.AppendEvent(ctx, "meeting:1", "item", json.RawMessage("{\n  \"id\": 7\n}"))
		must(t, err)
		if string(ev.Data) != `{"id":7}` {
			t.Fatalf("data %q", ev.Data)
		}
		for _, bad := range [][2]string{{"", "x"}, {"t", ""}, {"t", "a\nb"}, {"t\r", "x"}} {
			if _, err := st.AppendEvent(ctx, bad[0], bad[1], nil); err == nil {
				t.Fatalf("AppendEvent(%q, %q) accepted", bad[0], bad[1])
			}
		}
	})
}

func sameEvents(t *testing.T, got, want []store.Event) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d events %+v, want %d %+v", len(got), got, len(want), want)
	}
	for i := range got {
		g, w := got[i], want[i]
		if g.ID != w.ID || g.Topic != w.Topic || g.Kind != w.Kind || string(g.Data) != string(w.Data) || !g.At.Equal(w.At) {
			t.Fatalf("event %d = %+v (at %s), want %+v (at %s)", i, g, g.At, w, w.At)
		}
	}
}

func TestAppendEventCommitsWithTransaction(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st := store.New(d, nil)
		boom := errors.New("the change failed")
		err := st.InTx(ctx, func(tx *store.Store) error {
			if _, err := tx.AppendEvent(ctx, "meeting:1", "item", 1); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("InTx = %v", err)
		}
		if id, _ := st.LastEventID(ctx, ""); id != 0 {
			t.Fatalf("rolled back event is in the log (id %d)", id)
		}
		var ev *store.Event
		must(t, st.InTx(ctx, func(tx *store.Store) error {
			var err error
			ev, err = tx.AppendEvent(ctx, "meeting:1", "item", 2)
			if err != nil {
				return err
			}
			// The transaction reads its own event.
			got, err := tx.EventsAfter(ctx, "meeting:1", 0, 10)
			if err == nil && len(got) != 1 {
				err = fmt.Errorf("inside the transaction: %+v", got)
			}
			return err
		}))
		got, err := st.EventsAfter(ctx, "meeting:1", 0, 10)
		must(t, err)
		sameEvents(t, got, []store.Event{*ev})
	})
}

// TestEventIDsFollowCommitOrder is what resuming from an id relies on: a
// reader that has seen id N never later finds a smaller id appear. Writers
// dawdle at random after appending, inside their transaction, to give a
// later id every chance to commit first.
func TestEventIDsFollowCommitOrder(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st := store.New(d, nil)
		const writers, each = 6, 15
		var wg sync.WaitGroup
		errs := make(chan error, writers)
		for w := range writers {
			wg.Go(func() {
				for i := range each {
					err := st.InTx(ctx, func(tx *store.Store) error {
						if _, err := tx.AppendEvent(ctx, fmt.Sprintf("meeting:%d", w%3), "x", i); err != nil {
							return err
						}
						time.Sleep(time.Duration(rand.IntN(2000)) * time.Microsecond)
						return nil
					})
					if err != nil {
						errs <- err
						return
					}
				}
			})
		}
		done := make(chan struct{})
		go func() { wg.Wait(); close(done) }()

		var last int64
		seen := 0
		check := func() {
			evs, err := st.EventsSince(ctx, 0, 10_000)
			must(t, err)
			// Everything up to the highest id seen before must be what was
			// seen then: nothing new may appear below it.
			n := 0
			for _, ev := range evs {
				if ev.ID <= last {
					n++
				}
			}
			if n != seen {
				t.Fatalf("%d events at or below id %d, %d before: one committed out of id order", n, last, seen)
			}
			seen = len(evs)
			if len(evs) > 0 {
				last = evs[len(evs)-1].ID
			}
		}
		for running := true; running; {
			select {
			case <-done:
				running = false
			case err := <-errs:
				t.Fatal(err)
			default:
			}
			check()
		}
		if seen != writers*each {
			t.Fatalf("%d events, want %d", seen, writers*each)
		}
	})
}

func TestPruneEvents(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		clock := testutil.NewClock(testutil.DemoNow)
		st := store.New(d, clock.Now)
		var ids []int64
		for i := range 4 {
			ev, err := st.AppendEvent(ctx, "meeting:1", "x", i)
			must(t, err)
			ids = append(ids, ev.ID)
			clock.Advance(time.Hour)
		}
		n, err := st.PruneEvents(ctx, testutil.DemoNow.Add(90*time.Minute))
		must(t, err)
		if n != 2 {
			t.Fatalf("pruned %d, want 2", n)
		}
		got, err := st.EventsSince(ctx, 0, 10)
		must(t, err)
		if len(got) != 2 || got[0].ID != ids[2] {
			t.Fatalf("left %+v", got)
		}
		// Pruning everything keeps the newest event, so ids never go back.
		n, err = st.PruneEvents(ctx, clock.Now().Add(time.Hour))
		must(t, err)
		if n != 1 {
			t.Fatalf("pruned %d, want 1", n)
		}
		ev, err := st.AppendEvent(ctx, "meeting:1", "x", 9)
		must(t, err)
		if ev.ID <= ids[3] {
			t.Fatalf("new id %d after pruning, newest was %d", ev.ID, ids[3])
		}
	})
}
