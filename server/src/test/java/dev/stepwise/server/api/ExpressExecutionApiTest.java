package dev.stepwise.server.api;

import static dev.stepwise.server.api.ApiErrors.expectError;
import static dev.stepwise.server.api.Defs.PASS;
import static dev.stepwise.server.api.ServerFixture.ROLE;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sfn.model.StartSyncExecutionResponse;
import software.amazon.awssdk.services.sfn.model.StateMachineType;
import software.amazon.awssdk.services.sfn.model.SyncExecutionStatus;

/** EXPRESS executions started synchronously: StartSyncExecution answers with how the execution ended. */
class ExpressExecutionApiTest {
    private static final String FAILS = """
            {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Broken", "Cause": "on purpose"}}}""";

    @RegisterExtension
    static final ServerExtension server = new ServerExtension(() -> new ServerFixture());

    private static String express(String name, String definition) {
        return server.sfn().createStateMachine(r -> r.name(name).definition(definition).roleArn(ROLE)
                .type(StateMachineType.EXPRESS)).stateMachineArn();
    }

    @Test
    @Covers("StartSyncExecution")
    void startSyncAnswersWithTheOutcome() {
        String m = express("sync-pass", Defs.PASS_RESULT);
        StartSyncExecutionResponse done = server.sfn().startSyncExecution(r -> r.stateMachineArn(m).name("one").input("{\"a\": 1}"));
        assertThat(done.status()).isEqualTo(SyncExecutionStatus.SUCCEEDED);
        assertThat(done.output()).isEqualTo("{\"done\":true}");
        assertThat(done.input()).isEqualTo("{\"a\": 1}");
        assertThat(done.name()).isEqualTo("one");
        assertThat(done.stateMachineArn()).isEqualTo(m);
        // express execution ARNs carry the name and a unique suffix
        assertThat(done.executionArn()).startsWith(Defs.ARN_PREFIX + "express:sync-pass:one:");
        assertThat(done.stopDate()).isAfterOrEqualTo(done.startDate());
        assertThat(done.billingDetails().billedDurationInMilliseconds()).isGreaterThanOrEqualTo(100);

        // not idempotent: the same name runs again as a new execution
        StartSyncExecutionResponse again = server.sfn().startSyncExecution(r -> r.stateMachineArn(m).name("one").input("{\"a\": 1}"));
        assertThat(again.executionArn()).isNotEqualTo(done.executionArn());

        String failing = express("sync-fail", FAILS);
        StartSyncExecutionResponse failed = server.sfn().startSyncExecution(r -> r.stateMachineArn(failing));
        assertThat(failed.status()).isEqualTo(SyncExecutionStatus.FAILED);
        assertThat(failed.error()).isEqualTo("Broken");
        assertThat(failed.cause()).isEqualTo("on purpose");
        assertThat(failed.output()).isNull();
    }

    @Test
    @Covers("StartSyncExecution")
    void startSyncRefusesStandardMachinesAndBadInput() {
        String standard = server.sfn().createStateMachine(r -> r.name("sync-standard").definition(PASS).roleArn(ROLE))
                .stateMachineArn();
        expectError(() -> server.sfn().startSyncExecution(r -> r.stateMachineArn(standard)), "StateMachineTypeNotSupported",
                "This operation is not supported by this type of state machine");
        // nothing was started on the standard machine
        assertThat(server.sfn().listExecutions(r -> r.stateMachineArn(standard)).executions()).isEmpty();

        String m = express("sync-input", PASS);
        expectError(() -> server.sfn().startSyncExecution(r -> r.stateMachineArn(m).input("{not json")),
                "InvalidExecutionInput", null);
        expectError(() -> server.sfn().startSyncExecution(r -> r.stateMachineArn(Defs.ARN_PREFIX + "stateMachine:absent")),
                "StateMachineDoesNotExist", "State Machine Does Not Exist: '" + Defs.ARN_PREFIX + "stateMachine:absent'");
    }
}
