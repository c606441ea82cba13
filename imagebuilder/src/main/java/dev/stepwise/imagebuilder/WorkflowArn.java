package dev.stepwise.imagebuilder;

import dev.stepwise.imagebuilder.document.WorkflowType;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ARN of a workflow, in AWS's forms:
 * {@code arn:aws:imagebuilder:{region}:{account}:workflow/{build|test|distribution}/{name}/{version}[/{build}]},
 * where the account is 12 digits, or "aws" for AWS's managed workflows, the name is the workflow's
 * normalized name, and the version is a semantic version (a build version's ARN adds the build
 * number) or, in the forms that select versions, one with {@code x} wildcards.
 */
record WorkflowArn(String partition, String region, String account, WorkflowType type, String name,
                   VersionSelector version, Integer buildNumber) {

    /** The account of AWS's managed resources, as their ARNs write it. */
    static final String AWS_ACCOUNT = "aws";

    private static final Pattern FORM = Pattern.compile("^arn:(aws(?:-[a-z]+)*):imagebuilder:([a-z]{2,}(?:-[a-z]+)+-[0-9]+)"
            + ":([0-9]{12}|aws(?:-[a-z-]+)?):workflow/(build|test|distribution)/([a-z0-9-_]+)/([0-9x]+\\.[0-9x]+\\.[0-9x]+)"
            + "(?:/([0-9]+))?$");

    /** The ARN {@code text} writes; empty when it is not a workflow ARN of any of the forms. */
    static Optional<WorkflowArn> parse(String text) {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        VersionSelector version = VersionSelector.parse(m.group(6));
        if (version == null) {
            return Optional.empty();
        }
        Integer build = null;
        if (m.group(7) != null) {
            if (!version.exact() || m.group(7).length() > 9) {
                return Optional.empty();
            }
            build = Integer.parseInt(m.group(7));
        }
        WorkflowType type = WorkflowType.fromArnSegment(m.group(4)).orElseThrow();
        return Optional.of(new WorkflowArn(m.group(1), m.group(2), m.group(3), type, m.group(5), version, build));
    }

    /** A build version's ARN. */
    static String buildVersion(String region, String account, WorkflowType type, String name, SemanticVersion version,
                               int buildNumber) {
        return version(region, account, type, name, version.toString()) + "/" + buildNumber;
    }

    /** A version's ARN; {@code version} may hold wildcards ("1.x.x"). */
    static String version(String region, String account, WorkflowType type, String name, String version) {
        return "arn:aws:imagebuilder:" + region + ":" + account + ":workflow/" + type.arnSegment() + "/" + name + "/"
                + version;
    }

    /**
     * The name of a workflow as its ARNs write it: Image Builder makes ARNs from a normalized form of
     * the name, so names that differ only in case, spaces or underscores are the same name. Here:
     * lower case, spaces and underscores as hyphens.
     */
    static String normalizedName(String name) {
        return name.toLowerCase(Locale.ROOT).replace(' ', '-').replace('_', '-');
    }

    boolean isBuildVersion() {
        return buildNumber != null;
    }

    boolean managed() {
        return account.startsWith(AWS_ACCOUNT);
    }
}
