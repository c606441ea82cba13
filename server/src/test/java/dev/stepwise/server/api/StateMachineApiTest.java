package dev.stepwise.server.api;

import static dev.stepwise.server.api.ApiErrors.expectError;
import static dev.stepwise.server.api.Defs.ARN_PREFIX;
import static dev.stepwise.server.api.Defs.PASS;
import static dev.stepwise.server.api.Defs.PASS_RESULT;
import static dev.stepwise.server.api.ServerFixture.ROLE;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sfn.model.CloudWatchLogsLogGroup;
import software.amazon.awssdk.services.sfn.model.CreateStateMachineResponse;
import software.amazon.awssdk.services.sfn.model.DescribeStateMachineForExecutionResponse;
import software.amazon.awssdk.services.sfn.model.DescribeStateMachineResponse;
import software.amazon.awssdk.services.sfn.model.ListStateMachinesResponse;
import software.amazon.awssdk.services.sfn.model.LogDestination;
import software.amazon.awssdk.services.sfn.model.LogLevel;
import software.amazon.awssdk.services.sfn.model.LoggingConfiguration;
import software.amazon.awssdk.services.sfn.model.StateMachineListItem;
import software.amazon.awssdk.services.sfn.model.StateMachineStatus;
import software.amazon.awssdk.services.sfn.model.StateMachineType;
import software.amazon.awssdk.services.sfn.model.Tag;
import software.amazon.awssdk.services.sfn.model.TracingConfiguration;
import software.amazon.awssdk.services.sfn.model.UpdateStateMachineResponse;
import software.amazon.awssdk.services.sfn.model.ValidateStateMachineDefinitionDiagnostic;
import software.amazon.awssdk.services.sfn.model.ValidateStateMachineDefinitionResponse;
import software.amazon.awssdk.services.sfn.model.ValidateStateMachineDefinitionResultCode;
import software.amazon.awssdk.services.sfn.model.ValidateStateMachineDefinitionSeverity;

/** State machines: create, describe, update, delete, list, describe-for-execution, validate. */
class StateMachineApiTest {
    private static final String LOG_GROUP = "arn:aws:logs:us-east-1:123456789012:log-group:/stepwise/test:*";

    @RegisterExtension
    static final ServerExtension server = new ServerExtension(() -> new ServerFixture());

    private static String create(String name, String definition) {
        return server.sfn().createStateMachine(r -> r.name(name).definition(definition).roleArn(ROLE)).stateMachineArn();
    }

    @Test
    @Covers({"CreateStateMachine", "DescribeStateMachine", "ListTagsForResource", "ListStateMachineVersions"})
    void createWithTagsLoggingTracingAndPublishThenDescribe() {
        LoggingConfiguration logging = LoggingConfiguration.builder().level(LogLevel.ERROR).includeExecutionData(true)
                .destinations(LogDestination.builder().cloudWatchLogsLogGroup(
                        CloudWatchLogsLogGroup.builder().logGroupArn(LOG_GROUP).build()).build())
                .build();
        CreateStateMachineResponse created = server.sfn().createStateMachine(r -> r.name("full").definition(PASS_RESULT)
                .roleArn(ROLE).type(StateMachineType.STANDARD).loggingConfiguration(logging)
                .tracingConfiguration(TracingConfiguration.builder().enabled(true).build())
                .tags(Tag.builder().key("team").value("core").build(), Tag.builder().key("env").value("").build())
                .publish(true).versionDescription("first"));

        assertThat(created.stateMachineArn()).isEqualTo(ARN_PREFIX + "stateMachine:full");
        assertThat(created.stateMachineVersionArn()).isEqualTo(ARN_PREFIX + "stateMachine:full:1");
        assertThat(created.creationDate()).isNotNull();

        DescribeStateMachineResponse d = server.sfn().describeStateMachine(r -> r.stateMachineArn(created.stateMachineArn()));
        assertThat(d.name()).isEqualTo("full");
        assertThat(d.status()).isEqualTo(StateMachineStatus.ACTIVE);
        assertThat(d.type()).isEqualTo(StateMachineType.STANDARD);
        assertThat(d.definition()).isEqualTo(PASS_RESULT);
        assertThat(d.roleArn()).isEqualTo(ROLE);
        assertThat(d.creationDate()).isEqualTo(created.creationDate());
        assertThat(d.loggingConfiguration()).isEqualTo(logging);
        assertThat(d.tracingConfiguration().enabled()).isTrue();

        assertThat(server.sfn().listTagsForResource(r -> r.resourceArn(created.stateMachineArn())).tags())
                .containsExactlyInAnyOrder(Tag.builder().key("team").value("core").build(),
                        Tag.builder().key("env").value("").build());

        assertThat(server.sfn().listStateMachineVersions(r -> r.stateMachineArn(created.stateMachineArn()))
                .stateMachineVersions()).singleElement()
                .satisfies(v -> assertThat(v.stateMachineVersionArn()).isEqualTo(created.stateMachineVersionArn()));
        DescribeStateMachineResponse version = server.sfn().describeStateMachine(
                r -> r.stateMachineArn(created.stateMachineVersionArn()));
        assertThat(version.description()).isEqualTo("first");
        assertThat(version.definition()).isEqualTo(PASS_RESULT);
    }

