-- Tasks set by decisions (a resolution's paragraph, a meeting item's
-- conclusion, a written opinion), their owners, the history of progress
-- reports and conclusions (never rewritten), and the reminders sent, one
-- per task and reason.
-- +goose Up
CREATE TABLE tasks (
    id            INTEGER PRIMARY KEY,
    commune_id    INTEGER NOT NULL REFERENCES orgs(id),
    title         TEXT NOT NULL,
    subject       TEXT NOT NULL,           -- free text, compared folded for overlaps
    subject_key   TEXT NOT NULL,           -- vntext.Fold(subject)
    owner_kind    TEXT NOT NULL,           -- person | body | org
    owner_id      INTEGER NOT NULL,
    owner_name    TEXT NOT NULL,           -- the name when assigned
    lead          BOOLEAN NOT NULL DEFAULT FALSE, -- the owner leads (chủ trì) the subject
    start_on      TEXT NOT NULL,
    due_on        TEXT NOT NULL,
    expected      TEXT NOT NULL,
    source_kind   TEXT NOT NULL,           -- '' | issued | item | opinion
    source_id     INTEGER,
    source_para   INTEGER NOT NULL DEFAULT 0,
    source_text   TEXT NOT NULL,
    status        TEXT NOT NULL,           -- the latest report's
    percent       INTEGER NOT NULL DEFAULT 0,
    note          TEXT NOT NULL DEFAULT '',
    closed_reason TEXT NOT NULL DEFAULT '',
    created_by    INTEGER REFERENCES accounts(id),
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE INDEX tasks_commune ON tasks(commune_id, due_on);
CREATE INDEX tasks_owner ON tasks(owner_kind, owner_id);

CREATE TABLE task_coowners (
    task_id    INTEGER NOT NULL REFERENCES tasks(id),
    owner_kind TEXT NOT NULL,
    owner_id   INTEGER NOT NULL,
    owner_name TEXT NOT NULL,
    PRIMARY KEY (task_id, owner_kind, owner_id)
);
CREATE INDEX task_coowners_owner ON task_coowners(owner_kind, owner_id);

CREATE TABLE task_events (
    id         INTEGER PRIMARY KEY,
    task_id    INTEGER NOT NULL REFERENCES tasks(id),
    kind       TEXT NOT NULL,              -- create | report | extend | close | reassign
    status     TEXT NOT NULL,
    percent    INTEGER NOT NULL,
    note       TEXT NOT NULL,
    file_id    INTEGER REFERENCES files(id),
    due_on     TEXT,                       -- extend: the new deadline
    owner_kind TEXT NOT NULL DEFAULT '',   -- reassign: the new owner
    owner_id   INTEGER NOT NULL DEFAULT 0,
    owner_name TEXT NOT NULL DEFAULT '',
    account_id INTEGER REFERENCES accounts(id),
    by_name    TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX task_events_task ON task_events(task_id, id);

CREATE TABLE task_reminders (
    task_id INTEGER NOT NULL REFERENCES tasks(id),
    reason  TEXT NOT NULL,                 -- before | after
    sent_at TIMESTAMP NOT NULL,
    PRIMARY KEY (task_id, reason)
);

-- +goose Down
DROP TABLE task_reminders;
DROP TABLE task_events;
DROP TABLE task_coowners;
DROP TABLE tasks;
