package record

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"nghisu/internal/auth"
	"nghisu/internal/meeting"
	"nghisu/internal/model"
	"nghisu/internal/store"
)

// canonical is what a book entry holds, as JSON in this field order: the
// place in the chain (book, seq, prev), what was signed and by whom. Its
// SHA-256 is the entry's hash, so changing any of it, or the order of the
// entries, breaks the chain from there on.
type canonical struct {
	Book       int64          `json:"book"`
	Seq        int            `json:"seq"`
	Prev       string         `json:"prev"`
	Kind       string         `json:"kind"`
	Meeting    int64          `json:"meeting"`
	Minutes    int64          `json:"minutes"`
	Number     string         `json:"number"`
	Title      string         `json:"title"`
	Text       string         `json:"text"`
	TextSHA256 string         `json:"text_sha256"`
	Signatures []canonicalSig `json:"signatures"`
	At         string         `json:"at"`
}

type canonicalSig struct {
	Role       string `json:"role"`
	Person     int64  `json:"person"`
	Name       string `json:"name"`
	TextSHA256 string `json:"text_sha256"`
	At         string `json:"at"`
}

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// storedPrecision takes the entry's and the signatures' times from the
// signed content where the database holds the same instant to the
// microsecond: PostgreSQL keeps microseconds, so an entry written with
// nanoseconds (on SQLite, or by a clock that has them) and read back from
// PostgreSQL (after migrate-to-postgres) would otherwise not verify. Any
// other difference still breaks the entry.
func storedPrecision(got canonical, at time.Time, x *model.Minutes) (time.Time, *model.Minutes) {
	same := func(s string, t time.Time) (time.Time, bool) {
		c, err := time.Parse(time.RFC3339Nano, s)
		// Drivers truncate (pgx) or round (PostgreSQL parsing text).
		if err != nil || !(c.Truncate(time.Microsecond).Equal(t.Truncate(time.Microsecond)) ||
			c.Round(time.Microsecond).Equal(t.Round(time.Microsecond))) {
			return t, false
		}
		return c, true
	}
	at, _ = same(got.At, at)
	var sigs []model.Signature
	for i, g := range x.Signatures {
		for _, cs := range got.Signatures {
			if cs.Role != g.Role || cs.Person != g.PersonID {
				continue
			}
			if c, ok := same(cs.At, g.SignedAt); ok && !c.Equal(g.SignedAt) {
				if sigs == nil {
					sigs = slices.Clone(x.Signatures)
				}
				sigs[i].SignedAt = c
			}
		}
	}
	if sigs != nil {
		cp := *x
		cp.Signatures = sigs
		x = &cp
	}
	return at, x
}

// contentOf builds the canonical content of final minutes.
func contentOf(bodyID int64, seq int, prev string, x *model.Minutes, d *model.IssuedDocument, at time.Time) ([]byte, error) {
	c := canonical{Book: bodyID, Seq: seq, Prev: prev, Kind: string(x.Kind), Meeting: x.MeetingID, Minutes: x.ID,
		Number: d.Symbol, Title: d.Subject, Text: x.Text, TextSHA256: sha(x.Text), At: stamp(at)}
	for _, g := range sortedRoles(x.Signatures) {
		c.Signatures = append(c.Signatures, canonicalSig{Role: g.Role, Person: g.PersonID, Name: g.Name,
			TextSHA256: g.TextSHA256, At: stamp(g.SignedAt)})
	}
	return json.Marshal(c)
}

// append adds final minutes to their body's book, in st.
func (s *Service) append(ctx context.Context, st *store.Store, m *model.Meeting, x *model.Minutes, d *model.IssuedDocument) (*model.BookEntry, error) {
	if err := st.LockBody(ctx, m.BodyID); err != nil {
		return nil, err
	}
	e := &model.BookEntry{BodyID: m.BodyID, Seq: 1, MinutesID: x.ID, MeetingID: m.ID, KeyID: s.key.ID, CreatedAt: st.Now()}
	last, err := st.LastEntry(ctx, m.BodyID)
	switch {
	case err == nil:
		e.Seq, e.PrevHash = last.Seq+1, last.Hash
	case !errors.Is(err, model.ErrNotFound):
		return nil, err
	}
	content, err := contentOf(m.BodyID, e.Seq, e.PrevHash, x, d, e.CreatedAt)
	if err != nil {
		return nil, err
	}
	e.Content = string(content)
	e.Hash = sha(e.Content)
	digest, _ := hex.DecodeString(e.Hash)
	e.Signature = base64.StdEncoding.EncodeToString(ed25519.Sign(s.key.private, digest))
	if err := st.RegisterKey(ctx, s.key.ID, s.key.Public()); err != nil {
		return nil, err
	}
	return e, st.AppendEntry(ctx, e)
}

// Problem is the first broken entry of a book, in words.
type Problem struct {
	BodyID int64  `json:"body_id"`
	Seq    int    `json:"seq"`
	Reason string `json:"reason"`
}

func (p Problem) Error() string {
	return fmt.Sprintf("sổ biên bản %d, mục %d: %s", p.BodyID, p.Seq, p.Reason)
}

// Check is the verification of one book.
type Check struct {
	BodyID  int64    `json:"body_id"`
	Entries int      `json:"entries"`
	Problem *Problem `json:"problem,omitempty"`
	// Keys lists the ids of the keys that signed the book.
	Keys []string `json:"keys"`
}

// OK reports whether the whole book verified.
func (c Check) OK() bool { return c.Problem == nil }

