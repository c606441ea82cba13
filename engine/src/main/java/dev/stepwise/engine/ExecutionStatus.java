package dev.stepwise.engine;

/** The status values of DescribeExecution. */
public enum ExecutionStatus {
    RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED, PENDING_REDRIVE
}
