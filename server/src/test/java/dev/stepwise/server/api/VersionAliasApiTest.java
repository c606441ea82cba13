package dev.stepwise.server.api;

import static dev.stepwise.server.api.ApiErrors.expectError;
import static dev.stepwise.server.api.Defs.ARN_PREFIX;
import static dev.stepwise.server.api.Defs.PASS;
import static dev.stepwise.server.api.ServerFixture.ROLE;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sfn.model.CreateStateMachineAliasResponse;
import software.amazon.awssdk.services.sfn.model.CreateStateMachineResponse;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.DescribeStateMachineAliasResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.ListExecutionsResponse;
import software.amazon.awssdk.services.sfn.model.ListStateMachineAliasesResponse;
import software.amazon.awssdk.services.sfn.model.ListStateMachineVersionsResponse;
import software.amazon.awssdk.services.sfn.model.PublishStateMachineVersionResponse;
import software.amazon.awssdk.services.sfn.model.RoutingConfigurationListItem;
import software.amazon.awssdk.services.sfn.model.StateMachineAliasListItem;
import software.amazon.awssdk.services.sfn.model.StateMachineVersionListItem;
import software.amazon.awssdk.services.sfn.model.UpdateStateMachineResponse;

/** Versions (publish, list, delete) and aliases (create, describe, update, delete, list), and executions of both. */
class VersionAliasApiTest {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension(() -> new ServerFixture());

    private static String machine(String name) {
        return server.sfn().createStateMachine(r -> r.name(name).definition(result("v0")).roleArn(ROLE)).stateMachineArn();
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
        PublishStateMachineVersionResponse v1 = server.sfn().publishStateMachineVersion(r -> r.stateMachineArn(m)
                .description("one"));
        assertThat(v1.stateMachineVersionArn()).isEqualTo(m + ":1");
        assertThat(v1.creationDate()).isNotNull();
        // nothing changed: the same version again
        PublishStateMachineVersionResponse same = server.sfn().publishStateMachineVersion(r -> r.stateMachineArn(m));
        assertThat(same.stateMachineVersionArn()).isEqualTo(v1.stateMachineVersionArn());
        assertThat(same.creationDate()).isEqualTo(v1.creationDate());

        String revision = server.sfn().updateStateMachine(r -> r.stateMachineArn(m).definition(result("v2"))).revisionId();
        PublishStateMachineVersionResponse v2 = server.sfn().publishStateMachineVersion(r -> r.stateMachineArn(m)
                .revisionId(revision).description("two"));
        assertThat(v2.stateMachineVersionArn()).isEqualTo(m + ":2");

        assertThat(server.sfn().listStateMachineVersions(r -> r.stateMachineArn(m)).stateMachineVersions())
                .extracting(StateMachineVersionListItem::stateMachineVersionArn)
                .containsExactly(m + ":2", m + ":1");
        assertThat(server.sfn().describeStateMachine(r -> r.stateMachineArn(m + ":1")).definition()).isEqualTo(result("v0"));
        assertThat(server.sfn().describeStateMachine(r -> r.stateMachineArn(m + ":1")).description()).isEqualTo("one");
        assertThat(server.sfn().describeStateMachine(r -> r.stateMachineArn(m + ":2")).definition()).isEqualTo(result("v2"));
        assertThat(server.sfn().describeStateMachine(r -> r.stateMachineArn(m + ":2")).revisionId()).isEqualTo(revision);
    }

    @Test
    @Covers("PublishStateMachineVersion")
    void publishErrors() {
        String m = machine("publish-errors");
        String r1 = server.sfn().updateStateMachine(r -> r.stateMachineArn(m).definition(result("r1"))).revisionId();
        String r2 = server.sfn().updateStateMachine(r -> r.stateMachineArn(m).definition(result("r2"))).revisionId();
        expectError(() -> server.sfn().publishStateMachineVersion(r -> r.stateMachineArn(m).revisionId(r1)), "ConflictException",
                "Failed to publish the State Machine version for revision " + r1
                        + ". The current State Machine revision is " + r2 + ".");
        expectError(() -> server.sfn().publishStateMachineVersion(r -> r.stateMachineArn("invalid_arn")), "InvalidArn",
                "Invalid Arn: 'Invalid ARN prefix: invalid_arn'");
        String missing = ARN_PREFIX + "stateMachine:no-machine";
        expectError(() -> server.sfn().publishStateMachineVersion(r -> r.stateMachineArn(missing)), "StateMachineDoesNotExist",
                "State Machine Does Not Exist: '" + missing + "'");
        assertThat(server.sfn().listStateMachineVersions(r -> r.stateMachineArn(m)).stateMachineVersions()).isEmpty();
    }