    @Test
    @Covers({"CreateStateMachine", "DescribeStateMachine"})
    void defaultsOfAPlainCreate() {
        String arn = create("plain", PASS);
        DescribeStateMachineResponse d = server.sfn().describeStateMachine(r -> r.stateMachineArn(arn));
        assertThat(d.type()).isEqualTo(StateMachineType.STANDARD);
        assertThat(d.loggingConfiguration().level()).isEqualTo(LogLevel.OFF);
        assertThat(d.loggingConfiguration().includeExecutionData()).isFalse();
        assertThat(d.tracingConfiguration().enabled()).isFalse();
        assertThat(d.revisionId()).isNull();
        assertThat(server.sfn().listTagsForResource(r -> r.resourceArn(arn)).tags()).isEmpty();
    }

    @Test
    @Covers("CreateStateMachine")
    void createIsIdempotentForTheSameMachineAndRefusesADifferentOne() {
        CreateStateMachineResponse first = server.sfn().createStateMachine(r -> r.name("twice").definition(PASS).roleArn(ROLE));
        CreateStateMachineResponse again = server.sfn().createStateMachine(r -> r.name("twice").definition(PASS).roleArn(ROLE));
        assertThat(again.stateMachineArn()).isEqualTo(first.stateMachineArn());
        assertThat(again.creationDate()).isEqualTo(first.creationDate());

        expectError(() -> server.sfn().createStateMachine(r -> r.name("twice").definition(PASS_RESULT).roleArn(ROLE)),
                "StateMachineAlreadyExists", "State Machine Already Exists: '" + ARN_PREFIX + "stateMachine:twice'");
    }

    @Test
    @Covers({"CreateStateMachine", "DescribeStateMachine", "ListTagsForResource"})
    void aRepeatedCreateIgnoresRoleAndTagsButNotTheDefinitionTypeOrConfigurations() {
        Tag team = Tag.builder().key("team").value("core").build();
        CreateStateMachineResponse first = server.sfn().createStateMachine(r -> r.name("repeated").definition(PASS).roleArn(ROLE)
                .tags(team));
        String otherRole = "arn:aws:iam::123456789012:role/other";
        // the same definition, another role and other tags: the same machine, left as it was
        CreateStateMachineResponse again = server.sfn().createStateMachine(r -> r.name("repeated")
                .definition(PASS).roleArn(otherRole).tags(Tag.builder().key("env").value("x").build()));
        assertThat(again.stateMachineArn()).isEqualTo(first.stateMachineArn());
        assertThat(again.creationDate()).isEqualTo(first.creationDate());
        assertThat(again.stateMachineVersionArn()).isNull();
        assertThat(server.sfn().describeStateMachine(r -> r.stateMachineArn(first.stateMachineArn())).roleArn()).isEqualTo(ROLE);
        assertThat(server.sfn().listTagsForResource(r -> r.resourceArn(first.stateMachineArn())).tags()).containsExactly(team);
        // an explicit configuration equal to the defaults is the same configuration
        assertThat(server.sfn().createStateMachine(r -> r.name("repeated").definition(PASS).roleArn(ROLE)
                .loggingConfiguration(LoggingConfiguration.builder().level(LogLevel.OFF).build())
                .tracingConfiguration(TracingConfiguration.builder().enabled(false).build())).stateMachineArn())
                .isEqualTo(first.stateMachineArn());

        String exists = "State Machine Already Exists: '" + first.stateMachineArn() + "'";
        // the definition is compared as written: the same JSON laid out otherwise is another definition
        expectError(() -> server.sfn().createStateMachine(r -> r.name("repeated").definition(PASS.replace(" ", ""))
                .roleArn(ROLE)), "StateMachineAlreadyExists", exists);
        expectError(() -> server.sfn().createStateMachine(r -> r.name("repeated").definition(PASS).roleArn(ROLE)
                .type(StateMachineType.EXPRESS)), "StateMachineAlreadyExists", exists);
        expectError(() -> server.sfn().createStateMachine(r -> r.name("repeated").definition(PASS).roleArn(ROLE)
                .loggingConfiguration(LoggingConfiguration.builder().level(LogLevel.OFF).includeExecutionData(true)
                        .build())), "StateMachineAlreadyExists", exists);
        expectError(() -> server.sfn().createStateMachine(r -> r.name("repeated").definition(PASS).roleArn(ROLE)
                .tracingConfiguration(TracingConfiguration.builder().enabled(true).build())),
                "StateMachineAlreadyExists", exists);
        expectError(() -> server.sfn().createStateMachine(r -> r.name("repeated").definition(PASS).roleArn(ROLE).publish(true)),
                "StateMachineAlreadyExists", exists);
    }

