package dev.stepwise.server.api;

import static dev.stepwise.server.api.ApiErrors.expectError;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.GetActivityTaskResponse;

/**
 * Accounts and regions are kept apart, as on AWS: a request acts in the account its access key is
 * configured for (else the server's) and in the region of its credential scope, and nothing of
 * one account and region is visible, startable, stoppable or answerable from another; its ARNs
 * are not found there.
 */
class AccountsAndRegionsTest {
    private static final String ALICE = "111111111111";
    private static final String BOB = "222222222222";
    private static final String PASS = "{\"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Pass\", \"End\": true}}}";

    private static ServerFixture fixture;
    private static SfnClient alice;
    private static SfnClient bob;
    private static SfnClient aliceInOregon;

    @BeforeAll
    static void start() throws IOException {
        fixture = new ServerFixture(config -> config.withAccessKeyAccounts(Map.of("ALICEKEY", ALICE, "BOBKEY", BOB)));
        alice = fixture.client("ALICEKEY", Region.US_EAST_1);
        bob = fixture.client("BOBKEY", Region.US_EAST_1);
        aliceInOregon = fixture.client("ALICEKEY", Region.US_WEST_2);
    }

    @AfterAll
    static void stop() throws IOException {
        fixture.close();
    }

    private static String role(String account) {
        return "arn:aws:iam::" + account + ":role/test";
    }

    @Test
    void aRequestActsInItsAccessKeysAccountAndItsCredentialScopesRegion() {
        assertThat(alice.createStateMachine(r -> r.name("where").definition(PASS).roleArn(role(ALICE)))
                .stateMachineArn()).isEqualTo("arn:aws:states:us-east-1:" + ALICE + ":stateMachine:where");
        assertThat(aliceInOregon.createActivity(r -> r.name("where-oregon")).activityArn())
                .isEqualTo("arn:aws:states:us-west-2:" + ALICE + ":activity:where-oregon");
        // a key no account is configured for acts in the server's default account
        assertThat(fixture.sfn().createActivity(r -> r.name("where-default")).activityArn())
                .isEqualTo("arn:aws:states:us-east-1:123456789012:activity:where-default");
    }

    @Test
    void theSameNameLivesOnceInEachAccountAndRegion() {
        String inAlice = alice.createStateMachine(r -> r.name("same").definition(PASS).roleArn(role(ALICE)))
                .stateMachineArn();
        String inBob = bob.createStateMachine(r -> r.name("same").definition(PASS).roleArn(role(BOB)))
                .stateMachineArn();
        String inOregon = aliceInOregon.createStateMachine(r -> r.name("same").definition(PASS).roleArn(role(ALICE)))
                .stateMachineArn();
        assertThat(java.util.Set.of(inAlice, inBob, inOregon)).hasSize(3);
        for (SfnClient client : new SfnClient[] {alice, bob, aliceInOregon}) {
            String name = "same-activity";
            client.createActivity(r -> r.name(name));
            assertThat(client.listStateMachinesPaginator(r -> { }).stateMachines())
                    .filteredOn(m -> m.name().equals("same")).hasSize(1);
            assertThat(client.listActivitiesPaginator(r -> { }).activities())
                    .filteredOn(a -> a.name().equals(name)).hasSize(1);
        }
        String execution = bob.startExecution(r -> r.stateMachineArn(inBob).name("run")).executionArn();
        assertThat(alice.startExecution(r -> r.stateMachineArn(inAlice).name("run")).executionArn())
                .isNotEqualTo(execution);
        assertThat(bob.describeExecution(r -> r.executionArn(execution)).stateMachineArn()).isEqualTo(inBob);
    }

    @Test
    void anotherAccountsStateMachineIsNotFoundListedStartedOrDeleted() {
        String arn = alice.createStateMachine(r -> r.name("alices").definition(PASS).roleArn(role(ALICE)))
                .stateMachineArn();
        String notFound = "State Machine Does Not Exist: '" + arn + "'";
        for (SfnClient other : new SfnClient[] {bob, aliceInOregon}) {
            expectError(() -> other.describeStateMachine(r -> r.stateMachineArn(arn)), "StateMachineDoesNotExist",
                    notFound);
            expectError(() -> other.startExecution(r -> r.stateMachineArn(arn)), "StateMachineDoesNotExist", notFound);
            expectError(() -> other.updateStateMachine(r -> r.stateMachineArn(arn).definition(PASS)),
                    "StateMachineDoesNotExist", notFound);
            expectError(() -> other.publishStateMachineVersion(r -> r.stateMachineArn(arn)),
                    "StateMachineDoesNotExist", notFound);
            expectError(() -> other.listExecutions(r -> r.stateMachineArn(arn)), "StateMachineDoesNotExist", notFound);
            expectError(() -> other.listTagsForResource(r -> r.resourceArn(arn)), "ResourceNotFound", null);
            assertThat(other.listStateMachinesPaginator(r -> { }).stateMachines())
                    .noneMatch(m -> m.stateMachineArn().equals(arn));
            // deleting what the caller does not have succeeds, as for a machine that does not exist
            other.deleteStateMachine(r -> r.stateMachineArn(arn));
        }
        assertThat(alice.describeStateMachine(r -> r.stateMachineArn(arn)).name()).isEqualTo("alices");
        assertThat(alice.listStateMachinesPaginator(r -> { }).stateMachines())
                .anyMatch(m -> m.stateMachineArn().equals(arn));
    }

