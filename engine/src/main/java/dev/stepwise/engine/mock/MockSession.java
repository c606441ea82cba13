package dev.stepwise.engine.mock;

import dev.stepwise.asl.resource.TaskResource;
import dev.stepwise.engine.Command;
import dev.stepwise.engine.Signal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One test case of a state machine in use by an execution: which Task states are mocked and with
 * what. Stateless: a task's invocation number (counted by the interpreter, see
 * {@link Command.StartTask#invocation()}) picks its response, so answering the same task twice
 * (offered again after a restart) gives the same answer.
 */
public final class MockSession {
    /** Step Functions Local's words for a test case that maps an activity state. */
    public static final String ACTIVITY_REFUSED = "Activity state cannot be mocked. Please remove mocks mapped for "
            + "all activity state in the mock config file.";
    static final String RUNTIME = "States.Runtime";

    private final String machineName;
    private final String testCase;
    private final Map<String, MockedResponse> states;

    MockSession(String machineName, String testCase, Map<String, MockedResponse> states) {
        this.machineName = machineName;
        this.testCase = testCase;
        this.states = states;
    }

    public String machineName() {
        return machineName;
    }

    public String testCase() {
        return testCase;
    }

    /** Whether the test case mocks the state of that name. */
    public boolean mocks(String stateName) {
        return states.containsKey(stateName);
    }

    /**
     * The signals that carry out {@code task} as its mock says, in order; empty when the test case
     * does not mock its state (it runs for real). A Return is TaskStarted then TaskSucceeded with
     * the value, a Throw is TaskStarted then TaskFailed. An activity state, or an invocation with
     * no response, fails the task with States.Runtime without starting it: no error matched by
     * States.ALL, so Retry and Catch let the execution fail as Step Functions Local's does.
     */
    public Optional<List<Signal>> answer(Command.StartTask task) {
        MockedResponse response = states.get(task.stateName());
        if (response == null) {
            return Optional.empty();
        }
        String id = task.taskId();
        if (task.resource() instanceof TaskResource.Activity) {
            return Optional.of(List.of(new Signal.TaskFailed(id, RUNTIME, ACTIVITY_REFUSED)));
        }
        Optional<MockOutcome> outcome = response.at(task.invocation());
        if (outcome.isEmpty()) {
            return Optional.of(List.of(new Signal.TaskFailed(id, RUNTIME, "The mocked response '" + response.name()
                    + "' has no entry for invocation " + task.invocation() + " of state '" + task.stateName()
                    + "' (test case '" + testCase + "' of state machine '" + machineName + "'); its keys are: "
                    + response.keys() + ". Invocations count from 0, retries included.")));
        }
        Signal end = switch (outcome.get()) {
            case MockOutcome.Return r -> new Signal.TaskSucceeded(id, r.value());
            case MockOutcome.Throw t -> new Signal.TaskFailed(id, t.error(), t.cause());
        };
        return Optional.of(List.of(new Signal.TaskStarted(id, null), end));
    }
}
