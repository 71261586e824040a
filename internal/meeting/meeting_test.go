package meeting_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"nghisu/internal/auth"
	"nghisu/internal/db"
	"nghisu/internal/meeting"
	"nghisu/internal/model"
	"nghisu/internal/store"
	"nghisu/internal/testutil"
	"nghisu/internal/vntext"
)

var ctx = context.Background()

// demoMeeting finds the one meeting of a body of kind starting in the month
// of at (Vietnam time).
func demoMeeting(t *testing.T, srv *testutil.Server, body *model.Body, kind model.MeetingKind, at time.Time) *model.Meeting {
	t.Helper()
	from := time.Date(at.Year(), at.Month(), 1, 0, 0, 0, 0, vntext.Location())
	ms, err := srv.App.Store.Meetings(ctx, store.MeetingQuery{BodyIDs: []int64{body.ID}, Kind: kind, From: from, To: from.AddDate(0, 1, 0)})
	if err != nil || len(ms) != 1 {
		t.Fatalf("demo %s meetings of %s in %s: %d, %v", kind, body.Kind, from.Format("2006-01"), len(ms), err)
	}
	m, err := srv.App.Store.Meeting(ctx, ms[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// april is the demo's next regular BCH meeting of Mỹ Tho (in BTV review).
func april(t *testing.T, srv *testutil.Server) *model.Meeting {
	return demoMeeting(t, srv, srv.Body(t, "Mỹ Tho", model.BodyCommittee), model.MeetingRegular, testutil.VNAt(2026, time.April, 1, 0))
}

// btvMeeting is the demo's BTV meeting of Mỹ Tho (preparing).
func btvMeeting(t *testing.T, srv *testutil.Server) *model.Meeting {
	t.Helper()
	btv := srv.Body(t, "Mỹ Tho", model.BodyStanding)
	ms, err := srv.App.Store.Meetings(ctx, store.MeetingQuery{BodyIDs: []int64{btv.ID}})
	if err != nil || len(ms) != 1 {
		t.Fatalf("demo BTV meetings: %d, %v", len(ms), err)
	}
	return &ms[0]
}

// create schedules a meeting of Mỹ Tho's BCH as bithu.mytho and fails the
// test on error.
func create(t *testing.T, srv *testutil.Server, in model.MeetingInput) *model.Meeting {
	t.Helper()
	if in.Place == "" {
		in.Place = "Hội trường Đảng ủy phường"
	}
	if in.Kind == "" {
		in.Kind = model.MeetingRegular
	}
	m, err := srv.App.Meetings.Create(ctx, srv.Actor(t, "bithu.mytho"), srv.Body(t, "Mỹ Tho", model.BodyCommittee).ID, in)
	if err != nil {
		t.Fatalf("create %s meeting on %s: %v", in.Kind, in.StartsAt, err)
	}
	return m
}

// walk moves a meeting through states as user, failing the test on error.
func walk(t *testing.T, srv *testutil.Server, user string, id int64, states ...model.MeetingState) {
	t.Helper()
	a := srv.Actor(t, user)
	for _, to := range states {
		if _, err := srv.App.Meetings.Transition(ctx, a, id, to, "lý do"); err != nil {
			t.Fatalf("%s → %s: %v", user, to, err)
		}
	}
}

// stateOf reads a meeting's state from the store.
func stateOf(t *testing.T, srv *testutil.Server, id int64) model.MeetingState {
	t.Helper()
	m, err := srv.App.Store.Meeting(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return m.State
}

// TestStateMachine checks meeting.Next for every (from, to) pair against the
// state machine as the domain describes it, written out here.
func TestStateMachine(t *testing.T) {
	type states = []model.MeetingState
	const (
		draft     = model.StateDraft
		preparing = model.StatePreparing
		review    = model.StateReview
		approved  = model.StateApproved
		convened  = model.StateConvened
		inSession = model.StateInSession
		adjourned = model.StateAdjourned
		signed    = model.StateSigned
		closed    = model.StateClosed
		cancelled = model.StateCancelled
		postponed = model.StatePostponed
	)
	bch := map[model.MeetingState]states{
		draft:     {preparing, cancelled},
		preparing: {review, cancelled, postponed},
		review:    {preparing, approved, cancelled, postponed},
		approved:  {preparing, convened, cancelled, postponed},
		convened:  {inSession, cancelled, postponed},
		inSession: {adjourned},
		adjourned: {signed},
		signed:    {closed},
		postponed: {preparing},
		closed:    nil,
		cancelled: nil,
	}
	btv := map[model.MeetingState]states{
		draft:     {preparing, cancelled},
		preparing: {approved, cancelled, postponed},
		review:    nil, // a BTV meeting never is in review
		approved:  {preparing, convened, cancelled, postponed},
		convened:  {inSession, cancelled, postponed},
		inSession: {adjourned},
		adjourned: {signed},
		signed:    {closed},
		postponed: {preparing},
		closed:    nil,
		cancelled: nil,
	}
	want := map[model.MeetingKind]map[model.MeetingState]states{
		model.MeetingRegular:       bch,
		model.MeetingExtraordinary: bch,
		model.MeetingThematic:      bch,
		model.MeetingStanding:      btv,
	}
	check := func(t *testing.T, kind model.MeetingKind, from model.MeetingState) {
		got := meeting.Next(kind, from)
		for _, to := range model.MeetingStates {
			if g, w := slices.Contains(got, to), slices.Contains(want[kind][from], to); g != w {
				t.Errorf("%s meeting %s → %s: allowed %v, want %v", kind, from, to, g, w)
			}
		}
		for _, to := range got {
			if !slices.Contains(model.MeetingStates, to) {
				t.Errorf("%s meeting %s → unknown state %q", kind, from, to)
			}
		}
	}
	for _, kind := range model.MeetingKinds {
		for _, from := range model.MeetingStates {
			if kind == model.MeetingStanding && from == review {
				continue // below
			}
			check(t, kind, from)
		}
	}
	t.Run("BTV meeting has no way out of review", func(t *testing.T) {
		check(t, model.MeetingStanding, review)
	})
}

// TestTransitions drives a fresh meeting through its life: who may make
// each move, what is refused, and the recorded history.
func TestTransitions(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := testutil.NewServer(t, d)
		svc := srv.App.Meetings
		// The chair is a BTV member who is not a leader, so that the chair's
		// own right to open the meeting is what is tested.
		chair := srv.PersonOf(t, "btv.mytho")
		m := create(t, srv, model.MeetingInput{StartsAt: testutil.VNAt(2026, time.June, 10, 8), ChairID: chair})
		if m.State != model.StateDraft {
			t.Fatalf("a new meeting is %s", m.State)
		}
		if got := svc.Moves(srv.Actor(t, "bithu.mytho"), m); !slices.Equal(got, []model.MeetingState{model.StatePreparing, model.StateCancelled}) {
			t.Errorf("bithu's moves from draft: %v", got)
		}
		for _, user := range []string{"uv.mytho", "btv.mytho", "tinhuy"} {
			if got := svc.Moves(srv.Actor(t, user), m); len(got) != 0 {
				t.Errorf("%s may move a draft meeting to %v", user, got)
			}
		}

		const (
			ok        = ""
			forbidden = "forbidden"
			notFound  = "not found"
		)
		steps := []struct {
			user   string
			to     model.MeetingState
			reason string
			want   string // ok, forbidden, not found, a refusal key or "field:<name>"
		}{
			{"uv.mytho", model.StatePreparing, "", forbidden},
			{"btv.mytho", model.StatePreparing, "", forbidden},
			{"tinhuy", model.StatePreparing, "", forbidden},
			{"bithu.caolanh", model.StatePreparing, "", notFound},
			{"bithu.mytho", model.StateReview, "", "meeting.transition_invalid"},
			{"bithu.mytho", model.StateApproved, "", "meeting.transition_invalid"},
			{"bithu.mytho", model.StatePostponed, "vì sao", "meeting.transition_invalid"},
			{"bithu.mytho", model.StateCancelled, "", "field:reason"},
			{"bithu.mytho", model.StateCancelled, "  \n ", "field:reason"},
			{"vp.mytho", model.StatePreparing, "", ok}, // the office may start the preparation
			{"vp.mytho", model.StateReview, "", forbidden},
			{"btv.mytho", model.StateReview, "", forbidden},
			{"uv.mytho", model.StateReview, "", forbidden},
			{"bithu.mytho", model.StateApproved, "", "meeting.transition_invalid"}, // a BCH meeting goes through review
			{"vp.mytho", model.StatePostponed, "Trùng lịch", forbidden},
			{"bithu.mytho", model.StatePostponed, "", "field:reason"},
			{"pbtt.mytho", model.StateReview, "", ok},
			{"vp.mytho", model.StateApproved, "", forbidden},
			{"bithu.mytho", model.StateApproved, "", ok},
			{"bithu.mytho", model.StateInSession, "", "meeting.transition_invalid"},
			{"btv.mytho", model.StateInSession, "", "meeting.transition_invalid"},
		}
		run := func(steps []struct {
			user   string
			to     model.MeetingState
			reason string
			want   string
		}) {
			t.Helper()
			for i, s := range steps {
				before := stateOf(t, srv, m.ID)
				hist, err := srv.App.Store.Transitions(ctx, m.ID)
				if err != nil {
					t.Fatal(err)
				}
				got, err := svc.Transition(ctx, srv.Actor(t, s.user), m.ID, s.to, s.reason)
				switch {
				case s.want == ok:
					if err != nil {
						t.Fatalf("step %d: %s %s → %s: %v", i, s.user, before, s.to, err)
					}
					if got.State != s.to || stateOf(t, srv, m.ID) != s.to {
						t.Fatalf("step %d: %s → %s left the meeting %s", i, before, s.to, stateOf(t, srv, m.ID))
					}
					continue
				case s.want == forbidden:
					if !errors.Is(err, model.ErrForbidden) {
						t.Errorf("step %d: %s %s → %s: got %v, want forbidden", i, s.user, before, s.to, err)
					}
				case s.want == notFound:
					if !errors.Is(err, model.ErrNotFound) {
						t.Errorf("step %d: %s %s → %s: got %v, want not found", i, s.user, before, s.to, err)
					}
				case len(s.want) > 6 && s.want[:6] == "field:":
					if testutil.FieldOf(err) != s.want[6:] {
						t.Errorf("step %d: %s %s → %s: got %v, want a problem with %s", i, s.user, before, s.to, err, s.want[6:])
					}
				default:
					if testutil.RefusalKey(err) != s.want {
						t.Errorf("step %d: %s %s → %s: got %v, want refusal %s", i, s.user, before, s.to, err, s.want)
					}
				}
				// Refused: nothing changed.
				if after := stateOf(t, srv, m.ID); after != before {
					t.Errorf("step %d: refused move changed the state %s → %s", i, before, after)
				}
				if again, _ := srv.App.Store.Transitions(ctx, m.ID); len(again) != len(hist) {
					t.Errorf("step %d: refused move recorded a transition", i)
				}
			}
		}
		run(steps)

		// Approved: convening happens by sending the papers, so it is not
		// among the moves offered.
		m, err := svc.Get(ctx, srv.Actor(t, "bithu.mytho"), m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got := svc.Moves(srv.Actor(t, "bithu.mytho"), m); !slices.Equal(got, []model.MeetingState{model.StatePreparing, model.StateCancelled, model.StatePostponed}) {
			t.Errorf("bithu's moves from approved: %v", got)
		}
		if got := svc.Moves(srv.Actor(t, "vp.mytho"), m); len(got) != 0 {
			t.Errorf("the office's moves from approved: %v", got)
		}
		srv.Clock.Advance(time.Hour)
		if _, err := srv.App.Drafting.Send(ctx, srv.Actor(t, "vp.mytho"), m.ID); err != nil {
			t.Fatalf("sending the invitation: %v", err)
		}
		if m, err = svc.Get(ctx, srv.Actor(t, "btv.mytho"), m.ID); err != nil {
			t.Fatal(err)
		}
		if m.State != model.StateConvened || m.ConvenedAt == nil || !m.ConvenedAt.Equal(srv.Clock.Now()) {
			t.Fatalf("after sending: %s, convened at %v", m.State, m.ConvenedAt)
		}
		// The chair opens and runs the meeting; the office closes the record.
		if got := svc.Moves(srv.Actor(t, "btv.mytho"), m); !slices.Equal(got, []model.MeetingState{model.StateInSession}) {
			t.Errorf("the chair's moves from convened: %v", got)
		}
		run([]struct {
			user   string
			to     model.MeetingState
			reason string
			want   string
		}{
			{"uv.mytho", model.StateInSession, "", forbidden},
			{"vp.mytho", model.StateInSession, "", forbidden},
			{"btv.mytho", model.StateInSession, "", ok},
			{"btv.mytho", model.StateCancelled, "ốm", "meeting.transition_invalid"},
			{"btv.mytho", model.StateAdjourned, "", ok},
			{"uv.mytho", model.StateSigned, "", forbidden},
			{"btv.mytho", model.StateSigned, "", forbidden}, // only the minutes' signatures sign it
		})
		// The record moves it when both have signed the minutes.
		if m, err := svc.Get(ctx, srv.Actor(t, "btv.mytho"), m.ID); err != nil {
			t.Fatal(err)
		} else if err := svc.Signed(ctx, srv.App.Store, srv.Actor(t, "btv.mytho"), m); err != nil {
			t.Fatalf("signed by the record: %v", err)
		}
		run([]struct {
			user   string
			to     model.MeetingState
			reason string
			want   string
		}{
			{"btv.mytho", model.StateClosed, "", forbidden},
			{"vp.mytho", model.StateClosed, "", ok},
			{"bithu.mytho", model.StateCancelled, "muộn", "meeting.transition_invalid"},
			{"bithu.mytho", model.StatePreparing, "", "meeting.transition_invalid"},
		})

		// The history, with who made each move.
		hist, err := svc.Transitions(ctx, srv.Actor(t, "uv.mytho"), m.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := []struct {
			from, to model.MeetingState
			user     string
		}{
			{"", model.StateDraft, "bithu.mytho"},
			{model.StateDraft, model.StatePreparing, "vp.mytho"},
			{model.StatePreparing, model.StateReview, "pbtt.mytho"},
			{model.StateReview, model.StateApproved, "bithu.mytho"},
			{model.StateApproved, model.StateConvened, "vp.mytho"},
			{model.StateConvened, model.StateInSession, "btv.mytho"},
			{model.StateInSession, model.StateAdjourned, "btv.mytho"},
			{model.StateAdjourned, model.StateSigned, "btv.mytho"},
			{model.StateSigned, model.StateClosed, "vp.mytho"},
		}
		if len(hist) != len(want) {
			t.Fatalf("%d transitions recorded, want %d: %+v", len(hist), len(want), hist)
		}
		for i, w := range want {
			h := hist[i]
			if h.From != w.from || h.To != w.to || h.Username != w.user || h.MeetingID != m.ID {
				t.Errorf("transition %d: %s → %s by %s, want %s → %s by %s", i, h.From, h.To, h.Username, w.from, w.to, w.user)
			}
			if w.user != "" && h.AccountID != srv.Actor(t, w.user).Account.ID {
				t.Errorf("transition %d: account %d, want %s's", i, h.AccountID, w.user)
			}
		}
		if _, err := svc.Transitions(ctx, srv.Actor(t, "bithu.caolanh"), m.ID); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("another commune reads the history: %v", err)
		}

		// Postponing and cancelling need a reason, which is kept.
		x := create(t, srv, model.MeetingInput{Kind: model.MeetingExtraordinary, StartsAt: testutil.VNAt(2026, time.July, 1, 14)})
		walk(t, srv, "bithu.mytho", x.ID, model.StatePreparing)
		if _, err := svc.Transition(ctx, srv.Actor(t, "pbtt.mytho"), x.ID, model.StatePostponed, " Chờ ý kiến cấp trên "); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Transition(ctx, srv.Actor(t, "vp.mytho"), x.ID, model.StatePreparing, ""); !errors.Is(err, model.ErrForbidden) {
			t.Errorf("the office took up a postponed meeting: %v", err)
		}
		walk(t, srv, "pbtt.mytho", x.ID, model.StatePreparing)
		got, err := svc.Transition(ctx, srv.Actor(t, "bithu.mytho"), x.ID, model.StateCancelled, "Không còn cần thiết")
		if err != nil {
			t.Fatal(err)
		}
		if got.State != model.StateCancelled || got.StateReason != "Không còn cần thiết" {
			t.Errorf("cancelled: %s (%q)", got.State, got.StateReason)
		}
		hist, _ = svc.Transitions(ctx, srv.Actor(t, "bithu.mytho"), x.ID)
		if len(hist) != 5 || hist[2].To != model.StatePostponed || hist[2].Reason != "Chờ ý kiến cấp trên" || hist[4].Reason != "Không còn cần thiết" {
			t.Errorf("history of the cancelled meeting: %+v", hist)
		}
		if len(meeting.Next(model.MeetingExtraordinary, got.State)) != 0 {
			t.Error("a cancelled meeting may still move")
		}

		// A BTV meeting goes from preparing straight to approved.
		b := btvMeeting(t, srv)
		if _, err := svc.Transition(ctx, srv.Actor(t, "btv.mytho"), b.ID, model.StateApproved, ""); !errors.Is(err, model.ErrForbidden) {
			t.Errorf("a BTV member approved the BTV meeting: %v", err)
		}
		if _, err := svc.Transition(ctx, srv.Actor(t, "bithu.mytho"), b.ID, model.StateReview, ""); testutil.RefusalKey(err) != "meeting.transition_invalid" {
			t.Errorf("a BTV meeting went to review: %v", err)
		}
		walk(t, srv, "bithu.mytho", b.ID, model.StateApproved)
	})
}

// TestConveningOnlyBySending: a meeting is convened by sending its papers
// (Drafting.Send records the circulation and releases the papers); moving
// it to convened by hand would skip both.
func TestConveningOnlyBySending(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := testutil.NewServer(t, d)
		m := create(t, srv, model.MeetingInput{StartsAt: testutil.VNAt(2026, time.June, 10, 8)})
		walk(t, srv, "bithu.mytho", m.ID, model.StatePreparing, model.StateReview, model.StateApproved)
		if _, err := srv.App.Meetings.Transition(ctx, srv.Actor(t, "bithu.mytho"), m.ID, model.StateConvened, ""); err == nil {
			t.Error("a meeting was convened without sending its invitation")
		}
		if s := stateOf(t, srv, m.ID); s != model.StateApproved {
			t.Errorf("the meeting is %s", s)
		}
		if cs, _ := srv.App.Store.Circulations(ctx, m.ID); len(cs) != 0 {
			t.Errorf("%d circulations", len(cs))
		}
	})
}

// TestMeetingValidation covers what Create and Update refuse, and that a
// refusal writes nothing.
func TestMeetingValidation(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := testutil.NewServer(t, d)
		svc := srv.App.Meetings
		bch := srv.Body(t, "Mỹ Tho", model.BodyCommittee)
		office := srv.PersonOf(t, "vp.mytho")
		caolanhBCH := srv.Body(t, "Cao Lãnh", model.BodyCommittee)
		outsiders, err := srv.App.Org.Members(ctx, auth.System(), caolanhBCH.ID, false)
		if err != nil || len(outsiders) == 0 {
			t.Fatalf("Cao Lãnh BCH: %v", err)
		}
		outsider := outsiders[0].PersonID
		june := testutil.VNAt(2026, time.June, 10, 8)
		count := func() int {
			ms, err := srv.App.Store.Meetings(ctx, store.MeetingQuery{BodyIDs: []int64{bch.ID}})
			if err != nil {
				t.Fatal(err)
			}
			return len(ms)
		}

		const (
			forbidden = "forbidden"
			notFound  = "not found"
		)
		cases := []struct {
			name  string
			user  string
			in    model.MeetingInput
			field string // the first field with a problem
			key   string // its message key, or the refusal's
			err   string // forbidden, not found
		}{
			{name: "in the past", in: model.MeetingInput{StartsAt: testutil.DemoNow.Add(-time.Minute)}, field: "starts_at", key: "meeting.in_past"},
			{name: "right now", in: model.MeetingInput{StartsAt: testutil.DemoNow}, field: "starts_at", key: "meeting.in_past"},
			{name: "no date", in: model.MeetingInput{}, field: "starts_at", key: "field.required"},
			{name: "no place", in: model.MeetingInput{StartsAt: june, Place: " \t"}, field: "place", key: "field.required"},
			{name: "second regular meeting in April", in: model.MeetingInput{StartsAt: testutil.VNAt(2026, time.April, 22, 8)}, key: "meeting.month_taken"},
			{name: "second regular meeting, last evening of April", in: model.MeetingInput{StartsAt: testutil.VNAt(2026, time.April, 30, 23)}, key: "meeting.month_taken"},
			{name: "BTV kind on the BCH", in: model.MeetingInput{Kind: model.MeetingStanding, StartsAt: june}, field: "kind", key: "meeting.kind_body"},
			{name: "unknown kind", in: model.MeetingInput{Kind: "weekly", StartsAt: june}, field: "kind", key: "meeting.kind_invalid"},
			{name: "chair outside the BCH", in: model.MeetingInput{StartsAt: june, ChairID: office}, field: "chair_id", key: "meeting.not_member"},
			{name: "secretary outside the BCH", in: model.MeetingInput{StartsAt: june, SecretaryID: office}, field: "secretary_id", key: "meeting.not_member"},
			{name: "guest of another commune", in: model.MeetingInput{StartsAt: june, GuestIDs: []int64{outsider}}, field: "guest_ids", key: "meeting.guest_other_org"},
			{name: "unknown guest", in: model.MeetingInput{StartsAt: june, GuestIDs: []int64{1 << 40}}, field: "guest_ids", key: "meeting.guest_other_org"},
			{name: "title too long", in: model.MeetingInput{StartsAt: june, Title: strings.Repeat("ă", 201)}, field: "title", key: "field.too_long"},
			{name: "by a committee member", user: "uv.mytho", in: model.MeetingInput{StartsAt: june}, err: forbidden},
			{name: "by a BTV member", user: "btv.mytho", in: model.MeetingInput{StartsAt: june}, err: forbidden},
			{name: "by the province", user: "tinhuy", in: model.MeetingInput{StartsAt: june}, err: forbidden},
			{name: "by another commune", user: "bithu.caolanh", in: model.MeetingInput{StartsAt: june}, err: notFound},
		}
		for _, c := range cases {
			user := c.user
			if user == "" {
				user = "bithu.mytho"
			}
			in := c.in
			if in.Kind == "" {
				in.Kind = model.MeetingRegular
			}
			if in.Place == "" {
				in.Place = "Hội trường"
			}
			before := count()
			_, err := svc.Create(ctx, srv.Actor(t, user), bch.ID, in)
			switch {
			case c.err == forbidden:
				if !errors.Is(err, model.ErrForbidden) {
					t.Errorf("%s: got %v, want forbidden", c.name, err)
				}
			case c.err == notFound:
				if !errors.Is(err, model.ErrNotFound) {
					t.Errorf("%s: got %v, want not found", c.name, err)
				}
			case c.field != "":
				if testutil.FieldOf(err) != c.field || testutil.FieldKey(err) != c.key {
					t.Errorf("%s: got %v, want %s on %s", c.name, err, c.key, c.field)
				}
			default:
				if testutil.RefusalKey(err) != c.key {
					t.Errorf("%s: got %v, want refusal %s", c.name, err, c.key)
				}
			}
			if after := count(); after != before {
				t.Errorf("%s: refused, yet %d meetings were added", c.name, after-before)
			}
		}

		// What is allowed: an extraordinary meeting in April, a regular one
		// in June by the office, with the Bí thư as chair and a guest.
		x := create(t, srv, model.MeetingInput{Kind: model.MeetingExtraordinary, StartsAt: testutil.VNAt(2026, time.April, 22, 8)})
		if x.Month != "2026-04" || x.Title != "Hội nghị Ban Chấp hành (bất thường) "+srv.Commune(t, "Mỹ Tho").Name+" "+vntext.MonthYear(x.StartsAt) {
			t.Errorf("extraordinary meeting: month %s, title %q", x.Month, x.Title)
		}
		// The month is Vietnam's: 23:30 on 31 May UTC is already June there.
		m, err := svc.Create(ctx, srv.Actor(t, "vp.mytho"), bch.ID, model.MeetingInput{Kind: model.MeetingRegular,
			StartsAt: time.Date(2026, time.May, 31, 23, 30, 0, 0, time.UTC), Place: "  Hội trường   A ",
			ChairID: srv.PersonOf(t, "bithu.mytho"), SecretaryID: srv.PersonOf(t, "uv.mytho"), GuestIDs: []int64{office},
			Guests: []string{" Đại diện Ban Tổ chức Tỉnh ủy ", ""}})
		if err != nil {
			t.Fatal(err)
		}
		if m.Month != "2026-06" || m.Place != "Hội trường A" || !slices.Equal(m.Guests, []string{"Đại diện Ban Tổ chức Tỉnh ủy"}) || m.Version != 1 {
			t.Errorf("created: month %s, place %q, guests %q, version %d", m.Month, m.Place, m.Guests, m.Version)
		}
		if g, _ := srv.App.Store.IsGuest(ctx, m.ID, office); !g {
			t.Error("the invited person is not a guest")
		}
		if _, err := svc.Create(ctx, srv.Actor(t, "bithu.mytho"), bch.ID, model.MeetingInput{Kind: model.MeetingRegular,
			StartsAt: testutil.VNAt(2026, time.June, 25, 8), Place: "x"}); testutil.RefusalKey(err) != "meeting.month_taken" {
			t.Errorf("a second regular meeting in June: %v", err)
		}

		// Update: with the current version only, while still editable.
		in := model.MeetingInput{StartsAt: m.StartsAt, Place: "Phòng họp số 2", ChairID: m.ChairID, SecretaryID: m.SecretaryID,
			GuestIDs: []int64{office}, Version: m.Version + 1}
		if _, err := svc.Update(ctx, srv.Actor(t, "bithu.mytho"), m.ID, in); testutil.RefusalKey(err) != "meeting.stale" {
			t.Errorf("update with a version from the future: %v", err)
		}
		in.Version = 0
		if _, err := svc.Update(ctx, srv.Actor(t, "bithu.mytho"), m.ID, in); testutil.RefusalKey(err) != "meeting.stale" {
			t.Errorf("update without a version: %v", err)
		}
		if got, _ := srv.App.Store.Meeting(ctx, m.ID); got.Place != "Hội trường A" || got.Version != 1 {
			t.Errorf("a stale update changed the meeting: %q v%d", got.Place, got.Version)
		}
		in.Version = m.Version
		in.Kind = model.MeetingStanding // ignored: the kind stays
		u, err := svc.Update(ctx, srv.Actor(t, "bithu.mytho"), m.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		if u.Place != "Phòng họp số 2" || u.Version != 2 || u.Kind != model.MeetingRegular {
			t.Errorf("updated: %q v%d %s", u.Place, u.Version, u.Kind)
		}
		if _, err := svc.Update(ctx, srv.Actor(t, "bithu.mytho"), m.ID, in); testutil.RefusalKey(err) != "meeting.stale" {
			t.Errorf("the same version twice: %v", err)
		}
		in.Version = u.Version
		for _, c := range []struct {
			name  string
			user  string
			edit  func(*model.MeetingInput)
			check func(error) bool
		}{
			{"move into April", "bithu.mytho", func(in *model.MeetingInput) { in.StartsAt = testutil.VNAt(2026, time.April, 20, 8) },
				func(err error) bool { return testutil.RefusalKey(err) == "meeting.month_taken" }},
			{"move into the past", "bithu.mytho", func(in *model.MeetingInput) { in.StartsAt = testutil.DemoNow.Add(-time.Hour) },
				func(err error) bool { return testutil.FieldKey(err) == "meeting.in_past" }},
			{"chair from the office", "bithu.mytho", func(in *model.MeetingInput) { in.ChairID = office },
				func(err error) bool { return testutil.FieldOf(err) == "chair_id" }},
			{"by a committee member", "uv.mytho", func(*model.MeetingInput) {}, func(err error) bool { return errors.Is(err, model.ErrForbidden) }},
			{"by another commune", "bithu.caolanh", func(*model.MeetingInput) {}, func(err error) bool { return errors.Is(err, model.ErrNotFound) }},
		} {
			in := in
			c.edit(&in)
			if _, err := svc.Update(ctx, srv.Actor(t, c.user), m.ID, in); !c.check(err) {
				t.Errorf("update, %s: %v", c.name, err)
			}
			if got, _ := srv.App.Store.Meeting(ctx, m.ID); got.Version != u.Version || !got.StartsAt.Equal(u.StartsAt) || got.ChairID != u.ChairID {
				t.Errorf("update, %s: refused, yet the meeting changed", c.name)
			}
		}

		// Approved: the details are locked.
		walk(t, srv, "bithu.mytho", m.ID, model.StatePreparing, model.StateReview, model.StateApproved)
		cur, _ := svc.Get(ctx, srv.Actor(t, "bithu.mytho"), m.ID)
		in.Version = cur.Version
		in.Place = "Nơi khác"
		if _, err := svc.Update(ctx, srv.Actor(t, "bithu.mytho"), m.ID, in); testutil.RefusalKey(err) != "meeting.locked" {
			t.Errorf("update after approval: %v", err)
		}
		if got, _ := srv.App.Store.Meeting(ctx, m.ID); got.Place != "Phòng họp số 2" {
			t.Errorf("a locked meeting changed: %q", got.Place)
		}
	})
}

