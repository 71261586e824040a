package session

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"nghisu/internal/model"
	"nghisu/internal/store"
)

// turnoutEvery is how often, at most, the screens of one vote are told its
// turnout while ballots pour in. Each update goes to every screen of the
// meeting: one per ballot would make a 10,000-member vote cost 10,000
// writes per ballot. Twice a second is as fast as a person reads a count;
// a single ballot in a quiet vote still shows at once.
const turnoutEvery = 500 * time.Millisecond

// turnout spaces the turnout events of each open vote: a ballot written
// when its vote's screens were last told less than every ago leaves the
// vote pending, and a writer of its own tells them when the time comes,
// as of then.
type turnout struct {
	st    *store.Store
	every time.Duration

	mu      sync.Mutex
	last    map[int64]time.Time // poll → when its screens were last told
	pending map[int64]int64     // poll → meeting, waiting for their time
	wake    chan struct{}
	done    chan struct{}
	wg      sync.WaitGroup
}

func newTurnout(st *store.Store, every time.Duration) *turnout {
	t := &turnout{st: st, every: every, last: map[int64]time.Time{}, pending: map[int64]int64{},
		wake: make(chan struct{}, 1), done: make(chan struct{})}
	t.wg.Add(1)
	go t.run()
	return t
}

// due reports whether a vote's screens may be told now, and counts them
// told if so; otherwise the vote waits for the turnout writer.
func (t *turnout) due(pollID, meetingID int64) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := time.Now()
	if t.every <= 0 || now.Sub(t.last[pollID]) >= t.every {
		t.last[pollID] = now
		delete(t.pending, pollID)
		return true
	}
	if _, ok := t.pending[pollID]; !ok {
		t.pending[pollID] = meetingID
		t.poke()
	}
	return false
}

// poke wakes the writer to look at what is pending.
func (t *turnout) poke() {
	select {
	case t.wake <- struct{}{}:
	default:
	}
}

// forget drops a vote that has closed (its close told the screens).
func (t *turnout) forget(pollID int64) {
	t.mu.Lock()
	delete(t.last, pollID)
	delete(t.pending, pollID)
	t.mu.Unlock()
}

// close stops the writer once it has told what is pending.
func (t *turnout) close() {
	select {
	case <-t.done:
	default:
		close(t.done)
	}
	t.wg.Wait()
}

func (t *turnout) run() {
	defer t.wg.Done()
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for {
		select {
		case <-t.wake:
		case <-timer.C:
		case <-t.done:
			t.flush(true)
			return
		}
		if wait := t.flush(false); wait > 0 {
			timer.Reset(wait)
		}
	}
}

// flush tells the screens of the pending votes whose time has come (all of
// them when final) and returns how long until the next one is due, 0 when
// none is pending.
func (t *turnout) flush(final bool) time.Duration {
	t.mu.Lock()
	now := time.Now()
	due := map[int64]int64{}
	var next time.Duration
	for poll, meeting := range t.pending {
		if wait := t.last[poll].Add(t.every).Sub(now); wait > 0 && !final {
			if next == 0 || wait < next {
				next = wait
			}
			continue
		}
		due[poll] = meeting
		delete(t.pending, poll)
		t.last[poll] = now
	}
	t.mu.Unlock()
	if len(due) == 0 {
		return next
	}
	ctx := context.Background()
	err := t.st.InTx(ctx, func(st *store.Store) error {
		for poll, meeting := range due {
			p, err := st.Poll(ctx, poll)
			if err != nil {
				return err
			}
			if p.State != model.PollOpen {
				continue // its close told the screens
			}
			if err := announcePoll(ctx, st, p, meeting); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		// The ballots are written; the screens catch up at the next
		// ballot or at the close.
		slog.Warn("turnout event", "err", err)
	}
	return next
}

// announcePoll appends a vote's event: its turnout, and its counts where
// they are shown while it is open.
func announcePoll(ctx context.Context, st *store.Store, p *model.Poll, meetingID int64) error {
	v, err := pollView(ctx, st, p)
	if err != nil {
		return err
	}
	_, err = st.AppendEvent(ctx, Topic(meetingID), string(SectionPoll), v)
	return err
}
