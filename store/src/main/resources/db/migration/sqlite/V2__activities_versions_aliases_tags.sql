CREATE TABLE activity (
    arn         TEXT PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    created_ms  INTEGER NOT NULL,
    encryption  TEXT
) WITHOUT ROWID;

-- published versions of a state machine: numbered from 1, never reused
CREATE TABLE state_machine_version (
    arn               TEXT PRIMARY KEY,
    state_machine_arn TEXT NOT NULL,
    version           INTEGER NOT NULL,
    definition        TEXT NOT NULL,
    role_arn          TEXT NOT NULL,
    type              TEXT NOT NULL,
    created_ms        INTEGER NOT NULL,
    description       TEXT,
    revision_id       TEXT,
    logging           TEXT,
    tracing           TEXT,
    UNIQUE (state_machine_arn, version)
) WITHOUT ROWID;

-- the highest version number a state machine ever had (survives deletion of versions)
ALTER TABLE state_machine ADD COLUMN last_version INTEGER NOT NULL DEFAULT 0;

CREATE TABLE state_machine_alias (
    arn               TEXT PRIMARY KEY,
    state_machine_arn TEXT NOT NULL,
    name              TEXT NOT NULL,
    description       TEXT,
    routing           TEXT NOT NULL,
    created_ms        INTEGER NOT NULL,
    updated_ms        INTEGER NOT NULL,
    UNIQUE (state_machine_arn, name)
) WITHOUT ROWID;

CREATE TABLE tag (
    resource_arn TEXT NOT NULL,
    key          TEXT NOT NULL,
    value        TEXT NOT NULL,
    PRIMARY KEY (resource_arn, key)
) WITHOUT ROWID;
