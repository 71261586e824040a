package store

import (
	"context"
	"database/sql"
	"errors"

	"nghisu/internal/db"
	"nghisu/internal/model"
)

// TallyShards is how many rows a secret ballot's count of each choice is
// spread over: ballots add to a random one, so concurrent writers on
// PostgreSQL rarely wait on the same row.
const TallyShards = 16

const pollCols = `id, meeting_id, item_id, document_id, paragraph, title, decision_kind, method, state, base, present,
	hide_results, allow_change, for_count, against_count, abstain_count, spoiled_count, passed, tally_note,
	opened_by, opened_at, closed_at`

func scanPoll(r interface{ Scan(...any) error }) (model.Poll, error) {
	var p model.Poll
	var item, doc sql.NullInt64
	var passed sql.NullBool
	var closed sql.NullTime
	err := r.Scan(&p.ID, &p.MeetingID, &item, &doc, &p.Paragraph, &p.Title, &p.DecisionKind, &p.Method, &p.State,
		&p.Base, &p.Present, &p.HideResults, &p.AllowChange, &p.For, &p.Against, &p.Abstain, &p.Spoiled, &passed,
		&p.TallyNote, &p.OpenedBy, &p.OpenedAt, &closed)
	p.ItemID, p.DocumentID = item.Int64, doc.Int64
	if passed.Valid {
		v := passed.Bool
		p.Passed = &v
	}
	p.ClosedAt = timePtr(closed)
	return p, err
}