    @Test
    @Covers({"ListStateMachineVersions", "DeleteStateMachineVersion", "PublishStateMachineVersion"})
    void versionsPageNewestFirstAndDeletedNumbersAreNotReused() {
        String m = machine("many-versions");
        for (int i = 1; i <= 5; i++) {
            String tag = "v" + i;
            server.sfn().updateStateMachine(r -> r.stateMachineArn(m).definition(result(tag)).publish(true));
        }
        List<String> seen = new ArrayList<>();
        String token = null;
        do {
            String t = token;
            ListStateMachineVersionsResponse page = server.sfn().listStateMachineVersions(r -> r.stateMachineArn(m)
                    .maxResults(2).nextToken(t));
            page.stateMachineVersions().forEach(v -> seen.add(v.stateMachineVersionArn()));
            token = page.nextToken();
        } while (token != null);
        assertThat(seen).containsExactly(m + ":5", m + ":4", m + ":3", m + ":2", m + ":1");

        server.sfn().deleteStateMachineVersion(r -> r.stateMachineVersionArn(m + ":5"));
        server.sfn().deleteStateMachineVersion(r -> r.stateMachineVersionArn(m + ":3"));
        // deleting it again succeeds
        server.sfn().deleteStateMachineVersion(r -> r.stateMachineVersionArn(m + ":3"));
        assertThat(server.sfn().listStateMachineVersions(r -> r.stateMachineArn(m)).stateMachineVersions())
                .extracting(StateMachineVersionListItem::stateMachineVersionArn)
                .containsExactly(m + ":4", m + ":2", m + ":1");
        expectError(() -> server.sfn().describeStateMachine(r -> r.stateMachineArn(m + ":5")), "StateMachineDoesNotExist",
                "State Machine Does Not Exist: '" + m + ":5'");

        server.sfn().updateStateMachine(r -> r.stateMachineArn(m).definition(result("v6")));
        assertThat(server.sfn().publishStateMachineVersion(r -> r.stateMachineArn(m)).stateMachineVersionArn())
                .isEqualTo(m + ":6");

        expectError(() -> server.sfn().listStateMachineVersions(r -> r.stateMachineArn(m).maxResults(1001)),
                "ValidationException", "1 validation error detected: Value '1001' at 'maxResults' failed to satisfy "
                        + "constraint: Member must have value less than or equal to 1000");
    }

