-- Cluster mode: the activity tasks offered to workers, shared by the nodes of a cluster on
-- PostgreSQL. The embedded store keeps them in memory and writes nothing here; the table is here
-- so that both databases keep one schema.
CREATE TABLE activity_task (
    task_id       TEXT PRIMARY KEY,
    activity_arn  TEXT NOT NULL,
    execution_arn TEXT NOT NULL,
    token         TEXT NOT NULL,
    input         TEXT NOT NULL,
    offered_ms    INTEGER NOT NULL,
    claimed_by    TEXT,
    claimed_ms    INTEGER
);
CREATE INDEX activity_task_by_activity ON activity_task (activity_arn, offered_ms);
