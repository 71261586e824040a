package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"nghisu/internal/db"
	"nghisu/internal/model"
	"nghisu/internal/vntext"
)

// maxIndexed caps the raw and folded text of one search entry: PostgreSQL
// refuses a tsvector over 1 MB, and nobody reads a snippet past it.
const maxIndexed = 256 << 10

// IndexSearch writes e into the search index, replacing what was there for
// its kind and ref_id. It folds the title and text itself. When e has no
// organisation, the organisation of its meeting's body is used.
func (s *Store) IndexSearch(ctx context.Context, e model.SearchEntry) error {
	if e.Kind == "" || e.RefID == 0 {
		return errors.New("store: search entry without kind or ref_id")
	}
	if e.OrgPath == "" {
		var err error
		switch {
		case e.OrgID != 0:
			err = s.q.QueryRow(ctx, "SELECT path FROM orgs WHERE id = ?", e.OrgID).Scan(&e.OrgPath)
		case e.MeetingID != 0:
			err = s.q.QueryRow(ctx, `SELECT o.id, o.path FROM meetings m JOIN bodies b ON b.id = m.body_id
				JOIN orgs o ON o.id = b.org_id WHERE m.id = ?`, e.MeetingID).Scan(&e.OrgID, &e.OrgPath)
		default:
			return errors.New("store: search entry without organisation or meeting")
		}
		if err != nil {
			return fmt.Errorf("store: organisation of search entry %s %d: %w", e.Kind, e.RefID, err)
		}
	}
	title, text := capText(e.Title), capText(e.Text)
	// Unchanged rows are left alone, so a re-index touches only what moved.
	_, err := s.q.Exec(ctx, `INSERT INTO search_entries (kind, ref_id, meeting_id, org_id, org_path, title, text,
		title_folded, text_folded, scope_key, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (kind, ref_id) DO UPDATE SET meeting_id = excluded.meeting_id, org_id = excluded.org_id,
		org_path = excluded.org_path, title = excluded.title, text = excluded.text,
		title_folded = excluded.title_folded, text_folded = excluded.text_folded, scope_key = excluded.scope_key,
		updated_at = excluded.updated_at
		WHERE search_entries.title <> excluded.title OR search_entries.text <> excluded.text
		OR search_entries.org_path <> excluded.org_path OR search_entries.meeting_id IS DISTINCT FROM excluded.meeting_id`,
		e.Kind, e.RefID, nullInt(e.MeetingID), e.OrgID, e.OrgPath, title, text,
		vntext.SearchKey(title), vntext.SearchKey(text), ScopeKey(e.OrgPath), s.Now())
	return err
}

// ScopeKey is the word list an entry of the organisation at path carries in
// the index: a word per organisation on the path ("/1/5/42/" → "o1 o5 o42"),
// so that a search of a subtree is one more word for the index to match.
func ScopeKey(path string) string {
	var words []string
	for id := range strings.SplitSeq(strings.Trim(path, "/"), "/") {
		if id != "" {
			words = append(words, "o"+id)
		}
	}
	return strings.Join(words, " ")
}

// capText cuts s to maxIndexed bytes at a rune boundary.
func capText(s string) string {
	if len(s) <= maxIndexed {
		return s
	}
	i := maxIndexed
	for i > 0 && s[i]&0xC0 == 0x80 {
		i--
	}
	return s[:i]
}

// UnindexSearch removes a thing from the search index; removing what is not
// there is no error.
func (s *Store) UnindexSearch(ctx context.Context, kind string, refID int64) error {
	_, err := s.q.Exec(ctx, "DELETE FROM search_entries WHERE kind = ? AND ref_id = ?", kind, refID)
	return err
}

