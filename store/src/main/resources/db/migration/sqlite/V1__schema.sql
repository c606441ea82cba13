-- Times are epoch milliseconds. row_version is checked on every state-changing update.

CREATE TABLE state_machine (
    arn          TEXT PRIMARY KEY,
    name         TEXT NOT NULL UNIQUE,
    type         TEXT NOT NULL,
    status       TEXT NOT NULL,
    definition   TEXT NOT NULL,
    role_arn     TEXT NOT NULL,
    created_ms   INTEGER NOT NULL,
    updated_ms   INTEGER,
    revision_id  TEXT,
    description  TEXT,
    logging      TEXT,
    tracing      TEXT,
    encryption   TEXT,
    row_version  INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE execution (
    id                INTEGER PRIMARY KEY,
    arn               TEXT NOT NULL UNIQUE,
    state_machine_arn TEXT NOT NULL,
    name              TEXT NOT NULL,
    type              TEXT NOT NULL,
    status            TEXT NOT NULL,
    start_ms          INTEGER NOT NULL,
    stop_ms           INTEGER,
    input             TEXT NOT NULL,
    output            TEXT,
    error             TEXT,
    cause             TEXT,
    definition        TEXT NOT NULL,
    role_arn          TEXT NOT NULL,
    seed              INTEGER NOT NULL,
    version_arn       TEXT,
    alias_arn         TEXT,
    map_run_arn       TEXT,
    parent_arn        TEXT,
    redrive_count     INTEGER NOT NULL DEFAULT 0,
    redrive_ms        INTEGER,
    next_event_id     INTEGER NOT NULL,
    row_version       INTEGER NOT NULL
);

-- names are unique per state machine (ExecutionAlreadyExists)
CREATE UNIQUE INDEX execution_by_name ON execution (state_machine_arn, name);
-- ListExecutions: newest first, by machine, optionally by status
CREATE INDEX execution_by_machine ON execution (state_machine_arn, start_ms DESC, id DESC);
CREATE INDEX execution_by_machine_status ON execution (state_machine_arn, status, start_ms DESC, id DESC);
CREATE INDEX execution_by_map_run ON execution (map_run_arn, start_ms DESC, id DESC) WHERE map_run_arn IS NOT NULL;
CREATE INDEX execution_open ON execution (status) WHERE status = 'RUNNING';

CREATE TABLE history_event (
    execution_id INTEGER NOT NULL,
    event_id     INTEGER NOT NULL,
    body         TEXT NOT NULL,
    PRIMARY KEY (execution_id, event_id)
) WITHOUT ROWID;

-- the signals each interpreter step processed, replayed to rebuild an open execution after a restart
CREATE TABLE execution_step (
    execution_id INTEGER NOT NULL,
    seq          INTEGER NOT NULL,
    at_ms        INTEGER NOT NULL,
    signal       TEXT NOT NULL,
    PRIMARY KEY (execution_id, seq)
) WITHOUT ROWID;
