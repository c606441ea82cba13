package dev.stepwise.engine.runtime;

import dev.stepwise.engine.ExecutionInfo;
import dev.stepwise.engine.Interpreter;
import dev.stepwise.engine.store.ResourceChange;
import java.util.List;

/**
 * A face's read model of executions (Step Functions' Map runs; a Transfer execution's step
 * results; an Image Builder workflow's step executions): the catalog rows a step changes, written
 * in the same transaction as the step, so the read model is exactly as durable as the history.
 * Called by the thread that runs the step; must not block.
 */
@FunctionalInterface
public interface Projection {
    List<ResourceChange> changes(ExecutionInfo execution, Interpreter.StepResult step);
}
