-- Cluster mode: several nodes on one PostgreSQL. The embedded store has one node and writes
-- neither table; they are here so that both databases keep one schema.

-- each node and its lease, renewed every third of the lease time; times are the database's own
-- clock (epoch milliseconds), never a node's, so a node whose clock is off stays safe
CREATE TABLE node (
    name             TEXT PRIMARY KEY,
    started_ms       INTEGER NOT NULL,
    renewed_ms       INTEGER NOT NULL,
    lease_expires_ms INTEGER NOT NULL
);

-- signals (a task's report, a stop, a child's end) received by one node for an execution another
-- node runs; the owner applies each and writes its verdict (1: applied, 0: ignored), in the same
-- transaction as the step it caused when it caused one
CREATE TABLE signal_inbox (
    id            INTEGER PRIMARY KEY,
    execution_arn TEXT NOT NULL,
    signal        TEXT NOT NULL,
    sender        TEXT NOT NULL,
    created_ms    INTEGER NOT NULL,
    verdict       INTEGER
);
CREATE INDEX signal_inbox_pending ON signal_inbox (execution_arn) WHERE verdict IS NULL;
CREATE INDEX signal_inbox_by_created ON signal_inbox (created_ms);

-- the open executions of a node: what it loads at its start, and what takeover claims
CREATE INDEX execution_open_by_owner ON execution (owner) WHERE status = 'RUNNING';
