// Package record is what stays of a meeting: the minutes, drafted from what
// happened and signed by the meeting's secretary and chair; the minute book
// of each body (sổ biên bản), where signed minutes enter a hash chain signed
// with the instance's key so that no later change goes unnoticed; and the
// documents the party committee issues, numbered per issuing organisation,
// type and term.
//
// Decisions of this package, so that they are made once:
//   - Minutes are edited while the meeting is adjourned and nobody has
//     signed; a signature covers the text's SHA-256, so the first signature
//     freezes the text. A signer may take the signature back until the
//     second one is in; then the minutes are final, forever.
//   - Final minutes are issued as a BB document (its number) and appended
//     to the book of the meeting's body in the same transaction, and the
//     meeting moves to "signed". A correction is an addendum: minutes of
//     kind addendum, signed the same way, appended to the book after them.
//   - The issuing organisation is the đảng ủy, for BCH and BTV documents
//     alike ("ĐU", DOMAIN.md §5); numbers run per organisation, type and
//     term, from 01, in the issuing transaction (a rollback gives the
//     number back, so there are no gaps).
package record

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"nghisu/internal/auth"
	"nghisu/internal/meeting"
	"nghisu/internal/org"
	"nghisu/internal/session"
	"nghisu/internal/store"
)

// Service keeps the record.
type Service struct {
	st       *store.Store
	auth     *auth.Service
	orgs     *org.Service
	meetings *meeting.Service
	session  *session.Service
	key      *Key
}

// New returns the service; key signs the minute books' entries.
func New(st *store.Store, a *auth.Service, orgs *org.Service, meetings *meeting.Service, sess *session.Service, key *Key) *Service {
	return &Service{st: st, auth: a, orgs: orgs, meetings: meetings, session: sess, key: key}
}

// Key is the instance's Ed25519 signing key. Its public half is kept in the
// database (signing_keys) so any instance can verify; the private half
// stays in a file outside it, so whoever can write the database still
// cannot sign a forged entry.
type Key struct {
	ID      string
	private ed25519.PrivateKey
}

// NewKey makes a fresh random key.
func NewKey() *Key {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		panic(err) // crypto/rand does not fail
	}
	return keyOf(priv)
}

func keyOf(priv ed25519.PrivateKey) *Key {
	pub := priv.Public().(ed25519.PublicKey)
	sum := sha256.Sum256(pub)
	return &Key{ID: hex.EncodeToString(sum[:8]), private: priv}
}

// Public is the base64 public key.
func (k *Key) Public() string {
	return base64.StdEncoding.EncodeToString(k.private.Public().(ed25519.PublicKey))
}

// LoadKey reads the key file at path, or makes one there when it does not
// exist (readable by its owner only). Several instances on one PostgreSQL
// database should share one file; if they do not, each registers its own
// key and the book still verifies.
func LoadKey(path string) (*Key, error) {
	_, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		k := NewKey()
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, err
		}
		seed := base64.StdEncoding.EncodeToString(k.private.Seed())
		text := "# nghisu minute book signing key (Ed25519 seed). Keep it secret; back it up.\n" + seed + "\n"
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			return nil, err
		}
		return k, nil
	}
	return LoadExistingKey(path)
}

// LoadExistingKey reads the key file at path, which must exist.
func LoadExistingKey(path string) (*Key, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		seed, err := base64.StdEncoding.DecodeString(line)
		if err != nil || len(seed) != ed25519.SeedSize {
			return nil, fmt.Errorf("signing key %s: not a base64 Ed25519 seed", path)
		}
		return keyOf(ed25519.NewKeyFromSeed(seed)), nil
	}
	return nil, fmt.Errorf("signing key %s: empty", path)
}

// Register records the key's public half in the database.
func (s *Service) Register(ctx context.Context) error {
	return s.st.RegisterKey(ctx, s.key.ID, s.key.Public())
}

// sha hex-encodes the SHA-256 of s.
func sha(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}
