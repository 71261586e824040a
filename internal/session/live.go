package session

import (
	"context"
	"errors"
	"time"

	"nghisu/internal/model"
	"nghisu/internal/rules"
	"nghisu/internal/store"
)

// Section is one part of what the live screens show. Each event carries one
// section whole, so a screen that missed events only needs the newest of
// each section to be current again.
type Section string

const (
	SectionMeeting    Section = "meeting"    // state, program, the item on the floor
	SectionAttendance Section = "attendance" // who is here, the base, the quorum
	SectionFloor      Section = "floor"      // who speaks, who waits
	SectionPoll       Section = "poll"       // the vote under way, or the last result
	SectionQuestion   Section = "question"   // the question on the floor, those waiting
)

// Sections lists every section, in the order a new screen receives them.
var Sections = []Section{SectionMeeting, SectionAttendance, SectionFloor, SectionPoll, SectionQuestion}

// MeetingView is the meeting section.
type MeetingView struct {
	ID      int64              `json:"id"`
	Title   string             `json:"title"`
	State   model.MeetingState `json:"state"`
	Current int64              `json:"current"`
	Items   []ItemView         `json:"items"`
}

// ItemView is one item of the program.
type ItemView struct {
	ID         int64  `json:"id"`
	Position   int    `json:"position"`
	Title      string `json:"title"`
	Presenter  string `json:"presenter,omitempty"`
	Discussed  bool   `json:"discussed"`
	Conclusion string `json:"conclusion,omitempty"`
}

// AttendanceView is the attendance section: the base of every vote is the
// body's incumbent members; those here of them are what the quorum counts.
type AttendanceView struct {
	Base      int  `json:"base"`
	Present   int  `json:"present"`
	Needed    int  `json:"needed"`
	Quorum    bool `json:"quorum"`
	Excused   int  `json:"excused"`
	Unexcused int  `json:"unexcused"`
	// Here lists the people in the room (members and guests), so a
	// device knows whether its member may vote.
	Here []int64 `json:"here"`
}

// FloorView is the floor section for the item on the floor.
type FloorView struct {
	ItemID   int64         `json:"item_id"`
	Speaking *SpeakerView  `json:"speaking,omitempty"`
	Queue    []SpeakerView `json:"queue"`
	// Now is the server's clock, so a countdown is right on a device whose
	// clock is not.
	Now time.Time `json:"now"`
}

// SpeakerView is one speaker, speaking or waiting.
type SpeakerView struct {
	SpeechID  int64            `json:"speech_id"`
	PersonID  int64            `json:"person_id"`
	Name      string           `json:"name"`
	Kind      model.SpeechKind `json:"kind"`
	StartedAt *time.Time       `json:"started_at,omitempty"`
	// Limit is the speaking time in seconds, 0 for none.
	Limit int `json:"limit"`
}

// PollView is the poll section: the vote under way or the last one. The
// counts are there only when they may be shown: once the vote closed, or
// during a named vote that shows results while voting. A secret ballot's
// counts never move while it is open: watching them move as a member taps
// would tell their choice.
type PollView struct {
	ID      int64              `json:"id"`
	Title   string             `json:"title"`
	Kind    model.DecisionKind `json:"kind"`
	Method  model.VoteMethod   `json:"method"`
	State   model.PollState    `json:"state"`
	Base    int                `json:"base"`
	Present int                `json:"present"`
	Needed  int                `json:"needed"`
	Voted   int                `json:"voted"`
	// AllowChange: a member may change a named vote until it closes.
	AllowChange bool  `json:"allow_change"`
	Shown       bool  `json:"shown"`
	For         int   `json:"for"`
	Against     int   `json:"against"`
	Abstain     int   `json:"abstain"`
	Spoiled     int   `json:"spoiled"`
	Passed      *bool `json:"passed,omitempty"`
	ItemID      int64 `json:"item_id,omitempty"`
	Paragraph   int   `json:"paragraph,omitempty"`
}

// QuestionsView is the question section: the question on the floor and
// those waiting for it.
type QuestionsView struct {
	OnFloor *QuestionView  `json:"on_floor"`
	Waiting []QuestionView `json:"waiting"`
}

