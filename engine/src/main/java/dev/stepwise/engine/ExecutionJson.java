package dev.stepwise.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.json.Json;
import dev.stepwise.engine.history.HistoryJson;
import dev.stepwise.engine.store.ExecutionRecord;

/** Writes an execution in the shape of DescribeExecution's response. */
public final class ExecutionJson {
    /** How often an execution may be redriven (the Step Functions quota). */
    public static final int MAX_REDRIVES = 1000;

    private ExecutionJson() {}

    public static ObjectNode describe(ExecutionRecord e) {
        ObjectNode o = Json.object();
        o.put("executionArn", e.arn());
        o.put("stateMachineArn", e.stateMachineArn());
        o.put("name", e.name());
        o.put("status", e.status());
        o.put("startDate", HistoryJson.epochSeconds(e.start()));
        if (e.stop() != null) {
            o.put("stopDate", HistoryJson.epochSeconds(e.stop()));
        }
        o.put("input", e.input());
        o.putObject("inputDetails").put("included", true);
        if (e.output() != null) {
            o.put("output", e.output());
            o.putObject("outputDetails").put("included", true);
        }
        if (e.error() != null) {
            o.put("error", e.error());
        }
        if (e.cause() != null) {
            o.put("cause", e.cause());
        }
        if (e.mapRunArn() != null) {
            o.put("mapRunArn", e.mapRunArn());
        }
        if (e.versionArn() != null) {
            o.put("stateMachineVersionArn", e.versionArn());
        }
        if (e.aliasArn() != null) {
            o.put("stateMachineAliasArn", e.aliasArn());
        }
        o.put("redriveCount", e.redriveCount());
        if (e.redriveDate() != null) {
            o.put("redriveDate", HistoryJson.epochSeconds(e.redriveDate()));
        }
        String reason = notRedrivableReason(e);
        if (reason != null) {
            o.put("redriveStatus", "NOT_REDRIVABLE");
            o.put("redriveStatusReason", reason);
        } else {
            o.put("redriveStatus", e.mapRunArn() != null ? "REDRIVABLE_BY_MAP_RUN" : "REDRIVABLE");
        }
        return o;
    }

    /** Why an execution cannot be redriven, or null when it can. */
    public static String notRedrivableReason(ExecutionRecord e) {
        if ("RUNNING".equals(e.status()) || "SUCCEEDED".equals(e.status())) {
            return "Execution is " + e.status() + " and cannot be redriven";
        }
        if (e.redriveCount() >= MAX_REDRIVES) {
            return "Execution has reached the maximum redrive count of " + MAX_REDRIVES;
        }
        return null;
    }
}
