package dev.stepwise.integrations;

import dev.stepwise.asl.resource.TaskResource;
import java.util.Map;
import java.util.Set;

/**
 * The AWS JSON services whose Task states Stepwise forwards to a configured endpoint, and how each
 * speaks on the wire. Every fact here comes from the service's model (botocore's
 * {@code data/<service>/<version>/service-2.json}): the X-Amz-Target prefix, the JSON protocol
 * version, the signing name, the member names that are not PascalCase on the wire, and the
 * modelled errors. The rest is how Step Functions names things: the AWS SDK for Java v2 client
 * name that prefixes aws-sdk errors ({@code DynamoDb.…}), and the prefix and SDK v1 service name
 * of the optimised integrations' errors ({@code DynamoDB.…}, {@code AmazonDynamoDBv2}).
 */
final class AwsJsonServices {

    /**
     * One service.
     *
     * @param endpointKey the key of {@link IntegrationConfig#serviceEndpoints()} (the SDK service name)
     * @param targetPrefix the X-Amz-Target prefix ("DynamoDB_20120810")
     * @param jsonVersion the protocol's JSON version ("1.0" or "1.1"), the Content-Type's suffix
     * @param signingName the SigV4 service name ("states" for Step Functions)
     * @param sdkName the Java SDK v2 client name: aws-sdk errors are "{sdkName}.{Error}" and their
     *     causes say "Service: {sdkName}"
     * @param optimisedPrefix the prefix of the optimised integrations' errors, or null when there are none
     * @param v1Name the SDK v1 service name the optimised integrations' causes carry ("AmazonDynamoDBv2")
     * @param camelCaseWire whether every member is camelCase on the wire (Step Functions' own API),
     *     while task Parameters and results are PascalCase
     * @param wireNames members that are not PascalCase on the wire in a PascalCase service: by the
     *     member (or operation, for the top level) whose value holds them, the PascalCase name and the wire name
     * @param errors the modelled error shapes; others are reported as the service's generic exception
     * @param optimised the actions of the optimised integration ({@code arn:aws:states:::<service>:<action>})
     */
    record Service(String endpointKey, String targetPrefix, String jsonVersion, String signingName, String sdkName,
                   String optimisedPrefix, String v1Name, boolean camelCaseWire,
                   Map<String, Map<String, String>> wireNames, Set<String> errors, Set<String> optimised) {

        String contentType() {
            return "application/x-amz-json-" + jsonVersion;
        }

        /** The exception class name a modelled error code has in the SDKs ("QueueDoesNotExistException"). */
        String exceptionName(String code, boolean sdkV2) {
            if (code != null && errors.contains(code)) {
                return code.endsWith("Exception") ? code : code + "Exception";
            }
            return (sdkV2 ? sdkName : v1Name) + "Exception";
        }
    }

    static final Service DYNAMODB = new Service("dynamodb", "DynamoDB_20120810", "1.0", "dynamodb", "DynamoDb",
            "DynamoDB", "AmazonDynamoDBv2", false, Map.of(),
            Set.of("BackupInUseException", "BackupNotFoundException", "ConditionalCheckFailedException",
                    "ContinuousBackupsUnavailableException", "DuplicateItemException", "ExportConflictException",
                    "ExportNotFoundException", "GlobalTableAlreadyExistsException", "GlobalTableNotFoundException",
                    "IdempotentParameterMismatchException", "ImportConflictException", "ImportNotFoundException",
                    "IndexNotFoundException", "InternalServerError", "InvalidExportTimeException",
                    "InvalidRestoreTimeException", "ItemCollectionSizeLimitExceededException",
                    "LimitExceededException", "PointInTimeRecoveryUnavailableException", "PolicyNotFoundException",
                    "ProvisionedThroughputExceededException", "ReplicaAlreadyExistsException",
                    "ReplicaNotFoundException", "ReplicatedWriteConflictException", "RequestLimitExceeded",
                    "ResourceInUseException", "ResourceNotFoundException", "TableAlreadyExistsException",
                    "TableInUseException", "TableNotFoundException", "ThrottlingException",
                    "TransactionCanceledException", "TransactionConflictException",
                    "TransactionInProgressException"),
            Set.of("putItem", "getItem", "deleteItem", "updateItem"));

