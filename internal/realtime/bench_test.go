package realtime_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"nghisu/internal/db"
	"nghisu/internal/realtime"
	"nghisu/internal/store"
	"nghisu/internal/testutil"
)

// The load target: one event reaches the last of 10,000 streams.
const fanout = 10_000

// BenchmarkPublish10k measures Hub.Publish alone: one event into the
// buffers of 10,000 subscribers of a topic. The buffers are emptied outside
// the timer.
func BenchmarkPublish10k(b *testing.B) {
	h := realtime.NewHub()
	subs := make([]*realtime.Sub, fanout)
	for i := range subs {
		subs[i] = h.Subscribe("m", 256)
	}
	e := ev(0, "m")
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		n++
		e.ID = int64(n)
		h.Publish(e)
		if n%256 == 0 {
			b.StopTimer()
			for _, s := range subs {
				for len(s.C) > 0 {
					<-s.C
				}
			}
			b.StartTimer()
		}
	}
	if c := h.Count("m"); c != fanout {
		b.Fatalf("%d subscribers left: some were dropped", c)
	}
}

// BenchmarkFanout10k publishes events one at a time through the local
// broker to 10,000 subscribers, each read by its goroutine that formats the
// event as ServeSSE does, and measures the time from Publish to the last
// delivery. Run with -benchtime=300x for 300 events.
func BenchmarkFanout10k(b *testing.B) {
	h := realtime.NewHub()
	br := realtime.NewLocal(h, nil)
	var remaining atomic.Int64
	done := make(chan struct{}, 1)
	var wg sync.WaitGroup
	subs := make([]*realtime.Sub, fanout)
	for i := range subs {
		s := h.Subscribe("m", 256)
		subs[i] = s
		wg.Go(func() {
			format := realtime.Formatter()
			for e := range s.C {
				format(e) // as ServeSSE does, before its write
				if remaining.Add(-1) == 0 {
					done <- struct{}{}
				}
			}
		})
	}
	ctx := context.Background()
	var lat []time.Duration
	var id int64
	for b.Loop() {
		id++
		e := store.Event{ID: id, Topic: "m", Kind: "tally", Data: []byte(`{"for":12,"against":3,"abstain":1}`), At: time.Now()}
		remaining.Store(fanout)
		start := time.Now()
		if err := br.Publish(ctx, e); err != nil {
			b.Fatal(err)
		}
		<-done
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	if c := h.Count("m"); c != fanout {
		b.Fatalf("%d subscribers left: some were dropped", c)
	}
	for _, s := range subs {
		s.Close()
	}
	wg.Wait()
	reportLatency(b, lat, fanout)
}

// cpuTime is the CPU time this process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func reportLatency(b *testing.B, lat []time.Duration, subscribers int) {
	slices.Sort(lat)
	q := func(p float64) float64 {
		return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))]) / 1e6
	}
	b.ReportMetric(q(0.50), "p50-ms")
	b.ReportMetric(q(0.99), "p99-ms")
	b.ReportMetric(float64(lat[len(lat)-1])/1e6, "max-ms")
	b.Logf("%d events to %d subscribers: p50 %.2fms p99 %.2fms max %.2fms",
		len(lat), subscribers, q(0.5), q(0.99), float64(lat[len(lat)-1])/1e6)
}

// sseClientEnv, when set, makes the test binary a crowd of SSE clients
// instead (see BenchmarkSSE10k): the file descriptor limit would not hold
// both ends of 10,000 connections in one process.
const sseClientEnv = "NGHISU_BENCH_SSE_CLIENTS"

func TestMain(m *testing.M) {
	if addr := os.Getenv(sseClientEnv); addr != "" {
		os.Exit(sseClients(addr))
	}
	os.Exit(m.Run())
}

