package dev.stepwise.transfer;

import static dev.stepwise.transfer.ModelRules.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * A workflow's Steps and OnExceptionSteps (up to 8 each), checked against the model (every member
 * of every step type's details) and then against the API reference's rules: each step has a Type
 * and exactly the details of its type; COPY copies to an S3 location (bucket and key) and TAG tags
 * S3 objects; CUSTOM names its Lambda target; DECRYPT names one destination, S3 or EFS; a step's
 * SourceFileLocation is ${previous.file} (the default) or ${original.file}.
 */
final class WorkflowSteps {
    static final int MAX_STEPS = 8;
    static final List<String> SOURCE_FILE_LOCATIONS = List.of("${previous.file}", "${original.file}");
    private static final Map<String, String> DETAILS = Map.of("COPY", "CopyStepDetails", "CUSTOM",
            "CustomStepDetails", "TAG", "TagStepDetails", "DELETE", "DeleteStepDetails", "DECRYPT", "DecryptStepDetails");

    private WorkflowSteps() {}

    /** Reads a list of steps into {@code r}'s model checks. */
    static void read(TransferRequest r, String member, boolean required) {
        List<TransferRequest> steps = r.structs(member, 0, MAX_STEPS);
        if (steps == null) {
            if (required) {
                r.missing(member);
            }
            return;
        }
        for (TransferRequest step : steps) {
            step.enumValue("Type", STEP_TYPES);
            TransferRequest copy = step.struct("CopyStepDetails");
            if (copy != null) {
                common(copy);
                location(copy.struct("DestinationFileLocation"));
                copy.enumValue("OverwriteExisting", OVERWRITE_EXISTING);
            }
            TransferRequest custom = step.struct("CustomStepDetails");
            if (custom != null) {
                common(custom);
                custom.string("Target", CUSTOM_STEP_TARGET);
                custom.integer("TimeoutSeconds", 1, 1800);
            }
            TransferRequest delete = step.struct("DeleteStepDetails");
            if (delete != null) {
                common(delete);
            }
            TransferRequest tag = step.struct("TagStepDetails");
            if (tag != null) {
                common(tag);
                List<TransferRequest> tags = tag.structs("Tags", 1, 10);
                if (tags != null) {
                    for (TransferRequest t : tags) {
                        t.requiredString("Key", S3_TAG_KEY);
                        t.requiredString("Value", S3_TAG_VALUE);
                    }
                }
            }
            TransferRequest decrypt = step.struct("DecryptStepDetails");
            if (decrypt != null) {
                common(decrypt);
                decrypt.requiredEnum("Type", ENCRYPTION_TYPES);
                decrypt.enumValue("OverwriteExisting", OVERWRITE_EXISTING);
                location(decrypt.requiredStruct("DestinationFileLocation"));
            }
        }
    }

    private static void common(TransferRequest details) {
        details.string("Name", STEP_NAME);
        details.string("SourceFileLocation", SOURCE_FILE_LOCATION);
    }

    private static void location(TransferRequest location) {
        if (location == null) {
            return;
        }
        TransferRequest s3 = location.struct("S3FileLocation");
        if (s3 != null) {
            s3.string("Bucket", S3_BUCKET);
            s3.string("Key", S3_KEY);
        }
        TransferRequest efs = location.struct("EfsFileLocation");
        if (efs != null) {
            efs.string("FileSystemId", EFS_FILE_SYSTEM_ID);
            efs.string("Path", EFS_PATH);
        }
    }

    /** The API reference's rules on steps that passed the model's checks; InvalidRequestException on the first broken. */
    static void check(JsonNode steps, String member) {
        if (steps == null) {
            return;
        }
        int i = 1;
        for (JsonNode step : steps) {
            checkStep(step, member + "[" + i++ + "]");
        }
    }

    private static void checkStep(JsonNode step, String where) {
        String type = step.path("Type").asText(null);
        if (type == null) {
            throw invalid(where, "a step must have a Type");
        }
        String details = DETAILS.get(type);
        for (String other : DETAILS.values()) {
            if (!other.equals(details) && step.hasNonNull(other)) {
                throw invalid(where, other + " cannot be given for a step of type " + type);
            }
        }
        JsonNode d = step.get(details);
        if (d == null || d.isNull()) {
            throw invalid(where, "a step of type " + type + " needs " + details);
        }
        String source = d.path("SourceFileLocation").asText(null);
        if (source != null && !SOURCE_FILE_LOCATIONS.contains(source)) {
            throw invalid(where, "SourceFileLocation must be ${previous.file} or ${original.file}");
        }
        switch (type) {
            case "COPY" -> {
                JsonNode s3 = d.path("DestinationFileLocation").path("S3FileLocation");
                if (d.path("DestinationFileLocation").has("EfsFileLocation")) {
                    throw invalid(where, "a COPY step copies to Amazon S3 only");
                }
                if (!s3.hasNonNull("Bucket") || !s3.hasNonNull("Key")) {
                    throw invalid(where, "a COPY step needs a DestinationFileLocation with an S3FileLocation "
                            + "Bucket and Key");
                }
            }
            case "CUSTOM" -> {
                if (!d.hasNonNull("Target")) {
                    throw invalid(where, "a CUSTOM step needs a Target");
                }
            }
            case "TAG" -> {
                if (!d.hasNonNull("Tags")) {
                    throw invalid(where, "a TAG step needs Tags");
                }
            }
            case "DECRYPT" -> decryptDestination(d.path("DestinationFileLocation"), where);
            default -> { }
        }
    }

    private static void decryptDestination(JsonNode destination, String where) {
        boolean s3 = destination.hasNonNull("S3FileLocation");
        boolean efs = destination.hasNonNull("EfsFileLocation");
        if (s3 == efs) {
            throw invalid(where, "a DECRYPT step needs exactly one of S3FileLocation and EfsFileLocation");
        }
        if (s3 && !destination.get("S3FileLocation").hasNonNull("Bucket")) {
            throw invalid(where, "a DECRYPT step's S3FileLocation needs a Bucket");
        }
        if (efs && (!destination.get("EfsFileLocation").hasNonNull("FileSystemId")
                || !destination.get("EfsFileLocation").hasNonNull("Path"))) {
            throw invalid(where, "a DECRYPT step's EfsFileLocation needs a FileSystemId and a Path");
        }
    }

    private static dev.stepwise.api.ServiceException invalid(String where, String rule) {
        return TransferErrors.invalidRequest("Invalid workflow step " + where + ": " + rule);
    }
}