// searchSources are how the things this package writes become search
// entries: one query per kind returning ref_id, meeting_id, org_id, org_path,
// title and three texts, joined as the entry's text. %s is the condition on
// the thing's id. The write functions and the re-index share them, so the
// two cannot index differently.
var searchSources = map[string]string{
	model.SearchMeeting: `SELECT m.id, m.id, o.id, o.path, m.title, m.place, m.guests, ''
		FROM meetings m JOIN bodies b ON b.id = m.body_id JOIN orgs o ON o.id = b.org_id WHERE %s`,
	model.SearchDocument: `SELECT d.id, d.meeting_id, o.id, o.path, d.title, COALESCE(v.body, ''), COALESCE(f.name, ''), ''
		FROM documents d JOIN meetings m ON m.id = d.meeting_id JOIN bodies b ON b.id = m.body_id
		JOIN orgs o ON o.id = b.org_id
		LEFT JOIN document_versions v ON v.document_id = d.id
			AND v.number = (SELECT MAX(number) FROM document_versions WHERE document_id = d.id)
		LEFT JOIN files f ON f.id = v.file_id WHERE %s`,
	model.SearchQuestion: `SELECT q.id, q.meeting_id, o.id, o.path, q.text, q.answer, '', ''
		FROM questions q JOIN meetings m ON m.id = q.meeting_id JOIN bodies b ON b.id = m.body_id
		JOIN orgs o ON o.id = b.org_id WHERE %s`,
	// The record: final minutes (drafts are never searched) and issued
	// documents other than minutes, found by their number too.
	model.SearchMinutes: `SELECT x.id, x.meeting_id, o.id, o.path, i.symbol || ': ' || i.subject, x.text, '', ''
		FROM minutes x JOIN issued_documents i ON i.id = x.document_id JOIN orgs o ON o.id = i.org_id
		WHERE x.state = 'final' AND %s`,
	model.SearchIssued: `SELECT i.id, i.meeting_id, o.id, o.path, i.symbol || ': ' || i.subject, i.text, '', ''
		FROM issued_documents i JOIN orgs o ON o.id = i.org_id WHERE i.type <> 'BB' AND %s`,
	// Tasks, by what, for what subject, who owns them and the decision's
	// words; filed under the owner organisation when an organisation owns
	// it (it lies under the commune), so that its users' scope reaches it.
	model.SearchTask: `SELECT t.id, NULL, o.id, o.path, t.title, t.expected, t.subject || ' ' || t.owner_name, t.source_text
		FROM tasks t JOIN orgs o ON o.id = CASE WHEN t.owner_kind = 'org' THEN t.owner_id ELSE t.commune_id END
		WHERE %s`,
}

// searchSourceID names the id column of each source's main table.
var searchSourceID = map[string]string{
	model.SearchMeeting: "m.id", model.SearchDocument: "d.id", model.SearchQuestion: "q.id",
	model.SearchMinutes: "x.id", model.SearchIssued: "i.id", model.SearchTask: "t.id",
}

// SearchSourceKinds are the kinds SearchSources can read back from their
// own tables (the others are indexed by their owners).
var SearchSourceKinds = []string{model.SearchMeeting, model.SearchDocument, model.SearchQuestion,
	model.SearchMinutes, model.SearchIssued, model.SearchTask}

// SearchSources reads up to limit things of kind with an id above after, as
// the search index should hold them, by id.
func (s *Store) SearchSources(ctx context.Context, kind string, after int64, limit int) ([]model.SearchEntry, error) {
	q, ok := searchSources[kind]
	if !ok {
		return nil, fmt.Errorf("store: no search source for %q", kind)
	}
	id := searchSourceID[kind]
	rows, err := s.q.Query(ctx, fmt.Sprintf(q, id+" > ?")+" ORDER BY "+id+" LIMIT ?", after, limit)
	return collect(rows, err, func(r *sql.Rows) (model.SearchEntry, error) { return scanSource(kind, r) })
}

func scanSource(kind string, r interface{ Scan(...any) error }) (model.SearchEntry, error) {
	e := model.SearchEntry{Kind: kind}
	var meeting sql.NullInt64
	var texts [3]string
	err := r.Scan(&e.RefID, &meeting, &e.OrgID, &e.OrgPath, &e.Title, &texts[0], &texts[1], &texts[2])
	e.MeetingID = meeting.Int64
	var parts []string
	for _, t := range texts {
		if t = strings.TrimSpace(t); t != "" {
			parts = append(parts, t)
		}
	}
	e.Text = strings.Join(parts, "\n")
	return e, err
}

// Reindex writes one thing of the kinds SearchSources reads into the search
// index as it now stands: every write that changes what is searched calls
// it in its own transaction.
func (s *Store) Reindex(ctx context.Context, kind string, id int64) error {
	e, err := scanSource(kind, s.q.QueryRow(ctx, fmt.Sprintf(searchSources[kind], searchSourceID[kind]+" = ?"), id))
	if err != nil {
		return err
	}
	return s.IndexSearch(ctx, e)
}

// rankWindow is how many of the newest matches a search ranks on SQLite:
// ranking every match of a word found in half a million paragraphs takes
// seconds; the newest thousands hold what people look for.
const rankWindow = 2000

// SearchQuery is a search of the index. Terms are folded words (see
// vntext.SearchWords); anything but letters and digits in them is dropped,
// so no user text ever reaches MATCH or to_tsquery as syntax.
type SearchQuery struct {
	Terms []string
	// Prefix lets the last term match the start of a word.
	Prefix bool
	// Scope is the path of the organisation whose subtree is searched.
	Scope         string
	Limit, Offset int
}