// QuestionView is one question.
type QuestionView struct {
	ID    int64           `json:"id"`
	Asker string          `json:"asker"`
	To    model.Addressee `json:"to"`
	// ToName is the named member a question is put to.
	ToName string `json:"to_name,omitempty"`
	Text   string `json:"text"`
}

// Live is every section of a meeting, what a screen shows when it opens.
type Live struct {
	Meeting    MeetingView    `json:"meeting"`
	Attendance AttendanceView `json:"attendance"`
	Floor      FloorView      `json:"floor"`
	Poll       *PollView      `json:"poll"`
	Questions  QuestionsView  `json:"questions"`
	// LastEventID is the position in the meeting's events this state is as
	// of: a stream started from it misses nothing.
	LastEventID int64 `json:"last_event_id"`
}

// Live reads every section of a meeting the seat sees.
func (s *Service) Live(ctx context.Context, seat *Seat) (*Live, error) {
	var l Live
	err := s.st.InTx(ctx, func(st *store.Store) error {
		// One transaction: the sections and the event id agree.
		id, err := st.LastEventID(ctx, Topic(seat.Meeting.ID))
		if err != nil {
			return err
		}
		l.LastEventID = id
		m, err := st.Meeting(ctx, seat.Meeting.ID)
		if err != nil {
			return err
		}
		for _, sec := range Sections {
			v, err := s.section(ctx, st, m, sec)
			if err != nil {
				return err
			}
			switch v := v.(type) {
			case *MeetingView:
				l.Meeting = *v
			case *AttendanceView:
				l.Attendance = *v
			case *FloorView:
				l.Floor = *v
			case *PollView:
				l.Poll = v
			case *QuestionsView:
				l.Questions = *v
			}
		}
		return nil
	})
	return &l, err
}

// section reads one section of m as it now is in st.
func (s *Service) section(ctx context.Context, st *store.Store, m *model.Meeting, sec Section) (any, error) {
	switch sec {
	case SectionMeeting:
		return s.meetingView(ctx, st, m)
	case SectionAttendance:
		return s.attendanceView(ctx, st, m)
	case SectionFloor:
		return s.floorView(ctx, st, m)
	case SectionPoll:
		return s.pollView(ctx, st, m)
	case SectionQuestion:
		return s.questionView(ctx, st, m)
	}
	return nil, errors.New("session: unknown section " + string(sec))
}

