-- The province's oversight: a snapshot of each commune's indicators per
-- month (computed from the record by a background job, so that the
-- dashboard reads one small table however many communes there are), the
-- month's score under the province's weights, and the directions the
-- province writes into an evaluation report.
-- +goose Up
CREATE TABLE oversight_months (
    org_id      INTEGER NOT NULL REFERENCES orgs(id),
    province_id INTEGER NOT NULL REFERENCES orgs(id),
    month       TEXT NOT NULL,               -- 'YYYY-MM'
    score       REAL,                        -- NULL: no weighted indicator applied
    computed_at TIMESTAMP NOT NULL,
    PRIMARY KEY (org_id, month)
);
-- The dashboard's two aggregates (each commune's mean over a period, the
-- province's mean per month) read this index alone, not the table.
CREATE INDEX oversight_months_province ON oversight_months(province_id, month, org_id, score);
CREATE INDEX oversight_months_computed ON oversight_months(computed_at);

CREATE TABLE oversight_values (
    org_id    INTEGER NOT NULL REFERENCES orgs(id),
    month     TEXT NOT NULL,
    indicator TEXT NOT NULL,
    num       INTEGER NOT NULL,
    den       INTEGER NOT NULL,
    PRIMARY KEY (org_id, month, indicator)
);
CREATE INDEX oversight_values_indicator ON oversight_values(indicator, month, org_id);

CREATE TABLE oversight_reports (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES orgs(id),  -- the province
    period_from TEXT NOT NULL,
    period_to   TEXT NOT NULL,
    directions  TEXT NOT NULL,
    updated_by  TEXT NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    UNIQUE (org_id, period_from, period_to)
);

-- +goose Down
DROP TABLE oversight_reports;
DROP TABLE oversight_values;
DROP TABLE oversight_months;
