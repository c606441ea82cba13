package dev.stepwise.imagebuilder;

import dev.stepwise.engine.runtime.Cluster;
import dev.stepwise.engine.runtime.ExecutionRuntime;
import dev.stepwise.engine.runtime.Projection;
import dev.stepwise.engine.store.Catalog;
import dev.stepwise.imagebuilder.actions.ActionProvider;
import dev.stepwise.imagebuilder.executions.ExecutionProjection;
import dev.stepwise.imagebuilder.executions.ExecutionRecords;
import dev.stepwise.imagebuilder.executions.LiveRuns;
import dev.stepwise.imagebuilder.executions.StepIntegration;
import dev.stepwise.imagebuilder.executions.WaitingSteps;
import dev.stepwise.imagebuilder.images.ImageProjection;
import dev.stepwise.imagebuilder.images.ImageRecords;
import dev.stepwise.imagebuilder.images.WorkflowRunner;
import dev.stepwise.integrations.Integration;
import dev.stepwise.integrations.LocalStepFunctions;
import dev.stepwise.integrations.StepFunctionsIntegration;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the engine needs of the Image Builder face before it runs anything: the integrations that
 * carry out workflow steps (through {@code actions}) and run an image's workflows, and the
 * projections that keep images and workflow runs; made before the runtime, which is then given
 * ({@link #runOn}) to the face's API and to the runner of workflows.
 */
public final class ImageBuilderWorkflows {
    private final ExecutionRecords executions;
    private final ImageRecords images;
    private final WaitingSteps waiting;
    private final AtomicReference<ExecutionRuntime> runtime = new AtomicReference<>();
    private final List<Integration> integrations;

    /** ExecuteStateMachine steps start their state machines through {@code stateMachines} (this server's own). */
    public ImageBuilderWorkflows(Catalog catalog, Clock clock, ActionProvider actions, LocalStepFunctions stateMachines) {
        this.executions = new ExecutionRecords(catalog);
        this.images = new ImageRecords(catalog);
        this.waiting = new WaitingSteps(executions);
        LiveRuns live = new LiveRuns();
        this.integrations = List.of(
                new StepIntegration(actions, waiting, new StepFunctionsIntegration(stateMachines), clock, executions,
                        runtime::get, live),
                new WorkflowRunner(runtime::get, executions, live));
    }

    /**
     * Takes part in {@code cluster}: a WaitForAction step waiting on one node hears the answer
     * SendWorkflowStepAction gave on another. Call before the cluster is joined.
     */
    public void shareWith(Cluster cluster) {
        waiting.shareWith(cluster);
    }

    /** The integrations: workflow steps and image builds' workflows. */
    public List<Integration> integrations() {
        return integrations;
    }

    /** The read models: workflow runs and their steps, images' states. */
    public List<Projection> projections() {
        return List.of(new ExecutionProjection(), new ImageProjection());
    }

    /** The runtime that carries out the integrations' executions, once it exists. */
    public void runOn(ExecutionRuntime r) {
        runtime.set(r);
    }

    ExecutionRuntime runtime() {
        return runtime.get();
    }

    ExecutionRecords executions() {
        return executions;
    }

    ImageRecords images() {
        return images;
    }

    WaitingSteps waiting() {
        return waiting;
    }
}