func (s *Service) meetingView(ctx context.Context, st *store.Store, m *model.Meeting) (*MeetingView, error) {
	items, err := st.Items(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	v := &MeetingView{ID: m.ID, Title: m.Title, State: m.State, Current: m.CurrentItemID, Items: []ItemView{}}
	for _, it := range items {
		iv := ItemView{ID: it.ID, Position: it.Position, Title: it.Title, Discussed: it.Discussed, Conclusion: it.Conclusion}
		if it.Presenter != nil {
			iv.Presenter = it.Presenter.FullName
		}
		v.Items = append(v.Items, iv)
	}
	return v, nil
}

func (s *Service) attendanceView(ctx context.Context, st *store.Store, m *model.Meeting) (*AttendanceView, error) {
	c, err := s.count(ctx, st, m)
	if err != nil {
		return nil, err
	}
	v := &AttendanceView{Base: c.base, Present: c.present, Here: c.here, Excused: c.excused, Unexcused: c.unexcused}
	q, err := s.setting(ctx, st, m, rules.Quorum)
	if err != nil {
		return nil, err
	}
	th := rules.QuorumThreshold(q)
	v.Needed, v.Quorum = th.Needed(c.base), th.Met(c.present, c.base)
	return v, nil
}

// headcount is who is in the room, counted the way the rules count.
type headcount struct {
	// base: incumbent members of the body (rules.VoteBase); present: those
	// of them here now.
	base, present      int
	excused, unexcused int
	here               []int64
}

func (s *Service) count(ctx context.Context, st *store.Store, m *model.Meeting) (headcount, error) {
	members, err := st.BodyMembers(ctx, m.BodyID, false)
	if err != nil {
		return headcount{}, err
	}
	att, err := st.Attendance(ctx, m.ID)
	if err != nil {
		return headcount{}, err
	}
	status := map[int64]model.AttendanceStatus{}
	c := headcount{here: []int64{}}
	for _, a := range att {
		status[a.PersonID] = a.Status
		if a.Here() {
			c.here = append(c.here, a.PersonID)
		}
	}
	statuses := make([]model.MemberStatus, len(members))
	for i, ms := range members {
		statuses[i] = ms.Status
		if !rules.CountsInBase(ms.Status) {
			continue // the head count is of the base: incumbent members
		}
		switch status[ms.PersonID] {
		case model.AttendPresent, model.AttendLate:
			c.present++
		case model.AttendExcused:
			c.excused++
		case model.AttendUnexcused:
			c.unexcused++
		}
	}
	c.base = rules.VoteBase(statuses)
	return c, nil
}

func (s *Service) floorView(ctx context.Context, st *store.Store, m *model.Meeting) (*FloorView, error) {
	v := &FloorView{ItemID: m.CurrentItemID, Queue: []SpeakerView{}, Now: st.Now()}
	if m.CurrentItemID == 0 || m.State != model.StateInSession {
		return v, nil
	}
	limit, err := s.speakingLimit(ctx, st, m)
	if err != nil {
		return nil, err
	}
	speeches, err := st.Speeches(ctx, m.ID, m.CurrentItemID)
	if err != nil {
		return nil, err
	}
	for _, sp := range queue(speeches) {
		sv := SpeakerView{SpeechID: sp.ID, PersonID: sp.PersonID, Name: sp.Person.FullName, Kind: sp.Kind,
			StartedAt: sp.StartedAt, Limit: limit}
		if sp.State == model.SpeechSpeaking {
			v.Speaking = &sv
		} else {
			v.Queue = append(v.Queue, sv)
		}
	}
	return v, nil
}

func (s *Service) pollView(ctx context.Context, st *store.Store, m *model.Meeting) (*PollView, error) {
	polls, err := st.Polls(ctx, m.ID)
	if err != nil || len(polls) == 0 {
		return nil, err
	}
	p := polls[len(polls)-1]
	for _, x := range polls {
		if x.State == model.PollOpen {
			p = x
		}
	}
	return pollView(ctx, st, &p)
}

// pollView is the section of one poll.
func pollView(ctx context.Context, st *store.Store, p *model.Poll) (*PollView, error) {
	rule := rules.RuleFor(p.DecisionKind, true)
	v := &PollView{ID: p.ID, Title: p.Title, Kind: p.DecisionKind, Method: p.Method, State: p.State, Base: p.Base,
		Present: p.Present, Needed: rule.Pass.Needed(p.Base), AllowChange: p.AllowChange, Passed: p.Passed, ItemID: p.ItemID, Paragraph: p.Paragraph}
	var err error
	if p.Method.Electronic() {
		if v.Voted, err = st.Turnout(ctx, p.ID); err != nil {
			return nil, err
		}
	}
	switch {
	case p.State == model.PollClosed:
		v.Shown = true
		v.For, v.Against, v.Abstain, v.Spoiled = p.For, p.Against, p.Abstain, p.Spoiled
	case p.Method == model.MethodNamed && !p.HideResults:
		t, err := st.Count(ctx, p)
		if err != nil {
			return nil, err
		}
		v.Shown = true
		v.For, v.Against, v.Abstain = t.For, t.Against, t.Abstain
	}
	return v, nil
}

func (s *Service) questionView(ctx context.Context, st *store.Store, m *model.Meeting) (*QuestionsView, error) {
	qs, err := st.Questions(ctx, store.QuestionQuery{MeetingID: m.ID})
	if err != nil {
		return nil, err
	}
	v := &QuestionsView{Waiting: []QuestionView{}}
	for _, q := range qs {
		qv := QuestionView{ID: q.ID, Asker: q.Asker.FullName, To: q.Addressee, Text: q.Text}
		if q.To != nil {
			qv.ToName = q.To.FullName
		}
		switch q.State {
		case model.QuestionOnFloor:
			v.OnFloor = &qv
		case model.QuestionSubmitted:
			v.Waiting = append(v.Waiting, qv)
		}
	}
	return v, nil
}
