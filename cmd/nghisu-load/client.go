package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"syscall"
	"time"
)

// API calls nghisu's JSON API with personal access tokens.
type API struct {
	Base string
	HC   *http.Client
}

// NewAPI returns a client that keeps up to conns connections to base.
func NewAPI(base string, conns int) *API {
	tr := &http.Transport{
		MaxIdleConns: conns, MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns,
		IdleConnTimeout: time.Minute, DisableCompression: true,
		DialContext: (&net.Dialer{Timeout: 10 * time.Second}).DialContext,
	}
	return &API{Base: base, HC: &http.Client{Transport: tr, Timeout: 60 * time.Second}}
}

// HTTPError is a reply that is not a success.
type HTTPError struct {
	Status int
	Body   string
}

func (e *HTTPError) Error() string { return fmt.Sprintf("HTTP %d: %s", e.Status, e.Body) }

// Do sends a JSON request as the token's account and decodes a successful
// reply into out (when not nil).
func (c *API) Do(ctx context.Context, method, path, token string, in, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.Base+"/api/v1"+path, body)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.HC.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 2048))
		return &HTTPError{Status: resp.StatusCode, Body: strings.TrimSpace(string(b))}
	}
	if out == nil {
		_, err = io.Copy(io.Discard, resp.Body)
		return err
	}
	return json.NewDecoder(resp.Body).Decode(out)
}

// ErrorKind names an error for the report: "HTTP 409", "net: reset", …
func ErrorKind(err error) string {
	var he *HTTPError
	var ne net.Error
	switch {
	case errors.As(err, &he):
		return fmt.Sprintf("HTTP %d", he.Status)
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return "canceled"
	case errors.Is(err, syscall.ECONNRESET):
		return "net: reset"
	case errors.Is(err, syscall.ECONNREFUSED):
		return "net: refused"
	case errors.Is(err, syscall.EPIPE):
		return "net: broken pipe"
	case errors.Is(err, syscall.EMFILE), errors.Is(err, syscall.ENFILE):
		return "net: too many open files"
	case errors.Is(err, syscall.EADDRNOTAVAIL):
		return "net: no local port"
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "net: eof"
	case errors.Is(err, os.ErrDeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return "net: timeout"
	}
	var je *json.SyntaxError
	if errors.As(err, &je) {
		return "bad reply"
	}
	return "net: other"
}

// Retryable reports whether a ballot that failed so may be sent again with
// the same key: the network failed or the server did (5xx). A refusal
// (4xx) is an answer.
func Retryable(err error) bool {
	var he *HTTPError
	if errors.As(err, &he) {
		return he.Status >= 500
	}
	return !errors.Is(err, context.Canceled)
}

// Errors counts errors by kind, keeping one example of each.
type Errors struct {
	mu      sync.Mutex
	n       map[string]int
	example map[string]string
}

// Add counts err.
func (e *Errors) Add(what string, err error) {
	k := what + ": " + ErrorKind(err)
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.n == nil {
		e.n, e.example = map[string]int{}, map[string]string{}
	}
	e.n[k]++
	if _, ok := e.example[k]; !ok {
		msg := err.Error()
		if len(msg) > 200 {
			msg = msg[:200] + "…"
		}
		e.example[k] = msg
	}
}

// Counts returns the counts by kind.
func (e *Errors) Counts() map[string]int {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make(map[string]int, len(e.n))
	for k, v := range e.n {
		out[k] = v
	}
	return out
}

// Examples gives one message of each kind of error.
func (e *Errors) Examples() map[string]string {
	out := map[string]string{}
	for k := range e.Counts() {
		out[k] = e.Example(k)
	}
	return out
}

// Total is the number of errors.
func (e *Errors) Total() int {
	n := 0
	for _, v := range e.Counts() {
		n += v
	}
	return n
}

// Example is an error message of a kind.
func (e *Errors) Example(kind string) string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.example[kind]
}
