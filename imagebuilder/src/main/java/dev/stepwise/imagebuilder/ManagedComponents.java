package dev.stepwise.imagebuilder;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.json.Json;
import dev.stepwise.engine.store.Resource;
import dev.stepwise.imagebuilder.RecordCatalog.Stored;
import dev.stepwise.imagebuilder.component.ComponentDocuments;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A catalog of AWS's managed components, the ones recipes name most (update, reboot, the AWS CLI,
 * the CloudWatch agent, Python, hello-world and the reboot tests, for Linux and Windows), which every
 * account sees in every region under the account "aws" with owner {@code Amazon}:
 * {@code arn:aws:imagebuilder:{region}:aws:component/update-linux/1.0.2/1}. Each name is served in
 * the versions public recipes name (one build each), so a wildcard version ({@code x.x.x},
 * {@code 1.0.x}) selects the newest as it does on AWS. Their documents are this project's own short
 * AWSTOE documents doing what the component's name says (AWS's own are not copied); they pass the
 * checks of {@link ComponentDocuments}. Read-only: GetComponent, ListComponents (owner Amazon),
 * ListComponentBuildVersions and recipes read them; nobody deletes or tags them.
 */
final class ManagedComponents {
    static final String ACCOUNT = "aws";
    static final String OWNER = "Amazon";

    /** A managed component name: its platform, description, versions (oldest first) and document. */
    record Definition(String name, String platform, String description, List<String> versions, String data) {}

    /** When the versions served here were published, as their dateCreated shows it (one day apart, oldest first). */
    private static final Instant PUBLISHED = Instant.parse("2023-01-10T00:00:00Z");

    private static final String UPDATE_LINUX = """
            name: UpdateLinux
            description: Updates the operating system's packages, security updates included.
            schemaVersion: 1.0
            phases:
              - name: build
                steps:
                  - name: UpdateOS
                    action: UpdateOS
            """;
    private static final String UPDATE_WINDOWS = UPDATE_LINUX.replace("UpdateLinux", "UpdateWindows");
    private static final String REBOOT = """
            name: Reboot
            description: Reboots the instance.
            schemaVersion: 1.0
            phases:
              - name: build
                steps:
                  - name: Reboot
                    action: Reboot
                    inputs:
                      delaySeconds: 0
            """;
    private static final String REBOOT_TEST = """
            name: RebootTest
            description: Tests that the instance comes back from a reboot.
            schemaVersion: 1.0
            phases:
              - name: test
                steps:
                  - name: Reboot
                    action: Reboot
            """;

    private static String bash(String name, String description, String command) {
        return """
                name: NAME
                description: DESCRIPTION
                schemaVersion: 1.0
                phases:
                  - name: build
                    steps:
                      - name: Install
                        action: ExecuteBash
                        inputs:
                          commands:
                            - COMMAND
                """.replace("NAME", name).replace("DESCRIPTION", description).replace("COMMAND", command);
    }

    private static String powerShell(String name, String description, String command) {
        return bash(name, description, command).replace("ExecuteBash", "ExecutePowerShell");
    }

