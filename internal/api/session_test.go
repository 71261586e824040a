package api_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"nghisu/internal/api"
	"nghisu/internal/app"
	"nghisu/internal/config"
	"nghisu/internal/db"
	"nghisu/internal/model"
	"nghisu/internal/session"
	"nghisu/internal/store"
	"nghisu/internal/testutil"
)

// sseEvent is one event read off a stream.
type sseEvent struct {
	ID, Kind string
	Data     json.RawMessage
}

// stream is an open event stream of a meeting.
type stream struct {
	resp   *http.Response
	events chan sseEvent
}

// openStream connects to a meeting's events on base (an instance's URL)
// with a token, from the event id after (-1: from now on).
func openStream(t *testing.T, base, token string, meetingID int64, after int64) *stream {
	t.Helper()
	u := fmt.Sprintf("%s/api/v1/meetings/%d/events", base, meetingID)
	if after >= 0 {
		u += fmt.Sprintf("?last=%d", after)
	}
	req, _ := http.NewRequest("GET", u, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	s := &stream{resp: resp, events: make(chan sseEvent, 100)}
	t.Cleanup(func() { resp.Body.Close() })
	if resp.StatusCode != 200 {
		return s
	}
	go func() {
		defer close(s.events)
		sc := bufio.NewScanner(resp.Body)
		var ev sseEvent
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "":
				if ev.Kind != "" {
					s.events <- ev
				}
				ev = sseEvent{}
			case strings.HasPrefix(line, "id: "):
				ev.ID = strings.TrimPrefix(line, "id: ")
			case strings.HasPrefix(line, "event: "):
				ev.Kind = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				ev.Data = json.RawMessage(strings.TrimPrefix(line, "data: "))
			}
		}
	}()
	return s
}

// next waits for the first event of kind that satisfies ok.
func (s *stream) next(t *testing.T, kind string, ok func(json.RawMessage) bool) sseEvent {
	t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		select {
		case ev, open := <-s.events:
			if !open {
				t.Fatalf("stream ended before a %s event", kind)
			}
			if ev.Kind == kind && ok(ev.Data) {
				return ev
			}
		case <-timeout:
			t.Fatalf("no %s event within 10 s", kind)
		}
	}
}

func pollIs(id int64, voted int, state model.PollState) func(json.RawMessage) bool {
	return func(raw json.RawMessage) bool {
		var v session.PollView
		return json.Unmarshal(raw, &v) == nil && v.ID == id && v.Voted == voted && v.State == state
	}
}

