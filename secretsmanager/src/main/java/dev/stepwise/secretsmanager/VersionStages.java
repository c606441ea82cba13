package dev.stepwise.secretsmanager;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How staging labels move between a secret's versions. A label is on one version at most.
 * A new version takes the labels asked for (AWSCURRENT when none are), each leaving the version
 * that had it; when AWSCURRENT leaves a version, that version takes AWSPREVIOUS (which leaves its
 * holder). The first version of a secret is always AWSCURRENT. A version left without labels is
 * deprecated: Secrets Manager keeps the 100 most recent versions and every version created in the
 * last 24 hours, and removes the deprecated ones beyond that.
 */
final class VersionStages {
    static final String CURRENT = "AWSCURRENT";
    static final String PREVIOUS = "AWSPREVIOUS";
    static final String PENDING = "AWSPENDING";
    private static final int KEPT_VERSIONS = 100;
    private static final Duration KEPT_FOR = Duration.ofHours(24);

    private VersionStages() {}

    /**
     * {@code versions} (oldest first) with {@code added} appended, labelled {@code requested} (null:
     * AWSCURRENT), and the labels moved as the rules above say.
     */
    static List<SecretVersion> add(List<SecretVersion> versions, SecretVersion added, List<String> requested) {
        Set<String> labels = new LinkedHashSet<>(requested == null ? List.of(CURRENT) : requested);
        Optional<SecretVersion> current = byStage(versions, CURRENT);
        if (current.isEmpty()) {
            labels.add(CURRENT);
        }
        List<SecretVersion> result = new ArrayList<>();
        for (SecretVersion v : versions) {
            List<String> kept = new ArrayList<>(v.stages());
            kept.removeAll(labels);
            result.add(v.withStages(kept));
        }
        result.add(added.withStages(List.copyOf(labels)));
        String currentLeft = labels.contains(CURRENT) ? current.map(SecretVersion::id).orElse(null) : null;
        return currentLeft == null ? result : moveLabel(result, PREVIOUS, currentLeft);
    }

    /** {@code versions} with {@code label} on the version {@code toId} only. */
    private static List<SecretVersion> moveLabel(List<SecretVersion> versions, String label, String toId) {
        List<SecretVersion> result = new ArrayList<>();
        for (SecretVersion v : versions) {
            List<String> stages = new ArrayList<>(v.stages());
            stages.remove(label);
            if (v.id().equals(toId)) {
                stages.add(label);
            }
            result.add(v.withStages(stages));
        }
        return result;
    }

    static Optional<SecretVersion> byStage(List<SecretVersion> versions, String stage) {
        return versions.stream().filter(v -> v.has(stage)).findFirst();
    }

    static Optional<SecretVersion> byId(List<SecretVersion> versions, String id) {
        return versions.stream().filter(v -> v.id().equals(id)).findFirst();
    }

    /**
     * The deprecated versions Secrets Manager removes from {@code versions} (oldest first) at
     * {@code now}: the oldest ones beyond the 100 most recent, unless created in the last 24 hours.
     */
    static List<SecretVersion> removable(List<SecretVersion> versions, Instant now) {
        List<SecretVersion> removed = new ArrayList<>();
        int excess = versions.size() - KEPT_VERSIONS;
        for (SecretVersion v : versions) {
            if (removed.size() >= excess) {
                break;
            }
            if (v.stages().isEmpty() && v.created().isBefore(now.minus(KEPT_FOR))) {
                removed.add(v);
            }
        }
        return removed;
    }
}
