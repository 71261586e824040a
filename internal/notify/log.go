package notify

import (
	"context"
	"log/slog"
)

// Log is a Mailer for installations without SMTP: it logs each mail's
// envelope at Info level and delivers nothing. The body is not logged
// because it may hold a personal calendar feed URL.
type Log struct {
	// Logger receives the records; slog.Default() if nil.
	Logger *slog.Logger
}

// logSender stands in for a missing Mail.From: Log has no configured
// sender, and the log does not need one.
var logSender = Address{Email: "noreply@nghisu.invalid"}

var _ Mailer = Log{}

// Send logs m. It fails only for an invalid address, like SMTP would, so
// that a setup without SMTP shows the same mistakes.
func (l Log) Send(ctx context.Context, m Mail) error {
	m, err := prepare(m, logSender)
	if err != nil {
		return err
	}
	logger := l.Logger
	if logger == nil {
		logger = slog.Default()
	}
	to := make([]string, len(m.To))
	for i, a := range m.To {
		to[i] = a.Email
	}
	files := make([]string, len(m.Attachments))
	for i, a := range m.Attachments {
		files[i] = a.Name
	}
	logger.LogAttrs(ctx, slog.LevelInfo, "mail not sent: no SMTP server configured",
		slog.String("from", m.From.Email),
		slog.Any("to", to),
		slog.String("subject", m.Subject),
		slog.Int("text_bytes", len(m.Text)),
		slog.Any("attachments", files),
	)
	return nil
}