// todays finds the demo's meeting of today (convened) and records the
// first n incumbent members of its body present, these users first.
func todays(t *testing.T, srv *testutil.Server, n int, users ...string) *model.Meeting {
	t.Helper()
	bch := srv.Body(t, "Mỹ Tho", model.BodyCommittee)
	ms, err := srv.App.Store.Meetings(ctx, store.MeetingQuery{BodyIDs: []int64{bch.ID}, Kind: model.MeetingThematic})
	if err != nil || len(ms) != 1 {
		t.Fatalf("the demo's meeting of today: %v", err)
	}
	here := map[int64]bool{}
	for _, u := range users {
		here[srv.PersonOf(t, u)] = true
	}
	members, err := srv.App.Store.BodyMembers(ctx, bch.ID, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range members {
		if len(here) < n && m.Status == model.StatusIncumbent {
			here[m.PersonID] = true
		}
	}
	chair := srv.Actor(t, "bithu.mytho")
	for p := range here {
		if err := srv.App.Session.RecordAttendance(ctx, chair, ms[0].ID, p, model.AttendanceInput{Status: model.AttendPresent}); err != nil {
			t.Fatal(err)
		}
	}
	return &ms[0]
}

// A meeting run through the API as a room system would: open, vote, close,
// with the stream of events; another commune sees none of it.
func TestSessionThroughAPI(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := testutil.NewServer(t, d)
		chair := newClient(t, srv, "bithu.mytho")
		uv := newClient(t, srv, "uv.mytho")
		other := newClient(t, srv, "bithu.caolanh")
		m := todays(t, srv, 19, "uv.mytho", "bithu.mytho")
		id := m.ID
		var e apiError

		if s := other.do("GET", fmt.Sprintf("/meetings/%d/live", id), "", nil); s != 404 {
			t.Fatalf("another commune reads the meeting live: %d", s)
		}
		if st := openStream(t, srv.URL, other.token, id, 0); st.resp.StatusCode != 404 {
			t.Fatalf("another commune's stream: %d", st.resp.StatusCode)
		}
		if s := uv.do("POST", fmt.Sprintf("/meetings/%d/open", id), "", &e); s != 403 {
			t.Fatalf("a member opens the meeting: %d %+v", s, e)
		}
		var live session.Live
		if s := uv.do("GET", fmt.Sprintf("/meetings/%d/live", id), "", &live); s != 200 || live.Attendance.Present != 19 || live.Attendance.Base != 28 || !live.Attendance.Quorum {
			t.Fatalf("live: %d %+v", s, live.Attendance)
		}
		st := openStream(t, srv.URL, uv.token, id, live.LastEventID)
		if s := chair.do("POST", fmt.Sprintf("/meetings/%d/open", id), "", nil); s != 200 {
			t.Fatalf("open: %d", s)
		}
		st.next(t, "meeting", func(raw json.RawMessage) bool {
			var v session.MeetingView
			return json.Unmarshal(raw, &v) == nil && v.State == model.StateInSession && v.Current != 0
		})

		var p model.Poll
		if s := chair.do("POST", fmt.Sprintf("/meetings/%d/polls", id), `{"decision_kind":"ordinary","method":"secret"}`, &e); s != 409 || !strings.Contains(e.Error.Message, "không bỏ phiếu kín") {
			t.Fatalf("secret ballot on a resolution: %d %+v", s, e)
		}
		if s := chair.do("POST", fmt.Sprintf("/meetings/%d/polls", id), `{"title":"Bầu bổ sung Ủy viên Ban Thường vụ","decision_kind":"election","method":"secret"}`, &p); s != 201 || p.Base != 28 || p.Present != 19 {
			t.Fatalf("open a secret ballot: %d %+v", s, p)
		}
		st.next(t, "poll", pollIs(p.ID, 0, model.PollOpen))

		// A ballot, its retry after a lost reply, and a second ballot.
		var r session.Receipt
		ballot := fmt.Sprintf(`{"choice":"for","key":"k-%d-uv-1"}`, p.ID)
		if s := uv.do("POST", fmt.Sprintf("/polls/%d/ballots", p.ID), ballot, &r); s != 200 || r.Repeated || r.Choice != "" {
			t.Fatalf("ballot: %d %+v", s, r)
		}
		if s := uv.do("POST", fmt.Sprintf("/polls/%d/ballots", p.ID), ballot, &r); s != 200 || !r.Repeated {
			t.Fatalf("retried ballot: %d %+v", s, r)
		}
		if s := uv.do("POST", fmt.Sprintf("/polls/%d/ballots", p.ID), `{"choice":"against","key":"another-key-1"}`, &e); s != 409 || !strings.Contains(e.Error.Message, "đã biểu quyết") {
			t.Fatalf("second ballot: %d %+v", s, e)
		}
		if s := other.do("POST", fmt.Sprintf("/polls/%d/ballots", p.ID), `{"choice":"for","key":"outsider-key"}`, nil); s != 404 {
			t.Fatalf("another commune votes: %d", s)
		}
		ev := st.next(t, "poll", pollIs(p.ID, 1, model.PollOpen))
		if strings.Contains(string(ev.Data), `"for":1`) {
			t.Fatalf("a secret ballot's count travelled while open: %s", ev.Data)
		}
		if s := chair.do("POST", fmt.Sprintf("/meetings/%d/goto", id), `{"delta":1}`, &e); s != 409 {
			t.Fatalf("next item while voting: %d", s)
		}
		if s := chair.do("POST", fmt.Sprintf("/polls/%d/close", p.ID), `{}`, &p); s != 200 || p.For != 1 || p.Passed == nil || *p.Passed {
			t.Fatalf("close: %d %+v", s, p)
		}
		st.next(t, "poll", pollIs(p.ID, 1, model.PollClosed))
		if s := uv.do("POST", fmt.Sprintf("/polls/%d/ballots", p.ID), `{"choice":"for","key":"late-key-1"}`, &e); s != 409 || !strings.Contains(e.Error.Message, "kết thúc") {
			t.Fatalf("ballot after close: %d %+v", s, e)
		}

		// A client that saw only the start replays everything since.
		late := openStream(t, srv.URL, uv.token, id, live.LastEventID)
		late.next(t, "poll", pollIs(p.ID, 1, model.PollClosed))

		var out api.PollsOut
		if s := uv.do("GET", fmt.Sprintf("/meetings/%d/polls", id), "", &out); s != 200 || len(out.Polls) != 1 || out.Polls[0].Voted != 1 {
			t.Fatalf("polls: %d %+v", s, out)
		}
	})
}

// On PostgreSQL two instances share the database: a ballot cast on A
// reaches a participant whose stream is on B.
func TestTwoInstances(t *testing.T) {
	if !contains(testutil.Dialects(t), db.Postgres) {
		testutil.Skip(t, "two instances need PostgreSQL")
	}
	d := testutil.NewDB(t, db.Postgres)
	a := testutil.NewServer(t, d)
	// Instance B: its own pool, hub and broker on the same database.
	d2, err := db.Open(ctx, d.URL(), "", db.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d2.Close() })
	b, err := app.New(config.Config{MaxUploadMB: 2}, d2, slog.New(slog.NewTextHandler(io.Discard, nil)), a.Clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.Close)
	bsrv := httptest.NewServer(b.Handler())
	t.Cleanup(func() { bsrv.CloseClientConnections(); bsrv.Close() })

	chair := newClient(t, a, "bithu.mytho")
	uv := newClient(t, a, "uv.mytho")
	m := todays(t, a, 19, "uv.mytho")
	if s := chair.do("POST", fmt.Sprintf("/meetings/%d/open", m.ID), "", nil); s != 200 {
		t.Fatalf("open: %d", s)
	}
	var p model.Poll
	if s := chair.do("POST", fmt.Sprintf("/meetings/%d/polls", m.ID), `{"title":"Thông qua chương trình","decision_kind":"ordinary","method":"named","hide_results":false}`, &p); s != 201 {
		t.Fatalf("open a vote: %d", s)
	}
	onB := openStream(t, bsrv.URL, uv.token, m.ID, -1)
	if onB.resp.StatusCode != 200 {
		t.Fatalf("stream on B: %d", onB.resp.StatusCode)
	}
	time.Sleep(100 * time.Millisecond) // let B's stream subscribe before the ballot
	if s := uv.do("POST", fmt.Sprintf("/polls/%d/ballots", p.ID), `{"choice":"for","key":"two-instances-1"}`, nil); s != 200 {
		t.Fatalf("ballot on A: %d", s)
	}
	ev := onB.next(t, "poll", pollIs(p.ID, 1, model.PollOpen))
	if !strings.Contains(string(ev.Data), `"for":1`) {
		t.Fatalf("the named tally on B: %s", ev.Data)
	}
}

func contains(ds []db.Dialect, d db.Dialect) bool {
	for _, x := range ds {
		if x == d {
			return true
		}
	}
	return false
}
