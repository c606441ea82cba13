package dev.stepwise.sfn;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.api.AnswerDelivery;
import dev.stepwise.api.Caller;
import dev.stepwise.api.Operation;
import dev.stepwise.api.RequestReader;
import dev.stepwise.api.ServiceException;
import dev.stepwise.asl.json.Json;
import dev.stepwise.engine.Signal;
import dev.stepwise.engine.runtime.ActivityQueue;
import dev.stepwise.engine.history.HistoryJson;
import dev.stepwise.engine.store.Page;
import dev.stepwise.engine.store.StoreConflictException;
import dev.stepwise.sfn.SfnRecords.ActivityRecord;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * Activities and the task callbacks: CreateActivity, DescribeActivity, DeleteActivity,
 * ListActivities, GetActivityTask (a long poll), SendTaskSuccess, SendTaskFailure,
 * SendTaskHeartbeat.
 */
final class ActivityOperations {
    private final SfnContext ctx;
    private final TaskRouter router;
    private final Duration pollTimeout;

    ActivityOperations(SfnContext ctx, TaskRouter router, Duration pollTimeout) {
        this.ctx = ctx;
        this.router = router;
        this.pollTimeout = pollTimeout;
    }

    void register(Map<String, Operation> ops) {
        ops.put("CreateActivity", this::create);
        ops.put("DescribeActivity", this::describe);
        ops.put("DeleteActivity", this::delete);
        ops.put("ListActivities", this::list);
        ops.put("GetActivityTask", this::getTask);
        ops.put("SendTaskSuccess", this::success);
        ops.put("SendTaskFailure", this::failure);
        ops.put("SendTaskHeartbeat", this::heartbeat);
    }

    private ObjectNode create(Caller caller, JsonNode body) {
        RequestReader r = new RequestReader(body);
        String name = r.requiredString("name", 1, 80);
        JsonNode tags = r.array("tags");
        TagOperations.check(r, tags);
        JsonNode encryption = r.object("encryptionConfiguration");
        r.check();
        Names.check(name);
        TagOperations.checkCount(tags);
        String arn = SfnContext.activityArn(caller, name);
        ActivityRecord record = new ActivityRecord(arn, name, ctx.clock().instant(),
                encryption == null ? null : Json.write(encryption));
        try {
            ctx.catalog().createActivity(record);
        } catch (StoreConflictException e) {
            // creating an existing activity is idempotent: AWS answers with the existing one
            record = ctx.catalog().activity(arn).orElseThrow(() -> e);
        }
        if (tags != null) {
            TagOperations.apply(ctx, arn, tags);
        }
        ObjectNode o = Json.object();
        o.put("activityArn", record.arn());
        o.put("creationDate", HistoryJson.epochSeconds(record.created()));
        return o;
    }

    private ObjectNode describe(Caller caller, JsonNode body) {
        RequestReader r = new RequestReader(body);
        String arn = r.requiredString("activityArn", 1, 256);
        r.check();
        ActivityRecord a = find(caller, arn);
        ObjectNode o = Json.object();
        o.put("activityArn", a.arn());
        o.put("name", a.name());
        o.put("creationDate", HistoryJson.epochSeconds(a.created()));
        o.set("encryptionConfiguration", parse(a.encryption() != null ? a.encryption() : "{\"type\":\"AWS_OWNED_KEY\"}"));
        return o;
    }

    private ObjectNode delete(Caller caller, JsonNode body) {
        RequestReader r = new RequestReader(body);
        String arn = r.requiredString("activityArn", 1, 256);
        r.check();
        // deleting an activity that does not exist (here: in the caller's account and region) succeeds
        if (ResourceArn.parse(arn, "activity").ownedBy(caller)) {
            ctx.catalog().delete(arn);
        }
        return Json.object();
    }

    private ObjectNode list(Caller caller, JsonNode body) {
        RequestReader r = new RequestReader(body);
        Paging paging = Paging.read(r, 1024);
        r.check();
        Page<ActivityRecord> page = ctx.catalog().listActivities(caller,
                paging.after(ctx.tokens(), caller, "ListActivities"), paging.limit());
        ObjectNode o = Json.object();
        ArrayNode items = o.putArray("activities");
        for (ActivityRecord a : page.items()) {
            ObjectNode item = items.addObject();
            item.put("activityArn", a.arn());
            item.put("name", a.name());
            item.put("creationDate", HistoryJson.epochSeconds(a.created()));
        }
        Paging.putNext(o, ctx.tokens(), caller, "ListActivities", page.next());
        return o;
    }

