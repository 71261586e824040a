// Package smtptest runs an in-process SMTP server for tests. It keeps every
// message it receives, decoded, and can be told to reject commands so that
// callers can test their retries.
package smtptest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"io"
	"log"
	"math/big"
	"net"
	"net/mail"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Message is a message the server accepted.
type Message struct {
	From        string      // envelope sender (MAIL FROM)
	To          []string    // envelope recipients (RCPT TO)
	Header      mail.Header // top-level header, raw (Header.AddressList decodes names)
	Subject     string      // decoded from RFC 2047
	Text        string      // first text/plain part, decoded, with \n line ends
	Attachments []Attachment
	Raw         []byte // the message as received
}

// Attachment is a decoded non-body part of a Message.
type Attachment struct {
	Name        string // decoded file name
	ContentType string // media type and parameters, without name=
	Data        []byte // decoded content
}

// Options configure a server made by NewServerWith.
type Options struct {
	// TLS is "" for plain SMTP, "starttls" to offer STARTTLS, or "tls" for
	// TLS from the first byte. The certificate is self-signed for
	// 127.0.0.1: trust RootCAs.
	TLS string
	// Username and Password, if Username is set, make the server offer
	// AUTH PLAIN and refuse mail from clients that did not authenticate.
	Username, Password string
}

// Server is an SMTP server listening on 127.0.0.1.
type Server struct {
	opts  Options
	srv   *smtp.Server
	port  int
	roots *x509.CertPool

	mu   sync.Mutex
	msgs []Message
	fail failures // RCPT or DATA
	data failures // DATA only
}

// failures is a count of commands still to reject, and the reply code.
type failures struct{ n, code int }

// take uses up one failure, if any is left, and returns its error.
func (f *failures) take() error {
	if f.n <= 0 {
		return nil
	}
	f.n--
	return &smtp.SMTPError{
		Code:         f.code,
		EnhancedCode: smtp.EnhancedCode{f.code / 100, 0, 0},
		Message:      "smtptest: injected failure",
	}
}

// pollInterval is how often WaitFor looks for messages; waitTimeout is
// how long it looks.
const (
	pollInterval = 5 * time.Millisecond
	waitTimeout  = 10 * time.Second
)

// NewServer starts a plain SMTP server without authentication. It stops
// when the test ends.
func NewServer(t testing.TB) *Server {
	t.Helper()
	return NewServerWith(t, Options{})
}

// NewServerWith starts a server configured by o. It stops when the test ends.
func NewServerWith(t testing.TB, o Options) *Server {
	t.Helper()
	s := &Server{opts: o}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("smtptest: listen: %v", err)
	}
	s.port = ln.Addr().(*net.TCPAddr).Port

	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) {
		return &session{s: s}, nil
	}))
	srv.Domain = "localhost"
	srv.ReadTimeout = waitTimeout
	srv.WriteTimeout = waitTimeout
	// Lets AUTH be tested without TLS; the client decides whether it
	// sends a password in clear (to 127.0.0.1 it may).
	srv.AllowInsecureAuth = true
	// The server's goroutines may outlive the test, so they must not log
	// through t; failures reach the client as SMTP replies instead.
	srv.ErrorLog = log.New(io.Discard, "", 0)

	switch o.TLS {
	case "":
	case "starttls", "tls":
		cert, roots, err := selfSigned()
		if err != nil {
			ln.Close()
			t.Fatalf("smtptest: certificate: %v", err)
		}
		s.roots = roots
		cfg := &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
		if o.TLS == "tls" {
			ln = tls.NewListener(ln, cfg)
		} else {
			srv.TLSConfig = cfg
		}
	default:
		ln.Close()
		t.Fatalf("smtptest: unknown TLS option %q", o.TLS)
	}

	s.srv = srv
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = srv.Serve(ln) // returns ErrServerClosed after Close
	}()
	t.Cleanup(func() {
		_ = srv.Close()
		// Close misses the listener if Serve has not registered it yet;
		// closing it here too makes Serve return in every case.
		_ = ln.Close()
		<-done
	})
	return s
}

