package dev.stepwise.engine.store;

import java.time.Instant;

/**
 * An execution as stored: what DescribeExecution shows, and what recovery needs to run it again
 * (the definition it runs, its random seed, the mock test case it was started with, if any).
 * Output, error and cause are null until set.
 */
public record ExecutionRecord(long id, String arn, String stateMachineArn, String name, String type, String status,
                              Instant start, Instant stop, String input, String output, String error, String cause,
                              String definition, String roleArn, long seed, String versionArn, String aliasArn,
                              String mapRunArn, String parentArn, int redriveCount, Instant redriveDate,
                              long nextEventId, String mockTestCase) {

    /** An execution without a mock test case. */
    public ExecutionRecord(long id, String arn, String stateMachineArn, String name, String type, String status,
                           Instant start, Instant stop, String input, String output, String error, String cause,
                           String definition, String roleArn, long seed, String versionArn, String aliasArn,
                           String mapRunArn, String parentArn, int redriveCount, Instant redriveDate,
                           long nextEventId) {
        this(id, arn, stateMachineArn, name, type, status, start, stop, input, output, error, cause, definition,
                roleArn, seed, versionArn, aliasArn, mapRunArn, parentArn, redriveCount, redriveDate, nextEventId,
                null);
    }

    public ExecutionRecord withId(long newId) {
        return new ExecutionRecord(newId, arn, stateMachineArn, name, type, status, start, stop, input, output, error,
                cause, definition, roleArn, seed, versionArn, aliasArn, mapRunArn, parentArn, redriveCount,
                redriveDate, nextEventId, mockTestCase);
    }
}
