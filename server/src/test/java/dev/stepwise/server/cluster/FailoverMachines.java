package dev.stepwise.server.cluster;

import dev.stepwise.store.PostgresFixture;
import dev.stepwise.store.PostgresUrl;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;

/**
 * The state machines the failover tests run when a node dies, one for each thing an execution can
 * be waiting on at that moment: a Wait, an activity task (alone, in a Parallel branch, in an inline
 * Map iteration, in a nested {@code startExecution.sync:2} child) and a {@code .waitForTaskToken}
 * callback. Every execution takes {@link #INPUT}. And what those tests ask of the cluster's
 * database while they wait for the executions to end, and what a failure then says of them.
 *
 * @param activity the activity every Task of them waits on (workers poll it)
 * @param machines state machine ARNs by name (waits, activities, callbacks, parallel, map, nested)
 */
public record FailoverMachines(String activity, Map<String, String> machines) {
    /** The input of every execution: the Map's two items. */
    public static final String INPUT = "{\"items\": [1, 2]}";
    /**
     * The Lambda function the callback machine invokes with {@code {"token": <task token>}}; the
     * test's stand-in collects the token and a worker answers it.
     */
    public static final String CALLBACK_FUNCTION = "collect";

    /** Makes {@code lambda}'s {@link #CALLBACK_FUNCTION} put each token it is invoked with into {@code tokens}. */
    public static void collectCallbackTokens(dev.stepwise.server.integrations.LambdaStandIn lambda,
                                             java.util.Collection<String> tokens) {
        lambda.function(CALLBACK_FUNCTION, payload -> {
            try {
                tokens.add(dev.stepwise.asl.json.Json.parse(payload).path("token").asText());
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException(payload, e);
            }
            return dev.stepwise.server.integrations.LambdaStandIn.Reply.ok("null");
        });
    }
    /** The Wait's length: long enough to be under way at the kill, short enough for a fast test. */
    public static final int WAIT_SECONDS = 3;
    /**
     * Activity tasks outstanding at once in one execution of each machine but the Wait and the
     * callback, before any is answered: the task, the Parallel's one, the Map's first item, the child's.
     */
    public static final int FIRST_ACTIVITY_TASKS = 4;

    private static final String ROLE = "arn:aws:iam::123456789012:role/test";

    /** Creates the activity, the nested child machine and the machines (on {@code sfn}'s node). */
    public static FailoverMachines create(SfnClient sfn) {
        String activity = sfn.createActivity(r -> r.name("work")).activityArn();
        String child = machine(sfn, "child", """
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "%s", "Next": "P"},
                 "P": {"Type": "Pass", "End": true}}}""".formatted(activity));
        Map<String, String> machines = new LinkedHashMap<>();
        machines.put("waits", machine(sfn, "waits", """
                {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": %d, "Next": "P"},
                 "P": {"Type": "Pass", "End": true}}}""".formatted(WAIT_SECONDS)));
        machines.put("activities", machine(sfn, "activities", """
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "%s", "End": true}}}"""
                .formatted(activity)));
        machines.put("callbacks", machine(sfn, "callbacks", """
                {"StartAt": "T", "States": {"T": {"Type": "Task",
                  "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
                  "Parameters": {"FunctionName": "%s", "Payload": {"token.$": "$$.Task.Token"}}, "End": true}}}"""
                .formatted(CALLBACK_FUNCTION)));
        machines.put("parallel", machine(sfn, "parallel", """
                {"StartAt": "Par", "States": {"Par": {"Type": "Parallel", "End": true, "Branches": [
                  {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "%s", "End": true}}},
                  {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}]}}}""".formatted(activity)));
        machines.put("map", machine(sfn, "map", """
                {"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 1,
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "T",
                    "States": {"T": {"Type": "Task", "Resource": "%s", "End": true}}}, "End": true}}}"""
                .formatted(activity)));
        machines.put("nested", machine(sfn, "nested", """
                {"StartAt": "Run", "States": {"Run": {"Type": "Task",
                  "Resource": "arn:aws:states:::states:startExecution.sync:2",
                  "Parameters": {"StateMachineArn": "%s", "Input": {}}, "End": true}}}""".formatted(child)));
        return new FailoverMachines(activity, machines);
    }

    private static String machine(SfnClient sfn, String name, String definition) {
        return sfn.createStateMachine(r -> r.name(name).definition(definition).roleArn(ROLE)).stateMachineArn();
    }

    // ---- the executions as the database shows them

    /** The executions still running, on any node. */
    public static int running(PostgresUrl database) throws SQLException {
        try (Connection c = PostgresFixture.connect(database); PreparedStatement p = c.prepareStatement(
                "SELECT count(*) FROM execution WHERE status = 'RUNNING'"); ResultSet r = p.executeQuery()) {
            r.next();
            return r.getInt(1);
        }
    }

    /** The executions still running that {@code node} owns. */
    public static int openOwnedBy(PostgresUrl database, String node) throws SQLException {
        try (Connection c = PostgresFixture.connect(database); PreparedStatement p = c.prepareStatement(
                "SELECT count(*) FROM execution WHERE status = 'RUNNING' AND owner = ?")) {
            p.setString(1, node);
            try (ResultSet r = p.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }

    /**
     * What a failure says of the executions still running (the first ten): each one's owner and
     * its last events, as {@code sfn} reads its history.
     */
    public static List<String> stillRunning(PostgresUrl database, SfnClient sfn) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (Connection c = PostgresFixture.connect(database); PreparedStatement p = c.prepareStatement(
                "SELECT arn, owner FROM execution WHERE status = 'RUNNING' ORDER BY id LIMIT 10");
             ResultSet r = p.executeQuery()) {
            while (r.next()) {
                String arn = r.getString(1);
                List<HistoryEventType> types = sfn.getExecutionHistoryPaginator(h -> h.executionArn(arn)).events()
                        .stream().map(HistoryEvent::type).toList();
                lines.add(arn + " on " + r.getString(2) + ": " + types.subList(Math.max(0, types.size() - 4),
                        types.size()));
            }
        }
        return lines;
    }
}