// Host is the address to connect to, "127.0.0.1".
func (s *Server) Host() string { return "127.0.0.1" }

// Port is the TCP port the server listens on.
func (s *Server) Port() int { return s.port }

// RootCAs returns a pool that trusts the server's certificate, or nil for
// a server without TLS.
func (s *Server) RootCAs() *x509.CertPool { return s.roots }

// Messages returns the messages received so far, oldest first.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.msgs...)
}

// WaitFor waits until at least n messages have arrived and returns them
// all. It fails the test after 10 seconds.
func (s *Server) WaitFor(t testing.TB, n int) []Message {
	t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for {
		msgs := s.Messages()
		if len(msgs) >= n {
			return msgs
		}
		if time.Now().After(deadline) {
			t.Fatalf("smtptest: got %d messages after %v, want at least %d", len(msgs), waitTimeout, n)
		}
		time.Sleep(pollInterval)
	}
}

// FailNext makes the next n RCPT or DATA commands fail with the SMTP reply
// code (400–599: 451 for a temporary failure, 550 for a permanent one). As
// clients stop at a failed RCPT, this fails RCPT commands in practice; see
// FailNextData. It replaces an earlier FailNext not yet used up.
func (s *Server) FailNext(n int, code int) {
	checkCode(code)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fail = failures{n, code}
}

// FailNextData makes the next n DATA commands fail with the SMTP reply code,
// given after the message data, as real servers reject content (552 too
// large, 554 spam, 451 scanner unavailable). FailNext failures come first.
func (s *Server) FailNextData(n int, code int) {
	checkCode(code)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.data = failures{n, code}
}

func checkCode(code int) {
	if code < 400 || code > 599 {
		panic(fmt.Sprintf("smtptest: reply code %d is not a 4xx or 5xx failure", code))
	}
}

// failure uses up one injected failure for a command, if any is left.
func (s *Server) failure(data bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.fail.take(); err != nil || !data {
		return err
	}
	return s.data.take()
}

type session struct {
	s      *Server
	authed bool
	from   string
	to     []string
}

var _ smtp.AuthSession = (*session)(nil)

func (ss *session) AuthMechanisms() []string {
	if ss.s.opts.Username == "" {
		return nil // no AUTH advertised
	}
	return []string{sasl.Plain}
}

func (ss *session) Auth(mech string) (sasl.Server, error) {
	if mech != sasl.Plain || ss.s.opts.Username == "" {
		return nil, smtp.ErrAuthUnknownMechanism
	}
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != ss.s.opts.Username || pass != ss.s.opts.Password {
			return smtp.ErrAuthFailed
		}
		ss.authed = true
		return nil
	}), nil
}

func (ss *session) Mail(from string, _ *smtp.MailOptions) error {
	if ss.s.opts.Username != "" && !ss.authed {
		return smtp.ErrAuthRequired
	}
	ss.from, ss.to = from, nil
	return nil
}

func (ss *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if err := ss.s.failure(false); err != nil {
		return err
	}
	ss.to = append(ss.to, to)
	return nil
}

func (ss *session) Data(r io.Reader) error {
	if err := ss.s.failure(true); err != nil {
		return err // go-smtp reads the rest of the data itself
	}
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	m, err := parse(raw)
	if err != nil {
		// Refusing the message tells the sending test what is wrong.
		return &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 6, 0},
			Message: "smtptest: cannot parse message: " + err.Error()}
	}
	m.From, m.To = ss.from, ss.to
	ss.s.mu.Lock()
	ss.s.msgs = append(ss.s.msgs, m)
	ss.s.mu.Unlock()
	return nil
}

func (ss *session) Reset() { ss.from, ss.to = "", nil }

func (ss *session) Logout() error { return nil }

// selfSigned makes a short-lived certificate for 127.0.0.1 and localhost
// and a pool that trusts it.
func selfSigned() (tls.Certificate, *x509.CertPool, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(now.UnixNano()),
		Subject:               pkix.Name{CommonName: "smtptest"},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
		DNSNames:              []string{"localhost"},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	roots := x509.NewCertPool()
	roots.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, roots, nil
}
