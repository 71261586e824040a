package smtptest

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"strings"
)

// maxDepth bounds multipart nesting; real mail has two or three levels.
const maxDepth = 10

// decoder decodes RFC 2047 encoded words. Go knows UTF-8, US-ASCII and
// ISO-8859-1; other charsets are an error, which a test should see.
var decoder = &mime.WordDecoder{}

// parse decodes a received message into a Message (without the envelope).
func parse(raw []byte) (Message, error) {
	mm, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return Message{}, err
	}
	subject, err := decoder.DecodeHeader(mm.Header.Get("Subject"))
	if err != nil {
		return Message{}, fmt.Errorf("subject: %w", err)
	}
	m := Message{Header: mm.Header, Subject: subject, Raw: raw}
	hasText := false
	if err := m.walk(textproto.MIMEHeader(mm.Header), mm.Body, &hasText, 0); err != nil {
		return Message{}, err
	}
	return m, nil
}

// walk adds the part with header h and body to m: the first text/plain
// part that is not an attachment becomes Text, other leaves attachments.
func (m *Message) walk(h textproto.MIMEHeader, body io.Reader, hasText *bool, depth int) error {
	if depth > maxDepth {
		return fmt.Errorf("multipart nested deeper than %d", maxDepth)
	}
	ct := h.Get("Content-Type")
	if ct == "" {
		ct = "text/plain; charset=us-ascii" // RFC 2045 section 5.2
	}
	mediaType, params, err := mime.ParseMediaType(ct)
	if err != nil {
		return fmt.Errorf("content type %q: %w", ct, err)
	}
	if strings.HasPrefix(mediaType, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			// NextRawPart: NextPart would decode quoted-printable but not
			// base64 and drop the header saying which it did.
			p, err := mr.NextRawPart()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
			if err := m.walk(p.Header, p, hasText, depth+1); err != nil {
				return err
			}
		}
	}

	data, err := decodeBody(h.Get("Content-Transfer-Encoding"), body)
	if err != nil {
		return err
	}
	disposition, dparams, _ := mime.ParseMediaType(h.Get("Content-Disposition"))
	name := dparams["filename"]
	if name == "" {
		name = params["name"]
	}
	if mediaType == "text/plain" && disposition != "attachment" && name == "" && !*hasText {
		*hasText = true
		m.Text = strings.ReplaceAll(string(data), "\r\n", "\n")
		return nil
	}
	// Mailers put RFC 2047 words even inside quoted parameters, against
	// RFC 2231 but common; mime.ParseMediaType already decoded RFC 2231.
	if dec, err := decoder.DecodeHeader(name); err == nil {
		name = dec
	}
	delete(params, "name")
	m.Attachments = append(m.Attachments, Attachment{
		Name:        name,
		ContentType: mime.FormatMediaType(mediaType, params),
		Data:        data,
	})
	return nil
}

func decodeBody(cte string, body io.Reader) ([]byte, error) {
	switch enc := strings.ToLower(strings.TrimSpace(cte)); enc {
	case "base64":
		b, err := io.ReadAll(base64.NewDecoder(base64.StdEncoding, body))
		if err != nil {
			return nil, fmt.Errorf("base64 body: %w", err)
		}
		return b, nil
	case "quoted-printable":
		b, err := io.ReadAll(quotedprintable.NewReader(body))
		if err != nil {
			return nil, fmt.Errorf("quoted-printable body: %w", err)
		}
		return b, nil
	case "", "7bit", "8bit", "binary":
		return io.ReadAll(body)
	default:
		return nil, fmt.Errorf("unknown Content-Transfer-Encoding %q", cte)
	}
}
