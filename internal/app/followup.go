package app

import (
	"context"
	"encoding/json"
	"time"

	"nghisu/internal/followup"
	"nghisu/internal/jobs"
	"nghisu/internal/notify"
)

// registerFollowupJobs tells the runner how to send the tasks' reminders,
// and to look for the tasks due soon or overdue once a day: the periodic
// job's key is its day, so one instance runs it; each task and reason is
// reminded of once (Store.MarkTaskReminder).
func (a *App) registerFollowupJobs(r *jobs.Runner) {
	r.Handle(followup.MailJob, func(ctx context.Context, payload []byte) error {
		var p followup.MailPayload
		if err := json.Unmarshal(payload, &p); err != nil {
			return jobs.Fail(err)
		}
		mail, err := a.Followup.Mail(ctx, p, a.BaseURL())
		if err != nil || mail == nil {
			return err
		}
		if err := a.Mailer.Send(ctx, *mail); err != nil {
			if notify.Temporary(err) {
				return err
			}
			return jobs.Fail(err)
		}
		return nil
	})
	r.Handle(followup.RemindJob, func(ctx context.Context, _ []byte) error {
		_, err := a.Followup.Remind(ctx)
		return err
	})
	r.Every(followup.RemindJob, 24*time.Hour, nil)
}
