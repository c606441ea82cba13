package dev.stepwise.engine.store;

import java.time.Instant;

/** What ListExecutions shows of an execution: no payloads, so a page reads little. */
public record ExecutionSummary(long id, String arn, String stateMachineArn, String name, String status, Instant start,
                               Instant stop, String versionArn, String aliasArn, String mapRunArn, int redriveCount) {}
