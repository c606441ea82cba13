package dev.stepwise.server.secretsmanager;

import static dev.stepwise.server.secretsmanager.SecretsErrors.MARKED_FOR_DELETION;
import static dev.stepwise.server.secretsmanager.SecretsErrors.NOT_FOUND;
import static dev.stepwise.server.secretsmanager.SecretsErrors.expectError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.api.Caller;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DeleteSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

/**
 * DeleteSecret schedules a secret's deletion after a recovery window of 7 to 30 days (30 by
 * default), during which the secret refuses reads and updates and RestoreSecret brings it back;
 * once the window has passed (on the server's clock, moved by the test) it is gone and its name is
 * free. ForceDeleteWithoutRecovery removes it at once.
 */
class SecretDeletionTest {
    private static final Caller DEFAULT = new Caller("123456789012", "us-east-1", null);

    private static SecretsFixture fixture;
    private static SecretsManagerClient secrets;

    @BeforeAll
    static void start() throws IOException {
        fixture = new SecretsFixture();
        secrets = fixture.secrets();
    }

    @AfterAll
    static void stop() throws IOException {
        fixture.close();
    }

    private static Instant now() {
        return fixture.now().truncatedTo(ChronoUnit.MILLIS);
    }

    @Test
    void deletionIsScheduledThirtyDaysAheadByDefault() {
        String arn = secrets.createSecret(r -> r.name("default-window").secretString("v")).arn();
        DeleteSecretResponse deleted = secrets.deleteSecret(r -> r.secretId("default-window"));
        assertThat(deleted.arn()).isEqualTo(arn);
        assertThat(deleted.name()).isEqualTo("default-window");
        assertThat(deleted.deletionDate()).isEqualTo(now().plus(Duration.ofDays(30)));
        assertThat(secrets.describeSecret(r -> r.secretId("default-window")).deletedDate()).isEqualTo(now());
    }

    @Test
    void aSecretScheduledForDeletionRefusesReadsAndUpdates() {
        secrets.createSecret(r -> r.name("scheduled").secretString("v").tags(Tag.builder().key("k").value("v")
                .build()));
        secrets.deleteSecret(r -> r.secretId("scheduled").recoveryWindowInDays(7L));
        String id = "scheduled";
        expectError(() -> secrets.getSecretValue(r -> r.secretId(id)), "InvalidRequestException", MARKED_FOR_DELETION);
        expectError(() -> secrets.putSecretValue(r -> r.secretId(id).secretString("w")), "InvalidRequestException",
                MARKED_FOR_DELETION);
        expectError(() -> secrets.updateSecret(r -> r.secretId(id).description("d")), "InvalidRequestException",
                MARKED_FOR_DELETION);
        expectError(() -> secrets.tagResource(r -> r.secretId(id).tags(Tag.builder().key("a").value("b").build())),
                "InvalidRequestException", MARKED_FOR_DELETION);
        expectError(() -> secrets.untagResource(r -> r.secretId(id).tagKeys("k")), "InvalidRequestException",
                MARKED_FOR_DELETION);
        expectError(() -> secrets.deleteSecret(r -> r.secretId(id)), "InvalidRequestException", MARKED_FOR_DELETION);
        assertThat(fixture.server().secretValues().secretString(DEFAULT, id)).isEmpty();
        // it is still described, with its tags
        assertThat(secrets.describeSecret(r -> r.secretId(id)).tags()).extracting(Tag::key).containsExactly("k");
    }

    @Test
    void itIsListedOnlyWhenPlannedDeletionsAreAskedFor() {
        secrets.createSecret(r -> r.name("listed-deleted").secretString("v"));
        secrets.deleteSecret(r -> r.secretId("listed-deleted"));
        assertThat(SecretsFixture.entries(secrets.listSecretsPaginator(r -> { }))).extracting(SecretListEntry::name)
                .doesNotContain("listed-deleted");
        assertThat(SecretsFixture.entries(secrets.listSecretsPaginator(r -> r.includePlannedDeletion(true))))
                .filteredOn(e -> e.name().equals("listed-deleted"))
                .singleElement().satisfies(e -> assertThat(e.deletedDate()).isNotNull());
    }

    @Test
    void restoreSecretCancelsTheDeletion() {
        secrets.createSecret(r -> r.name("restored").secretString("kept"));
        secrets.deleteSecret(r -> r.secretId("restored").recoveryWindowInDays(7L));
        fixture.advance(Duration.ofDays(6));
        assertThat(secrets.restoreSecret(r -> r.secretId("restored")).name()).isEqualTo("restored");
        assertThat(secrets.describeSecret(r -> r.secretId("restored")).deletedDate()).isNull();
        fixture.advance(Duration.ofDays(2));
        assertThat(secrets.getSecretValue(r -> r.secretId("restored")).secretString()).isEqualTo("kept");
        // restoring a secret that is not scheduled for deletion changes nothing
        Instant changed = secrets.describeSecret(r -> r.secretId("restored")).lastChangedDate();
        secrets.restoreSecret(r -> r.secretId("restored"));
        assertThat(secrets.describeSecret(r -> r.secretId("restored")).lastChangedDate()).isEqualTo(changed);
    }

