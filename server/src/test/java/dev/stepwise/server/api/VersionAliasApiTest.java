package dev.stepwise.server.api;

import static dev.stepwise.server.api.ApiErrors.expectError;
import static dev.stepwise.server.api.Defs.ARN_PREFIX;
import static dev.stepwise.server.api.Defs.PASS;
import static dev.stepwise.server.api.ServerFixture.ROLE;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.CreateStateMachineAliasResponse;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.DescribeStateMachineAliasResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.ListStateMachineAliasesResponse;
import software.amazon.awssdk.services.sfn.model.ListStateMachineVersionsResponse;
import software.amazon.awssdk.services.sfn.model.PublishStateMachineVersionResponse;
import software.amazon.awssdk.services.sfn.model.RoutingConfigurationListItem;
import software.amazon.awssdk.services.sfn.model.StateMachineAliasListItem;
import software.amazon.awssdk.services.sfn.model.StateMachineVersionListItem;

/** Versions (publish, list, delete) and aliases (create, describe, update, delete, list), and executions of both. */
class VersionAliasApiTest {
    private static ServerFixture fixture;
    private static SfnClient sfn;

    @BeforeAll
    static void start() throws IOException {
        fixture = new ServerFixture();
        sfn = fixture.sfn();
    }

    @AfterAll
    static void stop() throws IOException {
        fixture.close();
    }

    private static String machine(String name) {
        return sfn.createStateMachine(r -> r.name(name).definition(result("v0")).roleArn(ROLE)).stateMachineArn();
    }

    /** A Pass machine whose output names its revision. */
    private static String result(String tag) {
        return "{\"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Pass\", \"Result\": \"" + tag
                + "\", \"End\": true}}}";
    }

    private static RoutingConfigurationListItem route(String versionArn, int weight) {
        return RoutingConfigurationListItem.builder().stateMachineVersionArn(versionArn).weight(weight).build();
    }

    @Test
    @Covers({"PublishStateMachineVersion", "ListStateMachineVersions", "DescribeStateMachine", "UpdateStateMachine"})
    void publishNumbersVersionsAndIsIdempotentForAnUnchangedRevision() {
        String m = machine("published");
        PublishStateMachineVersionResponse v1 = sfn.publishStateMachineVersion(r -> r.stateMachineArn(m)
                .description("one"));
        assertThat(v1.stateMachineVersionArn()).isEqualTo(m + ":1");
        assertThat(v1.creationDate()).isNotNull();
        // nothing changed: the same version again
        PublishStateMachineVersionResponse same = sfn.publishStateMachineVersion(r -> r.stateMachineArn(m));
        assertThat(same.stateMachineVersionArn()).isEqualTo(v1.stateMachineVersionArn());
        assertThat(same.creationDate()).isEqualTo(v1.creationDate());

        String revision = sfn.updateStateMachine(r -> r.stateMachineArn(m).definition(result("v2"))).revisionId();
        PublishStateMachineVersionResponse v2 = sfn.publishStateMachineVersion(r -> r.stateMachineArn(m)
                .revisionId(revision).description("two"));
        assertThat(v2.stateMachineVersionArn()).isEqualTo(m + ":2");

        assertThat(sfn.listStateMachineVersions(r -> r.stateMachineArn(m)).stateMachineVersions())
                .extracting(StateMachineVersionListItem::stateMachineVersionArn)
                .containsExactly(m + ":2", m + ":1");
        assertThat(sfn.describeStateMachine(r -> r.stateMachineArn(m + ":1")).definition()).isEqualTo(result("v0"));
        assertThat(sfn.describeStateMachine(r -> r.stateMachineArn(m + ":1")).description()).isEqualTo("one");
        assertThat(sfn.describeStateMachine(r -> r.stateMachineArn(m + ":2")).definition()).isEqualTo(result("v2"));
        assertThat(sfn.describeStateMachine(r -> r.stateMachineArn(m + ":2")).revisionId()).isEqualTo(revision);
    }

