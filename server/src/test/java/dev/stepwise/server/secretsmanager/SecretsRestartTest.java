package dev.stepwise.server.secretsmanager;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

/** Secrets are kept in the data folder: a server started again on it has them as they were. */
class SecretsRestartTest {
    private static final String T1 = "bbbbbbbb-0000-0000-0000-000000000001";
    private static final String T2 = "bbbbbbbb-0000-0000-0000-000000000002";

    @Test
    void secretsTheirVersionsTagsAndDeletionsSurviveARestart() throws IOException {
        try (SecretsFixture fixture = new SecretsFixture()) {
            var secrets = fixture.secrets();
            String arn = secrets.createSecret(r -> r.name("durable").secretString("first").clientRequestToken(T1)
                    .description("kept").tags(Tag.builder().key("k").value("v").build())).arn();
            secrets.putSecretValue(r -> r.secretId("durable").secretString("second").clientRequestToken(T2));
            secrets.createSecret(r -> r.name("durable-binary").secretBinary(SdkBytes.fromByteArray(new byte[] {7, 0})));
            secrets.createSecret(r -> r.name("doomed").secretString("v"));
            Instant deletion = secrets.deleteSecret(r -> r.secretId("doomed")).deletionDate();
            secrets.createSecret(r -> r.name("listed-later").secretString("v"));
            String token = secrets.listSecrets(r -> r.maxResults(1)).nextToken();

            fixture.restart();

            var again = fixture.secrets();
            assertThat(again.getSecretValue(r -> r.secretId(arn)).secretString()).isEqualTo("second");
            assertThat(again.getSecretValue(r -> r.secretId("durable").versionStage("AWSPREVIOUS")).secretString())
                    .isEqualTo("first");
            DescribeSecretResponse d = again.describeSecret(r -> r.secretId("durable"));
            assertThat(d.description()).isEqualTo("kept");
            assertThat(d.tags()).extracting(Tag::key).containsExactly("k");
            assertThat(d.versionIdsToStages()).containsExactlyInAnyOrderEntriesOf(
                    Map.of(T1, List.of("AWSPREVIOUS"), T2, List.of("AWSCURRENT")));
            assertThat(again.getSecretValue(r -> r.secretId("durable-binary")).secretBinary().asByteArray())
                    .containsExactly(7, 0);
            assertThat(again.describeSecret(r -> r.secretId("doomed")).deletedDate()).isNotNull()
                    .isEqualTo(deletion.minus(java.time.Duration.ofDays(30)));
            // pagination tokens are signed with a key kept in the store: still good
            assertThat(again.listSecrets(r -> r.nextToken(token)).secretList()).extracting(SecretListEntry::name)
                    .containsExactly("durable-binary", "listed-later");
        }
    }
}
