package dev.stepwise.server.api;

import static dev.stepwise.server.api.ApiErrors.expectError;
import static dev.stepwise.server.api.Defs.ARN_PREFIX;
import static dev.stepwise.server.api.Defs.PASS;
import static dev.stepwise.server.api.Defs.awaitEvent;
import static dev.stepwise.server.api.Defs.history;
import static dev.stepwise.server.api.Defs.types;
import static dev.stepwise.server.api.ServerFixture.ROLE;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.GetExecutionHistoryResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sfn.model.ListExecutionsResponse;
import software.amazon.awssdk.services.sfn.model.StartExecutionResponse;
import software.amazon.awssdk.services.sfn.model.StopExecutionResponse;

/** Executions: start, describe, stop, list, history. */
class ExecutionApiTest {
    /** Waits a minute when the input says {"wait": true}, otherwise ends at once. */
    private static final String WAIT_OR_PASS = """
            {"StartAt": "C", "States": {
              "C": {"Type": "Choice", "Choices": [{"Variable": "$.wait", "BooleanEquals": true, "Next": "W"}],
                    "Default": "P"},
              "W": {"Type": "Wait", "Seconds": 60, "Next": "P"},
              "P": {"Type": "Pass", "End": true}}}""";
    private static final String WAIT_60 = Defs.waitThenPass(60);
    private static final String THREE_PASSES = """
            {"StartAt": "A", "States": {
              "A": {"Type": "Pass", "Result": {"a": 1}, "ResultPath": "$.a", "Next": "B"},
              "B": {"Type": "Pass", "Result": {"b": 2}, "ResultPath": "$.b", "Next": "C"},
              "C": {"Type": "Pass", "End": true}}}""";

    @RegisterExtension
    static final ServerExtension server = new ServerExtension(() -> new ServerFixture());

    private static String machine(String name, String definition) {
        return server.sfn().createStateMachine(r -> r.name(name).definition(definition).roleArn(ROLE)).stateMachineArn();
    }

    @Test
    @Covers({"StartExecution", "DescribeExecution"})
    void startRunsTheExecutionAndDescribeShowsItsOutcome() {
        String m = machine("started", THREE_PASSES);
        StartExecutionResponse started = server.sfn().startExecution(r -> r.stateMachineArn(m).name("first")
                .input("{\"x\": 0}"));
        assertThat(started.executionArn()).isEqualTo(ARN_PREFIX + "execution:started:first");
        assertThat(started.startDate()).isNotNull();

        DescribeExecutionResponse d = Defs.awaitStatus(server.sfn(), started.executionArn(), ExecutionStatus.SUCCEEDED);
        assertThat(d.name()).isEqualTo("first");
        assertThat(d.stateMachineArn()).isEqualTo(m);
        assertThat(d.startDate()).isEqualTo(started.startDate());
        assertThat(d.stopDate()).isAfterOrEqualTo(d.startDate());
        assertThat(d.input()).isEqualTo("{\"x\": 0}");
        assertThat(d.output()).isEqualTo("{\"x\":0,\"a\":{\"a\":1},\"b\":{\"b\":2}}");
        assertThat(d.redriveCount()).isZero();
        assertThat(d.error()).isNull();

        // without a name the execution gets a UUID; without input it gets {}
        StartExecutionResponse unnamed = server.sfn().startExecution(r -> r.stateMachineArn(m));
        String name = unnamed.executionArn().substring(unnamed.executionArn().lastIndexOf(':') + 1);
        assertThat(name).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(server.sfn().describeExecution(r -> r.executionArn(unnamed.executionArn())).input()).isEqualTo("{}");

        // any JSON value is an input, as on AWS
        for (String input : List.of("2", "\"some text\"", "null")) {
            String arn = server.sfn().startExecution(r -> r.stateMachineArn(m).input(input)).executionArn();
            assertThat(server.sfn().describeExecution(r -> r.executionArn(arn)).input()).isEqualTo(input);
        }
    }

