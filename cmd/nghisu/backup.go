package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"nghisu/internal/app"
	"nghisu/internal/backup"
	"nghisu/internal/config"
	"nghisu/internal/db"
)

// errPostgresBackup makes backup and restore exit 1 on PostgreSQL, after the advice.
var errPostgresBackup = errors.New("PostgreSQL: use pg_dump / pg_restore (advice above)")

func isPostgres(url string) bool {
	return strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://")
}

// sqlitePath is the SQLite file the configuration names.
func sqlitePath(cfg config.Config) string {
	if p := strings.TrimPrefix(cfg.DB, "sqlite:"); p != "" {
		return p
	}
	dir := cfg.DataDir
	if dir == "" {
		dir = "nghisu-data"
	}
	return filepath.Join(dir, "nghisu.db")
}

// backupCmd writes a consistent snapshot of the SQLite database to a file,
// while the server may be running.
func backupCmd(ctx context.Context, args []string, stdout io.Writer) error {
	var cfg config.Config
	fs := flags("backup", &cfg)
	force := fs.Bool("force", false, "replace FILE if it exists")
	files, err := parseMixed(fs, args)
	if err != nil {
		return err
	}
	if isPostgres(cfg.DB) {
		fmt.Fprint(stdout, backup.PostgresAdvice)
		return errPostgresBackup
	}
	if len(files) != 1 {
		return errors.New("usage: nghisu backup [--data DIR | --db FILE] [--force] BACKUP-FILE")
	}
	path := sqlitePath(cfg)
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("no database to back up: %w", err)
	}
	d, err := db.Open(ctx, path, "", db.Options{})
	if err != nil {
		return err
	}
	defer d.Close()
	s, err := backup.Backup(ctx, d, files[0], *force)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: snapshot of %s, schema %d, %s in %s\n", s.File, path, s.Version, size(s.Size), s.Took.Round(time.Millisecond))
	printCounts(stdout, s.Counts)
	fmt.Fprintln(stdout, "Keep signing.key (the minute books' signing key) with the backup: it is not in the database.")
	return nil
}

// restoreCmd puts a backup in place of the SQLite database.
func restoreCmd(ctx context.Context, args []string, stdout io.Writer) error {
	var cfg config.Config
	fs := flags("restore", &cfg)
	files, err := parseMixed(fs, args)
	if err != nil {
		return err
	}
	if isPostgres(cfg.DB) {
		fmt.Fprint(stdout, backup.PostgresAdvice)
		return errPostgresBackup
	}
	if len(files) != 1 {
		return errors.New("usage: nghisu restore [--data DIR | --db FILE] BACKUP-FILE")
	}
	target := sqlitePath(cfg)
	r, err := backup.Restore(ctx, files[0], target)
	if r != nil && r.MovedAside != "" {
		fmt.Fprintf(stdout, "the previous database is now %s\n", r.MovedAside)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: restored from %s (schema %d, %s); %d migrations applied, schema now %d\n",
		target, files[0], r.From.Version, size(r.From.Size), r.Migrations, r.Version)
	printCounts(stdout, r.From.Counts)
	for _, c := range r.Checks {
		if c.OK() {
			fmt.Fprintf(stdout, "OK   sổ %d: %d mục\n", c.BodyID, c.Entries)
		} else {
			fmt.Fprintf(stdout, "LỖI  sổ %d: %d mục; mục %d: %s\n", c.BodyID, c.Entries, c.Problem.Seq, c.Problem.Reason)
		}
	}
	fmt.Fprintf(stdout, "%d sổ biên bản, %d lỗi\n", len(r.Checks), r.BrokenBooks)
	if key := filepath.Join(filepath.Dir(target), "signing.key"); cfg.SigningKey == "" {
		if _, err := os.Stat(key); err != nil {
			fmt.Fprintf(stdout, "note: %s is missing: put the instance's key there before starting the server, or a new key will sign new entries\n", key)
		}
	}
	if r.BrokenBooks > 0 {
		return errBroken
	}
	return nil
}

// migrateToPostgres copies a SQLite installation into an empty PostgreSQL
// database and verifies the copy.
func migrateToPostgres(ctx context.Context, args []string, stdout io.Writer) error {
	var cfg config.Config
	fs := flags("migrate-to-postgres", &cfg)
	to := fs.String("to", "", "the empty PostgreSQL database to copy into (postgres://…)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if !isPostgres(*to) {
		return errors.New("usage: nghisu migrate-to-postgres [--data DIR | --db FILE] --to postgres://…")
	}
	if isPostgres(cfg.DB) {
		return errors.New("the source must be the SQLite database (--data DIR or --db FILE), not PostgreSQL")
	}
	path := sqlitePath(cfg)
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("no SQLite database to copy: %w", err)
	}
	log := app.Logger(cfg.LogLevel)
	src, err := app.Open(ctx, config.Config{DB: path}, log)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := db.Open(ctx, *to, "", db.Options{MaxConns: 4})
	if err != nil {
		return err
	}
	defer dst.Close()
	c, err := backup.ToPostgres(ctx, src, dst, nil)
	if err != nil {
		return err
	}
	return reportCopy(stdout, path, dst.Location, c)
}

func reportCopy(stdout io.Writer, from, to string, c *backup.Copied) error {
	ms := func(d time.Duration) time.Duration { return d.Round(time.Millisecond) }
	fmt.Fprintf(stdout, "copied %s to %s in %s (schema %s, copy %s, checks %s)\n", from, to, ms(c.Took), ms(c.Schema), ms(c.Copy), ms(c.Verify))
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "TABLE\tSQLITE\tPOSTGRESQL\t")
	bad := 0
	for _, t := range c.Tables {
		mark := ""
		if t.Source != t.Target {
			mark = "  ≠"
			bad++
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%s\n", t.Table, t.Source, t.Target, mark)
	}
	tw.Flush()
	broken := 0
	for _, k := range c.Checks {
		if !k.OK() {
			broken++
			fmt.Fprintf(stdout, "LỖI  sổ %d: %d mục; mục %d: %s\n", k.BodyID, k.Entries, k.Problem.Seq, k.Problem.Reason)
		}
	}
	for _, g := range c.Gaps {
		fmt.Fprintln(stdout, "numbering:", g)
	}
	fmt.Fprintf(stdout, "tables with different counts: %d; minute books: %d, %d broken; numbering gaps: %d\n", bad, len(c.Checks), broken, len(c.Gaps))
	if !c.OK() {
		return errors.New("the copy does not verify")
	}
	fmt.Fprintln(stdout, "the copy verifies. Point NGHISU_DB at PostgreSQL and keep using the same signing.key.")
	return nil
}

// parseMixed parses flags that may come before, between or after the
// command's file arguments, and returns those.
func parseMixed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

func printCounts(w io.Writer, cs []backup.TableCount) {
	var parts []string
	for _, c := range cs {
		switch c.Table {
		case "orgs", "people", "accounts", "meetings", "documents", "files", "minutes", "minute_book", "issued_documents", "tasks":
			parts = append(parts, fmt.Sprintf("%s %d", c.Table, c.Rows))
		}
	}
	fmt.Fprintf(w, "rows: %s (%d tables)\n", strings.Join(parts, ", "), len(cs))
}

func size(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