    @Test
    void whenTheWindowHasPassedTheSecretIsGoneAndItsNameFree() {
        String arn = secrets.createSecret(r -> r.name("expired").secretString("old")).arn();
        secrets.deleteSecret(r -> r.secretId("expired").recoveryWindowInDays(7L));
        expectError(() -> secrets.createSecret(r -> r.name("expired").secretString("new")),
                "InvalidRequestException",
                "You can't create this secret because a secret with this name is already scheduled for deletion.");
        fixture.advance(Duration.ofDays(7).minusSeconds(1));
        assertThat(secrets.describeSecret(r -> r.secretId("expired")).arn()).isEqualTo(arn);
        fixture.advance(Duration.ofSeconds(1));
        expectError(() -> secrets.describeSecret(r -> r.secretId("expired")), "ResourceNotFoundException", NOT_FOUND);
        expectError(() -> secrets.restoreSecret(r -> r.secretId(arn)), "ResourceNotFoundException", NOT_FOUND);
        assertThat(SecretsFixture.entries(secrets.listSecretsPaginator(r -> r.includePlannedDeletion(true))))
                .extracting(SecretListEntry::arn).doesNotContain(arn);
        String again = secrets.createSecret(r -> r.name("expired").secretString("new")).arn();
        assertThat(again).isNotEqualTo(arn);
        assertThat(secrets.getSecretValue(r -> r.secretId("expired")).secretString()).isEqualTo("new");
        expectError(() -> secrets.getSecretValue(r -> r.secretId(arn)), "ResourceNotFoundException", NOT_FOUND);
    }

    @Test
    void aForcedDeletionRemovesTheSecretAtOnce() {
        String arn = secrets.createSecret(r -> r.name("forced").secretString("v")).arn();
        DeleteSecretResponse deleted = secrets.deleteSecret(r -> r.secretId("forced").forceDeleteWithoutRecovery(true));
        assertThat(deleted.arn()).isEqualTo(arn);
        assertThat(deleted.deletionDate()).isEqualTo(now());
        expectError(() -> secrets.describeSecret(r -> r.secretId("forced")), "ResourceNotFoundException", NOT_FOUND);
        assertThat(secrets.createSecret(r -> r.name("forced").secretString("w")).arn()).isNotEqualTo(arn);
    }

    @Test
    void aForcedDeletionOfASecretThatIsNotThereSucceeds() {
        DeleteSecretResponse deleted = secrets.deleteSecret(r -> r.secretId("never-there")
                .forceDeleteWithoutRecovery(true));
        assertThat(deleted.name()).isEqualTo("never-there");
        // and so does one of a secret already scheduled for deletion, which it removes
        secrets.createSecret(r -> r.name("scheduled-then-forced").secretString("v"));
        secrets.deleteSecret(r -> r.secretId("scheduled-then-forced"));
        secrets.deleteSecret(r -> r.secretId("scheduled-then-forced").forceDeleteWithoutRecovery(true));
        expectError(() -> secrets.describeSecret(r -> r.secretId("scheduled-then-forced")),
                "ResourceNotFoundException", NOT_FOUND);
    }

    @Test
    void aRecoveryWindowOutsideSevenToThirtyDaysIsRefused() {
        secrets.createSecret(r -> r.name("window").secretString("v"));
        for (long days : new long[] {6, 31, 0, -1}) {
            expectError(() -> secrets.deleteSecret(r -> r.secretId("window").recoveryWindowInDays(days)),
                    "InvalidParameterException",
                    "The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).");
        }
        assertThat(secrets.deleteSecret(r -> r.secretId("window").recoveryWindowInDays(30L)).deletionDate())
                .isEqualTo(now().plus(Duration.ofDays(30)));
    }

    @Test
    void aForcedDeletionWithARecoveryWindowIsRefused() {
        secrets.createSecret(r -> r.name("both-ways").secretString("v"));
        expectError(() -> secrets.deleteSecret(r -> r.secretId("both-ways").recoveryWindowInDays(7L)
                .forceDeleteWithoutRecovery(true)), "InvalidParameterException",
                "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.");
        assertThat(secrets.getSecretValue(r -> r.secretId("both-ways")).secretString()).isEqualTo("v");
    }
}
