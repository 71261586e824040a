package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"nghisu/internal/testutil"
)

// backup, restore and their refusals, as an administrator types them.
func TestBackupRestoreCommands(t *testing.T) {
	data := t.TempDir()
	if _, err := runCLI(t, data, "", "demo", "--communes", "2"); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "nghisu-backup.db")
	out, err := runCLI(t, data, "", "backup", file)
	if err != nil || !strings.Contains(out, "snapshot of") || !strings.Contains(out, "minute_book ") || !strings.Contains(out, "signing.key") {
		t.Fatalf("backup: %v\n%s", err, out)
	}
	if _, err := runCLI(t, data, "", "backup", file); err == nil || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("a second backup to the same file: %v", err)
	}
	if _, err := runCLI(t, data, "", "backup", "--force", file); err != nil {
		t.Fatalf("backup --force: %v", err)
	}

	// Into a fresh folder, then over the first one (moved aside).
	fresh := t.TempDir()
	out, err = runCLI(t, fresh, "", "restore", file)
	if err != nil || !strings.Contains(out, "0 migrations applied") || !strings.Contains(out, "sổ biên bản, 0 lỗi") ||
		!strings.Contains(out, "signing.key is missing") {
		t.Fatalf("restore: %v\n%s", err, out)
	}
	out, err = runCLI(t, data, "", "restore", file)
	if err != nil || !strings.Contains(out, "nghisu.db.before-restore-") || strings.Contains(out, "signing.key is missing") {
		t.Fatalf("restore over a database: %v\n%s", err, out)
	}
	out, err = runCLI(t, fresh, "", "verify")
	if err != nil || !strings.Contains(out, " 0 lỗi") {
		t.Fatalf("verify after restore: %v\n%s", err, out)
	}

	junk := filepath.Join(t.TempDir(), "junk.db")
	os.WriteFile(junk, []byte(strings.Repeat("không phải cơ sở dữ liệu ", 100)), 0o600)
	if _, err := runCLI(t, fresh, "", "restore", junk); err == nil || !strings.Contains(err.Error(), "not a readable SQLite database") {
		t.Fatalf("restore of a text file: %v", err)
	}
	empty := t.TempDir()
	if _, err := runCLI(t, empty, "", "backup", filepath.Join(empty, "x.db")); err == nil || !strings.Contains(err.Error(), "no database") {
		t.Fatalf("backup of nothing: %v", err)
	}
	if _, err := os.Stat(filepath.Join(empty, "nghisu.db")); err == nil {
		t.Error("backup of nothing created a database")
	}
	// PostgreSQL: advice, a failing exit, and no connection attempted.
	out, err = runCLI(t, data, "", "backup", "--db", "postgres://nghisu@127.0.0.1:1/nghisu", file+".pg")
	if err == nil || !strings.Contains(out, "pg_dump -Fc") || !strings.Contains(out, "pg_restore") {
		t.Fatalf("backup on PostgreSQL: %v\n%s", err, out)
	}
	if _, err := runCLI(t, data, "", "migrate-to-postgres", "--to", "mysql://x"); err == nil {
		t.Fatal("migrate-to-postgres to a non-PostgreSQL URL")
	}
}

// migrate-to-postgres on a demo seeded by the command (a real clock, so
// times with nanoseconds): the copy verifies, and verify agrees on it.
func TestMigrateToPostgresCommand(t *testing.T) {
	url := testutil.EmptyPostgres(t)
	data := t.TempDir()
	if _, err := runCLI(t, data, "", "demo", "--communes", "2"); err != nil {
		t.Fatal(err)
	}
	out, err := runCLI(t, data, "", "migrate-to-postgres", "--to", url)
	if err != nil || !strings.Contains(out, "the copy verifies") || !strings.Contains(out, "different counts: 0") {
		t.Fatalf("migrate-to-postgres: %v\n%s", err, out)
	}
	t.Log(strings.SplitN(out, "\n", 2)[0])
	out, err = runCLI(t, data, "", "verify", "--db", url)
	if err != nil || !strings.Contains(out, " 0 lỗi") {
		t.Fatalf("verify on the copy: %v\n%s", err, out)
	}
	if out, err := runCLI(t, data, "", "migrate-to-postgres", "--to", url); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Fatalf("a second copy: %v\n%s", err, out)
	}
}
