-- The foundation: organisations, terms, bodies, people, memberships, posts,
-- accounts, sessions, tokens, sign-in throttling and the audit log.
-- +goose Up
CREATE TABLE orgs (
    id         INTEGER PRIMARY KEY,
    parent_id  INTEGER REFERENCES orgs(id),
    kind       TEXT NOT NULL,
    unit       TEXT NOT NULL DEFAULT '',
    name       TEXT NOT NULL,
    name_fold  TEXT NOT NULL,
    place      TEXT NOT NULL DEFAULT '',
    path       TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX orgs_parent ON orgs(parent_id);
CREATE INDEX orgs_path ON orgs(path);
CREATE UNIQUE INDEX orgs_unique_name ON orgs(COALESCE(parent_id, 0), name_fold);

CREATE TABLE terms (
    id        INTEGER PRIMARY KEY,
    org_id    INTEGER NOT NULL REFERENCES orgs(id),
    name      TEXT NOT NULL,
    starts_on TEXT NOT NULL,
    ends_on   TEXT
);
CREATE UNIQUE INDEX terms_org_name ON terms(org_id, name);

CREATE TABLE bodies (
    id      INTEGER PRIMARY KEY,
    org_id  INTEGER NOT NULL REFERENCES orgs(id),
    term_id INTEGER NOT NULL REFERENCES terms(id),
    kind    TEXT NOT NULL
);
CREATE UNIQUE INDEX bodies_org_term_kind ON bodies(org_id, term_id, kind);

CREATE TABLE people (
    id           INTEGER PRIMARY KEY,
    org_id       INTEGER NOT NULL REFERENCES orgs(id),
    full_name    TEXT NOT NULL,
    name_fold    TEXT NOT NULL,
    sort_key     TEXT NOT NULL,
    gender       TEXT NOT NULL DEFAULT '',
    birth_date   TEXT,
    party_joined TEXT,
    phone        TEXT NOT NULL DEFAULT '',
    email        TEXT NOT NULL DEFAULT '',
    version      INTEGER NOT NULL DEFAULT 1,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);
CREATE INDEX people_org_sort ON people(org_id, sort_key);

CREATE TABLE memberships (
    id         INTEGER PRIMARY KEY,
    body_id    INTEGER NOT NULL REFERENCES bodies(id),
    person_id  INTEGER NOT NULL REFERENCES people(id),
    status     TEXT NOT NULL,
    started_on TEXT NOT NULL,
    ended_on   TEXT,
    note       TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX memberships_open ON memberships(body_id, person_id) WHERE ended_on IS NULL;
CREATE INDEX memberships_person ON memberships(person_id);

CREATE TABLE posts (
    id         INTEGER PRIMARY KEY,
    person_id  INTEGER NOT NULL REFERENCES people(id),
    org_id     INTEGER NOT NULL REFERENCES orgs(id),
    body_id    INTEGER REFERENCES bodies(id),
    kind       TEXT NOT NULL,
    title      TEXT NOT NULL DEFAULT '',
    areas      TEXT NOT NULL DEFAULT '',
    started_on TEXT NOT NULL,
    ended_on   TEXT,
    created_at TIMESTAMP NOT NULL
);
-- One holder at a time of the posts an organisation has only one of.
CREATE UNIQUE INDEX posts_single ON posts(org_id, kind)
    WHERE ended_on IS NULL AND kind IN ('secretary', 'standing_deputy', 'inspection_chair', 'chair');
CREATE UNIQUE INDEX posts_open ON posts(person_id, org_id, kind) WHERE ended_on IS NULL AND kind <> 'other';
CREATE INDEX posts_person ON posts(person_id);
CREATE INDEX posts_org ON posts(org_id);

CREATE TABLE accounts (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    person_id     INTEGER UNIQUE REFERENCES people(id),
    org_id        INTEGER NOT NULL REFERENCES orgs(id),
    role          TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    locale        TEXT NOT NULL DEFAULT 'vi',
    disabled      BOOLEAN NOT NULL DEFAULT FALSE,
    created_at    TIMESTAMP NOT NULL,
    last_login_at TIMESTAMP
);
CREATE INDEX accounts_org ON accounts(org_id);

CREATE TABLE sessions (
    token  TEXT PRIMARY KEY,
    data   BLOB NOT NULL,
    expiry TIMESTAMP NOT NULL
);
CREATE INDEX sessions_expiry ON sessions(expiry);

CREATE TABLE access_tokens (
    id           INTEGER PRIMARY KEY,
    account_id   INTEGER NOT NULL REFERENCES accounts(id),
    name         TEXT NOT NULL,
    hash         TEXT NOT NULL UNIQUE,
    created_at   TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP,
    revoked_at   TIMESTAMP
);
CREATE INDEX access_tokens_account ON access_tokens(account_id);

CREATE TABLE login_throttle (
    key          TEXT PRIMARY KEY,
    failures     INTEGER NOT NULL,
    window_start TIMESTAMP NOT NULL,
    locked_until TIMESTAMP
);

CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          TIMESTAMP NOT NULL,
    account_id  INTEGER,
    username    TEXT NOT NULL DEFAULT '',
    addr        TEXT NOT NULL DEFAULT '',
    action      TEXT NOT NULL,
    object_type TEXT NOT NULL,
    object_id   INTEGER,
    org_id      INTEGER,
    detail      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log(at);
CREATE INDEX audit_log_org ON audit_log(org_id, at);

-- +goose Down
DROP TABLE audit_log;
DROP TABLE login_throttle;
DROP TABLE access_tokens;
DROP TABLE sessions;
DROP TABLE accounts;
DROP TABLE posts;
DROP TABLE memberships;
DROP TABLE people;
DROP TABLE bodies;
DROP TABLE terms;
DROP TABLE orgs;
