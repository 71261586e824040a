package main

import (
	"context"
	"io"
	"os"
	"strings"
	"testing"

	"nghisu/internal/db"
	"nghisu/internal/testutil"
)

// TestPrepareSmall runs the preparation scenario end to end on a tiny load,
// on each database: every comment is acknowledged and stored exactly once,
// as sent, and the report has its figures and the raw-insert baseline ratio.
func TestPrepareSmall(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a server process")
	}
	bin := serverBinary(t)
	for _, dialect := range testutil.Dialects(t) {
		t.Run(string(dialect), func(t *testing.T) {
			args := []string{"-n", "24", "-m", "3", "-comments", "3", "-paragraphs", "6", "-concurrency", "8",
				"-respond", "0.5", "-reload", "0.5", "-baseline", "300ms", "-q", "-bin", bin}
			if dialect == db.Postgres {
				args = append(args, "-db", os.Getenv("NGHISU_TEST_PG"))
			}
			var out strings.Builder
			rep, err := runPrepare(context.Background(), args, &out, io.Discard)
			if err != nil {
				t.Fatal(err)
			}
			if rep.Database != string(dialect) {
				t.Errorf("ran on %s, want %s", rep.Database, dialect)
			}
			if !rep.OK() || rep.Sent != 72 || rep.Acked != 72 || rep.Stored != 72 || rep.Rounds != 3 || rep.Unresolved != 0 {
				t.Fatalf("report: %q; %d sent, %d acknowledged, %d stored, %d rounds, %d unresolved, errors %v",
					rep.Failure(), rep.Sent, rep.Acked, rep.Stored, rep.Rounds, rep.Unresolved, rep.Errors)
			}
			if rep.Comment.N != 72 || rep.Comment.P99 <= 0 || rep.CommentsPerSecond <= 0 || rep.Responses == 0 || rep.Reload.N == 0 {
				t.Errorf("figures missing: comment %+v, %.1f/s, %d answers, reload %+v", rep.Comment, rep.CommentsPerSecond, rep.Responses, rep.Reload)
			}
			if rep.MemEnd.RSSKB == 0 {
				t.Errorf("no server memory: %+v", rep.MemEnd)
			}
			if b := rep.RawInsert; b == nil || b.Database != string(dialect) || b.Inserts == 0 || b.PerSecond <= 0 || rep.CommentsVsRawInsert <= 0 {
				t.Errorf("baseline: %+v, ratio %.3f", b, rep.CommentsVsRawInsert)
			}
			for _, want := range []string{"comment sent → ack", "comments/s ÷ raw inserts/s", "every acknowledged comment stored once"} {
				if !strings.Contains(out.String(), want) {
					t.Errorf("the table lacks %q:\n%s", want, out.String())
				}
			}
		})
	}
}

// TestVerifyFindsLostAndDoubled checks the database check itself: a comment
// acknowledged but not stored is lost, one stored twice is doubled, and the
// run fails.
func TestVerifyFindsLostAndDoubled(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		reviews, err := PrepareReviews(ctx, d, 1, 3, 4)
		if err != nil {
			t.Fatal(err)
		}
		r := reviews[0]
		p := &prepLoad{Load: &Load{dbURL: d.URL()}, reviews: reviews, rep: &PrepReport{}}
		if d.Dialect() == db.SQLite {
			p.Load.dbURL = strings.TrimPrefix(d.Location, "sqlite:")
		}
		insert := func(s *sentComment) int64 {
			var id int64
			err := d.W.QueryRowContext(ctx, d.Rebind(`INSERT INTO review_comments (round_id, paragraph, kind, text, wording, author_id, created_at, status)
				VALUES (?, ?, ?, ?, ?, ?, CURRENT_TIMESTAMP, 'open') RETURNING id`),
				r.RoundID, s.in.Paragraph, s.in.Kind, s.in.Text, s.in.Wording, r.Reviewers[s.reviewer].PersonID).Scan(&id)
			if err != nil {
				t.Fatal(err)
			}
			return id
		}
		kept, lost, doubled := p.newComment(r, 0, 0), p.newComment(r, 1, 0), p.newComment(r, 2, 0)
		kept.id, kept.acked = insert(kept), true
		lost.id, lost.acked = 999999, true
		doubled.id, doubled.acked = insert(doubled), true
		insert(doubled)
		p.sent = []*sentComment{kept, lost, doubled}
		if err := p.verify(ctx); err != nil {
			t.Fatal(err)
		}
		if p.rep.OK() || p.rep.Lost != 1 || p.rep.Doubled != 1 || p.rep.Stored != 3 || len(p.rep.Mismatches) != 0 {
			t.Fatalf("verify: %q; lost %d, doubled %d, stored %d, mismatches %v", p.rep.Failure(), p.rep.Lost, p.rep.Doubled, p.rep.Stored, p.rep.Mismatches)
		}
	})
}