    @Test
    @Covers("StartExecution")
    void startIsIdempotentWhileRunningWithTheSameInput() {
        String m = machine("idempotent", WAIT_60);
        StartExecutionResponse first = server.sfn().startExecution(r -> r.stateMachineArn(m).name("once").input("{\"n\": 1}"));
        StartExecutionResponse again = server.sfn().startExecution(r -> r.stateMachineArn(m).name("once").input("{\"n\": 1}"));
        assertThat(again.executionArn()).isEqualTo(first.executionArn());
        assertThat(again.startDate()).isEqualTo(first.startDate());

        String arn = first.executionArn();
        expectError(() -> server.sfn().startExecution(r -> r.stateMachineArn(m).name("once").input("{\"n\": 2}")),
                "ExecutionAlreadyExists", "Execution Already Exists: '" + arn + "'");
        assertThat(server.sfn().listExecutions(r -> r.stateMachineArn(m)).executions()).hasSize(1);

        // once it is closed, even the same input is refused
        server.sfn().stopExecution(r -> r.executionArn(arn));
        expectError(() -> server.sfn().startExecution(r -> r.stateMachineArn(m).name("once").input("{\"n\": 1}")),
                "ExecutionAlreadyExists", "Execution Already Exists: '" + arn + "'");
    }

    @Test
    @Covers("StartExecution")
    void startErrors() {
        String m = machine("start-errors", PASS);
        expectError(() -> server.sfn().startExecution(r -> r.stateMachineArn(m).input("not some json")),
                "InvalidExecutionInput", "Invalid State Machine Execution Input: 'Unrecognized token 'not': was "
                        + "expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')'");
        expectError(() -> server.sfn().startExecution(r -> r.stateMachineArn(m).input("{'not': 'json'")),
                "InvalidExecutionInput", "Invalid State Machine Execution Input: 'Unexpected character (''' (code 39)): "
                        + "was expecting double-quote to start field name'");
        expectError(() -> server.sfn().startExecution(r -> r.stateMachineArn(m).input("")),
                "InvalidExecutionInput", "Invalid State Machine Execution Input: 'Invalid execution input.'");
        expectError(() -> server.sfn().startExecution(r -> r.stateMachineArn(m).name("a b")),
                "InvalidName", "Invalid Name: 'a b'");
        String missing = ARN_PREFIX + "stateMachine:absent";
        expectError(() -> server.sfn().startExecution(r -> r.stateMachineArn(missing)),
                "StateMachineDoesNotExist", "State Machine Does Not Exist: '" + missing + "'");
        expectError(() -> server.sfn().startExecution(r -> r.stateMachineArn("invalid_state_machine_arn")),
                "InvalidArn", "Invalid Arn: 'Invalid ARN prefix: invalid_state_machine_arn'");
        String tooLong = "x".repeat(81);
        expectError(() -> server.sfn().startExecution(r -> r.stateMachineArn(m).name(tooLong)), "ValidationException",
                "1 validation error detected: Value '" + tooLong + "' at 'name' failed to satisfy constraint: "
                        + "Member must have length less than or equal to 80");
        // nothing was started
        assertThat(server.sfn().listExecutions(r -> r.stateMachineArn(m)).executions()).isEmpty();
    }

    @Test
    @Covers("DescribeExecution")
    void describeErrors() {
        machine("describe-errors", PASS);
        String missing = ARN_PREFIX + "execution:describe-errors:nope";
        expectError(() -> server.sfn().describeExecution(r -> r.executionArn(missing)), "ExecutionDoesNotExist",
                "Execution Does Not Exist: '" + missing + "'");
        expectError(() -> server.sfn().describeExecution(r -> r.executionArn("invalid_state_machine_arn")), "InvalidArn",
                "Invalid Arn: 'Invalid ARN prefix: invalid_state_machine_arn'");
    }

