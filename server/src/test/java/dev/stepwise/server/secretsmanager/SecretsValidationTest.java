package dev.stepwise.server.secretsmanager;

import static dev.stepwise.server.secretsmanager.SecretsErrors.NOT_FOUND;
import static dev.stepwise.server.secretsmanager.SecretsErrors.expectError;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.Filter;
import software.amazon.awssdk.services.secretsmanager.model.FilterNameStringType;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

/**
 * The service model's constraints, each refused as AWS's front end refuses it (ValidationException,
 * members named in camelCase, sensitive values never quoted), and the service's own rules on the
 * values of a request (InvalidParameterException). A refused request stores nothing.
 */
class SecretsValidationTest {
    private static final String VALIDATION = "ValidationException";

    private static SecretsFixture fixture;
    private static SecretsManagerClient secrets;

    @BeforeAll
    static void start() throws IOException {
        fixture = new SecretsFixture();
        secrets = fixture.secrets();
        secrets.createSecret(r -> r.name("existing").secretString("v"));
    }

    @AfterAll
    static void stop() throws IOException {
        fixture.close();
    }

    @Test
    void secretIdIsRequired() {
        expectError(() -> secrets.getSecretValue(r -> { }), VALIDATION,
                "1 validation error detected: Value null at 'secretId' failed to satisfy constraint: Member must not "
                        + "be null");
        expectError(() -> secrets.describeSecret(r -> { }), VALIDATION, null);
    }

    @Test
    void secretIdHasAtMost2048Characters() {
        String id = "x".repeat(2049);
        expectError(() -> secrets.describeSecret(r -> r.secretId(id)), VALIDATION, "1 validation error detected: "
                + "Value '" + id + "' at 'secretId' failed to satisfy constraint: Member must have length less than "
                + "or equal to 2048");
    }

    @Test
    void aNameHasAtMost512Characters() {
        String name = "n".repeat(513);
        expectError(() -> secrets.createSecret(r -> r.name(name).secretString("v")), VALIDATION,
                "1 validation error detected: Value '" + name + "' at 'name' failed to satisfy constraint: Member "
                        + "must have length less than or equal to 512");
        expectError(() -> secrets.describeSecret(r -> r.secretId(name.substring(0, 500))),
                "ResourceNotFoundException", NOT_FOUND);
    }

    @Test
    void aNameHoldsLettersDigitsAndSlashUnderscorePlusEqualsDotAtHyphenOnly() {
        for (String name : new String[] {"with space", "colon:name", "star*", "bang!"}) {
            expectError(() -> secrets.createSecret(r -> r.name(name).secretString("v")), VALIDATION,
                    "Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: "
                            + "-/_+=.@!");
        }
        assertThat(secrets.createSecret(r -> r.name("a/B_1+=.@-z").secretString("v")).name())
                .isEqualTo("a/B_1+=.@-z");
    }

    @Test
    void aClientRequestTokenHas32To64Characters() {
        expectError(() -> secrets.createSecret(r -> r.name("short-token").secretString("v")
                .clientRequestToken("too-short")), VALIDATION, "1 validation error detected: Value 'too-short' at "
                + "'clientRequestToken' failed to satisfy constraint: Member must have length greater than or equal "
                + "to 32");
        String tooLong = "t".repeat(65);
        expectError(() -> secrets.putSecretValue(r -> r.secretId("existing").secretString("v")
                .clientRequestToken(tooLong)), VALIDATION, null);
        expectError(() -> secrets.describeSecret(r -> r.secretId("short-token")), "ResourceNotFoundException",
                NOT_FOUND);
    }

    @Test
    void aSecretStringHas1To65536CharactersAndIsNeverQuoted() {
        String big = "s".repeat(65537);
        expectError(() -> secrets.createSecret(r -> r.name("too-big").secretString(big)), VALIDATION,
                "1 validation error detected: Value at 'secretString' failed to satisfy constraint: Member must "
                        + "have length less than or equal to 65536");
        expectError(() -> secrets.putSecretValue(r -> r.secretId("existing").secretString("")), VALIDATION,
                "1 validation error detected: Value at 'secretString' failed to satisfy constraint: Member must "
                        + "have length greater than or equal to 1");
        assertThat(secrets.createSecret(r -> r.name("largest").secretString(big.substring(1))).name())
                .isEqualTo("largest");
    }

    @Test
    void aSecretBinaryHas1To65536Bytes() {
        expectError(() -> secrets.putSecretValue(r -> r.secretId("existing")
                .secretBinary(SdkBytes.fromByteArray(new byte[65537]))), VALIDATION,
                "1 validation error detected: Value at 'secretBinary' failed to satisfy constraint: Member must "
                        + "have length less than or equal to 65536");
        expectError(() -> secrets.putSecretValue(r -> r.secretId("existing")
                .secretBinary(SdkBytes.fromByteArray(new byte[0]))), VALIDATION, null);
        assertThat(secrets.getSecretValue(r -> r.secretId("existing")).secretString()).isEqualTo("v");
    }

    @Test
    void aDescriptionHasAtMost2048Characters() {
        String d = "d".repeat(2049);
        expectError(() -> secrets.updateSecret(r -> r.secretId("existing").description(d)), VALIDATION,
                "1 validation error detected: Value '" + d + "' at 'description' failed to satisfy constraint: "
                        + "Member must have length less than or equal to 2048");
    }

