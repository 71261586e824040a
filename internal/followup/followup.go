// Package followup is what happens after a decision: the tasks it sets,
// with an owner, a deadline and an expected result; the owners' progress
// reports (history kept, never rewritten); overdue detection and reminders;
// the review that opens the body's next regular meeting; and the matrix of
// who owns what, with the overlaps it reveals.
//
// Decisions of this package, so that they are made once:
//   - A task belongs to a commune. Its owner and co-owners are a person of
//     the commune, a body (BCH, BTV, UBKT) of the commune, or the commune or
//     an organisation it leads (its child orgs); the name is kept as it was
//     when assigned.
//   - The commune's record keepers (meeting.Preparer) create tasks and
//     conclude them (extend, close, reassign). Owners report: the person
//     owner's own account, any account scoped to the owner organisation, or
//     the keepers on their behalf.
//   - The commune's people and the province see all its tasks; an account
//     scoped to an organisation the commune leads (a UBND account) sees the
//     tasks that organisation owns or co-owns, and nothing else of the
//     commune's (its meetings stay out of its scope).
//   - A task's status is its latest report, except that once its deadline
//     day (Asia/Ho_Chi_Minh) has passed and it is neither done nor
//     cancelled it is late (StatusAt).
package followup

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"nghisu/internal/auth"
	"nghisu/internal/drafting"
	"nghisu/internal/i18n"
	"nghisu/internal/meeting"
	"nghisu/internal/model"
	"nghisu/internal/org"
	"nghisu/internal/store"
	"nghisu/internal/vntext"
)

// Job kinds this package queues; the app registers their handlers.
const (
	// RemindJob looks once a day for the tasks due in RemindBefore days
	// and those whose deadline has passed, and reminds their owners.
	RemindJob = "tasks.remind"
	// MailJob mails one account a reminder of one task.
	MailJob = "mail.task"
)

// RemindBefore is how many days before its deadline a task's owners are
// reminded.
const RemindBefore = 3

// Limits of the texts.
const (
	maxTitle = 300
	maxText  = 5000
)

// ReviewSource adds lines to a meeting's review (the targets, built
// elsewhere): the lines for the commune's meeting m, for what is due or
// changed since since (zero: no earlier meeting).
type ReviewSource func(ctx context.Context, m *model.Meeting, since time.Time) ([]string, error)

// Service keeps the tasks.
type Service struct {
	st        *store.Store
	orgs      *org.Service
	meetings  *meeting.Service
	maxUpload int64
	// ReviewSource, when set, adds its lines to every review after the
	// tasks' (the hook for the targets).
	ReviewSource ReviewSource
}

// New returns the service; maxUpload caps an evidence file in bytes.
func New(st *store.Store, orgs *org.Service, meetings *meeting.Service, maxUpload int64) *Service {
	if maxUpload <= 0 {
		maxUpload = 20 << 20
	}
	return &Service{st: st, orgs: orgs, meetings: meetings, maxUpload: maxUpload}
}

// Today is the day in Vietnam now.
func (s *Service) Today() model.Date { return model.DateOf(s.st.Now().In(vntext.Location())) }

// StatusAt is a task's status at now: the reported status, or late when
// the deadline day (in Vietnam) has passed and the task is still open.
func StatusAt(reported model.TaskStatus, due model.Date, now time.Time) model.TaskStatus {
	if reported.Closed() || due.IsZero() {
		return reported
	}
	if model.DateOf(now.In(vntext.Location())).After(due) {
		return model.TaskLate
	}
	return reported
}

func (s *Service) settle(t *model.Task) { t.Status = StatusAt(t.Reported, t.DueOn, s.st.Now()) }

// commune reads a commune the actor may reach: its own scope covers it, or
// the actor's scope is an organisation the commune leads.
func (s *Service) commune(ctx context.Context, a *auth.Actor, id int64) (*model.Org, error) {
	o, err := s.st.Org(ctx, id)
	if err != nil {
		return nil, err
	}
	if o.Kind != model.OrgCommune || !(a.Sees(o) || scopedOrg(a, o) != 0) {
		return nil, model.ErrNotFound
	}
	return o, nil
}

// scopedOrg is the organisation led by commune an actor's account is
// scoped to, 0 when none.
func scopedOrg(a *auth.Actor, commune *model.Org) int64 {
	if a.Scope.ParentID == commune.ID && a.Scope.ID != 0 && a.Scope.Kind != model.OrgCommune &&
		(a.Role() == model.RoleOffice || a.Role() == model.RoleMember) {
		return a.Scope.ID
	}
	return 0
}

