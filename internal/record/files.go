package record

import (
	"bytes"
	"context"
	"strings"

	"nghisu/internal/auth"
	"nghisu/internal/docgen"
	"nghisu/internal/model"
	"nghisu/internal/vntext"
)

// File is a generated document ready to download.
type File struct {
	Data []byte
	Type string
	Name string
}

// Render writes doc as format ("pdf" or "docx"); any other format is not
// found.
func Render(doc docgen.Document, l docgen.Layout, format, name string) (*File, error) {
	var buf bytes.Buffer
	f := &File{Name: vntext.FileName(name)}
	switch format {
	case "pdf":
		f.Type, f.Name = "application/pdf", f.Name+".pdf"
		if err := docgen.PDF(&buf, doc, l); err != nil {
			return nil, err
		}
	case "docx":
		f.Type, f.Name = "application/vnd.openxmlformats-officedocument.wordprocessingml.document", f.Name+".docx"
		if err := docgen.DOCX(&buf, doc, l); err != nil {
			return nil, err
		}
	default:
		return nil, model.ErrNotFound
	}
	f.Data = buf.Bytes()
	return f, nil
}

// MinutesFile is minutes (or an addendum) as PDF or DOCX in the commune's
// layout.
func (s *Service) MinutesFile(ctx context.Context, a *auth.Actor, id int64, format string) (*File, error) {
	doc, o, err := s.MinutesDoc(ctx, a, id)
	if err != nil {
		return nil, err
	}
	l, err := s.Layout(ctx, o)
	if err != nil {
		return nil, err
	}
	name := "Bien-ban-du-thao"
	if !doc.Draft {
		name = strings.TrimPrefix(doc.Number, "Số ")
	}
	return Render(doc, l, format, name)
}

// IssuedFile is an issued document as PDF or DOCX in the commune's layout.
func (s *Service) IssuedFile(ctx context.Context, a *auth.Actor, id int64, format string) (*File, error) {
	d, b, err := s.Issued(ctx, a, id)
	if err != nil {
		return nil, err
	}
	doc, err := s.IssuedDoc(ctx, d, b)
	if err != nil {
		return nil, err
	}
	l, err := s.Layout(ctx, b.Org)
	if err != nil {
		return nil, err
	}
	return Render(doc, l, format, d.Symbol)
}
