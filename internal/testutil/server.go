package testutil

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"nghisu/internal/app"
	"nghisu/internal/auth"
	"nghisu/internal/config"
	"nghisu/internal/db"
	"nghisu/internal/demo"
	"nghisu/internal/model"
)

// Clock is a test clock: it starts at a fixed instant and moves only when told.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// NewClock starts a clock at t.
func NewClock(t time.Time) *Clock { return &Clock{now: t} }

// Now reads the clock.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// DemoNow is when the tests live: a weekday in the demo's first term.
var DemoNow = time.Date(2026, 3, 10, 2, 0, 0, 0, time.UTC)

// Server is a running nghisu on a test database with the demo province.
type Server struct {
	*httptest.Server
	App   *app.App
	Clock *Clock
	Demo  *demo.Result
}

// Options shape a test server.
type Options struct {
	// SMTPHost and SMTPPort name a test SMTP server (notify/smtptest) the
	// server sends its e-mail to.
	SMTPHost string
	SMTPPort int
	// Wrap, when set, wraps the app's handler: a test that must see or cut
	// connections (a dropped event stream) puts itself in front.
	Wrap func(http.Handler) http.Handler
	// SecureCookies serves as behind HTTPS: cookies marked Secure, HSTS sent.
	SecureCookies bool
	// Communes limits the demo to its first communes (Mỹ Tho, Cao Lãnh…);
	// 0 seeds all 31. Seeding all takes most of a test's time on PostgreSQL.
	Communes int
	// History is the demo's months of history (demo.Options.History).
	History int
}

type connKey struct{}

// ConnOf is the connection a request came on, to let a test drop it.
func ConnOf(r *http.Request) net.Conn {
	c, _ := r.Context().Value(connKey{}).(net.Conn)
	return c
}

// NewServer starts nghisu with the demo province on d.
func NewServer(t testing.TB, d *db.DB) *Server { return NewServerWith(t, d, Options{}) }

// NewServerWith starts nghisu with the demo province on d, as o says.
func NewServerWith(t testing.TB, d *db.DB, o Options) *Server {
	t.Helper()
	clock := NewClock(DemoNow)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if testing.Verbose() {
		log = slog.New(slog.NewTextHandler(&testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	cfg := config.Config{MaxUploadMB: 2, SMTPHost: o.SMTPHost, SMTPPort: o.SMTPPort, SMTPSecurity: "none",
		SMTPFrom: "nghisu@dongthap.test", PublicURL: "http://nghisu.test", SecureCookies: o.SecureCookies}
	a, err := app.New(cfg, d, log, clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	res, err := demo.Seed(context.Background(), a.Store, demo.Options{Communes: o.Communes, Seal: a.Record.Seal, SealAt: a.Record.SealAt, History: o.History})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(a.Close)
	h := a.Handler()
	if o.Wrap != nil {
		h = o.Wrap(h)
	}
	srv := httptest.NewUnstartedServer(h)
	srv.Config.ConnContext = func(ctx context.Context, c net.Conn) context.Context {
		return context.WithValue(ctx, connKey{}, c)
	}
	srv.Start()
	// Event streams stay open until their client goes: cut them, or Close
	// would wait for them.
	t.Cleanup(func() { srv.CloseClientConnections(); srv.Close() })
	return &Server{Server: srv, App: a, Clock: clock, Demo: res}
}

type testWriter struct{ t testing.TB }

func (w *testWriter) Write(b []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(b)))
	return len(b), nil
}

// Client is a browser-like client: it keeps cookies and does not follow
// redirects, so tests see each response as it is.
type Client struct {
	*http.Client
	t    testing.TB
	base string
}

// Client returns a new, signed-out client.
func (s *Server) Client(t testing.TB) *Client {
	jar, _ := cookiejar.New(nil)
	return &Client{t: t, base: s.URL, Client: &http.Client{
		Jar:           jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

// Login returns a client signed in as username with the demo password.
func (s *Server) Login(t testing.TB, username string) *Client {
	t.Helper()
	c := s.Client(t)
	resp := c.PostForm(t, "/login", url.Values{"username": {username}, "password": {demo.Password}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("login %s: status %d: %s", username, resp.StatusCode, resp.Body)
	}
	return c
}

// Response is a read response.
type Response struct {
	StatusCode int
	Header     http.Header
	Body       string
}

// Get fetches a path.
func (c *Client) Get(t testing.TB, path string) Response {
	t.Helper()
	return c.Do(t, http.MethodGet, path, "", nil)
}

// PostForm posts a form.
func (c *Client) PostForm(t testing.TB, path string, form url.Values) Response {
	t.Helper()
	return c.Do(t, http.MethodPost, path, "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
}

// Do sends a request and reads the whole response.
func (c *Client) Do(t testing.TB, method, path, contentType string, body io.Reader) Response {
	t.Helper()
	req, err := http.NewRequest(method, c.base+path, body)
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := c.Client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return Response{StatusCode: resp.StatusCode, Header: resp.Header, Body: string(b)}
}

// Actor loads the actor of a demo account.
func (s *Server) Actor(t testing.TB, username string) *auth.Actor {
	t.Helper()
	acc, err := s.App.Store.AccountByUsername(context.Background(), username)
	if err != nil {
		t.Fatalf("account %s: %v", username, err)
	}
	a, err := s.App.Auth.Actor(context.Background(), acc, "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// Commune finds a demo commune by its place name ("Mỹ Tho").
func (s *Server) Commune(t testing.TB, place string) *model.Org {
	t.Helper()
	cs, err := s.App.Store.OrgsOfKind(context.Background(), "/", model.OrgCommune)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		if c.Place == place {
			return &c
		}
	}
	t.Fatalf("no commune %s", place)
	return nil
}

// Body finds the body of a kind in a demo commune's current term.
func (s *Server) Body(t testing.TB, place string, kind model.BodyKind) *model.Body {
	t.Helper()
	c := s.Commune(t, place)
	bodies, err := s.App.Store.Bodies(context.Background(), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range bodies {
		if b.Kind == kind {
			return &b
		}
	}
	t.Fatalf("no %s in %s", kind, place)
	return nil
}
