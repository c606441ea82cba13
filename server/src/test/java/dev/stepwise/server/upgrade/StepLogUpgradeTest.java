package dev.stepwise.server.upgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.json.Json;
import dev.stepwise.engine.WaitScale;
import dev.stepwise.engine.run.ManualClock;
import dev.stepwise.engine.runtime.SimulatedTime;
import dev.stepwise.server.ServerConfig;
import dev.stepwise.server.StepwiseServer;
import dev.stepwise.store.HistoryChunks;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.GetActivityTaskResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

/**
 * Executions stored by an older build (the step-log format: no snapshots, unsigned task tokens,
 * per-table catalogs) recover after an upgrade and carry on: the fixture in
 * {@code upgrade/step-log-v7} was written by the build before snapshots (see its README) with
 * executions waiting on an hour's Wait, on activity tasks (one taken, its token handed out), on a
 * retry's backoff, in a Parallel, an inline and a distributed Map, and one failed execution to
 * redrive. The upgraded server runs on simulated time from shortly after the fixture was written.
 */
class StepLogUpgradeTest {
    private static final Path FIXTURE = Path.of(System.getProperty("stepwise.root", "."),
            "server/src/test/resources/upgrade/step-log-v7");

    @TempDir
    Path data;
    private StepwiseServer server;
    private SfnClient sfn;

    @AfterEach
    void stop() {
        if (sfn != null) {
            sfn.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private JsonNode manifest() throws IOException {
        return Json.parse(Files.readString(FIXTURE.resolve("fixture.json")));
    }

    /** The fixture's database, as the older build left it. */
    private void restoreFixture() throws Exception {
        String dump = Files.readString(FIXTURE.resolve("stepwise.sql"));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("stepwise.db"));
             Statement s = c.createStatement()) {
            for (String statement : dump.split(";\n")) {
                if (!statement.isBlank()) {
                    s.executeUpdate(statement);
                }
            }
        }
    }

    private SimulatedTime startServer(Instant at) {
        SimulatedTime time = new SimulatedTime(new ManualClock(at));
        server = StepwiseServer.start(new ServerConfig("127.0.0.1", 0, data, "us-east-1", "123456789012",
                WaitScale.REAL, false), Duration.ofMillis(300), time.clock(), time);
        sfn = SfnClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + server.port()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .overrideConfiguration(ClientOverrideConfiguration.builder().retryPolicy(RetryPolicy.none()).build())
                .build();
        return time;
    }

    private String arn(JsonNode manifest, String name) {
        return manifest.path("executions").path(name).asText();
    }

    private List<HistoryEvent> history(String executionArn) {
        return sfn.getExecutionHistoryPaginator(r -> r.executionArn(executionArn)).events().stream().toList();
    }

    private ExecutionStatus status(String executionArn) {
        return sfn.describeExecution(r -> r.executionArn(executionArn)).status();
    }

    /** Answers every task workers are offered, echoing its input, until none comes for a poll. */
    private int answerOfferedTasks(String activityArn) {
        int answered = 0;
        while (true) {
            GetActivityTaskResponse task = sfn.getActivityTask(r -> r.activityArn(activityArn).workerName("upgraded"));
            if (task.taskToken() == null) {
                return answered;
            }
            try {
                sfn.sendTaskSuccess(r -> r.taskToken(task.taskToken()).output("{\"echo\": " + task.input() + "}"));
                answered++;
            } catch (TaskTimedOutException alreadyAnswered) {
                // a task taken just before the old build stopped is offered again; it was answered already
            }
        }
    }

    /** Every history is one chain: ids 1..n in order, each pointing back at an event before it. */
    private static void assertConsistent(List<HistoryEvent> events) {
        for (int i = 0; i < events.size(); i++) {
            HistoryEvent e = events.get(i);
            assertThat(e.id()).isEqualTo(i + 1L);
            assertThat(e.previousEventId()).isBetween(0L, e.id() - 1);
        }
    }

