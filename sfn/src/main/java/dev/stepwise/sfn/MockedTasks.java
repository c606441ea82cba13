package dev.stepwise.sfn;

import dev.stepwise.asl.resource.Arn;
import dev.stepwise.engine.Command;
import dev.stepwise.engine.Signal;
import dev.stepwise.engine.mock.MockConfig;
import dev.stepwise.engine.runtime.ExecutionRuntime;
import dev.stepwise.engine.store.ExecutionRecord;
import dev.stepwise.engine.store.ExecutionLog;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Mocked service integrations on the server, as Step Functions Local has them: an execution
 * started on "stateMachineArn#TestCase" has the Task states its test case names answered from the
 * mock configuration; its other states go on to their real dispatch.
 *
 * <p>The test case is read from the execution's stored record (it is written with the execution,
 * before any task is dispatched), so it holds after a restart; a distributed Map run's child
 * executions use their parent's. Answers depend only on the task (its state and invocation
 * number), so a task offered again after a restart is answered the same way.
 */
public final class MockedTasks {
    private final MockConfig config;
    private final ExecutionLog store;
    private final ExecutionRuntime runtime;

    public MockedTasks(MockConfig config, ExecutionLog store, ExecutionRuntime runtime) {
        this.config = config;
        this.store = store;
        this.runtime = runtime;
    }

    /**
     * Answers {@code task} from its execution's test case and returns true, or returns false when
     * the execution runs no test case or the test case does not mock the task's state.
     */
    boolean intercept(String executionArn, Command.StartTask task) {
        Optional<ExecutionRecord> record = store.execution(executionArn);
        if (record.isEmpty()) {
            return false;
        }
        String testCase = record.get().mockTestCase();
        if (testCase == null && record.get().parentArn() != null) {
            testCase = store.execution(record.get().parentArn()).map(ExecutionRecord::mockTestCase).orElse(null);
        }
        if (testCase == null) {
            return false;
        }
        Optional<List<Signal>> answer = config.session(machineName(record.get().stateMachineArn()), testCase)
                .flatMap(session -> session.answer(task));
        if (answer.isEmpty()) {
            return false;
        }
        // one after the other: TaskStarted must be recorded before the task's end
        CompletableFuture<Boolean> chain = CompletableFuture.completedFuture(true);
        for (Signal signal : answer.get()) {
            chain = chain.thenCompose(ignored -> runtime.deliver(executionArn, signal));
        }
        return true;
    }

    /** Whether the configuration defines {@code testCase} for the machine. */
    boolean defines(String machineName, String testCase) {
        return config.session(machineName, testCase).isPresent();
    }

    /** The message for a test case the configuration does not define. */
    String undefined(String machineName, String testCase) {
        List<String> cases = config.testCaseNames(machineName);
        return "Test case '" + testCase + "' is not defined for state machine '" + machineName
                + "' in the mock configuration file " + config.source() + (cases.isEmpty()
                ? " (it defines no test cases for that state machine)"
                : " (it defines " + String.join(", ", cases) + ")");
    }

    /** The name in arn:…:stateMachine:{name}[:{version or alias}] (the text itself when it is no such ARN). */
    static String machineName(String stateMachineArn) {
        return Arn.parse(stateMachineArn).map(Arn::resourceName).orElse(stateMachineArn);
    }
}
