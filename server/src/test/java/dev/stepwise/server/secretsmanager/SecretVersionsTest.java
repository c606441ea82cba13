package dev.stepwise.server.secretsmanager;

import static dev.stepwise.server.secretsmanager.SecretsErrors.expectError;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.SecretVersionsListEntry;

/**
 * Versions and their staging labels: AWSCURRENT moves to each new value and the value it leaves
 * becomes AWSPREVIOUS; a ClientRequestToken names the version it creates, so a retried write
 * answers the same version and a token reused for another value is refused.
 */
class SecretVersionsTest {
    private static final String T1 = "aaaaaaaa-0000-0000-0000-000000000001";
    private static final String T2 = "aaaaaaaa-0000-0000-0000-000000000002";
    private static final String T3 = "aaaaaaaa-0000-0000-0000-000000000003";
    private static final String VERSION_EXISTS =
            "You can't modify an existing version, you can only create a new version.";

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

    private static Map<String, List<String>> stages(String secretId) {
        return secrets.describeSecret(r -> r.secretId(secretId)).versionIdsToStages();
    }

    @Test
    void aNewValueTakesCurrentAndTheValueItLeavesBecomesPrevious() {
        secrets.createSecret(r -> r.name("rotated").secretString("one").clientRequestToken(T1));
        PutSecretValueResponse second = secrets.putSecretValue(r -> r.secretId("rotated").secretString("two")
                .clientRequestToken(T2));
        assertThat(second.versionId()).isEqualTo(T2);
        assertThat(second.versionStages()).containsExactly("AWSCURRENT");
        assertThat(stages("rotated")).containsExactlyInAnyOrderEntriesOf(
                Map.of(T1, List.of("AWSPREVIOUS"), T2, List.of("AWSCURRENT")));

        secrets.putSecretValue(r -> r.secretId("rotated").secretString("three").clientRequestToken(T3));
        // AWSPREVIOUS left the first version, which now has no label: deprecated, still readable by id
        assertThat(stages("rotated")).containsExactlyInAnyOrderEntriesOf(
                Map.of(T2, List.of("AWSPREVIOUS"), T3, List.of("AWSCURRENT")));
        assertThat(secrets.getSecretValue(r -> r.secretId("rotated")).secretString()).isEqualTo("three");
        assertThat(secrets.getSecretValue(r -> r.secretId("rotated").versionStage("AWSPREVIOUS")).secretString())
                .isEqualTo("two");
        assertThat(secrets.getSecretValue(r -> r.secretId("rotated").versionId(T1)).secretString()).isEqualTo("one");
        assertThat(secrets.getSecretValue(r -> r.secretId("rotated").versionId(T1)).versionStages()).isEmpty();

        assertThat(secrets.listSecretVersionIds(r -> r.secretId("rotated")).versions())
                .extracting(SecretVersionsListEntry::versionId).containsExactlyInAnyOrder(T2, T3);
        assertThat(secrets.listSecretVersionIds(r -> r.secretId("rotated").includeDeprecated(true)).versions())
                .extracting(SecretVersionsListEntry::versionId).containsExactlyInAnyOrder(T1, T2, T3);
    }

    @Test
    void aValueLabelledOtherwiseLeavesCurrentWhereItIs() {
        secrets.createSecret(r -> r.name("pending").secretString("live").clientRequestToken(T1));
        PutSecretValueResponse pending = secrets.putSecretValue(r -> r.secretId("pending").secretString("next")
                .clientRequestToken(T2).versionStages("AWSPENDING"));
        assertThat(pending.versionStages()).containsExactly("AWSPENDING");
        assertThat(secrets.getSecretValue(r -> r.secretId("pending")).secretString()).isEqualTo("live");
        assertThat(secrets.getSecretValue(r -> r.secretId("pending").versionStage("AWSPENDING")).secretString())
                .isEqualTo("next");
        // a label is on one version at most: a later version labelled AWSPENDING takes it
        secrets.putSecretValue(r -> r.secretId("pending").secretString("later").clientRequestToken(T3)
                .versionStages("AWSPENDING", "custom"));
        assertThat(stages("pending")).containsExactlyInAnyOrderEntriesOf(
                Map.of(T1, List.of("AWSCURRENT"), T3, List.of("AWSPENDING", "custom")));
    }