// TestDemoMeetingEditable: the demo's next BCH meeting can be edited
// without changing anything else.
func TestDemoMeetingEditable(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := testutil.NewServer(t, d)
		m := april(t, srv)
		_, err := srv.App.Meetings.Update(ctx, srv.Actor(t, "bithu.mytho"), m.ID, model.MeetingInput{Title: m.Title,
			Place: m.Place, StartsAt: m.StartsAt, ChairID: m.ChairID, SecretaryID: m.SecretaryID, Guests: m.Guests, Version: m.Version})
		if err != nil {
			t.Errorf("editing the demo's April meeting as it is: %v", err)
		}
	})
}

// TestProgram covers the monthly template, the required areas, the review
// item, reordering, copying the last meeting's program and the lock.
func TestProgram(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := testutil.NewServer(t, d)
		svc := srv.App.Meetings
		bithu := srv.Actor(t, "bithu.mytho")
		m := create(t, srv, model.MeetingInput{StartsAt: testutil.VNAt(2026, time.June, 10, 8), ChairID: bithu.Account.PersonID})
		items := func() *meeting.Program {
			t.Helper()
			p, err := svc.Program(ctx, bithu, m.ID)
			if err != nil {
				t.Fatal(err)
			}
			return p
		}
		titles := func(p *meeting.Program) []string {
			var out []string
			for _, it := range p.Items {
				out = append(out, it.Title)
			}
			return out
		}

		p := items()
		if len(p.Items) != 0 || !slices.Equal(p.Missing, model.Areas) {
			t.Fatalf("empty program: %d items, missing %v", len(p.Items), p.Missing)
		}
		if err := svc.ApplyTemplate(ctx, srv.Actor(t, "uv.mytho"), m.ID); !errors.Is(err, model.ErrForbidden) {
			t.Errorf("a committee member applied the template: %v", err)
		}
		if err := svc.ApplyTemplate(ctx, bithu, m.ID); err != nil {
			t.Fatal(err)
		}
		p = items()
		if len(p.Items) < 3 || len(p.Missing) != 0 {
			t.Fatalf("template: %d items, missing %v", len(p.Items), p.Missing)
		}
		if p.Items[1].Source != model.SourceReview {
			t.Errorf("the second item is %q (source %q), want the review of earlier meetings", p.Items[1].Title, p.Items[1].Source)
		}
		for i, it := range p.Items {
			if it.Source == model.SourceReview && i != 1 {
				t.Errorf("another review item at %d", i)
			}
			if it.Position != i+1 {
				t.Errorf("item %d has position %d", i, it.Position)
			}
		}
		if p.Items[0].PresenterID != bithu.Account.PersonID {
			t.Errorf("the chair does not open the meeting: presenter %d", p.Items[0].PresenterID)
		}
		total := 0
		for _, it := range p.Items {
			total += it.Minutes
		}
		if p.Minutes != total || total == 0 {
			t.Errorf("program minutes %d, items add up to %d", p.Minutes, total)
		}
		template := titles(p)

		if err := svc.ApplyTemplate(ctx, bithu, m.ID); testutil.RefusalKey(err) != "program.not_empty" {
			t.Errorf("template twice: %v", err)
		}
		if err := svc.CopyLast(ctx, bithu, m.ID); testutil.RefusalKey(err) != "program.not_empty" {
			t.Errorf("copy onto a program: %v", err)
		}
		if !slices.Equal(titles(items()), template) {
			t.Error("a refused template changed the program")
		}
		if err := svc.DeleteItem(ctx, bithu, p.Items[1].ID); testutil.RefusalKey(err) != "item.review_stays" {
			t.Errorf("deleting the review item: %v", err)
		}
		if err := svc.DeleteItem(ctx, srv.Actor(t, "uv.mytho"), p.Items[2].ID); !errors.Is(err, model.ErrForbidden) {
			t.Errorf("a committee member deleted an item: %v", err)
		}
		if err := svc.DeleteItem(ctx, srv.Actor(t, "bithu.caolanh"), p.Items[2].ID); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("another commune deleted an item: %v", err)
		}
		inspection := -1
		for i, it := range p.Items {
			if slices.Contains(it.Areas, model.AreaInspection) {
				inspection = i
			}
		}
		if inspection < 0 {
			t.Fatal("no item covers inspection")
		}
		if err := svc.DeleteItem(ctx, srv.Actor(t, "vp.mytho"), p.Items[inspection].ID); err != nil {
			t.Fatal(err)
		}
		p = items()
		if len(p.Items) != len(template)-1 || !slices.Equal(p.Missing, []model.Area{model.AreaInspection}) {
			t.Errorf("after deleting the inspection item: %d items, missing %v", len(p.Items), p.Missing)
		}
		want := slices.Delete(slices.Clone(template), inspection, inspection+1)
		if !slices.Equal(titles(p), want) {
			t.Errorf("after deleting: %q", titles(p))
		}

		// Moving up and down.
		third := p.Items[2]
		if err := svc.MoveItem(ctx, bithu, third.ID, -1); err != nil {
			t.Fatal(err)
		}
		p = items()
		if p.Items[1].ID != third.ID || p.Items[2].Source != model.SourceReview {
			t.Errorf("moved up: %q", titles(p))
		}
		if err := svc.MoveItem(ctx, bithu, third.ID, +1); err != nil {
			t.Fatal(err)
		}
		if p = items(); !slices.Equal(titles(p), want) {
			t.Errorf("moved back down: %q", titles(p))
		}
		first, last := p.Items[0], p.Items[len(p.Items)-1]
		if err := svc.MoveItem(ctx, bithu, first.ID, -1); err != nil {
			t.Errorf("moving the first item up: %v", err)
		}
		if err := svc.MoveItem(ctx, bithu, last.ID, +1); err != nil {
			t.Errorf("moving the last item down: %v", err)
		}
		if p = items(); !slices.Equal(titles(p), want) {
			t.Errorf("moving the ends out changed the order: %q", titles(p))
		}
		if err := svc.MoveItem(ctx, srv.Actor(t, "uv.mytho"), last.ID, -1); !errors.Is(err, model.ErrForbidden) {
			t.Errorf("a committee member moved an item: %v", err)
		}

		// Adding items.
		for _, c := range []struct {
			name  string
			in    model.ItemInput
			field string
		}{
			{"unknown area", model.ItemInput{Title: "Công tác dân vận", Kind: model.ItemReport, Minutes: 10, Areas: []model.Area{"mass_mobilisation"}}, "areas"},
			{"no title", model.ItemInput{Kind: model.ItemReport, Minutes: 10}, "title"},
			{"unknown kind", model.ItemInput{Title: "Khác", Kind: "speech", Minutes: 10}, "kind"},
			{"negative minutes", model.ItemInput{Title: "Khác", Kind: model.ItemReport, Minutes: -5}, "minutes"},
			{"presenter of another commune", model.ItemInput{Title: "Khác", Kind: model.ItemReport, Minutes: 5,
				PresenterID: srv.PersonOf(t, "bithu.caolanh")}, "presenter_id"},
		} {
			if _, err := svc.AddItem(ctx, bithu, m.ID, c.in); testutil.FieldOf(err) != c.field {
				t.Errorf("add item, %s: %v, want a problem with %s", c.name, err, c.field)
			}
		}
		if p = items(); len(p.Items) != len(want) {
			t.Errorf("refused items were added: %d", len(p.Items))
		}
		it, err := svc.AddItem(ctx, bithu, m.ID, model.ItemInput{Title: "Công tác kiểm tra, giám sát", Kind: model.ItemReport, Minutes: 15,
			Areas: []model.Area{model.AreaInspection, model.AreaInspection}, Notes: "Ủy ban Kiểm tra báo cáo"})
		if err != nil {
			t.Fatal(err)
		}
		p = items()
		if p.Items[len(p.Items)-1].ID != it.ID || len(p.Missing) != 0 || !slices.Equal(p.Items[len(p.Items)-1].Areas, []model.Area{model.AreaInspection}) {
			t.Errorf("added item: last is %q %v, missing %v", p.Items[len(p.Items)-1].Title, p.Items[len(p.Items)-1].Areas, p.Missing)
		}
		review := p.Items[1]
		if _, err := svc.UpdateItem(ctx, bithu, review.ID, model.ItemInput{Title: review.Title, Kind: review.Kind, Minutes: review.Minutes,
			Areas: review.Areas, Notes: "Đã hoàn thành 8/10 chỉ tiêu"}); err != nil {
			t.Fatal(err)
		}
		june := items()

		// Copying: July's meeting takes June's program, the review item
		// without its notes (they are written anew).
		july := create(t, srv, model.MeetingInput{StartsAt: testutil.VNAt(2026, time.July, 8, 8)})
		if err := svc.CopyLast(ctx, srv.Actor(t, "vp.mytho"), july.ID); err != nil {
			t.Fatal(err)
		}
		copied, err := svc.Program(ctx, bithu, july.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(titles(copied), titles(june)) || len(copied.Missing) != 0 {
			t.Fatalf("copied %q, want %q", titles(copied), titles(june))
		}
		for i, c := range copied.Items {
			o := june.Items[i]
			if c.ID == o.ID || c.MeetingID != july.ID || c.Kind != o.Kind || c.Minutes != o.Minutes || !slices.Equal(c.Areas, o.Areas) || c.Source != o.Source {
				t.Errorf("copied item %d: %+v, from %+v", i, c, o)
			}
			switch {
			case c.Source == model.SourceReview && c.Notes != "":
				t.Errorf("the review item's notes came over: %q", c.Notes)
			case c.Source != model.SourceReview && c.Notes != o.Notes:
				t.Errorf("item %d notes %q, want %q", i, c.Notes, o.Notes)
			}
		}
		// May's (once created) comes from the demo's April meeting.
		may := create(t, srv, model.MeetingInput{StartsAt: testutil.VNAt(2026, time.May, 11, 8)})
		if err := svc.CopyLast(ctx, bithu, may.ID); err != nil {
			t.Fatal(err)
		}
		aprilProgram, err := svc.Program(ctx, bithu, april(t, srv).ID)
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := svc.Program(ctx, bithu, may.ID); !slices.Equal(titles(got), titles(aprilProgram)) {
			t.Errorf("May copied %q", titles(got))
		}

		// Approved: the program is locked.
		walk(t, srv, "bithu.mytho", m.ID, model.StatePreparing, model.StateReview, model.StateApproved)
		if _, err := svc.AddItem(ctx, bithu, m.ID, model.ItemInput{Title: "Muộn", Kind: model.ItemInformation, Minutes: 5}); testutil.RefusalKey(err) != "meeting.locked" {
			t.Errorf("adding to an approved program: %v", err)
		}
		if err := svc.DeleteItem(ctx, bithu, it.ID); testutil.RefusalKey(err) != "meeting.locked" {
			t.Errorf("deleting from an approved program: %v", err)
		}
		if err := svc.MoveItem(ctx, bithu, it.ID, -1); testutil.RefusalKey(err) != "meeting.locked" {
			t.Errorf("moving in an approved program: %v", err)
		}
		if got := items(); !slices.Equal(titles(got), titles(june)) {
			t.Errorf("a locked program changed: %q", titles(got))
		}
	})
}

