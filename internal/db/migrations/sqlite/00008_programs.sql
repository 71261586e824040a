-- Work programs of a body (toàn khóa, năm, tháng) and their entries; the
-- upper level's documents registered once at the province and each
-- commune's follow-up of them. Months are 'YYYY-MM' text on both databases
-- (they compare as text); days are model.Date.
-- +goose Up
CREATE TABLE work_programs (
    id         INTEGER PRIMARY KEY,
    body_id    INTEGER NOT NULL REFERENCES bodies(id),
    kind       TEXT NOT NULL,          -- term, year, month
    period     TEXT NOT NULL,          -- '' for the term, '2026', '2026-05'
    title      TEXT NOT NULL,
    created_by INTEGER REFERENCES accounts(id),
    created_at TIMESTAMP NOT NULL,
    UNIQUE (body_id, kind, period)
);

CREATE TABLE program_entries (
    id         INTEGER PRIMARY KEY,
    program_id INTEGER NOT NULL REFERENCES work_programs(id),
    title      TEXT NOT NULL,
    content    TEXT NOT NULL DEFAULT '',
    area       TEXT NOT NULL,
    month      TEXT NOT NULL,          -- planned month 'YYYY-MM'
    deadline   TEXT,                   -- optional day
    owner_kind TEXT,
    owner_id   INTEGER,
    status     TEXT NOT NULL DEFAULT 'planned',  -- planned, done, dropped
    reason     TEXT NOT NULL DEFAULT '',
    meeting_id INTEGER REFERENCES meetings(id),
    issued_id  INTEGER REFERENCES issued_documents(id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX program_entries_program ON program_entries(program_id, month);

CREATE TABLE upper_documents (
    id         INTEGER PRIMARY KEY,
    org_id     INTEGER NOT NULL REFERENCES orgs(id),  -- the province
    kind       TEXT NOT NULL,          -- directive, resolution, conclusion, decision
    symbol     TEXT NOT NULL,          -- "Chỉ thị 35-CT/TW"
    title      TEXT NOT NULL,
    issued_on  TEXT NOT NULL,
    issuer     TEXT NOT NULL,
    deadline   TEXT,                   -- for the communes' implementation plan
    created_by INTEGER REFERENCES accounts(id),
    created_at TIMESTAMP NOT NULL,
    UNIQUE (org_id, symbol)
);

-- One row per commune that has recorded something; a commune without a row
-- has done nothing yet. tasks_derived is a hook for the follow-up package
-- (tasks linking to the document); NULL until it is filled.
CREATE TABLE upper_followups (
    document_id     INTEGER NOT NULL REFERENCES upper_documents(id),
    org_id          INTEGER NOT NULL REFERENCES orgs(id),  -- the commune
    disseminated_on TEXT,
    plan_on         TEXT,
    plan_issued_id  INTEGER REFERENCES issued_documents(id),
    plan_number     TEXT NOT NULL DEFAULT '',
    tasks_derived   INTEGER,
    updated_by      INTEGER REFERENCES accounts(id),
    updated_at      TIMESTAMP NOT NULL,
    PRIMARY KEY (document_id, org_id)
);

-- +goose Down
DROP TABLE upper_followups;
DROP TABLE upper_documents;
DROP TABLE program_entries;
DROP TABLE work_programs;
