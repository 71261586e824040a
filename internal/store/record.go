package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"nghisu/internal/db"
	"nghisu/internal/model"
)

const minutesCols = `id, meeting_id, kind, text, version, state, document_id, entry_id, created_by, created_at,
	updated_at, final_at`

func scanMinutes(r interface{ Scan(...any) error }) (model.Minutes, error) {
	var m model.Minutes
	var doc, entry, by sql.NullInt64
	var final sql.NullTime
	err := r.Scan(&m.ID, &m.MeetingID, &m.Kind, &m.Text, &m.Version, &m.State, &doc, &entry, &by, &m.CreatedAt,
		&m.UpdatedAt, &final)
	m.DocumentID, m.EntryID, m.CreatedBy, m.FinalAt = doc.Int64, entry.Int64, by.Int64, timePtr(final)
	return m, err
}

// CreateMinutes stores a first draft of minutes (or of an addendum) and
// sets its id; a meeting's second minutes are refused (ErrConflict).
func (s *Store) CreateMinutes(ctx context.Context, m *model.Minutes) error {
	now := s.Now()
	m.CreatedAt, m.UpdatedAt, m.Version, m.State = now, now, 1, model.MinutesDraft
	id, err := s.insert(ctx, `INSERT INTO minutes (meeting_id, kind, text, version, state, created_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, m.MeetingID, m.Kind, m.Text, m.Version, m.State, nullInt(m.CreatedBy), now, now)
	m.ID = id
	return err
}

// SaveMinutesText replaces a draft's text when it is still the version the
// editor started from and nobody has signed it; otherwise ErrConflict.
func (s *Store) SaveMinutesText(ctx context.Context, m *model.Minutes, basedOn int) error {
	m.UpdatedAt = s.Now()
	err := s.execOne(ctx, `UPDATE minutes SET text = ?, version = version + 1, updated_at = ?
		WHERE id = ? AND version = ? AND state = 'draft'
		AND NOT EXISTS (SELECT 1 FROM minute_signatures g WHERE g.minutes_id = minutes.id)`,
		m.Text, m.UpdatedAt, m.ID, basedOn)
	if errors.Is(err, model.ErrNotFound) {
		return model.ErrConflict
	}
	m.Version = basedOn + 1
	return err
}

// FinishMinutes makes minutes final, with their issued number and book
// entry; only a draft can be.
func (s *Store) FinishMinutes(ctx context.Context, m *model.Minutes) error {
	now := s.Now()
	m.FinalAt, m.State = &now, model.MinutesFinal
	err := s.execOne(ctx, `UPDATE minutes SET state = 'final', final_at = ?, document_id = ?, entry_id = ?
		WHERE id = ? AND state = 'draft'`, now, nullInt(m.DocumentID), nullInt(m.EntryID), m.ID)
	if errors.Is(err, model.ErrNotFound) {
		return model.ErrConflict
	}
	return err
}

// MinutesByID reads minutes with their signatures.
func (s *Store) MinutesByID(ctx context.Context, id int64) (*model.Minutes, error) {
	m, err := scanMinutes(s.q.QueryRow(ctx, "SELECT "+minutesCols+" FROM minutes WHERE id = ?", id))
	if err != nil {
		return nil, err
	}
	return s.withSignatures(ctx, &m)
}

// MeetingMinutes lists a meeting's minutes, then its addenda in order.
func (s *Store) MeetingMinutes(ctx context.Context, meetingID int64) ([]model.Minutes, error) {
	rows, err := s.q.Query(ctx, "SELECT "+minutesCols+` FROM minutes WHERE meeting_id = ?
		ORDER BY CASE kind WHEN 'minutes' THEN 0 ELSE 1 END, id`, meetingID)
	list, err := collect(rows, err, func(r *sql.Rows) (model.Minutes, error) { return scanMinutes(r) })
	if err != nil {
		return nil, err
	}
	for i := range list {
		if _, err := s.withSignatures(ctx, &list[i]); err != nil {
			return nil, err
		}
	}
	return list, nil
}

func (s *Store) withSignatures(ctx context.Context, m *model.Minutes) (*model.Minutes, error) {
	rows, err := s.q.Query(ctx, `SELECT minutes_id, role, person_id, account_id, name, text_sha256, signed_at
		FROM minute_signatures WHERE minutes_id = ? ORDER BY signed_at, role`, m.ID)
	m.Signatures, err = collect(rows, err, func(r *sql.Rows) (model.Signature, error) {
		var g model.Signature
		var acc sql.NullInt64
		err := r.Scan(&g.MinutesID, &g.Role, &g.PersonID, &acc, &g.Name, &g.TextSHA256, &g.SignedAt)
		g.AccountID = acc.Int64
		return g, err
	})
	return m, err
}

// AddSignature records a signature; a role signs once (ErrConflict).
// A zero SignedAt is now.
func (s *Store) AddSignature(ctx context.Context, g *model.Signature) error {
	if g.SignedAt.IsZero() {
		g.SignedAt = s.Now()
	}
	_, err := s.q.Exec(ctx, `INSERT INTO minute_signatures (minutes_id, role, person_id, account_id, name, text_sha256, signed_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, g.MinutesID, g.Role, g.PersonID, nullInt(g.AccountID), g.Name, g.TextSHA256, g.SignedAt)
	return err
}

// RemoveSignature takes a signature back while the minutes are a draft.
func (s *Store) RemoveSignature(ctx context.Context, minutesID int64, role string) error {
	return s.execOne(ctx, `DELETE FROM minute_signatures WHERE minutes_id = ? AND role = ?
		AND EXISTS (SELECT 1 FROM minutes m WHERE m.id = minutes_id AND m.state = 'draft')`, minutesID, role)
}

// LockBody makes the writers of one body's minute book take turns on
// PostgreSQL (SQLite has one writer anyway).
func (s *Store) LockBody(ctx context.Context, bodyID int64) error {
	if s.q.Dialect() != db.Postgres {
		return nil
	}
	var id int64
	return s.q.QueryRow(ctx, "SELECT id FROM bodies WHERE id = ? FOR UPDATE", bodyID).Scan(&id)
}

// RegisterKey records a signing key's public half (again: nothing).
func (s *Store) RegisterKey(ctx context.Context, id, publicKey string) error {
	_, err := s.q.Exec(ctx, `INSERT INTO signing_keys (id, public_key, created_at) VALUES (?, ?, ?)
		ON CONFLICT (id) DO NOTHING`, id, publicKey, s.Now())
	return err
}

// SigningKeys maps key ids to their public keys (base64).
func (s *Store) SigningKeys(ctx context.Context) (map[string]string, error) {
	rows, err := s.q.Query(ctx, "SELECT id, public_key FROM signing_keys")
	type kv struct{ id, key string }
	list, err := collect(rows, err, func(r *sql.Rows) (kv, error) {
		var x kv
		return x, r.Scan(&x.id, &x.key)
	})
	out := make(map[string]string, len(list))
	for _, x := range list {
		out[x.id] = x.key
	}
	return out, err
}

const entryCols = "id, body_id, seq, minutes_id, meeting_id, content, hash, prev_hash, signature, key_id, created_at"

func scanEntry(r interface{ Scan(...any) error }) (model.BookEntry, error) {
	var e model.BookEntry
	err := r.Scan(&e.ID, &e.BodyID, &e.Seq, &e.MinutesID, &e.MeetingID, &e.Content, &e.Hash, &e.PrevHash,
		&e.Signature, &e.KeyID, &e.CreatedAt)
	return e, err
}

// LastEntry reads the newest entry of a body's minute book; ErrNotFound
// when the book is empty.
func (s *Store) LastEntry(ctx context.Context, bodyID int64) (*model.BookEntry, error) {
	e, err := scanEntry(s.q.QueryRow(ctx, "SELECT "+entryCols+" FROM minute_book WHERE body_id = ? ORDER BY seq DESC LIMIT 1", bodyID))
	if err != nil {
		return nil, err
	}
	return &e, nil
}

// AppendEntry adds an entry to a minute book and sets its id.
func (s *Store) AppendEntry(ctx context.Context, e *model.BookEntry) error {
	id, err := s.insert(ctx, `INSERT INTO minute_book (body_id, seq, minutes_id, meeting_id, content, hash, prev_hash,
		signature, key_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, e.BodyID, e.Seq, e.MinutesID, e.MeetingID,
		e.Content, e.Hash, e.PrevHash, e.Signature, e.KeyID, e.CreatedAt)
	e.ID = id
	return err
}

// Book lists a body's minute book in order.
func (s *Store) Book(ctx context.Context, bodyID int64) ([]model.BookEntry, error) {
	rows, err := s.q.Query(ctx, "SELECT "+entryCols+" FROM minute_book WHERE body_id = ? ORDER BY seq", bodyID)
	return collect(rows, err, func(r *sql.Rows) (model.BookEntry, error) { return scanEntry(r) })
}

// BookBodies lists the bodies that have a minute book.
func (s *Store) BookBodies(ctx context.Context) ([]int64, error) {
	rows, err := s.q.Query(ctx, "SELECT DISTINCT body_id FROM minute_book ORDER BY body_id")
	return collect(rows, err, func(r *sql.Rows) (int64, error) {
		var id int64
		return id, r.Scan(&id)
	})
}

// NextDocNumber takes the next number of a type for an issuing
// organisation and term, in the caller's transaction: the counter row stays
// locked until it ends, so two issuers take turns, and a rolled-back issue
// gives its number back instead of leaving a gap.
func (s *Store) NextDocNumber(ctx context.Context, orgID, termID int64, typ model.DocType) (int, error) {
	if _, err := s.q.Exec(ctx, `INSERT INTO doc_counters (org_id, term_id, type, last) VALUES (?, ?, ?, 0)
		ON CONFLICT (org_id, term_id, type) DO NOTHING`, orgID, termID, typ); err != nil {
		return 0, err
	}
	var n int
	err := s.q.WriteRow(ctx, `UPDATE doc_counters SET last = last + 1 WHERE org_id = ? AND term_id = ? AND type = ?
		RETURNING last`, orgID, termID, typ).Scan(&n)
	return n, err
}

const issuedCols = `id, org_id, term_id, body_id, type, number, symbol, subject, text, issued_on, place, signer_id,
	signer_name, signer_title, capacity, recipients, level, meeting_id, source_id, created_by, created_at`

func scanIssued(r interface{ Scan(...any) error }) (model.IssuedDocument, error) {
	var d model.IssuedDocument
	var signer, meeting, source, by sql.NullInt64
	var recipients string
	err := r.Scan(&d.ID, &d.OrgID, &d.TermID, &d.BodyID, &d.Type, &d.Number, &d.Symbol, &d.Subject, &d.Text,
		&d.IssuedOn, &d.Place, &signer, &d.SignerName, &d.SignerTitle, &d.Capacity, &recipients, &d.Level, &meeting,
		&source, &by, &d.CreatedAt)
	d.SignerID, d.MeetingID, d.SourceID, d.CreatedBy = signer.Int64, meeting.Int64, source.Int64, by.Int64
	if recipients != "" {
		d.Recipients = strings.Split(recipients, "\n")
	}
	return d, err
}

// CreateIssued stores an issued document and sets its id.
func (s *Store) CreateIssued(ctx context.Context, d *model.IssuedDocument) error {
	d.CreatedAt = s.Now()
	id, err := s.insert(ctx, `INSERT INTO issued_documents (org_id, term_id, body_id, type, number, symbol, subject, text,
		issued_on, place, signer_id, signer_name, signer_title, capacity, recipients, level, meeting_id, source_id,
		created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		d.OrgID, d.TermID, d.BodyID, d.Type, d.Number, d.Symbol, d.Subject, d.Text, d.IssuedOn, d.Place,
		nullInt(d.SignerID), d.SignerName, d.SignerTitle, d.Capacity, strings.Join(d.Recipients, "\n"), d.Level,
		nullInt(d.MeetingID), nullInt(d.SourceID), nullInt(d.CreatedBy), d.CreatedAt)
	d.ID = id
	return err
}

// Issued reads one issued document.
func (s *Store) Issued(ctx context.Context, id int64) (*model.IssuedDocument, error) {
	d, err := scanIssued(s.q.QueryRow(ctx, "SELECT "+issuedCols+" FROM issued_documents WHERE id = ?", id))
	if err != nil {
		return nil, err
	}
	return &d, nil
}

// RegisterQuery selects issued documents of one organisation.
type RegisterQuery struct {
	OrgID     int64
	TermID    int64
	BodyIDs   []int64 // the bodies the reader sees; empty: none
	Type      model.DocType
	Year      int
	MeetingID int64
	Limit     int
}

// Register lists issued documents, newest number first.
func (s *Store) Register(ctx context.Context, rq RegisterQuery) ([]model.IssuedDocument, error) {
	if len(rq.BodyIDs) == 0 {
		return nil, nil
	}
	q := "SELECT " + issuedCols + " FROM issued_documents WHERE org_id = ? AND body_id IN (" + placeholders(len(rq.BodyIDs)) + ")"
	args := []any{rq.OrgID}
	for _, id := range rq.BodyIDs {
		args = append(args, id)
	}
	if rq.TermID != 0 {
		q += " AND term_id = ?"
		args = append(args, rq.TermID)
	}
	if rq.Type != "" {
		q += " AND type = ?"
		args = append(args, rq.Type)
	}
	if rq.Year != 0 {
		q += " AND issued_on >= ? AND issued_on < ?"
		args = append(args, model.Date{Year: rq.Year, Month: 1, Day: 1}, model.Date{Year: rq.Year + 1, Month: 1, Day: 1})
	}
	if rq.MeetingID != 0 {
		q += " AND meeting_id = ?"
		args = append(args, rq.MeetingID)
	}
	q += " ORDER BY issued_on DESC, id DESC"
	if rq.Limit > 0 {
		q += " LIMIT ?"
		args = append(args, rq.Limit)
	}
	rows, err := s.q.Query(ctx, q, args...)
	return collect(rows, err, func(r *sql.Rows) (model.IssuedDocument, error) { return scanIssued(r) })
}
