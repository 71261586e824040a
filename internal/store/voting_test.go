package store_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"nghisu/internal/db"
	"nghisu/internal/model"
	"nghisu/internal/store"
	"nghisu/internal/testutil"
)

// sessionWorld is a commune's BCH with six members (the last one
// temporarily transferred), a meeting with two items, and a clock.
type sessionWorld struct {
	st      *store.Store
	clock   *testutil.Clock
	body    *model.Body
	other   *model.Body // the other commune's BCH
	people  []int64     // people[5] is transferred
	m       *model.Meeting
	items   []int64
	commune *model.Org
}

func newSessionWorld(t *testing.T, d *db.DB) *sessionWorld {
	t.Helper()
	clock := testutil.NewClock(testutil.DemoNow)
	st := store.New(d, clock.Now)
	_, a, b, bodies := tree(t, st)
	w := &sessionWorld{st: st, clock: clock, body: bodies[a.ID][model.BodyCommittee], other: bodies[b.ID][model.BodyCommittee], commune: a}
	start := model.Date{Year: 2025, Month: 8, Day: 15}
	for i := range 6 {
		p := &model.Person{OrgID: a.ID, FullName: fmt.Sprintf("Nguyễn Văn %c", 'A'+i)}
		must(t, st.CreatePerson(ctx, p))
		status := model.StatusIncumbent
		if i == 5 {
			status = model.StatusTransferred
		}
		must(t, st.AddMembership(ctx, &model.Membership{BodyID: w.body.ID, PersonID: p.ID, Status: status, StartedOn: start}))
		w.people = append(w.people, p.ID)
	}
	w.m = w.meeting(t, w.body, testutil.VNAt(2026, time.March, 10, 14))
	for i, title := range []string{"Khai mạc", "Thảo luận"} {
		it := &model.AgendaItem{MeetingID: w.m.ID, Title: title, Kind: model.ItemDecision, Position: i + 1, Minutes: 10}
		must(t, st.AddItem(ctx, it))
		w.items = append(w.items, it.ID)
	}
	return w
}

func (w *sessionWorld) meeting(t *testing.T, b *model.Body, at time.Time) *model.Meeting {
	t.Helper()
	m := &model.Meeting{BodyID: b.ID, Kind: model.MeetingThematic, Title: "Hội nghị", Place: "Hội trường",
		StartsAt: at.UTC(), Month: at.Format("2006-01"), Guests: []string{}, State: model.StateInSession}
	must(t, w.st.CreateMeeting(ctx, m, 0))
	return m
}

func (w *sessionWorld) poll(t *testing.T, method model.VoteMethod, allowChange bool) *model.Poll {
	t.Helper()
	p := &model.Poll{MeetingID: w.m.ID, ItemID: w.items[0], Title: "Biểu quyết", DecisionKind: model.DecideOrdinary,
		Method: method, Base: 5, Present: 5, AllowChange: allowChange, OpenedBy: "bithu"}
	must(t, w.st.CreatePoll(ctx, p))
	return p
}

// cast casts one ballot in a transaction, as the ballot writer does, and
// adds a counted secret ballot to a count row.
func (w *sessionWorld) cast(t *testing.T, p *model.Poll, person int64, key string, c model.Choice) store.BallotOutcome {
	t.Helper()
	var out store.BallotOutcome
	must(t, w.st.InTx(ctx, func(st *store.Store) error {
		var err error
		if out, err = st.CastBallot(ctx, p, person, key, c); err != nil {
			return err
		}
		if out == store.BallotCounted && p.Method == model.MethodSecret {
			return st.AddTally(ctx, p.ID, c, int(person)%store.TallyShards, 1)
		}
		return nil
	}))
	return out
}

func count(t *testing.T, d *db.DB, q string, args ...any) int {
	t.Helper()
	var n int
	must(t, d.R.QueryRowContext(ctx, d.Rebind(q), args...).Scan(&n))
	return n
}