    @Test
    @Covers({"StopExecution", "DescribeExecution", "GetExecutionHistory"})
    void stopAbortsARunningExecution() {
        String m = machine("stopped", WAIT_60);
        String arn = server.sfn().startExecution(r -> r.stateMachineArn(m)).executionArn();
        awaitEvent(server.sfn(), arn, HistoryEventType.WAIT_STATE_ENTERED);
        DescribeExecutionResponse running = server.sfn().describeExecution(r -> r.executionArn(arn));
        assertThat(running.status()).isEqualTo(ExecutionStatus.RUNNING);
        assertThat(running.stopDate()).isNull();

        StopExecutionResponse stopped = server.sfn().stopExecution(r -> r.executionArn(arn).error("Halt").cause("by a test"));
        DescribeExecutionResponse d = server.sfn().describeExecution(r -> r.executionArn(arn));
        assertThat(d.status()).isEqualTo(ExecutionStatus.ABORTED);
        assertThat(d.stopDate()).isEqualTo(stopped.stopDate());
        assertThat(d.error()).isEqualTo("Halt");
        assertThat(d.cause()).isEqualTo("by a test");
        assertThat(d.output()).isNull();

        List<HistoryEvent> events = history(server.sfn(), arn);
        assertThat(types(events)).containsExactly(HistoryEventType.EXECUTION_STARTED,
                HistoryEventType.WAIT_STATE_ENTERED, HistoryEventType.EXECUTION_ABORTED);
        HistoryEvent aborted = events.get(2);
        assertThat(aborted.executionAbortedEventDetails().error()).isEqualTo("Halt");
        assertThat(aborted.executionAbortedEventDetails().cause()).isEqualTo("by a test");
        assertThat(aborted.timestamp()).isEqualTo(stopped.stopDate());
    }

    @Test
    @Covers("StopExecution")
    void stopErrors() {
        machine("stop-errors", PASS);
        String missing = ARN_PREFIX + "execution:stop-errors:nope";
        expectError(() -> server.sfn().stopExecution(r -> r.executionArn(missing)), "ExecutionDoesNotExist",
                "Execution Does Not Exist: '" + missing + "'");
        expectError(() -> server.sfn().stopExecution(r -> r.executionArn("invalid_execution_arn")), "InvalidArn",
                "Invalid Arn: 'Invalid ARN prefix: invalid_execution_arn'");
    }

    @Test
    @Covers({"ListExecutions", "StartExecution", "StopExecution"})
    void listFiltersByStatusAndPagesNewestFirst() {
        String m = machine("listed", WAIT_OR_PASS);
        assertThat(server.sfn().listExecutions(r -> r.stateMachineArn(m).statusFilter(ExecutionStatus.SUCCEEDED))
                .executions()).isEmpty();
        List<String> started = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            boolean wait = i % 2 == 0;
            String name = "e" + i;
            started.add(server.sfn().startExecution(r -> r.stateMachineArn(m).name(name).input("{\"wait\": " + wait + "}"))
                    .executionArn());
        }
        server.sfn().stopExecution(r -> r.executionArn(started.get(4)));
        List<String> newestFirst = started.reversed();

        List<ExecutionListItem> all = server.sfn().listExecutionsPaginator(r -> r.stateMachineArn(m).maxResults(4))
                .executions().stream().toList();
        assertThat(all).extracting(ExecutionListItem::executionArn).containsExactlyElementsOf(newestFirst);
        assertThat(all).allSatisfy(e -> {
            assertThat(e.stateMachineArn()).isEqualTo(m);
            assertThat(e.redriveCount()).isZero();
        });
        assertThat(all.getFirst().name()).isEqualTo("e5");

        assertThat(listArns(m, ExecutionStatus.RUNNING, 1)).containsExactly(started.get(2), started.get(0));
        assertThat(listArns(m, ExecutionStatus.SUCCEEDED, 2))
                .containsExactly(started.get(5), started.get(3), started.get(1));
        assertThat(listArns(m, ExecutionStatus.ABORTED, 0)).containsExactly(started.get(4));
        assertThat(listArns(m, ExecutionStatus.FAILED, 0)).isEmpty();
        assertThat(server.sfn().listExecutions(r -> r.stateMachineArn(m).statusFilter(ExecutionStatus.SUCCEEDED))
                .executions()).allSatisfy(e -> assertThat(e.stopDate()).isNotNull());
        assertThat(server.sfn().listExecutions(r -> r.stateMachineArn(m).statusFilter(ExecutionStatus.RUNNING))
                .executions()).allSatisfy(e -> assertThat(e.stopDate()).isNull());