    @Test
    @Covers("PublishStateMachineVersion")
    void publishErrors() {
        String m = machine("publish-errors");
        String r1 = sfn.updateStateMachine(r -> r.stateMachineArn(m).definition(result("r1"))).revisionId();
        String r2 = sfn.updateStateMachine(r -> r.stateMachineArn(m).definition(result("r2"))).revisionId();
        expectError(() -> sfn.publishStateMachineVersion(r -> r.stateMachineArn(m).revisionId(r1)), "ConflictException",
                "Failed to publish the State Machine version for revision " + r1
                        + ". The current State Machine revision is " + r2 + ".");
        expectError(() -> sfn.publishStateMachineVersion(r -> r.stateMachineArn("invalid_arn")), "InvalidArn",
                "Invalid Arn: 'Invalid ARN prefix: invalid_arn'");
        String missing = ARN_PREFIX + "stateMachine:no-machine";
        expectError(() -> sfn.publishStateMachineVersion(r -> r.stateMachineArn(missing)), "StateMachineDoesNotExist",
                "State Machine Does Not Exist: '" + missing + "'");
        assertThat(sfn.listStateMachineVersions(r -> r.stateMachineArn(m)).stateMachineVersions()).isEmpty();
    }

    @Test
    @Covers({"ListStateMachineVersions", "DeleteStateMachineVersion", "PublishStateMachineVersion"})
    void versionsPageNewestFirstAndDeletedNumbersAreNotReused() {
        String m = machine("many-versions");
        for (int i = 1; i <= 5; i++) {
            String tag = "v" + i;
            sfn.updateStateMachine(r -> r.stateMachineArn(m).definition(result(tag)).publish(true));
        }
        List<String> seen = new ArrayList<>();
        String token = null;
        do {
            String t = token;
            ListStateMachineVersionsResponse page = sfn.listStateMachineVersions(r -> r.stateMachineArn(m)
                    .maxResults(2).nextToken(t));
            page.stateMachineVersions().forEach(v -> seen.add(v.stateMachineVersionArn()));
            token = page.nextToken();
        } while (token != null);
        assertThat(seen).containsExactly(m + ":5", m + ":4", m + ":3", m + ":2", m + ":1");

        sfn.deleteStateMachineVersion(r -> r.stateMachineVersionArn(m + ":5"));
        sfn.deleteStateMachineVersion(r -> r.stateMachineVersionArn(m + ":3"));
        // deleting it again succeeds
        sfn.deleteStateMachineVersion(r -> r.stateMachineVersionArn(m + ":3"));
        assertThat(sfn.listStateMachineVersions(r -> r.stateMachineArn(m)).stateMachineVersions())
                .extracting(StateMachineVersionListItem::stateMachineVersionArn)
                .containsExactly(m + ":4", m + ":2", m + ":1");
        expectError(() -> sfn.describeStateMachine(r -> r.stateMachineArn(m + ":5")), "StateMachineDoesNotExist",
                "State Machine Does Not Exist: '" + m + ":5'");

        sfn.updateStateMachine(r -> r.stateMachineArn(m).definition(result("v6")));
        assertThat(sfn.publishStateMachineVersion(r -> r.stateMachineArn(m)).stateMachineVersionArn())
                .isEqualTo(m + ":6");

        expectError(() -> sfn.listStateMachineVersions(r -> r.stateMachineArn(m).maxResults(1001)),
                "ValidationException", "1 validation error detected: Value '1001' at 'maxResults' failed to satisfy "
                        + "constraint: Member must have value less than or equal to 1000");
    }

