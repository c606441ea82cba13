package dev.stepwise.server.api;

import static dev.stepwise.server.api.ApiErrors.expectError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.stepwise.models.ServiceModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sfn.model.MockResponseValidationMode;
import software.amazon.awssdk.services.sfn.model.TestExecutionStatus;
import software.amazon.awssdk.services.sfn.model.TestStateResponse;

/**
 * TestState checks a Task's mocked result against the output of the API the Task calls, in AWS's
 * service model, as mock.fieldValidationMode asks: STRICT (the default) also wants the required
 * members, PRESENT checks the members present, NONE nothing.
 */
class TestStateFieldValidationApiTest {
    private static final String PREFIX = "Mock result schema validation error: ";
    private static final String START_EXECUTION = task("arn:aws:states:::states:startExecution");
    private static final String PUT_EVENTS = task("arn:aws:states:::events:putEvents");
    @RegisterExtension
    static final ServerExtension server = new ServerExtension(() -> new ServerFixture());

    private static String task(String resource) {
        return "{\"Type\": \"Task\", \"Resource\": \"" + resource + "\", \"End\": true}";
    }

    /** TestState of {@code definition} with {@code result} mocked; {@code mode} null leaves the default. */
    private static TestStateResponse mocked(String definition, String result, MockResponseValidationMode mode) {
        return server.sfn().testState(b -> b.definition(definition).mock(m -> m.result(result).fieldValidationMode(mode)));
    }

    private static void refused(String definition, String result, MockResponseValidationMode mode, String problem) {
        expectError(() -> mocked(definition, result, mode), "ValidationException", PREFIX + problem);
    }

    private static void accepted(String definition, String result, MockResponseValidationMode mode) {
        TestStateResponse r = mocked(definition, result, mode);
        assertThat(r.status()).isEqualTo(TestExecutionStatus.SUCCEEDED);
        assertThat(r.output()).isEqualTo(result);
    }

    @Test
    @Covers("TestState")
    void strictIsTheDefaultAndWantsEveryRequiredMember() {
        refused(START_EXECUTION, "{}", null, "Field 'ExecutionArn' is required");
        refused(START_EXECUTION, "{\"ExecutionArn\": \"arn\"}", MockResponseValidationMode.STRICT,
                "Field 'StartDate' is required");
        accepted(START_EXECUTION, "{\"ExecutionArn\": \"arn\", \"StartDate\": \"2024-01-01T12:00:00.123Z\"}", null);
    }

    @Test
    @Covers("TestState")
    void presentChecksOnlyTheMembersPresent() {
        accepted(START_EXECUTION, "{}", MockResponseValidationMode.PRESENT);
        refused(START_EXECUTION, "{\"StartDate\": true}", MockResponseValidationMode.PRESENT,
                "Field 'StartDate' must be a string");
    }

    @Test
    @Covers("TestState")
    void everyMemberPresentConformsToItsShapeDownToNestedListItems() {
        String wrongSecondItem = "{\"Entries\": [{\"EventId\": \"a\"}, {\"EventId\": [\"b\"]}]}";
        refused(PUT_EVENTS, wrongSecondItem, MockResponseValidationMode.STRICT, "Field 'EventId' must be a string");
        refused(PUT_EVENTS, wrongSecondItem, MockResponseValidationMode.PRESENT, "Field 'EventId' must be a string");
        refused(PUT_EVENTS, "{\"Entries\": \"none\"}", null, "Field 'Entries' must be an array");
        refused(task("arn:aws:states:::dynamodb:putItem"), "{\"ConsumedCapacity\": {\"CapacityUnits\": \"1.5\"}}", null,
                "Field 'CapacityUnits' must be a number");
    }

    @Test
    @Covers("TestState")
    void noneChecksNothing() {
        accepted(PUT_EVENTS, "{\"Entries\": \"none\"}", MockResponseValidationMode.NONE);
        accepted(START_EXECUTION, "{}", MockResponseValidationMode.NONE);
    }

    @Test
    @Covers("TestState")
    void theModelsBoundsApply() {
        String getFunction = task("arn:aws:states:::aws-sdk:lambda:getFunction");
        refused(getFunction, "{\"Configuration\": {\"MemorySize\": 127}}", null,
                "Field 'MemorySize' is less than the minimum value");
        refused(getFunction, "{\"Configuration\": {\"MemorySize\": 10241}}", MockResponseValidationMode.PRESENT,
                "Field 'MemorySize' exceeds the maximum value");
        refused(task("arn:aws:states:::aws-sdk:kms:encrypt"), "{\"CiphertextBlob\": \"\"}", null,
                "Field 'CiphertextBlob' is smaller than the minimum length");
        refused(task("arn:aws:states:::aws-sdk:kms:encrypt"), "{\"CiphertextBlob\": 123}", null,
                "Field 'CiphertextBlob' must be a string");
    }

    @Test
    @Covers("TestState")
    void anEnumTakesOnlyItsValues() {
        assumeTrue(ServiceModels.of("s3").isPresent() || "true".equals(System.getenv("CI")),
                "S3's model comes from botocore, which this build did not find");
        String getObject = task("arn:aws:states:::aws-sdk:s3:getObject");
        refused(getObject, "{\"StorageClass\": \"Papyrus\"}", MockResponseValidationMode.PRESENT,
                "Field 'StorageClass' is not an expected value");
        refused(getObject, "{\"ContentLength\": \"9000\"}", MockResponseValidationMode.PRESENT,
                "Field 'ContentLength' must be a number");
        accepted(getObject, "{\"StorageClass\": \"GLACIER\", \"ContentLength\": 9000}", null);
    }

    @Test
    @Covers("TestState")
    void fieldsTheApiDoesNotAnswerAreNotChecked() {
        accepted(PUT_EVENTS, "{\"random\": \"json\"}", null);
        accepted(task("arn:aws:states:::lambda:invoke"),
                "{\"Payload\": {\"any\": [\"json\"]}, \"SdkHttpMetadata\": {\"HttpStatusCode\": 200}}", null);
    }

    @Test
    @Covers("TestState")
    void onlyResultsAnApiAnswersAreChecked() {
        String sendMessage = "arn:aws:states:::sqs:sendMessage";
        refused(task(sendMessage), "{\"MessageId\": 1}", null, "Field 'MessageId' must be a string");
        // a callback's result is whatever SendTaskSuccess sends
        accepted(task(sendMessage + ".waitForTaskToken"), "{\"MessageId\": 1}", null);
        // as is a Lambda function's (called by its ARN) and an activity's
        accepted(task("arn:aws:lambda:us-east-1:123456789012:function:f"), "{\"StatusCode\": \"x\"}", null);
        accepted(task("arn:aws:states:us-east-1:123456789012:activity:a"), "{\"StatusCode\": \"x\"}", null);
    }

    @Test
    @Covers("TestState")
    void aModeOutsideTheEnumIsRefused() {
        expectError(() -> server.sfn().testState(b -> b.definition(PUT_EVENTS).mock(m -> m.result("{}").fieldValidationMode("LOOSE"))),
                "ValidationException", "1 validation error detected: Value 'LOOSE' at 'mock.fieldValidationMode' "
                        + "failed to satisfy constraint: Member must satisfy enum value set: [STRICT, PRESENT, NONE]");
    }
}