// TestBallotOutcomes: what becomes of a ballot in each case, named and
// secret.
func TestBallotOutcomes(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		w := newSessionWorld(t, d)
		a, b, c := w.people[0], w.people[1], w.people[2]
		type step struct {
			person int64
			key    string
			choice model.Choice
			want   store.BallotOutcome
		}
		cases := []struct {
			name   string
			method model.VoteMethod
			change bool
			steps  []step
			tally  model.Tally
			aNow   model.Choice // a's current choice in a named vote
		}{
			{"named, no change", model.MethodNamed, false, []step{
				{a, "a-key-0001", model.ChoiceFor, store.BallotCounted},
				{a, "a-key-0001", model.ChoiceAgainst, store.BallotRepeated},
				{a, "a-key-0002", model.ChoiceAgainst, store.BallotRefused},
				{b, "a-key-0001", model.ChoiceAgainst, store.BallotKeyTaken},
				{b, "b-key-0001", model.ChoiceAbstain, store.BallotCounted},
			}, model.Tally{For: 1, Abstain: 1}, model.ChoiceFor},
			{"named, with change", model.MethodNamed, true, []step{
				{a, "a-key-0001", model.ChoiceFor, store.BallotCounted},
				{a, "a-key-0002", model.ChoiceAgainst, store.BallotChanged},
				{a, "a-key-0001", model.ChoiceFor, store.BallotRepeated},
				{a, "a-key-0002", model.ChoiceAgainst, store.BallotRepeated},
				{b, "a-key-0002", model.ChoiceFor, store.BallotKeyTaken}, // another's later key, b not voted
				{b, "b-key-0001", model.ChoiceFor, store.BallotCounted},
				{b, "a-key-0001", model.ChoiceFor, store.BallotKeyTaken}, // another's first key, b voted
				{c, "a-key-0001", model.ChoiceFor, store.BallotKeyTaken},
			}, model.Tally{For: 1, Against: 1}, model.ChoiceAgainst},
			{"secret", model.MethodSecret, true, []step{
				{a, "a-key-0001", model.ChoiceFor, store.BallotCounted},
				{a, "a-key-0001", model.ChoiceFor, store.BallotRepeated},
				{a, "a-key-0002", model.ChoiceAgainst, store.BallotRefused},
				{b, "a-key-0001", model.ChoiceAgainst, store.BallotKeyTaken},
				{b, "b-key-0001", model.ChoiceAgainst, store.BallotCounted},
				{c, "c-key-0001", model.ChoiceAgainst, store.BallotCounted},
			}, model.Tally{For: 1, Against: 2}, ""},
		}
		for _, cs := range cases {
			p := w.poll(t, cs.method, cs.change)
			for i, s := range cs.steps {
				if got := w.cast(t, p, s.person, s.key, s.choice); got != s.want {
					t.Errorf("%s, step %d: outcome %d, want %d", cs.name, i, got, s.want)
				}
			}
			tally, err := w.st.Count(ctx, p)
			must(t, err)
			if tally != cs.tally {
				t.Errorf("%s: count %+v, want %+v", cs.name, tally, cs.tally)
			}
			voters := 0
			for _, person := range w.people {
				voted, err := w.st.Voted(ctx, p.ID, person)
				must(t, err)
				if voted {
					voters++
				}
			}
			if n, err := w.st.Turnout(ctx, p.ID); err != nil || n != voters || n != cs.tally.For+cs.tally.Against+cs.tally.Abstain {
				t.Errorf("%s: turnout %d (%v), %d voted", cs.name, n, err, voters)
			}
			if cur, _ := w.st.MyVote(ctx, p.ID, a); cur != cs.aNow {
				t.Errorf("%s: a's vote %q, want %q", cs.name, cur, cs.aNow)
			}
			if cur, _ := w.st.MyVote(ctx, p.ID, c); cur != "" {
				t.Errorf("%s: c has a vote %q", cs.name, cur)
			}
			// Close: a closed vote is closed once.
			p.For, p.Against, p.Abstain = tally.For, tally.Against, tally.Abstain
			passed := false
			p.Passed = &passed
			must(t, w.st.InTx(ctx, func(st *store.Store) error {
				if _, err := st.PollForClose(ctx, p.ID); err != nil {
					return err
				}
				return st.ClosePoll(ctx, p)
			}))
			if err := w.st.ClosePoll(ctx, p); !errors.Is(err, model.ErrNotFound) {
				t.Errorf("%s: second close: %v", cs.name, err)
			}
			got, err := w.st.Poll(ctx, p.ID)
			must(t, err)
			if got.State != model.PollClosed || got.For != tally.For || got.Against != tally.Against || got.Passed == nil || *got.Passed || got.ClosedAt == nil {
				t.Errorf("%s: closed poll %+v", cs.name, got)
			}
		}
	})
}

