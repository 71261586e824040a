package realtime_test

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"nghisu/internal/db"
	"nghisu/internal/realtime"
	"nghisu/internal/store"
	"nghisu/internal/testutil"
)

var pgCounter atomic.Int64

// PostgresTestDB creates a migrated PostgreSQL database through the admin
// URL in NGHISU_TEST_PG, drops it after the test, and returns its URL (the
// broker needs a URL for its own connection, which testutil.NewDB does not
// give) and the opened database. It skips the test when there is no server.
func PostgresTestDB(t testing.TB) (string, *db.DB) {
	t.Helper()
	admin := os.Getenv("NGHISU_TEST_PG")
	if admin == "" {
		testutil.Skip(t, "PostgreSQL: NGHISU_TEST_PG is not set")
	}
	ctx := context.Background()
	a, err := sql.Open("pgx", admin)
	mustNil(t, err)
	defer a.Close()
	name := fmt.Sprintf("nghisu_rt_%d_%d", os.Getpid(), pgCounter.Add(1))
	if _, err := a.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if a, err := sql.Open("pgx", admin); err == nil {
			a.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
			a.Close()
		}
	})
	u, err := url.Parse(admin)
	mustNil(t, err)
	u.Path = "/" + name
	d, err := db.Open(ctx, u.String(), "", db.Options{MaxConns: 10})
	mustNil(t, err)
	t.Cleanup(func() { d.Close() })
	_, err = d.Migrate(ctx)
	mustNil(t, err)
	return u.String(), d
}

