CREATE TABLE map_run (
    arn                          TEXT PRIMARY KEY,
    execution_arn                TEXT NOT NULL,
    status                       TEXT NOT NULL,
    start_ms                     INTEGER NOT NULL,
    stop_ms                      INTEGER,
    item_count                   INTEGER NOT NULL,
    max_concurrency              INTEGER NOT NULL,
    tolerated_failure_count      INTEGER NOT NULL,
    tolerated_failure_percentage REAL NOT NULL
) WITHOUT ROWID;

-- ListMapRuns: an execution's runs, oldest first
CREATE INDEX map_run_by_execution ON map_run (execution_arn, start_ms, arn);
-- DescribeMapRun counts a run's child executions by status
CREATE INDEX execution_by_map_run_status ON execution (map_run_arn, status) WHERE map_run_arn IS NOT NULL;