// TestProposeRegularAndCalendar: the next regular meeting is proposed after
// the last scheduled one; the calendar flags months without one.
func TestProposeRegularAndCalendar(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := testutil.NewServer(t, d)
		svc := srv.App.Meetings
		bithu := srv.Actor(t, "bithu.mytho")
		bch := srv.Body(t, "Mỹ Tho", model.BodyCommittee)
		loc := vntext.Location()
		apr := april(t, srv)

		check := func(in *model.MeetingInput, month time.Month) {
			t.Helper()
			at := in.StartsAt.In(loc)
			if at.Year() != 2026 || at.Month() != month || at.Hour() != 8 || at.Minute() != 0 {
				t.Errorf("proposed %s, want 08:00 in %s 2026", at, month)
			}
			if wd := at.Weekday(); wd == time.Saturday || wd == time.Sunday {
				t.Errorf("proposed a %s", wd)
			}
			if in.Kind != model.MeetingRegular || in.ChairID != bithu.Account.PersonID || in.Place == "" {
				t.Errorf("proposed kind %s, chair %d, place %q", in.Kind, in.ChairID, in.Place)
			}
		}
		in, err := svc.ProposeRegular(ctx, bithu, bch.ID)
		if err != nil {
			t.Fatal(err)
		}
		check(in, apr.StartsAt.In(loc).Month()+1)
		if got := in.StartsAt.In(loc).Day(); got != apr.StartsAt.In(loc).Day() && in.StartsAt.In(loc).Weekday() != time.Monday {
			t.Errorf("proposed the %d, April's meeting is on the %d", got, apr.StartsAt.In(loc).Day())
		}
		// The proposal is a valid meeting; the next proposal is the month after.
		may, err := svc.Create(ctx, bithu, bch.ID, *in)
		if err != nil {
			t.Fatalf("creating the proposed meeting: %v", err)
		}
		in2, err := svc.ProposeRegular(ctx, srv.Actor(t, "vp.mytho"), bch.ID)
		if err != nil {
			t.Fatal(err)
		}
		check(in2, time.June)
		if _, err := svc.ProposeRegular(ctx, srv.Actor(t, "bithu.caolanh"), bch.ID); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("another commune proposes Mỹ Tho's meeting: %v", err)
		}

		months := func() map[string]meeting.Month {
			t.Helper()
			_, ms, err := svc.Calendar(ctx, srv.Actor(t, "uv.mytho"), bch.ID, testutil.VNAt(2025, time.September, 1, 0), 12)
			if err != nil {
				t.Fatal(err)
			}
			out := map[string]meeting.Month{}
			for _, m := range ms {
				out[m.Start.Format("2006-01")] = m
			}
			return out
		}
		cal := months()
		for _, c := range []struct {
			month   string
			missing bool
			past    bool
		}{
			{"2025-09", false, true}, {"2025-12", false, true}, {"2026-02", false, true},
			{"2026-04", false, false}, {"2026-05", false, false}, {"2026-06", true, false}, {"2026-08", true, false},
		} {
			m, ok := cal[c.month]
			if !ok {
				t.Errorf("no month %s in the calendar", c.month)
				continue
			}
			if m.Missing != c.missing || m.Past != c.past {
				t.Errorf("%s: missing %v, past %v; want %v, %v (%d meetings)", c.month, m.Missing, m.Past, c.missing, c.past, len(m.Meetings))
			}
		}
		if ms := cal["2026-04"].Meetings; len(ms) != 1 || ms[0].ID != apr.ID {
			t.Errorf("April's meetings: %+v", ms)
		}
		// An extraordinary meeting does not fill a month; a cancelled regular
		// one leaves it empty again, and the proposal goes back to it.
		create(t, srv, model.MeetingInput{Kind: model.MeetingExtraordinary, StartsAt: testutil.VNAt(2026, time.June, 3, 8)})
		walk(t, srv, "bithu.mytho", may.ID, model.StateCancelled)
		cal = months()
		if !cal["2026-06"].Missing || len(cal["2026-06"].Meetings) != 1 {
			t.Errorf("June with an extraordinary meeting: missing %v", cal["2026-06"].Missing)
		}
		if !cal["2026-05"].Missing {
			t.Error("May with a cancelled regular meeting is not flagged")
		}
		in3, err := svc.ProposeRegular(ctx, bithu, bch.ID)
		if err != nil {
			t.Fatal(err)
		}
		check(in3, time.May)
		// A second regular meeting may take the cancelled one's month.
		if _, err := svc.Create(ctx, bithu, bch.ID, *in3); err != nil {
			t.Errorf("rescheduling May after cancelling: %v", err)
		}

		// The BTV holds no monthly meeting: nothing is flagged.
		_, ms, err := svc.Calendar(ctx, bithu, srv.Body(t, "Mỹ Tho", model.BodyStanding).ID, testutil.VNAt(2026, time.January, 1, 0), 6)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ms {
			if m.Missing {
				t.Errorf("BTV calendar flags %s", m.Start.Format("2006-01"))
			}
		}
	})
}

