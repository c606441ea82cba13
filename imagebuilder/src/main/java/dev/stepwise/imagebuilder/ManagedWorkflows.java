package dev.stepwise.imagebuilder;

import dev.stepwise.imagebuilder.document.WorkflowDocuments;
import dev.stepwise.imagebuilder.document.WorkflowType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * AWS's managed workflows, which every account sees in every region under the account "aws":
 * {@code build-image}, {@code test-image} and {@code distribute-image}, with documents that follow
 * AWS's documentation of them (the steps AWS's examples of their runs show). They are the workflows
 * an image build runs when it names none. Read-only: served by GetWorkflow, ListWorkflows (owner
 * Amazon) and ListWorkflowBuildVersions.
 */
final class ManagedWorkflows {

    /** A managed workflow: its name, type, version, description, and document (a resource of this package). */
    record Definition(String name, WorkflowType type, SemanticVersion version, String description, String data) {}

    /** When the versions served here were published, as their dateCreated shows it. */
    private static final Instant PUBLISHED = Instant.parse("2024-11-14T00:00:00Z");

    private static final List<Definition> DEFINITIONS = List.of(
            definition("build-image", WorkflowType.BUILD, "1.0.3", "Workflow to build an AMI"),
            definition("test-image", WorkflowType.TEST, "1.0.3", "Workflow to test an AMI"),
            definition("distribute-image", WorkflowType.DISTRIBUTION, "1.0.0", "Workflow to distribute an AMI"));

    /** The records each region's callers see (their ARNs name the region), made once per region. */
    private static final Map<String, List<WorkflowRecord>> BY_REGION = new ConcurrentHashMap<>();

    private ManagedWorkflows() {}

    private static Definition definition(String name, WorkflowType type, String version, String description) {
        String resource = "managed/" + name + ".yaml";
        try (InputStream in = ManagedWorkflows.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the managed workflow document " + resource + " is missing");
            }
            return new Definition(name, type, SemanticVersion.parse(version), description,
                    new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Definition> definitions() {
        return DEFINITIONS;
    }

    /** Every managed workflow build as a caller in {@code region} sees it, in name order. */
    static List<WorkflowRecord> all(String region) {
        return BY_REGION.computeIfAbsent(region, r -> {
            List<WorkflowRecord> records = new ArrayList<>();
            DEFINITIONS.stream().sorted(Comparator.comparing(Definition::name)).forEach(d -> records.add(record(d, r)));
            return List.copyOf(records);
        });
    }

    /** The managed builds of {@code type} and {@code name} matching {@code version} (and the build number, if given). */
    static List<WorkflowRecord> matching(String region, WorkflowType type, String name, VersionSelector version,
                                         Integer buildNumber) {
        return all(region).stream()
                .filter(w -> w.type() == type && WorkflowArn.normalizedName(w.name()).equals(name))
                .filter(w -> version.matches(w.version()))
                .filter(w -> buildNumber == null || buildNumber == w.buildNumber())
                .toList();
    }

    static Optional<WorkflowRecord> build(String region, String arn) {
        return all(region).stream().filter(w -> w.arn().equals(arn)).findFirst();
    }

    private static WorkflowRecord record(Definition d, String region) {
        String arn = WorkflowArn.buildVersion(region, WorkflowArn.AWS_ACCOUNT, d.type(), d.name(), d.version(), 1);
        WorkflowDocuments.Checked checked = WorkflowDocuments.read(d.data(), d.type());
        if (!checked.valid()) {
            throw new IllegalStateException("the managed workflow " + d.name() + " is not valid: " + checked.problems());
        }
        return new WorkflowRecord(arn, d.name(), d.type(), d.version(), 1, d.description(), null,
                WorkflowRecord.AMAZON, d.data(), null, PUBLISHED, Map.of(), checked.document().parameters(), 0);
    }
}
