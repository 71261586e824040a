package drafting

import (
	"context"
	"errors"
	"fmt"
	"time"

	"nghisu/internal/auth"
	"nghisu/internal/i18n"
	"nghisu/internal/model"
	"nghisu/internal/org"
	"nghisu/internal/rules"
	"nghisu/internal/store"
	"nghisu/internal/vntext"
)

// Circulation is who gets a meeting's invitation and papers, and how they
// stand against the body's rule on how early papers must go out.
type Circulation struct {
	Recipients []model.Circulation
	Setting    org.SettingValue
	// Deadline is the latest time the papers may go out on time.
	Deadline time.Time
	// Late is true when they went out (or would go out now) after Deadline.
	Late bool
	Sent bool
}

// recipients are the people who get the invitation: the body's members who
// take part in its work (not those exempted, suspended or prosecuted), the
// chair and the meeting's secretary, and the invited people.
func (s *Service) recipients(ctx context.Context, m *model.Meeting) ([]model.Circulation, error) {
	members, err := s.st.BodyMembers(ctx, m.BodyID, false)
	if err != nil {
		return nil, err
	}
	seen := map[int64]bool{}
	var out []model.Circulation
	add := func(p *model.Person, role string) {
		if p == nil || seen[p.ID] {
			return
		}
		seen[p.ID] = true
		out = append(out, model.Circulation{MeetingID: m.ID, PersonID: p.ID, Role: role, Person: p})
	}
	for _, x := range members {
		switch x.Status {
		case model.StatusExempted, model.StatusSuspended, model.StatusProsecuted:
			continue
		}
		role := "member"
		switch x.PersonID {
		case m.ChairID:
			role = "chair"
		case m.SecretaryID:
			role = "secretary"
		}
		add(x.Person, role)
	}
	for id, role := range map[int64]string{m.ChairID: "chair", m.SecretaryID: "secretary"} {
		if id != 0 && !seen[id] {
			p, err := s.st.Person(ctx, id)
			if err != nil {
				return nil, err
			}
			add(p, role)
		}
	}
	guests, err := s.st.Guests(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	for i := range guests {
		add(&guests[i], "guest")
	}
	return out, nil
}

// Circulation reads who was (or will be) sent a meeting's papers.
func (s *Service) Circulation(ctx context.Context, a *auth.Actor, meetingID int64) (*Circulation, error) {
	v, err := s.Viewer(ctx, a, meetingID)
	if err != nil {
		return nil, err
	}
	m := v.Meeting
	c := &Circulation{}
	if c.Setting, err = s.orgs.Setting(ctx, m.Body.Org, rules.CirculationSetting(m.Body.Kind)); err != nil {
		return nil, err
	}
	c.Deadline = m.StartsAt.Add(-time.Duration(c.Setting.Value) * 24 * time.Hour)
	sent, err := s.st.Circulations(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	if len(sent) > 0 {
		c.Sent, c.Recipients = true, sent
		c.Late = rules.CirculatedLate(sent[0].SentAt, m.StartsAt, c.Setting.Value)
		return c, nil
	}
	if c.Recipients, err = s.recipients(ctx, m); err != nil {
		return nil, err
	}
	c.Late = rules.CirculatedLate(s.st.Now(), m.StartsAt, c.Setting.Value)
	return c, nil
}

// Send convenes the meeting: it hands the BCH its papers, records a copy of
// the invitation for every recipient, gives each an in-app notice and
// queues their e-mail with the calendar invitation, all in one transaction.
// Sending later than the body's rule is allowed, and recorded as late.
func (s *Service) Send(ctx context.Context, a *auth.Actor, meetingID int64) (*Circulation, error) {
	v, err := s.Viewer(ctx, a, meetingID)
	if err != nil {
		return nil, err
	}
	m := v.Meeting
	if !v.Preparer {
		return nil, model.Deny("meeting.not_preparer")
	}
	if m.State != model.StateApproved {
		return nil, model.Refuse("circulation.not_approved")
	}
	if !s.st.Now().Before(m.StartsAt) {
		return nil, model.Refuse("circulation.after_start")
	}
	c, err := s.Circulation(ctx, a, meetingID)
	if err != nil {
		return nil, err
	}
	if len(c.Recipients) == 0 {
		return nil, model.Refuse("circulation.nobody")
	}
	now := s.st.Now()
	title := model.M("notice.invitation", m.Title, vntext.DateTime(m.StartsAt))
	err = s.st.InTx(ctx, func(st *store.Store) error {
		if err := s.meetings.Move(ctx, st, a, m, model.StateConvened, ""); err != nil {
			return err
		}
		if err := st.ReleaseDocuments(ctx, m.ID); err != nil {
			return err
		}
		for i := range c.Recipients {
			r := &c.Recipients[i]
			r.SentAt = now
			if err := st.AddCirculation(ctx, *r); err != nil {
				return err
			}
			if err := s.notice(ctx, st, r.PersonID, title, meetingLink(m.ID)); err != nil {
				return err
			}
			if err := s.hooks.Invite(ctx, st, m.ID, r.PersonID); err != nil {
				return err
			}
		}
		detail := fmt.Sprintf("%d recipients", len(c.Recipients))
		if c.Late {
			detail += ", late"
		}
		return st.Audit(ctx, a.Audit("meeting.circulate", "meeting", m.ID, m.Body.OrgID, detail))
	})
	if err != nil {
		return nil, err
	}
	c.Sent = true
	return c, nil
}

// Opened records that the actor opened a meeting's papers, the first time.
// It reads first, so that every later view costs no write.
func (s *Service) Opened(ctx context.Context, a *auth.Actor, meetingID int64) error {
	if a.Account.PersonID == 0 {
		return nil
	}
	c, err := s.st.Circulation(ctx, meetingID, a.Account.PersonID)
	if errors.Is(err, model.ErrNotFound) || err == nil && c.OpenedAt != nil {
		return nil
	}
	if err != nil {
		return err
	}
	return s.st.MarkOpened(ctx, meetingID, a.Account.PersonID, s.st.Now())
}

func meetingLink(id int64) string { return fmt.Sprintf("/meetings/%d", id) }

// noticeText renders a notice in its reader's language.
func noticeText(lang string, m model.Msg) string { return i18n.Msg(lang, m) }