// testLog sends the broker's log to the test's.
func testLog(t testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(logWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type logWriter struct{ t testing.TB }

func (w logWriter) Write(b []byte) (int, error) {
	w.t.Log(strings.TrimSuffix(string(b), "\n"))
	return len(b), nil
}

func newPG(t *testing.T, u string, st *store.Store, h *realtime.Hub, name string, opt realtime.PGOptions) realtime.Broker {
	t.Helper()
	b, err := realtime.NewPostgresWith(context.Background(), u, st, h, testLog(t).With("instance", name), opt)
	mustNil(t, err)
	t.Cleanup(func() { b.Close() })
	return b
}

// sameEvent checks that got is want, as the log holds it.
func sameEvent(t testing.TB, got, want store.Event) {
	t.Helper()
	if got.ID != want.ID || got.Topic != want.Topic || got.Kind != want.Kind ||
		string(got.Data) != string(want.Data) || !got.At.Equal(want.At) {
		t.Fatalf("got %+v, want %+v", got, want)
	}
}

// expectEvents reads exactly evs from s, then checks that nothing follows.
func expectEvents(t testing.TB, s *realtime.Sub, evs ...store.Event) {
	t.Helper()
	for _, want := range evs {
		sameEvent(t, recv(t, s), want)
	}
	select {
	case e, ok := <-s.C:
		if ok {
			t.Fatalf("unexpected event %d", e.ID)
		}
	case <-time.After(100 * time.Millisecond):
	}
}

func appendN(t testing.TB, st *store.Store, n int, data func(i int) any) []store.Event {
	t.Helper()
	evs := make([]store.Event, n)
	for i := range evs {
		e, err := st.AppendEvent(context.Background(), "m", "tally", data(i))
		mustNil(t, err)
		evs[i] = *e
	}
	return evs
}

func count(i int) any { return map[string]int{"n": i} }

// TestPostgresBroker: two instances on one database, each with its hub.
func TestPostgresBroker(t *testing.T) {
	ctx := context.Background()
	u, d := PostgresTestDB(t)
	st := store.New(d, nil)
	ha, hb := realtime.NewHub(), realtime.NewHub()
	// A short poll, to see an event whose NOTIFY never came arrive anyway.
	a := newPG(t, u, st, ha, "A", realtime.PGOptions{Poll: 200 * time.Millisecond})
	b := newPG(t, u, st, hb, "B", realtime.PGOptions{Poll: 200 * time.Millisecond})
	sa, sb := ha.Subscribe("m", 100), hb.Subscribe("m", 100)
	other := hb.Subscribe("other", 100)

	// Published on A: reaches B's hub, and A's own through LISTEN.
	e := appendN(t, st, 1, count)
	mustNil(t, a.Publish(ctx, e...))
	expectEvents(t, sa, e...)
	expectEvents(t, sb, e...)

	// Too big for a notification: announced by id, read from the log.
	big := appendN(t, st, 1, func(int) any { return strings.Repeat("phát biểu ", 2000) })
	if len(big[0].Data) <= realtime.MaxPayload {
		t.Fatal("event not big enough")
	}
	mustNil(t, b.Publish(ctx, big...))
	expectEvents(t, sa, big...)
	expectEvents(t, sb, big...)

	// Several at once, and notifications crossing: two instances publish
	// N+1 before N. Each hub delivers N, N+1, once each.
	evs := appendN(t, st, 4, count)
	mustNil(t, a.Publish(ctx, evs[1], evs[0]))
	mustNil(t, b.Publish(ctx, evs[3]))
	mustNil(t, a.Publish(ctx, evs[2]))
	expectEvents(t, sa, evs...)
	expectEvents(t, sb, evs...)

	// Committed but never published (the publisher died in between): the
	// idle poll finds it.
	lost := appendN(t, st, 1, count)
	expectEvents(t, sa, lost...)
	expectEvents(t, sb, lost...)

	// Topics stay apart.
	o, err := st.AppendEvent(ctx, "other", "x", nil)
	mustNil(t, err)
	mustNil(t, a.Publish(ctx, *o))
	expectEvents(t, other, *o)
	expectEvents(t, sb)

	mustNil(t, a.Close())
	mustNil(t, a.Close())
	if realtime.ListenerPID(a) != 0 {
		t.Fatal("listener connection still open after Close")
	}
}

// TestPostgresBrokerReconnect: events published while B's listening
// connection is down reach B once it is back, in order, once each.
func TestPostgresBrokerReconnect(t *testing.T) {
	ctx := context.Background()
	u, d := PostgresTestDB(t)
	st := store.New(d, nil)
	ha, hb := realtime.NewHub(), realtime.NewHub()
	a := newPG(t, u, st, ha, "A", realtime.PGOptions{})
	// B's first reconnect waits until the test has published, so that the
	// events surely come while it is away.
	away, back := make(chan struct{}), make(chan struct{})
	var first sync.Once
	b := newPG(t, u, st, hb, "B", realtime.PGOptions{MinBackoff: 20 * time.Millisecond, BeforeReconnect: func() {
		first.Do(func() { close(away); <-back })
	}})
	sa, sb := ha.Subscribe("m", 100), hb.Subscribe("m", 100)

	before := appendN(t, st, 1, count)
	mustNil(t, a.Publish(ctx, before...))
	expectEvents(t, sb, before...)
	expectEvents(t, sa, before...)

	pid := realtime.ListenerPID(b)
	var ok bool
	mustNil(t, d.QueryRow(ctx, "SELECT pg_terminate_backend(?)", int64(pid)).Scan(&ok))
	if !ok {
		t.Fatal("pg_terminate_backend failed")
	}
	select {
	case <-away:
	case <-time.After(5 * time.Second):
		t.Fatal("B did not notice its connection died")
	}

	missed := appendN(t, st, 5, count)
	mustNil(t, a.Publish(ctx, missed[:2]...))
	mustNil(t, a.Publish(ctx, missed[2]))
	mustNil(t, b.Publish(ctx, missed[3:]...)) // B's Publish works without its listener
	expectEvents(t, sa, missed...)
	expectEvents(t, sb) // nothing while away
	close(back)
	expectEvents(t, sb, missed...)

	if p := realtime.ListenerPID(b); p == 0 || p == pid {
		t.Fatalf("listener pid %d, was %d", p, pid)
	}
	after := appendN(t, st, 1, count)
	mustNil(t, a.Publish(ctx, after...))
	expectEvents(t, sb, after...)
	expectEvents(t, sa, after...)
}

// TestPostgresBrokerCloseWhileReconnecting: a listener that cannot
// reconnect keeps trying, and Close still stops it promptly.
func TestPostgresBrokerCloseWhileReconnecting(t *testing.T) {
	ctx := context.Background()
	u, d := PostgresTestDB(t)
	st := store.New(d, nil)
	reconnecting := make(chan struct{}, 100)
	b := newPG(t, u, st, realtime.NewHub(), "B", realtime.PGOptions{MinBackoff: 10 * time.Millisecond, BeforeReconnect: func() {
		reconnecting <- struct{}{}
	}})
	// Through the admin database: close this one to new connections, then
	// cut the listener's.
	admin, err := sql.Open("pgx", os.Getenv("NGHISU_TEST_PG"))
	mustNil(t, err)
	defer admin.Close()
	pu, _ := url.Parse(u)
	name := strings.TrimPrefix(pu.Path, "/")
	_, err = admin.ExecContext(ctx, "ALTER DATABASE "+name+" ALLOW_CONNECTIONS false")
	mustNil(t, err)
	defer admin.ExecContext(ctx, "ALTER DATABASE "+name+" ALLOW_CONNECTIONS true")
	_, err = admin.ExecContext(ctx, "SELECT pg_terminate_backend($1)", int64(realtime.ListenerPID(b)))
	mustNil(t, err)
	for range 3 {
		select {
		case <-reconnecting:
		case <-time.After(5 * time.Second):
			t.Fatal("no reconnect attempts")
		}
	}
	done := make(chan struct{})
	go func() { b.Close(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Close hangs while reconnecting")
	}
}
