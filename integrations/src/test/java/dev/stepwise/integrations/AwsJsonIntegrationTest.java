package dev.stepwise.integrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.asl.json.Json;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * aws-sdk and optimised tasks of DynamoDB, SQS, EventBridge and Step Functions against a real
 * moto_server that checks signatures.
 */
class AwsJsonIntegrationTest {
    static MotoServer moto;
    static AwsJsonIntegration aws;

    @BeforeAll
    static void start() throws Exception {
        moto = MotoServer.start();
        aws = new AwsJsonIntegration(config(moto.secretKey()), Clock.systemUTC());
        JsonNode table = aws.call(TestCalls.call("arn:aws:states:::aws-sdk:dynamodb:createTable", """
                {"TableName": "Orders", "BillingMode": "PAY_PER_REQUEST",
                 "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
                 "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}]}"""));
        assertThat(table.path("TableDescription").path("TableName").asText()).isEqualTo("Orders");
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (moto != null) {
            moto.close();
        }
    }

    private static IntegrationConfig config(String secretKey) {
        URI e = moto.endpoint();
        return new IntegrationConfig(null, Map.of("dynamodb", e, "sqs", e, "eventbridge", e, "sfn", e), false, null,
                moto.accessKey(), secretKey, null);
    }

    private static JsonNode call(String resource, String parameters) throws Exception {
        return aws.call(TestCalls.call(resource, parameters));
    }

    private static IntegrationException failure(String resource, String parameters) throws Exception {
        try {
            JsonNode out = call(resource, parameters);
            throw new AssertionError("the call succeeded: " + out);
        } catch (IntegrationException e) {
            return e;
        }
    }

    @Test
    void dynamoDbItemsGoInAndComeOutThroughBothForms() throws Exception {
        JsonNode put = call("arn:aws:states:::dynamodb:putItem",
                "{\"TableName\": \"Orders\", \"Item\": {\"id\": {\"S\": \"o-1\"}, \"total\": {\"N\": \"42\"}}}");
        assertThat(put.path("SdkHttpMetadata").path("HttpStatusCode").asInt()).isEqualTo(200);
        assertThat(put.path("SdkResponseMetadata").path("RequestId").asText()).isNotEmpty();

        JsonNode viaSdk = call("arn:aws:states:::aws-sdk:dynamodb:getItem",
                "{\"TableName\": \"Orders\", \"Key\": {\"id\": {\"S\": \"o-1\"}}}");
        assertThat(viaSdk).isEqualTo(Json.parse("{\"Item\": {\"id\": {\"S\": \"o-1\"}, \"total\": {\"N\": \"42\"}}}"));

        call("arn:aws:states:::aws-sdk:dynamodb:putItem",
                "{\"TableName\": \"Orders\", \"Item\": {\"id\": {\"S\": \"o-2\"}, \"tags\": {\"SS\": [\"a\"]}}}");
        JsonNode optimised = call("arn:aws:states:::dynamodb:getItem",
                "{\"TableName\": \"Orders\", \"Key\": {\"id\": {\"S\": \"o-2\"}}}");
        assertThat(optimised.get("Item")).isEqualTo(Json.parse("{\"id\": {\"S\": \"o-2\"}, \"tags\": {\"SS\": [\"a\"]}}"));
        assertThat(optimised.path("SdkHttpMetadata").path("HttpHeaders").path("Content-Type").asText()
                + optimised.path("SdkHttpMetadata").path("HttpHeaders").path("content-type").asText())
                .contains("application/x-amz-json-1.0");
    }

    @Test
    void dynamoDbUpdateAndDeleteItem() throws Exception {
        call("arn:aws:states:::dynamodb:putItem", "{\"TableName\": \"Orders\", \"Item\": {\"id\": {\"S\": \"o-3\"}}}");
        JsonNode updated = call("arn:aws:states:::dynamodb:updateItem", """
                {"TableName": "Orders", "Key": {"id": {"S": "o-3"}}, "UpdateExpression": "SET #s = :s",
                 "ExpressionAttributeNames": {"#s": "status"}, "ExpressionAttributeValues": {":s": {"S": "paid"}},
                 "ReturnValues": "ALL_NEW"}""");
        assertThat(updated.get("Attributes")).isEqualTo(Json.parse("{\"id\": {\"S\": \"o-3\"}, \"status\": {\"S\": \"paid\"}}"));
        call("arn:aws:states:::dynamodb:deleteItem", "{\"TableName\": \"Orders\", \"Key\": {\"id\": {\"S\": \"o-3\"}}}");
        assertThat(call("arn:aws:states:::aws-sdk:dynamodb:getItem",
                "{\"TableName\": \"Orders\", \"Key\": {\"id\": {\"S\": \"o-3\"}}}")).isEqualTo(Json.object());
    }

