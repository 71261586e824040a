package realtime_test

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"nghisu/internal/db"
	"nghisu/internal/realtime"
	"nghisu/internal/store"
	"nghisu/internal/testutil"
)

// frame is one block of a text/event-stream, as a browser would split it.
type frame struct {
	id, event, data, retry string
	hasID, hasData         bool
	comment                string
	isComment              bool
}

// sseClient reads a stream over real HTTP and parses it into frames.
type sseClient struct {
	resp   *http.Response
	frames chan frame // closed at the end of the stream
}

func dial(t *testing.T, url, lastID string) *sseClient {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	mustNil(t, err)
	if lastID != "" {
		req.Header.Set("Last-Event-ID", lastID)
	}
	resp, err := http.DefaultClient.Do(req)
	mustNil(t, err)
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	c := &sseClient{resp: resp, frames: make(chan frame, 1000)}
	t.Cleanup(func() { resp.Body.Close() })
	go c.read()
	return c
}

// read is a small SSE parser: fields until a blank line make a frame; a
// comment line is reported as a frame of its own.
func (c *sseClient) read() {
	defer close(c.frames)
	r := bufio.NewReader(c.resp.Body)
	var f frame
	var data []string
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		line = strings.TrimSuffix(line, "\n")
		switch {
		case line == "":
			if f.hasData || f.hasID || f.retry != "" || f.event != "" {
				f.data = strings.Join(data, "\n")
				c.frames <- f
			}
			f, data = frame{}, nil
		case strings.HasPrefix(line, ":"):
			c.frames <- frame{isComment: true, comment: strings.TrimPrefix(line, ":")}
		default:
			name, value, _ := strings.Cut(line, ":")
			value = strings.TrimPrefix(value, " ")
			switch name {
			case "id":
				f.id, f.hasID = value, true
			case "event":
				f.event = value
			case "data":
				data, f.hasData = append(data, value), true
			case "retry":
				f.retry = value
			}
		}
	}
}

// next returns the next frame, or fails; ok is false at the end of the stream.
func (c *sseClient) next(t *testing.T) (frame, bool) {
	t.Helper()
	select {
	case f, ok := <-c.frames:
		return f, ok
	case <-time.After(5 * time.Second):
		t.Fatal("stream: nothing within 5s")
	}
	return frame{}, false
}

// nextEvent returns the next frame carrying data, skipping pings and the
// retry line.
func (c *sseClient) nextEvent(t *testing.T) frame {
	t.Helper()
	for {
		f, ok := c.next(t)
		if !ok {
			t.Fatal("stream ended")
		}
		if f.hasData && f.event != "ping" {
			return f
		}
	}
}

// expectEvents reads events and compares them with evs, exactly.
func (c *sseClient) expectEvents(t *testing.T, evs ...store.Event) {
	t.Helper()
	for _, want := range evs {
		f := c.nextEvent(t)
		if f.id != strconv.FormatInt(want.ID, 10) || f.event != want.Kind || f.data != string(want.Data) {
			t.Fatalf("got id %s event %s data %s, want %d %s %s", f.id, f.event, f.data, want.ID, want.Kind, want.Data)
		}
	}
}

// expectQuiet checks that the next frame is a ping: no event (a duplicate,
// say) is waiting.
func (c *sseClient) expectQuiet(t *testing.T) {
	t.Helper()
	f, ok := c.next(t)
	if !ok || f.event != "ping" || f.id != "" {
		t.Fatalf("expected a ping, got %+v (open %v)", f, ok)
	}
}

// expectEnd reads to the end of the stream, which must come without events.
func (c *sseClient) expectEnd(t *testing.T) {
	t.Helper()
	for {
		f, ok := c.next(t)
		if !ok {
			return
		}
		if f.hasData {
			t.Fatalf("event %s before the end", f.id)
		}
	}
}

// unwrapper stands for the web layer's statusWriter: flushing must reach the
// real writer through Unwrap.
type unwrapper struct{ http.ResponseWriter }

func (u unwrapper) Unwrap() http.ResponseWriter { return u.ResponseWriter }

type sseFixture struct {
	st     *store.Store
	hub    *realtime.Hub
	broker realtime.Broker
	url    string
	errs   chan error

	mu   sync.Mutex
	opts realtime.SSEOptions
}

