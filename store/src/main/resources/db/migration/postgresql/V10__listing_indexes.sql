-- Every ListExecutions filter is a key range read newest first, so that a page costs the same
-- whatever the number of executions the owner has and however few match the filter.

-- with statusFilter on a version, an alias or a Map run (the Map run's index also counts its
-- children by status, as the one it replaces did)
CREATE INDEX execution_by_version_status ON execution (version_arn, status, start_ms DESC, id DESC)
    WHERE version_arn IS NOT NULL;
CREATE INDEX execution_by_alias_status ON execution (alias_arn, status, start_ms DESC, id DESC)
    WHERE alias_arn IS NOT NULL;
DROP INDEX execution_by_map_run_status;
CREATE INDEX execution_by_map_run_status ON execution (map_run_arn, status, start_ms DESC, id DESC)
    WHERE map_run_arn IS NOT NULL;

-- with redriveFilter REDRIVEN: the few redriven executions of an owner as a range of their own,
-- instead of walking all its executions to find them (a status filter is checked on these few)
CREATE INDEX execution_redriven_by_machine ON execution (state_machine_arn, start_ms DESC, id DESC)
    WHERE redrive_count > 0;
CREATE INDEX execution_redriven_by_version ON execution (version_arn, start_ms DESC, id DESC)
    WHERE redrive_count > 0 AND version_arn IS NOT NULL;
CREATE INDEX execution_redriven_by_alias ON execution (alias_arn, start_ms DESC, id DESC)
    WHERE redrive_count > 0 AND alias_arn IS NOT NULL;
CREATE INDEX execution_redriven_by_map_run ON execution (map_run_arn, start_ms DESC, id DESC)
    WHERE redrive_count > 0 AND map_run_arn IS NOT NULL;
