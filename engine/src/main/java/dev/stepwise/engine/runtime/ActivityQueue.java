package dev.stepwise.engine.runtime;

/**
 * The activity tasks offered to workers, per activity. A task is offered when its execution
 * schedules it, taken by one GetActivityTask poll, and leaves the queue once the execution decided
 * whether the worker's start counts ({@link #taken}); a task the execution no longer waits for is
 * {@linkplain #withdraw withdrawn}. Offering a task already offered is harmless (recovery and
 * takeover offer again what was offered before).
 *
 * <p>One node keeps its queues in memory ({@link #inMemory}); the nodes of a cluster share one
 * queue in the database, so that a task scheduled by any node is taken by a poll on any node, each
 * task by one poll only.
 */
public interface ActivityQueue {

    /** A task offered to workers: its activity, its id and token, the execution it belongs to and its input. */
    record OfferedTask(String activityArn, String taskId, String token, String executionArn, String input) {}

    /** Offers the task to the activity's workers (again: no second copy). */
    void offer(OfferedTask task);

    /**
     * Takes the activity's next task for one worker, waiting up to {@code timeoutMillis}; null when
     * none came. The caller then reports the worker's start to the execution and calls {@link
     * #taken} or {@link #putBack}.
     */
    OfferedTask take(String activityArn, long timeoutMillis) throws InterruptedException;

    /**
     * A taken task leaves for good: the execution refused the worker's start, or recorded it and the
     * answer reached the worker's connection.
     */
    void taken(OfferedTask task);

    /**
     * A taken task is offered again: the worker's start could not be reported (no answer), or it
     * was recorded but the answer could not be written to the worker (the execution accepts the
     * next worker's start of it without a second ActivityStarted). A shared queue whose node dies
     * before either call offers the task again once the node's lease lapses.
     */
    void putBack(OfferedTask task);

    /** The execution no longer waits for the task (it ended, timed out, was stopped): no worker gets it. */
    void withdraw(String taskId);

    /**
     * The execution leaves this node without ending (another node takes it over). One node's queue
     * withdraws its tasks (whoever resumes the execution offers them again); a shared queue keeps
     * them offered for the new owner.
     */
    default void release(String taskId) {
        withdraw(taskId);
    }

    /** Queues in this process's memory: one node alone. */
    static ActivityQueue inMemory() {
        return new LocalActivityQueue();
    }
}
