package dev.stepwise.server.secretsmanager;

import static dev.stepwise.server.secretsmanager.SecretsErrors.NOT_FOUND;
import static dev.stepwise.server.secretsmanager.SecretsErrors.expectError;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.Tag;
import software.amazon.awssdk.services.secretsmanager.model.UpdateSecretResponse;

/** A secret's life through the AWS SDK: created, read by name or ARN, described, updated, tagged. */
class SecretLifecycleTest {
    private static final String ARN_PREFIX = "arn:aws:secretsmanager:us-east-1:123456789012:secret:";
    private static final String TOKEN = "11111111-2222-3333-4444-555555555555";

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

    @Test
    void createSecretAnswersItsArnWithASixCharacterSuffixAndItsTokenAsTheFirstVersion() {
        CreateSecretResponse created = secrets.createSecret(r -> r.name("app/db").secretString("{\"u\":\"a\"}")
                .clientRequestToken(TOKEN));
        assertThat(created.name()).isEqualTo("app/db");
        assertThat(created.arn()).matches(java.util.regex.Pattern.quote(ARN_PREFIX + "app/db-") + "[A-Za-z0-9]{6}");
        assertThat(created.versionId()).isEqualTo(TOKEN);
        GetSecretValueResponse value = secrets.getSecretValue(r -> r.secretId("app/db"));
        assertThat(value.secretString()).isEqualTo("{\"u\":\"a\"}");
        assertThat(value.versionId()).isEqualTo(TOKEN);
        assertThat(value.versionStages()).containsExactly("AWSCURRENT");
        assertThat(value.arn()).isEqualTo(created.arn());
        assertThat(value.createdDate()).isEqualTo(fixture.now().truncatedTo(ChronoUnit.MILLIS));
    }

    @Test
    void aSecretIsFoundByNameByCompleteArnAndByPartialArn() {
        String arn = secrets.createSecret(r -> r.name("found/by-any").secretString("v")).arn();
        String partial = ARN_PREFIX + "found/by-any";
        for (String id : List.of("found/by-any", arn, partial)) {
            assertThat(secrets.getSecretValue(r -> r.secretId(id)).secretString()).as(id).isEqualTo("v");
            assertThat(secrets.describeSecret(r -> r.secretId(id)).arn()).as(id).isEqualTo(arn);
        }
    }

    @Test
    void aNameWithTheArnSuffixAppendedOrAnotherSuffixIsNotTheSecret() {
        String arn = secrets.createSecret(r -> r.name("suffixed").secretString("v")).arn();
        String suffix = arn.substring(arn.length() - 6);
        expectError(() -> secrets.getSecretValue(r -> r.secretId("suffixed-" + suffix)), "ResourceNotFoundException",
                NOT_FOUND);
        String otherSuffix = suffix.equals("AAAAAA") ? "BBBBBB" : "AAAAAA";
        expectError(() -> secrets.getSecretValue(r -> r.secretId(ARN_PREFIX + "suffixed-" + otherSuffix)),
                "ResourceNotFoundException", NOT_FOUND);
        expectError(() -> secrets.describeSecret(r -> r.secretId("arn:aws:s3:::suffixed")),
                "ResourceNotFoundException", NOT_FOUND);
    }

    @Test
    void aBinarySecretComesBackAsItsBytes() {
        byte[] key = {0, 1, 2, (byte) 0xff, 'k', 'e', 'y'};
        secrets.createSecret(r -> r.name("binary").secretBinary(SdkBytes.fromByteArray(key)));
        GetSecretValueResponse value = secrets.getSecretValue(r -> r.secretId("binary"));
        assertThat(value.secretBinary().asByteArray()).containsExactly(key);
        assertThat(value.secretString()).isNull();
    }

    @Test
    void describeSecretTellsTheDetailsTagsAndVersionLabelsButNotTheValue() {
        String kms = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        CreateSecretResponse created = secrets.createSecret(r -> r.name("described").secretString("hidden-value")
                .description("the partner's SFTP password").kmsKeyId(kms)
                .tags(Tag.builder().key("team").value("ops").build(), Tag.builder().key("env").value("prod").build()));
        DescribeSecretResponse d = secrets.describeSecret(r -> r.secretId("described"));
        assertThat(d.arn()).isEqualTo(created.arn());
        assertThat(d.name()).isEqualTo("described");
        assertThat(d.description()).isEqualTo("the partner's SFTP password");
        assertThat(d.kmsKeyId()).isEqualTo(kms);
        assertThat(d.tags()).extracting(Tag::key, Tag::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("team", "ops"),
                        org.assertj.core.groups.Tuple.tuple("env", "prod"));
        assertThat(d.versionIdsToStages()).containsExactly(Map.entry(created.versionId(), List.of("AWSCURRENT")));
        Instant now = fixture.now().truncatedTo(ChronoUnit.MILLIS);
        assertThat(d.createdDate()).isEqualTo(now);
        assertThat(d.lastChangedDate()).isEqualTo(now);
        assertThat(d.deletedDate()).isNull();
        assertThat(d.rotationEnabled()).isNull();
        assertThat(d.toString()).doesNotContain("hidden-value");
    }

    @Test
    void aSecretCreatedWithoutAValueHasNoCurrentVersionUntilOneIsPut() {
        CreateSecretResponse created = secrets.createSecret(r -> r.name("empty-at-first"));
        assertThat(created.versionId()).isNull();
        expectError(() -> secrets.getSecretValue(r -> r.secretId("empty-at-first")), "ResourceNotFoundException",
                "Secrets Manager can't find the specified secret value for staging label: AWSCURRENT");
        assertThat(secrets.describeSecret(r -> r.secretId("empty-at-first")).hasVersionIdsToStages()).isFalse();
        String version = secrets.putSecretValue(r -> r.secretId("empty-at-first").secretString("first")).versionId();
        GetSecretValueResponse value = secrets.getSecretValue(r -> r.secretId("empty-at-first"));
        assertThat(value.secretString()).isEqualTo("first");
        assertThat(value.versionId()).isEqualTo(version);
    }