        started.stream().filter(arn -> server.sfn().describeExecution(r -> r.executionArn(arn)).status()
                == ExecutionStatus.RUNNING).forEach(arn -> server.sfn().stopExecution(r -> r.executionArn(arn)));
    }

    /** Every page of a filtered listing, page by page with maxResults {@code pageSize} (0: the default). */
    private static List<String> listArns(String machine, ExecutionStatus status, int pageSize) {
        List<String> arns = new ArrayList<>();
        String token = null;
        do {
            String t = token;
            ListExecutionsResponse page = server.sfn().listExecutions(r -> r.stateMachineArn(machine).statusFilter(status)
                    .maxResults(pageSize).nextToken(t));
            page.executions().forEach(e -> {
                assertThat(e.status()).isEqualTo(status);
                arns.add(e.executionArn());
            });
            token = page.nextToken();
        } while (token != null);
        return arns;
    }

    @Test
    @Covers("ListExecutions")
    void listErrors() {
        String m = machine("list-errors", PASS);
        expectError(() -> server.sfn().listExecutions(r -> r.stateMachineArn(m).statusFilter("succeeded")),
                "ValidationException", "1 validation error detected: Value 'succeeded' at 'statusFilter' failed to "
                        + "satisfy constraint: Member must satisfy enum value set: [SUCCEEDED, TIMED_OUT, "
                        + "PENDING_REDRIVE, ABORTED, FAILED, RUNNING]");
        expectError(() -> server.sfn().listExecutions(r -> r.stateMachineArn(m).maxResults(1001)), "ValidationException",
                "1 validation error detected: Value '1001' at 'maxResults' failed to satisfy constraint: "
                        + "Member must have value less than or equal to 1000");
        expectError(() -> server.sfn().listExecutions(r -> r.stateMachineArn("invalid_state_machine_arn")), "InvalidArn",
                "Invalid Arn: 'Invalid ARN prefix: invalid_state_machine_arn'");
        String missing = ARN_PREFIX + "stateMachine:not-there";
        expectError(() -> server.sfn().listExecutions(r -> r.stateMachineArn(missing)), "StateMachineDoesNotExist",
                "State Machine Does Not Exist: '" + missing + "'");
        expectError(() -> server.sfn().listExecutions(r -> r.stateMachineArn(m).nextToken("forged")), "InvalidToken",
                "Invalid Token: 'Invalid token'");
    }

    @Test
    @Covers("GetExecutionHistory")
    void historyForwardReverseAndPaged() {
        String m = machine("history", THREE_PASSES);
        String arn = server.sfn().startExecution(r -> r.stateMachineArn(m).input("{\"secret\": \"s3cr3t\"}")).executionArn();
        Defs.awaitStatus(server.sfn(), arn, ExecutionStatus.SUCCEEDED);

        List<HistoryEvent> forward = server.sfn().getExecutionHistory(r -> r.executionArn(arn)).events();
        assertThat(types(forward)).containsExactly(HistoryEventType.EXECUTION_STARTED,
                HistoryEventType.PASS_STATE_ENTERED, HistoryEventType.PASS_STATE_EXITED,
                HistoryEventType.PASS_STATE_ENTERED, HistoryEventType.PASS_STATE_EXITED,
                HistoryEventType.PASS_STATE_ENTERED, HistoryEventType.PASS_STATE_EXITED,
                HistoryEventType.EXECUTION_SUCCEEDED);
        assertThat(forward).extracting(HistoryEvent::id).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
        assertThat(forward.getFirst().executionStartedEventDetails().input()).isEqualTo("{\"secret\": \"s3cr3t\"}");
        assertThat(forward.getFirst().executionStartedEventDetails().roleArn()).isEqualTo(ROLE);

        List<HistoryEvent> reverse = server.sfn().getExecutionHistory(r -> r.executionArn(arn).reverseOrder(true)).events();
        assertThat(reverse).isEqualTo(forward.reversed());

        // pages of 3, both ways, add up to the whole history
        assertThat(pages(arn, false, 3)).isEqualTo(forward);
        assertThat(pages(arn, true, 3)).isEqualTo(forward.reversed());
        GetExecutionHistoryResponse first = server.sfn().getExecutionHistory(r -> r.executionArn(arn).maxResults(3));
        assertThat(first.events()).hasSize(3);
        assertThat(first.nextToken()).isNotNull();
        // a page that ends exactly at the last event has no next token
        assertThat(server.sfn().getExecutionHistory(r -> r.executionArn(arn).maxResults(8)).nextToken()).isNull();

        // without execution data: the same events, without inputs and outputs
        List<HistoryEvent> bare = server.sfn().getExecutionHistory(r -> r.executionArn(arn).includeExecutionData(false))
                .events();
        assertThat(types(bare)).isEqualTo(types(forward));
        assertThat(bare.getFirst().executionStartedEventDetails().input()).isNull();
        assertThat(bare.getFirst().executionStartedEventDetails().roleArn()).isEqualTo(ROLE);
        assertThat(bare.get(2).stateExitedEventDetails().name()).isEqualTo("A");
        assertThat(bare.get(2).stateExitedEventDetails().output()).isNull();
        assertThat(bare.getLast().executionSucceededEventDetails().output()).isNull();
        assertThat(bare.toString()).doesNotContain("s3cr3t");
    }

    private static List<HistoryEvent> pages(String arn, boolean reverse, int size) {
        List<HistoryEvent> events = new ArrayList<>();
        String token = null;
        do {
            String t = token;
            GetExecutionHistoryResponse page = server.sfn().getExecutionHistory(r -> r.executionArn(arn).reverseOrder(reverse)
                    .maxResults(size).nextToken(t));
            assertThat(page.events()).hasSizeLessThanOrEqualTo(size);
            events.addAll(page.events());
            token = page.nextToken();
        } while (token != null);
        return events;
    }

    @Test
    @Covers("GetExecutionHistory")
    void historyErrors() {
        String m = machine("history-errors", PASS);
        String arn = server.sfn().startExecution(r -> r.stateMachineArn(m)).executionArn();
        String missing = ARN_PREFIX + "execution:history-errors:nope";
        expectError(() -> server.sfn().getExecutionHistory(r -> r.executionArn(missing)), "ExecutionDoesNotExist",
                "Execution Does Not Exist: '" + missing + "'");
        expectError(() -> server.sfn().getExecutionHistory(r -> r.executionArn("invalid_execution_arn")), "InvalidArn",
                "Invalid Arn: 'Invalid ARN prefix: invalid_execution_arn'");
        expectError(() -> server.sfn().getExecutionHistory(r -> r.executionArn(arn).maxResults(1001)), "ValidationException",
                "1 validation error detected: Value '1001' at 'maxResults' failed to satisfy constraint: "
                        + "Member must have value less than or equal to 1000");
        // GetExecutionHistory's nextToken is a PageToken: at most 1024 characters
        String longToken = "t".repeat(1025);
        expectError(() -> server.sfn().getExecutionHistory(r -> r.executionArn(arn).nextToken(longToken)),
                "ValidationException", "1 validation error detected: Value '" + longToken + "' at 'nextToken' failed "
                        + "to satisfy constraint: Member must have length less than or equal to 1024");
        // a token of the forward listing does not continue the reverse one
        String forwardToken = server.sfn().getExecutionHistory(r -> r.executionArn(arn).maxResults(1)).nextToken();
        expectError(() -> server.sfn().getExecutionHistory(r -> r.executionArn(arn).reverseOrder(true).nextToken(forwardToken)),
                "InvalidToken", "Invalid Token: 'Invalid token'");
    }
}
