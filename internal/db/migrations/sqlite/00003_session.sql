-- The meeting in session: the current item and conclusions, attendance,
-- the floor, questions, votes (secret ballots stored as counts only),
-- written opinion collections, and the event log behind the live screens.
-- +goose Up
ALTER TABLE meetings ADD COLUMN current_item_id INTEGER REFERENCES agenda_items(id);
ALTER TABLE agenda_items ADD COLUMN discussed BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE agenda_items ADD COLUMN conclusion TEXT NOT NULL DEFAULT '';
ALTER TABLE agenda_items ADD COLUMN speaking_limit INTEGER NOT NULL DEFAULT 0;

CREATE TABLE attendance (
    meeting_id  INTEGER NOT NULL REFERENCES meetings(id),
    person_id   INTEGER NOT NULL REFERENCES people(id),
    status      TEXT NOT NULL,
    reason      TEXT NOT NULL DEFAULT '',
    arrived_at  TIMESTAMP,
    left_at     TIMESTAMP,
    recorded_by TEXT NOT NULL DEFAULT '',
    updated_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (meeting_id, person_id)
);

CREATE TABLE speeches (
    id           INTEGER PRIMARY KEY,
    meeting_id   INTEGER NOT NULL REFERENCES meetings(id),
    item_id      INTEGER NOT NULL REFERENCES agenda_items(id),
    person_id    INTEGER NOT NULL REFERENCES people(id),
    kind         TEXT NOT NULL,
    state        TEXT NOT NULL,
    position     INTEGER NOT NULL,
    requested_at TIMESTAMP NOT NULL,
    started_at   TIMESTAMP,
    ended_at     TIMESTAMP,
    substance    TEXT NOT NULL DEFAULT '',
    added_by     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX speeches_meeting ON speeches(meeting_id, item_id, position);

CREATE TABLE questions (
    id                  INTEGER PRIMARY KEY,
    org_id              INTEGER NOT NULL REFERENCES orgs(id),
    meeting_id          INTEGER NOT NULL REFERENCES meetings(id),
    asker_id            INTEGER NOT NULL REFERENCES people(id),
    addressee           TEXT NOT NULL,
    addressee_person_id INTEGER REFERENCES people(id),
    text                TEXT NOT NULL,
    asked_at            TIMESTAMP NOT NULL,
    state               TEXT NOT NULL,
    floor_at            TIMESTAMP,
    answer              TEXT NOT NULL DEFAULT '',
    answered_by         INTEGER REFERENCES people(id),
    answered_at         TIMESTAMP,
    answer_due          TEXT,
    satisfied           BOOLEAN
);
CREATE INDEX questions_org ON questions(org_id, state);
CREATE INDEX questions_meeting ON questions(meeting_id);

CREATE TABLE opinion_requests (
    id            INTEGER PRIMARY KEY,
    body_id       INTEGER NOT NULL REFERENCES bodies(id),
    title         TEXT NOT NULL,
    question      TEXT NOT NULL,
    file_id       INTEGER REFERENCES files(id),
    decision_kind TEXT NOT NULL,
    deadline      TIMESTAMP NOT NULL,
    state         TEXT NOT NULL,
    base          INTEGER NOT NULL DEFAULT 0,
    passed        BOOLEAN,
    created_by    INTEGER REFERENCES accounts(id),
    created_at    TIMESTAMP NOT NULL,
    closed_at     TIMESTAMP
);
CREATE INDEX opinion_requests_body ON opinion_requests(body_id, state);

CREATE TABLE opinion_answers (
    request_id  INTEGER NOT NULL REFERENCES opinion_requests(id),
    person_id   INTEGER NOT NULL REFERENCES people(id),
    answer      TEXT NOT NULL,
    comment     TEXT NOT NULL DEFAULT '',
    answered_at TIMESTAMP NOT NULL,
    PRIMARY KEY (request_id, person_id)
);

CREATE TABLE polls (
    id             INTEGER PRIMARY KEY,
    meeting_id     INTEGER NOT NULL REFERENCES meetings(id),
    item_id        INTEGER REFERENCES agenda_items(id),
    document_id    INTEGER REFERENCES documents(id),
    paragraph      INTEGER NOT NULL DEFAULT 0,
    title          TEXT NOT NULL,
    decision_kind  TEXT NOT NULL,
    method         TEXT NOT NULL,
    state          TEXT NOT NULL,
    base           INTEGER NOT NULL,
    present        INTEGER NOT NULL,
    hide_results   BOOLEAN NOT NULL,
    allow_change   BOOLEAN NOT NULL,
    for_count      INTEGER NOT NULL DEFAULT 0,
    against_count  INTEGER NOT NULL DEFAULT 0,
    abstain_count  INTEGER NOT NULL DEFAULT 0,
    spoiled_count  INTEGER NOT NULL DEFAULT 0,
    passed         BOOLEAN,
    tally_note     TEXT NOT NULL DEFAULT '',
    opened_by      TEXT NOT NULL DEFAULT '',
    opened_at      TIMESTAMP NOT NULL,
    closed_at      TIMESTAMP
);
CREATE INDEX polls_meeting ON polls(meeting_id, id);

-- Who took part in a vote, and the key of their ballot (a retried ballot
-- is recognised by it). For a secret ballot this is all that links a
-- person to a vote: their choice is not stored anywhere, only counted, and
-- no time is kept nor a row id that would tell the order of voting.
CREATE TABLE poll_voters (
    poll_id    INTEGER NOT NULL REFERENCES polls(id),
    person_id  INTEGER NOT NULL REFERENCES people(id),
    ballot_key TEXT NOT NULL,
    PRIMARY KEY (poll_id, person_id)
) WITHOUT ROWID;
CREATE UNIQUE INDEX poll_voters_key ON poll_voters(poll_id, ballot_key);

-- Named votes: who chose what, one row per ballot; when a member changes
-- their vote (if the poll allows it) the new ballot becomes the current one
-- and the old stays as history. A ballot's key identifies it, so a retry
-- of an old ballot is recognised and not taken for a change.
CREATE TABLE poll_votes (
    poll_id    INTEGER NOT NULL REFERENCES polls(id),
    ballot_key TEXT NOT NULL,
    person_id  INTEGER NOT NULL REFERENCES people(id),
    choice     TEXT NOT NULL,
    current    BOOLEAN NOT NULL,
    cast_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (poll_id, ballot_key)
);
CREATE INDEX poll_votes_person ON poll_votes(poll_id, person_id, current);

-- Secret ballots: counts per choice, spread over shards so that ballots do
-- not all rewrite one row. No voter, no order, no time: every shard row is
-- made when the vote opens, so no row's age tells which choice came first.
CREATE TABLE poll_tally (
    poll_id INTEGER NOT NULL REFERENCES polls(id),
    choice  TEXT NOT NULL,
    shard   INTEGER NOT NULL,
    count   INTEGER NOT NULL,
    PRIMARY KEY (poll_id, choice, shard)
) WITHOUT ROWID;

CREATE TABLE reservations (
    id         INTEGER PRIMARY KEY,
    poll_id    INTEGER NOT NULL REFERENCES polls(id),
    person_id  INTEGER NOT NULL REFERENCES people(id),
    text       TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX reservations_poll ON reservations(poll_id);

CREATE TABLE events (
    id    INTEGER PRIMARY KEY,
    topic TEXT NOT NULL,
    kind  TEXT NOT NULL,
    data  TEXT NOT NULL,
    at    TIMESTAMP NOT NULL
);
CREATE INDEX events_topic ON events(topic, id);

-- +goose Down
DROP TABLE events;
DROP TABLE reservations;
DROP TABLE poll_tally;
DROP TABLE poll_votes;
DROP TABLE poll_voters;
DROP TABLE polls;
DROP TABLE opinion_answers;
DROP TABLE opinion_requests;
DROP TABLE questions;
DROP TABLE speeches;
DROP TABLE attendance;
ALTER TABLE agenda_items DROP COLUMN speaking_limit;
ALTER TABLE agenda_items DROP COLUMN conclusion;
ALTER TABLE agenda_items DROP COLUMN discussed;
ALTER TABLE meetings DROP COLUMN current_item_id;