    @Test
    @Covers({"CreateStateMachineAlias", "DescribeStateMachineAlias", "UpdateStateMachineAlias",
            "ListStateMachineAliases", "DeleteStateMachineAlias"})
    void aliasLifecycle() {
        String m = machine("aliased");
        String v1 = server.sfn().publishStateMachineVersion(r -> r.stateMachineArn(m)).stateMachineVersionArn();
        server.sfn().updateStateMachine(r -> r.stateMachineArn(m).definition(result("v2")));
        String v2 = server.sfn().publishStateMachineVersion(r -> r.stateMachineArn(m)).stateMachineVersionArn();

        CreateStateMachineAliasResponse created = server.sfn().createStateMachineAlias(r -> r.name("PROD")
                .description("production").routingConfiguration(route(v1, 100)));
        String alias = created.stateMachineAliasArn();
        assertThat(alias).isEqualTo(m + ":PROD");
        // the same alias again is idempotent
        assertThat(server.sfn().createStateMachineAlias(r -> r.name("PROD").description("production")
                .routingConfiguration(route(v1, 100))).creationDate()).isEqualTo(created.creationDate());

        DescribeStateMachineAliasResponse d = server.sfn().describeStateMachineAlias(r -> r.stateMachineAliasArn(alias));
        assertThat(d.name()).isEqualTo("PROD");
        assertThat(d.description()).isEqualTo("production");
        assertThat(d.routingConfiguration()).containsExactly(route(v1, 100));
        assertThat(d.creationDate()).isEqualTo(created.creationDate());

        server.sfn().updateStateMachineAlias(r -> r.stateMachineAliasArn(alias).routingConfiguration(route(v1, 30),
                route(v2, 70)));
        DescribeStateMachineAliasResponse updated = server.sfn().describeStateMachineAlias(r -> r.stateMachineAliasArn(alias));
        assertThat(updated.routingConfiguration()).containsExactly(route(v1, 30), route(v2, 70));
        assertThat(updated.description()).isEqualTo("production");
        assertThat(updated.updateDate()).isAfterOrEqualTo(updated.creationDate());

        server.sfn().createStateMachineAlias(r -> r.name("TEST").routingConfiguration(route(v2, 100)));
        assertThat(server.sfn().listStateMachineAliases(r -> r.stateMachineArn(m)).stateMachineAliases())
                .extracting(StateMachineAliasListItem::stateMachineAliasArn)
                .containsExactlyInAnyOrder(m + ":PROD", m + ":TEST");
        Set<String> paged = new HashSet<>();
        String token = null;
        do {
            String t = token;
            ListStateMachineAliasesResponse page = server.sfn().listStateMachineAliases(r -> r.stateMachineArn(m).maxResults(1)
                    .nextToken(t));
            assertThat(page.stateMachineAliases()).hasSizeLessThanOrEqualTo(1);
            page.stateMachineAliases().forEach(a -> assertThat(paged.add(a.stateMachineAliasArn())).isTrue());
            token = page.nextToken();
        } while (token != null);
        assertThat(paged).containsExactlyInAnyOrder(m + ":PROD", m + ":TEST");

        server.sfn().deleteStateMachineAlias(r -> r.stateMachineAliasArn(alias));
        expectError(() -> server.sfn().describeStateMachineAlias(r -> r.stateMachineAliasArn(alias)), "ResourceNotFound",
                "Request references a resource that does not exist.");
        assertThat(server.sfn().listStateMachineAliases(r -> r.stateMachineArn(m)).stateMachineAliases())
                .extracting(StateMachineAliasListItem::stateMachineAliasArn).containsExactly(m + ":TEST");
    }

    @Test
    @Covers({"CreateStateMachineAlias", "UpdateStateMachineAlias", "DeleteStateMachineVersion"})
    void aliasErrors() {
        String m = machine("alias-errors");
        String v1 = server.sfn().publishStateMachineVersion(r -> r.stateMachineArn(m)).stateMachineVersionArn();
        server.sfn().createStateMachineAlias(r -> r.name("LIVE").routingConfiguration(route(v1, 100)));

        expectError(() -> server.sfn().createStateMachineAlias(r -> r.name("LIVE").description("other")
                        .routingConfiguration(route(v1, 100))), "ConflictException",
                "Failed to create alias because an alias with the same name and a different routing configuration "
                        + "already exists.");
        expectError(() -> server.sfn().deleteStateMachineVersion(r -> r.stateMachineVersionArn(v1)), "ConflictException",
                "Version to be deleted must not be referenced by an alias. Current list of aliases referencing this "
                        + "version: [LIVE]");
        for (String bad : List.of("123", "INVALID ALIAS", "!INVALID", "ALIAS@")) {
            expectError(() -> server.sfn().createStateMachineAlias(r -> r.name(bad).routingConfiguration(route(v1, 100))),
                    "ValidationException", "1 validation error detected: Value '" + bad + "' at 'name' failed to "
                            + "satisfy constraint: Member must satisfy regular expression pattern: "
                            + "^(?=.*[a-zA-Z_\\-\\.])[a-zA-Z0-9_\\-\\.]+$");
        }
        expectError(() -> server.sfn().createStateMachineAlias(r -> r.name("BARE").routingConfiguration(route(m, 100))),
                "ValidationException", "Routing configuration must contain state machine version ARNs. Received: ["
                        + m + "]");
        String gone = m + ":GONE";
        expectError(() -> server.sfn().updateStateMachineAlias(r -> r.stateMachineAliasArn(gone).description("x")),
                "ResourceNotFound", "Request references a resource that does not exist.");
        expectError(() -> server.sfn().createStateMachineAlias(r -> r.name("MISSING").routingConfiguration(route(m + ":99",
                100))), "ResourceNotFound", "Request references a resource that does not exist.");
        assertThat(server.sfn().listStateMachineAliases(r -> r.stateMachineArn(m)).stateMachineAliases()).hasSize(1);
    }

