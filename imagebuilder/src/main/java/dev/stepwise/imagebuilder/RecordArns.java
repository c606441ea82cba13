package dev.stepwise.imagebuilder;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ARNs of components, image recipes, infrastructure and distribution configurations in AWS's
 * forms, and the model's patterns for them:
 * <ul>
 * <li>{@code arn:aws:imagebuilder:{region}:{account}:component/{name}/{x.y.z}/{build}} (a build
 *     version), {@code …/component/{name}/{x.y.z}} (a version, whose nodes may be {@code x} where
 *     the model allows it);</li>
 * <li>{@code …:image-recipe/{name}/{x.y.z}};</li>
 * <li>{@code …:infrastructure-configuration/{name}} and {@code …:distribution-configuration/{name}};</li>
 * </ul>
 * where {@code name} is the resource's name normalized as {@link WorkflowArn#normalizedName} makes it.
 */
final class RecordArns {
    private RecordArns() {}

    // the model's patterns (service-2.json 2019-12-02), as AWS quotes them in its errors
    static final String COMPONENT_BUILD_VERSION = "^arn:aws[^:]*:imagebuilder:[^:]+:(?:[0-9]{12}|aws(?:-[a-z-]+)?)"
            + ":component/[a-z0-9-_]+/[0-9]+\\.[0-9]+\\.[0-9]+/[0-9]+$";
    static final String COMPONENT_VERSION = "^arn:aws[^:]*:imagebuilder:[^:]+:(?:[0-9]{12}|aws(?:-[a-z-]+)?)"
            + ":component/[a-z0-9-_]+/[0-9]+\\.[0-9]+\\.[0-9]+$";
    static final String COMPONENT_VERSION_OR_BUILD_VERSION = "^arn:aws[^:]*:imagebuilder:[^:]+:(?:[0-9]{12}|aws(?:-"
            + "[a-z-]+)?):component/[a-z0-9-_]+/(?:(?:([0-9]+|x)\\.([0-9]+|x)\\.([0-9]+|x))|(?:[0-9]+\\.[0-9]+\\.[0-9]+/"
            + "[0-9]+))$";
    static final String IMAGE_RECIPE = "^arn:aws[^:]*:imagebuilder:[^:]+:(?:[0-9]{12}|aws):image-recipe/[a-z0-9-_]+/"
            + "(?:[0-9]+|x)\\.(?:[0-9]+|x)\\.(?:[0-9]+|x)$";
    static final String INFRASTRUCTURE_CONFIGURATION = "^arn:aws[^:]*:imagebuilder:[^:]+:(?:[0-9]{12}|aws):"
            + "infrastructure-configuration/[a-z0-9-_]+$";
    static final String DISTRIBUTION_CONFIGURATION = "^arn:aws[^:]*:imagebuilder:[^:]+:(?:[0-9]{12}|aws):"
            + "distribution-configuration/[a-z0-9-_]+$";

    private static final Pattern VERSIONED = Pattern.compile("^arn:(aws(?:-[a-z]+)*):imagebuilder:([^:]+):"
            + "([0-9]{12}|aws(?:-[a-z-]+)?):(component|image-recipe|image)/([a-z0-9-_]+)/([0-9x]+\\.[0-9x]+\\.[0-9x]+)"
            + "(?:/([0-9]+))?$");

    /**
     * A component's or image recipe's ARN, read: partition, region, account, kind ("component",
     * "image-recipe"), normalized name, version (maybe with wildcards) and build number (null
     * unless given).
     */
    record Versioned(String partition, String region, String account, String kind, String name,
                     VersionSelector version, Integer buildNumber) {

        /** Whether the ARN is the caller's own: the standard partition, the caller's account and region. */
        boolean ownedBy(String callerAccount, String callerRegion) {
            return partition.equals("aws") && account.equals(callerAccount) && region.equals(callerRegion);
        }
    }

    /** The component, recipe or image ARN {@code text} writes; empty when it is none (a caller checks the model's pattern first). */
    static Optional<Versioned> versioned(String text) {
        Matcher m = VERSIONED.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        VersionSelector version = VersionSelector.parse(m.group(6));
        if (version == null || m.group(7) != null && (!version.exact() || m.group(7).length() > 9)) {
            return Optional.empty();
        }
        return Optional.of(new Versioned(m.group(1), m.group(2), m.group(3), m.group(4), m.group(5), version,
                m.group(7) == null ? null : Integer.parseInt(m.group(7))));
    }

    static String componentName(String region, String account, String name) {
        return prefix(region, account) + "component/" + name;
    }

    static String componentVersion(String region, String account, String name, SemanticVersion version) {
        return componentName(region, account, name) + "/" + version;
    }

    static String componentBuildVersion(String region, String account, String name, SemanticVersion version,
                                        int build) {
        return componentVersion(region, account, name, version) + "/" + build;
    }

    static String imageRecipeName(String region, String account, String name) {
        return prefix(region, account) + "image-recipe/" + name;
    }

    static String imageRecipe(String region, String account, String name, SemanticVersion version) {
        return imageRecipeName(region, account, name) + "/" + version;
    }

    static String infrastructureConfiguration(String region, String account, String name) {
        return prefix(region, account) + "infrastructure-configuration/" + name;
    }

    static String distributionConfiguration(String region, String account, String name) {
        return prefix(region, account) + "distribution-configuration/" + name;
    }

    /** The account and region an ARN of this service names (empty when it is not one). */
    static Optional<String[]> accountAndRegion(String arn) {
        String[] parts = arn.split(":", 6);
        if (parts.length < 6 || !parts[0].equals("arn") || !parts[2].equals("imagebuilder")) {
            return Optional.empty();
        }
        return Optional.of(new String[] {parts[4], parts[3]});
    }

    private static String prefix(String region, String account) {
        return "arn:aws:imagebuilder:" + region + ":" + account + ":";
    }
}
