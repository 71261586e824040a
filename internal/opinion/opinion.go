// Package opinion is the collection of written opinions between meetings
// (xin ý kiến bằng văn bản): the secretary asks the BCH or the BTV a question
// with a deadline, each incumbent member answers agree, disagree or another
// opinion, and the answers decide the question by the same rules as a vote
// in a meeting. The closed request is a decision of the body, which its next
// meeting lists.
//
// Decisions of this package, so that they are made once:
//   - The base is every incumbent member of the body when the request is
//     sent, fixed then; those who answer never make the base (Quy định
//     294-QĐ/TW, 9.3.3). An answer that is not "agree" counts against, as an
//     abstention does in a meeting.
//   - A kind of decision the rules want decided by secret ballot (elections,
//     nominations, confidence, and other personnel decisions unless the
//     commune's setting opens them) cannot be decided by named written
//     answers: it is refused.
//   - Those who answer are the incumbent members now who were incumbent
//     members when it was sent (they are the base); a member may change the
//     answer until the deadline or the close.
//   - A request closes by itself at its deadline (CloseDue). A preparer may
//     close it earlier only when every member who may answer has answered:
//     closing while some are still within their time would take away their
//     say. A request sent by mistake is answered "other" and left to lapse;
//     there is no withdrawal (the schema has no such state).
//   - Reminders: a preparer's "Nhắc" reminds every member who has not
//     answered, at most once an hour each (a second press in the hour tells
//     so); and 24 hours before the deadline each silent member gets one
//     automatic reminder, never a second (one job per request, one unique
//     mail key per member). A request due in less than 24 hours gets none.
package opinion

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"nghisu/internal/auth"
	"nghisu/internal/drafting"
	"nghisu/internal/i18n"
	"nghisu/internal/meeting"
	"nghisu/internal/model"
	"nghisu/internal/org"
	"nghisu/internal/rules"
	"nghisu/internal/store"
	"nghisu/internal/vntext"
)

// The answers a member may give.
const (
	Agree    = "agree"    // tán thành
	Disagree = "disagree" // không tán thành
	Other    = "other"    // ý kiến khác
)

// Answers lists the answers in the order the form shows them.
var Answers = []string{Agree, Disagree, Other}

// Job kinds this package queues; the app registers their handlers.
const (
	// MailJob sends one member the request, or a reminder of it.
	MailJob = "mail.opinion"
	// RemindJob reminds the silent members of one request, 24 hours before
	// its deadline.
	RemindJob = "opinions.remind"
	// CloseJob closes the requests whose deadline has passed (every minute).
	CloseJob = "opinions.close"
)

// Limits of the texts.
const (
	maxTitle    = 300
	maxQuestion = 20000
	maxComment  = 5000
	// maxAhead is the farthest deadline: a question between two monthly
	// meetings is answered within two months.
	maxAhead = 62 * 24 * time.Hour
	// remindBefore is when the automatic reminder goes out.
	remindBefore = 24 * time.Hour
)

// Service collects written opinions.
type Service struct {
	st        *store.Store
	orgs      *org.Service
	maxUpload int64
}

// New returns the service. maxUpload caps the attached file in bytes.
func New(st *store.Store, orgs *org.Service, maxUpload int64) *Service {
	if maxUpload <= 0 {
		maxUpload = 20 << 20
	}
	return &Service{st: st, orgs: orgs, maxUpload: maxUpload}
}

// Summary is a request in a list, with how its answers stand.
type Summary struct {
	model.OpinionRequest
	Agree    int `json:"agree"`
	Disagree int `json:"disagree"`
	Other    int `json:"other"`
	Answered int `json:"answered"`
	// Needed is how many "agree" the decision needs.
	Needed int `json:"needed"`
	// Lapsed: open in the table, but its deadline has passed (the sweep
	// closes it within the minute).
	Lapsed bool `json:"lapsed"`
}