    @Test
    @Covers({"CreateStateMachineAlias", "UpdateStateMachineAlias"})
    void routingConfigurationsAwsRefuses() {
        String m = machine("routing-rules");
        String v1 = server.sfn().publishStateMachineVersion(r -> r.stateMachineArn(m)).stateMachineVersionArn();
        server.sfn().updateStateMachine(r -> r.stateMachineArn(m).definition(result("r2")));
        String v2 = server.sfn().publishStateMachineVersion(r -> r.stateMachineArn(m)).stateMachineVersionArn();
        String other = machine("routing-rules-other");
        String otherV1 = server.sfn().publishStateMachineVersion(r -> r.stateMachineArn(other)).stateMachineVersionArn();

        // the model's constraints: one or two routes, weights from 0 to 100
        expectError(() -> server.sfn().createStateMachineAlias(r -> r.name("THREE").routingConfiguration(route(v1, 50),
                route(v2, 50), route(v1, 0))), "ValidationException", "1 validation error detected: Value "
                + "'[RoutingConfigurationListItem(stateMachineVersionArn=" + v1 + ", weight=50), "
                + "RoutingConfigurationListItem(stateMachineVersionArn=" + v2 + ", weight=50), "
                + "RoutingConfigurationListItem(stateMachineVersionArn=" + v1 + ", weight=0)]' at "
                + "'routingConfiguration' failed to satisfy constraint: Member must have length less than or equal to 2");
        expectError(() -> server.sfn().createStateMachineAlias(r -> r.name("HEAVY").routingConfiguration(route(v1, 101))),
                "ValidationException", "1 validation error detected: Value '101' at "
                        + "'routingConfiguration.1.member.weight' failed to satisfy constraint: Member must have value "
                        + "less than or equal to 100");
        expectError(() -> server.sfn().createStateMachineAlias(r -> r.name("NEGATIVE").routingConfiguration(route(v1, 101),
                route(v2, -1))), "ValidationException", "2 validation errors detected: Value '101' at "
                + "'routingConfiguration.1.member.weight' failed to satisfy constraint: Member must have value less "
                + "than or equal to 100; Value '-1' at 'routingConfiguration.2.member.weight' failed to satisfy "
                + "constraint: Member must have value greater than or equal to 0");
        // the API reference's rules
        expectError(() -> server.sfn().createStateMachineAlias(r -> r.name("UNQUALIFIED").routingConfiguration(route(v1, 50),
                route(m, 50))), "ValidationException", "Routing configuration must contain state machine version "
                + "ARNs. Received: [" + v1 + ", " + m + "]");
        expectError(() -> server.sfn().createStateMachineAlias(r -> r.name("TWICE").routingConfiguration(route(v1, 50),
                route(v1, 50))), "ValidationException", "Routing configuration must contain distinct state machine "
                + "version ARNs. Received: [" + v1 + ", " + v1 + "]");
        expectError(() -> server.sfn().createStateMachineAlias(r -> r.name("MIXED").routingConfiguration(route(v1, 50),
                route(otherV1, 50))), "ValidationException", "Routing configuration must contain state machine "
                + "version ARNs of the same state machine. Received: [" + v1 + ", " + otherV1 + "]");
        expectError(() -> server.sfn().createStateMachineAlias(r -> r.name("SHORT").routingConfiguration(route(v1, 50),
                route(v2, 49))), "ValidationException",
                "Sum of routing configuration weights must equal 100. Received: [50, 49]");
        expectError(() -> server.sfn().createStateMachineAlias(r -> r.name("HALF").routingConfiguration(route(v1, 50))),
                "ValidationException", "Sum of routing configuration weights must equal 100. Received: [50]");
        expectError(() -> server.sfn().createStateMachineAlias(r -> r.name("GHOST").routingConfiguration(route(v1, 50),
                route(m + ":77", 50))), "ResourceNotFound", "Request references a resource that does not exist.");
        assertThat(server.sfn().listStateMachineAliases(r -> r.stateMachineArn(m)).stateMachineAliases()).isEmpty();

        // an update is held to the same rules, and to the alias's own state machine
        String alias = server.sfn().createStateMachineAlias(r -> r.name("LIVE").routingConfiguration(route(v1, 100)))
                .stateMachineAliasArn();
        expectError(() -> server.sfn().updateStateMachineAlias(r -> r.stateMachineAliasArn(alias).routingConfiguration(
                route(v1, 60), route(v2, 60))), "ValidationException",
                "Sum of routing configuration weights must equal 100. Received: [60, 60]");
        expectError(() -> server.sfn().updateStateMachineAlias(r -> r.stateMachineAliasArn(alias).routingConfiguration(
                route(otherV1, 100))), "ValidationException", "Routing configuration must contain state machine "
                + "version ARNs of the same state machine. Received: [" + otherV1 + "]");
        assertThat(server.sfn().describeStateMachineAlias(r -> r.stateMachineAliasArn(alias)).routingConfiguration())
                .containsExactly(route(v1, 100));
    }

