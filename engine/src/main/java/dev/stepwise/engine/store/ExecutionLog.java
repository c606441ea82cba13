package dev.stepwise.engine.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The engine's record of executions: each one's row (identity and where it stands), its history
 * and its steps. Contract: a method that changes state returns only after the change is durable;
 * {@link StoreConflictException} means a uniqueness rule (an ARN, a STANDARD execution's name) or
 * a version check refused it, and nothing changed. Listings page by key: a page costs the same
 * wherever it starts.
 */
public interface ExecutionLog {

    /** Stores a new execution with its first step (version 1, owned by {@code owner}); returns its row. */
    ExecutionRecord create(ExecutionIdentity identity, String owner, StepRecord first);

    /**
     * Appends a step: its events, its update of the execution's row, its snapshot (replacing the
     * last; null clears it) and the read-model changes it carries, in one transaction, if the execution's version is still {@code expectedVersion}
     * (it becomes one more). StoreConflictException, and nothing written, otherwise.
     */
    void append(long executionId, long expectedVersion, StepRecord step);

    /**
     * As {@link #append}, without waiting: the step is queued behind every append and create queued
     * before it (by any thread) and commits in the same transaction as those or after them; the
     * future completes once it is durable, or with the error that refused it (a refused step changes
     * nothing, so every later step of the execution is refused by its version check too). Contract
     * relied on by the runtime: when an append queued after this one has committed, this one has.
     * Its commit may wait a moment for another write to share it (nobody waits for it, and on the
     * embedded store the write that follows, often the answer to the task whose start it records,
     * then costs one flush of the disk, not two); a {@link #history} read made after this returns
     * shows it.
     * Default: appended at once (a store without a queue).
     */
    default java.util.concurrent.CompletableFuture<Void> appendQueued(long executionId, long expectedVersion,
                                                                    StepRecord step) {
        append(executionId, expectedVersion, step);
        return java.util.concurrent.CompletableFuture.completedFuture(null);
    }

    Optional<ExecutionRecord> execution(String arn);

    /** Executions still RUNNING, oldest first: what recovery reloads. */
    List<ExecutionRecord> openExecutions();

    /** Executions still RUNNING that {@code owner} runs, oldest first: what a node of a cluster reloads. */
    default List<ExecutionRecord> openExecutionsOwnedBy(String owner) {
        return openExecutions().stream().filter(e -> owner.equals(e.owner())).toList();
    }

    /**
     * Makes {@code owner} the execution's owner if its version is still {@code expectedVersion};
     * returns the new version (one more). StoreConflictException, and nothing written, otherwise.
     * A cluster's node claims a closed execution so before it redrives it. Stores of one node
     * need not support it.
     */
    default long claim(long executionId, long expectedVersion, String owner) {
        throw new UnsupportedOperationException("this store is not shared by several nodes");
    }

    /**
     * Executions of a state machine (or of one of its versions or aliases, or of a Map run), newest
     * first, optionally of one status, after the key of the previous page (null: from the start).
     */
    Page<ExecutionSummary> listExecutions(ExecutionFilter filter, String after, int limit);

    /**
     * Events (as GetExecutionHistory shows them) in id order, after {@code afterEventId} (0 for
     * the start), or in reverse order before it (Long.MAX_VALUE for the end); at most {@code limit}.
     */
    List<ObjectNode> history(long executionId, long afterEventId, int limit, boolean reverse);

    /** Where the execution stood after its last step that kept a snapshot; empty when none is kept. */
    Optional<Snapshot> snapshot(long executionId);

    /**
     * The step log of an execution stored before snapshots: each step's signal and time, in order,
     * what converting it replays once. Empty for executions stored since.
     */
    List<StepRecord> steps(long executionId);

    /** How many of a Map run's child executions are in each status. */
    Map<String, Long> statusCounts(String mapRunArn);

    /**
     * Deletes up to {@code limit} executions that closed before {@code cutoff}, with their
     * histories, steps and child resources (their Map runs); returns how many (retention).
     */
    int deleteClosedBefore(Instant cutoff, int limit);

    /**
     * How to narrow ListExecutions: whose executions ({@code owner} and its ARN), of which status
     * (null: any), redriven or not (null: either).
     */
    record ExecutionFilter(Owner owner, String ownerArn, String status, Boolean redriven) {
        public ExecutionFilter(Owner owner, String ownerArn, String status) {
            this(owner, ownerArn, status, null);
        }

        /** Whether the execution is one this filter lists. */
        public boolean matches(ExecutionRecord e) {
            return ownerArn.equals(owner.of(e)) && (status == null || status.equals(e.status()))
                    && (redriven == null || redriven == (e.redriveCount() > 0));
        }
    }

    /**
     * Whose executions a listing reads: a state machine's (started on it, a version or an alias), a
     * version's (started on it or routed to it by an alias), an alias's, or a Map run's children.
     */
    enum Owner {
        STATE_MACHINE, VERSION, ALIAS, MAP_RUN;

        /** The execution's ARN of this kind of owner; null when it has none. */
        public String of(ExecutionRecord e) {
            return switch (this) {
                case STATE_MACHINE -> e.stateMachineArn();
                case VERSION -> e.versionArn();
                case ALIAS -> e.aliasArn();
                case MAP_RUN -> e.mapRunArn();
            };
        }
    }
}
