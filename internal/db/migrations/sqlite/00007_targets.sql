-- Targets (chỉ tiêu) of a commune and the values reported for them. A value
-- is never rewritten: a second report for the same period is a new row, and
-- the newest row of a period is its value (history kept).
-- +goose Up
CREATE TABLE targets (
    id               INTEGER PRIMARY KEY,
    org_id           INTEGER NOT NULL REFERENCES orgs(id),
    name             TEXT NOT NULL,
    unit             TEXT NOT NULL,
    baseline         REAL NOT NULL DEFAULT 0,
    target_value     REAL NOT NULL,
    direction        TEXT NOT NULL CHECK (direction IN ('increase', 'decrease', 'reach')),
    period_kind      TEXT NOT NULL CHECK (period_kind IN ('month', 'year', 'term')),
    period           TEXT NOT NULL,
    owner_kind       TEXT NOT NULL CHECK (owner_kind IN ('person', 'body', 'org')),
    owner_id         INTEGER NOT NULL,
    source_kind      TEXT NOT NULL DEFAULT '',
    source_id        INTEGER,
    source_paragraph TEXT NOT NULL DEFAULT '',
    created_by       INTEGER REFERENCES accounts(id),
    created_at       TIMESTAMP NOT NULL
);
CREATE INDEX targets_org ON targets(org_id);

CREATE TABLE target_values (
    id          INTEGER PRIMARY KEY,
    target_id   INTEGER NOT NULL REFERENCES targets(id),
    period      TEXT NOT NULL,
    value       REAL NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    reported_by INTEGER REFERENCES accounts(id),
    reported_at TIMESTAMP NOT NULL
);
CREATE INDEX target_values_target ON target_values(target_id, period);

-- +goose Down
DROP TABLE target_values;
DROP TABLE targets;
