package drafting

import (
	"context"
	"fmt"
	"strings"
	"time"

	"nghisu/internal/i18n"
	"nghisu/internal/model"
	"nghisu/internal/notify"
	"nghisu/internal/store"
	"nghisu/internal/vntext"
)

// Job kinds of the mails this package asks the queue to send.
const (
	InviteJob = "mail.invite"
	ReviewJob = "mail.review"
)

// MailPayload names who a queued mail is for: it is built when sent, from
// the record as it is then, so the payload holds no personal data.
type MailPayload struct {
	MeetingID int64 `json:"meeting_id,omitempty"`
	RoundID   int64 `json:"round_id,omitempty"`
	PersonID  int64 `json:"person_id"`
}

// langOf is the language of a person's account, Vietnamese without one.
func (s *Service) langOf(ctx context.Context, personID int64) string {
	if acc, err := s.st.AccountByPerson(ctx, personID); err == nil {
		return i18n.Lang(acc.Locale)
	}
	return i18n.Default
}

// MeetingEvent is a meeting as a calendar event.
func (s *Service) MeetingEvent(ctx context.Context, m *model.Meeting, baseURL string) (notify.Event, error) {
	items, err := s.st.Items(ctx, m.ID)
	if err != nil {
		return notify.Event{}, err
	}
	minutes := 0
	var b strings.Builder
	for i, it := range items {
		minutes += it.Minutes
		fmt.Fprintf(&b, "%d. %s\n", i+1, it.Title)
	}
	if minutes == 0 {
		minutes = 240
	}
	return notify.Event{
		UID: fmt.Sprintf("meeting-%d@nghisu", m.ID), Sequence: m.Version,
		Start: m.StartsAt, End: m.StartsAt.Add(time.Duration(minutes) * time.Minute),
		Summary: m.Title, Location: m.Place, Description: b.String(), URL: baseURL + meetingLink(m.ID),
		Cancelled: m.State == model.StateCancelled,
	}, nil
}

// InvitationMail builds the invitation of one person to a meeting, with its
// calendar event attached; nil when the person has no e-mail address.
func (s *Service) InvitationMail(ctx context.Context, p MailPayload, baseURL string) (*notify.Mail, error) {
	m, err := s.st.Meeting(ctx, p.MeetingID)
	if err != nil {
		return nil, err
	}
	person, err := s.st.Person(ctx, p.PersonID)
	if err != nil {
		return nil, err
	}
	if person.Email == "" {
		return nil, nil
	}
	lang := s.langOf(ctx, person.ID)
	ev, err := s.MeetingEvent(ctx, m, baseURL)
	if err != nil {
		return nil, err
	}
	to := notify.Address{Name: person.FullName, Email: person.Email}
	ev.Attendees = []notify.Address{to}
	text := i18n.T(lang, "mail.invite_body", person.FullName, m.Title, vntext.DateTime(m.StartsAt), m.Place,
		ev.Description, ev.URL)
	return &notify.Mail{
		To:      []notify.Address{to},
		Subject: i18n.T(lang, "mail.invite_subject", m.Title),
		Text:    text,
		Attachments: []notify.Attachment{{Name: "giay-moi.ics", ContentType: notify.ICSContentType(notify.MethodRequest),
			Data: notify.ICS(notify.MethodRequest, m.Title, []notify.Event{ev}, s.st.Now())}},
	}, nil
}

// ReviewMail asks a BTV member for comments on a draft; nil without an address.
func (s *Service) ReviewMail(ctx context.Context, p MailPayload, baseURL string) (*notify.Mail, error) {
	r, err := s.st.Round(ctx, p.RoundID)
	if err != nil {
		return nil, err
	}
	d, err := s.st.Document(ctx, r.DocumentID)
	if err != nil {
		return nil, err
	}
	person, err := s.st.Person(ctx, p.PersonID)
	if err != nil {
		return nil, err
	}
	if person.Email == "" {
		return nil, nil
	}
	lang := s.langOf(ctx, person.ID)
	return &notify.Mail{
		To:      []notify.Address{{Name: person.FullName, Email: person.Email}},
		Subject: i18n.T(lang, "mail.review_subject", d.Title),
		Text: i18n.T(lang, "mail.review_body", person.FullName, d.Title, vntext.DateTime(r.Deadline),
			fmt.Sprintf("%s/reviews/%d", baseURL, r.ID)),
	}, nil
}

// Feed lists the meetings of a person's calendar feed: those they were
// invited to and those of the bodies they sit in, from three months back.
func (s *Service) Feed(ctx context.Context, acc *model.Account, baseURL string) ([]notify.Event, error) {
	if acc.PersonID == 0 {
		return nil, nil
	}
	from := s.st.Now().AddDate(0, -3, 0)
	seen := map[int64]bool{}
	var ms []model.Meeting
	invited, err := s.meetingsOf(ctx, acc.PersonID, from)
	if err != nil {
		return nil, err
	}
	for _, m := range invited {
		if !seen[m.ID] {
			seen[m.ID] = true
			ms = append(ms, m)
		}
	}
	var out []notify.Event
	for i := range ms {
		ev, err := s.MeetingEvent(ctx, &ms[i], baseURL)
		if err != nil {
			return nil, err
		}
		out = append(out, ev)
	}
	return out, nil
}

// meetingsOf lists the meetings a person was invited to or whose body they
// sit in, from from on.
func (s *Service) meetingsOf(ctx context.Context, personID int64, from time.Time) ([]model.Meeting, error) {
	ms, err := s.st.PersonMemberships(ctx, personID)
	if err != nil {
		return nil, err
	}
	var bodies []int64
	for _, x := range ms {
		if x.Open() && x.Body.Kind != model.BodyInspection {
			bodies = append(bodies, x.BodyID)
		}
	}
	out, err := s.st.Meetings(ctx, store.MeetingQuery{PersonID: personID, From: from})
	if err != nil {
		return nil, err
	}
	if len(bodies) > 0 {
		more, err := s.st.Meetings(ctx, store.MeetingQuery{BodyIDs: bodies, From: from})
		if err != nil {
			return nil, err
		}
		out = append(out, more...)
	}
	return out, nil
}