// SearchEntries returns the entries in scope holding every term, best first:
// bm25 on SQLite and ts_rank on PostgreSQL, the title weighing more than the
// text.
func (s *Store) SearchEntries(ctx context.Context, sq SearchQuery) ([]model.SearchEntry, error) {
	var terms []string
	for _, t := range sq.Terms {
		if t = strings.Map(func(r rune) rune {
			if vntext.IsWordRune(r) {
				return r
			}
			return -1
		}, t); t != "" {
			terms = append(terms, t)
		}
	}
	if len(terms) == 0 || sq.Scope == "" || sq.Limit <= 0 {
		return nil, nil
	}
	// The scope's own word, when it is not the whole tree; the path range
	// below still decides.
	scope := ScopeKey(sq.Scope)
	if i := strings.LastIndexByte(scope, ' '); i >= 0 {
		scope = scope[i+1:]
	}
	cond, pathArgs := subtree("e.org_path", sq.Scope)
	var q string
	var args []any
	if s.q.Dialect() == db.Postgres {
		// Weights A and B: the title and the text, never the scope words.
		for i, t := range terms {
			terms[i] = "'" + t + "':AB"
		}
		if sq.Prefix {
			terms[len(terms)-1] = strings.TrimSuffix(terms[len(terms)-1], ":AB") + ":*AB"
		}
		tsq := strings.Join(terms, " & ")
		if scope != "" {
			tsq = "'" + scope + "' & (" + tsq + ")"
		}
		q = `SELECT e.id, e.kind, e.ref_id, e.meeting_id, e.org_id, e.title, e.text, e.updated_at, ts_rank(e.tsv, q.q) AS rank
			FROM search_entries e, to_tsquery('simple', ?) AS q(q)
			WHERE e.tsv @@ q.q AND ` + cond + ` ORDER BY rank DESC, e.updated_at DESC, e.id DESC LIMIT ? OFFSET ?`
		args = append([]any{tsq}, pathArgs...)
	} else {
		for i, t := range terms {
			terms[i] = `"` + t + `"`
		}
		if sq.Prefix {
			terms[len(terms)-1] += "*"
		}
		match := "{title_folded text_folded} : (" + strings.Join(terms, " ") + ")"
		if scope != "" {
			match = `scope_key : "` + scope + `" AND ` + match
		}
		// FTS5 ranks inside the index (rank is bm25 with the title weighing
		// ten times the text; lower is better) and only the page is joined.
		// bm25 costs the most: it is computed for the newest rankWindow
		// matches only, which the index yields newest first without
		// reading the rest. The rank is negated so that both dialects
		// report higher as better.
		q = `SELECT e.id, e.kind, e.ref_id, e.meeting_id, e.org_id, e.title, e.text, e.updated_at, -f.rank
			FROM (SELECT rowid, rank FROM (SELECT rowid, rank FROM search_fts WHERE search_fts MATCH ?
				ORDER BY rowid DESC LIMIT ?) ORDER BY rank LIMIT ? OFFSET ?) f
			JOIN search_entries e ON e.id = f.rowid WHERE ` + cond + ` ORDER BY f.rank, e.id DESC`
		args = append([]any{match, rankWindow, sq.Limit, sq.Offset}, pathArgs...)
		rows, err := s.q.Query(ctx, q, args...)
		return collect(rows, err, scanHit)
	}
	args = append(args, sq.Limit, sq.Offset)
	rows, err := s.q.Query(ctx, q, args...)
	return collect(rows, err, scanHit)
}

func scanHit(r *sql.Rows) (model.SearchEntry, error) {
	var e model.SearchEntry
	var meeting sql.NullInt64
	err := r.Scan(&e.ID, &e.Kind, &e.RefID, &meeting, &e.OrgID, &e.Title, &e.Text, &e.UpdatedAt, &e.Rank)
	e.MeetingID = meeting.Int64
	return e, err
}

// SearchIndexVersion is the version of the indexing code that last filled
// the whole index (0 right after the migration).
func (s *Store) SearchIndexVersion(ctx context.Context) (int, error) {
	var v int
	err := s.q.QueryRow(ctx, "SELECT version FROM search_state WHERE id = 1").Scan(&v)
	return v, err
}

// SetSearchIndexVersion records that the whole index is as version v makes it.
func (s *Store) SetSearchIndexVersion(ctx context.Context, v int) error {
	return s.execOne(ctx, "UPDATE search_state SET version = ? WHERE id = 1", v)
}

// CountSearchEntries counts the entries of the index (for tests and the
// re-index's log line).
func (s *Store) CountSearchEntries(ctx context.Context) (int, error) {
	var n int
	err := s.q.QueryRow(ctx, "SELECT COUNT(*) FROM search_entries").Scan(&n)
	return n, err
}