func newSSEFixture(t *testing.T, d *db.DB) *sseFixture {
	f := &sseFixture{st: store.New(d, nil), hub: realtime.NewHub(), errs: make(chan error, 100)}
	f.broker = realtime.NewLocal(f.hub, f.st)
	f.opts = realtime.SSEOptions{Topic: "m", Heartbeat: 50 * time.Millisecond}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		o := f.opts
		f.mu.Unlock()
		o.Hub, o.Store = f.hub, f.st
		f.errs <- realtime.ServeSSE(unwrapper{w}, r, o)
	}))
	t.Cleanup(srv.Close)
	f.url = srv.URL
	return f
}

func (f *sseFixture) setOpts(fn func(*realtime.SSEOptions)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	fn(&f.opts)
}

// add appends an event and publishes it, as a request would after its commit.
func (f *sseFixture) add(t testing.TB, topic, kind string, data any) store.Event {
	t.Helper()
	ctx := context.Background()
	e, err := f.st.AppendEvent(ctx, topic, kind, data)
	mustNil(t, err)
	mustNil(t, f.broker.Publish(ctx, *e))
	return *e
}

func (f *sseFixture) addN(t testing.TB, n int) []store.Event {
	t.Helper()
	evs := make([]store.Event, n)
	for i := range evs {
		evs[i] = f.add(t, "m", "tally", map[string]int{"n": i})
	}
	return evs
}

// waitUnsubscribed waits for the handler to end and checks how.
func (f *sseFixture) waitEnded(t *testing.T) {
	t.Helper()
	select {
	case err := <-f.errs:
		if err != nil {
			t.Fatalf("ServeSSE: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("ServeSSE did not return")
	}
	if n := f.hub.Count("m"); n != 0 {
		t.Fatalf("%d subscribers left", n)
	}
}

func id(e store.Event) string { return strconv.FormatInt(e.ID, 10) }

func TestSSEReplayThenLive(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := newSSEFixture(t, d)
		var evs []store.Event
		for i := range 5 {
			evs = append(evs, f.add(t, "m", "tally", map[string]int{"for": i}))
			f.add(t, "other", "tally", i) // another topic, interleaved
		}
		c := dial(t, f.url, id(evs[1]))
		h := c.resp.Header
		if h.Get("Content-Type") != "text/event-stream" || h.Get("Cache-Control") != "no-cache" || h.Get("X-Accel-Buffering") != "no" {
			t.Fatalf("headers %v", h)
		}
		if first, _ := c.next(t); first.retry != "2000" {
			t.Fatalf("first frame %+v, want retry: 2000", first)
		}
		// Exactly the missed events of the topic, in order.
		c.expectEvents(t, evs[2:]...)
		// Then live ones.
		live := f.addN(t, 3)
		f.add(t, "other", "x", nil)
		c.expectEvents(t, live...)
		// Heartbeats keep coming, and nothing else.
		c.expectQuiet(t)
		c.expectQuiet(t)

		// The handler ends when the client goes away.
		c.resp.Body.Close()
		f.waitEnded(t)
	})
}

// TestSSEOverlap makes the races between the replay and the subscription
// happen: events committed after the subscription but before the replay
// query (in both), and after the replay query (live only).
func TestSSEOverlap(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := newSSEFixture(t, d)
		before := f.addN(t, 3)
		// The hooks run in the handler; channels hand their events over.
		during, after := make(chan []store.Event, 1), make(chan []store.Event, 1)
		var once sync.Once
		f.setOpts(func(o *realtime.SSEOptions) {
			*o = realtime.WithAfterSubscribe(*o, func() { during <- f.addN(t, 2) })
			o.Filter = func(e store.Event) (store.Event, bool) {
				once.Do(func() { after <- f.addN(t, 2) })
				return e, true
			}
		})
		c := dial(t, f.url, id(before[0]))
		c.expectEvents(t, before[1:]...)
		c.expectEvents(t, <-during...)
		c.expectEvents(t, <-after...)
		later := f.addN(t, 1)
		c.expectEvents(t, later...)
		c.expectQuiet(t)
	})
}

