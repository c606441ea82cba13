package dev.stepwise.server.api;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;

/** Definitions and small helpers the API tests share. */
final class Defs {
    static final String ARN_PREFIX = "arn:aws:states:us-east-1:123456789012:";

    /** One Pass state that returns its input. */
    static final String PASS = """
            {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}""";

    /** A Pass state with a fixed result. */
    static final String PASS_RESULT = """
            {"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": {"done": true}, "End": true}}}""";

    private Defs() {}

    /** A Wait of {@code seconds}, then a Pass. */
    static String waitThenPass(int seconds) {
        return """
                {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": %d, "Next": "P"},
                 "P": {"Type": "Pass", "End": true}}}""".formatted(seconds);
    }

    /** One Task state on an activity. */
    static String activityTask(String activityArn, String taskFields) {
        return """
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "%s"%s, "End": true}}}"""
                .formatted(activityArn, taskFields.isEmpty() ? "" : ", " + taskFields);
    }

    static DescribeExecutionResponse awaitStatus(SfnClient sfn, String executionArn, ExecutionStatus status) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(
                () -> sfn.describeExecution(r -> r.executionArn(executionArn)).status() == status);
        return sfn.describeExecution(r -> r.executionArn(executionArn));
    }

    /** Waits until the execution's history holds an event of {@code type}. */
    static void awaitEvent(SfnClient sfn, String executionArn, HistoryEventType type) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(
                () -> types(history(sfn, executionArn)).contains(type));
    }

    static List<HistoryEvent> history(SfnClient sfn, String executionArn) {
        return sfn.getExecutionHistoryPaginator(r -> r.executionArn(executionArn)).events().stream().toList();
    }

    static List<HistoryEventType> types(List<HistoryEvent> events) {
        return events.stream().map(HistoryEvent::type).toList();
    }
}
