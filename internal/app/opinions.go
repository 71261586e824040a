package app

import (
	"context"
	"encoding/json"
	"time"

	"nghisu/internal/jobs"
	"nghisu/internal/notify"
	"nghisu/internal/opinion"
)

// registerOpinionJobs tells the runner how to send the written opinion
// requests and their reminders, and to close the requests due every minute.
func (a *App) registerOpinionJobs(r *jobs.Runner) {
	r.Handle(opinion.MailJob, func(ctx context.Context, payload []byte) error {
		var p opinion.MailPayload
		if err := json.Unmarshal(payload, &p); err != nil {
			return jobs.Fail(err)
		}
		mail, err := a.Opinions.Mail(ctx, p, a.BaseURL())
		if err != nil || mail == nil {
			return err // nil: no address, or nothing left to remind of
		}
		if err := a.Mailer.Send(ctx, *mail); err != nil {
			if notify.Temporary(err) {
				return err
			}
			return jobs.Fail(err)
		}
		return nil
	})
	r.Handle(opinion.RemindJob, func(ctx context.Context, payload []byte) error {
		var p opinion.MailPayload
		if err := json.Unmarshal(payload, &p); err != nil {
			return jobs.Fail(err)
		}
		_, err := a.Opinions.RemindDue(ctx, p.RequestID)
		return err
	})
	r.Handle(opinion.CloseJob, func(ctx context.Context, _ []byte) error {
		_, err := a.Opinions.CloseDue(ctx)
		return err
	})
	r.Every(opinion.CloseJob, time.Minute, nil)
}
