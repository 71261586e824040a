package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http/httputil"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// Obs is one poll event as a stream received it.
type Obs struct {
	ID    int64         // the event's id (the failover test checks the order)
	At    time.Duration // since the load's clock started
	Poll  int64
	Voted int32
	Open  bool
}

// Stream is one participant's event stream: a raw HTTP/1.1 connection read
// line by line, one goroutine and two small buffers, so that ten thousand
// of them stay cheap.
type Stream struct {
	Meeting int // index of the meeting
	meetID  int64
	token   string
	addr    string
	clock   *Clock

	mu  sync.Mutex
	obs []Obs

	lastID     int64 // last event id read; the reconnect resumes after it
	seenOpen   atomic.Int64
	seenClosed atomic.Int64
	connected  atomic.Bool
	reconnects atomic.Int64
	errs       *Errors
	conn       net.Conn
	connMu     sync.Mutex
}

// Clock is the load's time base.
type Clock struct{ start time.Time }

// Now is the time since the clock started.
func (c *Clock) Now() time.Duration { return time.Since(c.start) }

// Observations copies what the stream has seen.
func (s *Stream) Observations() []Obs {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Obs(nil), s.obs...)
}

// Run reads the stream until ctx ends, reconnecting (from the last event
// id) whenever the connection ends. ready is closed, once, when the first
// connection has its response headers: the server subscribes before it
// sends them, so from then on no event is missed.
func (s *Stream) Run(ctx context.Context, ready func(error)) {
	first := true
	backoff := 50 * time.Millisecond
	for ctx.Err() == nil {
		err := s.session(ctx, func() {
			if first {
				first = false
				ready(nil)
			}
			backoff = 50 * time.Millisecond
		})
		s.connected.Store(false)
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			s.errs.Add("stream", err)
		}
		if first {
			// Not connected yet: let the caller know, and keep trying.
			first = false
			ready(err)
		}
		s.reconnects.Add(1)
		select {
		case <-ctx.Done():
			return
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, 2*time.Second)
	}
}

// Close cuts the current connection.
func (s *Stream) Close() {
	s.connMu.Lock()
	if s.conn != nil {
		s.conn.Close()
	}
	s.connMu.Unlock()
}

// session is one connection's life.
func (s *Stream) session(ctx context.Context, connected func()) error {
	d := net.Dialer{Timeout: 10 * time.Second}
	conn, err := d.DialContext(ctx, "tcp", s.addr)
	if err != nil {
		return err
	}
	s.connMu.Lock()
	s.conn = conn
	s.connMu.Unlock()
	defer conn.Close()
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()

	req := make([]byte, 0, 256)
	req = fmt.Appendf(req, "GET /api/v1/meetings/%d/events HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer %s\r\nAccept: text/event-stream\r\n",
		s.meetID, s.addr, s.token)
	if s.lastID > 0 {
		req = fmt.Appendf(req, "Last-Event-ID: %d\r\n", s.lastID)
	}
	req = append(req, "\r\n"...)
	if _, err := conn.Write(req); err != nil {
		return err
	}
	br := bufio.NewReaderSize(conn, 2048)
	status, err := br.ReadSlice('\n')
	if err != nil {
		return err
	}
	if !bytes.HasPrefix(status, []byte("HTTP/1.1 200")) {
		return fmt.Errorf("events: %s", bytes.TrimSpace(status))
	}
	chunked := false
	for {
		line, err := br.ReadSlice('\n')
		if err != nil {
			return err
		}
		line = bytes.TrimRight(line, "\r\n")
		if len(line) == 0 {
			break
		}
		if k, v, ok := bytes.Cut(line, []byte(":")); ok && bytes.EqualFold(k, []byte("Transfer-Encoding")) &&
			bytes.Contains(bytes.ToLower(v), []byte("chunked")) {
			chunked = true
		}
	}
	s.connected.Store(true)
	connected()
	var body io.Reader = br
	if chunked {
		body = httputil.NewChunkedReader(br)
	}
	return s.read(bufio.NewReaderSize(body, 4096))
}

// read parses the event stream: "id:", "event:" and "data:" lines, an
// empty line ends an event.
func (s *Stream) read(r *bufio.Reader) error {
	var id int64
	var kind []byte
	var data []byte
	var long []byte // a line longer than the buffer
	for {
		line, err := r.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			long = append(long, line...)
			continue
		}
		if err != nil {
			return err
		}
		if long != nil {
			line = append(long, line...)
			long = nil
		}
		line = bytes.TrimRight(line, "\r\n")
		switch {
		case len(line) == 0:
			if id > 0 {
				s.lastID = id
			}
			if string(kind) == "poll" && data != nil {
				s.poll(id, data)
			}
			id, kind, data = 0, kind[:0], data[:0]
		case line[0] == ':':
			// a comment: the heartbeat
		default:
			k, v, _ := bytes.Cut(line, []byte(":"))
			v = bytes.TrimPrefix(v, []byte(" "))
			switch string(k) {
			case "id":
				id, _ = strconv.ParseInt(string(v), 10, 64)
			case "event":
				kind = append(kind[:0], v...)
			case "data":
				data = append(data, v...)
			}
		}
	}
}

// poll records a poll event. Its data is the poll section's JSON; the
// fields needed are read without a JSON decoder, which would cost more than
// everything else the client does.
func (s *Stream) poll(event int64, data []byte) {
	at := s.clock.Now()
	id := jsonInt(data, `"id":`)
	voted := jsonInt(data, `"voted":`)
	open := bytes.Contains(data, []byte(`"state":"open"`))
	if id == 0 {
		return
	}
	s.mu.Lock()
	s.obs = append(s.obs, Obs{ID: event, At: at, Poll: id, Voted: int32(voted), Open: open})
	s.mu.Unlock()
	if open {
		if id > s.seenOpen.Load() {
			s.seenOpen.Store(id)
		}
	} else if id > s.seenClosed.Load() {
		s.seenClosed.Store(id)
	}
}

// jsonInt reads the integer after the first occurrence of key in a compact
// JSON object (the poll section's keys are unique and its title comes after
// "id").
func jsonInt(data []byte, key string) int64 {
	i := bytes.Index(data, []byte(key))
	if i < 0 {
		return 0
	}
	var n int64
	for _, c := range data[i+len(key):] {
		if c < '0' || c > '9' {
			break
		}
		n = n*10 + int64(c-'0')
	}
	return n
}
