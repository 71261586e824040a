package notify

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"net/textproto"
	"os"
	"syscall"

	"github.com/wneessen/go-mail"
)

// Temporary reports whether sending again later may succeed after err, an
// error from a Mailer's Send.
//
// True: the server could not be reached or dropped the connection, a
// timeout, a 4xx SMTP reply (greylisting, mailbox busy, too many
// connections), and a Send whose context was cancelled or expired.
// False: nil, a 5xx SMTP reply (unknown mailbox, rejected message, failed
// authentication), an invalid address, a rejected TLS certificate, a server
// without STARTTLS or AUTH, and any error not known to be temporary: those
// need a person to fix data or configuration, and retrying them would only
// hammer the server.
func Temporary(err error) bool {
	if err == nil || errors.Is(err, ErrInvalidAddress) {
		return false
	}
	if certificateError(err) {
		return false
	}
	// A reply from the server is the most precise answer, so it is looked at
	// before the network errors that may wrap the same failure.
	var se *mail.SendError
	if errors.As(err, &se) {
		return sendErrorTemporary(se)
	}
	var te *textproto.Error
	if errors.As(err, &te) {
		return te.Code >= 400 && te.Code < 500
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) ||
		errors.Is(err, os.ErrDeadlineExceeded) {
		return true
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		// "No such host" is a mistyped Host; anything else is the resolver
		// or the network having a bad moment.
		return dnsErr.IsTimeout || dnsErr.IsTemporary || !dnsErr.IsNotFound
	}
	var opErr *net.OpError
	if errors.As(err, &opErr) {
		return true // refused, reset, unreachable, timeout, closed by ctx
	}
	return errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, syscall.EPIPE) || errors.Is(err, io.EOF) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, net.ErrClosed)
}

// sendErrorTemporary classifies go-mail's error for a failed transaction.
// It hides the underlying error (no Unwrap), but keeps the reply code.
func sendErrorTemporary(se *mail.SendError) bool {
	switch code := se.ErrorCode(); {
	case code >= 400 && code < 500:
		return true
	case code >= 500:
		return false
	}
	switch se.Reason {
	case mail.ErrGetSender, mail.ErrGetRcpts, mail.ErrNoUnencoded, mail.ErrAmbiguous:
		return false
	}
	// No reply code in a command or data step: the connection broke.
	return true
}

// certificateError reports whether err is a TLS certificate the client
// rejected: that stays so until someone fixes the server or TLSConfig.
func certificateError(err error) bool {
	var cv *tls.CertificateVerificationError
	var ua x509.UnknownAuthorityError
	var he x509.HostnameError
	var ci x509.CertificateInvalidError
	return errors.As(err, &cv) || errors.As(err, &ua) || errors.As(err, &he) || errors.As(err, &ci)
}
