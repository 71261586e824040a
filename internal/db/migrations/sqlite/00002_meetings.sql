-- Preparing meetings: settings, meetings and their state history, the
-- program, documents with versions and files, BTV review rounds and
-- comments, proposals, circulation, notices, the job queue, calendar feeds.
-- +goose Up
CREATE TABLE settings (
    org_id     INTEGER NOT NULL REFERENCES orgs(id),
    key        TEXT NOT NULL,
    value      TEXT NOT NULL,
    updated_by TEXT NOT NULL DEFAULT '',
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (org_id, key)
);

CREATE TABLE meetings (
    id           INTEGER PRIMARY KEY,
    body_id      INTEGER NOT NULL REFERENCES bodies(id),
    kind         TEXT NOT NULL,
    title        TEXT NOT NULL,
    place        TEXT NOT NULL DEFAULT '',
    starts_at    TIMESTAMP NOT NULL,
    month        TEXT NOT NULL,
    chair_id     INTEGER REFERENCES people(id),
    secretary_id INTEGER REFERENCES people(id),
    guests       TEXT NOT NULL DEFAULT '',
    state        TEXT NOT NULL,
    state_reason TEXT NOT NULL DEFAULT '',
    convened_at  TIMESTAMP,
    version      INTEGER NOT NULL DEFAULT 1,
    created_by   INTEGER REFERENCES accounts(id),
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);
CREATE INDEX meetings_body_start ON meetings(body_id, starts_at);
-- One regular meeting of a body a month, cancelled ones aside.
CREATE UNIQUE INDEX meetings_regular_month ON meetings(body_id, month)
    WHERE kind = 'regular' AND state <> 'cancelled';

CREATE TABLE meeting_transitions (
    id         INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id),
    from_state TEXT NOT NULL,
    to_state   TEXT NOT NULL,
    reason     TEXT NOT NULL DEFAULT '',
    account_id INTEGER,
    username   TEXT NOT NULL DEFAULT '',
    at         TIMESTAMP NOT NULL
);
CREATE INDEX meeting_transitions_meeting ON meeting_transitions(meeting_id, id);

CREATE TABLE meeting_guests (
    meeting_id INTEGER NOT NULL REFERENCES meetings(id),
    person_id  INTEGER NOT NULL REFERENCES people(id),
    PRIMARY KEY (meeting_id, person_id)
);

