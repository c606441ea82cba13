package dev.stepwise.transfer.workflow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.json.Json;
import dev.stepwise.asl.resource.TaskResource;
import dev.stepwise.engine.Command;
import dev.stepwise.integrations.Integration;
import dev.stepwise.integrations.IntegrationException;
import dev.stepwise.integrations.TaskCall;
import dev.stepwise.transfer.sftp.FileLocation;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

/**
 * Custom steps: the step's Lambda function is invoked asynchronously (InvocationType Event, through
 * the task integrations' Lambda endpoint) with the event AWS sends (the callback token, the
 * execution's and the upload's details, the step's file), and the step waits until
 * SendWorkflowStepState answers for it or its TimeoutSeconds pass.
 *
 * <p>The callback token is AWS's form (base64 of a UUID: 48 characters matching \w+), derived from
 * the engine's task, so invoking the step again after a restart hands the function the same token;
 * the token's row ({@link ExecutionRecords#awaitCallback}) is written before the function is
 * invoked, so a callback never finds its step unknown.
 */
public final class CustomSteps {
    private static final TaskResource.Integrated INVOKE =
            (TaskResource.Integrated) TaskResource.parse("arn:aws:states:::lambda:invoke");

    private final ExecutionRecords records;
    private final Integration lambda;

    public CustomSteps(ExecutionRecords records, Integration lambda) {
        this.records = records;
        this.lambda = lambda;
    }

    /** The callback token of the custom step that runs as the engine's task {@code taskId}. */
    static String token(String taskId) {
        String uuid = UUID.nameUUIDFromBytes(taskId.getBytes(StandardCharsets.UTF_8)).toString();
        return Base64.getEncoder().encodeToString(uuid.getBytes(StandardCharsets.US_ASCII));
    }

    /** Invokes the function and answers the task's submission (the step then waits for its callback). */
    ObjectNode invoke(TaskCall call, String target, String engineToken, WorkflowState.Details execution,
                      FileLocation file) throws IntegrationException, InterruptedException {
        String taskId = call.task().taskId();
        String token = token(taskId);
        records.awaitCallback(call.executionArn(), token, taskId);
        ObjectNode parameters = Json.object();
        parameters.put("FunctionName", target);
        parameters.set("Payload", event(token, execution, file));
        parameters.put("InvocationType", "Event");
        Command.StartTask invoke = new Command.StartTask(taskId, engineToken, call.task().stateName(), INVOKE,
                parameters, null, null, call.task().invocation());
        try {
            lambda.call(new TaskCall(call.executionArn(), invoke, INVOKE));
        } catch (IntegrationException e) {
            throw new IntegrationException(errorType(e.error()), "The custom step's function " + target
                    + " could not be invoked: " + e.cause());
        }
        return Json.object().put("Token", token);
    }

    /** The event AWS sends a custom step's function ("Example events sent to AWS Lambda upon file upload"). */
    static ObjectNode event(String token, WorkflowState.Details execution, FileLocation file) {
        ObjectNode event = Json.object();
        event.put("token", token);
        ObjectNode metadata = event.putObject("serviceMetadata");
        metadata.putObject("executionDetails").put("workflowId", execution.workflowId())
                .put("executionId", execution.executionId());
        ObjectNode transfer = metadata.putObject("transferDetails");
        transfer.put("sessionId", execution.sessionId());
        transfer.put("userName", execution.userName());
        transfer.put("serverId", execution.serverId());
        ObjectNode location = event.putObject("fileLocation");
        switch (file) {
            case FileLocation.S3 s3 -> {
                location.put("domain", "S3");
                location.put("bucket", s3.bucket());
                location.put("key", s3.key());
                location.put("eTag", s3.etag());
                location.put("versionId", s3.versionId());
            }
            case FileLocation.Efs efs -> {
                location.put("domain", "EFS");
                location.put("fileSystemId", efs.fileSystemId());
                location.put("path", efs.path());
            }
        }
        return event;
    }

    private static String errorType(String lambdaError) {
        if (lambdaError.contains("ResourceNotFound")) {
            return "NOT_FOUND";
        }
        return lambdaError.contains("AccessDenied") ? "PERMISSION_DENIED" : "INTERNAL_SERVER_ERROR";
    }
}
