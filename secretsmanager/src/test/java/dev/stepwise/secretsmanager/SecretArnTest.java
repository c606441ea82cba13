package dev.stepwise.secretsmanager;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.secretsmanager.SecretArn.SecretId;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Secret ARNs as Secrets Manager forms them, and SecretIds as it reads them. */
class SecretArnTest {
    private static final String PREFIX = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:";

    @Test
    void anArnIsTheNameAHyphenAndSixRandomLettersOrDigits() {
        Random random = new Random(42);
        Set<String> suffixes = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String suffix = SecretArn.randomSuffix(random);
            assertThat(suffix).matches("[A-Za-z0-9]{6}");
            suffixes.add(suffix);
        }
        assertThat(suffixes).hasSizeGreaterThan(190);
        assertThat(SecretArn.of("eu-west-1", "123456789012", "prod/db", "a1B2c3"))
                .isEqualTo(PREFIX + "prod/db-a1B2c3");
    }

    @Test
    void theSameRandomnessGivesTheSameSuffixes() {
        assertThat(SecretArn.randomSuffix(new Random(7))).isEqualTo(SecretArn.randomSuffix(new Random(7)));
    }

    @Test
    void aSecretIdThatIsNotAnArnIsANameEvenWithASuffix() {
        assertThat(SecretArn.parse("prod/db")).isEqualTo(new SecretId.Name("prod/db"));
        assertThat(SecretArn.parse("prod/db-a1B2c3")).isEqualTo(new SecretId.Name("prod/db-a1B2c3"));
    }

    @Test
    void anArnEndingWithAHyphenAndSixCharactersIsComplete() {
        assertThat(SecretArn.parse(PREFIX + "prod/db-a1B2c3"))
                .isEqualTo(new SecretId.CompleteArn(PREFIX + "prod/db-a1B2c3", "eu-west-1", "123456789012"));
    }

    @Test
    void anArnWithoutTheSuffixIsPartial() {
        assertThat(SecretArn.parse(PREFIX + "prod/db"))
                .isEqualTo(new SecretId.PartialArn("eu-west-1", "123456789012", "prod/db"));
        // a hyphen followed by fewer or more than six characters is part of the name
        assertThat(SecretArn.parse(PREFIX + "my-key"))
                .isEqualTo(new SecretId.PartialArn("eu-west-1", "123456789012", "my-key"));
        assertThat(SecretArn.parse(PREFIX + "db-primary"))
                .isEqualTo(new SecretId.PartialArn("eu-west-1", "123456789012", "db-primary"));
    }

    @Test
    void aPartialArnOfANameEndingLikeASuffixIsTakenAsComplete() {
        // AWS documents this confusion: such a name's partial ARN reads as a complete ARN
        assertThat(SecretArn.parse(PREFIX + "app-backup")).isInstanceOf(SecretId.CompleteArn.class);
    }

    @Test
    void anotherServicesOrPartitionsArnNamesNoSecret() {
        assertThat(SecretArn.parse("arn:aws:s3:::bucket")).isInstanceOf(SecretId.NotASecret.class);
        assertThat(SecretArn.parse("arn:aws:secretsmanager:eu-west-1:123456789012:other:x"))
                .isInstanceOf(SecretId.NotASecret.class);
        assertThat(SecretArn.parse("arn:aws:secretsmanager:eu-west-1:123456789012:secret:"))
                .isInstanceOf(SecretId.NotASecret.class);
        assertThat(SecretArn.parse("arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:x"))
                .isInstanceOf(SecretId.NotASecret.class);
        assertThat(SecretArn.parse("arn:nonsense")).isInstanceOf(SecretId.NotASecret.class);
    }

    @Test
    void theNameOfAnArnIsWhatPrecedesItsSuffix() {
        assertThat(SecretArn.nameOf(PREFIX + "prod/db-with-hyphens-a1B2c3")).isEqualTo("prod/db-with-hyphens");
    }
}
