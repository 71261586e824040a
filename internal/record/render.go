package record

import (
	"context"
	"errors"
	"strings"
	"time"

	"nghisu/internal/auth"
	"nghisu/internal/docgen"
	"nghisu/internal/model"
	"nghisu/internal/org"
	"nghisu/internal/rules"
	"nghisu/internal/vntext"
)

// TypeNames are the printed names of the document types.
var TypeNames = map[model.DocType]string{
	model.TypeResolution: "NGHỊ QUYẾT", model.TypeConclusion: "THÔNG BÁO KẾT LUẬN", model.TypeMinutes: "BIÊN BẢN",
	model.TypeReport: "BÁO CÁO", model.TypeSubmission: "TỜ TRÌNH", model.TypePlan: "KẾ HOẠCH",
	model.TypeProgram: "CHƯƠNG TRÌNH", model.TypeInvitation: "GIẤY MỜI",
}

// Layout is the commune's page layout for its documents (settings, with
// the defaults of DOMAIN.md §5).
func (s *Service) Layout(ctx context.Context, o *model.Org) (docgen.Layout, error) {
	l := docgen.DefaultLayout()
	for _, x := range []struct {
		set rules.Setting
		to  *float64
	}{{rules.MarginTop, &l.Top}, {rules.MarginBottom, &l.Bottom}, {rules.MarginLeft, &l.Left},
		{rules.MarginRight, &l.Right}, {rules.FontSize, &l.BodySize}} {
		v, err := org.SettingIn(ctx, s.st, o, x.set)
		if err != nil {
			return l, err
		}
		*x.to = float64(v.Value)
	}
	return l, nil
}

// header fills the two header columns of a commune's document: the
// province's party organisation above, the commune's đảng ủy below it.
func (s *Service) header(ctx context.Context, b *model.Body) (docgen.Document, error) {
	var d docgen.Document
	o := b.Org
	if o == nil {
		var err error
		if o, err = s.st.Org(ctx, b.OrgID); err != nil {
			return d, err
		}
	}
	d.Issuer = strings.ToUpper(committeeName(o.Name))
	d.Place = o.Place
	if o.ParentID != 0 {
		if p, err := s.st.Org(ctx, o.ParentID); err == nil {
			d.Superior = strings.ToUpper(p.Name)
		}
	}
	return d, nil
}

// committeeName turns an organisation's name into its committee's:
// "Đảng bộ phường Mỹ Tho" → "Đảng ủy phường Mỹ Tho".
func committeeName(name string) string {
	for _, prefix := range []string{"Đảng bộ ", "Đảng Bộ ", "ĐẢNG BỘ "} {
		if rest, ok := strings.CutPrefix(name, prefix); ok {
			return "Đảng ủy " + rest
		}
	}
	return name
}

// Blocks reads a text the way the minutes are written: a line that starts
// with a Roman numeral ("II. ") or a number ("3. ") is a heading, one that
// starts with "- " or "+ " a list line, any other a paragraph.
func Blocks(text string) []docgen.Block {
	var out []docgen.Block
	for _, line := range strings.Split(vntext.Clean(text), "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "":
		case heading(line):
			out = append(out, docgen.Block{Kind: docgen.Heading, Text: line})
		case strings.HasPrefix(line, "- ") || strings.HasPrefix(line, "+ "):
			out = append(out, docgen.Block{Kind: docgen.Item, Text: line})
		default:
			out = append(out, docgen.Block{Kind: docgen.Paragraph, Text: line})
		}
	}
	return out
}

func heading(line string) bool {
	word, _, ok := strings.Cut(line, " ")
	if !ok || !strings.HasSuffix(word, ".") || len(word) < 2 || len(word) > 6 {
		return false
	}
	word = strings.TrimSuffix(word, ".")
	if strings.Trim(word, "IVXL") == "" {
		return true
	}
	return strings.Trim(word, "0123456789") == "" && len(word) <= 2
}

// IssuedDoc lays out an issued document.
func (s *Service) IssuedDoc(ctx context.Context, d *model.IssuedDocument, b *model.Body) (docgen.Document, error) {
	doc, err := s.header(ctx, b)
	if err != nil {
		return doc, err
	}
	doc.Number = "Số " + d.Symbol
	doc.Date = d.IssuedOn.Time(vntext.Location())
	doc.TypeName = TypeNames[d.Type]
	doc.Subject = d.Subject
	doc.Blocks = Blocks(d.Text)
	doc.Recipients = recipients(d.Recipients)
	if d.Level == model.LevelSecret {
		doc.Confidential = "MẬT"
	}
	if d.Type == model.TypeMinutes {
		return s.minutesSigned(ctx, doc, d)
	}
	doc.Signatures = []docgen.Signature{{Capacity: d.Capacity, Title: d.SignerTitle, Name: d.SignerName}}
	return doc, nil
}