// TestSecretBallotStorage: a secret ballot's count rows are all made at
// the opening, at zero; the close folds them into the poll and deletes
// them, and rewrites who voted so that no device's key remains.
func TestSecretBallotStorage(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		w := newSessionWorld(t, d)
		named := w.poll(t, model.MethodNamed, false)
		if n := count(t, d, "SELECT COUNT(*) FROM poll_tally WHERE poll_id = ?", named.ID); n != 0 {
			t.Errorf("a named vote has %d count rows", n)
		}
		p := w.poll(t, model.MethodSecret, false)
		if n := count(t, d, "SELECT COUNT(*) FROM poll_tally WHERE poll_id = ? AND count = 0", p.ID); n != 3*store.TallyShards {
			t.Errorf("%d count rows at zero, want %d", n, 3*store.TallyShards)
		}
		for i, c := range []model.Choice{model.ChoiceFor, model.ChoiceFor, model.ChoiceAgainst, model.ChoiceAbstain} {
			w.cast(t, p, w.people[i], fmt.Sprintf("device-%d-key", i), c)
		}
		// Several at once, as a batch adds them.
		must(t, w.st.AddTally(ctx, p.ID, model.ChoiceFor, 3, 2))
		if err := w.st.AddTally(ctx, p.ID, model.ChoiceFor, store.TallyShards, 1); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("a count row out of range: %v", err)
		}
		if n := count(t, d, "SELECT COUNT(*) FROM poll_votes WHERE poll_id = ?", p.ID); n != 0 {
			t.Errorf("a secret ballot wrote %d named ballots", n)
		}
		tally, err := w.st.Count(ctx, p)
		must(t, err)
		if tally.For != 4 || tally.Against != 1 || tally.Abstain != 1 {
			t.Errorf("count %+v", tally)
		}
		p.For, p.Against, p.Abstain = tally.For, tally.Against, tally.Abstain
		must(t, w.st.InTx(ctx, func(st *store.Store) error { return st.ClosePoll(ctx, p) }))
		if n := count(t, d, "SELECT COUNT(*) FROM poll_tally WHERE poll_id = ?", p.ID); n != 0 {
			t.Errorf("%d count rows after the close", n)
		}
		rows, err := d.R.QueryContext(ctx, d.Rebind("SELECT person_id, ballot_key FROM poll_voters WHERE poll_id = ? ORDER BY person_id"), p.ID)
		must(t, err)
		defer rows.Close()
		var people []int64
		for rows.Next() {
			var person int64
			var key string
			must(t, rows.Scan(&person, &key))
			if key != fmt.Sprint(person) {
				t.Errorf("voter %d keeps the key %q", person, key)
			}
			people = append(people, person)
		}
		if !slices.Equal(people, w.people[:4]) {
			t.Errorf("voters %v", people)
		}
		got, _ := w.st.Poll(ctx, p.ID)
		if got.For != 4 || got.Against != 1 || got.Abstain != 1 {
			t.Errorf("folded counts %+v", got)
		}
		// A named vote's close keeps who chose what.
		w.cast(t, named, w.people[0], "named-key-01", model.ChoiceFor)
		must(t, w.st.ClosePoll(ctx, named))
		votes, err := w.st.NamedVotes(ctx, named.ID)
		must(t, err)
		if len(votes) != 1 || votes[0].PersonID != w.people[0] || votes[0].Choice != model.ChoiceFor || votes[0].Name != "Nguyễn Văn A" {
			t.Errorf("named votes %+v", votes)
		}
	})
}

