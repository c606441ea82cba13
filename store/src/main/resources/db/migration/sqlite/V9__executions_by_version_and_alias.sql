-- ListExecutions by a version or an alias ARN: newest first, as the listing by machine
CREATE INDEX execution_by_version ON execution (version_arn, start_ms DESC, id DESC) WHERE version_arn IS NOT NULL;
CREATE INDEX execution_by_alias ON execution (alias_arn, start_ms DESC, id DESC) WHERE alias_arn IS NOT NULL;
