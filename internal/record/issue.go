package record

import (
	"context"
	"fmt"
	"strings"

	"nghisu/internal/auth"
	"nghisu/internal/meeting"
	"nghisu/internal/model"
	"nghisu/internal/store"
	"nghisu/internal/vntext"
)

// Limits of an issued document's fields.
const (
	maxSubject    = 500
	maxRecipients = 40
	maxRecipient  = 200
)

// IssuerCode is the issuer's part of a commune's numbers: documents of the
// đảng ủy and of its BTV alike are "…/ĐU" (DOMAIN.md §5).
const IssuerCode = "ĐU"

// Symbol formats a number: Symbol(5, NQ) = "05-NQ/ĐU".
func Symbol(n int, t model.DocType) string {
	return fmt.Sprintf("%02d-%s/%s", n, t, IssuerCode)
}

// number gives d the next number of its type for the body's organisation
// and term and stores it, in st.
func (s *Service) number(ctx context.Context, st *store.Store, b *model.Body, d *model.IssuedDocument) error {
	n, err := st.NextDocNumber(ctx, b.OrgID, b.TermID, d.Type)
	if err != nil {
		return err
	}
	d.OrgID, d.TermID, d.BodyID, d.Number, d.Symbol = b.OrgID, b.TermID, b.ID, n, Symbol(n, d.Type)
	if d.Place == "" && b.Org != nil {
		d.Place = b.Org.Place
	}
	return st.CreateIssued(ctx, d)
}

// Signers lists who may sign for a body's documents: the commune's Bí thư
// and Phó Bí thư now, with the title their signature block carries.
func (s *Service) Signers(ctx context.Context, b *model.Body) ([]model.Post, error) {
	posts, err := s.st.OpenPostsIn(ctx, b.OrgID)
	if err != nil {
		return nil, err
	}
	var out []model.Post
	for _, p := range posts {
		if signerTitle(p.Kind) != "" {
			out = append(out, p)
		}
	}
	return out, nil
}

func signerTitle(k model.PostKind) string {
	switch k {
	case model.PostSecretary:
		return "BÍ THƯ"
	case model.PostStandingDeputy, model.PostDeputy:
		return "PHÓ BÍ THƯ"
	}
	return ""
}

// Capacity is the collective body a document is signed for: "T/M BAN
// THƯỜNG VỤ" or "T/M ĐẢNG ỦY" (party bodies sign T/M, never K/T).
func Capacity(b *model.Body) string {
	if b.Kind == model.BodyStanding {
		return "T/M BAN THƯỜNG VỤ"
	}
	return "T/M ĐẢNG ỦY"
}

// IssueBody reads a body the actor may issue documents for: the commune's
// BCH or BTV, by those who keep its records.
func (s *Service) IssueBody(ctx context.Context, a *auth.Actor, bodyID int64) (*model.Body, error) {
	b, err := s.st.Body(ctx, bodyID)
	if err != nil {
		return nil, err
	}
	if !meeting.SeesBody(a, b) {
		return nil, model.ErrNotFound
	}
	if b.Kind == model.BodyInspection {
		return nil, model.Refuse("record.issue_body")
	}
	// A term that has ended keeps its record but issues nothing new.
	if end := b.Term.EndsOn; !end.IsZero() && end.Before(model.DateOf(s.st.Now().In(vntext.Location()))) {
		return nil, model.Refuse("record.issue_past_term", b.Term.Name)
	}
	if !meeting.Preparer(a, b.Org) {
		return nil, model.Deny("record.not_issuer")
	}
	return b, nil
}

