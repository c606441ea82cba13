package dev.stepwise.sfn;

import dev.stepwise.engine.Command;
import dev.stepwise.engine.ExecutionInfo;
import dev.stepwise.engine.Interpreter;
import dev.stepwise.engine.runtime.Projection;
import dev.stepwise.engine.store.ResourceChange;
import dev.stepwise.sfn.SfnRecords.MapRunRecord;
import java.util.ArrayList;
import java.util.List;

/** What DescribeMapRun and ListMapRuns read: a row per Map run, written with the steps that start, change and end it. */
final class MapRunProjection implements Projection {

    @Override
    public List<ResourceChange> changes(ExecutionInfo execution, Interpreter.StepResult step) {
        List<ResourceChange> changes = new ArrayList<>(0);
        for (Command c : step.commands()) {
            if (c instanceof Command.MapRunChanged m) {
                changes.add(new ResourceChange.Upsert(SfnCatalog.mapRunResource(new MapRunRecord(m.mapRunArn(),
                        m.executionArn(), m.status(), m.start(), m.stop(), m.itemCount(), m.maxConcurrency(),
                        m.toleratedFailureCount(), m.toleratedFailurePercentage()))));
            }
        }
        return changes;
    }
}
