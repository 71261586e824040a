package notify

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	netmail "net/mail"
	"strconv"
	"strings"
	"time"

	"github.com/wneessen/go-mail"
)

// Security values for SMTP.Security.
const (
	SecurityNone     = "none"     // plain TCP, no TLS at all
	SecurityStartTLS = "starttls" // plain TCP upgraded with STARTTLS, which is required
	SecurityTLS      = "tls"      // TLS from the first byte (SMTPS, usually port 465)
)

// DefaultTimeout bounds each step of an SMTP exchange when SMTP.Timeout is zero.
const DefaultTimeout = 30 * time.Second

// SMTP is a Mailer that delivers through an SMTP server. The zero values of
// the optional fields are sensible defaults. One SMTP may be used by many
// goroutines at once: each Send has its own connection.
type SMTP struct {
	Host string
	// Port defaults to 465 for "tls", 587 for "starttls" and 25 for "none".
	Port int
	// Username and Password, if Username is set, are used with SMTP AUTH
	// (PLAIN, LOGIN, SCRAM or CRAM-MD5, whichever the server offers first in
	// that order). Passwords are never sent unencrypted except to localhost.
	Username, Password string
	// Security is SecurityNone, SecurityStartTLS (the default) or SecurityTLS.
	Security string
	// From is the sender used when a Mail has no From.Email.
	From Address
	// Timeout bounds each step (connect, each command, the message data);
	// DefaultTimeout if zero. The context of Send bounds the whole exchange.
	Timeout time.Duration
	// HeloName is sent in EHLO; the machine's host name if empty.
	HeloName string
	// TLSConfig, if set, is used for TLS (e.g. to trust a private CA); its
	// ServerName defaults to Host. Nil means the system's roots.
	TLSConfig *tls.Config
}

var _ Mailer = (*SMTP)(nil)

// Send delivers m in a new SMTP session. A mail the server has accepted is
// reported as sent even if closing the session fails afterwards, so that a
// retry never delivers it twice.
func (s *SMTP) Send(ctx context.Context, m Mail) error {
	m, err := prepare(m, s.From)
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("notify: smtp: %w", err)
	}
	msg, err := buildMsg(m)
	if err != nil {
		return err
	}

	// go-mail only lets the context bound the dial; later reads block until
	// Timeout. Closing the connection when ctx ends makes a cancelled or
	// expired Send return at once (e.g. on shutdown of the job queue).
	var stop func() bool
	dial := s.dialer(ctx, &stop)
	client, err := s.client(dial)
	if err != nil {
		return err
	}
	err = client.DialAndSendWithContext(ctx, msg)
	if stop != nil {
		stop()
	}
	if msg.IsDelivered() {
		// The server took responsibility for the mail; a failed RSET or
		// QUIT after that changes nothing for the recipients.
		return nil
	}
	if err == nil {
		return nil
	}
	if cerr := ctx.Err(); cerr != nil && !errors.Is(err, cerr) {
		err = fmt.Errorf("%w: %w", cerr, err)
	}
	return fmt.Errorf("notify: smtp %s: %w", net.JoinHostPort(s.Host, strconv.Itoa(s.port())), err)
}

// security is Security normalised; settings often come from environment
// variables typed by hand ("STARTTLS").
func (s *SMTP) security() string {
	sec := strings.ToLower(strings.TrimSpace(s.Security))
	if sec == "" {
		return SecurityStartTLS
	}
	return sec
}

func (s *SMTP) port() int {
	if s.Port != 0 {
		return s.Port
	}
	switch s.security() {
	case SecurityTLS:
		return mail.DefaultPortSSL
	case SecurityNone:
		return mail.DefaultPort
	}
	return mail.DefaultPortTLS
}

func (s *SMTP) tlsConfig() *tls.Config {
	var c *tls.Config
	if s.TLSConfig != nil {
		c = s.TLSConfig.Clone()
	} else {
		c = &tls.Config{}
	}
	if c.ServerName == "" {
		c.ServerName = s.Host
	}
	if c.MinVersion == 0 {
		c.MinVersion = tls.VersionTLS12
	}
	return c
}