// Request is one request as a reader sees it: the question, every answer
// by name, who has not answered, the rule and the result so far.
type Request struct {
	Summary
	Body *model.Body `json:"body"`
	File *model.File `json:"file,omitempty"`
	// Rule is the decision kind's rule; RuleText names the threshold.
	Rule    rules.VoteRule        `json:"-"`
	Source  string                `json:"rule_source"`
	Answers []model.OpinionAnswer `json:"answers"`
	// Voters are the members who may answer; Silent those of them who
	// have not.
	Voters []model.Person `json:"-"`
	Silent []model.Person `json:"silent"`
	// Open: answers are taken (open, and before the deadline).
	Open bool `json:"open"`
	// PassingNow: the "agree" answers so far carry the decision.
	PassingNow bool `json:"passing_now"`
	// What the reader may do.
	Mine      *model.OpinionAnswer `json:"mine,omitempty"`
	CanAnswer bool                 `json:"can_answer"`
	CanManage bool                 `json:"can_manage"`
	CanClose  bool                 `json:"can_close"`
}

// body reads a body the actor may see the requests of.
func (s *Service) body(ctx context.Context, a *auth.Actor, id int64) (*model.Body, error) {
	b, err := s.st.Body(ctx, id)
	if err != nil {
		return nil, err
	}
	if !meeting.SeesBody(a, b) {
		return nil, model.ErrNotFound
	}
	return b, nil
}

// Body reads a body the actor may see the requests of.
func (s *Service) Body(ctx context.Context, a *auth.Actor, id int64) (*model.Body, error) {
	return s.body(ctx, a, id)
}

// Sees reports whether the actor sees the requests of a body (the body's
// page shows them only then).
func Sees(a *auth.Actor, b *model.Body) bool {
	return meeting.SeesBody(a, b) && asks(b)
}

// CanAsk reports whether the actor may send a body a request.
func CanAsk(a *auth.Actor, b *model.Body) bool {
	return Sees(a, b) && meeting.Preparer(a, b.Org)
}

// asks reports whether a body decides by written opinions: the BCH and the
// BTV (the inspection committee has its own procedures).
func asks(b *model.Body) bool { return b.Kind == model.BodyCommittee || b.Kind == model.BodyStanding }

// personnelSecret reads the commune's setting on other personnel decisions.
func (s *Service) personnelSecret(ctx context.Context, b *model.Body) (bool, error) {
	v, err := s.orgs.Setting(ctx, b.Org, rules.PersonnelSecret)
	return v.Value == 1, err
}

// Kinds lists the kinds of decision a body may take in writing: those the
// rules do not keep for a secret ballot, under its commune's setting.
func (s *Service) Kinds(ctx context.Context, b *model.Body) ([]model.DecisionKind, error) {
	secret, err := s.personnelSecret(ctx, b)
	if err != nil {
		return nil, err
	}
	var out []model.DecisionKind
	for _, k := range model.DecisionKinds {
		if rules.RuleFor(k, secret).Ballot != rules.BallotSecret {
			out = append(out, k)
		}
	}
	return out, nil
}

// Upload is a file sent with a request.
type Upload struct {
	Name string
	Data []byte
}