// CreatePoll opens a vote and sets its id. A secret ballot gets all its
// count rows now, at zero, so that no row is born with the first ballot of
// a choice.
func (s *Store) CreatePoll(ctx context.Context, p *model.Poll) error {
	p.OpenedAt = s.Now()
	p.State = model.PollOpen
	id, err := s.insert(ctx, `INSERT INTO polls (meeting_id, item_id, document_id, paragraph, title, decision_kind, method,
		state, base, present, hide_results, allow_change, opened_by, opened_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, p.MeetingID, nullInt(p.ItemID), nullInt(p.DocumentID),
		p.Paragraph, p.Title, p.DecisionKind, p.Method, p.State, p.Base, p.Present, p.HideResults, p.AllowChange,
		p.OpenedBy, p.OpenedAt)
	if err != nil {
		return err
	}
	p.ID = id
	if p.Method != model.MethodSecret {
		return nil
	}
	for _, c := range model.Choices {
		for shard := range TallyShards {
			if _, err := s.q.Exec(ctx, "INSERT INTO poll_tally (poll_id, choice, shard, count) VALUES (?, ?, ?, 0)",
				p.ID, c, shard); err != nil {
				return err
			}
		}
	}
	return nil
}

// Poll reads one vote.
func (s *Store) Poll(ctx context.Context, id int64) (*model.Poll, error) {
	p, err := scanPoll(s.q.QueryRow(ctx, "SELECT "+pollCols+" FROM polls WHERE id = ?", id))
	if err != nil {
		return nil, err
	}
	return &p, nil
}

// Polls lists a meeting's votes in the order they were opened.
func (s *Store) Polls(ctx context.Context, meetingID int64) ([]model.Poll, error) {
	rows, err := s.q.Query(ctx, "SELECT "+pollCols+" FROM polls WHERE meeting_id = ? ORDER BY id", meetingID)
	return collect(rows, err, func(r *sql.Rows) (model.Poll, error) { return scanPoll(r) })
}

// OpenPollOf returns the meeting's open vote, ErrNotFound when none is.
func (s *Store) OpenPollOf(ctx context.Context, meetingID int64) (*model.Poll, error) {
	p, err := scanPoll(s.q.QueryRow(ctx, "SELECT "+pollCols+" FROM polls WHERE meeting_id = ? AND state = 'open' ORDER BY id LIMIT 1", meetingID))
	if err != nil {
		return nil, err
	}
	return &p, nil
}

// BallotOutcome is what became of a ballot.
type BallotOutcome int

const (
	BallotCounted  BallotOutcome = iota + 1 // a first ballot, counted
	BallotRepeated                          // the same ballot again (same key): already counted
	BallotChanged                           // a named vote changed
	BallotRefused                           // the member has voted already and may not change
	BallotKeyTaken                          // the key is another member's: a client bug
)

// CastBallot records one member's ballot in an open vote: who voted, and
// their choice in a named vote. A secret ballot's choice is not stored: the
// caller adds it to the count with AddTally in the same transaction, once
// every ballot of the transaction is recorded (see AddTally). The caller
// has checked that the vote is open and the member may vote, in the same
// transaction.
func (s *Store) CastBallot(ctx context.Context, p *model.Poll, personID int64, key string, c model.Choice) (BallotOutcome, error) {
	res, err := s.q.Exec(ctx, "INSERT INTO poll_voters (poll_id, person_id, ballot_key) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
		p.ID, personID, key)
	if err != nil {
		return 0, err
	}
	if n, err := res.RowsAffected(); err != nil {
		return 0, err
	} else if n == 0 {
		return s.againBallot(ctx, p, personID, key, c)
	}
	if p.Method == model.MethodSecret {
		return BallotCounted, nil
	}
	res, err = s.q.Exec(ctx, `INSERT INTO poll_votes (poll_id, ballot_key, person_id, choice, current, cast_at)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`, p.ID, key, personID, c, true, s.Now())
	if err != nil {
		return 0, err
	}
	if n, err := res.RowsAffected(); err != nil {
		return 0, err
	} else if n == 0 {
		// The key is another member's changed ballot: a client bug. The
		// member has not voted after all.
		_, err := s.q.Exec(ctx, "DELETE FROM poll_voters WHERE poll_id = ? AND person_id = ?", p.ID, personID)
		return BallotKeyTaken, err
	}
	return BallotCounted, nil
}

// AddTally adds n secret ballots of a choice to one count row of a poll,
// 0 ≤ shard < TallyShards. A transaction that counts several ballots adds
// them after recording every voter, in the order of (poll, choice): on
// PostgreSQL, transactions that lock count rows in different orders, or
// interleave them with voter rows, can deadlock.
func (s *Store) AddTally(ctx context.Context, pollID int64, c model.Choice, shard, n int) error {
	return s.execOne(ctx, "UPDATE poll_tally SET count = count + ? WHERE poll_id = ? AND choice = ? AND shard = ?",
		n, pollID, c, shard)
}

// againBallot handles a ballot from a member who has voted in this poll.
func (s *Store) againBallot(ctx context.Context, p *model.Poll, personID int64, key string, c model.Choice) (BallotOutcome, error) {
	var first string
	// On PostgreSQL the member's row is locked until the transaction ends,
	// so that two changes of one member (two devices, two instances) take
	// turns: otherwise each could mark the other's ballot not current
	// before it committed, and leave two current ballots.
	q := "SELECT ballot_key FROM poll_voters WHERE poll_id = ? AND person_id = ?"
	if s.q.Dialect() == db.Postgres {
		q += " FOR UPDATE"
	}
	err := s.q.QueryRow(ctx, q, p.ID, personID).Scan(&first)
	if errors.Is(err, model.ErrNotFound) {
		return BallotKeyTaken, nil
	}
	if err != nil {
		return 0, err
	}
	if first == key {
		return BallotRepeated, nil
	}
	if p.Method != model.MethodNamed {
		return BallotRefused, nil
	}
	// A named vote: this key may be a later ballot of this member, retried.
	var owner int64
	err = s.q.QueryRow(ctx, "SELECT person_id FROM poll_votes WHERE poll_id = ? AND ballot_key = ?", p.ID, key).Scan(&owner)
	switch {
	case err == nil && owner == personID:
		return BallotRepeated, nil
	case err == nil:
		return BallotKeyTaken, nil
	case !errors.Is(err, model.ErrNotFound):
		return 0, err
	case !p.AllowChange:
		return BallotRefused, nil
	}
	if _, err := s.q.Exec(ctx, "UPDATE poll_votes SET current = ? WHERE poll_id = ? AND person_id = ? AND current = ?",
		false, p.ID, personID, true); err != nil {
		return 0, err
	}
	_, err = s.q.Exec(ctx, "INSERT INTO poll_votes (poll_id, ballot_key, person_id, choice, current, cast_at) VALUES (?, ?, ?, ?, ?, ?)",
		p.ID, key, personID, c, true, s.Now())
	return BallotChanged, err
}

// Voted reports whether a member has voted in a poll.
func (s *Store) Voted(ctx context.Context, pollID, personID int64) (bool, error) {
	var one int
	err := s.q.QueryRow(ctx, "SELECT 1 FROM poll_voters WHERE poll_id = ? AND person_id = ?", pollID, personID).Scan(&one)
	if errors.Is(err, model.ErrNotFound) {
		return false, nil
	}
	return err == nil, err
}

// MyVote is a member's current choice in a named vote ("" when none).
func (s *Store) MyVote(ctx context.Context, pollID, personID int64) (model.Choice, error) {
	var c model.Choice
	err := s.q.QueryRow(ctx, "SELECT choice FROM poll_votes WHERE poll_id = ? AND person_id = ? AND current = ?",
		pollID, personID, true).Scan(&c)
	if errors.Is(err, model.ErrNotFound) {
		return "", nil
	}
	return c, err
}

// Turnout is how many members have voted in a poll.
func (s *Store) Turnout(ctx context.Context, pollID int64) (int, error) {
	var n int
	err := s.q.QueryRow(ctx, "SELECT COUNT(*) FROM poll_voters WHERE poll_id = ?", pollID).Scan(&n)
	return n, err
}

// Count adds up an electronic vote: the current named ballots, or the
// secret ballots' count rows.
func (s *Store) Count(ctx context.Context, p *model.Poll) (model.Tally, error) {
	q := "SELECT choice, COUNT(*) FROM poll_votes WHERE poll_id = ? AND current = ? GROUP BY choice"
	args := []any{p.ID, true}
	if p.Method == model.MethodSecret {
		q = "SELECT choice, SUM(count) FROM poll_tally WHERE poll_id = ? GROUP BY choice"
		args = args[:1]
	}
	rows, err := s.q.Query(ctx, q, args...)
	if err != nil {
		return model.Tally{}, err
	}
	defer rows.Close()
	var t model.Tally
	for rows.Next() {
		var c model.Choice
		var n int
		if err := rows.Scan(&c, &n); err != nil {
			return t, err
		}
		switch c {
		case model.ChoiceFor:
			t.For = n
		case model.ChoiceAgainst:
			t.Against = n
		case model.ChoiceAbstain:
			t.Abstain = n
		}
	}
	return t, db.Err(rows.Err())
}

// NamedVotes lists who chose what in a named vote (current ballots), by
// name.
func (s *Store) NamedVotes(ctx context.Context, pollID int64) ([]model.NamedVote, error) {
	rows, err := s.q.Query(ctx, `SELECT v.person_id, p.full_name, v.choice FROM poll_votes v JOIN people p ON p.id = v.person_id
		WHERE v.poll_id = ? AND v.current = ? ORDER BY p.sort_key, p.id`, pollID, true)
	return collect(rows, err, func(r *sql.Rows) (model.NamedVote, error) {
		var v model.NamedVote
		err := r.Scan(&v.PersonID, &v.Name, &v.Choice)
		return v, err
	})
}

// ClosePoll writes a vote's final counts and result. It touches only an
// open vote: ErrNotFound when the vote was closed meanwhile.
//
// A secret ballot's count rows are folded into the totals and deleted, and
// the list of who voted is rewritten in the same transaction, so that what
// remains holds no trace of which transaction counted which ballot.
func (s *Store) ClosePoll(ctx context.Context, p *model.Poll) error {
	now := s.Now()
	err := s.execOne(ctx, `UPDATE polls SET state = 'closed', for_count = ?, against_count = ?, abstain_count = ?,
		spoiled_count = ?, passed = ?, tally_note = ?, present = ?, closed_at = ? WHERE id = ? AND state = 'open'`,
		p.For, p.Against, p.Abstain, p.Spoiled, nullBool(p.Passed), p.TallyNote, p.Present, now, p.ID)
	if err != nil {
		return err
	}
	p.State, p.ClosedAt = model.PollClosed, &now
	if p.Method != model.MethodSecret {
		return nil
	}
	if _, err := s.q.Exec(ctx, "DELETE FROM poll_tally WHERE poll_id = ?", p.ID); err != nil {
		return err
	}
	keyOf := "CAST(person_id AS TEXT)"
	if s.q.Dialect() == db.Postgres {
		keyOf = "person_id::text"
	}
	_, err = s.q.Exec(ctx, "UPDATE poll_voters SET ballot_key = "+keyOf+" WHERE poll_id = ?", p.ID)
	return err
}

// AddReservation records a reserved opinion and sets its id.
func (s *Store) AddReservation(ctx context.Context, r *model.Reservation) error {
	r.CreatedAt = s.Now()
	id, err := s.insert(ctx, "INSERT INTO reservations (poll_id, person_id, text, created_at) VALUES (?, ?, ?, ?)",
		r.PollID, r.PersonID, r.Text, r.CreatedAt)
	r.ID = id
	return err
}

// Reservations lists the reserved opinions on a meeting's votes, with names.
func (s *Store) Reservations(ctx context.Context, meetingID int64) ([]model.Reservation, error) {
	rows, err := s.q.Query(ctx, `SELECT r.id, r.poll_id, r.person_id, r.text, r.created_at, p.full_name FROM reservations r
		JOIN polls v ON v.id = r.poll_id JOIN people p ON p.id = r.person_id WHERE v.meeting_id = ? ORDER BY r.id`, meetingID)
	return collect(rows, err, func(r *sql.Rows) (model.Reservation, error) {
		var x model.Reservation
		var name string
		err := r.Scan(&x.ID, &x.PollID, &x.PersonID, &x.Text, &x.CreatedAt, &name)
		x.Person = &model.Person{ID: x.PersonID, FullName: name}
		return x, err
	})
}

// PollForClose reads a poll for the transaction that closes it. On
// PostgreSQL it locks the row first: the close waits for the ballots under
// way (which hold it shared, PollForBallot), and only then counts, so
// every ballot acknowledged before the close is in its count and none
// after it is taken.
func (s *Store) PollForClose(ctx context.Context, id int64) (*model.Poll, error) {
	q := "SELECT " + pollCols + " FROM polls WHERE id = ?"
	if s.q.Dialect() == db.Postgres {
		q += " FOR UPDATE"
	}
	p, err := scanPoll(s.q.QueryRow(ctx, q, id))
	if err != nil {
		return nil, err
	}
	return &p, nil
}

// PollForBallot reads a poll for a ballot's transaction. On PostgreSQL it
// holds the row shared until the transaction ends: ballots do not wait for
// each other, but closing the poll (PollForClose) waits for the ballots
// under way, and ballots that come after it see it closed.
func (s *Store) PollForBallot(ctx context.Context, id int64) (*model.Poll, error) {
	q := "SELECT " + pollCols + " FROM polls WHERE id = ?"
	if s.q.Dialect() == db.Postgres {
		q += " FOR SHARE"
	}
	p, err := scanPoll(s.q.QueryRow(ctx, q, id))
	if err != nil {
		return nil, err
	}
	return &p, nil
}