// TestPollsAndReservations: the open vote of a meeting, the list in
// opening order, and reserved opinions with names.
func TestPollsAndReservations(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		w := newSessionWorld(t, d)
		if _, err := w.st.OpenPollOf(ctx, w.m.ID); !errors.Is(err, model.ErrNotFound) {
			t.Fatalf("open poll of a meeting without votes: %v", err)
		}
		p1 := w.poll(t, model.MethodOpen, false)
		p1.For = 4
		passed := true
		p1.Passed = &passed
		must(t, w.st.ClosePoll(ctx, p1))
		p2 := w.poll(t, model.MethodNamed, true)
		open, err := w.st.OpenPollOf(ctx, w.m.ID)
		if err != nil || open.ID != p2.ID || !open.AllowChange || open.ItemID != w.items[0] || open.OpenedBy != "bithu" || !open.OpenedAt.Equal(testutil.DemoNow) {
			t.Errorf("open poll %+v, %v", open, err)
		}
		ps, err := w.st.Polls(ctx, w.m.ID)
		if err != nil || len(ps) != 2 || ps[0].ID != p1.ID || ps[0].State != model.PollClosed || ps[1].State != model.PollOpen || ps[1].Passed != nil {
			t.Errorf("polls %+v, %v", ps, err)
		}
		r := &model.Reservation{PollID: p1.ID, PersonID: w.people[1], Text: "Bảo lưu ý kiến."}
		must(t, w.st.AddReservation(ctx, r))
		rs, err := w.st.Reservations(ctx, w.m.ID)
		if err != nil || len(rs) != 1 || rs[0].ID != r.ID || rs[0].Person.FullName != "Nguyễn Văn B" || rs[0].Text != r.Text {
			t.Errorf("reservations %+v, %v", rs, err)
		}
	})
}

// TestVoterPresent: those who may vote now are the incumbent members of
// the body in the room: present or late, not left, not excused, not
// transferred, not guests.
func TestVoterPresent(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		w := newSessionWorld(t, d)
		now := w.clock.Now()
		marks := []model.AttendanceStatus{model.AttendPresent, model.AttendLate, model.AttendLeftEarly, model.AttendExcused, "", model.AttendPresent}
		for i, s := range marks {
			if s == "" {
				continue
			}
			must(t, w.st.SetAttendance(ctx, &model.Attendance{MeetingID: w.m.ID, PersonID: w.people[i], Status: s, ArrivedAt: &now, RecordedBy: "vp"}))
		}
		guest := &model.Person{OrgID: w.commune.ID, FullName: "Trần Thị Khách"}
		must(t, w.st.CreatePerson(ctx, guest))
		must(t, w.st.SetAttendance(ctx, &model.Attendance{MeetingID: w.m.ID, PersonID: guest.ID, Status: model.AttendPresent}))
		// present reads who of the marked and the guest may vote now.
		present := func(bodyID int64) map[int64]bool {
			t.Helper()
			out := map[int64]bool{}
			for _, p := range append(slices.Clone(w.people[:len(marks)]), guest.ID) {
				ok, err := w.st.VoterPresent(ctx, w.m.ID, bodyID, p)
				must(t, err)
				if ok {
					out[p] = true
				}
			}
			return out
		}
		if got := present(w.body.ID); len(got) != 2 || !got[w.people[0]] || !got[w.people[1]] {
			t.Errorf("present voters %v, want %v", got, w.people[:2])
		}
		// A member who leaves the body is out, whatever the mark.
		ms, err := w.st.OpenMembership(ctx, w.body.ID, w.people[1])
		must(t, err)
		must(t, w.st.EndMembership(ctx, ms.ID, model.Date{Year: 2026, Month: 3, Day: 10}))
		if got := present(w.body.ID); len(got) != 1 || !got[w.people[0]] {
			t.Errorf("after a member left the body: %v", got)
		}
		// Another body's meeting: nobody.
		if got := present(w.other.ID); len(got) != 0 {
			t.Errorf("voters of another body: %v", got)
		}

		// Attendance is one row per person, updated in place.
		later := now.Add(time.Hour)
		must(t, w.st.SetAttendance(ctx, &model.Attendance{MeetingID: w.m.ID, PersonID: w.people[0], Status: model.AttendLeftEarly,
			ArrivedAt: &now, LeftAt: &later, RecordedBy: "bithu"}))
		a, err := w.st.AttendanceOf(ctx, w.m.ID, w.people[0])
		if err != nil || a.Status != model.AttendLeftEarly || !a.LeftAt.Equal(later) || !a.ArrivedAt.Equal(now) || a.RecordedBy != "bithu" {
			t.Errorf("attendance %+v, %v", a, err)
		}
		if _, err := w.st.AttendanceOf(ctx, w.m.ID, w.people[4]); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("attendance not recorded: %v", err)
		}
		all, err := w.st.Attendance(ctx, w.m.ID)
		if err != nil || len(all) != 6 {
			t.Errorf("%d attendance rows, %v", len(all), err)
		}
	})
}

