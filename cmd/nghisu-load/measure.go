package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"os"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// Req is one request a measurement sends: a path and the session cookie it
// goes with ("" for none), under the route pattern it is counted as.
type Req struct {
	Route, Path, Cookie string
}

// Measurement is what one open- or closed-loop run measured against one
// server.
type Measurement struct {
	Target string `json:"target"`
	Mode   string `json:"mode"` // "open" or "closed"
	// OfferedRate is the open loop's schedule (requests/s); Concurrency
	// the closed loop's workers.
	OfferedRate int     `json:"offered_rate,omitempty"`
	Concurrency int     `json:"concurrency,omitempty"`
	Seconds     float64 `json:"seconds"`
	Sent        int     `json:"sent"`
	OK          int     `json:"ok"`
	// Rate is the answers with 200 per second of the run.
	Rate    float64 `json:"rate"`
	Latency Summary `json:"latency"`
	// Errors counts what was not a 200, by kind ("HTTP 500", "timeout", …).
	Errors map[string]int `json:"errors,omitempty"`
	// ServerCores is the server process's CPU time over the run ÷ the
	// run's wall time; ClientCores the same for this program.
	ServerCores float64 `json:"server_cores"`
	ClientCores float64 `json:"client_cores"`
	ServerRSS   Memory  `json:"server_memory_end"`
	MeanBytes   float64 `json:"mean_bytes"`
	// ByRoute is what each route pattern answered.
	ByRoute map[string]*RouteStat `json:"by_route,omitempty"`
}

// RouteStat is one route's answers in a measurement: how many by status
// (0: none) and their latencies.
type RouteStat struct {
	Status  map[int]int `json:"status"`
	Latency Summary     `json:"latency"`
	MeanMs  float64     `json:"mean_ms"`
	lats    []time.Duration
}

// PerCore is the answers a second per core the server used.
func (m *Measurement) PerCore() float64 {
	if m.ServerCores <= 0 {
		return 0
	}
	return m.Rate / m.ServerCores
}

// ErrorCount is the number of requests that failed.
func (m *Measurement) ErrorCount() int {
	n := 0
	for _, v := range m.Errors {
		n += v
	}
	return n
}

// Driver sends the measured requests to one server.
type Driver struct {
	Base    string
	PID     int
	HC      *http.Client
	Next    func(i int) Req // the i-th request of a run
	Name    string
	Timeout time.Duration
}

