package dev.stepwise.engine.runtime;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One node's activity queues in memory. GetActivityTask parks on a queue: a parked poll is a
 * blocked virtual thread and holds no platform thread. Known race: a task can be cancelled
 * (time-out, execution stopped) just as a worker takes it; the worker then hears TaskTimedOut when
 * it reports, as on AWS.
 */
final class LocalActivityQueue implements ActivityQueue {
    private final Map<String, LinkedBlockingQueue<OfferedTask>> queues = new ConcurrentHashMap<>();
    private final Map<String, String> activityOfTask = new ConcurrentHashMap<>();

    @Override
    public void offer(OfferedTask task) {
        // offered again (recovery) while still waiting here: one copy is enough
        if (activityOfTask.putIfAbsent(task.taskId(), task.activityArn()) == null) {
            queue(task.activityArn()).add(task);
        }
    }

    @Override
    public OfferedTask take(String activityArn, long timeoutMillis) throws InterruptedException {
        OfferedTask task = queue(activityArn).poll(timeoutMillis, TimeUnit.MILLISECONDS);
        if (task != null) {
            activityOfTask.remove(task.taskId());
        }
        return task;
    }

    @Override
    public void taken(OfferedTask task) {
        // it left the queue when it was taken
    }

    @Override
    public void putBack(OfferedTask task) {
        offer(task);
    }

    @Override
    public void withdraw(String taskId) {
        String activity = activityOfTask.remove(taskId);
        if (activity != null) {
            queue(activity).removeIf(t -> t.taskId().equals(taskId));
        }
    }

    private LinkedBlockingQueue<OfferedTask> queue(String activityArn) {
        return queues.computeIfAbsent(activityArn, a -> new LinkedBlockingQueue<>());
    }
}
