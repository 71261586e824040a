// Package notify sends e-mail notifications (meeting invitations) and
// writes their iCalendar (.ics) attachments and feeds.
//
// A Mailer sends one Mail. SMTP is the real one; Log only logs, for
// installations without an SMTP server. Errors from Send can be classified
// with Temporary, so a job queue knows whether a retry can help.
package notify

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"nghisu/internal/vntext"
)

// Address is a mailbox: a display name (may be empty, may have Vietnamese
// diacritics) and a bare e-mail address.
type Address struct {
	Name, Email string
}

// Attachment is a file attached to a Mail. An empty ContentType is guessed
// from the file name's extension.
type Attachment struct {
	Name, ContentType string
	Data              []byte
}

// Mail is one plain-text UTF-8 message with optional attachments. It is
// delivered to all of To or to none of them. Mailers send text cleaned
// with vntext.Clean (NFC, \n line ends) and Subject and names with
// vntext.CleanLine (one line).
type Mail struct {
	From        Address // empty Email: the sender configured in the Mailer
	To          []Address
	Subject     string
	Text        string
	Attachments []Attachment
}

// Mailer sends mail.
type Mailer interface {
	// Send delivers m. Use Temporary on the error to decide whether to retry.
	Send(ctx context.Context, m Mail) error
}

// ErrInvalidAddress matches, with errors.Is, errors for a missing or
// malformed e-mail address; retrying cannot fix them.
var ErrInvalidAddress = errors.New("notify: invalid e-mail address")

// prepare checks m and returns it cleaned, with defaultFrom filled in. Both
// Mailers call it so that a mail the log Mailer accepts is one SMTP would
// accept too.
func prepare(m Mail, defaultFrom Address) (Mail, error) {
	if m.From.Email == "" {
		m.From = defaultFrom
	}
	var err error
	if m.From, err = cleanAddress(m.From, "sender"); err != nil {
		return m, err
	}
	if len(m.To) == 0 {
		return m, fmt.Errorf("%w: no recipient", ErrInvalidAddress)
	}
	to := make([]Address, len(m.To))
	for i, a := range m.To {
		if to[i], err = cleanAddress(a, "recipient"); err != nil {
			return m, err
		}
	}
	m.To = to
	// Subjects and names are one line; a newline there would be a header
	// injection if an encoder ever let it through.
	m.Subject = vntext.CleanLine(m.Subject)
	m.Text = vntext.Clean(m.Text)
	return m, nil
}

func cleanAddress(a Address, role string) (Address, error) {
	a.Name = vntext.CleanLine(a.Name)
	a.Email = strings.TrimSpace(a.Email)
	if !vntext.ValidEmail(a.Email) {
		return a, fmt.Errorf("%w: %s %q", ErrInvalidAddress, role, a.Email)
	}
	return a, nil
}