    @Test
    void aRetriedPutWithTheSameTokenAndValueAnswersTheSameVersion() {
        secrets.createSecret(r -> r.name("retried").secretString("one").clientRequestToken(T1));
        PutSecretValueResponse first = secrets.putSecretValue(r -> r.secretId("retried").secretString("two")
                .clientRequestToken(T2));
        PutSecretValueResponse again = secrets.putSecretValue(r -> r.secretId("retried").secretString("two")
                .clientRequestToken(T2));
        assertThat(again.versionId()).isEqualTo(first.versionId());
        assertThat(again.versionStages()).containsExactly("AWSCURRENT");
        assertThat(stages("retried")).containsExactlyInAnyOrderEntriesOf(
                Map.of(T1, List.of("AWSPREVIOUS"), T2, List.of("AWSCURRENT")));
    }

    @Test
    void aTokenReusedForAnotherValueIsRefusedAndChangesNothing() {
        secrets.createSecret(r -> r.name("reused").secretString("one").clientRequestToken(T1));
        expectError(() -> secrets.putSecretValue(r -> r.secretId("reused").secretString("other")
                .clientRequestToken(T1)), "ResourceExistsException", VERSION_EXISTS);
        expectError(() -> secrets.putSecretValue(r -> r.secretId("reused")
                .secretBinary(SdkBytes.fromUtf8String("one")).clientRequestToken(T1)), "ResourceExistsException",
                VERSION_EXISTS);
        assertThat(secrets.getSecretValue(r -> r.secretId("reused")).secretString()).isEqualTo("one");
        assertThat(stages("reused")).containsExactly(Map.entry(T1, List.of("AWSCURRENT")));
    }

    @Test
    void aRepeatedCreateWithItsTokenAndValueAnswersTheSameSecret() {
        String arn = secrets.createSecret(r -> r.name("created-twice").secretString("v").clientRequestToken(T1)).arn();
        assertThat(secrets.createSecret(r -> r.name("created-twice").secretString("v").clientRequestToken(T1)).arn())
                .isEqualTo(arn);
        expectError(() -> secrets.createSecret(r -> r.name("created-twice").secretString("w")
                .clientRequestToken(T1)), "ResourceExistsException", VERSION_EXISTS);
        expectError(() -> secrets.createSecret(r -> r.name("created-twice").secretString("v")
                .clientRequestToken(T2)), "ResourceExistsException",
                "The operation failed because the secret created-twice already exists.");
        assertThat(stages("created-twice")).containsOnlyKeys(T1);
    }

    @Test
    void updateSecretRefusesATokenThatNamesAnExistingVersion() {
        secrets.createSecret(r -> r.name("update-token").secretString("v").clientRequestToken(T1));
        expectError(() -> secrets.updateSecret(r -> r.secretId("update-token").secretString("v")
                .clientRequestToken(T1)), "ResourceExistsException", VERSION_EXISTS);
        assertThat(stages("update-token")).containsExactly(Map.entry(T1, List.of("AWSCURRENT")));
    }

    @Test
    void aVersionIdAndAVersionStageMustNameTheSameVersion() {
        secrets.createSecret(r -> r.name("both-named").secretString("one").clientRequestToken(T1));
        secrets.putSecretValue(r -> r.secretId("both-named").secretString("two").clientRequestToken(T2));
        assertThat(secrets.getSecretValue(r -> r.secretId("both-named").versionId(T1).versionStage("AWSPREVIOUS"))
                .secretString()).isEqualTo("one");
        expectError(() -> secrets.getSecretValue(r -> r.secretId("both-named").versionId(T1)
                .versionStage("AWSCURRENT")), "InvalidRequestException",
                "You provided a VersionStage that is not associated to the provided VersionId.");
    }

    @Test
    void anUnknownVersionIdOrLabelIsNotFound() {
        secrets.createSecret(r -> r.name("versions-asked").secretString("v").clientRequestToken(T1));
        expectError(() -> secrets.getSecretValue(r -> r.secretId("versions-asked").versionId(T3)),
                "ResourceNotFoundException",
                "Secrets Manager can't find the specified secret value for VersionId: " + T3);
        expectError(() -> secrets.getSecretValue(r -> r.secretId("versions-asked").versionStage("AWSPENDING")),
                "ResourceNotFoundException",
                "Secrets Manager can't find the specified secret value for staging label: AWSPENDING");
    }

    @Test
    void versionIdsArePagedWithTheirTokens() {
        secrets.createSecret(r -> r.name("paged-versions").secretString("0"));
        for (int i = 1; i < 5; i++) {
            String value = String.valueOf(i);
            secrets.putSecretValue(r -> r.secretId("paged-versions").secretString(value));
        }
        List<String> ids = secrets.listSecretVersionIdsPaginator(r -> r.secretId("paged-versions")
                .includeDeprecated(true).maxResults(2)).stream()
                .flatMap(p -> p.versions().stream()).map(SecretVersionsListEntry::versionId).toList();
        assertThat(ids).hasSize(5).doesNotHaveDuplicates();
    }
}
