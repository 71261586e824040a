// Package app wires nghisu together: config → database → services → web and
// API, and runs the server until it is told to stop.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"nghisu/internal/api"
	"nghisu/internal/auth"
	"nghisu/internal/config"
	"nghisu/internal/db"
	"nghisu/internal/drafting"
	"nghisu/internal/followup"
	"nghisu/internal/jobs"
	"nghisu/internal/meeting"
	"nghisu/internal/notify"
	"nghisu/internal/opinion"
	"nghisu/internal/org"
	"nghisu/internal/oversight"
	"nghisu/internal/programs"
	"nghisu/internal/realtime"
	"nghisu/internal/record"
	"nghisu/internal/search"
	"nghisu/internal/session"
	"nghisu/internal/store"
	"nghisu/internal/targets"
	"nghisu/internal/web"
)

// Version is set at build time with -ldflags "-X nghisu/internal/app.Version=…".
var Version = "dev"

// App is a running nghisu.
type App struct {
	Cfg      config.Config
	DB       *db.DB
	Store    *store.Store
	Auth     *auth.Service
	Org      *org.Service
	Meetings *meeting.Service
	Drafting *drafting.Service
	Session  *session.Service
	Opinions *opinion.Service
	Targets  *targets.Service
	Record   *record.Service
	// Programs keeps work programs and the upper level's documents.
	Programs *programs.Service
	// Followup keeps the tasks decisions set, their progress and the
	// review that opens the next meeting.
	Followup *followup.Service
	// Oversight is the province's indicators, scores and reports.
	Oversight *oversight.Service
	// Search is the search box over meetings, papers, questions and what
	// other packages index (Store.IndexSearch).
	Search *search.Service
	// Broker carries committed events to the live screens of every
	// instance.
	Broker realtime.Broker
	Web    *web.Server
	Log    *slog.Logger
	// Mailer sends e-mail; Jobs runs queued and periodic work.
	Mailer notify.Mailer
	Jobs   *jobs.Runner
	// notes keeps the oversight report's notes a short while (oversightNotes).
	notes notesCache
	// streams ends the live event streams when the server stops.
	streams    context.Context
	endStreams context.CancelFunc
	// stopTokenUses ends the writer of token uses; tokenUsesDone closes
	// after its last write.
	stopTokenUses context.CancelFunc
	tokenUsesDone chan struct{}
}

// Logger builds the process's logger at the configured level.
func Logger(level string) *slog.Logger {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		l = slog.LevelInfo
	}
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: l}))
}

// Open connects to the database and brings its schema up to date.
func Open(ctx context.Context, cfg config.Config, log *slog.Logger) (*db.DB, error) {
	d, err := db.Open(ctx, cfg.DB, cfg.DataDir, db.Options{})
	if err != nil {
		return nil, err
	}
	start := time.Now()
	n, err := d.Migrate(ctx)
	if err != nil {
		d.Close()
		return nil, err
	}
	if n > 0 {
		log.Info("migrated database", "migrations", n, "ms", time.Since(start).Milliseconds())
	}
	return d, nil
}

