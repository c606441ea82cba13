package dev.stepwise.engine.mock;

import dev.stepwise.asl.resource.Arn;
import dev.stepwise.engine.Command;
import dev.stepwise.engine.Signal;
import dev.stepwise.engine.runtime.TaskDispatcher;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Mocked service integrations, as Step Functions Local has them: a task of an execution that runs
 * a test case of the mock configuration ({@link TaskOrigin#mockTestCase()}: started on
 * "stateMachineArn#TestCase", or a child of one) is answered from the configuration when the test
 * case names its state; everything else goes on to {@code unmocked}. Answers are reported at
 * once, from the calling thread, in order (TaskStarted before the end), and depend only on the
 * task (its state and invocation number), so a task offered again after a restart is answered
 * the same way.
 */
public final class MockDispatcher implements TaskDispatcher {
    private final MockConfig config;
    private final TaskDispatcher unmocked;

    public MockDispatcher(MockConfig config, TaskDispatcher unmocked) {
        this.config = config;
        this.unmocked = unmocked;
    }

    /**
     * For runs with nothing real behind them ({@code stepwise test}): a state the test case does
     * not mock fails with States.Runtime, saying where to add a mock for it.
     */
    public static MockDispatcher alone(MockConfig config) {
        return new MockDispatcher(config, (origin, task, report) -> report.accept(new Signal.TaskFailed(
                task.taskId(), MockSession.RUNTIME, "The state '" + task.stateName() + "' (resource "
                + task.resource().text() + ") is not mocked and this run calls no real services: map it to a "
                + "mocked response in StateMachines." + machineName(origin.stateMachineArn()) + ".TestCases."
                + origin.mockTestCase() + " of the mock configuration file.")));
    }

    public MockConfig config() {
        return config;
    }

    @Override
    public void dispatch(TaskOrigin origin, Command.StartTask task, Consumer<Signal> report) {
        Optional<List<Signal>> answer = answer(origin, task);
        if (answer.isPresent()) {
            answer.get().forEach(report);
        } else {
            unmocked.dispatch(origin, task, report);
        }
    }

    @Override
    public void recover(TaskOrigin origin, Recovered task, Consumer<Signal> report) {
        Optional<List<Signal>> answer = answer(origin, task.task());
        if (answer.isPresent()) {
            answer.get().forEach(report); // the same answer again: it depends on the task alone
        } else {
            unmocked.recover(origin, task, report);
        }
    }

    @Override
    public void cancel(String taskId) {
        unmocked.cancel(taskId);
    }

    @Override
    public void release(String taskId) {
        unmocked.release(taskId);
    }

    private Optional<List<Signal>> answer(TaskOrigin origin, Command.StartTask task) {
        if (origin.mockTestCase() == null) {
            return Optional.empty();
        }
        return config.session(machineName(origin.stateMachineArn()), origin.mockTestCase())
                .flatMap(session -> session.answer(task));
    }

    /** The name of the machine arn:…:stateMachine:{name}[:{version or alias}]. */
    public static String machineName(String stateMachineArn) {
        return Arn.parse(stateMachineArn).map(Arn::resourceName).orElse(stateMachineArn);
    }
}
