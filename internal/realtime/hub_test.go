package realtime_test

import (
	"context"
	"testing"
	"time"

	"nghisu/internal/db"
	"nghisu/internal/realtime"
	"nghisu/internal/store"
	"nghisu/internal/testutil"
)

func ev(id int64, topic string) store.Event {
	return store.Event{ID: id, Topic: topic, Kind: "x", Data: []byte(`{}`)}
}

// recv reads the next event of s or fails after a while.
func recv(t testing.TB, s *realtime.Sub) store.Event {
	t.Helper()
	select {
	case e, ok := <-s.C:
		if !ok {
			t.Fatal("subscription ended")
		}
		return e
	case <-time.After(5 * time.Second):
		t.Fatal("no event")
	}
	return store.Event{}
}

// expectIDs reads len(ids) events from s and checks their ids, then that
// nothing more is waiting.
func expectIDs(t testing.TB, s *realtime.Sub, ids ...int64) {
	t.Helper()
	for _, id := range ids {
		if e := recv(t, s); e.ID != id {
			t.Fatalf("got event %d, want %d (of %v)", e.ID, id, ids)
		}
	}
	select {
	case e, ok := <-s.C:
		if ok {
			t.Fatalf("unexpected event %d after %v", e.ID, ids)
		}
	case <-time.After(50 * time.Millisecond):
	}
}

func TestHubFanOut(t *testing.T) {
	h := realtime.NewHub()
	a1, a2 := h.Subscribe("a", 10), h.Subscribe("a", 10)
	b := h.Subscribe("b", 10)
	if h.Count("a") != 2 || h.Count("b") != 1 || h.Count("c") != 0 {
		t.Fatalf("counts %d %d %d", h.Count("a"), h.Count("b"), h.Count("c"))
	}
	h.Publish(ev(1, "a"))
	h.Publish(ev(2, "b"))
	h.Publish(ev(3, "a"))
	h.Publish(ev(4, "c")) // nobody listens: nothing happens
	expectIDs(t, a1, 1, 3)
	expectIDs(t, a2, 1, 3)
	expectIDs(t, b, 2)
}

func TestHubUnsubscribe(t *testing.T) {
	h := realtime.NewHub()
	subs := make([]*realtime.Sub, 5)
	for i := range subs {
		subs[i] = h.Subscribe("a", 4)
	}
	subs[1].Close()
	subs[1].Close() // twice is fine
	if _, ok := <-subs[1].C; ok {
		t.Fatal("C open after Close")
	}
	if subs[1].Dropped() {
		t.Fatal("a closed subscription reports dropped")
	}
	h.Publish(ev(1, "a"))
	for i, s := range subs {
		if i != 1 {
			expectIDs(t, s, 1)
		}
	}
	if h.Count("a") != 4 {
		t.Fatalf("count %d", h.Count("a"))
	}
	for _, s := range subs {
		s.Close()
	}
	if h.Count("a") != 0 || h.Topics() != 0 {
		t.Fatalf("after closing all: count %d, topics %d", h.Count("a"), h.Topics())
	}
	// A new subscription after the topic was forgotten works.
	s := h.Subscribe("a", 1)
	h.Publish(ev(2, "a"))
	expectIDs(t, s, 2)
}

func TestHubDropsSlowSubscriber(t *testing.T) {
	h := realtime.NewHub()
	slow := h.Subscribe("a", 2)
	fast := h.Subscribe("a", 100)
	other := h.Subscribe("a", 100)
	done := make(chan struct{})
	go func() {
		// Publish must never wait for the slow one.
		for i := int64(1); i <= 10; i++ {
			h.Publish(ev(i, "a"))
		}
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Publish blocked on a slow subscriber")
	}
	expectIDs(t, fast, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10)
	expectIDs(t, other, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10)
	// The slow one keeps a gapless prefix, then ends: it is not skipped
	// over, which would leave a gap it could not see.
	if e := recv(t, slow); e.ID != 1 {
		t.Fatalf("slow got %d", e.ID)
	}
	if e := recv(t, slow); e.ID != 2 {
		t.Fatalf("slow got %d", e.ID)
	}
	if _, ok := <-slow.C; ok {
		t.Fatal("slow subscriber not dropped")
	}
	if !slow.Dropped() {
		t.Fatal("Dropped() = false")
	}
	if h.Count("a") != 2 {
		t.Fatalf("count %d after the drop", h.Count("a"))
	}
	slow.Close() // after a drop: harmless
	if h.Count("a") != 2 {
		t.Fatalf("count %d", h.Count("a"))
	}
}

// TestLocalBrokerOrder: two requests commit events N and N+1 in that order
// but publish them the other way round; the hub must still deliver N first,
// and each once.
func TestLocalBrokerOrder(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st := store.New(d, nil)
		h := realtime.NewHub()
		b := realtime.NewLocal(h, st)
		defer b.Close()
		s := h.Subscribe("m", 100)
		var evs []store.Event
		for i := range 4 {
			e, err := st.AppendEvent(ctx, "m", "x", i)
			if err != nil {
				t.Fatal(err)
			}
			evs = append(evs, *e)
		}
		mustNil(t, b.Publish(ctx, evs[1]))
		mustNil(t, b.Publish(ctx, evs[0]))
		mustNil(t, b.Publish(ctx, evs[3], evs[2]))
		mustNil(t, b.Publish(ctx, evs[1]))
		expectIDs(t, s, evs[0].ID, evs[1].ID, evs[2].ID, evs[3].ID)
		if b.Hub() != h {
			t.Fatal("Hub()")
		}

		// Without a store, order is the callers' and late events are dropped.
		h2 := realtime.NewHub()
		b2 := realtime.NewLocal(h2, nil)
		s2 := h2.Subscribe("m", 100)
		mustNil(t, b2.Publish(ctx, evs[1], evs[0]))
		mustNil(t, b2.Publish(ctx, evs[3]))
		mustNil(t, b2.Publish(ctx, evs[2]))
		expectIDs(t, s2, evs[0].ID, evs[1].ID, evs[3].ID)
	})
}

func mustNil(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
