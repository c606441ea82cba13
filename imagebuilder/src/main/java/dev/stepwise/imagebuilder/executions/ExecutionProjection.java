package dev.stepwise.imagebuilder.executions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.json.Json;
import dev.stepwise.asl.resource.Arn;
import dev.stepwise.engine.ExecutionInfo;
import dev.stepwise.engine.Interpreter;
import dev.stepwise.engine.history.EventType;
import dev.stepwise.engine.history.HistoryEvent;
import dev.stepwise.engine.runtime.Projection;
import dev.stepwise.engine.store.Resource;
import dev.stepwise.engine.store.ResourceChange;
import dev.stepwise.imagebuilder.document.WorkflowDocument;
import dev.stepwise.imagebuilder.document.WorkflowStep;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps the read model of workflow runs ({@link ExecutionRecords}) with each step of their engine
 * executions, from the run's data ({@link RunData}) as the step leaves it: the run's row (status,
 * counts, times); the row of a step that starts (RUNNING), of the step the last state finished, and
 * of the step the last rollback finished; the waiting row of a WaitForAction step while it waits.
 * A run stopped by CancelImageCreation is marked CANCELLED by that operation (an aborted
 * execution's last step carries no data). Steps of other executions change nothing here.
 */
public final class ExecutionProjection implements Projection {
    /** Image Builder's DateTime strings: ISO 8601 in UTC with milliseconds. */
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    static String dateTime(Instant t) {
        return DATE_TIME.format(t);
    }

    /** An ISO instant as Image Builder writes it; null stays null. */
    static String dateTime(String iso) {
        return iso == null ? null : dateTime(Instant.parse(iso));
    }

    @Override
    public List<ResourceChange> changes(ExecutionInfo execution, Interpreter.StepResult step) {
        if (!RunData.isRun(execution.executionArn()) || step.events().isEmpty()) {
            return List.of();
        }
        JsonNode data = null;
        Map<Integer, Instant> started = new LinkedHashMap<>();
        List<JsonNode> waits = new ArrayList<>();
        String ended = null;
        boolean rollingBack = false;
        Instant last = step.events().get(step.events().size() - 1).timestamp();
        for (HistoryEvent e : step.events()) {
            String name = e.type().name();
            if (name.endsWith("StateEntered") && e.details().input() != null) {
                data = e.details().input().node();
                String state = e.details().name();
                if (state != null && state.startsWith(WorkflowMachine.STEP)) {
                    started.put(Integer.parseInt(state.substring(WorkflowMachine.STEP.length())), e.timestamp());
                }
                rollingBack |= state != null && state.startsWith(WorkflowMachine.ROLLBACK);
            } else if (name.endsWith("StateExited") && e.details().output() != null) {
                data = e.details().output().node();
            } else if (e.type() == EventType.TaskSubmitted && e.details().output() != null
                    && e.details().output().node().has("waitForAction")) {
                waits.add(e.details().output().node());
                started.putIfAbsent(-1 - e.details().output().node().path("index").asInt(), e.timestamp());
            }
            switch (e.type()) {
                case ExecutionSucceeded -> ended = "COMPLETED";
                case ExecutionFailed, ExecutionTimedOut -> ended = "FAILED";
                case ExecutionAborted -> ended = "CANCELLED";
                default -> { }
            }
        }
        Arn arn = Arn.of(execution.executionArn());
        List<ResourceChange> changes = new ArrayList<>();
        for (JsonNode w : waits) {
            // a task's submission may come in a step of its own: it carries the run's data
            JsonNode d = w.path("data");
            int i = w.path("index").asInt();
            changes.add(new ResourceChange.Upsert(new Rows(arn.region(), arn.account(), d, RunData.document(d))
                    .waiting(i, started.getOrDefault(i, started.get(-1 - i)))));
        }
        if (data == null) {
            return changes;
        }
        Rows rows = new Rows(arn.region(), arn.account(), data, RunData.document(data));
        changes.add(new ResourceChange.Upsert(rows.execution(status(data, ended, rollingBack), execution.startTime(),
                ended == null ? null : last)));
        if (data.has(RunData.LAST)) {
            int i = data.path(RunData.LAST).asInt();
            changes.add(new ResourceChange.Upsert(rows.step(i, null, last)));
            changes.add(new ResourceChange.Delete(ExecutionRecords.waitingArn(arn.region(), arn.account(),
                    rows.stepId(i))));
        }
        if (data.has(RunData.ROLLED_BACK)) {
            changes.add(new ResourceChange.Upsert(rows.step(data.path(RunData.ROLLED_BACK).asInt(), null, last)));
        }
        JsonNode entered = data;
        started.forEach((i, at) -> {
            if (i >= 0 && RunData.step(entered, i) == null) {
                changes.add(new ResourceChange.Upsert(rows.step(i, at, last)));
            }
        });
        return changes;
    }

    /** The run's status as its data and its end say. */
    static String status(JsonNode data, String ended, boolean rollingBack) {
        boolean rolledBack = false;
        for (JsonNode s : data.path(RunData.STEPS)) {
            rolledBack |= s.has("rollbackStatus");
        }
        if (ended == null) {
            return rollingBack || data.has(RunData.FAILED_AT) && rolledBack ? "ROLLBACK_IN_PROGRESS" : "RUNNING";
        }
        if (ended.equals("FAILED") && rolledBack) {
            return "ROLLBACK_COMPLETED";
        }
        return ended;
    }

    /** The rows of one run, rendered from its data. */
    static final class Rows {
        private final String region;
        private final String account;
        private final JsonNode data;
        private final WorkflowDocument document;
        private final RunData.Run run;

        Rows(String region, String account, JsonNode data, WorkflowDocument document) {
            this.region = region;
            this.account = account;
            this.data = data;
            this.document = document;
            this.run = RunData.run(data);
        }

        String stepId(int i) {
            return RunData.stepExecutionId(run.workflowExecutionId(), i);
        }

        Resource execution(String status, Instant start, Instant end) {
            int succeeded = 0;
            int failed = 0;
            int skipped = 0;
            String failure = null;
            for (int i = 0; i < document.steps().size(); i++) {
                JsonNode s = RunData.step(data, i);
                String st = s == null ? "" : s.path("status").asText();
                switch (st) {
                    case "COMPLETED" -> succeeded++;
                    case "SKIPPED" -> skipped++;
                    case "FAILED" -> {
                        failed++;
                        if (failure == null) {
                            failure = "Step '" + document.steps().get(i).name() + "' failed: " + message(s);
                        }
                    }
                    default -> { }
                }
            }
            ObjectNode o = Json.object();
            o.put("workflowBuildVersionArn", run.workflowBuildVersionArn());
            o.put("workflowExecutionId", run.workflowExecutionId());
            o.put("imageBuildVersionArn", run.imageBuildVersionArn());
            o.put("type", run.type().name());
            o.put("status", status);
            if (failure != null) {
                o.put("message", truncate(failure, 500));
            }
            o.put("totalStepCount", document.steps().size());
            o.put("totalStepsSucceeded", succeeded);
            o.put("totalStepsFailed", failed);
            o.put("totalStepsSkipped", skipped);
            o.put("startTime", dateTime(start));
            if (end != null) {
                o.put("endTime", dateTime(end));
            }
            if (run.parallelGroup() != null) {
                o.put("parallelGroup", run.parallelGroup());
            }
            o.put("retried", false);
            String arn = RunData.executionArn(region, account, run.workflowExecutionId());
            return new Resource(arn, account, region, ExecutionRecords.EXECUTION, run.imageBuildVersionArn(),
                    data.path(RunData.RUN).path("order").asText("0000") + "/" + run.workflowExecutionId(), 0,
                    Json.write(o));
        }

        /** Step {@code i}'s row: as its record says, or RUNNING since {@code runningSince}. */
        Resource step(int i, Instant runningSince, Instant now) {
            WorkflowStep s = document.steps().get(i);
            JsonNode record = RunData.step(data, i);
            ObjectNode o = Json.object();
            o.put("stepExecutionId", stepId(i));
            o.put("workflowBuildVersionArn", run.workflowBuildVersionArn());
            o.put("workflowExecutionId", run.workflowExecutionId());
            o.put("imageBuildVersionArn", run.imageBuildVersionArn());
            o.put("name", s.name());
            if (s.description() != null) {
                o.put("description", s.description());
            }
            o.put("action", s.action());
            if (record == null) {
                o.put("status", "RUNNING");
                o.put("inputs", Json.write(RunValues.inputs(s, data)));
                o.put("startTime", dateTime(runningSince));
            } else {
                o.put("status", record.path("status").asText());
                Json.putIfPresent(o, "rollbackStatus", Json.textOrNull(record, "rollbackStatus"));
                JsonNode cause = causeOf(record);
                String message = record.path("status").asText().equals("FAILED") ? message(record)
                        : Json.textOrNull(record, "rollbackMessage");
                if (message != null) {
                    o.put("message", truncate(message, 500));
                }
                String inputs = record.has("inputs") ? record.path("inputs").asText() : Json.textOrNull(cause, "inputs");
                o.put("inputs", inputs == null ? Json.write(RunValues.inputs(s, data)) : inputs);
                Json.putIfPresent(o, "outputs", Json.textOrNull(record, "outputs"));
                o.put("startTime", dateTime(Json.textOrNull(record, "startTime")));
                String end = record.has("endTime") ? record.path("endTime").asText() : Json.textOrNull(cause, "endTime");
                o.put("endTime", end == null ? dateTime(now) : dateTime(end));
            }
            o.put("onFailure", s.onFailure().documentName());
            o.put("timeoutSeconds", (int) Math.min(43_200, WorkflowMachine.timeoutSeconds(s)));
            return new Resource(ExecutionRecords.stepArn(region, account, stepId(i)), account, region,
                    ExecutionRecords.STEP, RunData.executionArn(region, account, run.workflowExecutionId()),
                    String.format("%03d", i), 0, Json.write(o));
        }

        /** The waiting row of WaitForAction step {@code i}, waiting since {@code since}. */
        Resource waiting(int i, Instant since) {
            WorkflowStep s = document.steps().get(i);
            ObjectNode o = Json.object();
            o.put("stepExecutionId", stepId(i));
            o.put("imageBuildVersionArn", run.imageBuildVersionArn());
            o.put("workflowExecutionId", run.workflowExecutionId());
            o.put("workflowBuildVersionArn", run.workflowBuildVersionArn());
            o.put("name", s.name());
            o.put("action", s.action());
            o.put("startTime", dateTime(since));
            return new Resource(ExecutionRecords.waitingArn(region, account, stepId(i)), account, region,
                    ExecutionRecords.WAITING, "", String.format("%015d/%s", since.toEpochMilli(), stepId(i)), 0,
                    Json.write(o));
        }
    }

    /** A failed step's message: its action's, or what the engine says of a time-out or another failure. */
    static String message(JsonNode record) {
        JsonNode cause = causeOf(record);
        if (cause.has("message")) {
            return cause.path("message").asText();
        }
        String error = record.path("error").asText();
        if (error.equals("States.Timeout")) {
            return "The step timed out.";
        }
        return error + ": " + record.path("cause").asText();
    }

    private static JsonNode causeOf(JsonNode record) {
        String cause = record.path("cause").asText("");
        if (cause.startsWith("{")) {
            try {
                return Json.parse(cause);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                return Json.object();
            }
        }
        return Json.object();
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