    private static final List<Definition> DEFINITIONS = List.of(
            new Definition("update-linux", "Linux", "Updates Linux with the latest security updates.",
                    List.of("1.0.0", "1.0.1", "1.0.2"), UPDATE_LINUX),
            new Definition("update-windows", "Windows", "Updates Windows with the latest security updates.",
                    List.of("1.0.0", "1.0.1"), UPDATE_WINDOWS),
            new Definition("reboot-linux", "Linux", "Reboots the Linux instance.", List.of("1.0.0", "1.0.1"), REBOOT),
            new Definition("reboot-windows", "Windows", "Reboots the Windows instance.", List.of("1.0.0", "1.0.1"),
                    REBOOT),
            new Definition("reboot-test-linux", "Linux", "Tests that the Linux instance can reboot.",
                    List.of("1.0.0"), REBOOT_TEST),
            new Definition("reboot-test-windows", "Windows", "Tests that the Windows instance can reboot.",
                    List.of("1.0.0"), REBOOT_TEST),
            new Definition("aws-cli-version-2-linux", "Linux", "Installs the latest version of the AWS CLI version 2.",
                    List.of("1.0.0", "1.0.1", "1.0.2", "1.0.3"), bash("AwsCliV2", "Installs the AWS CLI version 2.",
                            "curl -sSf https://awscli.amazonaws.com/awscli-exe-linux-x86_64.zip -o awscliv2.zip")),
            new Definition("aws-cli-version-2-windows", "Windows", "Installs the latest version of the AWS CLI "
                    + "version 2.", List.of("1.0.0", "1.0.1"), powerShell("AwsCliV2", "Installs the AWS CLI version 2.",
                            "Start-Process msiexec.exe -Wait -ArgumentList '/i https://awscli.amazonaws.com/AWSCLIV2.msi "
                                    + "/qn'")),
            new Definition("amazon-cloudwatch-agent-linux", "Linux", "Installs the latest version of the Amazon "
                    + "CloudWatch agent.", List.of("1.0.0", "1.0.1"), bash("CloudWatchAgent",
                            "Installs the Amazon CloudWatch agent.", "yum install -y amazon-cloudwatch-agent")),
            new Definition("amazon-cloudwatch-agent-windows", "Windows", "Installs the latest version of the Amazon "
                    + "CloudWatch agent.", List.of("1.0.0", "1.0.1"), powerShell("CloudWatchAgent",
                            "Installs the Amazon CloudWatch agent.", "Start-Process msiexec.exe -Wait -ArgumentList "
                                    + "'/i amazon-cloudwatch-agent.msi /qn'")),
            new Definition("python-3-linux", "Linux", "Installs Python 3.", List.of("1.0.0", "1.0.1"),
                    bash("Python3", "Installs Python 3.", "yum install -y python3")),
            new Definition("hello-world-linux", "Linux", "Prints hello world.", List.of("1.0.0"),
                    bash("HelloWorld", "Prints hello world.", "echo 'Hello World!'")),
            new Definition("hello-world-windows", "Windows", "Prints hello world.", List.of("1.0.0"),
                    powerShell("HelloWorld", "Prints hello world.", "Write-Host 'Hello World!'")));

    /** The builds each region's callers see (their ARNs name the region), in name and version order. */
    private static final Map<String, List<Stored>> BY_REGION = new ConcurrentHashMap<>();

    private ManagedComponents() {}

    static List<Definition> definitions() {
        return DEFINITIONS;
    }

    /** Whether {@code arn} names AWS's account (a managed component, if any). */
    static boolean isManaged(String arn) {
        return RecordArns.accountAndRegion(arn).map(ar -> ar[0].equals(ACCOUNT)).orElse(false);
    }

    /**
     * Every managed component build as a caller in {@code region} sees it, in name and version order,
     * each as a row (never stored: version 0) keyed as the caller's own components are.
     */
    static List<Stored> all(String region) {
        return BY_REGION.computeIfAbsent(region, ManagedComponents::builds);
    }

    /** The build {@code arn} names exactly. */
    static Optional<Stored> build(String region, String arn) {
        return all(region).stream().filter(s -> s.arn().equals(arn)).findFirst();
    }

    /** The builds of the normalized {@code name} whose versions {@code version} selects, oldest first. */
    static List<Stored> matching(String region, String name, VersionSelector version) {
        return all(region).stream()
                .filter(s -> s.body().path("name").asText().equals(name))
                .filter(s -> version.matches(SemanticVersion.parse(s.body().path("version").asText())))
                .toList();
    }

    private static List<Stored> builds(String region) {
        List<Stored> rows = new ArrayList<>();
        for (Definition d : DEFINITIONS.stream().sorted(Comparator.comparing(Definition::name)).toList()) {
            ComponentDocuments.Checked checked = ComponentDocuments.read(d.data());
            if (!checked.valid()) {
                throw new IllegalStateException("the managed component " + d.name() + " is not valid: "
                        + checked.problems());
            }
            for (int i = 0; i < d.versions().size(); i++) {
                SemanticVersion version = SemanticVersion.parse(d.versions().get(i));
                String arn = RecordArns.componentBuildVersion(region, ACCOUNT, d.name(), version, 1);
                ObjectNode o = Json.object();
                o.put("arn", arn).put("name", d.name()).put("version", version.toString());
                o.put("description", d.description());
                o.put("type", checked.document().type()).put("platform", d.platform());
                o.putObject("state").put("status", "ACTIVE");
                o.put("owner", OWNER).put("data", d.data()).put("encrypted", true);
                o.put("dateCreated", WorkflowViews.dateTime(PUBLISHED.plusSeconds(86_400L * i)));
                o.putObject("tags");
                rows.add(new Stored(new Resource(arn, ACCOUNT, region, RecordCatalog.COMPONENT, "",
                        ComponentOperations.buildKey(d.name(), version, 1), 0, Json.write(o)), o));
            }
        }
        return List.copyOf(rows);
    }
}