    @Test
    void aMissingTableIsTheServicesErrorNamedAsStepFunctionsNamesIt() throws Exception {
        IntegrationException sdk = failure("arn:aws:states:::aws-sdk:dynamodb:getItem",
                "{\"TableName\": \"Nope\", \"Key\": {\"id\": {\"S\": \"x\"}}}");
        assertThat(sdk.error()).isEqualTo("DynamoDb.ResourceNotFoundException");
        assertThat(sdk.cause()).matches("Requested resource not found \\(Service: DynamoDb, Status Code: 400, "
                + "Request ID: \\S+\\) \\(SDK Attempt Count: 1\\)");

        IntegrationException optimised = failure("arn:aws:states:::dynamodb:getItem",
                "{\"TableName\": \"Nope\", \"Key\": {\"id\": {\"S\": \"x\"}}}");
        assertThat(optimised.error()).isEqualTo("DynamoDB.ResourceNotFoundException");
        assertThat(optimised.cause()).matches("Requested resource not found \\(Service: AmazonDynamoDBv2; Status Code: "
                + "400; Error Code: ResourceNotFoundException; Request ID: \\S+; Proxy: null\\)");
    }

    @Test
    void aFailedConditionIsConditionalCheckFailedException() throws Exception {
        String put = "{\"TableName\": \"Orders\", \"Item\": {\"id\": {\"S\": \"o-9\"}}, "
                + "\"ConditionExpression\": \"attribute_not_exists(id)\"}";
        call("arn:aws:states:::dynamodb:putItem", put);
        assertThat(failure("arn:aws:states:::dynamodb:putItem", put).error())
                .isEqualTo("DynamoDB.ConditionalCheckFailedException");
        assertThat(failure("arn:aws:states:::aws-sdk:dynamodb:putItem", put).error())
                .isEqualTo("DynamoDb.ConditionalCheckFailedException");
    }

    @Test
    void sqsSendMessageSerialisesAnObjectBodyAndTheMessageArrives() throws Exception {
        String queue = call("arn:aws:states:::aws-sdk:sqs:createQueue", "{\"QueueName\": \"work\"}")
                .get("QueueUrl").asText();
        JsonNode sent = call("arn:aws:states:::sqs:sendMessage",
                "{\"QueueUrl\": \"" + queue + "\", \"MessageBody\": {\"order\": \"o-1\", \"qty\": 2}}");
        assertThat(sent.get("MessageId").asText()).isNotEmpty();
        assertThat(sent.get("MD5OfMessageBody").asText()).hasSize(32);
        assertThat(sent.has("SdkHttpMetadata")).isTrue();

        JsonNode sentSdk = call("arn:aws:states:::aws-sdk:sqs:sendMessage",
                "{\"QueueUrl\": \"" + queue + "\", \"MessageBody\": \"plain\"}");
        assertThat(sentSdk.has("SdkHttpMetadata")).isFalse();

        JsonNode received = call("arn:aws:states:::aws-sdk:sqs:receiveMessage",
                "{\"QueueUrl\": \"" + queue + "\", \"MaxNumberOfMessages\": 10, \"WaitTimeSeconds\": 5}");
        assertThat(received.get("Messages")).hasSize(2);
        assertThat(Json.parse(received.get("Messages").get(0).get("Body").asText()))
                .isEqualTo(Json.parse("{\"order\": \"o-1\", \"qty\": 2}"));
        assertThat(received.get("Messages").get(1).get("Body").asText()).isEqualTo("plain");
    }

