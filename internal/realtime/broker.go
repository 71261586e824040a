package realtime

import (
	"cmp"
	"context"
	"slices"
	"sync"

	"nghisu/internal/store"
)

// Broker brings committed events to the hub of every instance.
//
// Call Publish after the transaction that appended the events has
// committed, never inside it: a screen must not show a change that may
// still roll back. Events must come from store.AppendEvent (their ids are
// positions in the log). A broker hands events to its hub in id order and
// each id once, whatever order Publish is called in.
type Broker interface {
	// Publish announces committed events. An error means some instances
	// may learn of them late (at their next catch-up), not that they are
	// lost: they are in the log.
	Publish(ctx context.Context, evs ...store.Event) error
	// Hub is the hub this instance's streams subscribe to.
	Hub() *Hub
	// Close stops the broker.
	Close() error
}

// catchUpPage is how many events one catch-up query reads.
const catchUpPage = 1000

// local is the broker of a single instance: it publishes straight to the hub.
type local struct {
	hub *Hub
	st  *store.Store // nil: trust the order of Publish calls

	mu    sync.Mutex
	last  int64 // highest id handed to the hub
	known bool  // last is a position in the log, so gaps after it can be filled
}

// NewLocal returns the broker of a single instance, which publishes to h
// directly. With st, it reads the log to fill gaps: two requests commit
// events N and N+1 in that order but may call Publish the other way round,
// and a hub that got N+1 first would have to drop N (its subscribers have
// moved past it). So when an event arrives with an id past the next one
// expected, the broker delivers everything up to it from the log first,
// which is complete up to it because ids follow commit order; the late
// Publish of N then finds it delivered and does nothing. Without st (tests),
// events that arrive behind the newest delivered are dropped.
func NewLocal(h *Hub, st *store.Store) Broker {
	l := &local{hub: h, st: st}
	if st != nil {
		// Start at the end of the log, so that the first event after start
		// is checked for gaps too. On error, the first event sets the start.
		var err error
		l.last, err = st.LastEventID(context.Background(), "")
		l.known = err == nil
	}
	return l
}

func (l *local) Hub() *Hub    { return l.hub }
func (l *local) Close() error { return nil }

func (l *local) Publish(ctx context.Context, evs ...store.Event) error {
	// The events are committed: a request that ends now must not stop them.
	ctx = context.WithoutCancel(ctx)
	evs = sortedByID(evs)
	l.mu.Lock()
	defer l.mu.Unlock()
	var firstErr error
	for _, ev := range evs {
		if ev.ID <= l.last {
			continue // delivered already, by a gap fill
		}
		if l.st != nil && l.known && ev.ID > l.last+1 {
			var err error
			l.last, err = fill(ctx, l.st, l.hub, l.last, ev.ID)
			if err != nil && firstErr == nil {
				firstErr = err
			}
			if ev.ID <= l.last {
				continue
			}
			// The log could not be read: deliver the event anyway; the
			// subscribers' next reconnect replays anything it skipped.
		}
		l.hub.Publish(ev)
		l.last = ev.ID
		l.known = l.st != nil
	}
	return firstErr
}

// fill delivers to h, in id order, the events of the log after last and up
// to at least upTo (more if the log already has them), and returns the
// highest id delivered.
func fill(ctx context.Context, st *store.Store, h *Hub, last, upTo int64) (int64, error) {
	for last < upTo {
		evs, err := st.EventsSince(ctx, last, catchUpPage)
		if err != nil {
			return last, err
		}
		for _, ev := range evs {
			h.Publish(ev)
			last = ev.ID
		}
		if len(evs) < catchUpPage {
			break
		}
	}
	return last, nil
}

// sortedByID returns evs in id order, copying only when they are not.
func sortedByID(evs []store.Event) []store.Event {
	byID := func(a, b store.Event) int { return cmp.Compare(a.ID, b.ID) }
	if slices.IsSortedFunc(evs, byID) {
		return evs
	}
	evs = slices.Clone(evs)
	slices.SortFunc(evs, byID)
	return evs
}
