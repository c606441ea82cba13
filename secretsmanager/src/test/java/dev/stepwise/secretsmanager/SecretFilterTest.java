package dev.stepwise.secretsmanager;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ListSecrets' filters: prefixes, their case rules, negation, and how values and filters combine. */
class SecretFilterTest {
    private static final SecretRecord SECRET = new SecretRecord(
            "arn:aws:secretsmanager:us-east-1:123456789012:secret:Prod/db-abcdef", "Prod/db",
            "Primary DATABASE login", null, null, Instant.EPOCH, Instant.EPOCH, null, null, null,
            Map.of("Team", "payments"), List.of(), 1);

    private static boolean matches(String key, String... values) {
        return new SecretFilter(key, List.of(values)).matches(SECRET, "us-east-1");
    }

    @Test
    void namesAreMatchedByCaseSensitivePrefix() {
        assertThat(matches("name", "Prod/")).isTrue();
        assertThat(matches("name", "prod/")).isFalse();
        assertThat(matches("name", "db")).isFalse();
    }

    @Test
    void descriptionsAreMatchedByPrefixIgnoringCase() {
        assertThat(matches("description", "primary data")).isTrue();
        assertThat(matches("description", "login")).isFalse();
    }

    @Test
    void tagKeysAndValuesAreMatchedByCaseSensitivePrefix() {
        assertThat(matches("tag-key", "Te")).isTrue();
        assertThat(matches("tag-key", "te")).isFalse();
        assertThat(matches("tag-value", "pay")).isTrue();
    }

    @Test
    void anExclamationMarkNegatesAValue() {
        assertThat(matches("name", "!Prod")).isFalse();
        assertThat(matches("name", "!Dev")).isTrue();
    }

    @Test
    void anyValueOfAFilterMayMatch() {
        assertThat(matches("name", "Dev", "Prod")).isTrue();
        assertThat(matches("name", "Dev", "Test")).isFalse();
    }

    @Test
    void allMatchesAWordAgainstTheStartOfAnyAttributeOrOfAWordInIt() {
        assertThat(matches("all", "database")).isTrue();
        assertThat(matches("all", "DB")).isTrue();
        assertThat(matches("all", "PAYMENTS")).isTrue();
        assertThat(matches("all", "xyz")).isFalse();
    }

    @Test
    void theRegionIsThePrimaryRegionAndNoServiceOwnsASecret() {
        assertThat(matches("primary-region", "us-")).isTrue();
        assertThat(matches("primary-region", "eu-")).isFalse();
        assertThat(matches("owning-service", "rds")).isFalse();
        assertThat(matches("owning-service", "!rds")).isTrue();
    }
}
