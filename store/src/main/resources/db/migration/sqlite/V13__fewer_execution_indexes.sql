-- Fewer B-trees written per execution (the two keyed by name took a page each per execution under
-- load: names are random, so each insert lands on a page of its own). What these served:
-- - execution_by_name, unique (state_machine_arn, name) of STANDARD executions: a STANDARD
--   execution's ARN is made of its machine's and its own name, so the unique ARN already takes a
--   name once per machine (ExecutionAlreadyExists), and a taken name is read by that ARN;
-- - execution_by_machine_name (state_machine_arn, name): no query reads it any longer;
-- - execution_open (status) WHERE RUNNING: the open executions are all of execution_open_by_owner's
--   rows (same condition; rows of executions stored before owners index a NULL owner), read whole.
DROP INDEX execution_by_name;
DROP INDEX execution_by_machine_name;
DROP INDEX execution_open;
