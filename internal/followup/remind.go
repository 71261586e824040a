package followup

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"nghisu/internal/i18n"
	"nghisu/internal/model"
	"nghisu/internal/notify"
	"nghisu/internal/store"
	"nghisu/internal/vntext"
)

// Reminder reasons: a task due soon, a task whose deadline has passed.
const (
	ReasonBefore = "before"
	ReasonAfter  = "after"
)

// reminderKeys are the catalog keys of each reason's notice and mail.
var reminderKeys = map[string]struct{ notice, subject, body string }{
	ReasonBefore: {"notice.task_before", "mail.task_before_subject", "mail.task_before_body"},
	ReasonAfter:  {"notice.task_after", "mail.task_after_subject", "mail.task_after_body"},
}

// lookBack is how far back a passed deadline still earns its reminder, so
// that a day the job did not run is caught up.
const lookBack = 30

// MailPayload names who a queued reminder is for and about which task; the
// mail is built when sent.
type MailPayload struct {
	TaskID    int64  `json:"task_id"`
	AccountID int64  `json:"account_id"`
	Reason    string `json:"reason"`
}

// Link is a task's page.
func Link(id int64) string { return "/tasks/" + strconv.FormatInt(id, 10) }

// recipients are the accounts that answer for a task: a person owner's
// account, the accounts scoped to an owner organisation.
func recipients(ctx context.Context, st *store.Store, t *model.Task) ([]model.Account, error) {
	var out []model.Account
	seen := map[int64]bool{}
	add := func(a model.Account) {
		if !seen[a.ID] && !a.Disabled {
			seen[a.ID] = true
			out = append(out, a)
		}
	}
	for _, o := range t.Owners() {
		switch o.Kind {
		case model.OwnerPerson:
			acc, err := st.AccountByPerson(ctx, o.ID)
			if errors.Is(err, model.ErrNotFound) {
				continue
			}
			if err != nil {
				return nil, err
			}
			add(*acc)
		case model.OwnerOrg:
			g, err := st.Org(ctx, o.ID)
			if err != nil {
				return nil, err
			}
			accs, err := st.AccountsUnder(ctx, g.Path)
			if err != nil {
				return nil, err
			}
			for _, a := range accs {
				if a.OrgID == g.ID {
					add(a)
				}
			}
		}
	}
	return out, nil
}

// Remind sends the day's reminders: to the owners of each open task due
// within RemindBefore days, and of each open task whose deadline has
// passed; each once per task and reason, in-app and by mail. It returns
// how many tasks it reminded of. The job queue runs it once a day.
func (s *Service) Remind(ctx context.Context) (int, error) {
	today := s.Today()
	loc := vntext.Location()
	day := func(n int) model.Date { return model.DateOf(today.Time(loc).AddDate(0, 0, n)) }
	soon, err := s.st.OpenTasksDueBetween(ctx, today, day(RemindBefore))
	if err != nil {
		return 0, err
	}
	passed, err := s.st.OpenTasksDueBetween(ctx, day(-lookBack), day(-1))
	if err != nil {
		return 0, err
	}
	n := 0
	for _, batch := range []struct {
		reason string
		tasks  []model.Task
	}{{ReasonBefore, soon}, {ReasonAfter, passed}} {
		for _, t := range batch.tasks {
			sent, err := s.remind(ctx, t, batch.reason)
			if err != nil {
				return n, err
			}
			if sent {
				n++
			}
		}
	}
	return n, nil
}

func (s *Service) remind(ctx context.Context, t model.Task, reason string) (bool, error) {
	sent := false
	err := s.st.InTx(ctx, func(st *store.Store) error {
		first, err := st.MarkTaskReminder(ctx, t.ID, reason)
		if err != nil || !first {
			return err
		}
		sent = true
		accs, err := recipients(ctx, st, &t)
		if err != nil {
			return err
		}
		due := t.DueOn.Time(vntext.Location()).Format("02/01/2006")
		for _, acc := range accs {
			lang := i18n.Lang(acc.Locale)
			title := i18n.T(lang, reminderKeys[reason].notice, t.Title, due)
			if err := st.AddNotice(ctx, &model.Notice{AccountID: acc.ID, Title: title, Link: Link(t.ID)}); err != nil {
				return err
			}
			b, err := json.Marshal(MailPayload{TaskID: t.ID, AccountID: acc.ID, Reason: reason})
			if err != nil {
				return err
			}
			if _, _, err := st.EnqueueJob(ctx, MailJob, b, st.Now(), fmt.Sprintf("task:%d:%s:%d", t.ID, reason, acc.ID)); err != nil {
				return err
			}
		}
		return nil
	})
	return sent, err
}

// Mail builds a queued reminder; nil when there is nothing to send (no
// address, or the task closed meanwhile).
func (s *Service) Mail(ctx context.Context, p MailPayload, baseURL string) (*notify.Mail, error) {
	t, err := s.st.Task(ctx, p.TaskID)
	if errors.Is(err, model.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if t.Reported.Closed() {
		return nil, nil
	}
	acc, err := s.st.Account(ctx, p.AccountID)
	if errors.Is(err, model.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if acc.PersonID == 0 {
		return nil, nil
	}
	person, err := s.st.Person(ctx, acc.PersonID)
	if err != nil {
		return nil, err
	}
	if person.Email == "" {
		return nil, nil
	}
	keys, ok := reminderKeys[p.Reason]
	if !ok {
		return nil, nil
	}
	lang := i18n.Lang(acc.Locale)
	due := t.DueOn.Time(vntext.Location()).Format("02/01/2006")
	return &notify.Mail{
		To:      []notify.Address{{Name: person.FullName, Email: person.Email}},
		Subject: i18n.T(lang, keys.subject, t.Title),
		Text:    i18n.T(lang, keys.body, person.FullName, t.Title, due, baseURL+Link(t.ID)),
	}, nil
}