// dialer returns a go-mail dial function that also closes the connection
// when ctx ends; *stop is set to the function that cancels that.
func (s *SMTP) dialer(ctx context.Context, stop *func() bool) mail.DialContextFunc {
	return func(dctx context.Context, network, addr string) (net.Conn, error) {
		d := &net.Dialer{}
		var conn net.Conn
		var err error
		if s.security() == SecurityTLS {
			// Implicit TLS is done here rather than with go-mail's WithSSL,
			// which is ignored when a dial function is given.
			conn, err = (&tls.Dialer{NetDialer: d, Config: s.tlsConfig()}).DialContext(dctx, network, addr)
		} else {
			conn, err = d.DialContext(dctx, network, addr)
		}
		if err != nil {
			return nil, err
		}
		*stop = context.AfterFunc(ctx, func() { conn.Close() })
		return conn, nil
	}
}

func (s *SMTP) client(dial mail.DialContextFunc) (*mail.Client, error) {
	timeout := s.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	opts := []mail.Option{
		mail.WithPort(s.port()),
		mail.WithTimeout(timeout),
		mail.WithDialContextFunc(dial),
	}
	switch s.security() {
	case SecurityStartTLS:
		opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory), mail.WithTLSConfig(s.tlsConfig()))
	case SecurityTLS, SecurityNone:
		// For "tls" the dial function already did TLS.
		opts = append(opts, mail.WithTLSPolicy(mail.NoTLS))
	default:
		return nil, fmt.Errorf("notify: smtp: unknown security %q (want none, starttls or tls)", s.Security)
	}
	if s.HeloName != "" {
		opts = append(opts, mail.WithHELO(s.HeloName))
	}
	if s.Username != "" {
		// Not go-mail's auto-discovery: it thinks a connection from our own
		// TLS dialer is unencrypted and then refuses PLAIN and LOGIN. The
		// PLAIN and LOGIN mechanisms check for TLS themselves.
		opts = append(opts,
			mail.WithOpportunisticSMTPAuth(mail.SMTPAuthPlain, mail.SMTPAuthLogin,
				mail.SMTPAuthSCRAMSHA256, mail.SMTPAuthSCRAMSHA1, mail.SMTPAuthCramMD5),
			mail.WithUsername(s.Username), mail.WithPassword(s.Password))
	}
	c, err := mail.NewClient(s.Host, opts...)
	if err != nil {
		return nil, fmt.Errorf("notify: smtp config: %w", err)
	}
	return c, nil
}

// buildMsg turns a prepared Mail into a MIME message: UTF-8, body
// quoted-printable, RFC 2047 encoded words for non-ASCII headers.
func buildMsg(m Mail) (*mail.Msg, error) {
	msg := mail.NewMsg(mail.WithNoDefaultUserAgent())
	msg.FromMailAddress(&netmail.Address{Name: m.From.Name, Address: m.From.Email})
	to := make([]*netmail.Address, len(m.To))
	for i, a := range m.To {
		to[i] = &netmail.Address{Name: a.Name, Address: a.Email}
	}
	msg.ToMailAddress(to...)
	msg.Subject(m.Subject)
	// Keeps out-of-office replies and other robots from answering
	// (RFC 3834): nobody reads the sender's mailbox.
	msg.SetGenHeader("Auto-Submitted", "auto-generated")
	msg.SetBodyString(mail.TypeTextPlain, m.Text)
	for _, a := range m.Attachments {
		var opts []mail.FileOption
		if a.ContentType != "" {
			opts = append(opts, mail.WithFileContentType(mail.ContentType(a.ContentType)))
		}
		if err := msg.AttachReader(a.Name, bytes.NewReader(a.Data), opts...); err != nil {
			return nil, fmt.Errorf("notify: attach %q: %w", a.Name, err)
		}
	}
	return msg, nil
}