    @Test
    @Covers({"CreateStateMachine", "UpdateStateMachine"})
    void aVersionDescriptionWithoutPublishIsRefused() {
        expectError(() -> server.sfn().createStateMachine(r -> r.name("described").definition(PASS).roleArn(ROLE)
                .versionDescription("first version")), "ValidationException",
                "Version description can only be set when publish is true");
        expectError(() -> server.sfn().createStateMachine(r -> r.name("described").definition(PASS).roleArn(ROLE)
                .publish(false).versionDescription("first version")), "ValidationException",
                "Version description can only be set when publish is true");
        assertThat(server.sfn().listStateMachinesPaginator(r -> { }).stateMachines().stream().map(StateMachineListItem::name))
                .doesNotContain("described");

        String arn = create("described-later", PASS);
        expectError(() -> server.sfn().updateStateMachine(r -> r.stateMachineArn(arn).definition(PASS_RESULT)
                .versionDescription("second")), "ValidationException",
                "Version description can only be set when publish is true");
        assertThat(server.sfn().describeStateMachine(r -> r.stateMachineArn(arn)).definition()).isEqualTo(PASS);
    }

    @Test
    @Covers({"UpdateStateMachine", "DescribeStateMachine"})
    void anUpdateThatChangesNothingKeepsTheRevision() {
        String arn = create("unchanged", PASS);
        // never revised: no revision id, and an update to the same definition makes none
        UpdateStateMachineResponse same = server.sfn().updateStateMachine(r -> r.stateMachineArn(arn).definition(PASS)
                .roleArn(ROLE));
        assertThat(same.revisionId()).isNull();
        assertThat(server.sfn().describeStateMachine(r -> r.stateMachineArn(arn)).revisionId()).isNull();

        UpdateStateMachineResponse revised = server.sfn().updateStateMachine(r -> r.stateMachineArn(arn).definition(PASS_RESULT));
        assertThat(revised.revisionId()).isNotNull();
        UpdateStateMachineResponse repeated = server.sfn().updateStateMachine(r -> r.stateMachineArn(arn)
                .definition(PASS_RESULT).roleArn(ROLE));
        assertThat(repeated.revisionId()).isEqualTo(revised.revisionId());
        assertThat(repeated.updateDate()).isEqualTo(revised.updateDate());
        // the definition's text is the revision's: laid out otherwise, it is a new one
        UpdateStateMachineResponse relaid = server.sfn().updateStateMachine(r -> r.stateMachineArn(arn)
                .definition(PASS_RESULT.replace(" ", "")));
        assertThat(relaid.revisionId()).isNotEqualTo(revised.revisionId());
        // a configuration change is a new revision
        UpdateStateMachineResponse traced = server.sfn().updateStateMachine(r -> r.stateMachineArn(arn)
                .tracingConfiguration(TracingConfiguration.builder().enabled(true).build()));
        assertThat(traced.revisionId()).isNotEqualTo(relaid.revisionId());
        assertThat(server.sfn().describeStateMachine(r -> r.stateMachineArn(arn)).revisionId()).isEqualTo(traced.revisionId());
    }

