package dev.stepwise.asl.parse;

import static dev.stepwise.asl.parse.Definitions.assertDiagnostics;
import static dev.stepwise.asl.parse.Definitions.error;
import static dev.stepwise.asl.parse.Definitions.json;
import static dev.stepwise.asl.parse.Definitions.single;
import static dev.stepwise.asl.parse.Definitions.singleJsonata;
import static dev.stepwise.asl.parse.DiagnosticCodes.SCHEMA_VALIDATION_FAILED;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Task states: the Resource's shape, time-outs and heartbeats, Credentials. */
class TaskStateTest {

    private static String task(String resource, String more) {
        return single("{'Type': 'Task', 'Resource': '" + resource + "', 'End': true" + more + "}");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "arn:aws:states:::lambda:invoke", "arn:aws:states:::lambda:invoke.waitForTaskToken",
        "arn:aws:states:::states:startExecution.sync:2", "arn:aws:states:::aws-sdk:s3:getObject",
        "arn:aws:states:::sqs:sendMessage", "arn:aws:states:::http:invoke", "arn:aws:states:::ecs:runTask.sync",
        "arn:aws:lambda:us-east-1:123456789012:function:HelloWorld",
        "arn:aws:lambda:us-east-1:123456789012:function:HelloWorld:live",
        "arn:aws-cn:states:cn-north-1:123456789012:activity:Worker",
    })
    void lambdaFunctionsActivitiesAndIntegrationsAreValidResources(String resource) {
        assertDiagnostics(task(resource, ""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"createToken", "${StockCheckerFunctionArn}", "arn:aws:lambda", "arn:0000000000:lambda:::"})
    void aResourceThatIsNotAnArnIsRefused(String resource) {
        assertDiagnostics(task(resource, ""),
                error(SCHEMA_VALIDATION_FAILED, "Value is not a valid resource ARN", "/States/S/Resource"));
    }

    private static Diagnostic notRecognized(String resource) {
        return error(SCHEMA_VALIDATION_FAILED, "The resource provided " + resource + " is not recognized. The value is "
                + "not a valid resource ARN, or the resource is not available in this region.", "/States/S/Resource");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "arn:aws:sqs:us-east-1:123456789012:queue", "arn:aws:states:us-east-1:123456789012:stateMachine:M",
        "arn:aws:states:::lambda", "arn:aws:states:::lambda:invoke.syncX", "arn:aws:lambda:::function:F",
        "arn:0000000000:lambda:::function:SendToSNS",
    })
    void anArnThatNamesNoTaskResourceIsNotRecognized(String resource) {
        assertDiagnostics(task(resource, ""), notRecognized(resource));
    }

    /** The optimised integrations' table: only an action it lists, with a pattern that action supports. */
    @ParameterizedTest
    @ValueSource(strings = {
        "arn:aws:states:::dynamodb:fooBar", "arn:aws:states:::dynamodb:query", "arn:aws:states:::sqs:receiveMessage",
        "arn:aws:states:::foo:bar", "arn:aws:states:::s3:getObject", "arn:aws:states:::Lambda:invoke",
        "arn:aws:states:::dynamodb:putItem.sync", "arn:aws:states:::dynamodb:getItem.waitForTaskToken",
        "arn:aws:states:::lambda:invoke.sync", "arn:aws:states:::glue:startJobRun.waitForTaskToken",
        "arn:aws:states:::ecs:runTask.sync:2", "arn:aws:states:::athena:getQueryResults.sync",
        "arn:aws:states:::aws-sdk:s3:listBuckets.sync", "arn:aws:states:::aws-sdk:sfn:startExecution.sync:2",
    })
    void anActionOrPatternTheIntegrationsDoNotListIsNotRecognized(String resource) {
        assertDiagnostics(task(resource, ""), notRecognized(resource));
    }

    /** An accepted definition (stored, or compiled by a face) takes any integration of the right shape. */
    @ParameterizedTest
    @ValueSource(strings = {"arn:aws:states:::dynamodb:fooBar", "arn:aws:states:::transfer-workflow:copy",
        "arn:aws:states:::transfer-workflow:custom.waitForTaskToken"})
    void anAcceptedDefinitionTakesIntegrationsTheCatalogDoesNotList(String resource) {
        ParsedDefinition accepted = DefinitionParser.parseAccepted(json(task(resource, "")),
                DefinitionParser.MachineType.STANDARD);
        assertThat(accepted.diagnostics()).isEmpty();
        assertThat(accepted.machine()).isNotNull();
        assertThat(DefinitionParser.parse(json(task(resource, ""))).ok()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"arn:aws:sqs:us-east-1:123456789012:queue", "arn:aws:states:::lambda", "createToken"})
    void anAcceptedDefinitionStillRefusesWhatIsNoIntegration(String resource) {
        assertThat(DefinitionParser.parseAccepted(json(task(resource, "")), DefinitionParser.MachineType.STANDARD)
                .ok()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "arn:aws:states:::dynamodb:deleteItem", "arn:aws:states:::sns:publish.waitForTaskToken",
        "arn:aws:states:::events:putEvents.waitForTaskToken", "arn:aws:states:::batch:submitJob.sync",
        "arn:aws:states:::glue:startJobRun.sync", "arn:aws:states:::athena:startQueryExecution.sync",
        "arn:aws:states:::ecs:runTask.waitForTaskToken", "arn:aws:states:::states:startExecution.waitForTaskToken",
        "arn:aws:states:::apigateway:invoke", "arn:aws:states:::eks:call", "arn:aws:states:::sagemaker:createModel",
        "arn:aws:states:::elasticmapreduce:addStep.sync", "arn:aws:states:::emr-serverless:startJobRun.sync",
        "arn:aws:states:::aws-sdk:s3:getObject.waitForTaskToken", "arn:aws:states:::aws-sdk:anyService:anyAction",
    })
    void theOptimisedIntegrationsActionsAndPatternsAreRecognized(String resource) {
        assertDiagnostics(task(resource, ""));
    }

    @Test
    void resourceIsRequired() {
        assertDiagnostics(single("{'Type': 'Task', 'End': true}"),
                error(SCHEMA_VALIDATION_FAILED, "These fields are required: [Resource]", "/States/S"));
    }

    @Test
    void expressMachinesRefuseWaitForTaskTokenAndSync() {
        String wait = json("{'StartAt': 'SendMessageWithWait', 'States': {'SendMessageWithWait': {'Type': 'Task', "
                + "'Resource': 'arn:aws:states:::sqs:sendMessage.waitForTaskToken', 'Parameters': {'QueueUrl.$': '$.QueueUrl',"
                + " 'MessageBody': {'Message.$': '$.Message', 'TaskToken.$': '$$.Task.Token'}}, 'End': true}}}");
        assertThat(DefinitionParser.parse(wait, DefinitionParser.MachineType.EXPRESS).diagnostics())
                .containsExactly(error(SCHEMA_VALIDATION_FAILED, "Express state machine does not support "
                        + "'.waitForTaskToken' service integration ", "/States/SendMessageWithWait/Resource"));
        assertThat(DefinitionParser.parse(wait).ok()).isTrue();
        String sync = json(task("arn:aws:states:::states:startExecution.sync:2", ""));
        assertThat(DefinitionParser.parse(sync, DefinitionParser.MachineType.EXPRESS).diagnostics())
                .containsExactly(error(SCHEMA_VALIDATION_FAILED, "Express state machine does not support "
                        + "'.sync' service integration ", "/States/S/Resource"));
    }

    @Test
    void expressMachinesRefuseActivities() {
        String activity = json(task("arn:aws:states:us-east-1:123456789012:activity:Worker", ""));
        assertThat(DefinitionParser.parse(activity, DefinitionParser.MachineType.EXPRESS).diagnostics())
                .containsExactly(error(SCHEMA_VALIDATION_FAILED, "Express state machine does not support Activity ARN",
                        "/States/S/Resource"));
        assertThat(DefinitionParser.parse(activity).ok()).isTrue();
    }

    @Test
    void heartbeatMustBeShorterThanTheTimeout() {
        assertDiagnostics(task("arn:aws:states:::lambda:invoke", ", 'TimeoutSeconds': 10, 'HeartbeatSeconds': 10"),
                error(SCHEMA_VALIDATION_FAILED, "The value of 'HeartbeatSeconds' must be less than the value of "
                        + "'TimeoutSeconds'", "/States/S/HeartbeatSeconds"));
        assertDiagnostics(task("arn:aws:states:::lambda:invoke", ", 'TimeoutSeconds': 10, 'HeartbeatSeconds': 9"));
    }

    @Test
    void timeoutsArePositiveIntegers() {
        assertDiagnostics(task("arn:aws:states:::lambda:invoke", ", 'TimeoutSeconds': 0"),
                error(SCHEMA_VALIDATION_FAILED, "Value must be between 1 and 99999999", "/States/S/TimeoutSeconds"));
        assertDiagnostics(task("arn:aws:states:::lambda:invoke", ", 'HeartbeatSeconds': 1.5"),
                error(SCHEMA_VALIDATION_FAILED, "Expected value of type Integer", "/States/S/HeartbeatSeconds"));
    }

    @Test
    void aTimeoutAndItsPathAreExclusive() {
        assertDiagnostics(task("arn:aws:states:::lambda:invoke", ", 'TimeoutSeconds': 5, 'TimeoutSecondsPath': '$.t'"),
                error(SCHEMA_VALIDATION_FAILED, "Only one of the fields 'TimeoutSeconds' and 'TimeoutSecondsPath' may be set",
                        "/States/S"));
    }

    @Test
    void jsonataTimeoutsMayBeExpressions() {
        assertDiagnostics(singleJsonata("{'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke', 'End': true, "
                + "'TimeoutSeconds': '{% 120 %}', 'HeartbeatSeconds': '{% 20 %}'}"));
    }

    @Test
    void credentialsNeedARoleArn() {
        for (String credentials : new String[] {"{}", "{'InvalidField': 'invalid'}"}) {
            assertDiagnostics("{'StartAt': 'State0', 'QueryLanguage': 'JSONata', 'States': {'State0': {'Type': 'Task', "
                            + "'Resource': 'arn:aws:states:::lambda:invoke', 'Arguments': '{% $states.input %}', "
                            + "'Credentials': " + credentials + ", 'End': true}}}",
                    error(SCHEMA_VALIDATION_FAILED, "The field 'RoleArn' is required but was missing", "/States/State0/Credentials"));
        }
        assertDiagnostics(task("arn:aws:states:::lambda:invoke", ", 'Credentials': {'RoleArn.$': '$.role'}"));
    }
}
