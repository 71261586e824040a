package main

import (
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"nghisu/internal/api"
	"nghisu/internal/db"
	"nghisu/internal/model"
	"nghisu/internal/testutil"
)

// crashComment is one reviewer's comment in the crash test: sent until it
// is acknowledged, always with the same key, as a phone does.
type crashComment struct {
	reviewer Member
	in       model.CommentInput
	// loseFirst: the first answer that comes is lost (the device resends
	// after the next restart); stored is the id that answer carried.
	loseFirst bool
	stored    int64

	mu       sync.Mutex
	acked    int64 // the comment's id once acknowledged
	tries    int
	repeated bool // acknowledged as a repeat: an earlier copy was stored, its answer lost
}

// TestCrashDuringComments kills the server with SIGKILL again and again
// while the BTV comments on a draft, restarts it, and has every device
// resend what was not acknowledged with the same key. In the end every
// comment is stored exactly once, under the id its acknowledgement gave,
// and a comment resent after its acknowledgement is answered "repeated".
func TestCrashDuringComments(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills server processes")
	}
	bin := serverBinary(t)
	for _, dialect := range testutil.Dialects(t) {
		t.Run(string(dialect), func(t *testing.T) { crashDuringComments(t, bin, dialect) })
	}
}

func crashDuringComments(t *testing.T, bin string, dialect db.Dialect) {
	reviewers, each := sized(12, 40), sized(10, 25)
	rounds, every := sized(3, 10), sized(25, 80)
	e := newCrashEnv(t, bin, dialect)
	c, err := prepareCommune(e.ctx, e.d, "Góp Ý", reviewers+4, reviewers, 1, []model.MeetingState{model.StateDraft})
	if err != nil {
		t.Fatal(err)
	}
	e.start()

	// The Bí thư writes a draft for the BTV and asks for comments.
	chair := c.Members[0].Token
	var doc model.Document
	e.post(fmt.Sprintf("/meetings/%d/documents", c.Meetings[0]), chair, model.DocumentInput{Kind: model.DocResolution,
		Title: "Dự thảo nghị quyết về chuyển đổi số", Level: model.LevelNormal, Audience: model.AudienceStanding,
		Body: "Đoạn thứ nhất.\n\nĐoạn thứ hai.\n\nĐoạn thứ ba."}, &doc)
	var round model.ReviewRound
	e.post(fmt.Sprintf("/documents/%d/rounds", doc.ID), chair, api.RoundInput{Deadline: time.Now().Add(48 * time.Hour)}, &round)
	path := fmt.Sprintf("/rounds/%d/comments", round.ID)

	var jobs []*crashComment
	for r := range reviewers {
		for k := range each {
			jobs = append(jobs, &crashComment{reviewer: c.Members[r], in: model.CommentInput{Kind: model.CommentRemark,
				Paragraph: k % 4, Text: fmt.Sprintf("Góp ý số %d của đồng chí thứ %d.", k+1, r+1), Key: fmt.Sprintf("crash-comment-%d-%d", r, k)}, loseFirst: (r+k)%10 == 0})
		}
	}
	done := func(j *crashComment) bool {
		j.mu.Lock()
		defer j.mu.Unlock()
		return j.acked != 0
	}
	send := func(j *crashComment) error {
		var got model.ReviewComment
		err := e.api.Do(e.ctx, http.MethodPost, path, j.reviewer.Token, j.in, &got)
		j.mu.Lock()
		defer j.mu.Unlock()
		j.tries++
		if err != nil {
			return err
		}
		if got.ID == 0 || got.Key != j.in.Key || (got.Repeated && j.tries == 1) {
			return fmt.Errorf("comment %s: answered %+v on try %d", j.in.Key, got, j.tries)
		}
		if j.loseFirst && j.stored == 0 {
			j.stored = got.ID
			return errAnswerLost
		}
		if j.stored != 0 && (!got.Repeated || got.ID != j.stored) {
			return fmt.Errorf("comment %s resent after its answer was lost: %+v, want comment %d repeated", j.in.Key, got, j.stored)
		}
		j.acked, j.repeated = got.ID, got.Repeated
		return nil
	}
	crashRounds(e, "comments", jobs, done, send, 16, rounds, every)

	// A comment resent after its acknowledgement is the same comment.
	for _, j := range []*crashComment{jobs[0], jobs[len(jobs)-1]} {
		var got model.ReviewComment
		e.post(path, j.reviewer.Token, j.in, &got)
		if !got.Repeated || got.ID != j.acked {
			t.Errorf("comment %s resent: %+v, want comment %d repeated", j.in.Key, got, j.acked)
		}
	}

	// The round holds each comment once, under its acknowledged id.
	var rv api.ReviewOut
	if err := e.api.Do(e.ctx, http.MethodGet, fmt.Sprintf("/rounds/%d", round.ID), chair, nil, &rv); err != nil {
		t.Fatal(err)
	}
	byKey := map[string][]model.ReviewComment{}
	for _, x := range rv.Comments {
		byKey[x.Key] = append(byKey[x.Key], x)
	}
	resent, lost, dropped := 0, 0, 0
	for _, j := range jobs {
		got := byKey[j.in.Key]
		if len(got) != 1 || got[0].ID != j.acked || got[0].Text != j.in.Text || got[0].AuthorID != j.reviewer.PersonID {
			t.Errorf("comment %s (acknowledged as %d): stored %+v", j.in.Key, j.acked, got)
		}
		if j.tries > 1 {
			resent++
		}
		if j.repeated {
			lost++
		}
		if j.loseFirst {
			dropped++
		}
	}
	if len(rv.Comments) != len(jobs) {
		t.Errorf("%d comments in the round, want %d", len(rv.Comments), len(jobs))
	}
	if err := e.srv.Stop(); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := e.d.R.QueryRowContext(e.ctx, e.d.Rebind("SELECT COUNT(*) FROM review_comments WHERE round_id = ?"), round.ID).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != len(jobs) {
		t.Errorf("review_comments: %d rows, want %d", n, len(jobs))
	}
	if lost < dropped {
		t.Errorf("%d resends answered repeated, want at least the %d whose answers were dropped", lost, dropped)
	}
	t.Logf("comments: %d stored once each, %d reviewers; %d sent more than once, %d answered repeated (%d answers dropped on purpose)",
		n, reviewers, resent, lost, dropped)
}
