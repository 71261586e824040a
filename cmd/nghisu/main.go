// Command nghisu is the meeting system of commune party committees: one
// binary that serves the web UI and API and carries the tools to run it.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"nghisu/internal/app"
	"nghisu/internal/config"
	"nghisu/internal/db"
)

const usage = `nghisu: meetings of commune party committees (Hệ thống nghị sự của đảng ủy xã, phường)

Usage:
  nghisu serve [--demo] [--addr 127.0.0.1:8080] [--data DIR] [--db URL]
  nghisu migrate                  bring the database schema up to date
  nghisu demo [--scale province|country] seed the demo province into an empty database
  nghisu user add NAME --org ID --role admin|oversight|office|member [--person ID]
  nghisu user set-password NAME
  nghisu user token NAME [--name LABEL]   print a new personal access token
  nghisu user list
  nghisu import members --body ID FILE.xlsx
  nghisu export members --body ID [--out FILE.xlsx]
  nghisu verify [--key FILE]      check every minute book (hash chain, signatures); exit 1 if broken
  nghisu backup [--force] FILE    snapshot the SQLite database to FILE while the server runs
  nghisu restore FILE             put a backup in place of the SQLite database (server stopped)
  nghisu migrate-to-postgres --to postgres://…   copy the SQLite database into an empty PostgreSQL one
  nghisu version

Every command takes --data DIR and --db URL (or NGHISU_DATA, NGHISU_DB);
postgres://… selects PostgreSQL, anything else is a SQLite file.
Run "nghisu COMMAND -h" for a command's flags.
`

func main() {
	if len(os.Args) < 2 {
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1], os.Args[2:], os.Stdin, os.Stdout)
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(0)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "nghisu:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, cmd string, args []string, stdin io.Reader, stdout io.Writer) error {
	switch cmd {
	case "serve":
		return serve(ctx, args, stdout)
	case "migrate":
		return migrate(ctx, args, stdout)
	case "demo":
		return demoCmd(ctx, args, stdout)
	case "user":
		return userCmd(ctx, args, stdin, stdout)
	case "import":
		return importCmd(ctx, args, stdout)
	case "export":
		return exportCmd(ctx, args, stdout)
	case "verify":
		return verify(ctx, args, stdout)
	case "backup":
		return backupCmd(ctx, args, stdout)
	case "restore":
		return restoreCmd(ctx, args, stdout)
	case "migrate-to-postgres":
		return migrateToPostgres(ctx, args, stdout)
	case "version":
		fmt.Fprintln(stdout, "nghisu", app.Version)
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	return fmt.Errorf("unknown command %q\n\n%s", cmd, usage)
}

// flags starts a command's flag set with the common settings.
func flags(name string, cfg *config.Config) *flag.FlagSet {
	fs := flag.NewFlagSet("nghisu "+name, flag.ContinueOnError)
	cfg.Register(fs)
	return fs
}

// open connects to the configured database and migrates it.
func open(ctx context.Context, cfg config.Config) (*app.App, func(), error) {
	log := app.Logger(cfg.LogLevel)
	d, err := app.Open(ctx, cfg, log)
	if err != nil {
		return nil, nil, err
	}
	a, err := app.New(cfg, d, log, nil)
	if err != nil {
		d.Close()
		return nil, nil, err
	}
	return a, func() { a.Close(); d.Close() }, nil
}

func migrate(ctx context.Context, args []string, stdout io.Writer) error {
	var cfg config.Config
	if err := flags("migrate", &cfg).Parse(args); err != nil {
		return err
	}
	d, err := db.Open(ctx, cfg.DB, cfg.DataDir, db.Options{})
	if err != nil {
		return err
	}
	defer d.Close()
	n, err := d.Migrate(ctx)
	if err != nil {
		return err
	}
	v, err := d.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: %d migrations applied, schema version %d\n", d.Location, n, v)
	return nil
}
