package auth

import (
	"context"
	"log/slog"
	"slices"
	"sync"
	"time"
)

// tokenUses gathers the tokens used since the last flush. Writing each use
// at once made an API call a write transaction of its own (an fsync on
// SQLite), as many as the ballots it carried; written together every few
// seconds they cost one statement.
type tokenUses struct {
	mu   sync.Mutex
	seen map[int64]bool
}

func (u *tokenUses) note(id int64) {
	u.mu.Lock()
	u.seen[id] = true
	u.mu.Unlock()
}

func (u *tokenUses) take() []int64 {
	u.mu.Lock()
	defer u.mu.Unlock()
	ids := make([]int64, 0, len(u.seen))
	for id := range u.seen {
		ids = append(ids, id)
	}
	clear(u.seen)
	slices.Sort(ids)
	return ids
}

// FlushTokenUses writes the uses noted since the last flush.
func (s *Service) FlushTokenUses(ctx context.Context) error {
	ids := s.uses.take()
	for len(ids) > 0 {
		n := min(len(ids), 500) // bounded IN lists
		if err := s.st.NoteTokensUsed(ctx, ids[:n], s.st.Now()); err != nil {
			return err
		}
		ids = ids[n:]
	}
	return nil
}

// NoteTokenUses flushes the noted token uses every period until ctx ends,
// then once more, and returns.
func (s *Service) NoteTokenUses(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	flush := func(ctx context.Context) {
		if err := s.FlushTokenUses(ctx); err != nil {
			slog.Warn("note token uses", "err", err)
		}
	}
	for {
		select {
		case <-t.C:
			flush(ctx)
		case <-ctx.Done():
			flush(context.WithoutCancel(ctx))
			return
		}
	}
}
