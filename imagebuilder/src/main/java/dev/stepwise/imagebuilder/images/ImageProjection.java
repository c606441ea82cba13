package dev.stepwise.imagebuilder.images;

import dev.stepwise.asl.resource.Arn;
import dev.stepwise.engine.ExecutionInfo;
import dev.stepwise.engine.Interpreter;
import dev.stepwise.engine.history.HistoryEvent;
import dev.stepwise.engine.runtime.Projection;
import dev.stepwise.engine.store.Resource;
import dev.stepwise.engine.store.ResourceChange;
import dev.stepwise.imagebuilder.executions.ExecutionRecords;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.json.Json;
import java.util.List;

/**
 * Keeps an image's state with the steps of the execution that builds it: BUILDING, TESTING and
 * DISTRIBUTING as it enters its workflows of each type, AVAILABLE when it succeeds, FAILED (with
 * the failed workflow's message as the reason) or CANCELLED when it is stopped, with the time it
 * was, in the transaction of the stop itself: from then on its runs read as cancelled.
 */
public final class ImageProjection implements Projection {

    /** The engine's ARN of an image's build. */
    public static String executionArn(String imageArn) {
        return imageArn.replace(":image/", ":image-build/");
    }

    static boolean isImageBuild(String executionArn) {
        return executionArn.startsWith("arn:aws:imagebuilder:") && executionArn.contains(":image-build/");
    }

    @Override
    public List<ResourceChange> changes(ExecutionInfo execution, Interpreter.StepResult step) {
        if (!isImageBuild(execution.executionArn())) {
            return List.of();
        }
        String status = null;
        String reason = null;
        java.time.Instant cancelledAt = null;
        for (HistoryEvent e : step.events()) {
            String state = e.details().name();
            switch (e.type()) {
                case TaskStateEntered, ParallelStateEntered -> {
                    if (state != null && state.startsWith(ImageMachine.BUILD)) {
                        status = "BUILDING";
                    } else if (state != null && state.startsWith(ImageMachine.TEST)) {
                        status = "TESTING";
                    } else if (state != null && state.startsWith(ImageMachine.DISTRIBUTE)) {
                        status = "DISTRIBUTING";
                    }
                }
                case ExecutionSucceeded -> status = "AVAILABLE";
                case ExecutionFailed, ExecutionTimedOut -> {
                    status = "FAILED";
                    reason = e.details().cause();
                }
                case ExecutionAborted -> {
                    status = "CANCELLED";
                    cancelledAt = e.timestamp();
                }
                default -> { }
            }
        }
        if (status == null) {
            return List.of();
        }
        Arn arn = Arn.of(execution.executionArn());
        String imageArn = execution.executionArn().replace(":image-build/", ":image/");
        Resource state = ImageRecords.stateRow(imageArn, arn.account(), arn.region(), status, reason);
        if (cancelledAt != null) {
            // the runs of a cancelled image read as cancelled from this moment (ExecutionRecords)
            ObjectNode body = (ObjectNode) ImageRecords.parse(state.body());
            body.put(ExecutionRecords.CANCELLED_AT, ExecutionRecords.dateTime(cancelledAt));
            state = state.withBody(Json.write(body));
        }
        return List.of(new ResourceChange.Upsert(state));
    }
}
