package dev.stepwise.engine.store;

import java.time.Instant;

/** A distributed Map run as DescribeMapRun shows it (the counts come from its child executions). */
public record MapRunRecord(String arn, String executionArn, String status, Instant start, Instant stop, int itemCount,
                           int maxConcurrency, long toleratedFailureCount, double toleratedFailurePercentage) {}