// Create sends a body's members a question. The file, when given, is
// checked by its content as the meeting papers are. Each member who may
// answer gets a notice and an e-mail; the automatic reminder is queued.
func (s *Service) Create(ctx context.Context, a *auth.Actor, bodyID int64, in model.OpinionInput, file *Upload) (*model.OpinionRequest, error) {
	b, err := s.body(ctx, a, bodyID)
	if err != nil {
		return nil, err
	}
	if !meeting.Preparer(a, b.Org) {
		return nil, model.Deny("opinion.not_preparer")
	}
	if !asks(b) {
		return nil, model.Refuse("opinion.body_kind")
	}
	in.Title, in.Question = vntext.CleanLine(in.Title), vntext.Clean(in.Question)
	now := s.st.Now()
	e := &model.ValidationError{}
	switch n := len([]rune(in.Title)); {
	case n == 0:
		e.Add("title", "field.required")
	case n > maxTitle:
		e.Add("title", "field.too_long", maxTitle)
	}
	switch n := len([]rune(in.Question)); {
	case n == 0:
		e.Add("question", "field.required")
	case n > maxQuestion:
		e.Add("question", "field.too_long", maxQuestion)
	}
	secret, err := s.personnelSecret(ctx, b)
	if err != nil {
		return nil, err
	}
	rule := rules.RuleFor(in.DecisionKind, secret)
	switch {
	case !in.DecisionKind.Valid():
		e.Add("decision_kind", "vote.kind_invalid")
	case rule.Ballot == rules.BallotSecret:
		e.Add("decision_kind", "opinion.secret_kind", rule.Source)
	}
	switch {
	case in.Deadline.IsZero():
		if !e.Has("deadline") {
			e.Add("deadline", "field.required")
		}
	case !in.Deadline.After(now):
		e.Add("deadline", "opinion.deadline_past")
	case in.Deadline.Sub(now) > maxAhead:
		e.Add("deadline", "opinion.deadline_far", int(maxAhead/(24*time.Hour)))
	}
	var ctype string
	if file != nil {
		file.Name = vntext.CleanLine(file.Name)
		switch {
		case len(file.Data) == 0:
			e.Add("file", "file.empty")
		case int64(len(file.Data)) > s.maxUpload:
			e.Add("file", "file.too_big", s.maxUpload>>20)
		default:
			var ref *model.Refusal
			if ctype, err = drafting.Sniff(file.Name, file.Data); errors.As(err, &ref) {
				e.Fields = append(e.Fields, model.FieldError{Field: "file", Msg: ref.Msg})
			} else if err != nil {
				return nil, err
			}
		}
	}
	if err := e.Err(); err != nil {
		return nil, err
	}
	o := &model.OpinionRequest{BodyID: b.ID, Title: in.Title, Question: in.Question, DecisionKind: in.DecisionKind,
		Deadline: in.Deadline.UTC().Truncate(time.Second), CreatedBy: a.Account.ID}
	err = s.st.InTx(ctx, func(st *store.Store) error {
		members, err := st.BodyMembers(ctx, b.ID, false)
		if err != nil {
			return err
		}
		statuses := make([]model.MemberStatus, len(members))
		for i, m := range members {
			statuses[i] = m.Status
		}
		if o.Base = rules.VoteBase(statuses); o.Base == 0 {
			return model.Refuse("vote.no_base")
		}
		if file != nil {
			f, err := st.SaveFile(ctx, file.Name, ctype, file.Data)
			if err != nil {
				return err
			}
			o.FileID = f.ID
		}
		if err := st.CreateOpinion(ctx, o); err != nil {
			return err
		}
		title := model.M("notice.opinion_asked", o.Title, vntext.DateTime(o.Deadline))
		for _, m := range members {
			if m.Status != model.StatusIncumbent {
				continue
			}
			if err := notice(ctx, st, m.PersonID, title, Link(o.ID)); err != nil {
				return err
			}
			if _, err := enqueueMail(ctx, st, MailPayload{RequestID: o.ID, PersonID: m.PersonID},
				fmt.Sprintf("%s:%d:%d", MailJob, o.ID, m.PersonID)); err != nil {
				return err
			}
		}
		if at := o.Deadline.Add(-remindBefore); at.After(now) {
			payload, _ := json.Marshal(MailPayload{RequestID: o.ID})
			if _, _, err := st.EnqueueJob(ctx, RemindJob, payload, at, fmt.Sprintf("%s:%d", RemindJob, o.ID)); err != nil {
				return err
			}
		}
		detail := fmt.Sprintf("%s; %s; base %d; until %s", o.Title, o.DecisionKind, o.Base, o.Deadline.Format(time.RFC3339))
		if file != nil {
			detail += fmt.Sprintf("; file %s (%s, %d bytes)", file.Name, ctype, len(file.Data))
		}
		return st.Audit(ctx, a.Audit("opinion.create", "opinion", o.ID, b.OrgID, detail))
	})
	if err != nil {
		return nil, err
	}
	return o, nil
}