    @Test
    @Covers({"CreateStateMachine", "DescribeStateMachine", "UpdateStateMachine"})
    void loggingConfigurationsAreKeptWithTheModelsDefaults() {
        CreateStateMachineResponse created = server.sfn().createStateMachine(r -> r.name("logged-partly").definition(PASS)
                .roleArn(ROLE).loggingConfiguration(LoggingConfiguration.builder().includeExecutionData(true).build()));
        assertThat(server.sfn().describeStateMachine(r -> r.stateMachineArn(created.stateMachineArn())).loggingConfiguration())
                .isEqualTo(LoggingConfiguration.builder().level(LogLevel.OFF).includeExecutionData(true).build());

        LogDestination destination = LogDestination.builder().cloudWatchLogsLogGroup(
                CloudWatchLogsLogGroup.builder().logGroupArn(LOG_GROUP).build()).build();
        server.sfn().updateStateMachine(r -> r.stateMachineArn(created.stateMachineArn())
                .loggingConfiguration(LoggingConfiguration.builder().level(LogLevel.FATAL).destinations(destination)
                        .build()));
        assertThat(server.sfn().describeStateMachine(r -> r.stateMachineArn(created.stateMachineArn())).loggingConfiguration())
                .isEqualTo(LoggingConfiguration.builder().level(LogLevel.FATAL).includeExecutionData(false)
                        .destinations(destination).build());
    }

    @Test
    @Covers({"CreateStateMachine", "UpdateStateMachine"})
    void aLoggingLevelNeedsExactlyOneLogGroupDestination() {
        String message = "Invalid Logging Configuration: Must specify exactly one Log Destination.";
        LogDestination noGroup = LogDestination.builder().build();
        LogDestination noArn = LogDestination.builder().cloudWatchLogsLogGroup(CloudWatchLogsLogGroup.builder().build())
                .build();
        LogDestination group = LogDestination.builder().cloudWatchLogsLogGroup(
                CloudWatchLogsLogGroup.builder().logGroupArn(LOG_GROUP).build()).build();
        List<LoggingConfiguration> refused = List.of(
                LoggingConfiguration.builder().level(LogLevel.ALL).includeExecutionData(true).build(),
                LoggingConfiguration.builder().level(LogLevel.ERROR).destinations(noGroup).build(),
                LoggingConfiguration.builder().level(LogLevel.FATAL).destinations(noArn).build(),
                LoggingConfiguration.builder().level(LogLevel.ALL).destinations(group, group).build(),
                LoggingConfiguration.builder().level(LogLevel.OFF).destinations(group, group).build());
        for (LoggingConfiguration logging : refused) {
            expectError(() -> server.sfn().createStateMachine(r -> r.name("logging-refused").definition(PASS).roleArn(ROLE)
                    .loggingConfiguration(logging)), "InvalidLoggingConfiguration", message);
        }
        String arn = create("logging-update-refused", PASS);
        expectError(() -> server.sfn().updateStateMachine(r -> r.stateMachineArn(arn).loggingConfiguration(refused.get(1))),
                "InvalidLoggingConfiguration", message);
        assertThat(server.sfn().describeStateMachine(r -> r.stateMachineArn(arn)).loggingConfiguration().level())
                .isEqualTo(LogLevel.OFF);
    }

    @Test
    @Covers("CreateStateMachine")
    void aResourceStepFunctionsDoesNotRecogniseIsRefusedAtCreate() {
        for (String resource : List.of("arn:aws:states:::dynamodb:fooBar", "arn:aws:states:::lambda:invoke.sync",
                "arn:aws:states:::aws-sdk:s3:listBuckets.sync")) {
            String definition = "{\"StartAt\": \"T\", \"States\": {\"T\": {\"Type\": \"Task\", \"Resource\": \""
                    + resource + "\", \"End\": true}}}";
            expectError(() -> server.sfn().createStateMachine(r -> r.name("unrecognised").definition(definition).roleArn(ROLE)),
                    "InvalidDefinition", "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: The resource "
                            + "provided " + resource + " is not recognized. The value is not a valid resource ARN, or "
                            + "the resource is not available in this region. at /States/T/Resource'");
        }
    }