// TestSpeechesStore: a request goes to the end of its item's list unless
// given a place; the list is in item and place order, places below 1
// included.
func TestSpeechesStore(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		w := newSessionWorld(t, d)
		add := func(item, person int64, pos int) *model.Speech {
			sp := &model.Speech{MeetingID: w.m.ID, ItemID: item, PersonID: person, Kind: model.SpeechNormal, State: model.SpeechRequested, Position: pos}
			must(t, w.st.AddSpeech(ctx, sp))
			return sp
		}
		s1 := add(w.items[0], w.people[0], 0)
		s2 := add(w.items[0], w.people[1], 0)
		s3 := add(w.items[0], w.people[2], -1)
		s4 := add(w.items[1], w.people[3], 0)
		s5 := add(w.items[0], w.people[3], 0)
		if s1.Position != 1 || s2.Position != 2 || s3.Position != -1 || s4.Position != 1 || s5.Position != 3 {
			t.Errorf("positions %d %d %d %d %d", s1.Position, s2.Position, s3.Position, s4.Position, s5.Position)
		}
		list, err := w.st.Speeches(ctx, w.m.ID, w.items[0])
		must(t, err)
		var ids []int64
		for _, sp := range list {
			ids = append(ids, sp.ID)
			if sp.Person == nil || sp.Person.FullName == "" {
				t.Errorf("speech without a name: %+v", sp)
			}
		}
		if !slices.Equal(ids, []int64{s3.ID, s1.ID, s2.ID, s5.ID}) {
			t.Errorf("item list %v", ids)
		}
		all, _ := w.st.Speeches(ctx, w.m.ID, 0)
		if len(all) != 5 {
			t.Errorf("meeting list of %d", len(all))
		}
		start, end := w.clock.Now(), w.clock.Now().Add(95*time.Second)
		s1.State, s1.StartedAt, s1.EndedAt, s1.Substance = model.SpeechDone, &start, &end, "Ý kiến."
		must(t, w.st.UpdateSpeech(ctx, s1))
		got, err := w.st.Speech(ctx, s1.ID)
		if err != nil || got.State != model.SpeechDone || got.Seconds() != 95 || got.Substance != "Ý kiến." {
			t.Errorf("speech %+v, %v", got, err)
		}
		if err := w.st.UpdateSpeech(ctx, &model.Speech{ID: 9999}); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("update of a missing speech: %v", err)
		}
		// The item on the floor, its outcome and speaking time.
		must(t, w.st.SetCurrentItem(ctx, w.m.ID, w.items[1]))
		must(t, w.st.SetItemOutcome(ctx, w.items[1], true, "Thống nhất."))
		must(t, w.st.SetSpeakingLimit(ctx, w.items[1], 300))
		m, _ := w.st.Meeting(ctx, w.m.ID)
		it, _ := w.st.Item(ctx, w.items[1])
		if m.CurrentItemID != w.items[1] || !it.Discussed || it.Conclusion != "Thống nhất." || it.SpeakingLimit != 300 {
			t.Errorf("meeting on item %d; item %+v", m.CurrentItemID, it)
		}
		must(t, w.st.SetCurrentItem(ctx, w.m.ID, 0))
		if m, _ := w.st.Meeting(ctx, w.m.ID); m.CurrentItemID != 0 {
			t.Errorf("no item on the floor: %d", m.CurrentItemID)
		}
	})
}