    @Test
    void aMissingQueueIsQueueDoesNotExistException() throws Exception {
        String missing = "{\"QueueUrl\": \"" + moto.endpoint() + "/123456789012/missing\", \"MessageBody\": \"x\"}";
        IntegrationException sdk = failure("arn:aws:states:::aws-sdk:sqs:sendMessage", missing);
        assertThat(sdk.error()).isEqualTo("Sqs.QueueDoesNotExistException");
        assertThat(sdk.cause()).startsWith("The specified queue does not exist. (Service: Sqs, Status Code: 400, ");

        IntegrationException optimised = failure("arn:aws:states:::sqs:sendMessage", missing);
        assertThat(optimised.error()).isEqualTo("SQS.QueueDoesNotExistException");
        assertThat(optimised.cause()).contains("(Service: AmazonSQS; Status Code: 400; "
                + "Error Code: AWS.SimpleQueueService.NonExistentQueue; Request ID: ");
    }

    @Test
    void eventBridgePutEventsDeliversTheEventWithTheExecutionAsAResource() throws Exception {
        String queue = call("arn:aws:states:::aws-sdk:sqs:createQueue", "{\"QueueName\": \"events\"}")
                .get("QueueUrl").asText();
        String queueArn = call("arn:aws:states:::aws-sdk:sqs:getQueueAttributes",
                "{\"QueueUrl\": \"" + queue + "\", \"AttributeNames\": [\"QueueArn\"]}")
                .get("Attributes").get("QueueArn").asText();
        call("arn:aws:states:::aws-sdk:eventbridge:putRule",
                "{\"Name\": \"to-queue\", \"EventPattern\": \"{\\\"source\\\": [\\\"stepwise.test\\\"]}\"}");
        call("arn:aws:states:::aws-sdk:eventbridge:putTargets",
                "{\"Rule\": \"to-queue\", \"Targets\": [{\"Id\": \"q\", \"Arn\": \"" + queueArn + "\"}]}");

        JsonNode put = call("arn:aws:states:::events:putEvents", """
                {"Entries": [{"Source": "stepwise.test", "DetailType": "OrderPlaced", "Detail": {"order": "o-1"}}]}""");
        assertThat(put.get("FailedEntryCount").asInt()).isZero();
        assertThat(put.get("Entries").get(0).get("EventId").asText()).isNotEmpty();
        assertThat(put.has("SdkHttpMetadata")).isTrue();

        JsonNode message = call("arn:aws:states:::aws-sdk:sqs:receiveMessage",
                "{\"QueueUrl\": \"" + queue + "\", \"WaitTimeSeconds\": 5}").get("Messages").get(0);
        JsonNode event = Json.parse(message.get("Body").asText());
        assertThat(event.get("detail")).isEqualTo(Json.parse("{\"order\": \"o-1\"}"));
        assertThat(event.get("resources")).isEqualTo(Json.parse("[\"" + TestCalls.EXECUTION
                + "\", \"arn:aws:states:us-east-1:123456789012:stateMachine:Machine\"]"));

        JsonNode sdk = call("arn:aws:states:::aws-sdk:eventbridge:putEvents", """
                {"Entries": [{"Source": "stepwise.test", "DetailType": "T", "Detail": "{\\"a\\": 1}"}]}""");
        assertThat(sdk.has("SdkHttpMetadata")).isFalse();
        assertThat(sdk.get("FailedEntryCount").asInt()).isZero();
    }

    @Test
    void aFailedEntryFailsTheOptimisedPutEvents() throws Exception {
        IntegrationException e = failure("arn:aws:states:::events:putEvents",
                "{\"Entries\": [{\"Source\": \"stepwise.test\"}]}");
        assertThat(e.error()).isEqualTo("EventBridge.FailedEntry");
        assertThat(Json.parse(e.cause()).get("FailedEntryCount").asInt()).isEqualTo(1);
        // the aws-sdk form answers the response as it is
        assertThat(call("arn:aws:states:::aws-sdk:eventbridge:putEvents",
                "{\"Entries\": [{\"Source\": \"stepwise.test\"}]}").get("FailedEntryCount").asInt()).isEqualTo(1);
    }

