package web

import (
	"archive/zip"
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"nghisu/internal/model"
	"nghisu/internal/vntext"
)

func (s *Server) sendInvitation(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := actorOf(r)
	if _, err := s.meetings.Get(r.Context(), a, id); err != nil {
		return err
	}
	c, err := s.drafting.Send(r.Context(), a, id)
	if err != nil {
		return s.outcome(w, r, err, meetingPath(id), "")
	}
	if c.Late {
		return s.outcome(w, r, nil, meetingPath(id)+"#circulation", "circulation.sent_late", len(c.Recipients), c.Setting.Value)
	}
	return s.outcome(w, r, nil, meetingPath(id)+"#circulation", "circulation.sent", len(c.Recipients))
}

// packet is the meeting's papers in one ZIP: the program, then every paper
// the reader may read, in order. Papers marked secret stay out of it: they
// are read here, not carried away.
func (s *Server) packet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := actorOf(r)
	ctx := r.Context()
	v, docs, err := s.drafting.Documents(ctx, a, id)
	if err != nil {
		return err
	}
	m := v.Meeting
	prog, err := s.meetings.Program(ctx, a, id)
	if err != nil {
		return err
	}
	lang := langOf(r)
	pg := &Page{Lang: lang}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	var b strings.Builder
	fmt.Fprintf(&b, "%s\r\n%s, %s\r\n\r\n", m.Title, m.Place, vntext.DateTime(m.StartsAt))
	for i, it := range prog.Items {
		fmt.Fprintf(&b, "%d. %s", i+1, it.Title)
		if it.Presenter != nil {
			fmt.Fprintf(&b, " (%s)", it.Presenter.FullName)
		}
		b.WriteString("\r\n")
	}
	if err := addZip(zw, "00-"+fileName(pg.T("program.title"))+".txt", []byte(b.String())); err != nil {
		return err
	}
	n := 0
	for _, d := range docs {
		if d.Level == model.LevelSecret || d.Latest == nil {
			continue
		}
		n++
		base := fmt.Sprintf("%02d-%s", n, fileName(d.Title))
		if d.Format == model.FormatFile {
			f, data, err := s.drafting.File(ctx, a, d.ID, d.Latest.Number)
			if err != nil {
				return err
			}
			ext := ""
			if i := strings.LastIndex(f.Name, "."); i >= 0 {
				ext = strings.ToLower(f.Name[i:])
			}
			if err := addZip(zw, base+ext, data); err != nil {
				return err
			}
			continue
		}
		_, full, err := s.drafting.Document(ctx, a, d.ID)
		if err != nil {
			return err
		}
		text := full.Title + "\r\n"
		if full.Status == model.DocDraft {
			text = pg.T("doc.draft_mark") + "\r\n" + text
		}
		text += "\r\n" + strings.ReplaceAll(full.Latest.Body, "\n", "\r\n") + "\r\n"
		if err := addZip(zw, base+".txt", []byte(text)); err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/zip")
	w.Header().Set("Content-Disposition", `attachment; filename="`+fileName(m.Title)+`.zip"`)
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.Header().Set("Cache-Control", "private, no-store")
	_, err = w.Write(buf.Bytes())
	return err
}

func addZip(zw *zip.Writer, name string, data []byte) error {
	f, err := zw.Create(name)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	return err
}
