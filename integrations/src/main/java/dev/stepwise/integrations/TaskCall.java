package dev.stepwise.integrations;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.engine.Command;
import dev.stepwise.engine.TaskTokens;

/**
 * One Task state's call, as an integration sees it; {@code httpTrace}, when not null, hears of
 * the raw HTTP exchange (TestState at inspection level TRACE).
 */
public record TaskCall(String executionArn, Command.StartTask task, ServiceResource resource, HttpTrace httpTrace) {

    public TaskCall(String executionArn, Command.StartTask task, ServiceResource resource) {
        this(executionArn, task, resource, null);
    }

    /** The task's effective parameters (its Parameters or Arguments, evaluated). */
    public JsonNode parameters() {
        return task.input();
    }

    /** The token a callback ({@code .waitForTaskToken}) completes the task with ({@code $$.Task.Token}). */
    public String token() {
        return TaskTokens.token(task.taskId());
    }

    /** The account of the execution's ARN. */
    public String account() {
        String[] parts = executionArn.split(":");
        return parts.length > 4 ? parts[4] : "";
    }

    /** The region of the execution's ARN. */
    public String region() {
        String[] parts = executionArn.split(":");
        return parts.length > 3 ? parts[3] : "us-east-1";
    }
}
