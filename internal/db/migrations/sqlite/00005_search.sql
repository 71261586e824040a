-- Full-text search: one row per searchable thing (meeting, paper, question,
-- minutes, issued document; tasks later), written by the store in the same
-- transaction as the thing itself. title and text are kept raw for the
-- snippets; *_folded are vntext.Fold split into plain words, because FTS5
-- cannot fold đ and the two tone placements: the folding is done in Go.
-- org_path is the organisation's path, so scope is a path range.
-- +goose Up
CREATE TABLE search_entries (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL,
    ref_id       INTEGER NOT NULL,
    meeting_id   INTEGER,
    org_id       INTEGER NOT NULL REFERENCES orgs(id),
    org_path     TEXT NOT NULL,
    title        TEXT NOT NULL,
    text         TEXT NOT NULL DEFAULT '',
    title_folded TEXT NOT NULL,
    text_folded  TEXT NOT NULL DEFAULT '',
    scope_key    TEXT NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    UNIQUE (kind, ref_id)
);
CREATE INDEX search_entries_path ON search_entries(org_path);
CREATE INDEX search_entries_meeting ON search_entries(meeting_id);

-- External content: the words live once, in search_entries; the triggers
-- keep the index in step with every insert, update and delete. Ranking is
-- bm25 with the title weighted above the text. scope_key holds a word per
-- organisation on the path ("o1 o5 o42"): the index itself then keeps a
-- search inside a commune, instead of ranking the whole province's matches
-- and throwing most away.
CREATE VIRTUAL TABLE search_fts USING fts5(
    title_folded, text_folded, scope_key,
    content='search_entries', content_rowid='id',
    tokenize='unicode61 remove_diacritics 0', prefix='2 3'
);
INSERT INTO search_fts(search_fts, rank) VALUES ('rank', 'bm25(10.0, 1.0, 0.0)');

-- +goose StatementBegin
CREATE TRIGGER search_entries_ai AFTER INSERT ON search_entries BEGIN
    INSERT INTO search_fts(rowid, title_folded, text_folded, scope_key) VALUES (new.id, new.title_folded, new.text_folded, new.scope_key);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER search_entries_ad AFTER DELETE ON search_entries BEGIN
    INSERT INTO search_fts(search_fts, rowid, title_folded, text_folded, scope_key) VALUES ('delete', old.id, old.title_folded, old.text_folded, old.scope_key);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER search_entries_au AFTER UPDATE ON search_entries BEGIN
    INSERT INTO search_fts(search_fts, rowid, title_folded, text_folded, scope_key) VALUES ('delete', old.id, old.title_folded, old.text_folded, old.scope_key);
    INSERT INTO search_fts(rowid, title_folded, text_folded, scope_key) VALUES (new.id, new.title_folded, new.text_folded, new.scope_key);
END;
-- +goose StatementEnd

-- The version of the indexing code that last filled the index: when the
-- code's is newer (or rows existed before this migration), the app
-- re-indexes everything once at start (search.Reindex).
CREATE TABLE search_state (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);
INSERT INTO search_state (id, version) VALUES (1, 0);

-- +goose Down
DROP TABLE search_state;
DROP TRIGGER search_entries_au;
DROP TRIGGER search_entries_ad;
DROP TRIGGER search_entries_ai;
DROP TABLE search_fts;
DROP TABLE search_entries;
