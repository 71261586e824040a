package api

import (
	"context"
	"net/http"

	"nghisu/internal/auth"
	"nghisu/internal/model"
	"nghisu/internal/realtime"
	"nghisu/internal/session"
)

// GoToInput moves the floor: to an item, or by delta (+1 next, -1 previous).
type GoToInput struct {
	ItemID int64 `json:"item_id,omitempty"`
	Delta  int   `json:"delta,omitempty"`
}

// AttendanceInput records one person's attendance.
type AttendanceInput struct {
	PersonID int64                  `json:"person_id"`
	Status   model.AttendanceStatus `json:"status"`
	Reason   string                 `json:"reason,omitempty"`
}

// RollOut is the roll call: everyone expected and the head count.
type RollOut struct {
	Attendees []session.Attendee      `json:"attendees"`
	Count     *session.AttendanceView `json:"count"`
}

// FloorInput asks to speak, or raises a point of order ("order").
type FloorInput struct {
	Kind model.SpeechKind `json:"kind,omitempty"`
}

// SpeakerInput puts a person on the list.
type SpeakerInput struct {
	PersonID int64            `json:"person_id"`
	Kind     model.SpeechKind `json:"kind,omitempty"`
}

// MoveSpeakerInput moves a waiting speaker up (-1) or down (+1).
type MoveSpeakerInput struct {
	Delta int `json:"delta"`
}

// TextInput is a text: a speech's substance, a reserved opinion, a written
// answer.
type TextInput struct {
	Text string `json:"text"`
}

// ConclusionInput records the chair's conclusion on an item.
type ConclusionInput struct {
	Discussed  bool   `json:"discussed"`
	Conclusion string `json:"conclusion"`
}

// LimitInput sets an item's speaking time in minutes (0: the setting).
type LimitInput struct {
	Minutes int `json:"minutes"`
}

// SpeechesOut is a meeting's speeches by item and who spoke how long.
type SpeechesOut struct {
	Items []session.ItemSpeeches `json:"items"`
	Total []session.SpeakerTime  `json:"total"`
}

// QuestionsOut is a meeting's questions and the open ones it takes up from
// earlier meetings.
type QuestionsOut struct {
	Questions []model.Question `json:"questions"`
	Carried   []model.Question `json:"carried"`
}

// QuestionRef names a question.
type QuestionRef struct {
	QuestionID int64 `json:"question_id"`
}

// VerdictInput is the asker's verdict on an answer.
type VerdictInput struct {
	Satisfied bool `json:"satisfied"`
}

// PollsOut is a meeting's votes and the reserved opinions on them.
type PollsOut struct {
	Polls        []model.Poll        `json:"polls"`
	Reservations []model.Reservation `json:"reservations"`
}

// CloseInput closes a vote; an open vote (show of hands) and paper ballots
// need the tally.
type CloseInput struct {
	Tally *model.Tally `json:"tally,omitempty"`
}