    @Test
    void stepFunctionsCallsGoToTheConfiguredEndpointInCamelCase() throws Exception {
        JsonNode created = call("arn:aws:states:::aws-sdk:sfn:createStateMachine", """
                {"Name": "Remote", "RoleArn": "arn:aws:iam::123456789012:role/r",
                 "Definition": "{\\"StartAt\\": \\"P\\", \\"States\\": {\\"P\\": {\\"Type\\": \\"Pass\\", \\"End\\": true}}}",
                 "Tags": [{"Key": "team", "Value": "a"}]}""");
        String arn = created.get("StateMachineArn").asText();
        assertThat(arn).endsWith(":stateMachine:Remote");
        assertThat(created.get("CreationDate").isIntegralNumber()).isTrue();
        assertThat(created.get("CreationDate").asLong()).isGreaterThan(1_000_000_000_000L);

        JsonNode tags = call("arn:aws:states:::aws-sdk:sfn:listTagsForResource", "{\"ResourceArn\": \"" + arn + "\"}");
        assertThat(tags.get("Tags")).isEqualTo(Json.parse("[{\"Key\": \"team\", \"Value\": \"a\"}]"));

        IntegrationException e = failure("arn:aws:states:::aws-sdk:sfn:describeExecution",
                "{\"ExecutionArn\": \"arn:aws:states:us-east-1:123456789012:execution:Remote:none\"}");
        assertThat(e.error()).isEqualTo("Sfn.ExecutionDoesNotExistException");
        assertThat(e.cause()).contains("(Service: Sfn, Status Code: 400, Request ID: ");
    }

    @Test
    void stepFunctionsCallsStayInThisServerWithoutAnSfnEndpoint() {
        AwsJsonIntegration withoutSfn = new AwsJsonIntegration(new IntegrationConfig(null,
                Map.of("dynamodb", moto.endpoint()), false, null, "a", "b", null), Clock.systemUTC());
        assertThat(withoutSfn.handles(TestCalls.integrated("arn:aws:states:::aws-sdk:sfn:startExecution"))).isFalse();
        assertThat(aws.handles(TestCalls.integrated("arn:aws:states:::aws-sdk:sfn:startExecution"))).isTrue();
        assertThat(aws.handles(TestCalls.integrated("arn:aws:states:::states:startExecution"))).isFalse();
        assertThat(aws.handles(TestCalls.integrated("arn:aws:states:::dynamodb:query"))).isFalse();
        assertThat(aws.handles(TestCalls.integrated("arn:aws:states:::sqs:sendMessage.waitForTaskToken"))).isTrue();
    }

    @Test
    void aServiceWithoutAnEndpointFailsTheTaskSayingWhatToConfigure() throws Exception {
        AwsJsonIntegration onlyDynamo = new AwsJsonIntegration(new IntegrationConfig(null,
                Map.of("dynamodb", moto.endpoint()), false, null, moto.accessKey(), moto.secretKey(), null),
                Clock.systemUTC());
        assertThatThrownBy(() -> onlyDynamo.call(TestCalls.call("arn:aws:states:::sqs:sendMessage",
                "{\"QueueUrl\": \"q\", \"MessageBody\": \"x\"}")))
                .isInstanceOfSatisfying(IntegrationException.class, e -> {
                    assertThat(e.error()).isEqualTo("States.Runtime");
                    assertThat(e.cause()).contains("--service-endpoint sqs=URL");
                });
    }

    @Test
    void callsAreSignedWithTheConfiguredKeyAndMotoChecksTheSignature() throws Exception {
        assertThat(call("arn:aws:states:::aws-sdk:dynamodb:listTables", "{}").get("TableNames"))
                .isEqualTo(Json.parse("[\"Orders\"]"));
        AwsJsonIntegration wrongSecret = new AwsJsonIntegration(config("not-the-secret"), Clock.systemUTC());
        IntegrationException e = null;
        try {
            wrongSecret.call(TestCalls.call("arn:aws:states:::aws-sdk:dynamodb:listTables", "{}"));
        } catch (IntegrationException refused) {
            e = refused;
        }
        assertThat(e).isNotNull();
        assertThat(e.error()).isEqualTo("DynamoDb.DynamoDbException");
        assertThat(e.cause()).contains("signature").contains("Status Code: 403");
    }
}
