package dev.stepwise.server.secretsmanager;

import static dev.stepwise.server.secretsmanager.SecretsErrors.NOT_FOUND;
import static dev.stepwise.server.secretsmanager.SecretsErrors.expectError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.api.Caller;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

/**
 * Secrets of one account and region are another's to nobody: the same name lives once in each, and
 * a secret is not found, listed, read, written, tagged or deleted by its name or ARN from elsewhere.
 */
class SecretsAccountsTest {
    private static final String ALICE = "111111111111";
    private static final String BOB = "222222222222";

    private static SecretsFixture fixture;
    private static SecretsManagerClient alice;
    private static SecretsManagerClient bob;
    private static SecretsManagerClient aliceInOregon;

    @BeforeAll
    static void start() throws IOException {
        fixture = new SecretsFixture(Map.of("ALICEKEY", ALICE, "BOBKEY", BOB));
        alice = fixture.client("ALICEKEY", Region.US_EAST_1);
        bob = fixture.client("BOBKEY", Region.US_EAST_1);
        aliceInOregon = fixture.client("ALICEKEY", Region.US_WEST_2);
    }

    @AfterAll
    static void stop() throws IOException {
        fixture.close();
    }

    @Test
    void theSameNameLivesOnceInEachAccountAndRegion() {
        String inAlice = alice.createSecret(r -> r.name("shared-name").secretString("alice")).arn();
        String inBob = bob.createSecret(r -> r.name("shared-name").secretString("bob")).arn();
        String inOregon = aliceInOregon.createSecret(r -> r.name("shared-name").secretString("oregon")).arn();
        assertThat(inAlice).startsWith("arn:aws:secretsmanager:us-east-1:" + ALICE + ":secret:shared-name-");
        assertThat(inBob).startsWith("arn:aws:secretsmanager:us-east-1:" + BOB + ":secret:shared-name-");
        assertThat(inOregon).startsWith("arn:aws:secretsmanager:us-west-2:" + ALICE + ":secret:shared-name-");
        assertThat(alice.getSecretValue(r -> r.secretId("shared-name")).secretString()).isEqualTo("alice");
        assertThat(bob.getSecretValue(r -> r.secretId("shared-name")).secretString()).isEqualTo("bob");
        assertThat(aliceInOregon.getSecretValue(r -> r.secretId("shared-name")).secretString()).isEqualTo("oregon");
        assertThat(Set.of(inAlice, inBob, inOregon)).hasSize(3);
    }

    @Test
    void anotherAccountsOrRegionsSecretIsNotFoundByItsArn() {
        String arn = alice.createSecret(r -> r.name("alices-only").secretString("private")).arn();
        String partial = "arn:aws:secretsmanager:us-east-1:" + ALICE + ":secret:alices-only";
        for (SecretsManagerClient other : new SecretsManagerClient[] {bob, aliceInOregon}) {
            for (String id : new String[] {arn, partial, "alices-only"}) {
                expectError(() -> other.getSecretValue(r -> r.secretId(id)), "ResourceNotFoundException", NOT_FOUND);
                expectError(() -> other.describeSecret(r -> r.secretId(id)), "ResourceNotFoundException", NOT_FOUND);
                expectError(() -> other.putSecretValue(r -> r.secretId(id).secretString("stolen")),
                        "ResourceNotFoundException", NOT_FOUND);
                expectError(() -> other.updateSecret(r -> r.secretId(id).description("stolen")),
                        "ResourceNotFoundException", NOT_FOUND);
                expectError(() -> other.tagResource(r -> r.secretId(id).tags(Tag.builder().key("k").value("v")
                        .build())), "ResourceNotFoundException", NOT_FOUND);
                expectError(() -> other.deleteSecret(r -> r.secretId(id)), "ResourceNotFoundException", NOT_FOUND);
                // a forced deletion of what the caller does not have succeeds, and removes nothing
                other.deleteSecret(r -> r.secretId(id).forceDeleteWithoutRecovery(true));
            }
            assertThat(SecretsFixture.entries(other.listSecretsPaginator(r -> r.includePlannedDeletion(true))))
                    .extracting(SecretListEntry::arn).doesNotContain(arn);
        }
        assertThat(alice.getSecretValue(r -> r.secretId(arn)).secretString()).isEqualTo("private");
        assertThat(alice.describeSecret(r -> r.secretId(arn)).hasTags()).isFalse();
        assertThat(fixture.server().secretValues().secretString(new Caller(BOB, "us-east-1", null), arn)).isEmpty();
        assertThat(fixture.server().secretValues().secretString(new Caller(ALICE, "us-east-1", null), arn))
                .contains("private");
    }
}
