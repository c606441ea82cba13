package dev.stepwise.transfer.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.engine.ExecutionInfo;
import dev.stepwise.engine.Interpreter;
import dev.stepwise.engine.history.EventType;
import dev.stepwise.engine.history.HistoryEvent;
import dev.stepwise.engine.runtime.Projection;
import dev.stepwise.engine.store.ResourceChange;
import java.util.List;

/**
 * The read model of workflow executions in progress ({@link ExecutionRecords}), written with each
 * step: the execution's row holds its data as the step left it (the input of the state it entered
 * last, or the output of the state it left last), and the step that ends the execution deletes it
 * (with its callback rows), as AWS lists and describes executions in progress only. That ending
 * step also has the execution's log lines written ({@link WorkflowLog}). Steps of other executions
 * (Step Functions') change nothing here.
 */
public final class ExecutionProjection implements Projection {
    private final WorkflowLog log;

    public ExecutionProjection(WorkflowLog log) {
        this.log = log;
    }

    @Override
    public List<ResourceChange> changes(ExecutionInfo execution, Interpreter.StepResult step) {
        if (!ExecutionRecords.isWorkflowExecution(execution.executionArn()) || step.events().isEmpty()) {
            return List.of();
        }
        JsonNode state = null;
        boolean ended = false;
        for (HistoryEvent e : step.events()) {
            EventType type = e.type();
            String name = type.name();
            if (name.endsWith("StateEntered") && e.details().input() != null) {
                state = e.details().input().node();
            } else if (name.endsWith("StateExited") && e.details().output() != null) {
                state = e.details().output().node();
            }
            ended |= type == EventType.ExecutionSucceeded || type == EventType.ExecutionFailed
                    || type == EventType.ExecutionTimedOut || type == EventType.ExecutionAborted;
        }
        if (ended) {
            if (state != null) {
                // a log line too many after a crash before the commit is the price of writing it here
                log.ended(state, step.events().get(step.events().size() - 1).timestamp(),
                        step.events().stream().anyMatch(e -> e.type() == EventType.ExecutionSucceeded));
            }
            return List.of(new ResourceChange.Delete(execution.executionArn()));
        }
        if (state == null) {
            return List.of();
        }
        return List.of(new ResourceChange.Upsert(ExecutionRecords.executionRow(execution.executionArn(),
                execution.stateMachineArn(), execution.startTime(), state)));
    }
}