CREATE TABLE agenda_items (
    id           INTEGER PRIMARY KEY,
    meeting_id   INTEGER NOT NULL REFERENCES meetings(id),
    position     INTEGER NOT NULL,
    title        TEXT NOT NULL,
    kind         TEXT NOT NULL,
    presenter_id INTEGER REFERENCES people(id),
    minutes      INTEGER NOT NULL DEFAULT 0,
    areas        TEXT NOT NULL DEFAULT '',
    notes        TEXT NOT NULL DEFAULT '',
    source       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX agenda_items_meeting ON agenda_items(meeting_id, position);

CREATE TABLE documents (
    id         INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id),
    item_id    INTEGER REFERENCES agenda_items(id),
    kind       TEXT NOT NULL,
    title      TEXT NOT NULL,
    format     TEXT NOT NULL,
    level      TEXT NOT NULL DEFAULT 'normal',
    audience   TEXT NOT NULL,
    released   BOOLEAN NOT NULL DEFAULT FALSE,
    status     TEXT NOT NULL DEFAULT 'draft',
    created_by INTEGER REFERENCES accounts(id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX documents_meeting ON documents(meeting_id);

CREATE TABLE files (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    data         BLOB NOT NULL,
    created_at   TIMESTAMP NOT NULL
);

CREATE TABLE document_versions (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    number      INTEGER NOT NULL,
    body        TEXT NOT NULL DEFAULT '',
    file_id     INTEGER REFERENCES files(id),
    note        TEXT NOT NULL DEFAULT '',
    based_on    INTEGER NOT NULL DEFAULT 0,
    author_id   INTEGER REFERENCES accounts(id),
    author_name TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX document_versions_number ON document_versions(document_id, number);

CREATE TABLE review_rounds (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    version     INTEGER NOT NULL,
    opened_by   INTEGER REFERENCES accounts(id),
    opened_at   TIMESTAMP NOT NULL,
    deadline    TIMESTAMP NOT NULL,
    closed_at   TIMESTAMP
);
CREATE INDEX review_rounds_document ON review_rounds(document_id);

CREATE TABLE review_comments (
    id               INTEGER PRIMARY KEY,
    round_id         INTEGER NOT NULL REFERENCES review_rounds(id),
    paragraph        INTEGER NOT NULL DEFAULT 0,
    kind             TEXT NOT NULL,
    text             TEXT NOT NULL DEFAULT '',
    wording          TEXT NOT NULL DEFAULT '',
    author_id        INTEGER NOT NULL REFERENCES people(id),
    created_at       TIMESTAMP NOT NULL,
    status           TEXT NOT NULL DEFAULT 'open',
    response         TEXT NOT NULL DEFAULT '',
    responded_by     TEXT NOT NULL DEFAULT '',
    responded_at     TIMESTAMP,
    taken_in_version INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX review_comments_round ON review_comments(round_id, id);

CREATE TABLE proposals (
    id                   INTEGER PRIMARY KEY,
    meeting_id           INTEGER NOT NULL REFERENCES meetings(id),
    author_id            INTEGER NOT NULL REFERENCES people(id),
    kind                 TEXT NOT NULL,
    category             TEXT NOT NULL,
    title                TEXT NOT NULL,
    body                 TEXT NOT NULL DEFAULT '',
    created_at           TIMESTAMP NOT NULL,
    disposition          TEXT NOT NULL DEFAULT '',
    disposition_text     TEXT NOT NULL DEFAULT '',
    resolution_doc_id    INTEGER REFERENCES documents(id),
    resolution_paragraph INTEGER NOT NULL DEFAULT 0,
    deferred_to          TEXT,
    disposed_by          TEXT NOT NULL DEFAULT '',
    disposed_at          TIMESTAMP
);
CREATE INDEX proposals_meeting ON proposals(meeting_id, id);

CREATE TABLE circulations (
    meeting_id INTEGER NOT NULL REFERENCES meetings(id),
    person_id  INTEGER NOT NULL REFERENCES people(id),
    role       TEXT NOT NULL,
    sent_at    TIMESTAMP NOT NULL,
    opened_at  TIMESTAMP,
    PRIMARY KEY (meeting_id, person_id)
);
CREATE INDEX circulations_person ON circulations(person_id);

CREATE TABLE notices (
    id         INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    title      TEXT NOT NULL,
    link       TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    read_at    TIMESTAMP
);
CREATE INDEX notices_account ON notices(account_id, id);

CREATE TABLE jobs (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL,
    -- unique_key makes scheduling idempotent: a periodic job enqueued by
    -- several instances for the same period exists once.
    unique_key   TEXT,
    payload      TEXT NOT NULL,
    run_at       TIMESTAMP NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL DEFAULT 8,
    locked_by    TEXT NOT NULL DEFAULT '',
    locked_until TIMESTAMP,
    last_error   TEXT NOT NULL DEFAULT '',
    done_at      TIMESTAMP,
    failed_at    TIMESTAMP,
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX jobs_due ON jobs(run_at) WHERE done_at IS NULL AND failed_at IS NULL;
CREATE UNIQUE INDEX jobs_unique_key ON jobs(unique_key);

ALTER TABLE accounts ADD COLUMN calendar_token TEXT;
CREATE UNIQUE INDEX accounts_calendar_token ON accounts(calendar_token);

-- +goose Down
DROP INDEX accounts_calendar_token;
ALTER TABLE accounts DROP COLUMN calendar_token;
DROP TABLE jobs;
DROP TABLE notices;
DROP TABLE circulations;
DROP TABLE proposals;
DROP TABLE review_comments;
DROP TABLE review_rounds;
DROP TABLE document_versions;
DROP TABLE files;
DROP TABLE documents;
DROP TABLE agenda_items;
DROP TABLE meeting_guests;
DROP TABLE meeting_transitions;
DROP TABLE meetings;
DROP TABLE settings;
