package dev.stepwise.imagebuilder;

import dev.stepwise.imagebuilder.document.WorkflowParameter;
import dev.stepwise.imagebuilder.document.WorkflowType;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A workflow build version: what CreateWorkflow made (or AWS manages), immutable but for its tags.
 * {@code name} is the name as it was given; its ARN holds the normalized name. {@code owner} is the
 * account id, or "Amazon" for AWS's managed workflows. {@code parameters} are the document's,
 * read when it was created. {@code rowVersion} is the catalog row's version (0 for managed ones).
 */
record WorkflowRecord(String arn, String name, WorkflowType type, SemanticVersion version, int buildNumber,
                      String description, String changeDescription, String owner, String data, String kmsKeyId,
                      Instant dateCreated, Map<String, String> tags, List<WorkflowParameter> parameters,
                      long rowVersion) {

    static final String AMAZON = "Amazon";

    WorkflowRecord {
        tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        parameters = List.copyOf(parameters);
    }

    WorkflowArn parsedArn() {
        return WorkflowArn.parse(arn).orElseThrow();
    }

    /** The ARN of this build's version (without the build number). */
    String versionArn() {
        return arn.substring(0, arn.lastIndexOf('/'));
    }

    boolean managed() {
        return AMAZON.equals(owner);
    }

    WorkflowRecord withTags(Map<String, String> newTags) {
        return new WorkflowRecord(arn, name, type, version, buildNumber, description, changeDescription, owner, data,
                kmsKeyId, dateCreated, newTags, parameters, rowVersion);
    }

    /**
     * Whether a request to create a build of this version would make this very build again: same
     * document and the same settings. (Image Builder refuses such a request.)
     */
    boolean sameConfiguration(String otherData, String otherDescription, String otherChangeDescription,
                              String otherKmsKeyId) {
        return data.equals(otherData) && java.util.Objects.equals(description, otherDescription)
                && java.util.Objects.equals(changeDescription, otherChangeDescription)
                && java.util.Objects.equals(kmsKeyId, otherKmsKeyId);
    }
}
