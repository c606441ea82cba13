-- EXPRESS executions may share a name (their ARN ends with a unique id); STANDARD names stay unique
DROP INDEX execution_by_name;
CREATE UNIQUE INDEX execution_by_name ON execution (state_machine_arn, name) WHERE type = 'STANDARD';
CREATE INDEX execution_by_machine_name ON execution (state_machine_arn, name);