// New builds the services on an open database. now is the clock (nil: the
// real one; tests pass their own).
func New(cfg config.Config, d *db.DB, log *slog.Logger, now func() time.Time) (*App, error) {
	st := store.New(d, now)
	a := &App{Cfg: cfg, DB: d, Store: st, Auth: auth.New(st), Org: org.New(st), Meetings: meeting.New(st), Log: log}
	a.Drafting = drafting.New(st, a.Org, a.Meetings, int64(cfg.MaxUploadMB)<<20, hooks())
	hub := realtime.NewHub()
	if d.Dialect() == db.Postgres {
		b, err := realtime.NewPostgres(context.Background(), d.URL(), st, hub, log)
		if err != nil {
			return nil, err
		}
		a.Broker = b
	} else {
		a.Broker = realtime.NewLocal(hub, st)
	}
	st.SetPublisher(func(ctx context.Context, evs []store.Event) {
		if err := a.Broker.Publish(ctx, evs...); err != nil {
			// The events are in the log: screens catch up at the next one.
			log.Warn("publish events", "err", err)
		}
	})
	var tctx context.Context
	tctx, a.stopTokenUses = context.WithCancel(context.Background())
	a.tokenUsesDone = make(chan struct{})
	go func() {
		defer close(a.tokenUsesDone)
		a.Auth.NoteTokenUses(tctx, 10*time.Second)
	}()
	a.Session = session.New(st, a.Org, a.Meetings)
	a.streams, a.endStreams = context.WithCancel(context.Background())
	a.Opinions = opinion.New(st, a.Org, int64(cfg.MaxUploadMB)<<20)
	a.Targets = targets.New(st)
	key, err := signingKey(cfg)
	if err != nil {
		return nil, err
	}
	a.Record = record.New(st, a.Auth, a.Org, a.Meetings, a.Session, key)
	if err := a.Record.Register(context.Background()); err != nil {
		return nil, fmt.Errorf("register the signing key: %w", err)
	}
	a.Programs = programs.New(st)
	a.Followup = followup.New(st, a.Org, a.Meetings, int64(cfg.MaxUploadMB)<<20)
	a.Followup.ReviewSource = a.Targets.ReviewLines
	a.Oversight = oversight.New(st)
	a.Oversight.Verify = record.FirstBroken
	a.Oversight.Layout = a.Record.Layout
	a.Oversight.Notes = a.oversightNotes
	a.Search = search.New(st, a.Drafting)
	a.registerSearch()
	// Rows written before the search index existed (or indexed by older
	// code) are indexed once; a failure leaves search to new writes only.
	if _, err := search.Reindex(context.Background(), st, log); err != nil {
		log.Error("search index rebuild failed", "err", err)
	}
	a.Mailer = a.mailer()
	a.Jobs = jobs.New(st, log, jobs.Options{Now: now})
	a.registerJobs(a.Jobs)
	w, err := web.New(web.Config{SecureCookies: cfg.SecureCookies, MaxUpload: int64(cfg.MaxUploadMB) << 20,
		Version: Version, BaseURL: a.BaseURL()}, web.Services{DB: d, Store: st, Auth: a.Auth, Org: a.Org, Meetings: a.Meetings, Drafting: a.Drafting,
		Session: a.Session, Opinions: a.Opinions, Record: a.Record, Search: a.Search, Programs: a.Programs, Targets: a.Targets, Followup: a.Followup, Oversight: a.Oversight}, log)
	if err != nil {
		return nil, err
	}
	w.API = api.New(api.Services{Auth: a.Auth, Org: a.Org, Meetings: a.Meetings, Drafting: a.Drafting,
		Session: a.Session, Opinions: a.Opinions, Record: a.Record, Search: a.Search, Programs: a.Programs, Targets: a.Targets, Followup: a.Followup, Oversight: a.Oversight, Hub: hub, Store: st, Streams: a.streams}, log)
	a.Web = w
	return a, nil
}

// signingKey loads the minute books' signing key (see config.SigningKey).
func signingKey(cfg config.Config) (*record.Key, error) {
	path := cfg.SigningKey
	if path == "" && cfg.DataDir != "" {
		path = filepath.Join(cfg.DataDir, "signing.key")
	}
	if path == "" {
		return record.NewKey(), nil
	}
	return record.LoadKey(path)
}

// Close stops what New started: the ballot writer (after the ballots it
// holds are written), the writer of token uses (after its last write) and
// the broker. The database stays open.
func (a *App) Close() {
	a.endStreams()
	a.Session.Close()
	a.stopTokenUses()
	<-a.tokenUsesDone
	if err := a.Broker.Close(); err != nil {
		a.Log.Warn("close broker", "err", err)
	}
}

// Handler is the whole HTTP surface.
func (a *App) Handler() http.Handler { return a.Web.Handler() }

// Serve listens on the configured address until ctx ends, then lets
// requests in flight finish (up to 15 s) before returning.
func (a *App) Serve(ctx context.Context) error {
	ln, err := net.Listen("tcp", a.Cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", a.Cfg.Addr, err)
	}
	return a.ServeOn(ctx, ln)
}

// ServeOn serves on an open listener.
func (a *App) ServeOn(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           a.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       5 * time.Minute, // large uploads on slow commune lines
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(a.Log.Handler(), slog.LevelWarn),
	}
	bg, stop := context.WithCancel(ctx)
	defer stop()
	go a.Web.CleanSessions(bg)
	go func() {
		if err := a.Jobs.Run(bg); err != nil && bg.Err() == nil {
			a.Log.Error("job runner stopped", "err", err)
		}
	}()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	a.Log.Info("nghisu is serving", "url", "http://"+displayAddr(ln.Addr().String()), "db", a.DB.Location, "version", Version)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	a.Log.Info("shutting down")
	a.endStreams() // live streams end; their clients reconnect to another instance
	sctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func displayAddr(addr string) string {
	if strings.HasPrefix(addr, "[::]:") {
		return "localhost:" + strings.TrimPrefix(addr, "[::]:")
	}
	return strings.Replace(addr, "0.0.0.0:", "localhost:", 1)
}
