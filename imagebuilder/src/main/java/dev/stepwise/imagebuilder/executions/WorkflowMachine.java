package dev.stepwise.imagebuilder.executions;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.json.Json;
import dev.stepwise.imagebuilder.document.InputValue;
import dev.stepwise.imagebuilder.document.OnFailure;
import dev.stepwise.imagebuilder.document.StepAction;
import dev.stepwise.imagebuilder.document.StepActions;
import dev.stepwise.imagebuilder.document.WorkflowDocument;
import dev.stepwise.imagebuilder.document.WorkflowStep;
import java.util.ArrayList;
import java.util.List;

/**
 * A workflow document as the engine runs it: a JSONata state machine with a Task per step, in
 * order ({@code Step0}, {@code Step1}, …), each carried out by {@link StepIntegration}
 * ({@code arn:aws:states:::imagebuilder-workflow:step}, {@code .sync} for the actions that wait:
 * WaitForAction and ExecuteStateMachine), with the step's time-out. A step's record and outputs
 * are merged into the run's data ({@link RunData}). A failed step is caught: with onFailure
 * Continue the next step runs; with Abort the steps before it that can roll back are rolled back in
 * reverse order ({@code Rollback<i>} Tasks, each caught so a failed rollback does not stop the
 * others), then the run ends in Fail. Which step is skipped, and whether a step rolls back, the
 * integration decides at run time from the data.
 *
 * <p>The definition holds only the document's structure; no text of a user's document is ever
 * read as an expression (step names, which match {@code [A-Za-z][A-Za-z0-9-_]*}, are quoted).
 */
public final class WorkflowMachine {
    /** The service name of the face's integration in the Task resources. */
    public static final String SERVICE = "imagebuilder-workflow";
    static final String INDEX = "Index";
    static final String RUN = "Run";
    static final String COMPLETED = "Completed";
    static final String FAILED = "Failed";
    static final String STEP = "Step";
    static final String ROLLBACK = "Rollback";

    private WorkflowMachine() {}

    /** Whether an action waits for something outside (and so runs as a {@code .sync} task). */
    static boolean waits(String action) {
        return action.equals("WaitForAction") || action.equals("ExecuteStateMachine");
    }

