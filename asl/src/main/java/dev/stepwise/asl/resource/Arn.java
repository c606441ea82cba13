package dev.stepwise.asl.resource;

import java.util.Objects;
import java.util.Optional;

/**
 * An Amazon Resource Name: {@code arn:{partition}:{service}:{region}:{account}:{resource}}. The
 * first five parts hold no ':' (region and account may be empty, as in
 * {@code arn:aws:states:::lambda:invoke}); the resource part is the rest and may hold ':' and '/'.
 * This is the one place ARN text is taken apart; {@link #toString()} gives the text back unchanged.
 *
 * <p>Step Functions and Lambda write their resource parts {@code type:name[:qualifier]}:
 * {@code stateMachine:M[:version|alias]}, {@code execution:M:name}, {@code express:M:name:uuid},
 * {@code activity:A}, {@code mapRun:M/label:uuid}, {@code function:F[:version|alias]}.
 * {@link #resourceType()}, {@link #resourceName()} and {@link #qualifier()} read that form;
 * other services' forms ({@code table/T}, {@code connection/c/id}) are left whole in {@link #resource()}.
 */
public record Arn(String partition, String service, String region, String account, String resource) {
    private static final String SCHEME = "arn:";

    public Arn {
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(resource, "resource");
        if (partition.isEmpty() || service.isEmpty() || resource.isEmpty() || partition.contains(":")
                || service.contains(":") || region.contains(":") || account.contains(":")) {
            throw new IllegalArgumentException("not the parts of an ARN: arn:" + partition + ":" + service + ":"
                    + region + ":" + account + ":" + resource);
        }
    }

    /**
     * The ARN {@code text} holds; empty when it is null or not {@code arn:p:s:r:a:resource}: "arn:",
     * then partition and service (not empty), region and account (may be empty), each ended by the
     * first ':' after it, then a resource that is not empty. Read with indexOf, not a regular
     * expression: every request that names a resource parses one or two.
     */
    public static Optional<Arn> parse(String text) {
        if (text == null || !text.startsWith(SCHEME)) {
            return Optional.empty();
        }
        int partitionEnd = text.indexOf(':', SCHEME.length());
        int serviceEnd = partitionEnd < 0 ? -1 : text.indexOf(':', partitionEnd + 1);
        int regionEnd = serviceEnd < 0 ? -1 : text.indexOf(':', serviceEnd + 1);
        int accountEnd = regionEnd < 0 ? -1 : text.indexOf(':', regionEnd + 1);
        if (accountEnd < 0 || partitionEnd == SCHEME.length() || serviceEnd == partitionEnd + 1
                || accountEnd == text.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(new Arn(text.substring(SCHEME.length(), partitionEnd),
                text.substring(partitionEnd + 1, serviceEnd), text.substring(serviceEnd + 1, regionEnd),
                text.substring(regionEnd + 1, accountEnd), text.substring(accountEnd + 1)));
    }

    /** The ARN {@code text} holds, for text that must be one (an ARN this server made and stored). */
    public static Arn of(String text) {
        return parse(text).orElseThrow(() -> new IllegalArgumentException("not an ARN: " + text));
    }

    /** The resource type of a {@code type:name} resource ("stateMachine"); the whole resource when it has no ':'. */
    public String resourceType() {
        int colon = resource.indexOf(':');
        return colon < 0 ? resource : resource.substring(0, colon);
    }

    /**
     * The name of a {@code type:name[:qualifier]} resource: the state machine's name of a state
     * machine, execution or express execution ARN, "M/label" of a Map run's; null when the
     * resource has no ':'.
     */
    public String resourceName() {
        int first = resource.indexOf(':');
        if (first < 0) {
            return null;
        }
        int second = resource.indexOf(':', first + 1);
        return second < 0 ? resource.substring(first + 1) : resource.substring(first + 1, second);
    }

    /**
     * What follows the name of a {@code type:name:qualifier} resource: a state machine's version or
     * alias, a function's version or alias, an execution's name ("name:uuid" for an express
     * execution), a Map run's id; null when there is none.
     */
    public String qualifier() {
        int first = resource.indexOf(':');
        int second = first < 0 ? -1 : resource.indexOf(':', first + 1);
        return second < 0 ? null : resource.substring(second + 1);
    }

    /** This {@code type:name} ARN with {@code qualifier} after its name in place of any it had. */
    public Arn withQualifier(String qualifier) {
        if (resourceName() == null) {
            throw new IllegalStateException("the resource of " + this + " has no name to qualify");
        }
        return withResource(unqualifiedResource() + ":" + qualifier);
    }

    /** This ARN without its qualifier: the state machine of a version or alias ARN. */
    public Arn withoutQualifier() {
        return qualifier() == null ? this : withResource(unqualifiedResource());
    }

    /** This ARN's partition, service, region and account with another resource part. */
    public Arn withResource(String resource) {
        return new Arn(partition, service, region, account, resource);
    }

    /** What this account's ARNs of the service start with: "arn:aws:states:us-east-1:123456789012:". */
    public String prefix() {
        return SCHEME + partition + ":" + service + ":" + region + ":" + account + ":";
    }

    /** The ARN as text, exactly as it was parsed. */
    @Override
    public String toString() {
        return prefix() + resource;
    }

    private String unqualifiedResource() {
        String name = resourceName();
        return name == null ? resource : resourceType() + ":" + name;
    }
}
