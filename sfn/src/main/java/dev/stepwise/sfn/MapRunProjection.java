package dev.stepwise.sfn;

import dev.stepwise.engine.ExecutionInfo;
import dev.stepwise.engine.Interpreter;
import dev.stepwise.engine.runtime.Projection;
import dev.stepwise.engine.store.ResourceChange;
import java.util.List;

/** What DescribeMapRun and ListMapRuns read: a row per Map run, written with the steps that start, change and end it. */
final class MapRunProjection implements Projection {

    @Override
    public List<ResourceChange> changes(ExecutionInfo execution, Interpreter.StepResult step) {
        return step.mapRuns().stream()
                .<ResourceChange>map(m -> new ResourceChange.Upsert(SfnCatalog.mapRunResource(m))).toList();
    }
}