    @Test
    @Covers({"CreateStateMachineAlias", "DescribeStateMachineAlias", "UpdateStateMachineAlias",
            "ListStateMachineAliases", "DeleteStateMachineAlias"})
    void aliasLifecycle() {
        String m = machine("aliased");
        String v1 = sfn.publishStateMachineVersion(r -> r.stateMachineArn(m)).stateMachineVersionArn();
        sfn.updateStateMachine(r -> r.stateMachineArn(m).definition(result("v2")));
        String v2 = sfn.publishStateMachineVersion(r -> r.stateMachineArn(m)).stateMachineVersionArn();

        CreateStateMachineAliasResponse created = sfn.createStateMachineAlias(r -> r.name("PROD")
                .description("production").routingConfiguration(route(v1, 100)));
        String alias = created.stateMachineAliasArn();
        assertThat(alias).isEqualTo(m + ":PROD");
        // the same alias again is idempotent
        assertThat(sfn.createStateMachineAlias(r -> r.name("PROD").description("production")
                .routingConfiguration(route(v1, 100))).creationDate()).isEqualTo(created.creationDate());

        DescribeStateMachineAliasResponse d = sfn.describeStateMachineAlias(r -> r.stateMachineAliasArn(alias));
        assertThat(d.name()).isEqualTo("PROD");
        assertThat(d.description()).isEqualTo("production");
        assertThat(d.routingConfiguration()).containsExactly(route(v1, 100));
        assertThat(d.creationDate()).isEqualTo(created.creationDate());

        sfn.updateStateMachineAlias(r -> r.stateMachineAliasArn(alias).routingConfiguration(route(v1, 30),
                route(v2, 70)));
        DescribeStateMachineAliasResponse updated = sfn.describeStateMachineAlias(r -> r.stateMachineAliasArn(alias));
        assertThat(updated.routingConfiguration()).containsExactly(route(v1, 30), route(v2, 70));
        assertThat(updated.description()).isEqualTo("production");
        assertThat(updated.updateDate()).isAfterOrEqualTo(updated.creationDate());

        sfn.createStateMachineAlias(r -> r.name("TEST").routingConfiguration(route(v2, 100)));
        assertThat(sfn.listStateMachineAliases(r -> r.stateMachineArn(m)).stateMachineAliases())
                .extracting(StateMachineAliasListItem::stateMachineAliasArn)
                .containsExactlyInAnyOrder(m + ":PROD", m + ":TEST");
        Set<String> paged = new HashSet<>();
        String token = null;
        do {
            String t = token;
            ListStateMachineAliasesResponse page = sfn.listStateMachineAliases(r -> r.stateMachineArn(m).maxResults(1)
                    .nextToken(t));
            assertThat(page.stateMachineAliases()).hasSizeLessThanOrEqualTo(1);
            page.stateMachineAliases().forEach(a -> assertThat(paged.add(a.stateMachineAliasArn())).isTrue());
            token = page.nextToken();
        } while (token != null);
        assertThat(paged).containsExactlyInAnyOrder(m + ":PROD", m + ":TEST");

        sfn.deleteStateMachineAlias(r -> r.stateMachineAliasArn(alias));
        expectError(() -> sfn.describeStateMachineAlias(r -> r.stateMachineAliasArn(alias)), "ResourceNotFound",
                "Request references a resource that does not exist.");
        assertThat(sfn.listStateMachineAliases(r -> r.stateMachineArn(m)).stateMachineAliases())
                .extracting(StateMachineAliasListItem::stateMachineAliasArn).containsExactly(m + ":TEST");
    }

    @Test
    @Covers({"CreateStateMachineAlias", "UpdateStateMachineAlias", "DeleteStateMachineVersion"})
    void aliasErrors() {
        String m = machine("alias-errors");
        String v1 = sfn.publishStateMachineVersion(r -> r.stateMachineArn(m)).stateMachineVersionArn();
        sfn.createStateMachineAlias(r -> r.name("LIVE").routingConfiguration(route(v1, 100)));

        expectError(() -> sfn.createStateMachineAlias(r -> r.name("LIVE").description("other")
                        .routingConfiguration(route(v1, 100))), "ConflictException",
                "Failed to create alias because an alias with the same name and a different routing configuration "
                        + "already exists.");
        expectError(() -> sfn.deleteStateMachineVersion(r -> r.stateMachineVersionArn(v1)), "ConflictException",
                "Version to be deleted must not be referenced by an alias. Current list of aliases referencing this "
                        + "version: [LIVE]");
        for (String bad : List.of("123", "INVALID ALIAS", "!INVALID", "ALIAS@")) {
            expectError(() -> sfn.createStateMachineAlias(r -> r.name(bad).routingConfiguration(route(v1, 100))),
                    "ValidationException", "1 validation error detected: Value '" + bad + "' at 'name' failed to "
                            + "satisfy constraint: Member must satisfy regular expression pattern: "
                            + "^(?=.*[a-zA-Z_\\-\\.])[a-zA-Z0-9_\\-\\.]+$");
        }
        expectError(() -> sfn.createStateMachineAlias(r -> r.name("BARE").routingConfiguration(route(m, 100))),
                "ValidationException", "Routing configuration must contain state machine version ARNs. Received: ["
                        + m + "]");
        String gone = m + ":GONE";
        expectError(() -> sfn.updateStateMachineAlias(r -> r.stateMachineAliasArn(gone).description("x")),
                "ResourceNotFound", "Request references a resource that does not exist.");
        expectError(() -> sfn.createStateMachineAlias(r -> r.name("MISSING").routingConfiguration(route(m + ":99",
                100))), "ResourceNotFound", "Request references a resource that does not exist.");
        // (no recording of AWS's wording for a weight sum other than 100: the code only)
        expectError(() -> sfn.createStateMachineAlias(r -> r.name("HALF").routingConfiguration(route(v1, 50))),
                "ValidationException", null);
        assertThat(sfn.listStateMachineAliases(r -> r.stateMachineArn(m)).stateMachineAliases()).hasSize(1);
    }

