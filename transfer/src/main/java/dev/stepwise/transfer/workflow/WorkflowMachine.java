package dev.stepwise.transfer.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.json.Json;

/**
 * A Transfer workflow as the engine runs it: a JSONata state machine with a Task per step, in
 * order, each calling this face's own integration ({@code arn:aws:states:::transfer-workflow:copy},
 * {@code …:custom.waitForTaskToken}, …; see {@link StepIntegration}). A step that fails is caught
 * and the exception steps run, one after the other; an exception step that fails ends them. The
 * execution ends in Succeed when every step succeeded, else in Fail (Transfer's COMPLETED and
 * EXCEPTION).
 *
 * <p>The definition holds only the workflow's structure (its steps' types and the custom steps'
 * time-outs); the steps themselves travel in the execution's data ({@link WorkflowState}), so that no
 * text of a user's step is ever read as an expression. Each Task's output is its input with the
 * step's result appended and, when the step made one, its file as the next step's previous file:
 * the data is the whole of what DescribeExecution shows.
 */
public final class WorkflowMachine {
    /** The service name of the face's integration in the Task resources. */
    public static final String SERVICE = "transfer-workflow";
    /**
     * A custom step waits this long for SendWorkflowStepState when its TimeoutSeconds is not set: the
     * longest AWS allows (1800 s); AWS documents the range, not the default.
     */
    public static final int DEFAULT_CUSTOM_TIMEOUT_SECONDS = 1800;

    private static final String COMPLETED = "Completed";
    private static final String ERRORED = "Errored";

    private WorkflowMachine() {}

    /** The definition of a workflow with these steps and exception steps (WorkflowStep shapes). */
    public static String definition(JsonNode steps, JsonNode onExceptionSteps) {
        ObjectNode machine = Json.object();
        machine.put("Comment", "A Transfer Family managed workflow");
        machine.put("QueryLanguage", "JSONata");
        ObjectNode states = Json.object();
        int nominal = steps.size();
        int handlers = onExceptionSteps == null ? 0 : onExceptionSteps.size();
        String firstHandler = handlers == 0 ? ERRORED : name(WorkflowState.EXCEPTION_STEPS, 0);
        machine.put("StartAt", nominal == 0 ? COMPLETED : name(WorkflowState.STEPS, 0));
        for (int i = 0; i < nominal; i++) {
            String next = i + 1 < nominal ? name(WorkflowState.STEPS, i + 1) : COMPLETED;
            states.set(name(WorkflowState.STEPS, i), task(steps.get(i), WorkflowState.STEPS, i, next,
                    WorkflowState.FAILURE, firstHandler));
        }
        for (int j = 0; j < handlers; j++) {
            String next = j + 1 < handlers ? name(WorkflowState.EXCEPTION_STEPS, j + 1) : ERRORED;
            states.set(name(WorkflowState.EXCEPTION_STEPS, j), task(onExceptionSteps.get(j),
                    WorkflowState.EXCEPTION_STEPS, j, next, WorkflowState.EXCEPTION_FAILURE, ERRORED));
        }
        states.putObject(COMPLETED).put("Type", "Succeed");
        ObjectNode errored = states.putObject(ERRORED);
        errored.put("Type", "Fail");
        errored.put("Error", "EXCEPTION");
        errored.put("Cause", "A step of the workflow failed; the exception steps, if any, have run.");
        machine.set("States", states);
        return Json.write(machine);
    }

    /** The Task state's name: "Steps3", "OnExceptionSteps0". */
    static String name(String phase, int index) {
        return phase + index;
    }

    private static ObjectNode task(JsonNode step, String phase, int index, String next, String failureField,
                                   String onFailure) {
        String type = step.path("Type").asText();
        boolean custom = type.equals("CUSTOM");
        ObjectNode task = Json.object();
        task.put("Type", "Task");
        task.put("Resource", "arn:aws:states:::" + SERVICE + ":" + type.toLowerCase(java.util.Locale.ROOT)
                + (custom ? ".waitForTaskToken" : ""));
        ObjectNode arguments = task.putObject("Arguments");
        arguments.put(StepIntegration.PHASE, phase);
        arguments.put(StepIntegration.INDEX, index);
        arguments.put(StepIntegration.STATE, "{% $states.input %}");
        if (custom) {
            arguments.put(StepIntegration.TOKEN, "{% $states.context.Task.Token %}");
            JsonNode timeout = step.path("CustomStepDetails").path("TimeoutSeconds");
            task.put("TimeoutSeconds", timeout.canConvertToInt() ? timeout.asInt() : DEFAULT_CUSTOM_TIMEOUT_SECONDS);
        }
        String results = phase.equals(WorkflowState.STEPS) ? WorkflowState.STEP_RESULTS
                : WorkflowState.EXCEPTION_STEP_RESULTS;
        task.put("Output", "{% $merge([$states.input, {"
                + "'" + WorkflowState.PREVIOUS + "': $exists($states.result." + StepIntegration.FILE + ") ? $states.result."
                + StepIntegration.FILE + " : $states.input." + WorkflowState.PREVIOUS + ", "
                + "'" + results + "': $append($states.input." + results + ", [$states.result."
                + StepIntegration.RESULT + "])}]) %}");
        task.put("Next", next);
        ArrayNode catchers = task.putArray("Catch");
        ObjectNode catcher = catchers.addObject();
        catcher.putArray("ErrorEquals").add("States.ALL");
        catcher.put("Output", "{% $merge([$states.input, {'" + failureField + "': $states.errorOutput}]) %}");
        catcher.put("Next", onFailure);
        return task;
    }
}