// Keeper reports whether the actor keeps the commune's tasks.
func Keeper(a *auth.Actor, commune *model.Org) bool { return meeting.Preparer(a, commune) }

func owns(t *model.Task, kind model.OwnerKind, id int64) bool {
	for _, o := range t.Owners() {
		if o.Kind == kind && o.ID == id {
			return true
		}
	}
	return false
}

func seesTask(a *auth.Actor, commune *model.Org, t *model.Task) bool {
	if a.Sees(commune) {
		return true
	}
	org := scopedOrg(a, commune)
	return org != 0 && owns(t, model.OwnerOrg, org)
}

// mayReport: the keepers, a person owner's own account, an account scoped
// to an owner organisation.
func mayReport(a *auth.Actor, commune *model.Org, t *model.Task) bool {
	if Keeper(a, commune) {
		return true
	}
	if a.Account.PersonID != 0 && a.Sees(commune) && owns(t, model.OwnerPerson, a.Account.PersonID) {
		return true
	}
	org := scopedOrg(a, commune)
	return org != 0 && owns(t, model.OwnerOrg, org)
}

// Detail is a task as a reader sees it.
type Detail struct {
	Task      model.Task        `json:"task"`
	Commune   *model.Org        `json:"-"`
	History   []model.TaskEvent `json:"history"`
	CanReport bool              `json:"can_report"`
	CanManage bool              `json:"can_manage"`
}

