package app

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"nghisu/internal/drafting"
	"nghisu/internal/jobs"
	"nghisu/internal/notify"
	"nghisu/internal/store"
)

// mailer is the configured SMTP server, or a log of what would be sent.
func (a *App) mailer() notify.Mailer {
	if a.Cfg.SMTPHost == "" {
		return notify.Log{Logger: a.Log}
	}
	return &notify.SMTP{Host: a.Cfg.SMTPHost, Port: a.Cfg.SMTPPort, Username: a.Cfg.SMTPUser, Password: a.Cfg.SMTPPassword,
		Security: a.Cfg.SMTPSecurity, From: notify.Address{Name: "nghisu", Email: a.Cfg.SMTPFrom}}
}

// hooks queue the drafting domain's mails in its own transactions.
func hooks() drafting.Hooks {
	queue := func(kind string) func(ctx context.Context, st *store.Store, id, personID int64) error {
		return func(ctx context.Context, st *store.Store, id, personID int64) error {
			p := drafting.MailPayload{PersonID: personID}
			if kind == drafting.InviteJob {
				p.MeetingID = id
			} else {
				p.RoundID = id
			}
			return jobs.Enqueue(ctx, st, kind, p, st.Now())
		}
	}
	return drafting.Hooks{Invite: queue(drafting.InviteJob), ReviewOpened: queue(drafting.ReviewJob)}
}

// registerJobs tells the runner how to do each kind of queued work.
func (a *App) registerJobs(r *jobs.Runner) {
	m := a.Mailer
	send := func(build func(ctx context.Context, p drafting.MailPayload, base string) (*notify.Mail, error)) jobs.Handler {
		return func(ctx context.Context, payload []byte) error {
			var p drafting.MailPayload
			if err := json.Unmarshal(payload, &p); err != nil {
				return jobs.Fail(err)
			}
			mail, err := build(ctx, p, a.BaseURL())
			if err != nil || mail == nil {
				return err // no address: nothing to send
			}
			if err := m.Send(ctx, *mail); err != nil {
				if notify.Temporary(err) {
					return err
				}
				return jobs.Fail(err)
			}
			return nil
		}
	}
	r.Handle(drafting.InviteJob, send(a.Drafting.InvitationMail))
	r.Handle(drafting.ReviewJob, send(a.Drafting.ReviewMail))
	r.Handle("reviews.close", func(ctx context.Context, _ []byte) error {
		_, err := a.Drafting.CloseDue(ctx)
		return err
	})
	r.Every("reviews.close", time.Minute, nil)
	// The event log serves screens that reconnect; a week is far more
	// than any reconnection needs.
	r.Handle("events.prune", func(ctx context.Context, _ []byte) error {
		n, err := a.Store.PruneEvents(ctx, a.Store.Now().Add(-7*24*time.Hour))
		if n > 0 {
			a.Log.Info("pruned events", "count", n)
		}
		return err
	})
	r.Every("events.prune", time.Hour, nil)
	a.registerOpinionJobs(r)
	a.registerFollowupJobs(r)
	a.registerOversightJobs(r)
	// The periodic jobs leave a done row each period; after a week they
	// tell nothing. (One-off jobs stay: their unique keys send a mail once.)
	r.Handle("jobs.prune", func(ctx context.Context, _ []byte) error {
		n, err := a.Store.PruneDoneJobs(ctx, r.PeriodicKinds(), a.Store.Now().Add(-7*24*time.Hour))
		if n > 0 {
			a.Log.Info("pruned periodic jobs", "count", n)
		}
		return err
	})
	r.Every("jobs.prune", time.Hour, nil)
}

// BaseURL is where users reach this installation.
func (a *App) BaseURL() string {
	if a.Cfg.PublicURL != "" {
		return a.Cfg.PublicURL
	}
	return fmt.Sprintf("http://%s", displayAddr(a.Cfg.Addr))
}
