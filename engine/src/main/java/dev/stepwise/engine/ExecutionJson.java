package dev.stepwise.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.json.Json;
import dev.stepwise.engine.history.HistoryJson;

/** Writes an execution in the shape of DescribeExecution's response. */
public final class ExecutionJson {
    private ExecutionJson() {}

    public static ObjectNode describe(Execution ex) {
        ExecutionInfo info = ex.info();
        ObjectNode o = Json.object();
        o.put("executionArn", info.executionArn());
        o.put("stateMachineArn", info.stateMachineArn());
        o.put("name", info.name());
        o.put("status", ex.status().name());
        o.put("startDate", HistoryJson.epochSeconds(info.startTime()));
        if (ex.stopDate() != null) {
            o.put("stopDate", HistoryJson.epochSeconds(ex.stopDate()));
        }
        o.put("input", info.input().text());
        o.putObject("inputDetails").put("included", true);
        if (ex.status() == ExecutionStatus.SUCCEEDED) {
            o.put("output", Json.write(ex.output()));
            o.putObject("outputDetails").put("included", true);
        }
        if (ex.error() != null) {
            o.put("error", ex.error());
        }
        if (ex.cause() != null) {
            o.put("cause", ex.cause());
        }
        if (info.stateMachineVersionArn() != null) {
            o.put("stateMachineVersionArn", info.stateMachineVersionArn());
        }
        if (info.stateMachineAliasArn() != null) {
            o.put("stateMachineAliasArn", info.stateMachineAliasArn());
        }
        o.put("redriveCount", ex.redriveCount());
        if (ex.status() == ExecutionStatus.RUNNING || ex.status() == ExecutionStatus.SUCCEEDED) {
            o.put("redriveStatus", "NOT_REDRIVABLE");
            if (ex.status() == ExecutionStatus.SUCCEEDED) {
                o.put("redriveStatusReason", "Execution is SUCCEEDED and cannot be redriven");
            } else {
                o.put("redriveStatusReason", "Execution is RUNNING and cannot be redriven");
            }
        } else {
            o.put("redriveStatus", "REDRIVABLE");
        }
        return o;
    }
}