    @Test
    @Covers("CreateStateMachine")
    void createErrors() {
        expectError(() -> server.sfn().createStateMachine(r -> r.name("bad name").definition(PASS).roleArn(ROLE)),
                "InvalidName", "Invalid Name: 'bad name'");
        expectError(() -> server.sfn().createStateMachine(r -> r.name("a:b").definition(PASS).roleArn(ROLE)),
                "InvalidName", "Invalid Name: 'a:b'");
        expectError(() -> server.sfn().createStateMachine(r -> r.name("nostates").definition("{\"StartAt\": \"A\"}")
                        .roleArn(ROLE)),
                "InvalidDefinition",
                "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: These fields are required: [States] at /'");
        // (no recording of AWS's wording for a malformed role ARN: the code only)
        expectError(() -> server.sfn().createStateMachine(r -> r.name("badrole").definition(PASS).roleArn("not-a-role")),
                "InvalidArn", null);
        String longName = "n".repeat(81);
        expectError(() -> server.sfn().createStateMachine(r -> r.name(longName).definition(PASS).roleArn(ROLE)),
                "ValidationException", "1 validation error detected: Value '" + longName
                        + "' at 'name' failed to satisfy constraint: Member must have length less than or equal to 80");
        expectError(() -> server.sfn().createStateMachine(r -> r.name("typed").definition(PASS).roleArn(ROLE).type("FAST")),
                "ValidationException", "1 validation error detected: Value 'FAST' at 'type' failed to satisfy "
                        + "constraint: Member must satisfy enum value set: [STANDARD, EXPRESS]");
        expectError(() -> server.sfn().createStateMachine(r -> r.name("logged").definition(PASS).roleArn(ROLE)
                        .loggingConfiguration(LoggingConfiguration.builder().level(LogLevel.ALL).build())),
                "InvalidLoggingConfiguration", "Invalid Logging Configuration: Must specify exactly one Log Destination.");
        // none of the refused machines exists
        assertThat(server.sfn().listStateMachinesPaginator(r -> { }).stateMachines().stream().map(StateMachineListItem::name))
                .doesNotContain("bad name", "nostates", "badrole", "typed", "logged");
    }

    @Test
    @Covers({"UpdateStateMachine", "DescribeStateMachine", "ListStateMachineVersions"})
    void updateChangesDefinitionRoleAndConfigurationAndCanPublish() {
        String arn = create("updated", PASS);
        String newRole = "arn:aws:iam::123456789012:role/other";
        UpdateStateMachineResponse u = server.sfn().updateStateMachine(r -> r.stateMachineArn(arn).definition(PASS_RESULT)
                .roleArn(newRole).tracingConfiguration(TracingConfiguration.builder().enabled(true).build()));
        assertThat(u.revisionId()).isNotBlank();
        assertThat(u.updateDate()).isNotNull();
        assertThat(u.stateMachineVersionArn()).isNull();

        DescribeStateMachineResponse d = server.sfn().describeStateMachine(r -> r.stateMachineArn(arn));
        assertThat(d.definition()).isEqualTo(PASS_RESULT);
        assertThat(d.roleArn()).isEqualTo(newRole);
        assertThat(d.tracingConfiguration().enabled()).isTrue();
        assertThat(d.revisionId()).isEqualTo(u.revisionId());

        UpdateStateMachineResponse published = server.sfn().updateStateMachine(r -> r.stateMachineArn(arn).definition(PASS)
                .publish(true).versionDescription("v1"));
        assertThat(published.stateMachineVersionArn()).isEqualTo(arn + ":1");
        assertThat(published.revisionId()).isNotEqualTo(u.revisionId());
        DescribeStateMachineResponse version = server.sfn().describeStateMachine(r -> r.stateMachineArn(arn + ":1"));
        assertThat(version.definition()).isEqualTo(PASS);
        assertThat(version.revisionId()).isEqualTo(published.revisionId());
        assertThat(version.description()).isEqualTo("v1");
    }

    @Test
    @Covers("UpdateStateMachine")
    void updateErrors() {
        String arn = create("update-errors", PASS);
        expectError(() -> server.sfn().updateStateMachine(r -> r.stateMachineArn(arn)), "MissingRequiredParameter",
                "Either the definition, the role ARN, the LoggingConfiguration, or the TracingConfiguration must be specified");
        expectError(() -> server.sfn().updateStateMachine(r -> r.stateMachineArn(arn).definition("{\"StartAt\": \"A\"}")),
                "InvalidDefinition",
                "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: These fields are required: [States] at /'");
        String missing = ARN_PREFIX + "stateMachine:never-created";
        expectError(() -> server.sfn().updateStateMachine(r -> r.stateMachineArn(missing).definition(PASS)),
                "StateMachineDoesNotExist", "State Machine Does Not Exist: '" + missing + "'");
        expectError(() -> server.sfn().updateStateMachine(r -> r.stateMachineArn("nonsense").definition(PASS)),
                "InvalidArn", "Invalid Arn: 'Invalid ARN prefix: nonsense'");
        // the failed updates left the machine as it was
        assertThat(server.sfn().describeStateMachine(r -> r.stateMachineArn(arn)).definition()).isEqualTo(PASS);
    }

