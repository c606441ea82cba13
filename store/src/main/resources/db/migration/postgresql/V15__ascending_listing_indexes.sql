-- The listing indexes in ascending order. ListExecutions reads them newest first all the same (a
-- B-tree is read backwards as cheaply as forwards), but a new execution's entries now land at the
-- end of its owner's range instead of at its start: an index filled at its end splits its last
-- page and leaves the pages before it full, whereas entries always added at a range's start split
-- pages in half, left half-empty. Under load that was a page written per execution in each of the
-- two indexes every execution is in (by machine, by machine and status), and they took twice the room.
DROP INDEX execution_by_machine;
CREATE INDEX execution_by_machine ON execution (state_machine_arn, start_ms, id);
DROP INDEX execution_by_machine_status;
CREATE INDEX execution_by_machine_status ON execution (state_machine_arn, status, start_ms, id);
DROP INDEX execution_by_version;
CREATE INDEX execution_by_version ON execution (version_arn, start_ms, id) WHERE version_arn IS NOT NULL;
DROP INDEX execution_by_alias;
CREATE INDEX execution_by_alias ON execution (alias_arn, start_ms, id) WHERE alias_arn IS NOT NULL;
DROP INDEX execution_by_map_run;
CREATE INDEX execution_by_map_run ON execution (map_run_arn, start_ms, id) WHERE map_run_arn IS NOT NULL;
DROP INDEX execution_by_version_status;
CREATE INDEX execution_by_version_status ON execution (version_arn, status, start_ms, id)
    WHERE version_arn IS NOT NULL;
DROP INDEX execution_by_alias_status;
CREATE INDEX execution_by_alias_status ON execution (alias_arn, status, start_ms, id)
    WHERE alias_arn IS NOT NULL;
DROP INDEX execution_by_map_run_status;
CREATE INDEX execution_by_map_run_status ON execution (map_run_arn, status, start_ms, id)
    WHERE map_run_arn IS NOT NULL;
DROP INDEX execution_redriven_by_machine;
CREATE INDEX execution_redriven_by_machine ON execution (state_machine_arn, start_ms, id)
    WHERE redrive_count > 0;
DROP INDEX execution_redriven_by_version;
CREATE INDEX execution_redriven_by_version ON execution (version_arn, start_ms, id)
    WHERE redrive_count > 0 AND version_arn IS NOT NULL;
DROP INDEX execution_redriven_by_alias;
CREATE INDEX execution_redriven_by_alias ON execution (alias_arn, start_ms, id)
    WHERE redrive_count > 0 AND alias_arn IS NOT NULL;
DROP INDEX execution_redriven_by_map_run;
CREATE INDEX execution_redriven_by_map_run ON execution (map_run_arn, start_ms, id)
    WHERE redrive_count > 0 AND map_run_arn IS NOT NULL;
