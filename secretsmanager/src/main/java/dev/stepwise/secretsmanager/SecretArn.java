package dev.stepwise.secretsmanager;

import dev.stepwise.asl.resource.Arn;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * Secret ARNs as Secrets Manager forms them, {@code arn:aws:secretsmanager:{region}:{account}:secret:{name}-{suffix}},
 * where the suffix is six random letters and digits that make a secret created again under the same
 * name another resource; and the SecretId of a request as Secrets Manager reads it: a name, a complete
 * ARN, or a partial ARN (one without the suffix).
 */
final class SecretArn {
    private static final String SUFFIX_CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final int SUFFIX_LENGTH = 6;
    /** What makes an ARN's secret part look complete: it ends with a hyphen and six letters or digits. */
    private static final Pattern ENDS_WITH_SUFFIX = Pattern.compile(".*-[A-Za-z0-9]{" + SUFFIX_LENGTH + "}");

    private SecretArn() {}

    /** The ARN of the secret {@code name} of that account and region, with its random {@code suffix}. */
    static String of(String region, String account, String name, String suffix) {
        return "arn:aws:secretsmanager:" + region + ":" + account + ":secret:" + name + "-" + suffix;
    }

    /** Six random letters and digits, drawn from {@code random}. */
    static String randomSuffix(RandomGenerator random) {
        char[] chars = new char[SUFFIX_LENGTH];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = SUFFIX_CHARACTERS.charAt(random.nextInt(SUFFIX_CHARACTERS.length()));
        }
        return new String(chars);
    }

    /** What a request's SecretId names. */
    sealed interface SecretId {
        /** A secret's name, matched exactly: a name with a suffix appended is another name. */
        record Name(String name) implements SecretId {}

        /** An ARN whose secret part ends with a hyphen and six characters: matched exactly. */
        record CompleteArn(String arn, String region, String account) implements SecretId {}

        /** An ARN without the random suffix: the secret of that name in that account and region. */
        record PartialArn(String region, String account, String name) implements SecretId {}

        /** An ARN that is not a secret's ("arn:aws:s3:::bucket"): nothing is found by it. */
        record NotASecret() implements SecretId {}
    }

    /**
     * Reads a SecretId as Secrets Manager does. An ARN whose secret name ends with a hyphen and six
     * characters is taken as complete, even when it is the partial ARN of a secret whose name ends so:
     * AWS documents that confusion and advises against such names.
     */
    static SecretId parse(String secretId) {
        if (!secretId.startsWith("arn:")) {
            return new SecretId.Name(secretId);
        }
        Arn arn = Arn.parse(secretId).orElse(null);
        if (arn == null || !arn.partition().equals("aws") || !arn.service().equals("secretsmanager")
                || !arn.resource().startsWith("secret:")) {
            return new SecretId.NotASecret();
        }
        String name = arn.resource().substring("secret:".length());
        if (name.isEmpty()) {
            return new SecretId.NotASecret();
        }
        return ENDS_WITH_SUFFIX.matcher(name).matches()
                ? new SecretId.CompleteArn(secretId, arn.region(), arn.account())
                : new SecretId.PartialArn(arn.region(), arn.account(), name);
    }

    /** The name part of a secret's ARN (this server's own, with its suffix). */
    static String nameOf(String arn) {
        String resource = Arn.of(arn).resource();
        return resource.substring("secret:".length(), resource.length() - SUFFIX_LENGTH - 1);
    }
}
