package dev.stepwise.server.api;

import static dev.stepwise.server.api.Defs.activityTask;
import static dev.stepwise.server.api.Defs.awaitEvent;
import static dev.stepwise.server.api.Defs.awaitStatus;
import static dev.stepwise.server.api.Defs.history;
import static dev.stepwise.server.api.Defs.types;
import static dev.stepwise.server.api.ServerFixture.ROLE;
import static org.assertj.core.api.Assertions.assertThat;
import static software.amazon.awssdk.services.sfn.model.HistoryEventType.*;

import dev.stepwise.server.ServerConfig;
import dev.stepwise.store.PostgresDatabase;
import dev.stepwise.store.PostgresUrl;
import dev.stepwise.store.Store;
import dev.stepwise.store.Stores;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.GetActivityTaskResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.ListExecutionsResponse;

/**
 * The server on PostgreSQL, driven by the AWS SDK: state machines run, describe, page and list as
 * on the embedded store, and live in the database (a server on a fresh data folder and the same
 * database carries an execution on where the previous one left it).
 */
class PostgresServerTest {
    @RegisterExtension
    static final PostgresDatabase db = PostgresDatabase.clearedBeforeEach();

    private static final String FLOW = """
            {"StartAt": "Greet", "States": {
              "Greet": {"Type": "Pass", "Result": {"greeting": "hi"}, "ResultPath": "$.p", "Next": "Pause"},
              "Pause": {"Type": "Wait", "Seconds": 1, "Next": "Done"},
              "Done": {"Type": "Pass", "End": true}}}""";

    /** A server on this class's database, with a data folder of its own. */
    private static ServerFixture serverOnPostgres() throws IOException {
        PostgresUrl url = db.url();
        return new ServerFixture(c -> c.withDatabase(new ServerConfig.Database(url.url(), url.user(), url.password())));
    }

    @Test
    @Covers({"CreateStateMachine", "StartExecution", "DescribeExecution", "GetExecutionHistory", "ListExecutions"})
    void executionsRunDescribeAndListPagedWithTheirRecordsInPostgresql() throws Exception {
        int count = 23;
        String machine;
        try (ServerFixture server = serverOnPostgres()) {
            SfnClient sfn = server.sfn();
            machine = sfn.createStateMachine(r -> r.name("pg-flow").definition(FLOW).roleArn(ROLE)).stateMachineArn();
            List<String> started = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String name = "run-%02d".formatted(i);
                String input = "{\"n\": %d}".formatted(i);
                started.add(sfn.startExecution(r -> r.stateMachineArn(machine).name(name).input(input)).executionArn());
            }
            for (String arn : started) {
                awaitStatus(sfn, arn, ExecutionStatus.SUCCEEDED);
            }

            DescribeExecutionResponse five = sfn.describeExecution(r -> r.executionArn(started.get(5)));
            assertThat(five.name()).isEqualTo("run-05");
            assertThat(five.output()).isEqualTo("{\"n\":5,\"p\":{\"greeting\":\"hi\"}}");
            assertThat(five.stopDate()).isAfterOrEqualTo(five.startDate().plusSeconds(1));

            List<HistoryEvent> events = history(sfn, started.get(5));
            assertThat(types(events)).containsExactly(EXECUTION_STARTED, PASS_STATE_ENTERED, PASS_STATE_EXITED,
                    WAIT_STATE_ENTERED, WAIT_STATE_EXITED, PASS_STATE_ENTERED, PASS_STATE_EXITED, EXECUTION_SUCCEEDED);
            assertThat(events).extracting(HistoryEvent::id).containsExactlyElementsOf(
                    LongStream.rangeClosed(1, 8).boxed().toList());

            List<List<ExecutionListItem>> pages = new ArrayList<>();
            String token = null;
            do {
                String next = token;
                ListExecutionsResponse page = sfn.listExecutions(r -> r.stateMachineArn(machine).maxResults(10)
                        .nextToken(next));
                pages.add(page.executions());
                token = page.nextToken();
            } while (token != null);
            assertThat(pages).extracting(List::size).containsExactly(10, 10, 3);
            List<ExecutionListItem> listed = pages.stream().flatMap(List::stream).toList();
            assertThat(listed).extracting(ExecutionListItem::executionArn).containsExactlyInAnyOrderElementsOf(started);
            assertThat(listed).extracting(ExecutionListItem::startDate).isSortedAccordingTo(
                    java.util.Comparator.<Instant>reverseOrder());
            assertThat(sfn.listExecutions(r -> r.stateMachineArn(machine).statusFilter(ExecutionStatus.RUNNING))
                    .executions()).isEmpty();
        }
        // what the server wrote is in the database, not in its (now deleted) data folder
        try (Store store = Stores.open(db.options())) {
            assertThat(store.execution(machine.replace(":stateMachine:", ":execution:") + ":run-05")).get()
                    .satisfies(e -> assertThat(e.state().status()).isEqualTo("SUCCEEDED"));
            assertThat(store.resource(machine)).isPresent();
        }
    }

    @Test
    @Covers({"CreateActivity", "GetActivityTask", "SendTaskSuccess", "StartExecution", "GetExecutionHistory"})
    void anExecutionWaitingOnAnActivityCompletesOnTheNextServerOfTheSameDatabase() throws Exception {
        String execution;
        String historyToken;
        Path firstData;
        try (ServerFixture first = serverOnPostgres()) {
            firstData = first.dataDir();
            SfnClient sfn = first.sfn();
            String activity = sfn.createActivity(r -> r.name("pg-work")).activityArn();
            String machine = sfn.createStateMachine(r -> r.name("pg-activity").roleArn(ROLE)
                    .definition(activityTask(activity, ""))).stateMachineArn();
            String started = sfn.startExecution(r -> r.stateMachineArn(machine).input("{\"job\": 7}")).executionArn();
            awaitEvent(sfn, started, ACTIVITY_SCHEDULED);
            historyToken = sfn.getExecutionHistory(r -> r.executionArn(started).maxResults(1)).nextToken();
            execution = started;
        }
        try (ServerFixture second = serverOnPostgres()) {
            assertThat(second.dataDir()).isNotEqualTo(firstData);
            SfnClient sfn = second.sfn();
            // the key that signs pagination tokens is the database's, not the first server's
            String arn = execution;
            String token = historyToken;
            assertThat(sfn.getExecutionHistory(r -> r.executionArn(arn).maxResults(1).nextToken(token))
                    .events()).extracting(HistoryEvent::id).containsExactly(2L);
            String activity = sfn.listActivities(r -> r.maxResults(10)).activities().getFirst().activityArn();
            GetActivityTaskResponse task = sfn.getActivityTask(r -> r.activityArn(activity).workerName("w2"));
            assertThat(task.input()).isEqualTo("{\"job\":7}");
            sfn.sendTaskSuccess(r -> r.taskToken(task.taskToken()).output("{\"done\": true}"));
            DescribeExecutionResponse done = awaitStatus(sfn, execution, ExecutionStatus.SUCCEEDED);
            assertThat(done.output()).isEqualTo("{\"done\":true}");
            List<HistoryEvent> events = history(sfn, execution);
            assertThat(types(events)).containsExactly(EXECUTION_STARTED, TASK_STATE_ENTERED, ACTIVITY_SCHEDULED,
                    ACTIVITY_STARTED, ACTIVITY_SUCCEEDED, TASK_STATE_EXITED, EXECUTION_SUCCEEDED);
            assertThat(events).extracting(HistoryEvent::id).containsExactlyElementsOf(
                    LongStream.rangeClosed(1, 7).boxed().toList());
        }
    }
}