// minutesSigned puts the minutes' two signatures under them: the
// secretary's left, the chair's right, with when each confirmed.
func (s *Service) minutesSigned(ctx context.Context, doc docgen.Document, d *model.IssuedDocument) (docgen.Document, error) {
	doc.Recipients = nil // minutes have no "Nơi nhận"
	all, err := s.st.MeetingMinutes(ctx, d.MeetingID)
	if err != nil {
		return doc, err
	}
	for i := range all {
		if all[i].DocumentID == d.ID {
			doc.Signatures = minutesSignatures(&all[i], nil)
		}
	}
	return doc, nil
}

func minutesSignatures(x *model.Minutes, m *model.Meeting) []docgen.Signature {
	out := []docgen.Signature{{Title: "NGƯỜI GHI BIÊN BẢN"}, {Title: "CHỦ TRÌ HỘI NGHỊ"}}
	if m != nil {
		if m.Secretary != nil {
			out[0].Name = m.Secretary.FullName
		}
		if m.Chair != nil {
			out[1].Name = m.Chair.FullName
		}
	}
	for i, role := range []string{model.RoleSecretary, model.RoleChair} {
		if g := x.SignedBy(role); g != nil {
			out[i].Name = g.Name
			out[i].Note = "(Đã ký xác nhận lúc " + vntext.DateTime(g.SignedAt) + ")"
		}
	}
	return out
}

func recipients(rs []string) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		r = strings.TrimRight(r, ".,;")
		if i == len(rs)-1 {
			out[i] = "- " + r + "."
		} else {
			out[i] = "- " + r + ","
		}
	}
	return out
}

// MinutesDoc lays out minutes (or an addendum) the actor may read: final
// ones with their number, drafts marked DỰ THẢO.
func (s *Service) MinutesDoc(ctx context.Context, a *auth.Actor, minutesID int64) (docgen.Document, *model.Org, error) {
	x, m, err := s.minutesOf(ctx, a, minutesID)
	if err != nil {
		if errors.Is(err, model.ErrForbidden) {
			// Final minutes are read by everyone who sees the meeting.
			if x, err = s.st.MinutesByID(ctx, minutesID); err == nil {
				m, err = s.meetings.Get(ctx, a, x.MeetingID)
			}
		}
		if err != nil {
			return docgen.Document{}, nil, err
		}
	}
	doc, err := s.header(ctx, m.Body)
	if err != nil {
		return doc, nil, err
	}
	doc.TypeName = "BIÊN BẢN"
	doc.Subject = Title(m)
	if x.Kind == model.KindAddendum {
		doc.Subject = "Bổ sung biên bản " + vntext.LowerFirst(Title(m))
	}
	doc.Blocks = Blocks(x.Text)
	doc.Signatures = minutesSignatures(x, m)
	doc.Date = m.StartsAt
	if x.State == model.MinutesFinal {
		if d, err := s.st.Issued(ctx, x.DocumentID); err == nil {
			doc.Number = "Số " + d.Symbol
			doc.Date = d.IssuedOn.Time(vntext.Location())
		}
	} else {
		doc.Draft = true
		doc.Number = "Số      -BB/" + IssuerCode
	}
	return doc, m.Body.Org, nil
}

// PaperDoc lays out a meeting paper's newest text as a draft (DỰ THẢO).
func (s *Service) PaperDoc(ctx context.Context, m *model.Meeting, p *model.Document) (docgen.Document, error) {
	doc, err := s.header(ctx, m.Body)
	if err != nil {
		return doc, err
	}
	doc.Draft = p.Status != model.DocApproved
	if p.Level == model.LevelSecret {
		doc.Confidential = "MẬT"
	}
	doc.Date = time.Time{}
	doc.TypeName = paperTypeName[p.Kind]
	doc.Subject = p.Title
	if p.Latest != nil {
		doc.Blocks = Blocks(p.Latest.Body)
	}
	doc.Number = "Số      -" + string(typeOfPaper(p.Kind)) + "/" + IssuerCode
	return doc, nil
}

var paperTypeName = map[model.DocKind]string{model.DocProgram: "CHƯƠNG TRÌNH", model.DocReport: "BÁO CÁO",
	model.DocResolution: "NGHỊ QUYẾT", model.DocSubmission: "TỜ TRÌNH"}

func typeOfPaper(k model.DocKind) model.DocType {
	switch k {
	case model.DocProgram:
		return model.TypeProgram
	case model.DocReport:
		return model.TypeReport
	case model.DocSubmission:
		return model.TypeSubmission
	}
	return model.TypeResolution
}
