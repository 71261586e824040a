package record

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"nghisu/internal/auth"
	"nghisu/internal/meeting"
	"nghisu/internal/model"
	"nghisu/internal/store"
	"nghisu/internal/vntext"
)

// maxText caps minutes' text: a long meeting's minutes run to a few tens of
// pages, far below this.
const maxText = 500_000

// View is a meeting's minutes as the reader sees them.
type View struct {
	Meeting *model.Meeting
	// Minutes is nil until the draft is first saved; Text is then the
	// draft written from what happened.
	Minutes *model.Minutes
	Text    string
	Addenda []model.Minutes
	// Issued is the BB document of final minutes; Entry their book entry.
	Issued *model.IssuedDocument
	Entry  *model.BookEntry
	// What the reader may do: Keeper writes the minutes and addenda
	// (secretary, chair, the commune's preparers); CanEdit the text now.
	Keeper  bool
	CanEdit bool
	// SignAs is the role the reader signs in (secretary or chair), "" if
	// none; Signed says the reader's signature is in.
	SignAs string
	Signed bool
}

// signer is the role the actor signs the meeting's minutes in.
func signer(a *auth.Actor, m *model.Meeting) string {
	switch p := a.Account.PersonID; {
	case p == 0:
		return ""
	case p == m.SecretaryID:
		return model.RoleSecretary
	case p == m.ChairID:
		return model.RoleChair
	}
	return ""
}

// keeper reports whether the actor may write the minutes: the meeting's
// secretary and chair, and those who prepare the commune's meetings.
func keeper(a *auth.Actor, m *model.Meeting) bool {
	return signer(a, m) != "" || meeting.Preparer(a, m.Body.Org)
}

// open reports whether minutes may still be written: the minutes while
// the meeting is adjourned, an addendum once they are final.
func open(m *model.Meeting, x *model.Minutes) bool {
	if x.State != model.MinutesDraft || len(x.Signatures) > 0 {
		return false
	}
	if x.Kind == model.KindAddendum {
		return true
	}
	return m.State == model.StateAdjourned
}