    @Test
    @Covers({"CreateStateMachine", "ListStateMachineVersions"})
    void aRepeatedCreateWithPublishAnswersTheVersionItPublished() {
        CreateStateMachineResponse first = server.sfn().createStateMachine(r -> r.name("published-on-create")
                .definition(result("v0")).roleArn(ROLE).publish(true).versionDescription("first"));
        assertThat(first.stateMachineVersionArn()).isEqualTo(first.stateMachineArn() + ":1");
        CreateStateMachineResponse again = server.sfn().createStateMachine(r -> r.name("published-on-create")
                .definition(result("v0")).roleArn(ROLE).publish(true).versionDescription("first"));
        assertThat(again.stateMachineVersionArn()).isEqualTo(first.stateMachineVersionArn());
        assertThat(again.creationDate()).isEqualTo(first.creationDate());
        assertThat(server.sfn().listStateMachineVersions(r -> r.stateMachineArn(first.stateMachineArn())).stateMachineVersions())
                .hasSize(1);
        // publishing without a description, or with another one, is another request
        for (String description : java.util.Arrays.asList(null, "other")) {
            expectError(() -> server.sfn().createStateMachine(r -> r.name("published-on-create").definition(result("v0"))
                    .roleArn(ROLE).publish(true).versionDescription(description)), "StateMachineAlreadyExists",
                    "State Machine Already Exists: '" + first.stateMachineArn() + "'");
        }
        expectError(() -> server.sfn().createStateMachine(r -> r.name("published-on-create").definition(result("v0"))
                .roleArn(ROLE)), "StateMachineAlreadyExists", "State Machine Already Exists: '"
                + first.stateMachineArn() + "'");
    }

    @Test
    @Covers({"UpdateStateMachine", "ListStateMachineVersions"})
    void publishingAnUnchangedRevisionAnswersItsVersion() {
        CreateStateMachineResponse created = server.sfn().createStateMachine(r -> r.name("publish-unchanged")
                .definition(result("v0")).roleArn(ROLE).publish(true));
        String m = created.stateMachineArn();
        // the update changes nothing: the revision is still the one version 1 was published from
        UpdateStateMachineResponse same = server.sfn().updateStateMachine(r -> r.stateMachineArn(m).definition(result("v0"))
                .publish(true).versionDescription("again"));
        assertThat(same.stateMachineVersionArn()).isEqualTo(m + ":1");
        assertThat(same.revisionId()).isNull();

        UpdateStateMachineResponse v2 = server.sfn().updateStateMachine(r -> r.stateMachineArn(m).definition(result("v2"))
                .publish(true));
        assertThat(v2.stateMachineVersionArn()).isEqualTo(m + ":2");
        UpdateStateMachineResponse repeated = server.sfn().updateStateMachine(r -> r.stateMachineArn(m)
                .definition(result("v2")).publish(true));
        assertThat(repeated.stateMachineVersionArn()).isEqualTo(m + ":2");
        assertThat(repeated.revisionId()).isEqualTo(v2.revisionId());
        assertThat(server.sfn().listStateMachineVersions(r -> r.stateMachineArn(m)).stateMachineVersions())
                .extracting(StateMachineVersionListItem::stateMachineVersionArn).containsExactly(m + ":2", m + ":1");
    }