    @Test
    void updateSecretChangesTheDetailsAndWithAValueMakesANewCurrentVersion() {
        String first = secrets.createSecret(r -> r.name("updated").secretString("one").description("old")).versionId();
        fixture.advance(Duration.ofMinutes(5));
        UpdateSecretResponse details = secrets.updateSecret(r -> r.secretId("updated").description("new")
                .kmsKeyId("alias/mine"));
        assertThat(details.versionId()).isNull();
        DescribeSecretResponse d = secrets.describeSecret(r -> r.secretId("updated"));
        assertThat(d.description()).isEqualTo("new");
        assertThat(d.kmsKeyId()).isEqualTo("alias/mine");
        assertThat(d.lastChangedDate()).isEqualTo(fixture.now().truncatedTo(ChronoUnit.MILLIS));
        assertThat(d.versionIdsToStages()).containsOnlyKeys(first);

        UpdateSecretResponse valued = secrets.updateSecret(r -> r.secretId("updated").secretString("two"));
        assertThat(valued.versionId()).isNotNull().isNotEqualTo(first);
        assertThat(secrets.getSecretValue(r -> r.secretId("updated")).secretString()).isEqualTo("two");
        assertThat(secrets.describeSecret(r -> r.secretId("updated")).versionIdsToStages())
                .containsEntry(valued.versionId(), List.of("AWSCURRENT"))
                .containsEntry(first, List.of("AWSPREVIOUS"));
        // an empty KmsKeyId goes back to the AWS managed key, which DescribeSecret does not name
        secrets.updateSecret(r -> r.secretId("updated").kmsKeyId(""));
        assertThat(secrets.describeSecret(r -> r.secretId("updated")).kmsKeyId()).isNull();
    }

    @Test
    void tagResourceAddsAndReplacesTagsAndUntagResourceRemovesThem() {
        secrets.createSecret(r -> r.name("tagged").secretString("v").tags(Tag.builder().key("a").value("1").build()));
        secrets.tagResource(r -> r.secretId("tagged").tags(Tag.builder().key("b").value("2").build(),
                Tag.builder().key("a").value("one").build()));
        assertThat(secrets.describeSecret(r -> r.secretId("tagged")).tags()).extracting(Tag::key, Tag::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", "one"),
                        org.assertj.core.groups.Tuple.tuple("b", "2"));
        secrets.untagResource(r -> r.secretId("tagged").tagKeys("a", "not-there"));
        assertThat(secrets.describeSecret(r -> r.secretId("tagged")).tags()).extracting(Tag::key)
                .containsExactly("b");
        expectError(() -> secrets.tagResource(r -> r.secretId("no-such-secret")
                .tags(Tag.builder().key("a").value("1").build())), "ResourceNotFoundException", NOT_FOUND);
        expectError(() -> secrets.untagResource(r -> r.secretId("no-such-secret").tagKeys("a")),
                "ResourceNotFoundException", NOT_FOUND);
    }

    @Test
    void readingAValueRecordsTheDayOfTheLastAccess() {
        secrets.createSecret(r -> r.name("accessed").secretString("v"));
        assertThat(secrets.describeSecret(r -> r.secretId("accessed")).lastAccessedDate()).isNull();
        secrets.getSecretValue(r -> r.secretId("accessed"));
        Instant today = fixture.now().truncatedTo(ChronoUnit.DAYS);
        assertThat(secrets.describeSecret(r -> r.secretId("accessed")).lastAccessedDate()).isEqualTo(today);
        fixture.advance(Duration.ofDays(2));
        secrets.getSecretValue(r -> r.secretId("accessed"));
        assertThat(secrets.describeSecret(r -> r.secretId("accessed")).lastAccessedDate())
                .isEqualTo(today.plus(Duration.ofDays(2)));
    }

    @Test
    void aNameIsTakenOnce() {
        secrets.createSecret(r -> r.name("taken").secretString("v"));
        expectError(() -> secrets.createSecret(r -> r.name("taken").secretString("w")), "ResourceExistsException",
                "The operation failed because the secret taken already exists.");
        assertThat(secrets.getSecretValue(r -> r.secretId("taken")).secretString()).isEqualTo("v");
    }

    @Test
    void anUnknownSecretIsNotFoundByEveryOperation() {
        String id = "never-created";
        expectError(() -> secrets.getSecretValue(r -> r.secretId(id)), "ResourceNotFoundException", NOT_FOUND);
        expectError(() -> secrets.describeSecret(r -> r.secretId(id)), "ResourceNotFoundException", NOT_FOUND);
        expectError(() -> secrets.putSecretValue(r -> r.secretId(id).secretString("v")), "ResourceNotFoundException",
                NOT_FOUND);
        expectError(() -> secrets.updateSecret(r -> r.secretId(id).description("d")), "ResourceNotFoundException",
                NOT_FOUND);
        expectError(() -> secrets.deleteSecret(r -> r.secretId(id)), "ResourceNotFoundException", NOT_FOUND);
        expectError(() -> secrets.restoreSecret(r -> r.secretId(id)), "ResourceNotFoundException", NOT_FOUND);
        expectError(() -> secrets.listSecretVersionIds(r -> r.secretId(id)), "ResourceNotFoundException", NOT_FOUND);
    }
}