    @Test
    void everyViolationIsToldAtOnce() {
        String d = "d".repeat(2049);
        expectError(() -> secrets.createSecret(r -> r.description(d).clientRequestToken("short")), VALIDATION,
                "3 validation errors detected: Value null at 'name' failed to satisfy constraint: Member must not be "
                        + "null; Value 'short' at 'clientRequestToken' failed to satisfy constraint: Member must have "
                        + "length greater than or equal to 32; Value '" + d + "' at 'description' failed to satisfy "
                        + "constraint: Member must have length less than or equal to 2048");
    }

    @Test
    void aValueIsAStringOrABinaryNotBoth() {
        String message = "You can't specify both a binary secret value and a string secret value in the same secret.";
        expectError(() -> secrets.createSecret(r -> r.name("both").secretString("v")
                .secretBinary(SdkBytes.fromUtf8String("v"))), "InvalidParameterException", message);
        expectError(() -> secrets.putSecretValue(r -> r.secretId("existing").secretString("v")
                .secretBinary(SdkBytes.fromUtf8String("v"))), "InvalidParameterException", message);
        expectError(() -> secrets.describeSecret(r -> r.secretId("both")), "ResourceNotFoundException", NOT_FOUND);
    }

    @Test
    void putSecretValueNeedsAValue() {
        expectError(() -> secrets.putSecretValue(r -> r.secretId("existing")), "InvalidParameterException",
                "You must provide either SecretString or SecretBinary.");
    }

    @Test
    void aTagKeyHas1To128CharactersAndAValueAtMost256() {
        String key = "k".repeat(129);
        expectError(() -> secrets.tagResource(r -> r.secretId("existing").tags(Tag.builder().key(key).value("v")
                .build())), VALIDATION, "1 validation error detected: Value '" + key + "' at 'tags.1.member.key' "
                + "failed to satisfy constraint: Member must have length less than or equal to 128");
        String value = "v".repeat(257);
        expectError(() -> secrets.createSecret(r -> r.name("tag-value").tags(Tag.builder().key("ok").value("v")
                .build(), Tag.builder().key("k").value(value).build())), VALIDATION, "1 validation error detected: "
                + "Value '" + value + "' at 'tags.2.member.value' failed to satisfy constraint: Member must have "
                + "length less than or equal to 256");
        expectError(() -> secrets.untagResource(r -> r.secretId("existing").tagKeys("")), VALIDATION,
                "1 validation error detected: Value '[]' at 'tagKeys' failed to satisfy constraint: Member must "
                        + "satisfy constraint: [Member must have length less than or equal to 128, Member must have "
                        + "length greater than or equal to 1]");
    }

    @Test
    void tagsAndTagKeysAreRequiredByTheirOperations() {
        expectError(() -> secrets.tagResource(r -> r.secretId("existing")), VALIDATION, "1 validation error "
                + "detected: Value null at 'tags' failed to satisfy constraint: Member must not be null");
        expectError(() -> secrets.untagResource(r -> r.secretId("existing")), VALIDATION, "1 validation error "
                + "detected: Value null at 'tagKeys' failed to satisfy constraint: Member must not be null");
    }

    @Test
    void aVersionHasAtMost20Labels() {
        String[] labels = new String[21];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = "L" + i;
        }
        expectError(() -> secrets.putSecretValue(r -> r.secretId("existing").secretString("w").versionStages(labels)),
                VALIDATION, null);
        assertThat(secrets.getSecretValue(r -> r.secretId("existing")).secretString()).isEqualTo("v");
    }

    @Test
    void maxResultsIsFrom1To100() {
        expectError(() -> secrets.listSecrets(r -> r.maxResults(101)), VALIDATION, "1 validation error detected: "
                + "Value '101' at 'maxResults' failed to satisfy constraint: Member must have value less than or "
                + "equal to 100");
        expectError(() -> secrets.listSecrets(r -> r.maxResults(0)), VALIDATION, "1 validation error detected: "
                + "Value '0' at 'maxResults' failed to satisfy constraint: Member must have value greater than or "
                + "equal to 1");
    }

    @Test
    void aFilterValueHoldsOnlyTheModelsCharacters() {
        expectError(() -> secrets.listSecrets(r -> r.filters(Filter.builder().key(FilterNameStringType.NAME)
                .values("bad*value").build())), VALIDATION, "1 validation error detected: Value '[bad*value]' at "
                + "'filters.1.member.values' failed to satisfy constraint: Member must satisfy constraint: [Member "
                + "must have length less than or equal to 512, Member must satisfy regular expression pattern: "
                + "^\\!?[a-zA-Z0-9 :_@\\/\\+\\=\\.\\-\\!]*$]");
    }

    @Test
    void aFilterKeyIsOneOfTheModelsKeys() {
        expectError(() -> secrets.listSecrets(r -> r.filters(Filter.builder().key("colour").values("red")
                .build())), VALIDATION, "1 validation error detected: Value 'colour' at 'filters.1.member.key' "
                + "failed to satisfy constraint: Member must satisfy enum value set: [description, name, tag-key, "
                + "tag-value, primary-region, owning-service, all]");
    }
}
