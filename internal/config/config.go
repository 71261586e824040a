// Package config gathers the settings of one nghisu process from flags and
// NGHISU_* environment variables (flags win).
package config

import (
	"flag"
	"os"
	"strconv"
)

// Config is one process's settings.
type Config struct {
	// Addr is where the web server listens.
	Addr string
	// DataDir holds the SQLite file when DB is empty.
	DataDir string
	// DB is a PostgreSQL URL ("postgres://…"), a SQLite path, or "" for
	// DataDir/nghisu.db.
	DB string
	// Demo seeds the demo province into an empty database before serving.
	Demo bool
	// SecureCookies: set when users reach nghisu over HTTPS.
	SecureCookies bool
	// MaxUploadMB caps uploaded files.
	MaxUploadMB int
	// LogLevel is debug, info, warn or error.
	LogLevel string
	// PublicURL is how users reach nghisu, for links in e-mails and
	// calendars ("https://nghisu.dongthap.gov.vn"); default from Addr.
	PublicURL string
	// SMTP sends e-mail; without a host, mails are only logged.
	SMTPHost, SMTPUser, SMTPPassword, SMTPFrom, SMTPSecurity string
	SMTPPort                                                 int
	// SigningKey is the file of the Ed25519 key that signs the minute
	// books; "" with a DataDir: DataDir/signing.key, made on first start;
	// "" without one (tests): a fresh key in memory.
	SigningKey string
}

// Register adds the common flags to fs, with defaults from the environment.
func (c *Config) Register(fs *flag.FlagSet) {
	fs.StringVar(&c.Addr, "addr", env("NGHISU_ADDR", "127.0.0.1:8080"), "listen address (NGHISU_ADDR)")
	fs.StringVar(&c.DataDir, "data", env("NGHISU_DATA", "nghisu-data"), "data folder for the SQLite database (NGHISU_DATA)")
	fs.StringVar(&c.DB, "db", env("NGHISU_DB", ""), "database: postgres://… for PostgreSQL, else a SQLite file (NGHISU_DB)")
	fs.BoolVar(&c.SecureCookies, "secure-cookies", envBool("NGHISU_SECURE_COOKIES"), "mark cookies Secure and send HSTS: set behind HTTPS (NGHISU_SECURE_COOKIES)")
	fs.IntVar(&c.MaxUploadMB, "max-upload-mb", envInt("NGHISU_MAX_UPLOAD_MB", 20), "largest uploaded file in MB (NGHISU_MAX_UPLOAD_MB)")
	fs.StringVar(&c.LogLevel, "log-level", env("NGHISU_LOG_LEVEL", "info"), "debug, info, warn or error (NGHISU_LOG_LEVEL)")
	fs.StringVar(&c.PublicURL, "public-url", env("NGHISU_PUBLIC_URL", ""), "address users reach nghisu at, for links in e-mails (NGHISU_PUBLIC_URL)")
	fs.StringVar(&c.SMTPHost, "smtp-host", env("NGHISU_SMTP_HOST", ""), "SMTP server for e-mail; empty: e-mails are only logged (NGHISU_SMTP_HOST)")
	fs.IntVar(&c.SMTPPort, "smtp-port", envInt("NGHISU_SMTP_PORT", 587), "SMTP port (NGHISU_SMTP_PORT)")
	fs.StringVar(&c.SMTPUser, "smtp-user", env("NGHISU_SMTP_USER", ""), "SMTP user name (NGHISU_SMTP_USER)")
	fs.StringVar(&c.SMTPPassword, "smtp-password", env("NGHISU_SMTP_PASSWORD", ""), "SMTP password; prefer the variable NGHISU_SMTP_PASSWORD")
	fs.StringVar(&c.SMTPFrom, "smtp-from", env("NGHISU_SMTP_FROM", "nghisu@localhost"), "sender address (NGHISU_SMTP_FROM)")
	fs.StringVar(&c.SigningKey, "signing-key", env("NGHISU_SIGNING_KEY", ""), "file of the key that signs the minute books; default DATA/signing.key, made when missing; share it between instances (NGHISU_SIGNING_KEY)")
	fs.StringVar(&c.SMTPSecurity, "smtp-security", env("NGHISU_SMTP_SECURITY", "starttls"), "none, starttls or tls (NGHISU_SMTP_SECURITY)")
}

func env(name, def string) string {
	if v, ok := os.LookupEnv(name); ok && v != "" {
		return v
	}
	return def
}

func envBool(name string) bool {
	v, _ := strconv.ParseBool(os.Getenv(name))
	return v
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil {
		return v
	}
	return def
}
