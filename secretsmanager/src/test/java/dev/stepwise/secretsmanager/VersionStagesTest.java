package dev.stepwise.secretsmanager;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How staging labels move between a secret's versions, and which deprecated versions go. */
class VersionStagesTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static SecretVersion v(String id) {
        return new SecretVersion(id, T0, List.of());
    }

    private static Map<String, List<String>> labels(List<SecretVersion> versions) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        versions.forEach(x -> m.put(x.id(), x.stages()));
        return m;
    }

    @Test
    void theFirstVersionIsCurrentWhateverItIsLabelled() {
        assertThat(labels(VersionStages.add(List.of(), v("a"), null))).containsExactly(
                Map.entry("a", List.of("AWSCURRENT")));
        assertThat(labels(VersionStages.add(List.of(), v("a"), List.of("AWSPENDING")))).containsExactly(
                Map.entry("a", List.of("AWSPENDING", "AWSCURRENT")));
    }

    @Test
    void aNewVersionTakesCurrentAndTheVersionItLeftBecomesPrevious() {
        List<SecretVersion> one = VersionStages.add(List.of(), v("a"), null);
        List<SecretVersion> two = VersionStages.add(one, v("b"), null);
        assertThat(labels(two)).containsExactly(Map.entry("a", List.of("AWSPREVIOUS")),
                Map.entry("b", List.of("AWSCURRENT")));
        List<SecretVersion> three = VersionStages.add(two, v("c"), null);
        assertThat(labels(three)).containsExactly(Map.entry("a", List.of()), Map.entry("b", List.of("AWSPREVIOUS")),
                Map.entry("c", List.of("AWSCURRENT")));
    }

    @Test
    void aVersionLabelledWithoutCurrentLeavesCurrentAndPreviousWhereTheyAre() {
        List<SecretVersion> two = VersionStages.add(VersionStages.add(List.of(), v("a"), null), v("b"), null);
        List<SecretVersion> pending = VersionStages.add(two, v("c"), List.of("AWSPENDING"));
        assertThat(labels(pending)).containsExactly(Map.entry("a", List.of("AWSPREVIOUS")),
                Map.entry("b", List.of("AWSCURRENT")), Map.entry("c", List.of("AWSPENDING")));
    }

    @Test
    void aLabelIsOnOneVersionAtMost() {
        List<SecretVersion> versions = VersionStages.add(List.of(), v("a"), List.of("AWSCURRENT", "blue"));
        versions = VersionStages.add(versions, v("b"), List.of("blue", "green"));
        assertThat(labels(versions)).containsExactly(Map.entry("a", List.of("AWSCURRENT")),
                Map.entry("b", List.of("blue", "green")));
        versions = VersionStages.add(versions, v("c"), List.of("green", "AWSCURRENT"));
        assertThat(labels(versions)).containsExactly(Map.entry("a", List.of("AWSPREVIOUS")),
                Map.entry("b", List.of("blue")), Map.entry("c", List.of("green", "AWSCURRENT")));
    }

    @Test
    void versionsAreFoundByIdAndByLabel() {
        List<SecretVersion> two = VersionStages.add(VersionStages.add(List.of(), v("a"), null), v("b"), null);
        assertThat(VersionStages.byStage(two, "AWSPREVIOUS")).map(SecretVersion::id).contains("a");
        assertThat(VersionStages.byId(two, "b")).map(SecretVersion::stages).contains(List.of("AWSCURRENT"));
        assertThat(VersionStages.byStage(two, "AWSPENDING")).isEmpty();
    }

    @Test
    void deprecatedVersionsBeyondTheHundredMostRecentGoOnceADayOld() {
        Instant now = T0.plus(Duration.ofDays(10));
        List<SecretVersion> versions = new ArrayList<>();
        for (int i = 0; i < 103; i++) {
            Instant created = i < 2 ? now.minus(Duration.ofDays(2)) : now.minus(Duration.ofHours(1));
            versions.add(new SecretVersion("v" + i, created, List.of()));
        }
        versions.set(102, versions.get(102).withStages(List.of("AWSCURRENT")));
        // three too many, but only the two older than a day may go
        assertThat(VersionStages.removable(versions, now)).extracting(SecretVersion::id).containsExactly("v0", "v1");
        assertThat(VersionStages.removable(versions.subList(3, 103), now)).isEmpty();
    }

    @Test
    void labelledVersionsAreNeverRemoved() {
        Instant now = T0.plus(Duration.ofDays(10));
        List<SecretVersion> versions = new ArrayList<>();
        for (int i = 0; i < 102; i++) {
            versions.add(new SecretVersion("v" + i, T0, List.of(i == 0 ? "AWSPREVIOUS" : "L" + i)));
        }
        assertThat(VersionStages.removable(versions, now)).isEmpty();
    }
}