    @Test
    void executionsOfTheStepLogFormatCarryOnAfterTheUpgrade() throws Exception {
        JsonNode manifest = manifest();
        restoreFixture();
        Instant written = Instant.parse(manifest.path("writtenAt").asText());
        SimulatedTime time = startServer(written.plus(Duration.ofMinutes(10)));
        String activity = manifest.path("activityArn").asText();

        // the catalog came across: machines, the activity, the Map run
        assertThat(sfn.listStateMachinesPaginator(r -> { }).stateMachines()).hasSize(9);
        assertThat(sfn.describeActivity(r -> r.activityArn(activity)).name()).isEqualTo("fixture-work");
        assertThat(sfn.listMapRuns(r -> r.executionArn(arn(manifest, "distributed-map"))).mapRuns()).hasSize(1);

        Map<String, List<HistoryEvent>> before = new HashMap<>();
        manifest.path("executions").properties().forEach(e -> before.put(e.getKey(), history(e.getValue().asText())));

        // the token handed out before the upgrade (unsigned, as tokens were then) is still good
        String handedOut = manifest.path("tokens").path("activity-taken").asText();
        sfn.sendTaskSuccess(r -> r.taskToken(handedOut).output("{\"kept\": true}"));
        await().until(() -> status(arn(manifest, "activity-taken")) == ExecutionStatus.SUCCEEDED);
        assertThat(sfn.describeExecution(r -> r.executionArn(arn(manifest, "activity-taken"))).output())
                .isEqualTo("{\"n\":1,\"result\":{\"kept\":true}}");

        // tasks no worker had taken are offered again: the pending task, the Parallel's, the Map's
        // iteration 2 and the distributed Map's two children
        assertThat(answerOfferedTasks(activity)).isGreaterThanOrEqualTo(5);
        for (String name : List.of("activity-pending", "parallel", "map", "distributed-map")) {
            await().until(() -> status(arn(manifest, name)) == ExecutionStatus.SUCCEEDED);
        }
        assertThat(Json.parse(sfn.describeExecution(r -> r.executionArn(arn(manifest, "map"))).output()))
                .isEqualTo(Json.parse("[1, {\"echo\": 2}, 3]"));
        assertThat(Json.parse(sfn.describeExecution(r -> r.executionArn(arn(manifest, "parallel"))).output()))
                .isEqualTo(Json.parse("[\"quick\", {\"echo\": {\"n\": 5}}]"));

        // nothing waited an hour yet; the timers fire at their original times
        for (String name : List.of("wait-hour", "jsonata-variables", "retry")) {
            assertThat(status(arn(manifest, name))).isEqualTo(ExecutionStatus.RUNNING);
        }
        time.advanceTo(written.plus(Duration.ofHours(2)));
        await().until(() -> status(arn(manifest, "wait-hour")) == ExecutionStatus.SUCCEEDED);
        assertThat(sfn.describeExecution(r -> r.executionArn(arn(manifest, "wait-hour"))).output())
                .isEqualTo("{\"n\":6,\"a\":\"a\",\"b\":\"b\"}");
        await().until(() -> status(arn(manifest, "jsonata-variables")) == ExecutionStatus.SUCCEEDED);
        assertThat(sfn.describeExecution(r -> r.executionArn(arn(manifest, "jsonata-variables"))).output())
                .isEqualTo("{\"x\":42}");
        // the retry's backoff ended: its task is offered again
        assertThat(answerOfferedTasks(activity)).isEqualTo(1);
        await().until(() -> status(arn(manifest, "retry")) == ExecutionStatus.SUCCEEDED);

        // a failed execution of the old build is redriven
        sfn.redriveExecution(r -> r.executionArn(arn(manifest, "failed-redrive")));
        assertThat(answerOfferedTasks(activity)).isEqualTo(1);
        await().until(() -> status(arn(manifest, "failed-redrive")) == ExecutionStatus.SUCCEEDED);

        // every history keeps what was stored and goes on from it as one chain
        for (Map.Entry<String, List<HistoryEvent>> e : before.entrySet()) {
            List<HistoryEvent> after = history(arn(manifest, e.getKey()));
            assertThat(after.subList(0, e.getValue().size())).as(e.getKey()).isEqualTo(e.getValue());
            assertThat(after.size()).as(e.getKey()).isGreaterThan(e.getValue().size());
            assertConsistent(after);
        }

        // an execution started since gets signed tokens: an unsigned one for it is forged
        String machine = manifest.path("stateMachines").path("activity-pending").asText();
        String fresh = sfn.startExecution(r -> r.stateMachineArn(machine).name("after-upgrade")).executionArn();
        String forged = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString((fresh + "#1").getBytes(StandardCharsets.UTF_8));
        try {
            sfn.sendTaskSuccess(r -> r.taskToken(forged).output("{}"));
            throw new AssertionError("an unsigned token of an execution started after the upgrade was accepted");
        } catch (InvalidTokenException expected) {
            assertThat(expected.awsErrorDetails().errorMessage()).isEqualTo("Invalid Token: 'Invalid token'");
        }
    }

