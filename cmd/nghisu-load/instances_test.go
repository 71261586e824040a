package main

import (
	"context"
	"io"
	"os"
	"testing"

	"nghisu/internal/testutil"
)

// TestLoadTwoInstances runs the live load on two servers sharing one
// PostgreSQL database: each meeting's screens watch both, its members vote
// through both, and every acknowledged ballot is counted once while every
// screen sees every vote open and close.
func TestLoadTwoInstances(t *testing.T) {
	if testing.Short() {
		t.Skip("starts server processes")
	}
	url := os.Getenv("NGHISU_TEST_PG")
	if url == "" {
		testutil.Skip(t, "PostgreSQL: NGHISU_TEST_PG is not set")
	}
	rep, err := run(context.Background(), []string{"-n", "60", "-m", "3", "-rounds", "2", "-instances", "2", "-baseline", "0",
		"-q", "-bin", serverBinary(t), "-db", url}, io.Discard, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() || rep.Acked != 120 || rep.Polls != 6 || rep.Streams != 60 || rep.MissedEvents != 0 {
		t.Fatalf("report: %s; %d acknowledged, %d polls, %d streams, %d missed", rep.Failure(), rep.Acked, rep.Polls, rep.Streams, rep.MissedEvents)
	}
	if _, err := run(context.Background(), []string{"-instances", "2", "-q"}, io.Discard, io.Discard); err == nil {
		t.Error("-instances 2 on SQLite: no error")
	}
}