func TestSSEFirstConnection(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := newSSEFixture(t, d)
		evs := f.addN(t, 3)

		// A page rendered up to evs[0] resumes from there with ?last=.
		c := dial(t, f.url+"?last="+id(evs[0]), "")
		c.expectEvents(t, evs[1:]...)

		// Without a position, the stream starts now and says where that is.
		c = dial(t, f.url, "")
		for {
			fr, ok := c.next(t)
			if !ok {
				t.Fatal("stream ended")
			}
			if fr.hasData {
				t.Fatalf("event %s replayed to a client without a position", fr.id)
			}
			if fr.hasID {
				if fr.id != id(evs[2]) {
					t.Fatalf("position %s, want %d", fr.id, evs[2].ID)
				}
				break
			}
		}
		next := f.addN(t, 1)
		c.expectEvents(t, next...)

		// A position the log has not reached (a backup was restored) is
		// not trusted: the stream starts now.
		c = dial(t, f.url, strconv.FormatInt(next[0].ID+1000, 10))
		for {
			fr, ok := c.next(t)
			if !ok || fr.hasData {
				t.Fatalf("frame %+v (open %v)", fr, ok)
			}
			if fr.hasID {
				if fr.id != id(next[0]) {
					t.Fatalf("position %s, want %d", fr.id, next[0].ID)
				}
				break
			}
		}
		next = f.addN(t, 1)
		c.expectEvents(t, next...)
	})
}

func TestSSEFilter(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := newSSEFixture(t, d)
		f.setOpts(func(o *realtime.SSEOptions) {
			o.Filter = func(e store.Event) (store.Event, bool) {
				switch e.Kind {
				case "secret":
					return e, false
				case "tally":
					// Rewritten with line breaks: they must not break the stream.
					e.Data = json.RawMessage("{\n\"hidden\": true\n}")
				}
				return e, true
			}
		})
		a := f.add(t, "m", "item", 1)
		f.add(t, "m", "secret", 2)
		c := dial(t, f.url, "0")
		c.expectEvents(t, a)
		f.add(t, "m", "secret", 3)
		tally := f.add(t, "m", "tally", 4)
		fr := c.nextEvent(t)
		var v map[string]bool
		if fr.id != id(tally) || json.Unmarshal([]byte(fr.data), &v) != nil || !v["hidden"] {
			t.Fatalf("rewritten event %+v", fr)
		}
		c.expectQuiet(t)
	})
}

// TestSSEDroppedThenResume: a connection that falls a buffer behind is
// ended, and the client's reconnection replays the rest, nothing lost or
// repeated.
func TestSSEDroppedThenResume(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := newSSEFixture(t, d)
		start := f.addN(t, 1)[0]
		stuck, release := make(chan struct{}), make(chan struct{})
		var gate sync.Once
		f.setOpts(func(o *realtime.SSEOptions) {
			o.Buffer = 2
			// The first live event stalls the connection, as a slow
			// network would.
			o.Filter = func(e store.Event) (store.Event, bool) {
				gate.Do(func() { close(stuck); <-release })
				return e, true
			}
		})
		c := dial(t, f.url, id(start))
		if fr, _ := c.next(t); fr.retry == "" {
			t.Fatalf("first frame %+v", fr)
		}
		evs := f.addN(t, 1)
		<-stuck
		evs = append(evs, f.addN(t, 4)...) // two fit the buffer, the third drops it
		if n := f.hub.Count("m"); n != 0 {
			t.Fatalf("slow connection not dropped: %d subscribers", n)
		}
		close(release)
		// What was taken before the drop is written, then the stream ends.
		c.expectEvents(t, evs[:3]...)
		c.expectEnd(t)
		f.waitEnded(t)

		// The browser reconnects with the last id it saw.
		c = dial(t, f.url, id(evs[2]))
		c.expectEvents(t, evs[3:]...)
		live := f.addN(t, 2)
		c.expectEvents(t, live...)
		c.expectQuiet(t)
	})
}

// TestSSEWithoutFlusher: a writer that cannot flush is an error, not a hang.
func TestSSEWithoutFlusher(t *testing.T) {
	d := testutil.NewDB(t, db.SQLite)
	st := store.New(d, nil)
	w := struct{ http.ResponseWriter }{httptest.NewRecorder()} // hides Flush
	r := httptest.NewRequest("GET", "/", nil)
	err := realtime.ServeSSE(w, r, realtime.SSEOptions{Topic: "m", Hub: realtime.NewHub(), Store: st})
	if err == nil {
		t.Fatal("no error")
	}
	if err := realtime.ServeSSE(w, r, realtime.SSEOptions{Topic: "m"}); err == nil {
		t.Fatal("no error without hub and store")
	}
}