// TestQuestionsStore: a meeting's questions, and the questions still open
// from the body's earlier meetings.
func TestQuestionsStore(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		w := newSessionWorld(t, d)
		earlier := w.meeting(t, w.body, testutil.VNAt(2026, time.February, 5, 8))
		later := w.meeting(t, w.body, testutil.VNAt(2026, time.April, 8, 8))
		elsewhere := w.meeting(t, w.other, testutil.VNAt(2026, time.February, 5, 8))
		ask := func(m *model.Meeting, state model.QuestionState, to int64) *model.Question {
			q := &model.Question{OrgID: w.commune.ID, MeetingID: m.ID, AskerID: w.people[0], Addressee: model.AskCommittee,
				AddresseePersonID: to, Text: "Câu hỏi " + string(state), State: state}
			must(t, w.st.AddQuestion(ctx, q))
			w.clock.Advance(time.Minute)
			return q
		}
		open1 := ask(earlier, model.QuestionSubmitted, 0)
		ask(earlier, model.QuestionAnswered, 0)
		open2 := ask(earlier, model.QuestionPromised, w.people[1])
		ask(earlier, model.QuestionClosed, 0)
		ask(elsewhere, model.QuestionSubmitted, 0)
		own := ask(w.m, model.QuestionSubmitted, w.people[2])
		ask(later, model.QuestionSubmitted, 0)

		qs, err := w.st.Questions(ctx, store.QuestionQuery{MeetingID: w.m.ID})
		if err != nil || len(qs) != 1 || qs[0].ID != own.ID || qs[0].Asker.FullName != "Nguyễn Văn A" || qs[0].To == nil || qs[0].To.FullName != "Nguyễn Văn C" {
			t.Errorf("own questions %+v, %v", qs, err)
		}
		carried, err := w.st.Questions(ctx, store.QuestionQuery{OpenInBody: w.body.ID, Before: w.m.ID})
		must(t, err)
		var ids []int64
		for _, q := range carried {
			ids = append(ids, q.ID)
		}
		if !slices.Equal(ids, []int64{open1.ID, open2.ID}) {
			t.Errorf("carried %v, want %v", ids, []int64{open1.ID, open2.ID})
		}
		// Taken up here: it moves, and the answer is recorded.
		must(t, w.st.MoveQuestion(ctx, open1.ID, w.m.ID))
		now := w.clock.Now()
		satisfied := true
		open1.MeetingID, open1.State, open1.FloorAt, open1.Answer, open1.AnsweredBy, open1.AnsweredAt, open1.Satisfied =
			w.m.ID, model.QuestionAnswered, &now, "Trả lời.", w.people[1], &now, &satisfied
		open1.AnswerDue = model.Date{Year: 2026, Month: 4, Day: 9}
		must(t, w.st.UpdateQuestion(ctx, open1))
		got, err := w.st.Question(ctx, open1.ID)
		if err != nil || got.MeetingID != w.m.ID || got.State != model.QuestionAnswered || got.AnsweredBy != w.people[1] ||
			got.Satisfied == nil || !*got.Satisfied || got.AnswerDue != open1.AnswerDue || got.FloorAt == nil {
			t.Errorf("question %+v, %v", got, err)
		}
		if qs, _ := w.st.Questions(ctx, store.QuestionQuery{OpenInBody: w.body.ID, Before: later.ID}); len(qs) != 2 {
			t.Errorf("carried to the later meeting: %d, want 2 (one promised, one waiting)", len(qs))
		}
	})
}