    @Test
    @Covers({"DeleteStateMachine", "DescribeStateMachine", "ListStateMachines"})
    void deleteRemovesTheMachineAndDeletingAMissingOneSucceeds() {
        String arn = create("deleted", PASS);
        server.sfn().deleteStateMachine(r -> r.stateMachineArn(arn));
        expectError(() -> server.sfn().describeStateMachine(r -> r.stateMachineArn(arn)), "StateMachineDoesNotExist",
                "State Machine Does Not Exist: '" + arn + "'");
        assertThat(server.sfn().listStateMachinesPaginator(r -> { }).stateMachines().stream().map(StateMachineListItem::name))
                .doesNotContain("deleted");
        // as on AWS, deleting what does not exist succeeds
        server.sfn().deleteStateMachine(r -> r.stateMachineArn(arn));
        expectError(() -> server.sfn().deleteStateMachine(r -> r.stateMachineArn("invalid_arn")), "InvalidArn",
                "Invalid Arn: 'Invalid ARN prefix: invalid_arn'");
        // the name is free again
        assertThat(create("deleted", PASS_RESULT)).isEqualTo(arn);
    }

    @Test
    @Covers("DescribeStateMachine")
    void describeErrors() {
        String missing = ARN_PREFIX + "stateMachine:nope";
        expectError(() -> server.sfn().describeStateMachine(r -> r.stateMachineArn(missing)), "StateMachineDoesNotExist",
                "State Machine Does Not Exist: '" + missing + "'");
        expectError(() -> server.sfn().describeStateMachine(r -> r.stateMachineArn("invalid_arn")), "InvalidArn",
                "Invalid Arn: 'Invalid ARN prefix: invalid_arn'");
        // (no recording of AWS's wording for an ARN of another resource type: the code only)
        expectError(() -> server.sfn().describeStateMachine(r -> r.stateMachineArn(ARN_PREFIX + "activity:nope")),
                "InvalidArn", null);
    }