    @Test
    void anotherAccountsExecutionIsNotFoundStoppedOrRedriven() {
        String machine = alice.createStateMachine(r -> r.name("waits").roleArn(role(ALICE)).definition(
                "{\"StartAt\": \"W\", \"States\": {\"W\": {\"Type\": \"Wait\", \"Seconds\": 3600, \"End\": true}}}"))
                .stateMachineArn();
        String execution = alice.startExecution(r -> r.stateMachineArn(machine).name("e1")).executionArn();
        String notFound = "Execution Does Not Exist: '" + execution + "'";
        for (SfnClient other : new SfnClient[] {bob, aliceInOregon}) {
            expectError(() -> other.describeExecution(r -> r.executionArn(execution)), "ExecutionDoesNotExist",
                    notFound);
            expectError(() -> other.stopExecution(r -> r.executionArn(execution)), "ExecutionDoesNotExist", notFound);
            expectError(() -> other.getExecutionHistory(r -> r.executionArn(execution)), "ExecutionDoesNotExist",
                    notFound);
            expectError(() -> other.redriveExecution(r -> r.executionArn(execution)), "ExecutionDoesNotExist",
                    notFound);
            expectError(() -> other.describeStateMachineForExecution(r -> r.executionArn(execution)),
                    "ExecutionDoesNotExist", notFound);
        }
        assertThat(alice.describeExecution(r -> r.executionArn(execution)).status()).isEqualTo(ExecutionStatus.RUNNING);
        alice.stopExecution(r -> r.executionArn(execution));
        assertThat(alice.describeExecution(r -> r.executionArn(execution)).status()).isEqualTo(ExecutionStatus.ABORTED);
    }

    @Test
    void anotherAccountsActivityAndTaskTokensAreNotAnswerable() {
        String activity = alice.createActivity(r -> r.name("work")).activityArn();
        String machine = alice.createStateMachine(r -> r.name("works").roleArn(role(ALICE)).definition(
                "{\"StartAt\": \"T\", \"States\": {\"T\": {\"Type\": \"Task\", \"Resource\": \"" + activity
                        + "\", \"End\": true}}}")).stateMachineArn();
        String execution = alice.startExecution(r -> r.stateMachineArn(machine)).executionArn();
        for (SfnClient other : new SfnClient[] {bob, aliceInOregon}) {
            expectError(() -> other.getActivityTask(r -> r.activityArn(activity)), "ActivityDoesNotExist",
                    "Activity Does Not Exist: '" + activity + "'");
            expectError(() -> other.describeActivity(r -> r.activityArn(activity)), "ActivityDoesNotExist", null);
            assertThat(other.listActivitiesPaginator(r -> { }).activities())
                    .noneMatch(a -> a.activityArn().equals(activity));
        }
        GetActivityTaskResponse task = alice.getActivityTask(r -> r.activityArn(activity).workerName("w"));
        for (SfnClient other : new SfnClient[] {bob, aliceInOregon}) {
            expectError(() -> other.sendTaskSuccess(r -> r.taskToken(task.taskToken()).output("{}")), "InvalidToken",
                    "Invalid Token: 'Invalid token'");
            expectError(() -> other.sendTaskHeartbeat(r -> r.taskToken(task.taskToken())), "InvalidToken", null);
            expectError(() -> other.sendTaskFailure(r -> r.taskToken(task.taskToken())), "InvalidToken", null);
        }
        alice.sendTaskSuccess(r -> r.taskToken(task.taskToken()).output("{\"done\": true}"));
        assertThat(alice.describeExecution(r -> r.executionArn(execution)).output()).isEqualTo("{\"done\":true}");
    }

    @Test
    void aPaginationTokenIsTheAccountsAndRegionsOnly() {
        for (int i = 0; i < 3; i++) {
            String name = "paged-" + i;
            alice.createActivity(r -> r.name(name));
        }
        String token = alice.listActivities(r -> r.maxResults(1)).nextToken();
        assertThat(token).isNotNull();
        for (SfnClient other : new SfnClient[] {bob, aliceInOregon}) {
            expectError(() -> other.listActivities(r -> r.nextToken(token)), "InvalidToken",
                    "Invalid Token: 'Invalid token'");
        }
        assertThat(alice.listActivities(r -> r.nextToken(token)).activities()).isNotEmpty();
    }
}