// NewHTTPClient keeps up to conns connections to a server; no redirects are
// followed (a redirect is an answer to count, not to chase).
func NewHTTPClient(conns int, timeout time.Duration) *http.Client {
	tr := &http.Transport{
		MaxIdleConns: conns, MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns,
		IdleConnTimeout: time.Minute, DisableCompression: true,
		DialContext: (&net.Dialer{Timeout: 10 * time.Second}).DialContext,
	}
	return &http.Client{Transport: tr, Timeout: timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// outcome of one request.
type outcome struct {
	lat    time.Duration
	status int    // 0: no answer
	kind   string // error kind when not 200
	bytes  int64
	route  string
}

// get sends one request and reads the whole answer.
func (d *Driver) get(ctx context.Context, rq Req) (status int, n int64, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, d.Base+rq.Path, nil)
	if err != nil {
		return 0, 0, err
	}
	if rq.Cookie != "" {
		req.Header.Set("Cookie", rq.Cookie)
	}
	req.Header.Set("Accept", "text/html")
	resp, err := d.HC.Do(req)
	if err != nil {
		return 0, 0, err
	}
	n, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, n, err
}

func (d *Driver) do(ctx context.Context, rq Req, from time.Time) outcome {
	status, n, err := d.get(ctx, rq)
	o := outcome{lat: time.Since(from), status: status, bytes: n, route: rq.Route}
	switch {
	case err != nil && (errors.Is(err, context.DeadlineExceeded) || isTimeout(err)):
		o.kind = "timeout"
	case err != nil:
		o.kind = ErrorKind(err)
	case status != http.StatusOK:
		o.kind = "HTTP " + strconv.Itoa(status)
	}
	return o
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// OpenLoop sends rate requests a second for dur, each at its scheduled
// moment whatever the server's answers to the earlier ones, and measures
// every latency from that scheduled moment: a server that falls behind is
// charged for the wait of every request queued behind (no coordinated
// omission).
func (d *Driver) OpenLoop(ctx context.Context, rate int, dur time.Duration) *Measurement {
	n := int(float64(rate) * dur.Seconds())
	outs := make([]outcome, n)
	interval := time.Second / time.Duration(rate)
	var wg sync.WaitGroup
	cpu0, self0 := cpuOf(d.PID), cpuOf(os.Getpid())
	start := time.Now().Add(10 * time.Millisecond)
	sent := 0
	for i := 0; i < n && ctx.Err() == nil; i++ {
		at := start.Add(time.Duration(i) * interval)
		if w := time.Until(at); w > 0 {
			time.Sleep(w)
		}
		rq := d.Next(i)
		wg.Add(1)
		sent++
		go func() {
			defer wg.Done()
			rctx, cancel := context.WithDeadline(ctx, at.Add(d.Timeout))
			defer cancel()
			outs[i] = d.do(rctx, rq, at)
		}()
	}
	wg.Wait()
	wall := time.Since(start)
	m := d.summarize(outs[:sent], wall, cpu0, self0)
	m.Mode, m.OfferedRate = "open", rate
	return m
}

// Settle waits (at most max) until the server uses less than a tenth of a
// core, and returns how long that took.
func (d *Driver) Settle(ctx context.Context, max time.Duration) time.Duration {
	start := time.Now()
	const step = 250 * time.Millisecond
	for time.Since(start) < max && ctx.Err() == nil {
		c0 := cpuOf(d.PID)
		time.Sleep(step)
		if cpuOf(d.PID)-c0 < step/10 {
			break
		}
	}
	return time.Since(start)
}

// ClosedLoop runs conc workers that each send a request as soon as their
// last one was answered, for dur: the most the server answers.
func (d *Driver) ClosedLoop(ctx context.Context, conc int, dur time.Duration) *Measurement {
	var mu sync.Mutex
	var outs []outcome
	var next atomic.Int64
	var wg sync.WaitGroup
	cpu0, self0 := cpuOf(d.PID), cpuOf(os.Getpid())
	start := time.Now()
	end := start.Add(dur)
	for range conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []outcome
			for time.Now().Before(end) && ctx.Err() == nil {
				rq := d.Next(int(next.Add(1) - 1))
				t := time.Now()
				rctx, cancel := context.WithTimeout(ctx, d.Timeout)
				mine = append(mine, d.do(rctx, rq, t))
				cancel()
			}
			mu.Lock()
			outs = append(outs, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	m := d.summarize(outs, time.Since(start), cpu0, self0)
	m.Mode, m.Concurrency = "closed", conc
	return m
}

func (d *Driver) summarize(outs []outcome, wall time.Duration, cpu0, self0 time.Duration) *Measurement {
	m := &Measurement{Target: d.Name, Seconds: wall.Seconds(), Sent: len(outs), Errors: map[string]int{}, ByRoute: map[string]*RouteStat{}}
	m.ServerCores = (cpuOf(d.PID) - cpu0).Seconds() / wall.Seconds()
	m.ClientCores = (cpuOf(os.Getpid()) - self0).Seconds() / wall.Seconds()
	m.ServerRSS, _ = ReadMemory(d.PID)
	lats := make([]time.Duration, 0, len(outs))
	var bytes int64
	for _, o := range outs {
		// Every request counts in the latency, a failed one with the time
		// it took to fail.
		lats = append(lats, o.lat)
		rs := m.ByRoute[o.route]
		if rs == nil {
			rs = &RouteStat{Status: map[int]int{}}
			m.ByRoute[o.route] = rs
		}
		rs.Status[o.status]++
		rs.lats = append(rs.lats, o.lat)
		if o.kind != "" {
			m.Errors[o.kind]++
			continue
		}
		m.OK++
		bytes += o.bytes
	}
	if m.OK > 0 {
		m.MeanBytes = math.Round(float64(bytes) / float64(m.OK))
	}
	for _, rs := range m.ByRoute {
		var sum time.Duration
		for _, l := range rs.lats {
			sum += l
		}
		rs.MeanMs = ms(sum / time.Duration(len(rs.lats)))
		rs.Latency = summarize(rs.lats)
		rs.lats = nil
	}
	m.Rate = float64(m.OK) / wall.Seconds()
	m.Latency = summarize(lats)
	return m
}

// cpuOf is cpuTime, 0 when the process cannot be read (it has ended).
func cpuOf(pid int) time.Duration {
	d, _ := cpuTime(pid)
	return d
}

// String is a one-line summary.
func (m *Measurement) String() string {
	return fmt.Sprintf("%s %s: %.0f/s, p50/p95/p99/max %.1f/%.1f/%.1f/%.1f ms, %d errors, server %.2f cores",
		m.Target, m.Mode, m.Rate, m.Latency.P50, m.Latency.P95, m.Latency.P99, m.Latency.Max, m.ErrorCount(), m.ServerCores)
}

// sortedKeys of a map of counts.
func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}
