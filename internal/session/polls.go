package session

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"nghisu/internal/auth"
	"nghisu/internal/meeting"
	"nghisu/internal/model"
	"nghisu/internal/rules"
	"nghisu/internal/store"
	"nghisu/internal/textdiff"
	"nghisu/internal/vntext"
)

// OpenPoll opens a vote on an item, or on one paragraph of a paper of the
// meeting. The rules decide whether the decision may be voted this way (a
// secret ballot for elections, never for an ordinary resolution) and
// whether enough members are here; the chair cannot override them.
func (s *Service) OpenPoll(ctx context.Context, a *auth.Actor, meetingID int64, in model.PollInput) (*model.Poll, error) {
	seat, err := s.seatTo(ctx, a, meetingID, (*Seat).mustRun)
	if err != nil {
		return nil, err
	}
	m := seat.Meeting
	in.Title = vntext.CleanLine(in.Title)
	v := &model.ValidationError{}
	if !in.DecisionKind.Valid() {
		v.Add("decision_kind", "vote.kind_invalid")
	}
	methodOK := false
	for _, x := range model.VoteMethods {
		methodOK = methodOK || x == in.Method
	}
	if !methodOK {
		v.Add("method", "vote.method_invalid")
	}
	if len([]rune(in.Title)) > 300 {
		v.Add("title", "session.too_long", 300)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	personnelSecret, err := s.setting(ctx, s.st, m, rules.PersonnelSecret)
	if err != nil {
		return nil, err
	}
	rule := rules.RuleFor(in.DecisionKind, personnelSecret == 1)
	if !rule.Allows(in.Method) {
		if in.Method.Secret() {
			return nil, model.Refuse("vote.must_be_open", rule.Source)
		}
		return nil, model.Refuse("vote.must_be_secret", rule.Source)
	}
	hide, err := s.flag(ctx, m, in.HideResults, rules.HideResults)
	if err != nil {
		return nil, err
	}
	change, err := s.flag(ctx, m, in.AllowChange, rules.AllowChange)
	if err != nil {
		return nil, err
	}
	quorum, err := s.setting(ctx, s.st, m, rules.Quorum)
	if err != nil {
		return nil, err
	}
	p := &model.Poll{MeetingID: m.ID, ItemID: in.ItemID, DocumentID: in.DocumentID, Paragraph: in.Paragraph,
		Title: in.Title, DecisionKind: in.DecisionKind, Method: in.Method, HideResults: hide,
		// A secret ballot cannot be changed: nothing says which count to
		// take it back from.
		AllowChange: change && in.Method == model.MethodNamed, OpenedBy: a.Account.Username}
	err = s.change(ctx, seat, "session.open_poll", func(st *store.Store, m *model.Meeting) error {
		if err := inSession(m); err != nil {
			return err
		}
		if err := noOpenPoll(ctx, st, m); err != nil {
			return err
		}
		if err := s.pollSubject(ctx, st, m, p); err != nil {
			return err
		}
		c, err := s.count(ctx, st, m)
		if err != nil {
			return err
		}
		if ok, why := rules.CanVote(rule, c.present, c.base, quorum); !ok {
			return &model.Refusal{Msg: why}
		}
		p.Base, p.Present = c.base, c.present
		return st.CreatePoll(ctx, p)
	}, SectionPoll)
	if err != nil {
		return nil, err
	}
	return p, nil
}

// flag is a yes/no choice of a new vote: the chair's, else the setting.
func (s *Service) flag(ctx context.Context, m *model.Meeting, chosen *bool, set rules.Setting) (bool, error) {
	if chosen != nil {
		return *chosen, nil
	}
	v, err := s.setting(ctx, s.st, m, set)
	return v == 1, err
}

// pollSubject checks what a vote is on and gives it a title when it has
// none: the item on the floor by default, or a paragraph of a text paper of
// the meeting.
func (s *Service) pollSubject(ctx context.Context, st *store.Store, m *model.Meeting, p *model.Poll) error {
	v := &model.ValidationError{}
	if p.ItemID == 0 {
		p.ItemID = m.CurrentItemID
	}
	var item *model.AgendaItem
	if p.ItemID != 0 {
		it, err := st.Item(ctx, p.ItemID)
		if errors.Is(err, model.ErrNotFound) || err == nil && it.MeetingID != m.ID {
			v.Add("item_id", "vote.item_invalid")
		} else if err != nil {
			return err
		}
		item = it
	}
	if p.DocumentID != 0 {
		d, err := st.Document(ctx, p.DocumentID)
		if errors.Is(err, model.ErrNotFound) || err == nil && d.MeetingID != m.ID {
			v.Add("document_id", "vote.document_invalid")
			return v
		} else if err != nil {
			return err
		}
		if d.Format != model.FormatText {
			v.Add("document_id", "vote.document_not_text")
			return v
		}
		ver, err := st.LatestVersion(ctx, d.ID)
		if err != nil {
			return err
		}
		n := len(textdiff.Paragraphs(ver.Body))
		if p.Paragraph < 1 || p.Paragraph > n {
			v.Add("paragraph", "vote.paragraph_range", n)
			return v
		}
		if p.Title == "" {
			p.Title = fmt.Sprintf("%s — đoạn %d", d.Title, p.Paragraph)
		}
	} else if p.Paragraph != 0 {
		v.Add("paragraph", "vote.paragraph_without_document")
	}
	if p.Title == "" && item != nil {
		p.Title = item.Title
	}
	if p.Title == "" {
		v.Add("title", "vote.title_required")
	}
	return v.Err()
}

// ClosePoll closes a vote and computes its result with the rules: passed
// only when the votes for reach the threshold of the base, every incumbent
// member, not those present. An open vote (show of hands) and paper ballots
// need the tally, entered by the secretary or the counting board; an
// electronic vote is counted from its ballots. A closed result never
// changes.
func (s *Service) ClosePoll(ctx context.Context, a *auth.Actor, pollID int64, tally *model.Tally) (*model.Poll, error) {
	p, err := s.st.Poll(ctx, pollID)
	if err != nil {
		return nil, err
	}
	seat, err := s.Seat(ctx, a, p.MeetingID)
	if err != nil {
		return nil, err
	}
	if p.Method.Electronic() {
		err = seat.mustRun()
	} else {
		err = seat.mustRecord()
	}
	if err != nil {
		return nil, err
	}
	if !p.Method.Electronic() && tally == nil {
		v := &model.ValidationError{}
		v.Add("for", "vote.tally_required")
		return nil, v
	}
	if tally != nil {
		tally.Note = vntext.Clean(tally.Note)
	}
	// Every ballot acknowledged before the close is in the count and none
	// after it is taken: a ballot's transaction holds the poll row shared
	// (store.PollForBallot), and the close locks it before it counts
	// (store.PollForClose).
	err = s.change(ctx, seat, "session.close_poll", func(st *store.Store, m *model.Meeting) error {
		p, err = st.PollForClose(ctx, pollID)
		if err != nil {
			return err
		}
		if p.State != model.PollOpen {
			return model.Refuse("vote.closed")
		}
		c, err := s.count(ctx, st, m)
		if err != nil {
			return err
		}
		p.Present = c.present
		var t model.Tally
		if p.Method.Electronic() {
			if t, err = st.Count(ctx, p); err != nil {
				return err
			}
		} else {
			if err := rules.CheckTally(*tally, c.present); err != nil {
				return err
			}
			t = *tally
		}
		p.For, p.Against, p.Abstain, p.Spoiled = t.For, t.Against, t.Abstain, t.Spoiled
		if tally != nil {
			p.TallyNote = tally.Note
		}
		passed := rules.RuleFor(p.DecisionKind, true).Passed(p.For, p.Base)
		p.Passed = &passed
		return st.ClosePoll(ctx, p)
	}, SectionPoll)
	if err != nil {
		return nil, err
	}
	s.ballots.turnout.forget(p.ID)
	if p.Method == model.MethodSecret {
		// Best effort: the count rows are gone from the tables already.
		if err := s.st.DB().Scrub(ctx, "poll_tally", "poll_voters"); err != nil {
			slog.Warn("scrub after a secret ballot", "err", err)
		}
	}
	return p, nil
}

// Polls lists the votes of a meeting with their reserved opinions. The
// counts of a vote still open are hidden.
func (s *Service) Polls(ctx context.Context, a *auth.Actor, meetingID int64) ([]model.Poll, []model.Reservation, error) {
	if _, err := s.Seat(ctx, a, meetingID); err != nil {
		return nil, nil, err
	}
	ps, err := s.st.Polls(ctx, meetingID)
	if err != nil {
		return nil, nil, err
	}
	for i := range ps {
		if ps[i].Method.Electronic() {
			if ps[i].Voted, err = s.st.Turnout(ctx, ps[i].ID); err != nil {
				return nil, nil, err
			}
		}
	}
	rs, err := s.st.Reservations(ctx, meetingID)
	return ps, rs, err
}

// NamedVotes lists who chose what in a closed named vote.
func (s *Service) NamedVotes(ctx context.Context, a *auth.Actor, pollID int64) ([]model.NamedVote, error) {
	p, err := s.st.Poll(ctx, pollID)
	if err != nil {
		return nil, err
	}
	if _, err := s.Seat(ctx, a, p.MeetingID); err != nil {
		return nil, err
	}
	if p.Method != model.MethodNamed || p.State != model.PollClosed {
		return nil, nil
	}
	return s.st.NamedVotes(ctx, pollID)
}

// Reserve records a member's reserved opinion (bảo lưu ý kiến) on a
// decision that passed: the minority submits but may keep its view and
// report it upward (Điều lệ Đảng, Điều 9).
func (s *Service) Reserve(ctx context.Context, a *auth.Actor, pollID int64, text string) (*model.Reservation, error) {
	p, err := s.st.Poll(ctx, pollID)
	if err != nil {
		return nil, err
	}
	seat, err := s.Seat(ctx, a, p.MeetingID)
	if err != nil {
		return nil, err
	}
	if err := seat.mustSit(); err != nil {
		return nil, err
	}
	text = vntext.Clean(text)
	v := &model.ValidationError{}
	if text == "" {
		v.Add("text", "vote.reservation_required")
	} else if len([]rune(text)) > maxQuestion {
		v.Add("text", "session.too_long", maxQuestion)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	r := &model.Reservation{PollID: p.ID, PersonID: seat.PersonID(), Text: text}
	err = s.st.InTx(ctx, func(st *store.Store) error {
		p, err := st.Poll(ctx, pollID)
		if err != nil {
			return err
		}
		if p.State != model.PollClosed || p.Passed == nil || !*p.Passed {
			return model.Refuse("vote.reserve_not_passed")
		}
		rs, err := st.Reservations(ctx, p.MeetingID)
		if err != nil {
			return err
		}
		for _, x := range rs {
			if x.PollID == p.ID && x.PersonID == r.PersonID {
				return model.Refuse("vote.reserved_already")
			}
		}
		if err := st.AddReservation(ctx, r); err != nil {
			return err
		}
		return st.Audit(ctx, a.Audit("session.reserve", "poll", p.ID, orgOf(seat.Meeting), ""))
	})
	return r, err
}

// Receipt acknowledges a ballot. It says the ballot is counted, never what
// it was for in a secret vote.
type Receipt struct {
	PollID int64  `json:"poll_id"`
	Key    string `json:"key"`
	// Repeated: this ballot had been received before (a retry).
	Repeated bool `json:"repeated"`
	// Changed: a named vote changed.
	Changed bool `json:"changed"`
	// Choice is the member's current choice in a named vote.
	Choice model.Choice `json:"choice,omitempty"`
}

// Cast casts the actor's ballot in an electronic vote. The ballot counts
// once it is acknowledged; the same ballot sent again (same key, after a
// lost reply) gets the same acknowledgement and is not counted twice.
func (s *Service) Cast(ctx context.Context, a *auth.Actor, pollID int64, in model.BallotInput) (*Receipt, error) {
	d, err := s.Desk(ctx, a, pollID)
	if err != nil {
		return nil, err
	}
	return s.CastAt(ctx, d, in)
}

// Desk is a vote as one member's device meets it when voting: the vote and
// the member's seat, read once for each ballot (the hottest request there
// is: reads here are paid thousands of times a second).
type Desk struct {
	poll *model.Poll
	seat *Seat
}

// Desk reads a vote the actor sees, to vote in; ErrNotFound otherwise.
func (s *Service) Desk(ctx context.Context, a *auth.Actor, pollID int64) (*Desk, error) {
	p, err := s.st.Poll(ctx, pollID)
	if err != nil {
		return nil, err
	}
	m, err := s.st.Meeting(ctx, p.MeetingID)
	if err != nil {
		return nil, err
	}
	if !meeting.SeesBody(a, m.Body) {
		return nil, model.ErrNotFound
	}
	seat, err := s.seat(ctx, a, m)
	if err != nil {
		return nil, err
	}
	return &Desk{poll: p, seat: seat}, nil
}

// CastAt casts the ballot at a desk read by Desk.
func (s *Service) CastAt(ctx context.Context, d *Desk, in model.BallotInput) (*Receipt, error) {
	v := &model.ValidationError{}
	if !in.Choice.Valid() {
		v.Add("choice", "vote.choice_invalid")
	}
	if !model.IsClientKey(in.Key) {
		v.Add("key", "vote.key_invalid")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	p, seat := d.poll, d.seat
	if !p.Method.Electronic() {
		return nil, model.Refuse("vote.not_electronic")
	}
	if !seat.Votes() {
		return nil, model.Deny("vote.not_eligible")
	}
	out, err := s.ballots.cast(ctx, &ballot{poll: p.ID, meeting: p.MeetingID, body: seat.Meeting.BodyID,
		person: seat.PersonID(), key: in.Key, choice: in.Choice})
	if err != nil {
		return nil, err
	}
	r := &Receipt{PollID: p.ID, Key: in.Key, Repeated: out == store.BallotRepeated, Changed: out == store.BallotChanged}
	if p.Method == model.MethodNamed {
		// A new or changed ballot is the choice now; a repeated one reads
		// what counts (a retry never takes a change back).
		r.Choice = in.Choice
		if r.Repeated {
			if r.Choice, err = s.st.MyVote(ctx, p.ID, seat.PersonID()); err != nil {
				return nil, err
			}
		}
	}
	return r, nil
}

// Me is what one participant's device needs beyond the shared sections.
type Me struct {
	PersonID int64 `json:"person_id"`
	// Votes: an incumbent member; Here: in the room.
	Votes bool `json:"votes"`
	Here  bool `json:"here"`
	// Member: sits in the body (may ask to speak and put questions).
	Member bool `json:"member"`
	Runs   bool `json:"runs"`
	// Records: keeps the record.
	Records bool `json:"records"`
	// Voted in the open vote; Choice: the current choice in a named one.
	Voted  bool         `json:"voted"`
	Choice model.Choice `json:"choice,omitempty"`
	// Waiting is the actor's request to speak on the item, 0 when none.
	Waiting int64 `json:"waiting,omitempty"`
}

// MeOf reads what the actor is and has done in the meeting now.
func (s *Service) MeOf(ctx context.Context, a *auth.Actor, meetingID int64) (*Me, error) {
	seat, err := s.Seat(ctx, a, meetingID)
	if err != nil {
		return nil, err
	}
	me := &Me{PersonID: seat.PersonID(), Votes: seat.Votes(), Member: seat.Member != nil, Runs: seat.Runs, Records: seat.Records}
	if me.PersonID == 0 {
		return me, nil
	}
	if att, err := s.st.AttendanceOf(ctx, meetingID, me.PersonID); err == nil {
		me.Here = att.Here()
	} else if !errors.Is(err, model.ErrNotFound) {
		return nil, err
	}
	if p, err := s.st.OpenPollOf(ctx, meetingID); err == nil {
		if me.Voted, err = s.st.Voted(ctx, p.ID, me.PersonID); err != nil {
			return nil, err
		}
		if p.Method == model.MethodNamed {
			if me.Choice, err = s.st.MyVote(ctx, p.ID, me.PersonID); err != nil {
				return nil, err
			}
		}
	} else if !errors.Is(err, model.ErrNotFound) {
		return nil, err
	}
	if cur := seat.Meeting.CurrentItemID; cur != 0 {
		speeches, err := s.st.Speeches(ctx, meetingID, cur)
		if err != nil {
			return nil, err
		}
		for _, sp := range queue(speeches) {
			if sp.PersonID == me.PersonID && sp.State == model.SpeechRequested {
				me.Waiting = sp.ID
			}
		}
	}
	return me, nil
}
