-- The faces' resources in one generic table (engine.store.Catalog): each face keeps its records as
-- JSON bodies, indexed by account, region, type, parent and a key that orders and names them among
-- their siblings. Names are unique per account and region (and parent), no longer across the whole
-- store; listings read one account's and region's key range.
CREATE TABLE resource (
    arn         TEXT PRIMARY KEY,
    account     TEXT NOT NULL,
    region      TEXT NOT NULL,
    type        TEXT NOT NULL,
    parent      TEXT NOT NULL,
    key         TEXT NOT NULL,
    row_version INTEGER NOT NULL,
    body        TEXT NOT NULL
) WITHOUT ROWID;
CREATE UNIQUE INDEX resource_by_key ON resource (account, region, type, parent, key);
-- deleting a resource deletes its children (a machine's versions and aliases, an execution's Map runs)
CREATE INDEX resource_by_parent ON resource (parent);

-- 'arn:aws:states:REGION:ACCOUNT:…' -> REGION, ACCOUNT (every ARN stored so far has this form)
CREATE TEMP VIEW arn_parts AS
SELECT arn, substr(r, 1, instr(r, ':') - 1) AS region,
       substr(substr(r, instr(r, ':') + 1), 1, instr(substr(r, instr(r, ':') + 1), ':') - 1) AS account
FROM (SELECT arn, substr(arn, 16) AS r FROM state_machine
      UNION ALL SELECT arn, substr(arn, 16) FROM state_machine_version
      UNION ALL SELECT arn, substr(arn, 16) FROM state_machine_alias
      UNION ALL SELECT arn, substr(arn, 16) FROM activity
      UNION ALL SELECT arn, substr(arn, 16) FROM map_run);

INSERT INTO resource (arn, account, region, type, parent, key, row_version, body)
SELECT m.arn, p.account, p.region, 'stateMachine', '', m.name, m.row_version,
       json_object('name', m.name, 'type', m.type, 'status', m.status, 'definition', m.definition,
                   'roleArn', m.role_arn, 'createdMs', m.created_ms, 'updatedMs', m.updated_ms,
                   'revisionId', m.revision_id, 'description', m.description,
                   'logging', json(m.logging), 'tracing', json(m.tracing), 'encryption', json(m.encryption),
                   'lastVersion', m.last_version)
FROM state_machine m JOIN arn_parts p ON p.arn = m.arn;

INSERT INTO resource (arn, account, region, type, parent, key, row_version, body)
SELECT v.arn, p.account, p.region, 'stateMachineVersion', v.state_machine_arn, printf('%010d', v.version), 1,
       json_object('version', v.version, 'definition', v.definition, 'roleArn', v.role_arn, 'type', v.type,
                   'createdMs', v.created_ms, 'description', v.description, 'revisionId', v.revision_id,
                   'logging', json(v.logging), 'tracing', json(v.tracing))
FROM state_machine_version v JOIN arn_parts p ON p.arn = v.arn;

INSERT INTO resource (arn, account, region, type, parent, key, row_version, body)
SELECT a.arn, p.account, p.region, 'stateMachineAlias', a.state_machine_arn, a.name, 1,
       json_object('name', a.name, 'description', a.description, 'routing', json(a.routing),
                   'createdMs', a.created_ms, 'updatedMs', a.updated_ms)
FROM state_machine_alias a JOIN arn_parts p ON p.arn = a.arn;

INSERT INTO resource (arn, account, region, type, parent, key, row_version, body)
SELECT a.arn, p.account, p.region, 'activity', '', a.name, 1,
       json_object('name', a.name, 'createdMs', a.created_ms, 'encryption', json(a.encryption))
FROM activity a JOIN arn_parts p ON p.arn = a.arn;

INSERT INTO resource (arn, account, region, type, parent, key, row_version, body)
SELECT r.arn, p.account, p.region, 'mapRun', r.execution_arn, printf('%015d', r.start_ms) || '/' || r.arn, 1,
       json_object('executionArn', r.execution_arn, 'status', r.status, 'startMs', r.start_ms, 'stopMs', r.stop_ms,
                   'itemCount', r.item_count, 'maxConcurrency', r.max_concurrency,
                   'toleratedFailureCount', r.tolerated_failure_count,
                   'toleratedFailurePercentage', r.tolerated_failure_percentage)
FROM map_run r JOIN arn_parts p ON p.arn = r.arn;

DROP VIEW arn_parts;
DROP TABLE state_machine;
DROP TABLE state_machine_version;
DROP TABLE state_machine_alias;
DROP TABLE activity;
DROP TABLE map_run;

-- tags belong to resources by ARN, as before
-- secrets shared by every node on the store (the key that signs task and pagination tokens)
CREATE TABLE secret (
    name  TEXT PRIMARY KEY,
    value BLOB NOT NULL
) WITHOUT ROWID;

-- executions: the node that runs one, and how its task tokens are written (0: unsigned, as every
-- execution stored so far; 1: signed)
ALTER TABLE execution ADD COLUMN owner TEXT;
ALTER TABLE execution ADD COLUMN token_format INTEGER NOT NULL DEFAULT 0;

-- recovery from data: where an open (or redrivable) execution stands, as the engine's snapshot
-- (format, bytes), the position of its random source and when its last step ran; NULL for
-- executions that need none (succeeded) and for those stored before snapshots, which are
-- converted from their step log once
ALTER TABLE execution ADD COLUMN snapshot BLOB;
ALTER TABLE execution ADD COLUMN snapshot_format INTEGER;
ALTER TABLE execution ADD COLUMN random_state INTEGER;
ALTER TABLE execution ADD COLUMN last_step_ms INTEGER;