    /**
     * The build that stored an execution may have emitted other events than this one does for
     * the same steps. Here the stored history of the hour's Wait lacks the Pass state's Exited
     * event that this build emits: recovery goes on from the stored history (new events follow
     * its last one and point back at its Wait), without replaying into a different numbering.
     */
    @Test
    void anExecutionWhoseStoredEventsDifferFromThisBuildsCarriesOnFromTheStoredHistory() throws Exception {
        JsonNode manifest = manifest();
        restoreFixture();
        String waitHour = arn(manifest, "wait-hour");
        dropEvent(waitHour, "PassStateExited");
        Instant written = Instant.parse(manifest.path("writtenAt").asText());
        SimulatedTime time = startServer(written.plus(Duration.ofMinutes(10)));

        List<HistoryEvent> stored = history(waitHour);
        assertThat(stored).extracting(e -> e.typeAsString())
                .containsExactly("ExecutionStarted", "PassStateEntered", "WaitStateEntered");

        time.advanceTo(written.plus(Duration.ofHours(2)));
        await().until(() -> status(waitHour) == ExecutionStatus.SUCCEEDED);
        List<HistoryEvent> after = history(waitHour);
        assertConsistent(after);
        assertThat(after.subList(0, 3)).isEqualTo(stored);
        assertThat(after.get(3).typeAsString()).isEqualTo("WaitStateExited");
        assertThat(after.get(3).previousEventId()).isEqualTo(3);
        assertThat(sfn.describeExecution(r -> r.executionArn(waitHour)).output())
                .isEqualTo("{\"n\":6,\"a\":\"a\",\"b\":\"b\"}");
    }

    /** Rewrites a stored history as a build that did not emit events of {@code type} would have stored it. */
    private void dropEvent(String executionArn, String type) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("stepwise.db"))) {
            long id;
            try (PreparedStatement p = c.prepareStatement("SELECT id FROM execution WHERE arn = ?")) {
                p.setString(1, executionArn);
                try (ResultSet r = p.executeQuery()) {
                    r.next();
                    id = r.getLong(1);
                }
            }
            List<ObjectNode> events = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT events FROM history_chunk WHERE execution_id = ? ORDER BY first_event_id")) {
                p.setLong(1, id);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        Json.MAPPER.readTree(HistoryChunks.decode(r.getBytes(1))).forEach(e -> events.add((ObjectNode) e));
                    }
                }
            }
            ArrayNode kept = Json.array();
            Map<Long, Long> renumbered = new HashMap<>();
            long next = 1;
            for (ObjectNode e : events) {
                long old = e.get("id").asLong();
                long previous = e.get("previousEventId").asLong();
                if (e.get("type").asText().equals(type)) {
                    renumbered.put(old, renumbered.getOrDefault(previous, previous));
                    continue;
                }
                renumbered.put(old, next);
                e.put("id", next++);
                e.put("previousEventId", renumbered.getOrDefault(previous, previous));
                kept.add(e);
            }
            try (PreparedStatement d = c.prepareStatement("DELETE FROM history_chunk WHERE execution_id = ?")) {
                d.setLong(1, id);
                d.executeUpdate();
            }
            try (PreparedStatement i = c.prepareStatement("INSERT INTO history_chunk (execution_id, first_event_id, "
                    + "last_event_id, events) VALUES (?, 1, ?, ?)")) {
                i.setLong(1, id);
                i.setLong(2, next - 1);
                i.setBytes(3, Json.MAPPER.writeValueAsBytes(kept));
                i.executeUpdate();
            }
            try (PreparedStatement u = c.prepareStatement("UPDATE execution SET next_event_id = ? WHERE id = ?")) {
                u.setLong(1, next);
                u.setLong(2, id);
                u.executeUpdate();
            }
        }
    }
}