    static final Service SQS = new Service("sqs", "AmazonSQS", "1.0", "sqs", "Sqs", "SQS", "AmazonSQS", false,
            // CreateQueue's tags and ListDeadLetterSourceQueues' queueUrls are camelCase in the model
            Map.of("CreateQueue", Map.of("Tags", "tags"), "ListDeadLetterSourceQueues", Map.of("QueueUrls", "queueUrls")),
            Set.of("BatchEntryIdsNotDistinct", "BatchRequestTooLong", "EmptyBatchRequest", "InvalidAddress",
                    "InvalidAttributeName", "InvalidAttributeValue", "InvalidBatchEntryId", "InvalidIdFormat",
                    "InvalidMessageContents", "InvalidSecurity", "KmsAccessDenied", "KmsDisabled",
                    "KmsInvalidKeyUsage", "KmsInvalidState", "KmsNotFound", "KmsOptInRequired", "KmsThrottled",
                    "MessageNotInflight", "OverLimit", "PurgeQueueInProgress", "QueueDeletedRecently",
                    "QueueDoesNotExist", "QueueNameExists", "ReceiptHandleIsInvalid", "RequestThrottled",
                    "ResourceNotFoundException", "TooManyEntriesInBatchRequest", "UnsupportedOperation"),
            Set.of("sendMessage"));

    static final Service EVENTBRIDGE = new Service("eventbridge", "AWSEvents", "1.1", "events", "EventBridge",
            "EventBridge", "AmazonEventBridge", false,
            // the ECS target parameters keep ECS's own camelCase members
            Map.of("CapacityProviderStrategy", Map.of("CapacityProvider", "capacityProvider", "Weight", "weight",
                            "Base", "base"),
                    "NetworkConfiguration", Map.of("AwsvpcConfiguration", "awsvpcConfiguration"),
                    "PlacementConstraints", Map.of("Type", "type", "Expression", "expression"),
                    "PlacementStrategy", Map.of("Type", "type", "Field", "field")),
            Set.of("AccessDeniedException", "ConcurrentModificationException", "IllegalStatusException",
                    "InternalException", "InvalidEventPatternException", "InvalidStateException",
                    "LimitExceededException", "ManagedRuleException", "OperationDisabledException",
                    "PolicyLengthExceededException", "ResourceAlreadyExistsException", "ResourceNotFoundException",
                    "ThrottlingException"),
            Set.of("putEvents"));

    static final Service SFN = new Service("sfn", "AWSStepFunctions", "1.0", "states", "Sfn", null,
            "AWSStepFunctions", true, Map.of(),
            Set.of("ActivityAlreadyExists", "ActivityDoesNotExist", "ActivityLimitExceeded",
                    "ActivityWorkerLimitExceeded", "ConflictException", "ExecutionAlreadyExists",
                    "ExecutionDoesNotExist", "ExecutionLimitExceeded", "ExecutionNotRedrivable", "InvalidArn",
                    "InvalidDefinition", "InvalidEncryptionConfiguration", "InvalidExecutionInput",
                    "InvalidLoggingConfiguration", "InvalidName", "InvalidOutput", "InvalidToken",
                    "InvalidTracingConfiguration", "KmsAccessDeniedException", "KmsInvalidStateException",
                    "KmsThrottlingException", "MissingRequiredParameter", "ResourceNotFound",
                    "ServiceQuotaExceededException", "StateMachineAlreadyExists", "StateMachineDeleting",
                    "StateMachineDoesNotExist", "StateMachineLimitExceeded", "StateMachineTypeNotSupported",
                    "TaskDoesNotExist", "TaskTimedOut", "TooManyTags", "ValidationException"),
            Set.of());

    /** By the service name of aws-sdk resources ({@code aws-sdk:dynamodb:putItem}). */
    private static final Map<String, Service> BY_SDK_NAME = Map.of("dynamodb", DYNAMODB, "sqs", SQS,
            "eventbridge", EVENTBRIDGE, "sfn", SFN);

    /** By the service name of optimised resources ({@code arn:aws:states:::events:putEvents}). */
    private static final Map<String, Service> BY_OPTIMISED_NAME = Map.of("dynamodb", DYNAMODB, "sqs", SQS,
            "events", EVENTBRIDGE);

    private AwsJsonServices() {}

    /** The service that carries out {@code resource}, or null when it is none of these. */
    static Service of(TaskResource.Integrated resource) {
        if (resource.sdk()) {
            return BY_SDK_NAME.get(resource.service());
        }
        Service s = BY_OPTIMISED_NAME.get(resource.service());
        return s != null && s.optimised().contains(resource.action()) ? s : null;
    }
}
