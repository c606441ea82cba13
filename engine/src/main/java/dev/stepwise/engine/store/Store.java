package dev.stepwise.engine.store;

import java.util.List;
import java.util.Optional;

/**
 * Where executions and the resources around them are kept. Contract: a method that changes state
 * returns only after the change is durable; it throws {@link StoreConflictException} when a
 * uniqueness rule (a name, an ARN) or a version check refuses it, and then changes nothing.
 * Listing methods page by key: a page costs the same wherever it starts.
 */
public interface Store extends AutoCloseable {

    // ---- state machines

    void createStateMachine(StateMachineRecord machine);

    Optional<StateMachineRecord> stateMachine(String arn);

    /** Replaces the record if its stored row version is {@code expectedRowVersion}; false otherwise. */
    boolean updateStateMachine(StateMachineRecord machine, long expectedRowVersion);

    /** Deletes a machine with its versions, aliases and tags. */
    void deleteStateMachine(String arn);

    /** State machines whose ARNs start with {@code arnPrefix} (one account and region), by ARN, after {@code afterArn} (null: from the start). */
    Page<StateMachineRecord> listStateMachines(String arnPrefix, String afterArn, int limit);

    // ---- versions and aliases

    /**
     * Publishes a version: numbers it one past the highest number the machine ever had, stores it
     * and returns it. {@code template} carries everything but the ARN and number.
     */
    VersionRecord publishVersion(VersionRecord template);

    Optional<VersionRecord> version(String arn);

    /** The machine's highest-numbered existing version, if any. */
    Optional<VersionRecord> latestVersion(String stateMachineArn);

    /** Versions newest first, after the version number {@code afterVersion} (null: from the newest). */
    Page<VersionRecord> listVersions(String stateMachineArn, String afterVersion, int limit);

    void deleteVersion(String arn);

    void createAlias(AliasRecord alias);

    Optional<AliasRecord> alias(String arn);

    void updateAlias(AliasRecord alias);

    void deleteAlias(String arn);

    /** Aliases of a machine by name order, after {@code afterArn} (null: from the start). */
    Page<AliasRecord> listAliases(String stateMachineArn, String afterArn, int limit);

    // ---- activities

    void createActivity(ActivityRecord activity);

    Optional<ActivityRecord> activity(String arn);

    void deleteActivity(String arn);

    /** Activities whose ARNs start with {@code arnPrefix} (one account and region), by ARN, after {@code afterArn} (null: from the start). */
    Page<ActivityRecord> listActivities(String arnPrefix, String afterArn, int limit);

    // ---- tags

    /** Adds or replaces tags of a resource. */
    void tag(String resourceArn, java.util.Map<String, String> tags);

    void untag(String resourceArn, java.util.Collection<String> keys);

    /** A resource's tags in key order. */
    java.util.Map<String, String> tags(String resourceArn);

    // ---- executions

    /** Stores a new execution with its first step; returns it with its id. */
    ExecutionRecord createExecution(ExecutionRecord execution, StepRecord first);

    /** Appends a step's events and signal and updates the execution row, in one transaction. */
    void appendStep(long executionId, StepRecord step, ExecutionUpdate update);

    Optional<ExecutionRecord> execution(String arn);

    Optional<ExecutionRecord> executionByName(String stateMachineArn, String name);

    /**
     * Executions of a state machine (or of a map run), newest first, optionally of one status,
     * after the key of the previous page (null: from the start).
     */
    Page<ExecutionSummary> listExecutions(ExecutionFilter filter, String after, int limit);

    /**
     * Events (as GetExecutionHistory shows them) in id order, after {@code afterEventId} (0 for the
     * start), or in reverse order before it (Long.MAX_VALUE for the end); at most {@code limit}.
     */
    List<com.fasterxml.jackson.databind.node.ObjectNode> history(long executionId, long afterEventId, int limit,
                                                                  boolean reverse);

    /** Every step's signal, in order: what recovery replays. */
    List<StepRecord> steps(long executionId);

    // ---- map runs (written with the steps that start, change and end them)

    Optional<MapRunRecord> mapRun(String arn);

    /** An execution's Map runs, oldest first, after the key of the previous page. */
    Page<MapRunRecord> listMapRuns(String executionArn, String after, int limit);

    /** How many of a Map run's child executions are in each status. */
    java.util.Map<String, Long> mapRunExecutionCounts(String mapRunArn);

    /**
     * Deletes up to {@code limit} executions that closed before {@code cutoff}, with their
     * histories, step logs and Map runs; returns how many it deleted (retention).
     */
    int deleteClosedBefore(java.time.Instant cutoff, int limit);

    /** Executions still RUNNING: what recovery reloads. */
    List<ExecutionRecord> openExecutions();

    /** Counters for structural checks (group commit): transactions committed and writes applied. */
    StoreStats stats();

    @Override
    void close();

    /** How to narrow ListExecutions: by state machine or map run, by status, by redrive state. */
    record ExecutionFilter(String stateMachineArn, String mapRunArn, String status, Boolean redriven) {
        public ExecutionFilter(String stateMachineArn, String mapRunArn, String status) {
            this(stateMachineArn, mapRunArn, status, null);
        }
    }

    record StoreStats(long transactions, long writes) {}
}
