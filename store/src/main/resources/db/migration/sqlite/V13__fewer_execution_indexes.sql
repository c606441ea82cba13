-- Fewer B-trees written per execution. Every query these served reads along another index:
-- - execution_by_machine_name (state_machine_arn, name): a STANDARD execution is found by name
--   along the unique execution_by_name (its query names type = 'STANDARD'); EXPRESS executions are
--   never looked up by name;
-- - execution_open (status) WHERE RUNNING: the open executions are all of execution_open_by_owner's
--   rows (same condition; rows of executions stored before owners index a NULL owner), read whole.
DROP INDEX execution_by_machine_name;
DROP INDEX execution_open;
