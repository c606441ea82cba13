-- closed executions by when they closed: what retention deletes
CREATE INDEX execution_closed_by_stop ON execution (stop_ms) WHERE status <> 'RUNNING';
