package opinion

import (
	"context"
	"encoding/json"
	"errors"

	"nghisu/internal/i18n"
	"nghisu/internal/model"
	"nghisu/internal/notify"
	"nghisu/internal/store"
	"nghisu/internal/vntext"
)

// MailPayload names who a queued mail is for and about which request; the
// mail is built when sent, from the record as it is then, so the payload
// holds no personal data.
type MailPayload struct {
	RequestID int64 `json:"request_id"`
	PersonID  int64 `json:"person_id,omitempty"`
	Reminder  bool  `json:"reminder,omitempty"`
}

// enqueueMail queues a mail under a unique key; created is false when a
// mail with the key was queued before.
func enqueueMail(ctx context.Context, st *store.Store, p MailPayload, key string) (bool, error) {
	b, err := json.Marshal(p)
	if err != nil {
		return false, err
	}
	_, created, err := st.EnqueueJob(ctx, MailJob, b, st.Now(), key)
	return created, err
}

// Mail builds the mail of a payload: the request, or a reminder of it. It
// is nil when there is nothing to send: no address, or a reminder to a
// member who has answered meanwhile or of a request no longer open.
func (s *Service) Mail(ctx context.Context, p MailPayload, baseURL string) (*notify.Mail, error) {
	o, err := s.st.Opinion(ctx, p.RequestID)
	if errors.Is(err, model.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	person, err := s.st.Person(ctx, p.PersonID)
	if errors.Is(err, model.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if person.Email == "" {
		return nil, nil
	}
	if p.Reminder {
		if o.State != model.OpinionOpen || !s.st.Now().Before(o.Deadline) {
			return nil, nil
		}
		answers, err := s.st.OpinionAnswers(ctx, o.ID)
		if err != nil {
			return nil, err
		}
		for _, a := range answers {
			if a.PersonID == person.ID {
				return nil, nil
			}
		}
	}
	b, err := s.st.Body(ctx, o.BodyID)
	if err != nil {
		return nil, err
	}
	lang := i18n.Default
	if acc, err := s.st.AccountByPerson(ctx, person.ID); err == nil {
		lang = i18n.Lang(acc.Locale)
	}
	subject, body := "mail.opinion_subject", "mail.opinion_body"
	if p.Reminder {
		subject, body = "mail.opinion_reminder_subject", "mail.opinion_reminder_body"
	}
	return &notify.Mail{
		To:      []notify.Address{{Name: person.FullName, Email: person.Email}},
		Subject: i18n.T(lang, subject, o.Title),
		Text: i18n.T(lang, body, person.FullName, i18n.T(lang, "bodykind."+string(b.Kind)), b.Org.Name, o.Title,
			vntext.DateTime(o.Deadline), baseURL+Link(o.ID)),
	}, nil
}