func (s *Server) sessionTable() []Route {
	ok := Empty{OK: true}
	ss := s.session
	return []Route{
		{Method: "GET", Path: "/meetings/{id}/live", Tag: "session", Summary: "Everything the live screens show of a meeting, and the event id it is as of",
			Out: session.Live{},
			h: byID(func(r *http.Request, a *auth.Actor, n int64) (any, error) {
				seat, err := ss.Seat(r.Context(), a, n)
				if err != nil {
					return nil, err
				}
				return ss.Live(r.Context(), seat)
			})},
		{Method: "GET", Path: "/meetings/{id}/events", Tag: "session", Summary: "The meeting's live events as Server-Sent Events (text/event-stream); " +
			"each event's data is one section of /live, whole; resume with Last-Event-ID or ?last=", Out: session.Live{},
			stream: func(w http.ResponseWriter, r *http.Request, a *auth.Actor) error {
				n, err := id(r, "id")
				if err != nil {
					return err
				}
				return s.events(w, r, a, n)
			}},
		{Method: "GET", Path: "/meetings/{id}/live/me", Tag: "session", Summary: "What the caller is and has done in the meeting now", Out: session.Me{},
			h: byID(func(r *http.Request, a *auth.Actor, n int64) (any, error) { return ss.MeOf(r.Context(), a, n) })},
		{Method: "POST", Path: "/meetings/{id}/open", Tag: "session", Summary: "Open a convened meeting (the chair)", Out: Empty{},
			h: byID(func(r *http.Request, a *auth.Actor, n int64) (any, error) { return ok, ss.Open(r.Context(), a, n) })},
		{Method: "POST", Path: "/meetings/{id}/adjourn", Tag: "session", Summary: "Adjourn the meeting (no vote may be open)", Out: Empty{},
			h: byID(func(r *http.Request, a *auth.Actor, n int64) (any, error) { return ok, ss.Adjourn(r.Context(), a, n) })},
		{Method: "POST", Path: "/meetings/{id}/goto", Tag: "session", Summary: "Put the next, previous or a given item on the floor (not while a vote is open)",
			In: GoToInput{}, Out: Empty{},
			h: withBody(s.seeMeeting, func(r *http.Request, a *auth.Actor, n int64, in GoToInput) (any, error) {
				return ok, ss.GoTo(r.Context(), a, n, in.Delta, in.ItemID)
			})},
		{Method: "GET", Path: "/meetings/{id}/attendance", Tag: "session", Summary: "The roll call and the head count the quorum is judged on", Out: RollOut{},
			h: byID(func(r *http.Request, a *auth.Actor, n int64) (any, error) {
				list, count, err := ss.Roll(r.Context(), a, n)
				return RollOut{Attendees: nonNil(list), Count: count}, err
			})},
		{Method: "POST", Path: "/meetings/{id}/attendance", Tag: "session", Summary: "Record a person's attendance (the meeting's secretary)",
			In: AttendanceInput{}, Out: Empty{},
			h: withBody(s.seeMeeting, func(r *http.Request, a *auth.Actor, n int64, in AttendanceInput) (any, error) {
				return ok, ss.RecordAttendance(r.Context(), a, n, in.PersonID, model.AttendanceInput{Status: in.Status, Reason: in.Reason})
			})},
		{Method: "POST", Path: "/meetings/{id}/checkin", Tag: "session", Summary: "Check in from one's own device", Out: Empty{},
			h: byID(func(r *http.Request, a *auth.Actor, n int64) (any, error) { return ok, ss.CheckIn(r.Context(), a, n) })},
		{Method: "POST", Path: "/meetings/{id}/floor", Tag: "session", Summary: "Ask to speak on the item on the floor, or raise a point of order",
			In: FloorInput{}, Out: model.Speech{}, Status: http.StatusCreated,
			h: withBody(s.seeMeeting, func(r *http.Request, a *auth.Actor, n int64, in FloorInput) (any, error) {
				return ss.RequestFloor(r.Context(), a, n, in.Kind)
			})},
		{Method: "POST", Path: "/meetings/{id}/speakers", Tag: "session", Summary: "Put a member or guest on the list (the secretary)",
			In: SpeakerInput{}, Out: model.Speech{}, Status: http.StatusCreated,
			h: withBody(s.seeMeeting, func(r *http.Request, a *auth.Actor, n int64, in SpeakerInput) (any, error) {
				return ss.AddSpeaker(r.Context(), a, n, in.PersonID, in.Kind)
			})},
		{Method: "GET", Path: "/meetings/{id}/speeches", Tag: "session", Summary: "The speeches by item, and who spoke how long", Out: SpeechesOut{},
			h: byID(func(r *http.Request, a *auth.Actor, n int64) (any, error) {
				items, total, err := ss.Speeches(r.Context(), a, n)
				return SpeechesOut{Items: nonNil(items), Total: nonNil(total)}, err
			})},
		{Method: "POST", Path: "/speeches/{id}/give", Tag: "session", Summary: "Give the floor to a waiting speaker (the chair)", Out: Empty{},
			h: byID(func(r *http.Request, a *auth.Actor, n int64) (any, error) { return ok, ss.GiveFloor(r.Context(), a, n) })},
		{Method: "POST", Path: "/speeches/{id}/end", Tag: "session", Summary: "End a speech", Out: Empty{},
			h: byID(func(r *http.Request, a *auth.Actor, n int64) (any, error) { return ok, ss.EndSpeech(r.Context(), a, n) })},
		{Method: "POST", Path: "/speeches/{id}/withdraw", Tag: "session", Summary: "Withdraw a request to speak", Out: Empty{},
			h: byID(func(r *http.Request, a *auth.Actor, n int64) (any, error) { return ok, ss.Withdraw(r.Context(), a, n) })},
		{Method: "POST", Path: "/speeches/{id}/move", Tag: "session", Summary: "Move a waiting speaker up or down the list (the chair)",
			In: MoveSpeakerInput{}, Out: Empty{},
			h: withBody(s.seeSpeech, func(r *http.Request, a *auth.Actor, n int64, in MoveSpeakerInput) (any, error) {
				return ok, ss.MoveSpeaker(r.Context(), a, n, in.Delta)
			})},
		{Method: "PUT", Path: "/speeches/{id}/substance", Tag: "session", Summary: "Record what a speaker said, in substance (the secretary)",
			In: TextInput{}, Out: Empty{},
			h: withBody(s.seeSpeech, func(r *http.Request, a *auth.Actor, n int64, in TextInput) (any, error) {
				return ok, ss.SetSubstance(r.Context(), a, n, in.Text)
			})},
		{Method: "PUT", Path: "/items/{id}/conclusion", Tag: "session", Summary: "Record the chair's conclusion on an item",
			In: ConclusionInput{}, Out: Empty{},
			h: withBody(s.seeItem, func(r *http.Request, a *auth.Actor, n int64, in ConclusionInput) (any, error) {
				return ok, ss.Conclude(r.Context(), a, n, in.Discussed, in.Conclusion)
			})},
		{Method: "PUT", Path: "/items/{id}/speaking-limit", Tag: "session", Summary: "Set an item's speaking time in minutes (0: the commune's setting)",
			In: LimitInput{}, Out: Empty{},
			h: withBody(s.seeItem, func(r *http.Request, a *auth.Actor, n int64, in LimitInput) (any, error) {
				return ok, ss.SetSpeakingLimit(r.Context(), a, n, in.Minutes)
			})},
		{Method: "GET", Path: "/meetings/{id}/questions", Tag: "questions", Summary: "A meeting's questions, and open ones from the body's earlier meetings",
			Out: QuestionsOut{},
			h: byID(func(r *http.Request, a *auth.Actor, n int64) (any, error) {
				own, carried, err := ss.Questions(r.Context(), a, n)
				return QuestionsOut{Questions: nonNil(own), Carried: nonNil(carried)}, err
			})},
		{Method: "POST", Path: "/meetings/{id}/questions", Tag: "questions", Summary: "Put a question (chất vấn) to the BCH, the BTV, the Thường trực, the UBKT or a member",
			In: model.QuestionInput{}, Out: model.Question{}, Status: http.StatusCreated,
			h: withBody(s.seeMeeting, func(r *http.Request, a *auth.Actor, n int64, in model.QuestionInput) (any, error) {
				return ss.Ask(r.Context(), a, n, in)
			})},
		{Method: "POST", Path: "/meetings/{id}/questions/floor", Tag: "questions", Summary: "Put a waiting question to the meeting (the chair)",
			In: QuestionRef{}, Out: Empty{},
			h: withBody(s.seeMeeting, func(r *http.Request, a *auth.Actor, n int64, in QuestionRef) (any, error) {
				return ok, ss.PutOnFloor(r.Context(), a, n, in.QuestionID)
			})},
		{Method: "POST", Path: "/questions/{id}/answer", Tag: "questions", Summary: "Record the answer given in the meeting, or promise one in writing by a day",
			In: model.AnswerInput{}, Out: Empty{},
			h: withBody(s.seeQuestion, func(r *http.Request, a *auth.Actor, n int64, in model.AnswerInput) (any, error) {
				return ok, ss.Answer(r.Context(), a, n, in)
			})},
		{Method: "POST", Path: "/questions/{id}/written", Tag: "questions", Summary: "Record the written answer to a promised question",
			In: TextInput{}, Out: Empty{},
			h: withBody(s.seeQuestion, func(r *http.Request, a *auth.Actor, n int64, in TextInput) (any, error) {
				return ok, ss.AnswerInWriting(r.Context(), a, n, in.Text)
			})},
		{Method: "POST", Path: "/questions/{id}/verdict", Tag: "questions", Summary: "The asker says whether the answer satisfies",
			In: VerdictInput{}, Out: Empty{},
			h: withBody(s.seeQuestion, func(r *http.Request, a *auth.Actor, n int64, in VerdictInput) (any, error) {
				return ok, ss.Verdict(r.Context(), a, n, in.Satisfied)
			})},
		{Method: "POST", Path: "/questions/{id}/withdraw", Tag: "questions", Summary: "The asker withdraws a question not yet on the floor", Out: Empty{},
			h: byID(func(r *http.Request, a *auth.Actor, n int64) (any, error) {
				return ok, ss.WithdrawQuestion(r.Context(), a, n)
			})},
		{Method: "GET", Path: "/meetings/{id}/polls", Tag: "votes", Summary: "A meeting's votes and the reserved opinions on them", Out: PollsOut{},
			h: byID(func(r *http.Request, a *auth.Actor, n int64) (any, error) {
				ps, rs, err := ss.Polls(r.Context(), a, n)
				return PollsOut{Polls: nonNil(ps), Reservations: nonNil(rs)}, err
			})},
		{Method: "POST", Path: "/meetings/{id}/polls", Tag: "votes", Summary: "Open a vote (the chair); the rules decide the ballot and the quorum",
			In: model.PollInput{}, Out: model.Poll{}, Status: http.StatusCreated,
			h: withBody(s.seeMeeting, func(r *http.Request, a *auth.Actor, n int64, in model.PollInput) (any, error) {
				return ss.OpenPoll(r.Context(), a, n, in)
			})},
		{Method: "GET", Path: "/polls/{id}", Tag: "votes", Summary: "One vote; counts only once shown", Out: model.Poll{},
			h: byID(func(r *http.Request, a *auth.Actor, n int64) (any, error) { return ss.Poll(r.Context(), a, n) })},
		{Method: "POST", Path: "/polls/{id}/ballots", Tag: "votes", Summary: "Cast one's ballot; resend with the same key after a lost reply",
			In: model.BallotInput{}, Out: session.Receipt{},
			h: func(r *http.Request, a *auth.Actor) (any, error) {
				// The vote is read once: to answer 404 before the body is
				// read, and to cast at.
				n, err := id(r, "id")
				if err != nil {
					return nil, err
				}
				d, err := ss.Desk(r.Context(), a, n)
				if err != nil {
					return nil, err
				}
				in, err := decode[model.BallotInput](r)
				if err != nil {
					return nil, err
				}
				return ss.CastAt(r.Context(), d, in)
			}},
		{Method: "POST", Path: "/polls/{id}/close", Tag: "votes", Summary: "Close a vote; the result is computed by the rules and never changes",
			In: CloseInput{}, Out: model.Poll{},
			h: withBody(s.seePoll, func(r *http.Request, a *auth.Actor, n int64, in CloseInput) (any, error) {
				return ss.ClosePoll(r.Context(), a, n, in.Tally)
			})},
		{Method: "GET", Path: "/polls/{id}/votes", Tag: "votes", Summary: "Who chose what in a closed named vote", Out: []model.NamedVote{},
			h: byID(func(r *http.Request, a *auth.Actor, n int64) (any, error) {
				return list(ss.NamedVotes(r.Context(), a, n))
			})},
		{Method: "POST", Path: "/polls/{id}/reservations", Tag: "votes", Summary: "Reserve one's opinion (bảo lưu ý kiến) on a decision that passed",
			In: TextInput{}, Out: model.Reservation{}, Status: http.StatusCreated,
			h: withBody(s.seePoll, func(r *http.Request, a *auth.Actor, n int64, in TextInput) (any, error) {
				return ss.Reserve(r.Context(), a, n, in.Text)
			})},
	}
}

// events streams a meeting's events to whoever may see the meeting. They
// are the same for every viewer: nothing personal travels on the stream.
func (s *Server) events(w http.ResponseWriter, r *http.Request, a *auth.Actor, meetingID int64) error {
	if _, err := s.session.Seat(r.Context(), a, meetingID); err != nil {
		return err
	}
	if s.streams != nil {
		ctx, cancel := context.WithCancel(r.Context())
		defer cancel()
		defer context.AfterFunc(s.streams, cancel)()
		r = r.WithContext(ctx)
	}
	return realtime.ServeSSE(w, r, realtime.SSEOptions{Topic: session.Topic(meetingID), Hub: s.hub, Store: s.st})
}

func (s *Server) seeSpeech(r *http.Request, a *auth.Actor, n int64) error {
	_, err := s.session.Speech(r.Context(), a, n)
	return err
}

func (s *Server) seeQuestion(r *http.Request, a *auth.Actor, n int64) error {
	_, err := s.session.Question(r.Context(), a, n)
	return err
}

func (s *Server) seePoll(r *http.Request, a *auth.Actor, n int64) error {
	_, err := s.session.Poll(r.Context(), a, n)
	return err
}
