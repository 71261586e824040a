package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"

	"nghisu/internal/model"
)

const docCols = "d.id, d.meeting_id, d.item_id, d.kind, d.title, d.format, d.level, d.audience, d.released, d.status, d.created_by, d.created_at, d.updated_at"

func scanDoc(r interface{ Scan(...any) error }, extra ...any) (model.Document, error) {
	var d model.Document
	var item, by sql.NullInt64
	err := r.Scan(append([]any{&d.ID, &d.MeetingID, &item, &d.Kind, &d.Title, &d.Format, &d.Level, &d.Audience,
		&d.Released, &d.Status, &by, &d.CreatedAt, &d.UpdatedAt}, extra...)...)
	d.ItemID, d.CreatedBy = item.Int64, by.Int64
	return d, err
}

// CreateDocument inserts a paper, sets its id, and puts its title in the
// search index in the same transaction.
func (s *Store) CreateDocument(ctx context.Context, d *model.Document) error {
	return s.InTx(ctx, func(s *Store) error {
		now := s.Now()
		d.CreatedAt, d.UpdatedAt = now, now
		if d.Status == "" {
			d.Status = model.DocDraft
		}
		id, err := s.insert(ctx, `INSERT INTO documents (meeting_id, item_id, kind, title, format, level, audience, released, status,
			created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			d.MeetingID, nullInt(d.ItemID), d.Kind, d.Title, d.Format, d.Level, d.Audience, d.Released, d.Status,
			nullInt(d.CreatedBy), now, now)
		d.ID = id
		if err != nil {
			return err
		}
		return s.Reindex(ctx, model.SearchDocument, id)
	})
}

// Document reads one paper with its latest version (body included).
func (s *Store) Document(ctx context.Context, id int64) (*model.Document, error) {
	d, err := scanDoc(s.q.QueryRow(ctx, "SELECT "+docCols+" FROM documents d WHERE d.id = ?", id))
	if err != nil {
		return nil, err
	}
	v, err := s.LatestVersion(ctx, id)
	if err == nil {
		d.Latest = v
	} else if err != model.ErrNotFound {
		return nil, err
	}
	return &d, nil
}

// Documents lists a meeting's papers with their latest version (without
// bodies), by item then creation.
func (s *Store) Documents(ctx context.Context, meetingID int64) ([]model.Document, error) {
	rows, err := s.q.Query(ctx, "SELECT "+docCols+`, v.id, v.number, v.file_id, v.author_name, v.created_at,
		f.name, f.content_type, f.size
		FROM documents d
		LEFT JOIN document_versions v ON v.document_id = d.id AND v.number = (SELECT MAX(number) FROM document_versions WHERE document_id = d.id)
		LEFT JOIN files f ON f.id = v.file_id
		WHERE d.meeting_id = ? ORDER BY d.id`, meetingID)
	return collect(rows, err, func(r *sql.Rows) (model.Document, error) {
		var vid, vnum, fid sql.NullInt64
		var author, fname, ftype sql.NullString
		var vat sql.NullTime
		var fsize sql.NullInt64
		d, err := scanDoc(r, &vid, &vnum, &fid, &author, &vat, &fname, &ftype, &fsize)
		if vid.Valid {
			d.Latest = &model.DocVersion{ID: vid.Int64, DocumentID: d.ID, Number: int(vnum.Int64), FileID: fid.Int64,
				AuthorName: author.String, CreatedAt: vat.Time}
			if fid.Valid {
				d.Latest.File = &model.File{ID: fid.Int64, Name: fname.String, ContentType: ftype.String, Size: fsize.Int64}
			}
		}
		return d, err
	})
}

// SetDocumentStatus approves a paper (or returns it to draft).
func (s *Store) SetDocumentStatus(ctx context.Context, id int64, st model.DocStatus) error {
	return s.execOne(ctx, "UPDATE documents SET status = ?, updated_at = ? WHERE id = ?", st, s.Now(), id)
}

// ReleaseDocuments hands a meeting's BCH and guests papers to the BCH.
func (s *Store) ReleaseDocuments(ctx context.Context, meetingID int64) error {
	_, err := s.q.Exec(ctx, "UPDATE documents SET released = TRUE, updated_at = ? WHERE meeting_id = ? AND audience <> 'standing' AND NOT released",
		s.Now(), meetingID)
	return err
}

// ReleaseDocument hands one paper to its audience.
func (s *Store) ReleaseDocument(ctx context.Context, id int64) error {
	return s.execOne(ctx, "UPDATE documents SET released = TRUE, updated_at = ? WHERE id = ?", s.Now(), id)
}

// AddVersion appends version v to a paper. Two saves based on the same
// version collide on the version number: the later one is model.ErrConflict.
// The paper's search entry takes the newest version's text (a file's name)
// in the same transaction.
func (s *Store) AddVersion(ctx context.Context, v *model.DocVersion) error {
	return s.InTx(ctx, func(s *Store) error {
		v.CreatedAt = s.Now()
		id, err := s.insert(ctx, `INSERT INTO document_versions (document_id, number, body, file_id, note, based_on, author_id,
			author_name, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, v.DocumentID, v.Number, v.Body, nullInt(v.FileID),
			v.Note, v.BasedOn, nullInt(v.AuthorID), v.AuthorName, v.CreatedAt)
		if err != nil {
			return err
		}
		v.ID = id
		if _, err = s.q.Exec(ctx, "UPDATE documents SET updated_at = ? WHERE id = ?", v.CreatedAt, v.DocumentID); err != nil {
			return err
		}
		return s.Reindex(ctx, model.SearchDocument, v.DocumentID)
	})
}

const versionCols = "v.id, v.document_id, v.number, v.body, v.file_id, v.note, v.based_on, v.author_id, v.author_name, v.created_at"

func scanVersion(r interface{ Scan(...any) error }) (model.DocVersion, error) {
	var v model.DocVersion
	var fid, author sql.NullInt64
	err := r.Scan(&v.ID, &v.DocumentID, &v.Number, &v.Body, &fid, &v.Note, &v.BasedOn, &author, &v.AuthorName, &v.CreatedAt)
	v.FileID, v.AuthorID = fid.Int64, author.Int64
	return v, err
}

// Version reads one version of a paper by its number.
func (s *Store) Version(ctx context.Context, docID int64, number int) (*model.DocVersion, error) {
	v, err := scanVersion(s.q.QueryRow(ctx, "SELECT "+versionCols+" FROM document_versions v WHERE v.document_id = ? AND v.number = ?", docID, number))
	if err != nil {
		return nil, err
	}
	return s.withFile(ctx, &v)
}

// LatestVersion reads the newest version of a paper.
func (s *Store) LatestVersion(ctx context.Context, docID int64) (*model.DocVersion, error) {
	v, err := scanVersion(s.q.QueryRow(ctx, "SELECT "+versionCols+" FROM document_versions v WHERE v.document_id = ? ORDER BY v.number DESC LIMIT 1", docID))
	if err != nil {
		return nil, err
	}
	return s.withFile(ctx, &v)
}

func (s *Store) withFile(ctx context.Context, v *model.DocVersion) (*model.DocVersion, error) {
	if v.FileID == 0 {
		return v, nil
	}
	f, err := s.FileInfo(ctx, v.FileID)
	v.File = f
	return v, err
}

// Versions lists a paper's versions, newest first, without bodies.
func (s *Store) Versions(ctx context.Context, docID int64) ([]model.DocVersion, error) {
	rows, err := s.q.Query(ctx, `SELECT v.id, v.document_id, v.number, '', v.file_id, v.note, v.based_on, v.author_id,
		v.author_name, v.created_at FROM document_versions v WHERE v.document_id = ? ORDER BY v.number DESC`, docID)
	return collect(rows, err, func(r *sql.Rows) (model.DocVersion, error) { return scanVersion(r) })
}

// SaveFile stores a file's bytes and returns its description.
func (s *Store) SaveFile(ctx context.Context, name, contentType string, data []byte) (*model.File, error) {
	sum := sha256.Sum256(data)
	f := &model.File{Name: name, ContentType: contentType, Size: int64(len(data)), SHA256: hex.EncodeToString(sum[:]), CreatedAt: s.Now()}
	id, err := s.insert(ctx, "INSERT INTO files (name, content_type, size, sha256, data, created_at) VALUES (?, ?, ?, ?, ?, ?)",
		f.Name, f.ContentType, f.Size, f.SHA256, data, f.CreatedAt)
	f.ID = id
	return f, err
}

// FileInfo reads a file's description.
func (s *Store) FileInfo(ctx context.Context, id int64) (*model.File, error) {
	var f model.File
	err := s.q.QueryRow(ctx, "SELECT id, name, content_type, size, sha256, created_at FROM files WHERE id = ?", id).
		Scan(&f.ID, &f.Name, &f.ContentType, &f.Size, &f.SHA256, &f.CreatedAt)
	if err != nil {
		return nil, err
	}
	return &f, nil
}

// FileData reads a file's bytes.
func (s *Store) FileData(ctx context.Context, id int64) ([]byte, error) {
	var b []byte
	err := s.q.QueryRow(ctx, "SELECT data FROM files WHERE id = ?", id).Scan(&b)
	return b, err
}

// DocumentsByID reads papers without their versions, by id: what deciding
// who reads them needs (the search checks a page of hits at once).
func (s *Store) DocumentsByID(ctx context.Context, ids []int64) (map[int64]model.Document, error) {
	out := make(map[int64]model.Document, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := s.q.Query(ctx, "SELECT "+docCols+" FROM documents d WHERE d.id IN ("+placeholders(len(ids))+")", args...)
	docs, err := collect(rows, err, func(r *sql.Rows) (model.Document, error) { return scanDoc(r) })
	for _, d := range docs {
		out[d.ID] = d
	}
	return out, err
}
