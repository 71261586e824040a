package session

import (
	"cmp"
	"context"
	"errors"
	"maps"
	"math/rand/v2"
	"slices"
	"sync"

	"nghisu/internal/db"
	"nghisu/internal/model"
	"nghisu/internal/store"
)

// ballot is one ballot waiting to be written.
type ballot struct {
	poll, meeting, body, person int64
	key                         string
	choice                      model.Choice
	done                        chan ballotResult
}

type ballotResult struct {
	outcome store.BallotOutcome
	err     error
}

// maxBatch bounds how many ballots one transaction writes.
const maxBatch = 256

// ballotBox writes ballots in groups: each writer takes every ballot that
// is waiting, writes them in one transaction (each in its own savepoint, so
// one refused ballot does not undo the others), commits once, and only then
// acknowledges them. One durable commit then serves many ballots, which is
// what lets SQLite with synchronous=FULL take thousands a second; a ballot
// is acknowledged only once it is on disk.
type ballotBox struct {
	st     *store.Store
	in     chan *ballot
	wg     sync.WaitGroup
	closed chan struct{}
	once   sync.Once
	// mu guards stopped: a ballot is handed over under the read lock, so
	// that once close has set stopped no ballot enters the queue after the
	// writers drained it.
	mu      sync.RWMutex
	stopped bool
	turnout *turnout
}

func newBallotBox(st *store.Store) *ballotBox {
	b := &ballotBox{st: st, in: make(chan *ballot, 4*maxBatch), closed: make(chan struct{}), turnout: newTurnout(st, turnoutEvery)}
	// SQLite has one writer; PostgreSQL takes a few transactions at once.
	writers := 1
	if st.DB().Dialect() == db.Postgres {
		writers = 4
	}
	for range writers {
		b.wg.Add(1)
		go b.run()
	}
	return b
}

// close stops the writers once the ballots already taken are written;
// ballots cast after it are refused.
func (b *ballotBox) close() {
	b.once.Do(func() {
		b.mu.Lock()
		b.stopped = true
		b.mu.Unlock()
		close(b.closed)
	})
	b.wg.Wait()
	b.turnout.close()
}

// errClosed answers ballots cast while the server stops: the device tries
// again (same key) against the next server.
var errClosed = errors.New("session: ballot box closed")

// cast hands a ballot to a writer and waits until it is written.
func (b *ballotBox) cast(ctx context.Context, x *ballot) (store.BallotOutcome, error) {
	x.done = make(chan ballotResult, 1)
	// Not a select on b.closed: with room in the queue both cases would be
	// ready, and a ballot queued after the writers stopped would wait for
	// ever.
	b.mu.RLock()
	if b.stopped {
		b.mu.RUnlock()
		return 0, errClosed
	}
	select {
	case b.in <- x:
		b.mu.RUnlock()
	case <-ctx.Done():
		b.mu.RUnlock()
		return 0, ctx.Err()
	}
	// Once taken, the ballot is written whatever the caller does: wait for
	// the outcome even if the client went away, so that the result is
	// known to have happened (the client will retry with the same key).
	r := <-x.done
	return r.outcome, r.err
}

func (b *ballotBox) run() {
	defer b.wg.Done()
	batch := make([]*ballot, 0, maxBatch)
	for {
		select {
		case x := <-b.in:
			batch = append(batch[:0], x)
		case <-b.closed:
			// Write what is still queued, then stop.
			for {
				select {
				case x := <-b.in:
					b.write([]*ballot{x})
				default:
					return
				}
			}
		}
	fill:
		for len(batch) < maxBatch {
			select {
			case x := <-b.in:
				batch = append(batch, x)
			default:
				break fill
			}
		}
		b.write(batch)
	}
}

// write writes a batch in one transaction and acknowledges each ballot
// after the commit.
func (b *ballotBox) write(batch []*ballot) {
	results := make([]ballotResult, len(batch))
	// Background: the batch is shared by many requests; none of them may
	// cancel the others' ballots.
	ctx := context.Background()
	// One lock order for every writer, of this instance or another, so
	// that their transactions cannot deadlock on PostgreSQL: the polls and
	// the voters in order of (poll, person), then the secret counts in
	// order of (poll, choice). (A deadlock would fail every ballot of both
	// batches.)
	slices.SortStableFunc(batch, func(a, b *ballot) int {
		return cmp.Or(cmp.Compare(a.poll, b.poll), cmp.Compare(a.person, b.person))
	})
	err := b.st.InTx(ctx, func(st *store.Store) error {
		polls := map[int64]*model.Poll{}
		changed := map[int64]int64{} // poll → meeting
		type count struct {
			poll   int64
			choice model.Choice
		}
		counts := map[count]int{} // secret ballots to add to the tally
		for i, x := range batch {
			p, ok := polls[x.poll]
			if !ok {
				var err error
				if p, err = st.PollForBallot(ctx, x.poll); err != nil {
					return err
				}
				polls[x.poll] = p
			}
			here, err := st.VoterPresent(ctx, x.meeting, x.body, x.person)
			if err != nil {
				return err
			}
			switch {
			case p.State != model.PollOpen:
				results[i].err = model.Refuse("vote.closed")
				continue
			case !here:
				results[i].err = model.Refuse("vote.not_present")
				continue
			}
			err = st.Savepoint(ctx, func(st *store.Store) error {
				out, err := st.CastBallot(ctx, p, x.person, x.key, x.choice)
				results[i].outcome = out
				return err
			})
			switch {
			case err != nil:
				results[i].err = err
			case results[i].outcome == store.BallotRefused:
				results[i].err = model.Refuse("vote.already_voted")
			case results[i].outcome == store.BallotKeyTaken:
				results[i].err = model.Refuse("vote.key_taken")
			case results[i].outcome == store.BallotCounted || results[i].outcome == store.BallotChanged:
				changed[x.poll] = x.meeting
				if p.Method == model.MethodSecret {
					counts[count{x.poll, x.choice}]++
				}
			}
		}
		// The secret ballots are added to a random count row of their
		// choice, in order.
		keys := slices.Collect(maps.Keys(counts))
		slices.SortFunc(keys, func(a, b count) int {
			return cmp.Or(cmp.Compare(a.poll, b.poll), cmp.Compare(a.choice, b.choice))
		})
		for _, k := range keys {
			if err := st.AddTally(ctx, k.poll, k.choice, rand.IntN(store.TallyShards), counts[k]); err != nil {
				return err
			}
		}
		// Turnout (and counts where shown) as of this commit, for the
		// votes whose screens are due an update; the others get theirs
		// from the turnout writer a little later.
		for pollID, meetingID := range changed {
			if b.turnout.due(pollID, meetingID) {
				if err := announcePoll(ctx, st, polls[pollID], meetingID); err != nil {
					return err
				}
			}
		}
		return nil
	})
	for i, x := range batch {
		if err != nil {
			results[i] = ballotResult{err: err}
		}
		x.done <- results[i]
	}
}