// Issue issues a document: checks every field, then takes the next number
// and stores the document in one transaction.
func (s *Service) Issue(ctx context.Context, a *auth.Actor, in model.IssueInput) (*model.IssuedDocument, error) {
	b, err := s.IssueBody(ctx, a, in.BodyID)
	if err != nil {
		return nil, err
	}
	d := &model.IssuedDocument{Type: in.Type, Subject: vntext.CleanLine(in.Subject), Text: strings.TrimSpace(vntext.Clean(in.Text)),
		IssuedOn: in.IssuedOn, Level: in.Level, MeetingID: in.MeetingID, SourceID: in.SourceID, CreatedBy: a.Account.ID,
		Capacity: Capacity(b)}
	if d.Level == "" {
		d.Level = model.LevelNormal
	}
	v := &model.ValidationError{}
	if !d.Type.Valid() || d.Type == model.TypeMinutes {
		v.Add("type", "record.type_invalid") // minutes are issued by signing them
	}
	switch {
	case d.Subject == "":
		v.Add("subject", "field.required")
	case len([]rune(d.Subject)) > maxSubject:
		v.Add("subject", "field.too_long", maxSubject)
	}
	switch {
	case d.Text == "":
		v.Add("text", "field.required")
	case len(d.Text) > maxText:
		v.Add("text", "field.too_long", maxText)
	}
	today := model.DateOf(s.st.Now().In(vntext.Location()))
	switch {
	case d.IssuedOn.IsZero():
		v.Add("issued_on", "field.required")
	case d.IssuedOn.After(today):
		v.Add("issued_on", "record.issued_future")
	case b.Term != nil && d.IssuedOn.Before(b.Term.StartsOn):
		v.Add("issued_on", "record.issued_before_term")
	}
	if d.Level != model.LevelNormal && d.Level != model.LevelSecret {
		v.Add("level", "field.invalid")
	}
	for _, r := range in.Recipients {
		if r = strings.TrimSpace(strings.TrimLeft(vntext.CleanLine(r), "-– ")); r != "" {
			if len([]rune(r)) > maxRecipient {
				v.Add("recipients", "field.too_long", maxRecipient)
				break
			}
			d.Recipients = append(d.Recipients, r)
		}
	}
	if len(d.Recipients) > maxRecipients {
		v.Add("recipients", "record.too_many_recipients", maxRecipients)
	}
	if !hasArchive(d.Recipients) {
		d.Recipients = append(d.Recipients, "Lưu VP.")
	}
	if in.SignerID == 0 {
		v.Add("signer_id", "field.required")
	} else {
		signers, err := s.Signers(ctx, b)
		if err != nil {
			return nil, err
		}
		for _, p := range signers {
			if p.PersonID == in.SignerID && d.SignerID == 0 {
				d.SignerID, d.SignerName, d.SignerTitle = p.PersonID, p.Person.FullName, signerTitle(p.Kind)
			}
		}
		if d.SignerID == 0 {
			v.Add("signer_id", "record.signer_invalid")
		}
	}
	if d.MeetingID != 0 {
		m, err := s.meetings.Get(ctx, a, d.MeetingID)
		if err != nil || m.Body.OrgID != b.OrgID {
			v.Add("meeting_id", "field.invalid")
		} else if d.SourceID != 0 {
			doc, err := s.st.Document(ctx, d.SourceID)
			if err != nil || doc.MeetingID != m.ID {
				v.Add("source_id", "field.invalid")
			}
		}
	} else if d.SourceID != 0 {
		v.Add("source_id", "field.invalid")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	err = s.st.InTx(ctx, func(st *store.Store) error {
		if err := s.number(ctx, st, b, d); err != nil {
			return err
		}
		if err := st.Reindex(ctx, model.SearchIssued, d.ID); err != nil {
			return err
		}
		return st.Audit(ctx, a.Audit("document.issue", "issued_document", d.ID, b.OrgID, d.Symbol))
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

func hasArchive(rs []string) bool {
	for _, r := range rs {
		if f := vntext.Fold(r); strings.HasPrefix(f, "luu") {
			return true
		}
	}
	return false
}

// Issued reads an issued document the actor may see: the register of a
// body is read by those who see its meetings; a document marked "mật" only
// by those who keep the records.
func (s *Service) Issued(ctx context.Context, a *auth.Actor, id int64) (*model.IssuedDocument, *model.Body, error) {
	d, err := s.st.Issued(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	b, err := s.st.Body(ctx, d.BodyID)
	if err != nil {
		return nil, nil, err
	}
	if !meeting.SeesBody(a, b) || d.Level == model.LevelSecret && !meeting.Preparer(a, b.Org) {
		return nil, nil, model.ErrNotFound
	}
	return d, b, nil
}

// RegisterFilter selects the register's lines.
type RegisterFilter struct {
	Type      model.DocType
	Year      int
	MeetingID int64
}

// Documents lists the documents a commune's party committee issued, as the
// actor may see them (sổ đăng ký văn bản đi).
func (s *Service) Documents(ctx context.Context, a *auth.Actor, orgID int64, f RegisterFilter) ([]model.IssuedDocument, []model.Body, error) {
	o, err := s.st.Org(ctx, orgID)
	if err != nil {
		return nil, nil, err
	}
	if !a.Sees(o) {
		return nil, nil, model.ErrNotFound
	}
	bodies, err := s.st.Bodies(ctx, o.ID)
	if err != nil {
		return nil, nil, err
	}
	var ids []int64
	var seen []model.Body
	for _, b := range bodies {
		b.Org = o
		if meeting.SeesBody(a, &b) {
			ids = append(ids, b.ID)
			seen = append(seen, b)
		}
	}
	if f.Type != "" && !f.Type.Valid() {
		v := &model.ValidationError{}
		v.Add("type", "record.type_invalid")
		return nil, nil, v
	}
	list, err := s.st.Register(ctx, store.RegisterQuery{OrgID: o.ID, BodyIDs: ids, Type: f.Type, Year: f.Year,
		MeetingID: f.MeetingID, Limit: 1000})
	if err != nil {
		return nil, nil, err
	}
	keeper := meeting.Preparer(a, o)
	out := list[:0]
	for _, d := range list {
		if d.Level != model.LevelSecret || keeper {
			out = append(out, d)
		}
	}
	return out, seen, nil
}
