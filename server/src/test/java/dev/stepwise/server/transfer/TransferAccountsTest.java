package dev.stepwise.server.transfer;

import static dev.stepwise.server.transfer.TransferAsserts.expectError;
import static dev.stepwise.server.transfer.TransferAsserts.expectNotFound;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.server.api.ServerFixture;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.transfer.TransferClient;
import software.amazon.awssdk.services.transfer.model.ListedServer;
import software.amazon.awssdk.services.transfer.model.ListedWorkflow;
import software.amazon.awssdk.services.transfer.model.Tag;
import software.amazon.awssdk.services.transfer.model.WorkflowDetail;

/**
 * Accounts and regions are kept apart, as on AWS: a Transfer request acts in its access key's
 * account and its credential scope's region, and another account's or region's servers, users,
 * host keys and workflows are not found, listed, changed or used.
 */
class TransferAccountsTest {
    private static final String ALICE = "111111111111";
    private static final String BOB = "222222222222";

    private static ServerFixture fixture;
    private static TransferClient alice;
    private static TransferClient bob;
    private static TransferClient aliceInOregon;

    @BeforeAll
    static void start() throws IOException {
        fixture = new ServerFixture(config -> config.withAccessKeyAccounts(Map.of("ALICEKEY", ALICE, "BOBKEY", BOB)));
        alice = fixture.transfer("ALICEKEY", Region.US_EAST_1);
        bob = fixture.transfer("BOBKEY", Region.US_EAST_1);
        aliceInOregon = fixture.transfer("ALICEKEY", Region.US_WEST_2);
    }

    @AfterAll
    static void stop() throws IOException {
        fixture.close();
    }

    private static String role(String account) {
        return "arn:aws:iam::" + account + ":role/transfer";
    }

    @Test
    void aServerLivesInItsAccountAndRegionOnly() {
        String id = alice.createServer(r -> { }).serverId();
        assertThat(alice.describeServer(r -> r.serverId(id)).server().arn())
                .isEqualTo("arn:aws:transfer:us-east-1:" + ALICE + ":server/" + id);
        for (TransferClient other : new TransferClient[] {bob, aliceInOregon}) {
            expectNotFound(() -> other.describeServer(r -> r.serverId(id)), "Unknown server", id, "Server");
            expectNotFound(() -> other.stopServer(r -> r.serverId(id)), "Unknown server", id, "Server");
            expectNotFound(() -> other.deleteServer(r -> r.serverId(id)), "Unknown server", id, "Server");
            expectNotFound(() -> other.createUser(r -> r.serverId(id).userName("mallory").role(role(BOB))),
                    "Unknown server", id, "Server");
            expectNotFound(() -> other.listHostKeys(r -> r.serverId(id)), "Unknown server", id, "Server");
            assertThat(other.listServersPaginator(r -> { }).servers().stream().map(ListedServer::serverId))
                    .doesNotContain(id);
        }
        assertThat(alice.describeServer(r -> r.serverId(id)).server().state().toString()).isEqualTo("ONLINE");
    }

    @Test
    void usersAndTheirKeysAreTheServerAccountsOnly() {
        String id = alice.createServer(r -> { }).serverId();
        alice.createUser(r -> r.serverId(id).userName("carol").role(role(ALICE)));
        expectNotFound(() -> bob.describeUser(r -> r.serverId(id).userName("carol")), "Unknown server", id, "Server");
        expectNotFound(() -> bob.deleteUser(r -> r.serverId(id).userName("carol")), "Unknown server", id, "Server");
        assertThat(alice.describeUser(r -> r.serverId(id).userName("carol")).user().arn())
                .isEqualTo("arn:aws:transfer:us-east-1:" + ALICE + ":user/" + id + "/carol");
    }

    @Test
    void aWorkflowIsUsedAndSeenInItsAccountOnly() {
        String wf = alice.createWorkflow(r -> r.steps(s -> s.type("DELETE").deleteStepDetails(d -> d.name("d"))))
                .workflowId();
        expectNotFound(() -> bob.describeWorkflow(r -> r.workflowId(wf)), "Unknown workflow", wf, "Workflow");
        expectNotFound(() -> bob.deleteWorkflow(r -> r.workflowId(wf)), "Unknown workflow", wf, "Workflow");
        expectNotFound(() -> bob.createServer(r -> r.workflowDetails(w -> w.onUpload(WorkflowDetail.builder()
                .workflowId(wf).executionRole(role(BOB)).build()))), "Unknown workflow", wf, "Workflow");
        assertThat(bob.listWorkflowsPaginator(r -> { }).workflows().stream().map(ListedWorkflow::workflowId))
                .doesNotContain(wf);
        assertThat(alice.listWorkflowsPaginator(r -> { }).workflows().stream().map(ListedWorkflow::workflowId))
                .contains(wf);
    }

    @Test
    void anotherAccountsArnIsNotFoundForTags() {
        String id = alice.createServer(r -> { }).serverId();
        String arn = alice.describeServer(r -> r.serverId(id)).server().arn();
        Tag tag = Tag.builder().key("owner").value("bob").build();
        expectNotFound(() -> bob.tagResource(r -> r.arn(arn).tags(tag)), "Unknown server", arn, "Server");
        expectNotFound(() -> bob.untagResource(r -> r.arn(arn).tagKeys("owner")), "Unknown server", arn, "Server");
        expectError(() -> bob.listTagsForResource(r -> r.arn(arn)), "InvalidRequestException",
                "Unknown resource: " + arn);
        assertThat(alice.listTagsForResource(r -> r.arn(arn)).tags()).isEmpty();
    }

    @Test
    void aPageTokenIsGoodForItsOwnAccountOnly() {
        for (int i = 0; i < 2; i++) {
            alice.createServer(r -> { });
        }
        String token = alice.listServers(r -> r.maxResults(1)).nextToken();
        assertThat(token).isNotNull();
        expectError(() -> bob.listServers(r -> r.nextToken(token)), "InvalidNextTokenException", "Invalid next token");
    }
}