    private ObjectNode getTask(Caller caller, JsonNode body) {
        RequestReader r = new RequestReader(body);
        String arn = r.requiredString("activityArn", 1, 256);
        String workerName = r.string("workerName", 1, 80);
        r.check();
        find(caller, arn);
        ObjectNode o = Json.object();
        long deadline = System.nanoTime() + pollTimeout.toNanos();
        try {
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return o;
                }
                ActivityQueue.OfferedTask task = router.activities().take(arn, left);
                if (task == null) {
                    return o;
                }
                if (started(task, workerName)) {
                    o.put("taskToken", task.token());
                    o.put("input", task.input());
                    return o;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return o;
        }
    }

    /**
     * Reports the worker's start to the task's execution: the task is handed out once the execution
     * applied its ActivityStarted and queued that step's commit, without waiting for the commit (why
     * that is safe: {@code ExecutionRuntime.deliverStart}; a crash before it offers the task again).
     * A task the execution no longer waits for is not handed out; one whose start could not be
     * reported (no node answered) is offered again.
     *
     * <p>A started task leaves the queue only once its answer was written to the worker's
     * connection. Until then it stays claimed: when the answer cannot be written (the worker left)
     * it is offered again at once, and when this node dies first (a cluster's shared queue) its
     * claim lapses with the node's lease. Either way another poll takes it, the execution accepts
     * the repeated start without a second ActivityStarted, and the task reaches a worker: delivered
     * at least once, never lost with a node that held it in flight.
     */
    private boolean started(ActivityQueue.OfferedTask task, String workerName) throws InterruptedException {
        boolean started;
        try {
            started = ctx.runtime().deliverStart(task.executionArn(), new Signal.TaskStarted(task.taskId(), workerName))
                    .get();
        } catch (ExecutionException e) {
            router.activities().putBack(task);
            throw new IllegalStateException("could not start the task", e.getCause());
        } catch (InterruptedException e) {
            router.activities().putBack(task);
            throw e;
        }
        if (started) {
            AnswerDelivery.afterAnswer(() -> router.activities().taken(task), () -> router.activities().putBack(task));
        } else {
            router.activities().taken(task);
        }
        return started;
    }

    private ObjectNode success(Caller caller, JsonNode body) {
        RequestReader r = new RequestReader(body);
        String token = r.requiredString("taskToken", 1, 2048);
        String output = r.requiredString("output", 0, ExecutionOperations.MAX_PAYLOAD);
        r.check();
        String taskId = ctx.taskTokens().taskId(caller, token);
        JsonNode value;
        try {
            value = Json.parse(output);
        } catch (JsonProcessingException e) {
            throw ServiceException.sfn("InvalidOutput", "Invalid Output: '" + e.getOriginalMessage() + "'");
        }
        return report(taskId, new Signal.TaskSucceeded(taskId, value, true));
    }

    private ObjectNode failure(Caller caller, JsonNode body) {
        RequestReader r = new RequestReader(body);
        String token = r.requiredString("taskToken", 1, 2048);
        String error = r.string("error", 0, 256);
        String cause = r.string("cause", 0, 32768);
        r.check();
        String taskId = ctx.taskTokens().taskId(caller, token);
        return report(taskId, new Signal.TaskFailed(taskId, error, cause));
    }

    private ObjectNode heartbeat(Caller caller, JsonNode body) {
        RequestReader r = new RequestReader(body);
        String token = r.requiredString("taskToken", 1, 2048);
        r.check();
        String taskId = ctx.taskTokens().taskId(caller, token);
        return report(taskId, new Signal.TaskHeartbeat(taskId));
    }

    /** Delivers a worker's report; a task that is no longer outstanding is TaskTimedOut. */
    private ObjectNode report(String taskId, Signal signal) {
        boolean applied;
        try {
            applied = ctx.runtime().deliverAwaited(TaskTokens.executionArn(taskId), signal).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not deliver the task report", e.getCause());
        }
        if (!applied) {
            throw ServiceException.sfn("TaskTimedOut", "Task Timed Out: 'Provided task does not exist anymore'");
        }
        return Json.object();
    }

    private ActivityRecord find(Caller caller, String arn) {
        ResourceArn parsed = ResourceArn.parse(arn, "activity");
        return ctx.catalog().activity(arn).filter(a -> parsed.ownedBy(caller)).orElseThrow(
                () -> ServiceException.sfn("ActivityDoesNotExist", "Activity Does Not Exist: '" + arn + "'"));
    }

    private static JsonNode parse(String text) {
        try {
            return Json.parse(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is not JSON", e);
        }
    }
}