    public static String definition(WorkflowDocument document) {
        List<WorkflowStep> steps = document.steps();
        ObjectNode machine = Json.object();
        machine.put("Comment", "An Image Builder workflow");
        machine.put("QueryLanguage", "JSONata");
        machine.put("StartAt", steps.isEmpty() ? COMPLETED : STEP + 0);
        ObjectNode states = machine.putObject("States");
        // a step's rollback state exists when it may roll back and a later step aborts (else nothing reaches it)
        int lastAborting = -1;
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).onFailure() != OnFailure.CONTINUE) {
                lastAborting = i;
            }
        }
        List<Integer> rollbacks = new ArrayList<>();
        for (int i = 0; i < lastAborting; i++) {
            if (rollsBack(steps.get(i))) {
                rollbacks.add(i);
            }
        }
        for (int i = 0; i < steps.size(); i++) {
            WorkflowStep step = steps.get(i);
            String next = i + 1 < steps.size() ? STEP + (i + 1) : COMPLETED;
            String onFailure = step.onFailure() == OnFailure.CONTINUE ? next : rollbackFrom(rollbacks, i);
            states.set(STEP + i, stepTask(step, i, next, onFailure));
        }
        for (int j : rollbacks) {
            states.set(ROLLBACK + j, rollbackTask(j, rollbackFrom(rollbacks, j)));
        }
        states.putObject(COMPLETED).put("Type", "Succeed");
        states.putObject(FAILED).put("Type", "Fail").put("Error", "Workflow.Failed")
                .put("Cause", "A step of the workflow failed; the steps before it were rolled back.");
        return Json.write(machine);
    }

    /** Whether a step may roll back: its action has a rollback and it does not turn it off. */
    static boolean rollsBack(WorkflowStep step) {
        boolean actionRollsBack = StepActions.find(step.action()).map(StepAction::rollsBack).orElse(false);
        boolean off = step.rollbackEnabled() instanceof InputValue.Literal l && l.value().isBoolean()
                && !l.value().booleanValue();
        return actionRollsBack && !off;
    }

    /** The first state of the rollbacks that follow a failure of step {@code i}: the nearest step before it that rolls back. */
    private static String rollbackFrom(List<Integer> rollbacks, int i) {
        for (int k = rollbacks.size() - 1; k >= 0; k--) {
            if (rollbacks.get(k) < i) {
                return ROLLBACK + rollbacks.get(k);
            }
        }
        return FAILED;
    }

    private static ObjectNode stepTask(WorkflowStep step, int i, String next, String onFailure) {
        ObjectNode task = Json.object();
        task.put("Type", "Task");
        task.put("Resource", "arn:aws:states:::" + SERVICE + ":step" + (waits(step.action()) ? ".sync" : ""));
        task.putObject("Arguments").put(INDEX, i).put(RUN, "{% $states.input %}");
        task.put("TimeoutSeconds", timeoutSeconds(step));
        String key = "'" + i + "'";
        task.put("Output", "{% $merge([$states.input, {'" + RunData.NEXT + "': " + (i + 1) + ", '" + RunData.LAST
                + "': " + i + ", '" + RunData.STEPS + "': $merge([$states.input." + RunData.STEPS + ", {" + key
                + ": $merge([$states.result.step, {'startTime': $states.context.State.EnteredTime}])}]), '"
                + RunData.STEP_OUTPUTS + "': $merge([$states.input." + RunData.STEP_OUTPUTS + ", {'" + step.name()
                + "': $states.result.outputs}])}]) %}");
        task.put("Next", next);
        ArrayNode catchers = task.putArray("Catch");
        ObjectNode c = catchers.addObject();
        c.putArray("ErrorEquals").add("States.ALL");
        boolean aborts = step.onFailure() != OnFailure.CONTINUE;
        c.put("Output", "{% $merge([$states.input, {'" + RunData.NEXT + "': " + (i + 1) + ", '" + RunData.LAST
                + "': " + i + (aborts ? ", '" + RunData.FAILED_AT + "': " + i : "") + ", '" + RunData.STEPS
                + "': $merge([$states.input." + RunData.STEPS + ", {" + key + ": {'status': 'FAILED', 'error': "
                + "$states.errorOutput.Error, 'cause': $states.errorOutput.Cause, 'startTime': "
                + "$states.context.State.EnteredTime}}])}]) %}");
        c.put("Next", onFailure);
        return task;
    }

    private static ObjectNode rollbackTask(int j, String next) {
        ObjectNode task = Json.object();
        task.put("Type", "Task");
        task.put("Resource", "arn:aws:states:::" + SERVICE + ":rollback");
        task.putObject("Arguments").put(INDEX, j).put(RUN, "{% $states.input %}");
        String key = "'" + j + "'";
        String record = "$lookup($states.input." + RunData.STEPS + ", " + key + ")";
        task.put("Output", "{% $merge([$states.input, {'" + RunData.ROLLED_BACK + "': " + j + ", '" + RunData.STEPS
                + "': $merge([$states.input." + RunData.STEPS + ", {" + key + ": $merge([" + record
                + ", $states.result])}])}]) %}");
        task.put("Next", next);
        ObjectNode c = task.putArray("Catch").addObject();
        c.putArray("ErrorEquals").add("States.ALL");
        c.put("Output", "{% $merge([$states.input, {'" + RunData.ROLLED_BACK + "': " + j + ", '" + RunData.STEPS
                + "': $merge([$states.input." + RunData.STEPS + ", {" + key + ": $merge([" + record
                + ", {'rollbackStatus': 'FAILED', 'rollbackMessage': $states.errorOutput.Cause}])}])}]) %}");
        c.put("Next", next);
        return task;
    }

    /** The step's time-out: its own, or its action's default. */
    static long timeoutSeconds(WorkflowStep step) {
        if (step.timeoutSeconds() != null) {
            return step.timeoutSeconds();
        }
        return StepActions.find(step.action()).map(a -> a.defaultTimeout().toSeconds()).orElse(43_200L);
    }
}
