package dev.stepwise.api;

import java.util.Optional;

/**
 * Secret values as other faces read them in process, without an HTTP round trip and without
 * depending on the face that keeps them (Transfer reads a connector's credentials and a PGP key
 * from Secrets Manager secrets this way; the server hands this to the faces that need it).
 */
@FunctionalInterface
public interface SecretValues {

    /**
     * The SecretString of the AWSCURRENT version of the secret {@code secretId} names, as
     * GetSecretValue would answer it to {@code caller}: {@code secretId} is a secret's name or its
     * complete or partial ARN, resolved in the caller's account and region (another account's or
     * region's secret is not found). Empty when there is no such secret, when it is scheduled for
     * deletion, when it has no AWSCURRENT version, or when that version holds a SecretBinary.
     * A read counts as an access (the secret's LastAccessedDate), as GetSecretValue's does.
     * The value is the caller's to keep out of logs and error messages.
     */
    Optional<String> secretString(Caller caller, String secretId);
}