    @Test
    @Covers("PublishStateMachineVersion")
    void initialNamesTheRevisionOfAMachineNeverUpdated() {
        String m = machine("initial-revision");
        assertThat(server.sfn().publishStateMachineVersion(r -> r.stateMachineArn(m).revisionId("INITIAL"))
                .stateMachineVersionArn()).isEqualTo(m + ":1");
        // again: the same version
        assertThat(server.sfn().publishStateMachineVersion(r -> r.stateMachineArn(m).revisionId("INITIAL"))
                .stateMachineVersionArn()).isEqualTo(m + ":1");
        String revision = server.sfn().updateStateMachine(r -> r.stateMachineArn(m).definition(result("v2"))).revisionId();
        expectError(() -> server.sfn().publishStateMachineVersion(r -> r.stateMachineArn(m).revisionId("INITIAL")),
                "ConflictException", "Failed to publish the State Machine version for revision INITIAL. The current "
                        + "State Machine revision is " + revision + ".");
    }

    @Test
    @Covers({"StartExecution", "ListExecutions", "GetExecutionHistory"})
    void executionsOfAVersionOrAnAliasAreListedByItsArn() {
        String m = machine("listed-by-version");
        String v1 = server.sfn().publishStateMachineVersion(r -> r.stateMachineArn(m)).stateMachineVersionArn();
        String alias = server.sfn().createStateMachineAlias(r -> r.name("ONE").routingConfiguration(route(v1, 100)))
                .stateMachineAliasArn();
        List<String> byVersion = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            byVersion.add(server.sfn().startExecution(r -> r.stateMachineArn(v1)).executionArn());
        }
        String byAlias = server.sfn().startExecution(r -> r.stateMachineArn(alias)).executionArn();
        String unversioned = server.sfn().startExecution(r -> r.stateMachineArn(m)).executionArn();
        Defs.awaitStatus(server.sfn(), byAlias, ExecutionStatus.SUCCEEDED);

        // a version lists the executions it ran (routed by an alias too), page by page
        assertThat(listAll(v1)).containsExactlyInAnyOrder(byVersion.get(0), byVersion.get(1), byVersion.get(2),
                byAlias);
        assertThat(listAll(alias)).containsExactly(byAlias);
        assertThat(listAll(m)).hasSize(5).contains(unversioned);
        ExecutionListItem item = server.sfn().listExecutions(r -> r.stateMachineArn(alias)).executions().get(0);
        assertThat(item.stateMachineArn()).isEqualTo(m);
        assertThat(item.stateMachineVersionArn()).isEqualTo(v1);
        assertThat(item.stateMachineAliasArn()).isEqualTo(alias);

        HistoryEvent started = Defs.history(server.sfn(), byAlias).get(0);
        assertThat(started.executionStartedEventDetails().stateMachineVersionArn()).isEqualTo(v1);
        assertThat(started.executionStartedEventDetails().stateMachineAliasArn()).isEqualTo(alias);
        HistoryEvent startedOnVersion = Defs.history(server.sfn(), byVersion.get(0)).get(0);
        assertThat(startedOnVersion.executionStartedEventDetails().stateMachineVersionArn()).isEqualTo(v1);
        assertThat(startedOnVersion.executionStartedEventDetails().stateMachineAliasArn()).isNull();

