package dev.stepwise.engine.mock;

import dev.stepwise.engine.Command;
import dev.stepwise.engine.Signal;
import dev.stepwise.engine.run.TaskResource;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Carries out an in-process run's tasks from a test case: mocked states answer at once, from the
 * calling thread (so a simulated clock never jumps past an answer still on its way), and the
 * others go to {@code unmocked}.
 */
public final class MockTaskResource implements TaskResource {
    private final MockSession session;
    private final TaskResource unmocked;

    public MockTaskResource(MockSession session, TaskResource unmocked) {
        this.session = session;
        this.unmocked = unmocked;
    }

    /**
     * For runs with nothing real behind them (stepwise test): a state the test case does not mock
     * fails with States.Runtime, saying where to add a mock for it.
     */
    public static MockTaskResource only(MockSession session) {
        return new MockTaskResource(session, (task, signals) -> signals.accept(new Signal.TaskFailed(task.taskId(),
                MockSession.RUNTIME, "The state '" + task.stateName() + "' (resource " + task.resource().text()
                + ") is not mocked and this run calls no real services: map it to a mocked response in "
                + "StateMachines." + session.machineName() + ".TestCases." + session.testCase()
                + " of the mock configuration file.")));
    }

    @Override
    public void start(Command.StartTask task, Consumer<Signal> signals) {
        Optional<List<Signal>> answer = session.answer(task);
        if (answer.isPresent()) {
            answer.get().forEach(signals);
        } else {
            unmocked.start(task, signals);
        }
    }

    @Override
    public void cancel(String taskId) {
        unmocked.cancel(taskId);
    }
}