// task reads a task the actor may see, with its commune.
func (s *Service) task(ctx context.Context, a *auth.Actor, id int64) (*model.Task, *model.Org, error) {
	t, err := s.st.Task(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	c, err := s.st.Org(ctx, t.CommuneID)
	if err != nil {
		return nil, nil, err
	}
	if !seesTask(a, c, t) {
		return nil, nil, model.ErrNotFound
	}
	s.settle(t)
	return t, c, nil
}

// Get reads a task with its history.
func (s *Service) Get(ctx context.Context, a *auth.Actor, id int64) (*Detail, error) {
	t, c, err := s.task(ctx, a, id)
	if err != nil {
		return nil, err
	}
	h, err := s.st.TaskEvents(ctx, t.ID)
	if err != nil {
		return nil, err
	}
	return &Detail{Task: *t, Commune: c, History: h, CanReport: mayReport(a, c, t) && !t.Reported.Closed(),
		CanManage: Keeper(a, c) && !t.Reported.Closed()}, nil
}

// Filter selects tasks of a list.
type Filter struct {
	Status model.TaskStatus // "" any; the computed status
	Owner  *model.Owner     // nil any
	Open   bool
}

// List is a commune's tasks the actor sees, late ones first, then by
// deadline.
func (s *Service) List(ctx context.Context, a *auth.Actor, communeID int64, f Filter) ([]model.Task, error) {
	c, err := s.commune(ctx, a, communeID)
	if err != nil {
		return nil, err
	}
	ts, err := s.st.Tasks(ctx, store.TaskQuery{CommuneID: c.ID, Owner: f.Owner, Open: f.Open})
	if err != nil {
		return nil, err
	}
	out := ts[:0]
	for _, t := range ts {
		if !seesTask(a, c, &t) {
			continue
		}
		s.settle(&t)
		if f.Status != "" && t.Status != f.Status {
			continue
		}
		out = append(out, t)
	}
	sortLateFirst(out)
	return out, nil
}

func sortLateFirst(ts []model.Task) {
	// Stable: the store's order (deadline, id) stays within each group.
	late := make([]model.Task, 0, len(ts))
	rest := make([]model.Task, 0, len(ts))
	for _, t := range ts {
		if t.Status == model.TaskLate {
			late = append(late, t)
		} else {
			rest = append(rest, t)
		}
	}
	copy(ts, append(late, rest...))
}

// Commune reads a commune whose tasks the actor may list, and whether the
// actor keeps them.
func (s *Service) Commune(ctx context.Context, a *auth.Actor, id int64) (*model.Org, bool, error) {
	c, err := s.commune(ctx, a, id)
	if err != nil {
		return nil, false, err
	}
	return c, Keeper(a, c), nil
}

// Input creates a task.
type Input struct {
	Title      string        `json:"title"`
	Subject    string        `json:"subject"`
	Owner      model.Owner   `json:"owner"`
	CoOwners   []model.Owner `json:"co_owners"`
	Lead       bool          `json:"lead"`
	StartOn    model.Date    `json:"start_on"`
	DueOn      model.Date    `json:"due_on"`
	Expected   string        `json:"expected"`
	SourceKind string        `json:"source_kind"`
	SourceID   int64         `json:"source_id"`
	SourcePara int           `json:"source_para"`
	SourceText string        `json:"source_text"`
	// ProgramEntryID links the task to the work program's entry it
	// carries out (0: none).
	ProgramEntryID int64 `json:"program_entry_id,omitempty"`
}

// Owner resolves an owner of the commune, with its name; ok is false when
// the owner is not the commune's.
func (s *Service) owner(ctx context.Context, commune *model.Org, o model.Owner) (model.Owner, bool, error) {
	return org.Owner(ctx, s.st, commune, o)
}

// Owners lists who may own the commune's tasks: the commune, the
// organisations it leads, its bodies and its people.
func (s *Service) Owners(ctx context.Context, a *auth.Actor, communeID int64) ([]model.Owner, error) {
	c, err := s.commune(ctx, a, communeID)
	if err != nil {
		return nil, err
	}
	out := []model.Owner{{Kind: model.OwnerOrg, ID: c.ID, Name: c.Name}}
	kids, err := s.st.Children(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	for _, k := range kids {
		out = append(out, model.Owner{Kind: model.OwnerOrg, ID: k.ID, Name: k.Name})
	}
	bodies, err := s.st.Bodies(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	// The bodies of earlier terms own their old tasks, not new ones.
	for _, b := range model.CurrentBodies(bodies, model.DateOf(s.st.Now().In(vntext.Location()))) {
		out = append(out, model.Owner{Kind: model.OwnerBody, ID: b.ID, Name: i18n.T(i18n.Default, "bodykind."+string(b.Kind))})
	}
	people, err := s.st.People(ctx, store.PeopleQuery{OrgID: c.ID, Limit: 500})
	if err != nil {
		return nil, err
	}
	for _, p := range people {
		out = append(out, model.Owner{Kind: model.OwnerPerson, ID: p.ID, Name: p.FullName})
	}
	return out, nil
}

// entryOf reports whether a work program's entry belongs to one of the
// commune's bodies.
func (s *Service) entryOf(ctx context.Context, commune *model.Org, id int64) (bool, error) {
	e, err := s.st.ProgramEntry(ctx, id)
	if errors.Is(err, model.ErrNotFound) {
		return false, nil
	} else if err != nil {
		return false, err
	}
	p, err := s.st.Program(ctx, e.ProgramID)
	if err != nil {
		return false, err
	}
	b, err := s.st.Body(ctx, p.BodyID)
	if err != nil {
		return false, err
	}
	return b.OrgID == commune.ID, nil
}

// source checks a task's source and quotes it.
func (s *Service) source(ctx context.Context, commune *model.Org, in *Input, v *model.ValidationError) error {
	switch in.SourceKind {
	case model.TaskSourceNone:
		in.SourceID, in.SourcePara = 0, 0
	case model.TaskSourceIssued:
		d, err := s.st.Issued(ctx, in.SourceID)
		if errors.Is(err, model.ErrNotFound) || err == nil && d.OrgID != commune.ID {
			v.Add("source_id", "task.source_unknown")
			return nil
		}
		if err != nil {
			return err
		}
		paras := strings.Split(d.Text, "\n")
		if in.SourcePara < 1 || in.SourcePara > len(paras) || strings.TrimSpace(paras[in.SourcePara-1]) == "" {
			v.Add("source_para", "task.source_para_invalid", len(paras))
			return nil
		}
		in.SourceText = vntext.CleanLine(paras[in.SourcePara-1])
	case model.TaskSourceItem:
		it, err := s.st.Item(ctx, in.SourceID)
		if errors.Is(err, model.ErrNotFound) {
			v.Add("source_id", "task.source_unknown")
			return nil
		}
		if err != nil {
			return err
		}
		m, err := s.st.Meeting(ctx, it.MeetingID)
		if err != nil {
			return err
		}
		if m.Body.OrgID != commune.ID {
			v.Add("source_id", "task.source_unknown")
			return nil
		}
		in.SourcePara = 0
		if in.SourceText == "" {
			in.SourceText = vntext.Clean(it.Conclusion)
		}
		if in.SourceText == "" {
			in.SourceText = it.Title
		}
	case model.TaskSourceOpinion:
		o, err := s.st.Opinion(ctx, in.SourceID)
		if errors.Is(err, model.ErrNotFound) {
			v.Add("source_id", "task.source_unknown")
			return nil
		}
		if err != nil {
			return err
		}
		b, err := s.st.Body(ctx, o.BodyID)
		if err != nil {
			return err
		}
		if b.OrgID != commune.ID {
			v.Add("source_id", "task.source_unknown")
			return nil
		}
		in.SourcePara = 0
		if in.SourceText == "" {
			in.SourceText = o.Title + ": " + o.Question
		}
	case model.TaskSourceUpper:
		// A document of the province (or above it) the commune follows.
		u, err := s.st.Upper(ctx, in.SourceID)
		if errors.Is(err, model.ErrNotFound) || err == nil && u.OrgID != commune.ParentID {
			v.Add("source_id", "task.source_unknown")
			return nil
		}
		if err != nil {
			return err
		}
		in.SourcePara = 0
		if in.SourceText == "" {
			in.SourceText = u.Symbol + ": " + u.Title
		}
	default:
		v.Add("source_kind", "task.source_unknown")
	}
	return nil
}

// Create records a task set by a decision of the commune.
func (s *Service) Create(ctx context.Context, a *auth.Actor, communeID int64, in Input) (*model.Task, error) {
	c, err := s.commune(ctx, a, communeID)
	if err != nil {
		return nil, err
	}
	if !Keeper(a, c) {
		return nil, model.Deny("task.not_keeper")
	}
	in.Title, in.Subject = vntext.CleanLine(in.Title), vntext.CleanLine(in.Subject)
	in.Expected, in.SourceText = vntext.Clean(in.Expected), vntext.Clean(in.SourceText)
	v := &model.ValidationError{}
	switch n := len([]rune(in.Title)); {
	case n == 0:
		v.Add("title", "field.required")
	case n > maxTitle:
		v.Add("title", "field.too_long", maxTitle)
	}
	if len([]rune(in.Subject)) > maxTitle {
		v.Add("subject", "field.too_long", maxTitle)
	}
	if len([]rune(in.Expected)) > maxText {
		v.Add("expected", "field.too_long", maxText)
	}
	if in.Subject == "" {
		in.Subject = in.Title
	}
	if in.StartOn.IsZero() {
		in.StartOn = s.Today()
	}
	if in.DueOn.IsZero() {
		v.Add("due_on", "field.required")
	} else if in.DueOn.Before(in.StartOn) {
		v.Add("due_on", "task.due_before_start")
	}
	owner, ok, err := s.owner(ctx, c, in.Owner)
	if err != nil {
		return nil, err
	}
	if !ok {
		v.Add("owner", "task.owner_outside")
	}
	var co []model.Owner
	seen := map[model.Owner]bool{{Kind: owner.Kind, ID: owner.ID}: true}
	for _, o := range in.CoOwners {
		r, ok, err := s.owner(ctx, c, o)
		if err != nil {
			return nil, err
		}
		if !ok {
			v.Add("co_owners", "task.owner_outside")
			break
		}
		if k := (model.Owner{Kind: r.Kind, ID: r.ID}); !seen[k] {
			seen[k] = true
			co = append(co, r)
		}
	}
	if err := s.source(ctx, c, &in, v); err != nil {
		return nil, err
	}
	if in.ProgramEntryID != 0 {
		if ok, err := s.entryOf(ctx, c, in.ProgramEntryID); err != nil {
			return nil, err
		} else if !ok {
			v.Add("program_entry_id", "task.entry_unknown")
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	t := &model.Task{CommuneID: c.ID, Title: in.Title, Subject: in.Subject, Owner: owner, CoOwners: co, Lead: in.Lead,
		StartOn: in.StartOn, DueOn: in.DueOn, Expected: in.Expected, SourceKind: in.SourceKind, SourceID: in.SourceID,
		SourcePara: in.SourcePara, SourceText: in.SourceText, Reported: model.TaskNotStarted, CreatedBy: a.Account.ID,
		ProgramEntryID: in.ProgramEntryID}
	err = s.st.InTx(ctx, func(st *store.Store) error {
		if err := st.CreateTask(ctx, t); err != nil {
			return err
		}
		if t.SourceKind == model.TaskSourceUpper {
			// The province's table of the document shows how many tasks
			// each commune derived from it.
			n, err := st.CountTasksFrom(ctx, c.ID, t.SourceKind, t.SourceID)
			if err != nil {
				return err
			}
			if err := st.SetTasksDerived(ctx, t.SourceID, c.ID, n); err != nil {
				return err
			}
		}
		if err := st.AddTaskEvent(ctx, &model.TaskEvent{TaskID: t.ID, Kind: model.TaskEventCreate, Status: t.Reported,
			AccountID: a.Account.ID, ByName: byName(a), DueOn: t.DueOn, Owner: &t.Owner}); err != nil {
			return err
		}
		return st.Audit(ctx, a.Audit("task.create", "task", t.ID, c.ID, t.Title))
	})
	if err != nil {
		return nil, err
	}
	s.settle(t)
	return t, nil
}

func byName(a *auth.Actor) string { return a.Account.Username }

// ReportInput is an owner's progress report.
type ReportInput struct {
	Status   model.TaskStatus `json:"status"`
	Percent  int              `json:"percent"`
	Note     string           `json:"note"`
	FileName string           `json:"-"`
	File     []byte           `json:"-"`
}

// Report records an owner's progress report.
func (s *Service) Report(ctx context.Context, a *auth.Actor, taskID int64, in ReportInput) (*model.Task, error) {
	t, c, err := s.task(ctx, a, taskID)
	if err != nil {
		return nil, err
	}
	if !mayReport(a, c, t) {
		return nil, model.Deny("task.not_owner")
	}
	if t.Reported.Closed() {
		return nil, model.Refuse("task.closed")
	}
	in.Note = vntext.Clean(in.Note)
	v := &model.ValidationError{}
	if !in.Status.Valid() {
		v.Add("status", "task.status_invalid")
	}
	if in.Percent < 0 || in.Percent > 100 {
		v.Add("percent", "task.percent_invalid")
	}
	if in.Status == model.TaskCancelled && in.Note == "" {
		v.Add("note", "task.reason_required")
	}
	if len([]rune(in.Note)) > maxText {
		v.Add("note", "field.too_long", maxText)
	}
	var ctype string
	if len(in.File) > 0 {
		if int64(len(in.File)) > s.maxUpload {
			v.Add("file", "file.too_big", s.maxUpload>>20)
		} else if ct, err := drafting.Sniff(in.FileName, in.File); err != nil {
			var r *model.Refusal
			if errors.As(err, &r) {
				v.Add("file", r.Msg.Key, r.Msg.Args...)
			} else {
				return nil, err
			}
		} else {
			ctype = ct
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if in.Status == model.TaskDone {
		in.Percent = 100
	}
	err = s.st.InTx(ctx, func(st *store.Store) error {
		if err := st.LockOpenTask(ctx, t.ID); errors.Is(err, model.ErrNotFound) {
			return model.Refuse("task.closed")
		} else if err != nil {
			return err
		}
		e := &model.TaskEvent{TaskID: t.ID, Kind: model.TaskEventReport, Status: in.Status, Percent: in.Percent,
			Note: in.Note, AccountID: a.Account.ID, ByName: byName(a)}
		if ctype != "" {
			f, err := st.SaveFile(ctx, vntext.CleanLine(in.FileName), ctype, in.File)
			if err != nil {
				return err
			}
			e.FileID = f.ID
		}
		if err := st.AddTaskEvent(ctx, e); err != nil {
			return err
		}
		t.Reported, t.Percent, t.Note = in.Status, in.Percent, in.Note
		if in.Status == model.TaskCancelled {
			t.ClosedReason = in.Note
		}
		if err := st.UpdateTask(ctx, t); err != nil {
			return err
		}
		return st.Audit(ctx, a.Audit("task.report", "task", t.ID, c.ID, string(in.Status)))
	})
	if err != nil {
		return nil, err
	}
	s.settle(t)
	return t, nil
}

// conclude applies a keeper's conclusion to an open task.
func (s *Service) conclude(ctx context.Context, a *auth.Actor, taskID int64, check func(*model.Task, *model.Org, *model.ValidationError) error,
	apply func(*model.Task, *model.TaskEvent)) (*model.Task, error) {
	t, c, err := s.task(ctx, a, taskID)
	if err != nil {
		return nil, err
	}
	if !Keeper(a, c) {
		return nil, model.Deny("task.not_keeper")
	}
	if t.Reported.Closed() {
		return nil, model.Refuse("task.closed")
	}
	v := &model.ValidationError{}
	if err := check(t, c, v); err != nil {
		return nil, err
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	e := &model.TaskEvent{TaskID: t.ID, Status: t.Reported, Percent: t.Percent, AccountID: a.Account.ID, ByName: byName(a)}
	apply(t, e)
	err = s.st.InTx(ctx, func(st *store.Store) error {
		if err := st.LockOpenTask(ctx, t.ID); errors.Is(err, model.ErrNotFound) {
			return model.Refuse("task.closed")
		} else if err != nil {
			return err
		}
		if err := st.AddTaskEvent(ctx, e); err != nil {
			return err
		}
		if err := st.UpdateTask(ctx, t); err != nil {
			return err
		}
		return st.Audit(ctx, a.Audit("task."+e.Kind, "task", t.ID, c.ID, e.Note))
	})
	if err != nil {
		return nil, err
	}
	s.settle(t)
	return t, nil
}

func reason(v *model.ValidationError, r *string) {
	*r = vntext.Clean(*r)
	if *r == "" {
		v.Add("reason", "task.reason_required")
	} else if len([]rune(*r)) > maxText {
		v.Add("reason", "field.too_long", maxText)
	}
}

// Extend moves an open task's deadline, for a reason.
func (s *Service) Extend(ctx context.Context, a *auth.Actor, taskID int64, due model.Date, why string) (*model.Task, error) {
	return s.conclude(ctx, a, taskID, func(t *model.Task, _ *model.Org, v *model.ValidationError) error {
		if due.IsZero() {
			v.Add("due_on", "field.required")
		} else if !due.After(t.DueOn) {
			v.Add("due_on", "task.extend_not_later")
		}
		reason(v, &why)
		return nil
	}, func(t *model.Task, e *model.TaskEvent) {
		e.Kind, e.DueOn, e.Note = model.TaskEventExtend, due, why
		t.DueOn = due
	})
}

// Close ends an open task: done, or cancelled for a reason.
func (s *Service) Close(ctx context.Context, a *auth.Actor, taskID int64, done bool, why string) (*model.Task, error) {
	return s.conclude(ctx, a, taskID, func(_ *model.Task, _ *model.Org, v *model.ValidationError) error {
		if why = vntext.Clean(why); !done {
			reason(v, &why)
		}
		return nil
	}, func(t *model.Task, e *model.TaskEvent) {
		e.Kind, e.Note = model.TaskEventClose, why
		if done {
			t.Reported, t.Percent = model.TaskDone, 100
		} else {
			t.Reported, t.ClosedReason = model.TaskCancelled, why
		}
		e.Status, e.Percent = t.Reported, t.Percent
	})
}

// Reassign gives an open task to another owner of the commune.
func (s *Service) Reassign(ctx context.Context, a *auth.Actor, taskID int64, to model.Owner, why string) (*model.Task, error) {
	var owner model.Owner
	return s.conclude(ctx, a, taskID, func(t *model.Task, c *model.Org, v *model.ValidationError) error {
		o, ok, err := s.owner(ctx, c, to)
		if err != nil {
			return err
		}
		if !ok {
			v.Add("owner", "task.owner_outside")
		} else if o.Kind == t.Owner.Kind && o.ID == t.Owner.ID {
			v.Add("owner", "task.same_owner")
		}
		reason(v, &why)
		owner = o
		return nil
	}, func(t *model.Task, e *model.TaskEvent) {
		e.Kind, e.Note, e.Owner = model.TaskEventReassign, why, &owner
		t.Owner = owner
	})
}

// EvidenceFile reads a file sent with one of a task's reports.
func (s *Service) EvidenceFile(ctx context.Context, a *auth.Actor, taskID, fileID int64) (*model.File, []byte, error) {
	t, _, err := s.task(ctx, a, taskID)
	if err != nil {
		return nil, nil, err
	}
	h, err := s.st.TaskEvents(ctx, t.ID)
	if err != nil {
		return nil, nil, err
	}
	for _, e := range h {
		if e.FileID == fileID {
			f, err := s.st.FileInfo(ctx, fileID)
			if err != nil {
				return nil, nil, err
			}
			data, err := s.st.FileData(ctx, fileID)
			return f, data, err
		}
	}
	return nil, nil, model.ErrNotFound
}

// ParseOwner reads an owner written "kind:id" (as forms send it).
func ParseOwner(s string) (model.Owner, bool) {
	kind, id, ok := strings.Cut(s, ":")
	if !ok {
		return model.Owner{}, false
	}
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil || n <= 0 || !model.OwnerKind(kind).Valid() {
		return model.Owner{}, false
	}
	return model.Owner{Kind: model.OwnerKind(kind), ID: n}, true
}

// OwnerKey writes an owner as "kind:id".
func OwnerKey(o model.Owner) string { return string(o.Kind) + ":" + strconv.FormatInt(o.ID, 10) }