        expectError(() -> server.sfn().listExecutions(r -> r.stateMachineArn(m + ":9")), "StateMachineDoesNotExist",
                "State Machine Does Not Exist: '" + m + ":9'");
        expectError(() -> server.sfn().listExecutions(r -> r.stateMachineArn(m + ":NONE")), "ResourceNotFound",
                "Request references a resource that does not exist.");
    }

    /** Every execution ListExecutions names for {@code arn}, one page of one at a time. */
    private static List<String> listAll(String arn) {
        List<String> seen = new ArrayList<>();
        String token = null;
        do {
            String t = token;
            ListExecutionsResponse page = server.sfn().listExecutions(r -> r.stateMachineArn(arn).maxResults(1).nextToken(t));
            page.executions().forEach(e -> seen.add(e.executionArn()));
            token = page.nextToken();
        } while (token != null);
        return seen;
    }

    @Test
    @Covers({"StartExecution", "DescribeExecution", "DescribeStateMachineForExecution", "ListExecutions"})
    void executionsOfVersionsAndAliasesRunThatVersion() {
        String m = machine("routed");
        String v1 = server.sfn().publishStateMachineVersion(r -> r.stateMachineArn(m)).stateMachineVersionArn();
        server.sfn().updateStateMachine(r -> r.stateMachineArn(m).definition(result("latest")));
        String alias = server.sfn().createStateMachineAlias(r -> r.name("STABLE").routingConfiguration(route(v1, 100)))
                .stateMachineAliasArn();

        String byVersion = server.sfn().startExecution(r -> r.stateMachineArn(v1)).executionArn();
        String byAlias = server.sfn().startExecution(r -> r.stateMachineArn(alias)).executionArn();
        String byMachine = server.sfn().startExecution(r -> r.stateMachineArn(m)).executionArn();
        assertThat(byVersion).startsWith(ARN_PREFIX + "execution:routed:");

        DescribeExecutionResponse version = Defs.awaitStatus(server.sfn(), byVersion, ExecutionStatus.SUCCEEDED);
        assertThat(version.output()).isEqualTo("\"v0\"");
        assertThat(version.stateMachineArn()).isEqualTo(m);
        assertThat(version.stateMachineVersionArn()).isEqualTo(v1);
        assertThat(version.stateMachineAliasArn()).isNull();

        DescribeExecutionResponse aliased = Defs.awaitStatus(server.sfn(), byAlias, ExecutionStatus.SUCCEEDED);
        assertThat(aliased.output()).isEqualTo("\"v0\"");
        assertThat(aliased.stateMachineVersionArn()).isEqualTo(v1);
        assertThat(aliased.stateMachineAliasArn()).isEqualTo(alias);

        DescribeExecutionResponse latest = Defs.awaitStatus(server.sfn(), byMachine, ExecutionStatus.SUCCEEDED);
        assertThat(latest.output()).isEqualTo("\"latest\"");
        assertThat(latest.stateMachineVersionArn()).isNull();

        assertThat(server.sfn().describeStateMachineForExecution(r -> r.executionArn(byAlias)).definition())
                .isEqualTo(result("v0"));
        assertThat(server.sfn().listExecutions(r -> r.stateMachineArn(m)).executions()).hasSize(3);

        String unknownAlias = m + ":NOPE";
        expectError(() -> server.sfn().startExecution(r -> r.stateMachineArn(unknownAlias)), "StateMachineDoesNotExist",
                "State Machine Does Not Exist: '" + unknownAlias + "'");
        expectError(() -> server.sfn().startExecution(r -> r.stateMachineArn(m + ":2")), "StateMachineDoesNotExist",
                "State Machine Does Not Exist: '" + m + ":2'");
    }

    @Test
    @Covers("UpdateStateMachine")
    void versionArnsAreNotUpdatable() {
        String m = machine("frozen");
        String v1 = server.sfn().publishStateMachineVersion(r -> r.stateMachineArn(m)).stateMachineVersionArn();
        expectError(() -> server.sfn().updateStateMachine(r -> r.stateMachineArn(v1).definition(PASS)),
                "StateMachineDoesNotExist", "State Machine Does Not Exist: '" + v1 + "'");
        assertThat(server.sfn().describeStateMachine(r -> r.stateMachineArn(m)).definition()).isEqualTo(result("v0"));
    }
}
