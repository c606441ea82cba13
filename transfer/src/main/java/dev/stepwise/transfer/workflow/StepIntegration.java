package dev.stepwise.transfer.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.api.Caller;
import dev.stepwise.asl.json.Json;
import dev.stepwise.asl.resource.TaskResource;
import dev.stepwise.integrations.Integration;
import dev.stepwise.integrations.IntegrationException;
import dev.stepwise.integrations.TaskCall;
import dev.stepwise.transfer.sftp.FileLocation;
import dev.stepwise.transfer.storage.FileStorage;
import dev.stepwise.transfer.storage.StorageException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Carries out a workflow's steps ({@code arn:aws:states:::transfer-workflow:<type>}) on the
 * storage domains: COPY, TAG, DELETE and DECRYPT at once, CUSTOM by invoking its Lambda function
 * asynchronously with AWS's event and waiting for SendWorkflowStepState (the task's callback).
 * Each step reads the file its SourceFileLocation names (the previous step's file by default, or
 * the uploaded one) and answers with its result and the file the next step reads as the previous
 * file. A failure is the step's ExecutionErrorType with its message (see {@link StepErrors}).
 * Running a step twice (after a restart) repeats it: COPY, TAG and DELETE are idempotent but for a
 * copy refused the second time because the first made its destination.
 */
public final class StepIntegration implements Integration {
    static final String PHASE = "Phase";
    static final String INDEX = "Index";
    static final String STATE = "State";
    static final String TOKEN = "Token";
    static final String FILE = "File";
    static final String RESULT = "Result";
    /** A result's own member (never shown by DescribeExecution): the file the step read, for the log lines. */
    static final String INPUT = "Input";

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(?i:transfer):(UserName|UploadDate)}");

    private final FileStorage storage;
    private final Decryption decryption;
    private final CustomSteps custom;

    /** Decrypts a DECRYPT step's source into its destination, as the user's PGP keys allow. */
    @FunctionalInterface
    public interface Decryption {
        FileLocation decrypt(Caller caller, WorkflowState.Details execution, FileLocation source,
                             FileLocation destination, boolean overwrite) throws IOException;
    }

    public StepIntegration(FileStorage storage, Decryption decryption, CustomSteps custom) {
        this.storage = storage;
        this.decryption = decryption;
        this.custom = custom;
    }

    @Override
    public boolean handles(TaskResource.Integrated resource) {
        return !resource.sdk() && resource.service().equals(WorkflowMachine.SERVICE);
    }

    @Override
    public JsonNode call(TaskCall call) throws IntegrationException, InterruptedException {
        JsonNode p = call.parameters();
        JsonNode state = p.path(STATE);
        JsonNode step = WorkflowState.step(state, p.path(PHASE).asText(), p.path(INDEX).asInt());
        String type = step.path("Type").asText();
        JsonNode details = step.path(detailsMember(type));
        WorkflowState.Details execution = WorkflowState.details(state);
        FileLocation source = WorkflowState.file(state.path(
                "${original.file}".equals(details.path("SourceFileLocation").asText())
                        ? WorkflowState.ORIGINAL : WorkflowState.PREVIOUS));
        try {
            return switch (type) {
                case "COPY" -> done(type, source, copy(details, execution, source), null);
                case "TAG" -> tag(details, source);
                case "DELETE" -> {
                    storage.delete(source);
                    yield done(type, source, source, null);
                }
                case "DECRYPT" -> done(type, source, decryption.decrypt(
                        new Caller(call.account(), call.region(), null), execution, source,
                        destination(details.path("DestinationFileLocation"), execution, source),
                        overwrite(details)), null);
                case "CUSTOM" -> custom.invoke(call, details.path("Target").asText(), p.path(TOKEN).asText(),
                        execution, source);
                default -> throw new IntegrationException("BAD_REQUEST", "Unknown step type " + type + ".");
            };
        } catch (StorageException e) {
            throw new IntegrationException(e.type().name(), e.getMessage());
        } catch (IOException e) {
            throw new IntegrationException("INTERNAL_SERVER_ERROR", String.valueOf(e.getMessage()));
        }
    }

    private FileLocation copy(JsonNode details, WorkflowState.Details execution, FileLocation source)
            throws IOException {
        FileLocation destination = destination(details.path("DestinationFileLocation"), execution, source);
        if (!(source instanceof FileLocation.S3) || !(destination instanceof FileLocation.S3)) {
            // "Currently, you can use a copy file step only with Amazon S3." (the user guide)
            throw new StorageException(StorageException.Type.BAD_REQUEST,
                    "A copy step copies files stored in Amazon S3 only.");
        }
        return storage.copy(source, destination, overwrite(details));
    }

    private ObjectNode tag(JsonNode details, FileLocation source) throws IOException {
        Map<String, String> tags = new LinkedHashMap<>();
        details.path("Tags").forEach(t -> tags.put(t.path("Key").asText(), t.path("Value").asText()));
        FileLocation tagged = storage.tag(source, tags);
        ObjectNode outputs = Json.object();
        ArrayNode list = outputs.putArray("Tags");
        tags.forEach((k, v) -> list.addObject().put("Key", k).put("Value", v));
        return done("TAG", source, tagged, Json.write(outputs));
    }

    private static boolean overwrite(JsonNode details) {
        return "TRUE".equals(details.path("OverwriteExisting").asText());
    }

    /**
     * A step's destination with its variables resolved (${transfer:UserName}, ${transfer:UploadDate}
     * as YYYY-MM-DD in UTC) and, when it names a folder (ends in "/"), the source file's name appended.
     */
    static FileLocation destination(JsonNode location, WorkflowState.Details execution, FileLocation source) {
        JsonNode s3 = location.path("S3FileLocation");
        FileLocation destination = s3.isObject()
                ? new FileLocation.S3(s3.path("Bucket").asText(), resolve(s3.path("Key").asText(), execution), null,
                        null)
                : new FileLocation.Efs(location.path("EfsFileLocation").path("FileSystemId").asText(),
                        resolve(location.path("EfsFileLocation").path("Path").asText(), execution));
        return FileStorage.into(destination, FileStorage.fileName(source));
    }

    static String resolve(String text, WorkflowState.Details execution) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = m.group(1).equals("UserName") ? execution.userName() : execution.uploadDate();
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        return m.appendTail(out).toString();
    }

    /**
     * A step's answer: its result (ExecutionStepResult, with the file it read) and the file the next
     * step reads as the previous one.
     */
    static ObjectNode done(String type, FileLocation read, FileLocation file, String outputs) {
        ObjectNode o = Json.object();
        o.set(FILE, WorkflowState.location(file));
        o.set(RESULT, result(type, read, outputs));
        return o;
    }

    static ObjectNode result(String type, FileLocation read, String outputs) {
        ObjectNode result = Json.object();
        result.put("StepType", type);
        if (outputs != null) {
            result.put("Outputs", outputs);
        }
        if (read != null) {
            result.set(INPUT, WorkflowState.location(read));
        }
        return result;
    }

    static String detailsMember(String type) {
        return switch (type) {
            case "COPY" -> "CopyStepDetails";
            case "TAG" -> "TagStepDetails";
            case "DELETE" -> "DeleteStepDetails";
            case "DECRYPT" -> "DecryptStepDetails";
            default -> "CustomStepDetails";
        };
    }
}