// BenchmarkSSE10k is the load target end to end: 10,000 real HTTP
// connections, served by ServeSSE through the local broker, read by a
// client process on the same machine (which competes for its CPUs, so the
// figures are pessimistic). Each event carries its publication time; the
// clients report when the last of them has it. Run with -benchtime=300x.
func BenchmarkSSE10k(b *testing.B) {
	n := fanout
	if v, err := strconv.Atoi(os.Getenv("NGHISU_BENCH_SSE_N")); err == nil && v > 0 {
		n = v
	}
	st := store.New(testutil.NewDB(b, db.SQLite), nil)
	h := realtime.NewHub()
	br := realtime.NewLocal(h, nil)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		realtime.ServeSSE(w, r, realtime.SSEOptions{Topic: "m", Hub: h, Store: st})
	})}
	go srv.Serve(ln)
	defer srv.Close()

	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), sseClientEnv+"="+ln.Addr().String(), "NGHISU_BENCH_SSE_N="+strconv.Itoa(n))
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	lines := bufio.NewScanner(out)
	if !lines.Scan() || lines.Text() != "ready" {
		b.Fatalf("clients: %q %v", lines.Text(), lines.Err())
	}
	for h.Count("m") < n {
		time.Sleep(10 * time.Millisecond)
	}

	ctx := context.Background()
	var lat []time.Duration
	var id int64
	publish := func() time.Duration {
		id++
		data := strconv.AppendInt([]byte(`{"t":`), time.Now().UnixNano(), 10)
		if err := br.Publish(ctx, store.Event{ID: id, Topic: "m", Kind: "tally", Data: append(data, '}')}); err != nil {
			b.Fatal(err)
		}
		if !lines.Scan() {
			b.Fatalf("clients: %v", lines.Err())
		}
		ns, err := strconv.ParseInt(lines.Text(), 10, 64)
		if err != nil {
			b.Fatalf("clients: %q", lines.Text())
		}
		return time.Duration(ns)
	}
	// Warm up: the first events grow the stacks of 20,000 goroutines.
	for range 5 {
		publish()
	}
	cpu0 := cpuTime()
	for b.Loop() {
		lat = append(lat, publish())
	}
	b.StopTimer()
	if c := h.Count("m"); c != n {
		b.Fatalf("%d streams left: some were dropped", c)
	}
	// The server's own CPU per event: what its fan-out costs, apart from
	// the clients it shares the machine with here.
	b.ReportMetric(float64(cpuTime()-cpu0)/1e6/float64(len(lat)), "server-cpu-ms/event")
	reportLatency(b, lat, n)
}

// sseClients opens the connections, prints "ready", then, for each event,
// the nanoseconds between its publication and its arrival at the last
// connection. The server sends the next event only after reading that.
func sseClients(addr string) int {
	n, _ := strconv.Atoi(os.Getenv("NGHISU_BENCH_SSE_N"))
	var got, latest atomic.Int64
	report := make(chan int64, 1)
	conns := make([]net.Conn, n)
	sem := make(chan struct{}, 100) // do not overrun the listen backlog
	var wg sync.WaitGroup
	var failed atomic.Bool
	for i := range conns {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			c, err := net.Dial("tcp", addr)
			if err == nil {
				_, err = io.WriteString(c, "GET /sse HTTP/1.1\r\nHost: bench\r\nAccept: text/event-stream\r\n\r\n")
			}
			if err != nil {
				fmt.Fprintln(os.Stderr, "client:", err)
				failed.Store(true)
				return
			}
			conns[i] = c
		})
	}
	wg.Wait()
	if failed.Load() {
		return 1
	}
	for _, c := range conns {
		go func() {
			r := bufio.NewReaderSize(c, 1024)
			for {
				line, err := r.ReadSlice('\n')
				if err != nil {
					return
				}
				t, ok := bytes.CutPrefix(line, []byte(`data: {"t":`))
				if !ok {
					continue
				}
				sent, _ := strconv.ParseInt(string(bytes.TrimRight(t, "}\r\n")), 10, 64)
				at := time.Now().UnixNano()
				for {
					old := latest.Load()
					if at <= old || latest.CompareAndSwap(old, at) {
						break
					}
				}
				if got.Add(1) == int64(n) {
					report <- latest.Load() - sent
				}
			}
		}()
	}
	fmt.Println("ready")
	for d := range report {
		got.Store(0)
		latest.Store(0)
		fmt.Println(d)
	}
	return 0
}
