package realtime

import (
	"context"
	"log/slog"
	"time"

	"nghisu/internal/store"
)

// What the tests (package realtime_test) may reach inside. They are an
// external package so that they can use testutil, which imports app, which
// imports realtime.

// PGOptions shorten the PostgreSQL broker's waits and hook into it.
type PGOptions struct {
	Poll, MinBackoff time.Duration
	// BeforeReconnect runs in the listener before each reconnection.
	BeforeReconnect func()
}

// NewPostgresWith is NewPostgres with options.
func NewPostgresWith(ctx context.Context, url string, st *store.Store, h *Hub, log *slog.Logger, o PGOptions) (Broker, error) {
	b, err := newPostgres(ctx, url, st, h, log, pgOptions{poll: o.Poll, minBackoff: o.MinBackoff, beforeReconnect: o.BeforeReconnect})
	if err != nil {
		return nil, err
	}
	return b, nil
}

// ListenerPID is the backend pid of the broker's listening connection, 0
// when it has none.
func ListenerPID(b Broker) uint32 { return b.(*pgBroker).pid.Load() }

// WithAfterSubscribe returns o with a hook that runs between the
// subscription and the replay.
func WithAfterSubscribe(o SSEOptions, f func()) SSEOptions {
	o.afterSubscribe = f
	return o
}

// MaxPayload is the largest event sent whole in a notification.
const MaxPayload = maxPayload

// Formatter returns a function that formats an event as ServeSSE does, into
// a buffer it reuses, and returns the frame's length.
func Formatter() func(store.Event) int {
	s := &stream{buf: make([]byte, 0, 512)}
	return func(e store.Event) int {
		s.add(e)
		n := len(s.buf)
		s.buf = s.buf[:0]
		return n
	}
}
