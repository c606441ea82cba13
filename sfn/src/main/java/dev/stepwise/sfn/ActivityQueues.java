package dev.stepwise.sfn;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The tasks waiting for an activity worker, per activity. GetActivityTask parks on a queue: a
 * parked poll is a blocked virtual thread and holds no platform thread. Known race: a task can be
 * cancelled (time-out, execution stopped) just as a worker takes it; the worker then hears
 * TaskTimedOut when it reports, as on AWS.
 */
final class ActivityQueues {
    /** A task offered to workers: its id and token, the execution it belongs to and its input. */
    record OfferedTask(String taskId, String token, String executionArn, String input) {}

    private final Map<String, LinkedBlockingQueue<OfferedTask>> queues = new ConcurrentHashMap<>();
    private final Map<String, String> activityOfTask = new ConcurrentHashMap<>();

    void offer(String activityArn, OfferedTask task) {
        activityOfTask.put(task.taskId(), activityArn);
        queue(activityArn).add(task);
    }

    /** The next task of the activity, waiting up to {@code timeoutMillis}; null when none came. */
    OfferedTask poll(String activityArn, long timeoutMillis) throws InterruptedException {
        OfferedTask task = queue(activityArn).poll(timeoutMillis, TimeUnit.MILLISECONDS);
        if (task != null) {
            activityOfTask.remove(task.taskId());
        }
        return task;
    }

    /** Withdraws a task no worker has taken yet. */
    void cancel(String taskId) {
        String activity = activityOfTask.remove(taskId);
        if (activity != null) {
            queue(activity).removeIf(t -> t.taskId().equals(taskId));
        }
    }

    private LinkedBlockingQueue<OfferedTask> queue(String activityArn) {
        return queues.computeIfAbsent(activityArn, a -> new LinkedBlockingQueue<>());
    }
}