    @Test
    @Covers({"StartExecution", "DescribeExecution", "DescribeStateMachineForExecution", "ListExecutions"})
    void executionsOfVersionsAndAliasesRunThatVersion() {
        String m = machine("routed");
        String v1 = sfn.publishStateMachineVersion(r -> r.stateMachineArn(m)).stateMachineVersionArn();
        sfn.updateStateMachine(r -> r.stateMachineArn(m).definition(result("latest")));
        String alias = sfn.createStateMachineAlias(r -> r.name("STABLE").routingConfiguration(route(v1, 100)))
                .stateMachineAliasArn();

        String byVersion = sfn.startExecution(r -> r.stateMachineArn(v1)).executionArn();
        String byAlias = sfn.startExecution(r -> r.stateMachineArn(alias)).executionArn();
        String byMachine = sfn.startExecution(r -> r.stateMachineArn(m)).executionArn();
        assertThat(byVersion).startsWith(ARN_PREFIX + "execution:routed:");

        DescribeExecutionResponse version = Defs.awaitStatus(sfn, byVersion, ExecutionStatus.SUCCEEDED);
        assertThat(version.output()).isEqualTo("\"v0\"");
        assertThat(version.stateMachineArn()).isEqualTo(m);
        assertThat(version.stateMachineVersionArn()).isEqualTo(v1);
        assertThat(version.stateMachineAliasArn()).isNull();

        DescribeExecutionResponse aliased = Defs.awaitStatus(sfn, byAlias, ExecutionStatus.SUCCEEDED);
        assertThat(aliased.output()).isEqualTo("\"v0\"");
        assertThat(aliased.stateMachineVersionArn()).isEqualTo(v1);
        assertThat(aliased.stateMachineAliasArn()).isEqualTo(alias);

        DescribeExecutionResponse latest = Defs.awaitStatus(sfn, byMachine, ExecutionStatus.SUCCEEDED);
        assertThat(latest.output()).isEqualTo("\"latest\"");
        assertThat(latest.stateMachineVersionArn()).isNull();

        assertThat(sfn.describeStateMachineForExecution(r -> r.executionArn(byAlias)).definition())
                .isEqualTo(result("v0"));
        assertThat(sfn.listExecutions(r -> r.stateMachineArn(m)).executions()).hasSize(3);

        String unknownAlias = m + ":NOPE";
        expectError(() -> sfn.startExecution(r -> r.stateMachineArn(unknownAlias)), "StateMachineDoesNotExist",
                "State Machine Does Not Exist: '" + unknownAlias + "'");
        expectError(() -> sfn.startExecution(r -> r.stateMachineArn(m + ":2")), "StateMachineDoesNotExist",
                "State Machine Does Not Exist: '" + m + ":2'");
    }

    @Test
    @Covers("UpdateStateMachine")
    void versionArnsAreNotUpdatable() {
        String m = machine("frozen");
        String v1 = sfn.publishStateMachineVersion(r -> r.stateMachineArn(m)).stateMachineVersionArn();
        expectError(() -> sfn.updateStateMachine(r -> r.stateMachineArn(v1).definition(PASS)),
                "StateMachineDoesNotExist", "State Machine Does Not Exist: '" + v1 + "'");
        assertThat(sfn.describeStateMachine(r -> r.stateMachineArn(m)).definition()).isEqualTo(result("v0"));
    }
}