// Minutes reads a meeting's minutes. Drafts are read by those who write
// and sign them; final minutes by everyone who sees the meeting.
func (s *Service) Minutes(ctx context.Context, a *auth.Actor, meetingID int64) (*View, error) {
	m, err := s.meetings.Get(ctx, a, meetingID)
	if err != nil {
		return nil, err
	}
	v := &View{Meeting: m, SignAs: signer(a, m)}
	all, err := s.st.MeetingMinutes(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	mayDraft := keeper(a, m)
	v.Keeper = mayDraft
	for i := range all {
		x := &all[i]
		if x.State == model.MinutesDraft && !mayDraft {
			continue
		}
		if x.Kind == model.KindMinutes {
			v.Minutes = x
		} else {
			v.Addenda = append(v.Addenda, *x)
		}
	}
	switch {
	case v.Minutes != nil:
		v.Text = v.Minutes.Text
		v.CanEdit = mayDraft && open(m, v.Minutes)
		v.Signed = v.SignAs != "" && v.Minutes.SignedBy(v.SignAs) != nil
		if v.Minutes.State == model.MinutesFinal {
			if v.Issued, err = s.st.Issued(ctx, v.Minutes.DocumentID); err != nil {
				return nil, err
			}
			if v.Entry, err = s.entry(ctx, m.BodyID, v.Minutes.EntryID); err != nil {
				return nil, err
			}
		}
	case mayDraft && (m.State == model.StateInSession || m.State == model.StateAdjourned):
		if v.Text, err = s.Draft(ctx, a, m); err != nil {
			return nil, err
		}
		v.CanEdit = m.State == model.StateAdjourned
	}
	// Otherwise nothing to show yet: no final minutes, or no meeting held.
	return v, nil
}

// entry finds a book entry by id within its body's book.
func (s *Service) entry(ctx context.Context, bodyID, id int64) (*model.BookEntry, error) {
	book, err := s.st.Book(ctx, bodyID)
	if err != nil {
		return nil, err
	}
	for i := range book {
		if book[i].ID == id {
			return &book[i], nil
		}
	}
	return nil, model.ErrNotFound
}

// Draft writes the minutes from what happened in the meeting.
func (s *Service) Draft(ctx context.Context, a *auth.Actor, m *model.Meeting) (string, error) {
	h, err := s.gather(ctx, a, m)
	if err != nil {
		return "", err
	}
	return h.draft(), nil
}

// cleanText normalises minutes' text and checks its size.
func cleanText(text string) (string, error) {
	text = strings.TrimSpace(vntext.Clean(text))
	v := &model.ValidationError{}
	switch {
	case text == "":
		v.Add("text", "field.required")
	case len(text) > maxText:
		v.Add("text", "field.too_long", maxText)
	}
	return text, v.Err()
}

// writing reads the meeting whose minutes the actor writes, and the text
// cleaned and checked.
func (s *Service) writing(ctx context.Context, a *auth.Actor, meetingID int64, text string) (*model.Meeting, string, error) {
	m, err := s.meetings.Get(ctx, a, meetingID)
	if err != nil {
		return nil, "", err
	}
	if !keeper(a, m) {
		return nil, "", model.Deny("record.not_keeper")
	}
	text, err = cleanText(text)
	return m, text, err
}

// Save stores the text of a meeting's minutes (minutesID 0: the minutes,
// created on the first save) or of an addendum. basedOn is the version the
// editor started from (0 for a first save); a save over a newer version or
// over a signature is refused.
func (s *Service) Save(ctx context.Context, a *auth.Actor, meetingID, minutesID int64, text string, basedOn int) (*model.Minutes, error) {
	m, text, err := s.writing(ctx, a, meetingID, text)
	if err != nil {
		return nil, err
	}
	var out *model.Minutes
	err = s.st.InTx(ctx, func(st *store.Store) error {
		if err := st.LockMeeting(ctx, m.ID); err != nil {
			return err
		}
		if m, err = st.Meeting(ctx, m.ID); err != nil {
			return err
		}
		if minutesID == 0 {
			all, err := st.MeetingMinutes(ctx, m.ID)
			if err != nil {
				return err
			}
			for i := range all {
				if all[i].Kind == model.KindMinutes {
					minutesID = all[i].ID
				}
			}
		}
		if minutesID == 0 {
			if m.State != model.StateAdjourned {
				return model.Refuse("record.not_adjourned")
			}
			out = &model.Minutes{MeetingID: m.ID, Kind: model.KindMinutes, Text: text, CreatedBy: a.Account.ID}
			if err := st.CreateMinutes(ctx, out); err != nil {
				return err
			}
		} else {
			x, err := st.MinutesByID(ctx, minutesID)
			if err != nil || x.MeetingID != m.ID {
				return model.ErrNotFound
			}
			if err := refuseChange(m, x); err != nil {
				return err
			}
			if x.Version != basedOn {
				return model.Refuse("record.changed_since")
			}
			x.Text = text
			if err := st.SaveMinutesText(ctx, x, basedOn); err != nil {
				return err
			}
			out = x
		}
		return st.Audit(ctx, a.Audit("minutes.save", "minutes", out.ID, m.Body.OrgID, ""))
	})
	if conflict(err) {
		return nil, model.Refuse("record.changed_since")
	}
	return out, err
}

// conflict reports a write that lost a race (a unique key, a version),
// not a refusal with its own reason.
func conflict(err error) bool {
	var r *model.Refusal
	return errors.Is(err, model.ErrConflict) && !errors.As(err, &r)
}

// refuseChange says why minutes can no longer be changed, or nil.
func refuseChange(m *model.Meeting, x *model.Minutes) error {
	switch {
	case x.State == model.MinutesFinal:
		return model.Refuse("record.final")
	case len(x.Signatures) > 0:
		return model.Refuse("record.signed_by", x.Signatures[0].Name)
	case x.Kind == model.KindMinutes && m.State != model.StateAdjourned:
		return model.Refuse("record.not_adjourned")
	}
	return nil
}

// AddAddendum starts an addendum to final minutes: the only way to correct
// them.
func (s *Service) AddAddendum(ctx context.Context, a *auth.Actor, meetingID int64, text string) (*model.Minutes, error) {
	m, text, err := s.writing(ctx, a, meetingID, text)
	if err != nil {
		return nil, err
	}
	out := &model.Minutes{MeetingID: m.ID, Kind: model.KindAddendum, Text: text, CreatedBy: a.Account.ID}
	err = s.st.InTx(ctx, func(st *store.Store) error {
		if err := st.LockMeeting(ctx, m.ID); err != nil {
			return err
		}
		all, err := st.MeetingMinutes(ctx, m.ID)
		if err != nil {
			return err
		}
		final := false
		for _, x := range all {
			final = final || x.Kind == model.KindMinutes && x.State == model.MinutesFinal
		}
		if !final {
			return model.Refuse("record.addendum_needs_final")
		}
		if err := st.CreateMinutes(ctx, out); err != nil {
			return err
		}
		return st.Audit(ctx, a.Audit("minutes.addendum", "minutes", out.ID, m.Body.OrgID, ""))
	})
	return out, err
}

// Sign confirms minutes as the meeting's secretary or chair, with the
// signer's password. The second signature makes them final: issued as a BB
// document, appended to the minute book, and the meeting signed.
func (s *Service) Sign(ctx context.Context, a *auth.Actor, minutesID int64, password string) (*model.Minutes, error) {
	x, m, err := s.minutesOf(ctx, a, minutesID)
	if err != nil {
		return nil, err
	}
	role := signer(a, m)
	if role == "" {
		return nil, model.Deny("record.not_signer")
	}
	if err := s.confirm(ctx, a, password); err != nil {
		return nil, err
	}
	err = s.st.InTx(ctx, func(st *store.Store) error {
		if err := st.LockMeeting(ctx, m.ID); err != nil {
			return err
		}
		if m, err = st.Meeting(ctx, m.ID); err != nil {
			return err
		}
		if x, err = st.MinutesByID(ctx, x.ID); err != nil {
			return err
		}
		switch {
		case x.State == model.MinutesFinal:
			return model.Refuse("record.final")
		case x.SignedBy(role) != nil:
			return model.Refuse("record.already_signed")
		case x.Kind == model.KindMinutes && m.State != model.StateAdjourned:
			return model.Refuse("record.not_adjourned")
		}
		name := ""
		if p, err := st.Person(ctx, a.Account.PersonID); err == nil {
			name = p.FullName
		} else {
			return err
		}
		g := &model.Signature{MinutesID: x.ID, Role: role, PersonID: a.Account.PersonID, AccountID: a.Account.ID,
			Name: name, TextSHA256: sha(x.Text)}
		if err := st.AddSignature(ctx, g); err != nil {
			return err
		}
		if err := st.Audit(ctx, a.Audit("minutes.sign", "minutes", x.ID, m.Body.OrgID, role)); err != nil {
			return err
		}
		if x, err = st.MinutesByID(ctx, x.ID); err != nil {
			return err
		}
		if x.SignedBy(model.RoleSecretary) == nil || x.SignedBy(model.RoleChair) == nil {
			return nil
		}
		return s.finish(ctx, st, a, m, x)
	})
	if conflict(err) {
		return nil, model.Refuse("record.already_signed")
	}
	return x, err
}

// confirm checks the signer's password; a wrong one is the password
// field's problem, not a refusal of the whole page.
func (s *Service) confirm(ctx context.Context, a *auth.Actor, password string) error {
	err := s.auth.Confirm(ctx, a, password)
	if errors.Is(err, auth.ErrBadCredentials) {
		v := &model.ValidationError{}
		v.Add("password", "record.bad_password")
		return v
	}
	var locked *auth.LockedError
	if errors.As(err, &locked) {
		return model.Refuse("record.locked", vntext.DateTime(locked.Until))
	}
	return err
}

// Unsign takes the actor's signature back while the minutes are a draft.
func (s *Service) Unsign(ctx context.Context, a *auth.Actor, minutesID int64) error {
	x, m, err := s.minutesOf(ctx, a, minutesID)
	if err != nil {
		return err
	}
	role := signer(a, m)
	if role == "" {
		return model.Deny("record.not_signer")
	}
	return s.st.InTx(ctx, func(st *store.Store) error {
		if err := st.LockMeeting(ctx, m.ID); err != nil {
			return err
		}
		if err := st.RemoveSignature(ctx, x.ID, role); errors.Is(err, model.ErrNotFound) {
			return model.Refuse("record.not_signed")
		} else if err != nil {
			return err
		}
		return st.Audit(ctx, a.Audit("minutes.unsign", "minutes", x.ID, m.Body.OrgID, role))
	})
}

// minutesOf reads minutes the actor may write or sign, with their meeting.
func (s *Service) minutesOf(ctx context.Context, a *auth.Actor, id int64) (*model.Minutes, *model.Meeting, error) {
	x, err := s.st.MinutesByID(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	m, err := s.meetings.Get(ctx, a, x.MeetingID)
	if err != nil {
		return nil, nil, err
	}
	if !keeper(a, m) {
		if x.State == model.MinutesDraft {
			return nil, nil, model.ErrNotFound // drafts are for those who write them
		}
		return nil, nil, model.Deny("record.not_signer")
	}
	return x, m, nil
}

// finish makes signed minutes final, in st: the BB number, the book entry,
// and the meeting moved to signed.
func (s *Service) finish(ctx context.Context, st *store.Store, a *auth.Actor, m *model.Meeting, x *model.Minutes) error {
	chair := x.SignedBy(model.RoleChair)
	subject := Title(m)
	if x.Kind == model.KindAddendum {
		subject = "Bổ sung biên bản " + vntext.LowerFirst(subject)
	}
	d := &model.IssuedDocument{BodyID: m.BodyID, Type: model.TypeMinutes, Subject: subject, Text: x.Text,
		IssuedOn: model.DateOf(m.StartsAt.In(vntext.Location())), SignerID: chair.PersonID, SignerName: chair.Name,
		SignerTitle: "CHỦ TRÌ HỘI NGHỊ", Recipients: []string{"Lưu VP."}, Level: model.LevelNormal, MeetingID: m.ID,
		CreatedBy: a.Account.ID}
	if x.Kind == model.KindAddendum {
		d.IssuedOn = model.DateOf(st.Now().In(vntext.Location()))
	}
	if err := s.number(ctx, st, m.Body, d); err != nil {
		return err
	}
	x.DocumentID = d.ID
	e, err := s.append(ctx, st, m, x, d)
	if err != nil {
		return err
	}
	x.EntryID = e.ID
	if err := st.FinishMinutes(ctx, x); err != nil {
		return err
	}
	// Final minutes are found by the search box (drafts never are).
	if err := st.Reindex(ctx, model.SearchMinutes, x.ID); err != nil {
		return err
	}
	if err := st.Audit(ctx, a.Audit("minutes.final", "minutes", x.ID, m.Body.OrgID, d.Symbol)); err != nil {
		return err
	}
	if x.Kind == model.KindMinutes && m.State == model.StateAdjourned {
		if mm, err := st.Meeting(ctx, m.ID); err != nil {
			return err
		} else if err := s.meetings.Signed(ctx, st, a, mm); err != nil {
			return err
		}
	}
	return nil
}

// sortedRoles lists a signature set's roles in a fixed order.
func sortedRoles(gs []model.Signature) []model.Signature {
	out := slices.Clone(gs)
	slices.SortFunc(out, func(a, b model.Signature) int { return strings.Compare(a.Role, b.Role) })
	return out
}

// Seal enters minutes kept elsewhere (a paper minute book being carried
// over, the demo's past meetings) as final, signed by the meeting's
// secretary and chair without their accounts, in st: numbered and in the
// book like any other.
func (s *Service) Seal(ctx context.Context, st *store.Store, m *model.Meeting, text string) error {
	text, err := cleanText(text)
	if err != nil {
		return err
	}
	if m.ChairID == 0 || m.SecretaryID == 0 {
		return model.Refuse("record.not_signer")
	}
	return st.InTx(ctx, func(st *store.Store) error {
		// Signed when the meeting ended, as the paper says.
		at := m.StartsAt.Add(4 * time.Hour)
		if now := st.Now(); at.After(now) {
			at = now
		}
		return s.seal(ctx, st, m, text, at, at)
	})
}

// SealAt is Seal for minutes whose signing took time: the secretary signed
// when the meeting ended (at the latest at signed), the chair, second, at
// signed, and the minutes became final, numbered and entered in the book at
// that moment too, so that the signatures, the minutes' final time, the
// issued BB's record and the book entry all say when it happened. The BB
// keeps the meeting's date, as the paper does. signed must not be before
// the meeting nor after now.
func (s *Service) SealAt(ctx context.Context, st *store.Store, m *model.Meeting, text string, signed time.Time) error {
	text, err := cleanText(text)
	if err != nil {
		return err
	}
	if m.ChairID == 0 || m.SecretaryID == 0 {
		return model.Refuse("record.not_signer")
	}
	if signed.Before(m.StartsAt) || signed.After(st.Now()) {
		return fmt.Errorf("seal minutes of meeting %d: signing time %s outside %s … now", m.ID, signed, m.StartsAt)
	}
	signed = signed.UTC()
	secretary := m.StartsAt.Add(4 * time.Hour).UTC()
	if secretary.After(signed) {
		secretary = signed
	}
	return st.InTx(ctx, func(st *store.Store) error {
		return s.seal(ctx, st.At(signed), m, text, secretary, signed)
	})
}

func (s *Service) seal(ctx context.Context, st *store.Store, m *model.Meeting, text string, secretary, chair time.Time) error {
	x := &model.Minutes{MeetingID: m.ID, Kind: model.KindMinutes, Text: text}
	if err := st.At(secretary).CreateMinutes(ctx, x); err != nil {
		return err
	}
	for _, g := range []struct {
		role string
		id   int64
		at   time.Time
	}{{model.RoleSecretary, m.SecretaryID, secretary}, {model.RoleChair, m.ChairID, chair}} {
		p, err := st.Person(ctx, g.id)
		if err != nil {
			return err
		}
		if err := st.AddSignature(ctx, &model.Signature{MinutesID: x.ID, Role: g.role, PersonID: g.id, Name: p.FullName,
			TextSHA256: sha(text), SignedAt: g.at}); err != nil {
			return err
		}
	}
	x, err := st.MinutesByID(ctx, x.ID)
	if err != nil {
		return err
	}
	return s.finish(ctx, st, auth.System(), m, x)
}