// TestVisibility: a BTV meeting is for the BTV, the office and the province;
// a BCH meeting for the commune; another commune sees neither.
func TestVisibility(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := testutil.NewServer(t, d)
		svc := srv.App.Meetings
		btvM, bchM := btvMeeting(t, srv), april(t, srv)
		btvBody := srv.Body(t, "Mỹ Tho", model.BodyStanding)
		cases := []struct {
			user     string
			btv, bch bool
		}{
			{"admin", true, true},
			{"tinhuy", true, true},
			{"bithu.mytho", true, true},
			{"pbtt.mytho", true, true},
			{"btv.mytho", true, true},
			{"vp.mytho", true, true},
			{"uv.mytho", false, true},
			{"bithu.caolanh", false, false},
		}
		for _, c := range cases {
			a := srv.Actor(t, c.user)
			for _, x := range []struct {
				m    *model.Meeting
				sees bool
			}{{btvM, c.btv}, {bchM, c.bch}} {
				m, err := svc.Get(ctx, a, x.m.ID)
				_, perr := svc.Program(ctx, a, x.m.ID)
				_, terr := svc.Transitions(ctx, a, x.m.ID)
				for _, e := range []error{err, perr, terr} {
					switch {
					case x.sees && e != nil:
						t.Errorf("%s should see meeting %q: %v", c.user, x.m.Title, e)
					case !x.sees && !errors.Is(e, model.ErrNotFound):
						t.Errorf("%s must get not found for meeting %q, got %v", c.user, x.m.Title, e)
					}
				}
				if x.sees && err == nil && (m.Chair == nil || m.Chair.ID != m.ChairID) {
					t.Errorf("%s: the chair is not filled in", c.user)
				}
			}
			_, _, err := svc.Calendar(ctx, a, btvBody.ID, testutil.DemoNow, 3)
			if c.btv != (err == nil) || (!c.btv && !errors.Is(err, model.ErrNotFound)) {
				t.Errorf("%s, BTV calendar: %v", c.user, err)
			}
			if !c.btv {
				if _, err := svc.Transition(ctx, a, btvM.ID, model.StateApproved, ""); !errors.Is(err, model.ErrNotFound) {
					t.Errorf("%s moved a BTV meeting it cannot see: %v", c.user, err)
				}
			}
		}
		if s := stateOf(t, srv, btvM.ID); s != model.StatePreparing {
			t.Fatalf("the BTV meeting moved to %s", s)
		}
		// The commune's meetings as listed for a committee member: no BTV meeting.
		bodies, err := srv.App.Store.Bodies(ctx, srv.Commune(t, "Mỹ Tho").ID)
		if err != nil {
			t.Fatal(err)
		}
		for i := range bodies {
			bodies[i].Org = srv.Commune(t, "Mỹ Tho")
		}
		for _, c := range []struct {
			user string
			btv  bool
		}{{"uv.mytho", false}, {"btv.mytho", true}, {"vp.mytho", true}} {
			ms, err := svc.OfBodies(ctx, srv.Actor(t, c.user), bodies, 0)
			if err != nil {
				t.Fatal(err)
			}
			has := slices.ContainsFunc(ms, func(m model.Meeting) bool { return m.ID == btvM.ID })
			if has != c.btv || !slices.ContainsFunc(ms, func(m model.Meeting) bool { return m.ID == bchM.ID }) {
				t.Errorf("%s lists the BTV meeting: %v (want %v), %d meetings", c.user, has, c.btv, len(ms))
			}
		}
	})
}