// verify checks one book: each entry's hash over its content, the link to
// the previous entry, the signature with a registered key, and that the
// minutes, their signatures and their issued number still say what the
// entry says. It names the first entry that fails.
func verify(ctx context.Context, st *store.Store, bodyID int64, keys map[string]string) (Check, error) {
	c := Check{BodyID: bodyID}
	book, err := st.Book(ctx, bodyID)
	if err != nil {
		return c, err
	}
	c.Entries = len(book)
	seen := map[string]bool{}
	prev := ""
	for i, e := range book {
		fail := func(format string, args ...any) (Check, error) {
			c.Problem = &Problem{BodyID: bodyID, Seq: e.Seq, Reason: fmt.Sprintf(format, args...)}
			return c, nil
		}
		if e.Seq != i+1 {
			return fail("số thứ tự %d, lẽ ra là %d (mục bị xoá hoặc chèn)", e.Seq, i+1)
		}
		if sha(e.Content) != e.Hash {
			return fail("nội dung không khớp mã băm SHA-256 đã ghi (nội dung bị sửa)")
		}
		if e.PrevHash != prev {
			return fail("mã băm của mục trước không khớp (chuỗi bị đứt)")
		}
		pub, ok := keys[e.KeyID]
		raw, err := base64.StdEncoding.DecodeString(pub)
		if !ok || err != nil || len(raw) != ed25519.PublicKeySize {
			return fail("khoá ký %q không có trong danh sách khoá", e.KeyID)
		}
		digest, _ := hex.DecodeString(e.Hash)
		sig, err := base64.StdEncoding.DecodeString(e.Signature)
		if err != nil || !ed25519.Verify(ed25519.PublicKey(raw), digest, sig) {
			return fail("chữ ký số Ed25519 không hợp lệ")
		}
		if !seen[e.KeyID] {
			seen[e.KeyID] = true
			c.Keys = append(c.Keys, e.KeyID)
		}
		var got canonical
		if err := json.Unmarshal([]byte(e.Content), &got); err != nil {
			return fail("nội dung không đọc được")
		}
		if got.Book != bodyID || got.Seq != e.Seq || got.Prev != e.PrevHash || got.Minutes != e.MinutesID {
			return fail("vị trí ghi trong nội dung không khớp với mục")
		}
		x, err := st.MinutesByID(ctx, e.MinutesID)
		if errors.Is(err, model.ErrNotFound) {
			return fail("biên bản của mục này không còn")
		} else if err != nil {
			return c, err
		}
		d, err := st.Issued(ctx, x.DocumentID)
		if errors.Is(err, model.ErrNotFound) {
			return fail("văn bản số %s của biên bản không còn", got.Number)
		} else if err != nil {
			return c, err
		}
		at, x := storedPrecision(got, e.CreatedAt, x)
		want, err := contentOf(bodyID, e.Seq, e.PrevHash, x, d, at)
		if err != nil {
			return c, err
		}
		if x.State != model.MinutesFinal || x.EntryID != e.ID || string(want) != e.Content {
			return fail("biên bản, chữ ký hoặc số văn bản trong cơ sở dữ liệu đã khác với sổ")
		}
		if d.Text != x.Text {
			return fail("văn bản số %s đã khác với biên bản đã ký", d.Symbol)
		}
		prev = e.Hash
	}
	return c, nil
}

// VerifyAll checks every minute book (the command `nghisu verify`).
func VerifyAll(ctx context.Context, st *store.Store) ([]Check, error) {
	keys, err := st.SigningKeys(ctx)
	if err != nil {
		return nil, err
	}
	bodies, err := st.BookBodies(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]Check, 0, len(bodies))
	for _, id := range bodies {
		c, err := verify(ctx, st, id, keys)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// BookView is a body's minute book as a reader sees it.
type BookView struct {
	Body    *model.Body
	Entries []model.BookEntry
	Check   Check
	// Meetings maps the entries' meetings to their titles.
	Meetings map[int64]*model.Meeting
	Minutes  map[int64]*model.Minutes
}

// Book reads and verifies the minute book of a body the actor sees.
func (s *Service) Book(ctx context.Context, a *auth.Actor, bodyID int64) (*BookView, error) {
	b, err := s.st.Body(ctx, bodyID)
	if err != nil {
		return nil, err
	}
	if !meeting.SeesBody(a, b) {
		return nil, model.ErrNotFound
	}
	v := &BookView{Body: b, Meetings: map[int64]*model.Meeting{}, Minutes: map[int64]*model.Minutes{}}
	if v.Entries, err = s.st.Book(ctx, b.ID); err != nil {
		return nil, err
	}
	keys, err := s.st.SigningKeys(ctx)
	if err != nil {
		return nil, err
	}
	if v.Check, err = verify(ctx, s.st, b.ID, keys); err != nil {
		return nil, err
	}
	for _, e := range v.Entries {
		if v.Meetings[e.MeetingID] == nil {
			if v.Meetings[e.MeetingID], err = s.st.Meeting(ctx, e.MeetingID); err != nil {
				return nil, err
			}
		}
		if v.Minutes[e.MinutesID], err = s.st.MinutesByID(ctx, e.MinutesID); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// FirstBroken checks one body's minute book and returns the sequence
// number of the first entry that fails, 0 when the whole book verifies
// (the oversight indicator "chain verified").
func FirstBroken(ctx context.Context, st *store.Store, bodyID int64) (int, error) {
	keys, err := st.SigningKeys(ctx)
	if err != nil {
		return 0, err
	}
	c, err := verify(ctx, st, bodyID, keys)
	if err != nil || c.Problem == nil {
		return 0, err
	}
	return c.Problem.Seq, nil
}
