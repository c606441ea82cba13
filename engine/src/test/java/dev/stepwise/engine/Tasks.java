package dev.stepwise.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.engine.runtime.TaskDispatcher;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/**
 * A task dispatcher for tests: each call of a Task state is answered by the next scripted reply
 * (the last one repeats), and every call and cancellation is recorded.
 */
final class Tasks implements TaskDispatcher {

    /** What a task answers when it is started. */
    interface Reply {
        void answer(Command.StartTask task, Consumer<Signal> signals);
    }

    final List<Command.StartTask> calls = Collections.synchronizedList(new ArrayList<>());
    final List<String> cancelled = Collections.synchronizedList(new ArrayList<>());
    private final List<Reply> replies;

    private Tasks(List<Reply> replies) {
        this.replies = replies;
    }

    static Tasks replying(Reply... replies) {
        return new Tasks(List.of(replies));
    }

    /** Started, then succeeded with {@code output}. */
    static Reply succeed(String output) {
        JsonNode node = Runs.json(output);
        return (task, signals) -> {
            signals.accept(new Signal.TaskStarted(task.taskId(), null));
            signals.accept(new Signal.TaskSucceeded(task.taskId(), node));
        };
    }

    /** Started, then succeeded with its own input. */
    static Reply echo() {
        return (task, signals) -> {
            signals.accept(new Signal.TaskStarted(task.taskId(), null));
            signals.accept(new Signal.TaskSucceeded(task.taskId(), task.input()));
        };
    }

    /** Started, then failed. */
    static Reply fail(String error, String cause) {
        return (task, signals) -> {
            signals.accept(new Signal.TaskStarted(task.taskId(), null));
            signals.accept(new Signal.TaskFailed(task.taskId(), error, cause));
        };
    }

    /** Started, then never heard of again: time-outs decide. */
    static Reply hang() {
        return (task, signals) -> signals.accept(new Signal.TaskStarted(task.taskId(), null));
    }

    /** Never even started. */
    static Reply silent() {
        return (task, signals) -> { };
    }

    @Override
    public void dispatch(TaskOrigin origin, Command.StartTask task, Consumer<Signal> signals) {
        int n = calls.size();
        calls.add(task);
        replies.get(Math.min(n, replies.size() - 1)).answer(task, signals);
    }

    @Override
    public void cancel(String taskId) {
        cancelled.add(taskId);
    }
}