// TestChairAndSecretary: the chair and the meeting's secretary sign the
// minutes together, so they are two people; Get fills in both.
func TestChairAndSecretary(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := testutil.NewServer(t, d)
		bithu, uv := srv.PersonOf(t, "bithu.mytho"), srv.PersonOf(t, "uv.mytho")
		_, err := srv.App.Meetings.Create(ctx, srv.Actor(t, "bithu.mytho"), srv.Body(t, "Mỹ Tho", model.BodyCommittee).ID,
			model.MeetingInput{Kind: model.MeetingRegular, Place: "Hội trường", StartsAt: testutil.VNAt(2026, time.June, 10, 8), ChairID: bithu, SecretaryID: bithu})
		if testutil.FieldOf(err) != "secretary_id" {
			t.Fatalf("the same person as chair and secretary: %v", err)
		}
		m := create(t, srv, model.MeetingInput{StartsAt: testutil.VNAt(2026, time.June, 10, 8), ChairID: bithu, SecretaryID: uv})
		got, err := srv.App.Meetings.Get(ctx, srv.Actor(t, "uv.mytho"), m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Chair == nil || got.Secretary == nil || got.Chair.ID != bithu || got.Secretary.ID != uv {
			t.Errorf("chair %v, secretary %v", got.Chair, got.Secretary)
		}
	})
}
