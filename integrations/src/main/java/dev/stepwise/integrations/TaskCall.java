package dev.stepwise.integrations;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.asl.resource.Arn;
import dev.stepwise.asl.resource.TaskResource;
import dev.stepwise.engine.Command;

/**
 * One Task state's call, as an integration sees it; {@code httpTrace}, when not null, hears of
 * the raw HTTP exchange (TestState at inspection level TRACE).
 */
public record TaskCall(String executionArn, Command.StartTask task, TaskResource.Integrated resource,
                       HttpTrace httpTrace) {

    public TaskCall(String executionArn, Command.StartTask task, TaskResource.Integrated resource) {
        this(executionArn, task, resource, null);
    }

    /** The task's effective parameters (its Parameters or Arguments, evaluated). */
    public JsonNode parameters() {
        return task.input();
    }

    /** The token a callback ({@code .waitForTaskToken}) completes the task with ({@code $$.Task.Token}). */
    public String token() {
        return task.token();
    }

    /** The account of the execution's ARN ("" when it is none). */
    public String account() {
        return Arn.parse(executionArn).map(Arn::account).orElse("");
    }

    /** The region of the execution's ARN (us-east-1 when it is none). */
    public String region() {
        return Arn.parse(executionArn).map(Arn::region).orElse("us-east-1");
    }
}
