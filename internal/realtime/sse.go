package realtime

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"nghisu/internal/store"
)

// SSEOptions configure ServeSSE.
type SSEOptions struct {
	// Topic is the topic streamed.
	Topic string
	// Hub delivers the live events (Broker.Hub()).
	Hub *Hub
	// Store is where missed events are replayed from.
	Store *store.Store
	// Heartbeat is how often a "ping" event (no id) goes out, so that
	// proxies keep the connection and the client notices a dead server
	// (default 15s).
	Heartbeat time.Duration
	// Buffer is how many live events may wait for a slow connection before
	// the hub drops it; it then reconnects and replays (default 256).
	Buffer int
	// Retry is the reconnection delay the client is told (default 2s).
	Retry time.Duration
	// Filter, when set, hides (false) or rewrites an event for this viewer.
	// The event keeps its id on the stream whatever Filter returns.
	Filter func(store.Event) (store.Event, bool)
	// WriteTimeout bounds each write: a client that takes longer to accept
	// its bytes is cut off, so that a dead connection does not hold a
	// goroutine until TCP gives up (default 30s).
	WriteTimeout time.Duration

	// afterSubscribe runs between the subscription and the replay (tests).
	afterSubscribe func()
}

const (
	// replayPage is how many missed events one query reads.
	replayPage = 500
	// flushAt is how many bytes are gathered before a write goes out
	// during a replay or a burst.
	flushAt = 32 << 10
)

// ServeSSE streams opts.Topic to the client as Server-Sent Events until the
// client goes away (nil), the hub drops the connection for being slow
// (nil: the client reconnects and replays what it missed), or a write or
// the log fails (the error; the stream has started, so there is no error
// page to send, and the client reconnects).
//
// The client resumes from the id in its Last-Event-ID header or, for a first
// connection from a page that was rendered up to some event, from ?last=.
// Without either, the stream starts at the topic's newest event and tells
// the client that position. The handler subscribes to the hub first and
// only then replays the log after that id: an event committed before the
// replay query is in the replay, and one committed after is in the
// subscription, since brokers publish only after commit. Events in both are
// told apart by id: any event at or below the last one written is skipped.
// So the client gets every event after its id, in order, each once.
//
// Each event is written as "id: N", "event: KIND" and "data: JSON" lines;
// w may wrap the real writer (it is reached through Unwrap to flush).
func ServeSSE(w http.ResponseWriter, r *http.Request, opts SSEOptions) error {
	err := serveSSE(w, r, opts)
	if err != nil && r.Context().Err() != nil {
		return nil // the client left while something was being written
	}
	return err
}

