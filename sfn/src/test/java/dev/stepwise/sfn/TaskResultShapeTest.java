package dev.stepwise.sfn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.asl.json.Json;
import dev.stepwise.asl.resource.TaskResource;
import dev.stepwise.sfn.MockResultValidator.Mode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which API's result a Task's result is, in AWS's service models. */
class TaskResultShapeTest {

    private static TaskResultShape shape(String resource) {
        return TaskResultShape.of(TaskResource.parse(resource)).orElseThrow(() -> new AssertionError(resource));
    }

    private static String problem(String resource, String mock, Mode mode) {
        try {
            return MockResultValidator.problem(shape(resource), Json.parse(mock), mode);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void anAwsSdkTaskAnswersWithTheOutputOfTheOperationItsActionNames() {
        assertThat(shape("arn:aws:states:::aws-sdk:lambda:getFunction").root().members())
                .containsKeys("Configuration", "Code", "Tags");
        assertThat(problem("arn:aws:states:::aws-sdk:lambda:getFunction", "{\"Configuration\": {\"MemorySize\": 127}}",
                Mode.STRICT)).isEqualTo("Field 'MemorySize' is less than the minimum value");
        assertThat(problem("arn:aws:states:::aws-sdk:kms:encrypt", "{\"CiphertextBlob\": \"\"}", Mode.STRICT))
                .isEqualTo("Field 'CiphertextBlob' is smaller than the minimum length");
        // Step Functions' own API is camelCase; its results are PascalCase
        assertThat(problem("arn:aws:states:::aws-sdk:sfn:describeStateMachine", "{}", Mode.STRICT))
                .isEqualTo("Field 'StateMachineArn' is required");
    }

    @Test
    void optimisedIntegrationsNameTheirServicesTheirOwnWay() {
        assertThat(shape("arn:aws:states:::events:putEvents").root().members()).containsKeys("Entries", "FailedEntryCount");
        assertThat(shape("arn:aws:states:::states:startExecution").root().required())
                .containsExactly("executionArn", "startDate");
        assertThat(shape("arn:aws:states:::dynamodb:putItem").root().members()).containsKey("ConsumedCapacity");
        assertThat(shape("arn:aws:states:::sqs:sendMessage").root().members()).containsKey("MessageId");
        assertThat(shape("arn:aws:states:::sns:publish").root().members()).containsKey("MessageId");
        assertThat(shape("arn:aws:states:::emr-serverless:startJobRun").root().members()).containsKey("jobRunId");
        assertThat(shape("arn:aws:states:::bedrock:invokeModel").root().members()).containsKey("body");
        assertThat(shape("arn:aws:states:::bedrock:createModelCustomizationJob").root().members()).containsKey("jobArn");
        assertThat(shape("arn:aws:states:::ecs:runTask").root().members()).containsKey("tasks");
    }

    @Test
    void startExecutionSyncAnswersWithTheChildsDescription() {
        String sync = "arn:aws:states:::states:startExecution.sync";
        assertThat(shape(sync).root().required()).contains("status");
        assertThat(problem(sync, "{\"ExecutionArn\": \"a\", \"StateMachineArn\": \"m\", \"Status\": \"DONE\", "
                + "\"StartDate\": \"d\"}", Mode.STRICT)).isEqualTo("Field 'Status' is not an expected value");
        // .sync hands over the child's output as text, .sync:2 as JSON
        assertThat(problem(sync, "{\"Output\": {\"k\": 1}}", Mode.PRESENT)).isEqualTo("Field 'Output' must be a string");
        assertThat(problem(sync + ":2", "{\"Output\": {\"k\": 1}, \"Input\": [1]}", Mode.PRESENT)).isNull();
    }

    @Test
    void payloadsStepFunctionsHandsOverAsJsonTakeAnyJson() {
        assertThat(problem("arn:aws:states:::lambda:invoke", "{\"Payload\": {\"ok\": true}, \"StatusCode\": 200}",
                Mode.STRICT)).isNull();
        assertThat(problem("arn:aws:states:::lambda:invoke", "{\"Payload\": \"function output\"}", Mode.STRICT)).isNull();
        assertThat(problem("arn:aws:states:::lambda:invoke", "{\"StatusCode\": \"200\"}", Mode.STRICT))
                .isEqualTo("Field 'StatusCode' must be a number");
        assertThat(problem("arn:aws:states:::bedrock:invokeModel", "{\"Body\": {\"completion\": \"hi\"}}", Mode.PRESENT))
                .isNull();
        // the SDK integration answers the API's own bytes, as a string
        assertThat(problem("arn:aws:states:::aws-sdk:lambda:invoke", "{\"Payload\": {\"ok\": true}}", Mode.STRICT))
                .isEqualTo("Field 'Payload' must be a string");
    }

    @Test
    void aTaskWhoseResultNoModelTellsHasNoShape() {
        for (String resource : List.of(
                "arn:aws:lambda:us-east-1:123456789012:function:f",
                "arn:aws:states:us-east-1:123456789012:activity:work",
                "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                "arn:aws:states:::aws-sdk:s3:getObject.waitForTaskToken",
                "arn:aws:states:::ecs:runTask.sync",
                "arn:aws:states:::http:invoke",
                "arn:aws:states:::elasticmapreduce:createCluster",
                "arn:aws:states:::aws-sdk:lambda:noSuchAction",
                "arn:aws:states:::aws-sdk:nosuchservice:getThing",
                "not an arn")) {
            assertThat(TaskResultShape.of(TaskResource.parse(resource))).as(resource).isEmpty();
        }
    }
}
