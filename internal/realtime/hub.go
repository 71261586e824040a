// Package realtime carries events from the event log to the live screens:
// a Hub fans events out in process by topic, a Broker brings every
// committed event to the hub of every instance (directly, or through
// PostgreSQL LISTEN/NOTIFY when several instances share a database), and
// ServeSSE streams a topic to a browser as Server-Sent Events, replaying
// from the log what a reconnecting client missed.
//
// The guarantees, end to end: a client sees the events of its topic in id
// order, with no gap and no duplicate, across reconnects. Ids are handed
// out in commit order (store.AppendEvent), brokers hand events to the hub
// in id order and each id once, and a subscriber that cannot keep up is
// dropped rather than skipped, so that it reconnects and replays from the
// log instead of silently missing an event.
package realtime

import (
	"sync"
	"sync/atomic"

	"nghisu/internal/store"
)

// Hub fans events out to the subscribers of their topic, in process.
type Hub struct {
	mu     sync.RWMutex // guards topics; taken before a topic's mu
	topics map[string]*topic
}

// topic holds the subscribers of one topic. Its mutex is held while an event
// is sent to all of them, so sends to a subscriber never race with each
// other or with closing its channel, and each subscriber receives events in
// the order Publish was called.
type topic struct {
	name string
	mu   sync.Mutex
	subs []*Sub
}

// Sub is one subscription to a topic.
type Sub struct {
	// C delivers the topic's events in order. It is closed when the
	// subscription ends: by Close, or by the hub when the subscriber fell a
	// whole buffer behind (then Dropped reports true). What C delivered
	// before it closed is a gapless run of events.
	C <-chan store.Event

	c       chan store.Event
	hub     *Hub
	t       *topic
	idx     int  // position in t.subs, -1 once removed; guarded by t.mu
	ended   bool // c is closed; guarded by t.mu
	dropped atomic.Bool
}

// NewHub returns an empty hub.
func NewHub() *Hub { return &Hub{topics: map[string]*topic{}} }

// Subscribe starts receiving topic's events with room for buffer of them
// (at least 1) waiting to be read.
func (h *Hub) Subscribe(name string, buffer int) *Sub {
	c := make(chan store.Event, max(buffer, 1))
	h.mu.Lock()
	t := h.topics[name]
	if t == nil {
		t = &topic{name: name}
		h.topics[name] = t
	}
	s := &Sub{C: c, c: c, hub: h, t: t}
	t.mu.Lock()
	s.idx = len(t.subs)
	t.subs = append(t.subs, s)
	t.mu.Unlock()
	h.mu.Unlock()
	return s
}

// Publish sends ev to the subscribers of ev.Topic without ever waiting for
// one: a subscriber whose buffer is full is dropped (its channel closed),
// because skipping the event would leave a gap it could not notice. It
// allocates nothing. Callers publish in id order (the brokers do).
func (h *Hub) Publish(ev store.Event) {
	h.mu.RLock()
	t := h.topics[ev.Topic]
	h.mu.RUnlock()
	if t == nil {
		return
	}
	t.mu.Lock()
	for i := 0; i < len(t.subs); {
		s := t.subs[i]
		select {
		case s.c <- ev:
			i++
		default:
			// Too slow: end it. The swap brings an unvisited subscriber to
			// position i, so i stays.
			s.dropped.Store(true)
			t.remove(s)
		}
	}
	t.mu.Unlock()
}

// remove takes s out of t and closes its channel. Called with t.mu held.
func (t *topic) remove(s *Sub) {
	if s.idx >= 0 {
		last := len(t.subs) - 1
		t.subs[s.idx] = t.subs[last]
		t.subs[s.idx].idx = s.idx
		t.subs[last] = nil
		t.subs = t.subs[:last]
		s.idx = -1
	}
	if !s.ended {
		s.ended = true
		close(s.c)
	}
}

// Count returns the number of subscribers of topic, for metrics and tests.
func (h *Hub) Count(name string) int {
	h.mu.RLock()
	defer h.mu.RUnlock()
	t := h.topics[name]
	if t == nil {
		return 0
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.subs)
}

// Topics returns the number of topics with subscribers.
func (h *Hub) Topics() int {
	h.mu.RLock()
	defer h.mu.RUnlock()
	return len(h.topics)
}

// Close ends the subscription and closes C. It may be called more than once,
// and after the hub dropped the subscription.
func (s *Sub) Close() {
	h, t := s.hub, s.t
	h.mu.Lock()
	defer h.mu.Unlock()
	t.mu.Lock()
	t.remove(s)
	empty := len(t.subs) == 0
	t.mu.Unlock()
	// Forget empty topics so that the map does not grow with every meeting
	// ever watched. A Publish that fetched t just before sends to nobody,
	// which is right: whoever subscribes now gets a new topic, and reads
	// what was published before from the log.
	if empty && h.topics[t.name] == t {
		delete(h.topics, t.name)
	}
}

// Dropped reports whether the hub ended the subscription because its buffer
// was full. The subscriber should then resume from the event log.
func (s *Sub) Dropped() bool { return s.dropped.Load() }