func serveSSE(w http.ResponseWriter, r *http.Request, o SSEOptions) error {
	if o.Topic == "" || o.Hub == nil || o.Store == nil {
		return errors.New("realtime: ServeSSE needs a topic, a hub and a store")
	}
	if o.Heartbeat <= 0 {
		o.Heartbeat = 15 * time.Second
	}
	if o.Buffer <= 0 {
		o.Buffer = 256
	}
	if o.Retry <= 0 {
		o.Retry = 2 * time.Second
	}
	if o.WriteTimeout <= 0 {
		o.WriteTimeout = 30 * time.Second
	}
	ctx := r.Context()
	last, resume := lastEventID(r)

	sub := o.Hub.Subscribe(o.Topic, o.Buffer)
	defer sub.Close()
	if o.afterSubscribe != nil {
		o.afterSubscribe()
	}

	rc := http.NewResponseController(w)
	// The stream outlives any server WriteTimeout: lift it; each write sets
	// its own deadline instead.
	if err := rc.SetWriteDeadline(time.Time{}); err != nil && !errors.Is(err, http.ErrNotSupported) {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Accel-Buffering", "no") // nginx: pass events on at once
	w.WriteHeader(http.StatusOK)

	s := &stream{w: w, rc: rc, filter: o.Filter, timeout: o.WriteTimeout, buf: make([]byte, 0, 512)}
	s.buf = append(s.buf, "retry: "...)
	s.buf = strconv.AppendInt(s.buf, o.Retry.Milliseconds(), 10)
	s.buf = append(s.buf, "\n\n"...)
	if err := s.replay(ctx, o.Store, o.Topic, last, resume); err != nil {
		return err
	}
	if err := s.flush(); err != nil {
		return err
	}

	// When the client goes away, end the subscription: its closed channel
	// then ends the loop, which thus waits on two channels, not three (a
	// select's cost grows with its cases, paid per event per stream).
	stop := context.AfterFunc(ctx, sub.Close)
	defer stop()
	tick := time.NewTicker(o.Heartbeat)
	defer tick.Stop()
	for {
		select {
		case ev, ok := <-sub.C:
			if !ok {
				// Dropped (what came before is written, gapless) or the
				// client is gone.
				return nil
			}
			s.add(ev)
			// Gather what else is waiting into the same write.
		more:
			for len(s.buf) < flushAt {
				select {
				case ev, ok = <-sub.C:
					if !ok {
						return s.flush()
					}
					s.add(ev)
				default:
					break more
				}
			}
			if err := s.flush(); err != nil {
				return err
			}
		case <-tick.C:
			// An event, not a comment: a browser's EventSource shows
			// scripts no comment, and a page must see the line is alive
			// to tell a dead connection from a quiet meeting.
			s.buf = append(s.buf, "event: ping\ndata: {}\n\n"...)
			if err := s.flush(); err != nil {
				return err
			}
		}
	}
}

// lastEventID is the position the client resumes from, if it gave one.
func lastEventID(r *http.Request) (int64, bool) {
	v := r.Header.Get("Last-Event-ID")
	if v == "" {
		v = r.URL.Query().Get("last")
	}
	id, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil || id < 0 {
		return 0, false // absent or not ours: start now
	}
	return id, true
}

// stream formats events into one reused buffer, so that an event costs no
// allocation on its way out.
type stream struct {
	w        http.ResponseWriter
	rc       *http.ResponseController
	filter   func(store.Event) (store.Event, bool)
	timeout  time.Duration
	deadline time.Time // the write deadline set last
	buf      []byte
	last     int64 // highest id passed on (written or hidden)
}

// replay writes the topic's events after last, or only the current position
// when the client gave none.
func (s *stream) replay(ctx context.Context, st *store.Store, topic string, last int64, resume bool) error {
	if resume {
		// A position past the end of the log comes from another life of
		// the database (a restored backup): resuming from it would skip
		// every new event until the ids caught up.
		end, err := st.LastEventID(ctx, "")
		if err != nil {
			return err
		}
		resume = last <= end
	}
	if !resume {
		var err error
		if last, err = st.LastEventID(ctx, topic); err != nil {
			return err
		}
		// An id without data is not dispatched as an event, but browsers
		// keep it and send it back on reconnect: nothing published
		// meanwhile is missed.
		s.last = last
		s.buf = append(s.buf, "id: "...)
		s.buf = strconv.AppendInt(s.buf, last, 10)
		s.buf = append(s.buf, "\n\n"...)
		return nil
	}
	s.last = last
	for {
		evs, err := st.EventsAfter(ctx, topic, s.last, replayPage)
		if err != nil {
			return err
		}
		for _, ev := range evs {
			s.add(ev)
			if len(s.buf) >= flushAt {
				if err := s.flush(); err != nil {
					return err
				}
			}
		}
		if len(evs) < replayPage {
			return nil
		}
	}
}

// add formats ev into the buffer unless it was passed on already (the
// overlap of replay and subscription) or the filter hides it.
func (s *stream) add(ev store.Event) {
	if ev.ID <= s.last {
		return
	}
	s.last = ev.ID
	id := ev.ID
	if s.filter != nil {
		var ok bool
		if ev, ok = s.filter(ev); !ok {
			return
		}
	}
	kind := ev.Kind
	if kind == "" || strings.ContainsAny(kind, "\r\n") {
		kind = "message" // a line break would end the field early
	}
	b := append(s.buf, "id: "...)
	b = strconv.AppendInt(b, id, 10)
	b = append(b, "\nevent: "...)
	b = append(b, kind...)
	b = append(b, "\ndata: "...)
	b = appendData(b, ev.Data)
	s.buf = append(b, "\n\n"...)
}

// appendData appends data for a "data:" field. Store events are compact
// JSON, on one line; should a filter return JSON with line breaks, each
// line gets its own "data:" field, which the client joins back with "\n".
func appendData(b, data []byte) []byte {
	if len(data) == 0 {
		return append(b, "null"...) // an event without data is not dispatched
	}
	for {
		i := bytes.IndexAny(data, "\r\n")
		if i < 0 {
			return append(b, data...)
		}
		b = append(b, data[:i]...)
		b = append(b, "\ndata: "...)
		if data[i] == '\r' && i+1 < len(data) && data[i+1] == '\n' {
			i++ // CRLF is one line break
		}
		data = data[i+1:]
	}
}

// flush writes the buffer out to the client.
func (s *stream) flush() error {
	if len(s.buf) == 0 {
		return nil
	}
	// Moving the deadline costs a trip through the runtime's timers: with
	// 10,000 streams, do it only when half the timeout has gone, so a
	// write gets between half and all of it.
	if now := time.Now(); s.deadline.Sub(now) < s.timeout/2 {
		s.deadline = now.Add(s.timeout)
		if err := s.rc.SetWriteDeadline(s.deadline); err != nil && !errors.Is(err, http.ErrNotSupported) {
			return err
		}
	}
	_, err := s.w.Write(s.buf)
	if cap(s.buf) > 2*flushAt {
		s.buf = make([]byte, 0, 512) // a huge event passed: do not keep its room
	} else {
		s.buf = s.buf[:0]
	}
	if err != nil {
		return err
	}
	return s.rc.Flush()
}