// summarize fills a list entry from its request and the body's counts.
func summarize(o model.OpinionRequest, c store.OpinionCount, now time.Time) Summary {
	rule := rules.RuleFor(o.DecisionKind, true)
	return Summary{OpinionRequest: o, Agree: c.Agree, Disagree: c.Disagree, Other: c.Other, Answered: c.Answered(),
		Needed: rule.Pass.Needed(o.Base), Lapsed: o.State == model.OpinionOpen && !now.Before(o.Deadline)}
}

// List lists a body's requests, newest first, with their counts.
func (s *Service) List(ctx context.Context, a *auth.Actor, bodyID int64) ([]Summary, error) {
	b, err := s.body(ctx, a, bodyID)
	if err != nil {
		return nil, err
	}
	return s.list(ctx, b, store.OpinionQuery{BodyID: b.ID})
}

func (s *Service) list(ctx context.Context, b *model.Body, q store.OpinionQuery) ([]Summary, error) {
	os, err := s.st.Opinions(ctx, q)
	if err != nil || len(os) == 0 {
		return nil, err
	}
	counts, err := s.st.OpinionCounts(ctx, b.ID)
	if err != nil {
		return nil, err
	}
	now := s.st.Now()
	out := make([]Summary, len(os))
	for i, o := range os {
		out[i] = summarize(o, counts[o.ID], now)
	}
	return out, nil
}

// Get reads a request the actor may see, with every answer, who has not
// answered, and the result so far (or the result, once closed).
func (s *Service) Get(ctx context.Context, a *auth.Actor, id int64) (*Request, error) {
	o, err := s.st.Opinion(ctx, id)
	if err != nil {
		return nil, err
	}
	b, err := s.body(ctx, a, o.BodyID)
	if err != nil {
		return nil, err
	}
	r := &Request{Body: b}
	if r.Answers, err = s.st.OpinionAnswers(ctx, o.ID); err != nil {
		return nil, err
	}
	var c store.OpinionCount
	answered := map[int64]bool{}
	for i, x := range r.Answers {
		answered[x.PersonID] = true
		switch x.Answer {
		case Agree:
			c.Agree++
		case Disagree:
			c.Disagree++
		default:
			c.Other++
		}
		if x.PersonID == a.Account.PersonID && a.Account.PersonID != 0 {
			r.Mine = &r.Answers[i]
		}
	}
	now := s.st.Now()
	r.Summary = summarize(*o, c, now)
	secret, err := s.personnelSecret(ctx, b)
	if err != nil {
		return nil, err
	}
	r.Rule = rules.RuleFor(o.DecisionKind, secret)
	r.Source = r.Rule.Source
	r.PassingNow = r.Rule.Passed(c.Agree, o.Base)
	if o.FileID != 0 {
		if r.File, err = s.st.FileInfo(ctx, o.FileID); err != nil {
			return nil, err
		}
	}
	if r.Voters, err = voters(ctx, s.st, o); err != nil {
		return nil, err
	}
	for _, p := range r.Voters {
		if !answered[p.ID] {
			r.Silent = append(r.Silent, p)
		}
	}
	r.Open = o.State == model.OpinionOpen && now.Before(o.Deadline)
	r.CanManage = meeting.Preparer(a, b.Org)
	r.CanAnswer = r.Open && slices.ContainsFunc(r.Voters, func(p model.Person) bool {
		return p.ID == a.Account.PersonID && p.ID != 0
	})
	r.CanClose = r.CanManage && o.State == model.OpinionOpen && (len(r.Silent) == 0 || !r.Open)
	return r, nil
}

