-- Cluster mode: the activity tasks offered to workers, shared by the nodes so that a GetActivityTask
-- poll on any node takes a task scheduled by any node (the embedded store keeps them in memory).
-- A poll claims a row (claimed_by, claimed_ms on the database's clock) and deletes it once the
-- execution decided on the worker's start; a claim whose node lost its lease, or that is older
-- than the claim limit, may be claimed again.
CREATE TABLE activity_task (
    task_id       text PRIMARY KEY,
    activity_arn  text NOT NULL,
    execution_arn text NOT NULL,
    token         text NOT NULL,
    input         text NOT NULL,
    offered_ms    bigint NOT NULL,
    claimed_by    text,
    claimed_ms    bigint
);
CREATE INDEX activity_task_by_activity ON activity_task (activity_arn, offered_ms);
