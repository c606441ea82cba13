package dev.stepwise.imagebuilder.executions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.json.Json;
import dev.stepwise.asl.resource.TaskResource;
import dev.stepwise.engine.Command;
import dev.stepwise.imagebuilder.actions.ActionProvider;
import dev.stepwise.imagebuilder.actions.ActionProvider.ActionFailure;
import dev.stepwise.imagebuilder.actions.ActionProvider.ActionRequest;
import dev.stepwise.imagebuilder.document.WorkflowDocument;
import dev.stepwise.imagebuilder.document.WorkflowStep;
import dev.stepwise.integrations.Integration;
import dev.stepwise.integrations.IntegrationException;
import dev.stepwise.integrations.StepFunctionsIntegration;
import dev.stepwise.integrations.TaskCall;
import dev.stepwise.engine.Signal;
import dev.stepwise.engine.runtime.ExecutionRuntime;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * Carries out the steps of workflow runs ({@code arn:aws:states:::imagebuilder-workflow:step}) and
 * their rollbacks ({@code …:rollback}). A step whose {@code if} is false is SKIPPED; otherwise its
 * inputs are resolved and its action carried out: the infrastructure actions by the
 * {@link ActionProvider}; WaitForAction waits for SendWorkflowStepAction ({@link WaitingSteps});
 * ExecuteStateMachine starts the state machine on this server's own Step Functions and waits for its
 * end, as the engine's {@code startExecution.sync:2} does. A step answers its record
 * ({@code step}: status, inputs and outputs as JSON text, endTime) and its outputs; a failure is
 * {@value #STEP_FAILED} whose cause is a JSON object with the step's message, inputs and endTime.
 */
public final class StepIntegration implements Integration {
    static final String STEP_FAILED = "Step.Failed";
    /** The error of the stop of a cancelled image's run, as CancelImageCreation stops it. */
    static final String CANCELLED = "Image.Cancelled";
    private static final TaskResource.Integrated START_SYNC =
            (TaskResource.Integrated) TaskResource.parse("arn:aws:states:::states:startExecution.sync:2");

    private final ActionProvider provider;
    private final WaitingSteps waiting;
    private final StepFunctionsIntegration stateMachines;
    private final Clock clock;
    private final ExecutionRecords records;
    private final Supplier<ExecutionRuntime> runtime;
    private final LiveRuns live;

    /**
     * {@code records}: where a step of a run not in {@code live} looks whether its image was
     * cancelled; {@code runtime}: the runtime that runs the runs (made after its integrations),
     * through which such a step stops its run.
     */
    public StepIntegration(ActionProvider provider, WaitingSteps waiting, StepFunctionsIntegration stateMachines,
                           Clock clock, ExecutionRecords records, Supplier<ExecutionRuntime> runtime, LiveRuns live) {
        this.provider = provider;
        this.waiting = waiting;
        this.stateMachines = stateMachines;
        this.clock = clock;
        this.records = records;
        this.runtime = runtime;
        this.live = live;
    }

    /**
     * Stops the run when its image was cancelled, before its step acts. CancelImageCreation stops the
     * image's build, then each run, in transactions of their own: a node that dies in between leaves
     * runs that the next start recovers and dispatches again, with no stop coming. Their steps stop
     * them here (a stop from the step's own task: it lands before the task's answer, which the ended
     * run ignores), so a cancelled image's run never acts again. The catalog is read only for a run
     * not in {@link LiveRuns} (recovered, and not looked at since): once per recovery, not per step.
     */
    private void stopIfCancelled(TaskCall call, JsonNode data) throws IntegrationException, InterruptedException {
        // a run started here, or already looked at since it was recovered, has not missed its stop
        if (live.known(call.executionArn())) {
            return;
        }
        if (!records.imageCancelled(RunData.run(data).imageBuildVersionArn())) {
            live.add(call.executionArn());
            return;
        }
        try {
            runtime.get().deliver(call.executionArn(), new Signal.Stop(CANCELLED, "CancelImageCreation")).get();
        } catch (ExecutionException e) {
            throw new IntegrationException("States.Runtime", "The run of a cancelled image could not be stopped: "
                    + e.getCause());
        }
        throw new IntegrationException(CANCELLED, "The image was cancelled.");
    }

    @Override
    public boolean handles(TaskResource.Integrated resource) {
        return !resource.sdk() && resource.service().equals(WorkflowMachine.SERVICE);
    }

    @Override
    public boolean supports(TaskResource.Pattern pattern) {
        return pattern == TaskResource.Pattern.REQUEST_RESPONSE || pattern == TaskResource.Pattern.SYNC;
    }

    @Override
    public JsonNode call(TaskCall call) throws IntegrationException, InterruptedException {
        JsonNode data = call.parameters().path(WorkflowMachine.RUN);
        stopIfCancelled(call, data);
        int index = call.parameters().path(WorkflowMachine.INDEX).asInt();
        WorkflowDocument document = RunData.document(data);
        WorkflowStep step = document.steps().get(index);
        if (call.resource().action().equals("rollback")) {
            return rollback(data, index, step);
        }
        if (!RunValues.runs(step, data)) {
            return done("SKIPPED", null, null, Json.object());
        }
        ObjectNode inputs = RunValues.inputs(step, data);
        return switch (step.action()) {
            case "WaitForAction" -> Json.object().put("waitForAction", true).put("index", index)
                    .<ObjectNode>set("inputs", inputs).set("data", data);
            case "ExecuteStateMachine" -> startStateMachine(call, inputs);
            default -> perform(data, index, step, inputs);
        };
    }

    @Override
    public JsonNode awaitJob(TaskCall call, JsonNode submitted) throws IntegrationException, InterruptedException {
        if (submitted.has("step")) {
            return submitted; // skipped: nothing to wait for
        }
        JsonNode data = call.parameters().path(WorkflowMachine.RUN);
        stopIfCancelled(call, data); // awaited again after a restart: the image may have been cancelled since
        int index = call.parameters().path(WorkflowMachine.INDEX).asInt();
        ObjectNode inputs = (ObjectNode) submitted.path("inputs");
        if (submitted.has("waitForAction")) {
            String stepId = RunData.stepExecutionId(RunData.run(data).workflowExecutionId(), index);
            JsonNode answer = waiting.await(call.region(), call.account(), stepId);
            String reason = Json.textOrNull(answer, "reason");
            if ("STOP".equals(answer.path("action").asText())) {
                throw failed("The step was stopped by SendWorkflowStepAction"
                        + (reason == null ? "." : ": " + reason), inputs);
            }
            ObjectNode outputs = Json.object().put("action", "RESUME");
            if (reason != null) {
                outputs.put("reason", reason);
            }
            return done("COMPLETED", inputs, outputs, outputs);
        }
        JsonNode ended;
        try {
            ended = stateMachines.awaitJob(stateMachineCall(call, Json.object()), submitted.path("execution"));
        } catch (IntegrationException e) {
            throw failed("The state machine execution " + submitted.path("execution").path("ExecutionArn").asText()
                    + " did not succeed: " + e.cause(), inputs);
        }
        ObjectNode outputs = Json.object();
        outputs.put("executionArn", ended.path("ExecutionArn").asText());
        JsonNode output = ended.path("Output");
        outputs.put("output", output.isTextual() ? output.asText() : Json.write(output));
        return done("COMPLETED", inputs, outputs, outputs);
    }

    private JsonNode startStateMachine(TaskCall call, ObjectNode inputs) throws IntegrationException,
            InterruptedException {
        ObjectNode parameters = Json.object();
        parameters.put("StateMachineArn", inputs.path("stateMachineArn").asText());
        JsonNode input = inputs.path("input");
        parameters.put("Input", input.isMissingNode() || input.isNull() ? "{}"
                : input.isTextual() ? input.asText() : Json.write(input));
        try {
            JsonNode started = stateMachines.call(stateMachineCall(call, parameters));
            ObjectNode submitted = Json.object();
            submitted.set("execution", started);
            submitted.set("inputs", inputs);
            return submitted;
        } catch (IntegrationException e) {
            throw failed("The state machine " + inputs.path("stateMachineArn").asText() + " could not be started: "
                    + e.cause(), inputs);
        }
    }

    /** The task call the Step Functions integration sees: this step's task, as {@code startExecution.sync:2}. */
    private static TaskCall stateMachineCall(TaskCall call, ObjectNode parameters) {
        Command.StartTask t = call.task();
        return new TaskCall(call.executionArn(), new Command.StartTask(t.taskId(), t.token(), t.stateName(), START_SYNC,
                parameters, t.timeoutSeconds(), t.heartbeatSeconds(), t.invocation()), START_SYNC);
    }

    private ObjectNode perform(JsonNode data, int index, WorkflowStep step, ObjectNode inputs)
            throws IntegrationException {
        try {
            ObjectNode outputs = provider.perform(request(data, index, step, inputs));
            return done("COMPLETED", inputs, outputs, outputs);
        } catch (ActionFailure e) {
            throw failed(e.getMessage(), inputs);
        }
    }

    private ObjectNode rollback(JsonNode data, int index, WorkflowStep step) throws IntegrationException {
        JsonNode record = RunData.step(data, index);
        if (record == null || !"COMPLETED".equals(record.path("status").asText())
                || !RunValues.rollbackEnabled(step, data)) {
            return Json.object(); // nothing this step did is undone
        }
        try {
            provider.rollback(request(data, index, step, RunValues.inputs(step, data)),
                    data.path(RunData.STEP_OUTPUTS).path(step.name()));
            return Json.object().put("rollbackStatus", "COMPLETED");
        } catch (ActionFailure e) {
            throw new IntegrationException("Rollback.Failed", e.getMessage());
        }
    }

    private static ActionRequest request(JsonNode data, int index, WorkflowStep step, ObjectNode inputs) {
        RunData.Run run = RunData.run(data);
        return new ActionRequest(step.action(), run.workflowName(), step.name(), run.workflowExecutionId(),
                RunData.stepExecutionId(run.workflowExecutionId(), index), inputs,
                (ObjectNode) data.path(RunData.IMAGEBUILDER));
    }

    /** A step's answer: its record and its outputs. */
    private ObjectNode done(String status, ObjectNode inputs, ObjectNode shownOutputs, ObjectNode outputs) {
        ObjectNode step = Json.object().put("status", status).put("endTime", now());
        if (inputs != null) {
            step.put("inputs", Json.write(inputs));
        }
        if (shownOutputs != null) {
            step.put("outputs", Json.write(shownOutputs));
        }
        ObjectNode o = Json.object();
        o.set("step", step);
        o.set("outputs", outputs);
        return o;
    }

    private IntegrationException failed(String message, ObjectNode inputs) {
        ObjectNode cause = Json.object().put("message", message).put("endTime", now());
        if (inputs != null) {
            cause.put("inputs", Json.write(inputs));
        }
        return new IntegrationException(STEP_FAILED, Json.write(cause));
    }

    private String now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
