package dev.stepwise.server.http;

import dev.stepwise.api.Caller;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Turns a request's SigV4 credential scope into its {@link Caller}: the region is the scope's
 * (else the server's default), the account is the one configured for the access key (else the
 * server's default). Signatures are not verified here: that is the authentication seam's job.
 */
public final class Callers {
    private final String defaultAccount;
    private final String defaultRegion;
    private final Map<String, String> accountsByAccessKey;

    public Callers(String defaultAccount, String defaultRegion, Map<String, String> accountsByAccessKey) {
        this.defaultAccount = defaultAccount;
        this.defaultRegion = defaultRegion;
        this.accountsByAccessKey = Map.copyOf(accountsByAccessKey);
    }

    /**
     * A SigV4 credential scope: "AKID/20261206/us-east-1/states/aws4_request". Null members when
     * the request is not signed.
     */
    public record Scope(String accessKeyId, String region, String service) {
        static final Scope NONE = new Scope(null, null, null);
    }

    public Caller caller(Scope scope) {
        String account = scope.accessKeyId() == null ? null : accountsByAccessKey.get(scope.accessKeyId());
        return new Caller(account != null ? account : defaultAccount,
                scope.region() != null && !scope.region().isEmpty() ? scope.region() : defaultRegion,
                scope.accessKeyId());
    }

    /**
     * The credential scope of a request signed in its Authorization header
     * ({@code AWS4-HMAC-SHA256 Credential=…/…, SignedHeaders=…, Signature=…}) or, presigned, in its
     * {@code X-Amz-Credential} query parameter.
     */
    public static Scope scope(String authorization, String query) {
        String credential = null;
        if (authorization != null) {
            int at = authorization.indexOf("Credential=");
            if (at >= 0) {
                int end = authorization.indexOf(',', at);
                credential = authorization.substring(at + "Credential=".length(),
                        end < 0 ? authorization.length() : end).strip();
            }
        }
        if (credential == null && query != null) {
            for (String pair : query.split("&")) {
                if (pair.startsWith("X-Amz-Credential=")) {
                    credential = URLDecoder.decode(pair.substring("X-Amz-Credential=".length()), StandardCharsets.UTF_8);
                }
            }
        }
        if (credential == null) {
            return Scope.NONE;
        }
        String[] parts = credential.split("/");
        if (parts.length < 5) {
            return new Scope(parts[0], null, null);
        }
        return new Scope(parts[0], parts[2], parts[3]);
    }
}
