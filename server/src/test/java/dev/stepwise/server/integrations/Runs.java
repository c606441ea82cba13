package dev.stepwise.server.integrations;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;

/** Runs a state machine through the API and reads what happened. */
final class Runs {
    static final String ROLE = "arn:aws:iam::123456789012:role/test";

    private Runs() {}

    static String machine(SfnClient sfn, String name, String definition) {
        return sfn.createStateMachine(r -> r.name(name).definition(definition).roleArn(ROLE)).stateMachineArn();
    }

    /** Waits until the execution is no longer RUNNING and describes it. */
    static DescribeExecutionResponse closed(SfnClient sfn, String executionArn) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(
                () -> sfn.describeExecution(r -> r.executionArn(executionArn)).status() != ExecutionStatus.RUNNING);
        return sfn.describeExecution(r -> r.executionArn(executionArn));
    }

    /** Starts an execution and waits for it to close. */
    static DescribeExecutionResponse run(SfnClient sfn, String machineArn, String input) {
        String arn = sfn.startExecution(r -> r.stateMachineArn(machineArn).input(input)).executionArn();
        return closed(sfn, arn);
    }

    static List<HistoryEvent> history(SfnClient sfn, String executionArn) {
        return sfn.getExecutionHistoryPaginator(r -> r.executionArn(executionArn)).events().stream().toList();
    }

    static List<HistoryEventType> types(SfnClient sfn, String executionArn) {
        return history(sfn, executionArn).stream().map(HistoryEvent::type).toList();
    }
}
