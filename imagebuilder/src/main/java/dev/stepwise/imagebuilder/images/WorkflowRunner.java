package dev.stepwise.imagebuilder.images;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.asl.json.Json;
import dev.stepwise.asl.parse.DefinitionParser;
import dev.stepwise.asl.parse.ParsedDefinition;
import dev.stepwise.asl.resource.TaskResource;
import dev.stepwise.engine.runtime.ExecutionRuntime;
import dev.stepwise.engine.store.StoreConflictException;
import dev.stepwise.engine.Signal;
import dev.stepwise.imagebuilder.executions.ExecutionRecords;
import dev.stepwise.imagebuilder.executions.LiveRuns;
import dev.stepwise.imagebuilder.executions.RunData;
import dev.stepwise.imagebuilder.executions.WorkflowMachine;
import dev.stepwise.integrations.Integration;
import dev.stepwise.integrations.IntegrationException;
import dev.stepwise.integrations.TaskCall;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * Runs a workflow of an image build ({@code arn:aws:states:::imagebuilder-image:run.sync}): starts
 * its run, an engine execution of the document compiled by {@link WorkflowMachine} under the run's
 * own ARN (so starting it again after a restart finds the first), and waits for its end. A run
 * that does not complete fails the task with {@code Workflow.Failed} and the run's message.
 */
public final class WorkflowRunner implements Integration {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(WorkflowRunner.class);
    /** The error of a cancelled image's run's stop, as CancelImageCreation stops it. */
    private static final String CANCELLED = "Image.Cancelled";
    private final Supplier<ExecutionRuntime> runtime;
    private final ExecutionRecords records;
    private final LiveRuns live;

    /**
     * {@code runtime}: the runtime that runs these tasks, made after its integrations; {@code live}:
     * where the runs started here are noted (their steps need not look for a missed cancellation).
     */
    public WorkflowRunner(Supplier<ExecutionRuntime> runtime, ExecutionRecords records, LiveRuns live) {
        this.runtime = runtime;
        this.records = records;
        this.live = live;
    }

    @Override
    public boolean handles(TaskResource.Integrated resource) {
        return !resource.sdk() && resource.service().equals(ImageMachine.SERVICE);
    }

    @Override
    public boolean supports(TaskResource.Pattern pattern) {
        return pattern == TaskResource.Pattern.SYNC;
    }

    @Override
    public JsonNode call(TaskCall call) throws IntegrationException {
        JsonNode data = call.parameters().path("Data");
        RunData.Run run = RunData.run(data);
        String arn = RunData.executionArn(call.region(), call.account(), run.workflowExecutionId());
        String definition = WorkflowMachine.definition(RunData.document(data));
        ParsedDefinition parsed = DefinitionParser.parseAccepted(definition, DefinitionParser.MachineType.STANDARD);
        if (!parsed.ok()) {
            throw new IllegalStateException("a compiled workflow does not parse: " + parsed.errors());
        }
        // noted before the start, whose first step may be dispatched before it returns
        live.add(arn);
        try {
            runtime.get().start(new ExecutionRuntime.StartRequest(arn, run.workflowExecutionId(),
                    run.workflowBuildVersionArn(), run.workflowName(), "STANDARD", parsed.machine(), definition, "",
                    data, Json.write(data), null, null, null, null));
        } catch (StoreConflictException started) {
            // started before a restart: wait for that run (recovered, so its steps look for a missed cancellation)
            live.remove(arn);
        }
        return Json.object().put("ExecutionArn", arn).put("workflowExecutionId", run.workflowExecutionId());
    }

    /**
     * The wait was cancelled: the image's build ended (stopped by CancelImageCreation) or this node
     * is going down. A cancelled image's run is stopped here, on the node that runs the build, so it
     * stops even when the node that took the CancelImageCreation died before it stopped the run
     * (the stop is not awaited: delivering it twice is harmless). Going down stops nothing.
     */
    private void stopIfImageCancelled(TaskCall call, String runArn) {
        String imageArn = RunData.run(call.parameters().path("Data")).imageBuildVersionArn();
        try {
            if (records.imageCancelled(imageArn)) {
                runtime.get().deliver(runArn, new Signal.Stop(CANCELLED, "CancelImageCreation"));
            }
        } catch (RuntimeException e) {
            // the node is going down (its store closed): a run of a cancelled image is stopped by its
            // own steps once recovered (StepIntegration)
            log.debug("the run {} of {} was not stopped here", runArn, imageArn, e);
        }
    }

    @Override
    public JsonNode awaitJob(TaskCall call, JsonNode submitted) throws IntegrationException, InterruptedException {
        String arn = submitted.path("ExecutionArn").asText();
        try {
            runtime.get().closed(arn).get();
        } catch (ExecutionException e) {
            throw new IntegrationException("States.Runtime", "Waiting for the workflow run " + arn + " failed: "
                    + e.getCause());
        } catch (InterruptedException e) {
            stopIfImageCancelled(call, arn);
            throw e;
        } finally {
            live.remove(arn);
        }
        JsonNode row = records.execution(call.region(), call.account(), submitted.path("workflowExecutionId").asText())
                .orElse(Json.object());
        String status = row.path("status").asText();
        if (!status.equals("COMPLETED")) {
            throw new IntegrationException("Workflow.Failed", "Workflow '" + row.path("workflowBuildVersionArn")
                    .asText() + "' " + status + (row.has("message") ? ": " + row.path("message").asText() : "."));
        }
        return Json.object().put("workflowExecutionId", row.path("workflowExecutionId").asText());
    }
}