// voters are the people who may answer a request: the incumbent members of
// its body now who were incumbent members when it was sent, and so are in
// its base. A member added later was not counted in the base and does not
// answer; one who left or was suspended since does not answer either.
func voters(ctx context.Context, st *store.Store, o *model.OpinionRequest) ([]model.Person, error) {
	all, err := st.BodyMembers(ctx, o.BodyID, true)
	if err != nil {
		return nil, err
	}
	sentOn := model.DateOf(o.CreatedAt.In(vntext.Location()))
	then := map[int64]bool{}
	for _, m := range all {
		if m.Status == model.StatusIncumbent && !m.CreatedAt.After(o.CreatedAt) &&
			(m.Open() || !m.EndedOn.Before(sentOn)) {
			then[m.PersonID] = true
		}
	}
	var out []model.Person
	seen := map[int64]bool{}
	for _, m := range all {
		if m.Open() && m.Status == model.StatusIncumbent && then[m.PersonID] && !seen[m.PersonID] {
			seen[m.PersonID] = true
			out = append(out, *m.Person)
		}
	}
	return out, nil
}

// Answer records the actor's answer, replacing an earlier one, while the
// request is open. An "other opinion" needs its text.
func (s *Service) Answer(ctx context.Context, a *auth.Actor, id int64, in model.OpinionReply) (*model.OpinionAnswer, error) {
	r, err := s.Get(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if !r.Open {
		return nil, model.Refuse("opinion.closed")
	}
	if !r.CanAnswer {
		return nil, model.Deny("opinion.not_voter")
	}
	in.Comment = vntext.Clean(in.Comment)
	e := &model.ValidationError{}
	if !slices.Contains(Answers, in.Answer) {
		e.Add("answer", "opinion.answer_invalid")
	}
	if in.Answer == Other && in.Comment == "" {
		e.Add("comment", "opinion.comment_required")
	}
	if len([]rune(in.Comment)) > maxComment {
		e.Add("comment", "field.too_long", maxComment)
	}
	if err := e.Err(); err != nil {
		return nil, err
	}
	ans := &model.OpinionAnswer{RequestID: id, PersonID: a.Account.PersonID, Answer: in.Answer, Comment: in.Comment}
	err = s.st.InTx(ctx, func(st *store.Store) error {
		// The lock orders this answer with a close under way: the answer is
		// counted, or refused if the close came first.
		if err := st.LockOpenOpinion(ctx, id); errors.Is(err, model.ErrNotFound) {
			return model.Refuse("opinion.closed")
		} else if err != nil {
			return err
		}
		if !st.Now().Before(r.Deadline) {
			return model.Refuse("opinion.closed")
		}
		if err := st.SetOpinionAnswer(ctx, ans); err != nil {
			return err
		}
		detail := in.Answer
		if r.Mine != nil {
			detail = r.Mine.Answer + " → " + in.Answer
		}
		return st.Audit(ctx, a.Audit("opinion.answer", "opinion", id, r.Body.OrgID, detail))
	})
	if err != nil {
		return nil, err
	}
	ans.Person = &model.Person{ID: a.Account.PersonID}
	return ans, nil
}

// Close ends a request before its deadline (when every member who may
// answer has answered) or after it (before the sweep does), and records the
// result.
func (s *Service) Close(ctx context.Context, a *auth.Actor, id int64) (*Request, error) {
	r, err := s.Get(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if !r.CanManage {
		return nil, model.Deny("opinion.not_preparer")
	}
	if r.State != model.OpinionOpen {
		return nil, model.Refuse("opinion.already_closed")
	}
	if r.Open && len(r.Silent) > 0 {
		return nil, model.Refuse("opinion.close_early", len(r.Silent), vntext.DateTime(r.Deadline))
	}
	err = s.st.InTx(ctx, func(st *store.Store) error {
		return closeOne(ctx, st, &r.OpinionRequest, a)
	})
	if errors.Is(err, model.ErrNotFound) {
		return nil, model.Refuse("opinion.already_closed")
	}
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, a, id)
}

// closeOne closes a request in a transaction: it takes the request's lock
// first, so that answers being written are counted or refused, counts the
// "agree" answers against the base fixed when it was sent, and records the
// result. ErrNotFound when it was closed meanwhile.
func closeOne(ctx context.Context, st *store.Store, o *model.OpinionRequest, by *auth.Actor) error {
	if err := st.LockOpenOpinion(ctx, o.ID); err != nil {
		return err
	}
	answers, err := st.OpinionAnswers(ctx, o.ID)
	if err != nil {
		return err
	}
	agree := 0
	for _, x := range answers {
		if x.Answer == Agree {
			agree++
		}
	}
	b, err := st.Body(ctx, o.BodyID)
	if err != nil {
		return err
	}
	// The threshold does not depend on the ballot setting.
	passed := rules.RuleFor(o.DecisionKind, true).Passed(agree, o.Base)
	o.Passed = &passed
	if err := st.CloseOpinion(ctx, o); err != nil {
		return err
	}
	key := "opinion.result_failed"
	if passed {
		key = "opinion.result_passed"
	}
	if o.CreatedBy != 0 {
		acc, err := st.Account(ctx, o.CreatedBy)
		if err != nil && !errors.Is(err, model.ErrNotFound) {
			return err
		}
		if err == nil {
			lang := i18n.Lang(acc.Locale)
			title := i18n.T(lang, "notice.opinion_closed", o.Title, i18n.T(lang, key), agree, o.Base)
			if err := st.AddNotice(ctx, &model.Notice{AccountID: acc.ID, Title: title, Link: Link(o.ID)}); err != nil {
				return err
			}
		}
	}
	return st.Audit(ctx, by.Audit("opinion.close", "opinion", o.ID, b.OrgID,
		fmt.Sprintf("%d agree of base %d: passed=%t", agree, o.Base, passed)))
}

// CloseDue closes the requests whose deadline has passed; the job queue
// runs it every minute on one instance.
func (s *Service) CloseDue(ctx context.Context) (int, error) {
	due, err := s.st.DueOpinions(ctx, s.st.Now())
	if err != nil {
		return 0, err
	}
	n := 0
	for i := range due {
		err := s.st.InTx(ctx, func(st *store.Store) error { return closeOne(ctx, st, &due[i], sweeper) })
		switch {
		case errors.Is(err, model.ErrNotFound): // closed by hand meanwhile
		case err != nil:
			return n, err
		default:
			n++
		}
	}
	return n, nil
}

// sweeper is who the audit log names for what the clock does.
var sweeper = &auth.Actor{Account: model.Account{Username: "system"}}

// ClosedBetween lists a body's requests closed in (after, before]: the
// decisions taken in writing since the body's previous meeting.
func (s *Service) ClosedBetween(ctx context.Context, a *auth.Actor, bodyID int64, after, before time.Time) ([]Summary, error) {
	b, err := s.body(ctx, a, bodyID)
	if err != nil {
		return nil, err
	}
	if after.IsZero() {
		after = time.Unix(0, 0)
	}
	out, err := s.list(ctx, b, store.OpinionQuery{BodyID: b.ID, ClosedAfter: after, ClosedBefore: before})
	slices.SortFunc(out, func(x, y Summary) int { return x.ClosedAt.Compare(*y.ClosedAt) })
	return out, err
}

// ForMeeting lists the decisions a meeting takes note of: its body's
// requests closed after the previous meeting (not cancelled) began, up to
// this meeting's start, or up to now while the meeting is still ahead.
func (s *Service) ForMeeting(ctx context.Context, a *auth.Actor, m *model.Meeting) ([]Summary, error) {
	if !asks(m.Body) {
		return nil, nil
	}
	prev, err := s.st.Meetings(ctx, store.MeetingQuery{BodyIDs: []int64{m.BodyID}, To: m.StartsAt, Desc: true, Limit: 20})
	if err != nil {
		return nil, err
	}
	var after time.Time
	for _, p := range prev {
		if p.ID != m.ID && p.State != model.StateCancelled {
			after = p.StartsAt
			break
		}
	}
	// A meeting ahead lists what is closed so far; one under way or past
	// what was closed up to its start.
	before := m.StartsAt
	if now := s.st.Now(); now.Before(before) {
		before = now
	}
	return s.ClosedBetween(ctx, a, m.BodyID, after, before)
}

// Remind reminds the members who have not answered, with a notice and an
// e-mail each, at most once an hour each; it returns how many were reminded.
func (s *Service) Remind(ctx context.Context, a *auth.Actor, id int64) (int, error) {
	r, err := s.Get(ctx, a, id)
	if err != nil {
		return 0, err
	}
	if !r.CanManage {
		return 0, model.Deny("opinion.not_preparer")
	}
	if !r.Open {
		return 0, model.Refuse("opinion.closed")
	}
	if len(r.Silent) == 0 {
		return 0, model.Refuse("opinion.nobody_silent")
	}
	hour := s.st.Now().Truncate(time.Hour).Unix()
	n := 0
	err = s.st.InTx(ctx, func(st *store.Store) error {
		n = 0
		var err error
		if n, err = remind(ctx, st, &r.OpinionRequest, r.Silent, fmt.Sprint(hour)); err != nil {
			return err
		}
		if n == 0 {
			return model.Refuse("opinion.reminded_recently")
		}
		return st.Audit(ctx, a.Audit("opinion.remind", "opinion", id, r.Body.OrgID, fmt.Sprintf("%d members", n)))
	})
	return n, err
}

// RemindDue is the automatic reminder of one request, 24 hours before its
// deadline: each silent member once, never again, however often it runs.
func (s *Service) RemindDue(ctx context.Context, requestID int64) (int, error) {
	o, err := s.st.Opinion(ctx, requestID)
	if errors.Is(err, model.ErrNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	if o.State != model.OpinionOpen || !s.st.Now().Before(o.Deadline) {
		return 0, nil
	}
	n := 0
	err = s.st.InTx(ctx, func(st *store.Store) error {
		vs, err := voters(ctx, st, o)
		if err != nil {
			return err
		}
		answers, err := st.OpinionAnswers(ctx, o.ID)
		if err != nil {
			return err
		}
		answered := map[int64]bool{}
		for _, x := range answers {
			answered[x.PersonID] = true
		}
		var silent []model.Person
		for _, p := range vs {
			if !answered[p.ID] {
				silent = append(silent, p)
			}
		}
		n, err = remind(ctx, st, o, silent, "auto")
		return err
	})
	return n, err
}

// remind queues a reminder mail for each silent member under a key made of
// the request, the member and tag, and gives a notice to those whose key is
// new: a reminder is never sent twice under one tag.
func remind(ctx context.Context, st *store.Store, o *model.OpinionRequest, silent []model.Person, tag string) (int, error) {
	title := model.M("notice.opinion_reminder", o.Title, vntext.DateTime(o.Deadline))
	n := 0
	for _, p := range silent {
		created, err := enqueueMail(ctx, st, MailPayload{RequestID: o.ID, PersonID: p.ID, Reminder: true},
			fmt.Sprintf("%s:%d:%d:remind:%s", MailJob, o.ID, p.ID, tag))
		if err != nil {
			return 0, err
		}
		if !created {
			continue
		}
		n++
		if err := notice(ctx, st, p.ID, title, Link(o.ID)); err != nil {
			return 0, err
		}
	}
	return n, nil
}

// File reads the file sent with a request.
func (s *Service) File(ctx context.Context, a *auth.Actor, id int64) (*model.File, []byte, error) {
	o, err := s.st.Opinion(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if _, err := s.body(ctx, a, o.BodyID); err != nil {
		return nil, nil, err
	}
	if o.FileID == 0 {
		return nil, nil, model.ErrNotFound
	}
	f, err := s.st.FileInfo(ctx, o.FileID)
	if err != nil {
		return nil, nil, err
	}
	data, err := s.st.FileData(ctx, o.FileID)
	return f, data, err
}

// notice gives a person's account, if they have one, an in-app notice in
// its language.
func notice(ctx context.Context, st *store.Store, personID int64, title model.Msg, link string) error {
	acc, err := st.AccountByPerson(ctx, personID)
	if errors.Is(err, model.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	return st.AddNotice(ctx, &model.Notice{AccountID: acc.ID, Title: i18n.Msg(acc.Locale, title), Link: link})
}

// Link is a request's page.
func Link(id int64) string { return fmt.Sprintf("/opinions/%d", id) }