    @Test
    @Covers("ListStateMachines")
    void listPagesThroughEveryMachineOnce() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            names.add("listed-" + i);
            create("listed-" + i, PASS);
        }
        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String t = token;
            ListStateMachinesResponse page = server.sfn().listStateMachines(r -> r.maxResults(3).nextToken(t));
            assertThat(page.stateMachines()).hasSizeLessThanOrEqualTo(3);
            page.stateMachines().forEach(m -> {
                assertThat(m.stateMachineArn()).isEqualTo(ARN_PREFIX + "stateMachine:" + m.name());
                assertThat(m.type()).isEqualTo(StateMachineType.STANDARD);
                assertThat(m.creationDate()).isNotNull();
                seen.add(m.name());
            });
            token = page.nextToken();
            pages++;
        } while (token != null);
        assertThat(seen).doesNotHaveDuplicates().containsAll(names);
        assertThat(pages).isGreaterThanOrEqualTo(3);
        // the paginator sees the same machines in the same order
        assertThat(server.sfn().listStateMachinesPaginator(r -> r.maxResults(2)).stateMachines().stream()
                .map(StateMachineListItem::name).toList()).isEqualTo(seen);
    }

    @Test
    @Covers("ListStateMachines")
    void listErrors() {
        expectError(() -> server.sfn().listStateMachines(r -> r.maxResults(1001)), "ValidationException",
                "1 validation error detected: Value '1001' at 'maxResults' failed to satisfy constraint: "
                        + "Member must have value less than or equal to 1000");
        String longToken = "t".repeat(1025);
        expectError(() -> server.sfn().listStateMachines(r -> r.nextToken(longToken)), "ValidationException",
                "1 validation error detected: Value '" + longToken + "' at 'nextToken' failed to satisfy constraint: "
                        + "Member must have length less than or equal to 1024");
        expectError(() -> server.sfn().listStateMachines(r -> r.nextToken("not-a-token")), "InvalidToken",
                "Invalid Token: 'Invalid token'");
    }

    @Test
    @Covers({"DescribeStateMachineForExecution", "StartExecution", "UpdateStateMachine"})
    void describeForExecutionShowsTheDefinitionTheExecutionRan() {
        String arn = create("for-execution", PASS);
        String execution = server.sfn().startExecution(r -> r.stateMachineArn(arn)).executionArn();
        server.sfn().updateStateMachine(r -> r.stateMachineArn(arn).definition(PASS_RESULT));

        DescribeStateMachineForExecutionResponse d = server.sfn().describeStateMachineForExecution(
                r -> r.executionArn(execution));
        assertThat(d.stateMachineArn()).isEqualTo(arn);
        assertThat(d.name()).isEqualTo("for-execution");
        assertThat(d.definition()).isEqualTo(PASS);
        assertThat(d.roleArn()).isEqualTo(ROLE);
        assertThat(d.updateDate()).isNotNull();
        assertThat(d.loggingConfiguration().level()).isEqualTo(LogLevel.OFF);

        String missing = ARN_PREFIX + "execution:for-execution:nope";
        expectError(() -> server.sfn().describeStateMachineForExecution(r -> r.executionArn(missing)), "ExecutionDoesNotExist",
                "Execution Does Not Exist: '" + missing + "'");
        expectError(() -> server.sfn().describeStateMachineForExecution(r -> r.executionArn("invalid_execution_arn")),
                "InvalidArn", "Invalid Arn: 'Invalid ARN prefix: invalid_execution_arn'");
    }

    @Test
    @Covers("ValidateStateMachineDefinition")
    void validateReportsOkAndEveryProblem() {
        ValidateStateMachineDefinitionResponse ok = server.sfn().validateStateMachineDefinition(r -> r.definition(PASS));
        assertThat(ok.result()).isEqualTo(ValidateStateMachineDefinitionResultCode.OK);
        assertThat(ok.diagnostics()).isEmpty();
        assertThat(ok.truncated()).isFalse();

        String twoProblems = """
                {"StartAt": "Missing", "States": {"A": {"Type": "Pass", "Next": "Nowhere"}}}""";
        ValidateStateMachineDefinitionResponse fail = server.sfn().validateStateMachineDefinition(
                r -> r.definition(twoProblems));
        assertThat(fail.result()).isEqualTo(ValidateStateMachineDefinitionResultCode.FAIL);
        assertThat(fail.diagnostics()).hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(d -> assertThat(d.severity()).isEqualTo(ValidateStateMachineDefinitionSeverity.ERROR))
                .extracting(ValidateStateMachineDefinitionDiagnostic::code).contains("MISSING_TRANSITION_TARGET");

        ValidateStateMachineDefinitionResponse truncated = server.sfn().validateStateMachineDefinition(
                r -> r.definition(twoProblems).maxResults(1));
        assertThat(truncated.diagnostics()).hasSize(1);
        assertThat(truncated.truncated()).isTrue();

        // warnings only with severity WARNING, and they do not make the result FAIL
        String warned = """
                {"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"a": "$.x"}, "End": true}}}""";
        ValidateStateMachineDefinitionResponse errorsOnly = server.sfn().validateStateMachineDefinition(
                r -> r.definition(warned));
        ValidateStateMachineDefinitionResponse withWarnings = server.sfn().validateStateMachineDefinition(
                r -> r.definition(warned).severity(ValidateStateMachineDefinitionSeverity.WARNING));
        assertThat(errorsOnly.diagnostics()).isEmpty();
        assertThat(withWarnings.result()).isEqualTo(ValidateStateMachineDefinitionResultCode.OK);
        assertThat(withWarnings.diagnostics()).isNotEmpty()
                .allSatisfy(d -> assertThat(d.severity()).isEqualTo(ValidateStateMachineDefinitionSeverity.WARNING));

        expectError(() -> server.sfn().validateStateMachineDefinition(r -> r.definition(PASS).maxResults(101)),
                "ValidationException", "1 validation error detected: Value '101' at 'maxResults' failed to satisfy "
                        + "constraint: Member must have value less than or equal to 100");
        // validating creates nothing
        assertThat(server.sfn().listStateMachinesPaginator(r -> { }).stateMachines()).noneMatch(
                m -> m.name().equals("Missing"));
    }
}
