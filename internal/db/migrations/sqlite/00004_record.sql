-- The record: minutes drafted from the meeting and signed by its secretary
-- and chair, the minute book of each body (a hash chain signed with the
-- instance's Ed25519 key), and issued documents numbered per issuing
-- organisation, type and term.
-- +goose Up
CREATE TABLE minutes (
    id          INTEGER PRIMARY KEY,
    meeting_id  INTEGER NOT NULL REFERENCES meetings(id),
    kind        TEXT NOT NULL,           -- minutes | addendum
    text        TEXT NOT NULL,
    version     INTEGER NOT NULL,
    state       TEXT NOT NULL,           -- draft | final
    document_id INTEGER,                 -- the issued BB, once final
    entry_id    INTEGER,                 -- the minute book entry, once final
    created_by  INTEGER REFERENCES accounts(id),
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    final_at    TIMESTAMP
);
CREATE UNIQUE INDEX minutes_one ON minutes(meeting_id) WHERE kind = 'minutes';
CREATE INDEX minutes_meeting ON minutes(meeting_id, id);

CREATE TABLE minute_signatures (
    minutes_id  INTEGER NOT NULL REFERENCES minutes(id),
    role        TEXT NOT NULL,           -- secretary | chair
    person_id   INTEGER NOT NULL REFERENCES people(id),
    account_id  INTEGER REFERENCES accounts(id),  -- NULL: entered from a paper record
    name        TEXT NOT NULL,
    text_sha256 TEXT NOT NULL,           -- what was signed
    signed_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (minutes_id, role)
);

CREATE TABLE signing_keys (
    id         TEXT PRIMARY KEY,         -- first 16 hex digits of SHA-256 of the public key
    public_key TEXT NOT NULL,            -- base64
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE minute_book (
    id         INTEGER PRIMARY KEY,
    body_id    INTEGER NOT NULL REFERENCES bodies(id),
    seq        INTEGER NOT NULL,
    minutes_id INTEGER NOT NULL REFERENCES minutes(id),
    meeting_id INTEGER NOT NULL REFERENCES meetings(id),
    content    TEXT NOT NULL,            -- canonical JSON
    hash       TEXT NOT NULL,            -- SHA-256 of content, hex
    prev_hash  TEXT NOT NULL,            -- the previous entry's hash, '' for the first
    signature  TEXT NOT NULL,            -- Ed25519 over hash, base64
    key_id     TEXT NOT NULL REFERENCES signing_keys(id),
    created_at TIMESTAMP NOT NULL,
    UNIQUE (body_id, seq)
);

CREATE TABLE doc_counters (
    org_id  INTEGER NOT NULL REFERENCES orgs(id),
    term_id INTEGER NOT NULL REFERENCES terms(id),
    type    TEXT NOT NULL,
    last    INTEGER NOT NULL,
    PRIMARY KEY (org_id, term_id, type)
);

CREATE TABLE issued_documents (
    id           INTEGER PRIMARY KEY,
    org_id       INTEGER NOT NULL REFERENCES orgs(id),
    term_id      INTEGER NOT NULL REFERENCES terms(id),
    body_id      INTEGER NOT NULL REFERENCES bodies(id),
    type         TEXT NOT NULL,
    number       INTEGER NOT NULL,
    symbol       TEXT NOT NULL,          -- "05-NQ/ĐU"
    subject      TEXT NOT NULL,
    text         TEXT NOT NULL,
    issued_on    TEXT NOT NULL,
    place        TEXT NOT NULL,
    signer_id    INTEGER REFERENCES people(id),
    signer_name  TEXT NOT NULL,
    signer_title TEXT NOT NULL,
    capacity     TEXT NOT NULL,
    recipients   TEXT NOT NULL,
    level        TEXT NOT NULL,
    meeting_id   INTEGER REFERENCES meetings(id),
    source_id    INTEGER REFERENCES documents(id),
    created_by   INTEGER REFERENCES accounts(id),
    created_at   TIMESTAMP NOT NULL,
    UNIQUE (org_id, term_id, type, number)
);
CREATE INDEX issued_org ON issued_documents(org_id, issued_on);
CREATE INDEX issued_meeting ON issued_documents(meeting_id);

-- +goose Down
DROP TABLE issued_documents;
DROP TABLE doc_counters;
DROP TABLE minute_book;
DROP TABLE signing_keys;
DROP TABLE minute_signatures;
DROP TABLE minutes;
