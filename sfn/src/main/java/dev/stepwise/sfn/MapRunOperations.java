package dev.stepwise.sfn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.api.Caller;
import dev.stepwise.api.Operation;
import dev.stepwise.api.RequestReader;
import dev.stepwise.api.ServiceException;
import dev.stepwise.asl.json.Json;
import dev.stepwise.engine.MapRunState;
import dev.stepwise.engine.Signal;
import dev.stepwise.engine.history.HistoryJson;
import dev.stepwise.engine.store.ExecutionRecord;
import dev.stepwise.engine.store.Page;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/** DescribeMapRun, ListMapRuns and UpdateMapRun: the distributed Map runs of executions. */
final class MapRunOperations {
    private final SfnContext ctx;
    private final ExecutionOperations executions;

    MapRunOperations(SfnContext ctx, ExecutionOperations executions) {
        this.ctx = ctx;
        this.executions = executions;
    }

    void register(Map<String, Operation> ops) {
        ops.put("DescribeMapRun", this::describe);
        ops.put("ListMapRuns", this::list);
        ops.put("UpdateMapRun", this::update);
    }

    private ObjectNode describe(Caller caller, JsonNode body) {
        RequestReader r = new RequestReader(body);
        String arn = r.requiredString("mapRunArn", 1, 2000);
        r.check();
        MapRunState run = find(caller, arn);
        ObjectNode o = Json.object();
        o.put("mapRunArn", run.mapRunArn());
        o.put("executionArn", run.executionArn());
        o.put("status", run.status());
        o.put("startDate", HistoryJson.epochSeconds(run.start()));
        if (run.stop() != null) {
            o.put("stopDate", HistoryJson.epochSeconds(run.stop()));
        }
        o.put("maxConcurrency", run.maxConcurrency());
        o.put("toleratedFailurePercentage", (float) run.toleratedFailurePercentage());
        o.put("toleratedFailureCount", run.toleratedFailureCount());
        Map<String, Long> counts = ctx.executions().statusCounts(arn);
        o.set("itemCounts", counts(run, counts));
        o.set("executionCounts", counts(run, counts));
        o.put("redriveCount", 0);
        return o;
    }

    /** Items and child executions are one to one (no item batching): the counts are the same. */
    private static ObjectNode counts(MapRunState run, Map<String, Long> byStatus) {
        long running = byStatus.getOrDefault("RUNNING", 0L);
        long succeeded = byStatus.getOrDefault("SUCCEEDED", 0L);
        long failed = byStatus.getOrDefault("FAILED", 0L);
        long timedOut = byStatus.getOrDefault("TIMED_OUT", 0L);
        long aborted = byStatus.getOrDefault("ABORTED", 0L);
        long started = running + succeeded + failed + timedOut + aborted;
        ObjectNode o = Json.object();
        o.put("pending", Math.max(0, run.itemCount() - started));
        o.put("running", running);
        o.put("succeeded", succeeded);
        o.put("failed", failed);
        o.put("timedOut", timedOut);
        o.put("aborted", aborted);
        o.put("total", run.itemCount());
        o.put("resultsWritten", 0);
        o.put("failuresNotRedrivable", 0);
        o.put("pendingRedrive", 0);
        return o;
    }

    private ObjectNode list(Caller caller, JsonNode body) {
        RequestReader r = new RequestReader(body);
        String executionArn = r.requiredString("executionArn", 1, 256);
        Paging paging = Paging.read(r, 1024);
        r.check();
        ExecutionRecord execution = executions.find(caller, executionArn);
        String scope = "ListMapRuns:" + executionArn;
        Page<MapRunState> page = ctx.catalog().listMapRuns(executionArn,
                paging.after(ctx.tokens(), caller, scope), paging.limit());
        ObjectNode o = Json.object();
        ArrayNode items = o.putArray("mapRuns");
        for (MapRunState run : page.items()) {
            ObjectNode item = items.addObject();
            item.put("executionArn", run.executionArn());
            item.put("mapRunArn", run.mapRunArn());
            item.put("stateMachineArn", execution.stateMachineArn());
            item.put("startDate", HistoryJson.epochSeconds(run.start()));
            if (run.stop() != null) {
                item.put("stopDate", HistoryJson.epochSeconds(run.stop()));
            }
        }
        Paging.putNext(o, ctx.tokens(), caller, scope, page.next());
        return o;
    }

    private ObjectNode update(Caller caller, JsonNode body) {
        RequestReader r = new RequestReader(body);
        String arn = r.requiredString("mapRunArn", 1, 2000);
        Integer maxConcurrency = r.integer("maxConcurrency", 0, Integer.MAX_VALUE);
        JsonNode percentage = r.raw("toleratedFailurePercentage");
        if (percentage != null && (!percentage.isNumber() || percentage.doubleValue() < 0 || percentage.doubleValue() > 100)) {
            r.violation("Value '" + percentage + "' at 'toleratedFailurePercentage' failed to satisfy constraint: "
                    + "Member must have value between 0 and 100");
        }
        Integer count = r.integer("toleratedFailureCount", 0, Integer.MAX_VALUE);
        r.check();
        MapRunState run = find(caller, arn);
        try {
            ctx.runtime().deliver(run.executionArn(), new Signal.UpdateMapRun(arn, maxConcurrency,
                    count == null ? null : count.longValue(), percentage == null ? null : percentage.doubleValue())).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the update failed", e.getCause());
        }
        return Json.object();
    }

    private MapRunState find(Caller caller, String arn) {
        if (!ResourceArn.parse(arn, "mapRun").ownedBy(caller)) {
            throw doesNotExist(arn);
        }
        return ctx.catalog().mapRun(arn).orElseThrow(() -> doesNotExist(arn));
    }

    static ServiceException doesNotExist(String arn) {
        return ServiceException.sfn("ResourceNotFound", "Resource not found: '" + arn + "'");
    }
}
