package dev.stepwise.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opaque pagination tokens: the position to continue from, the listing it belongs to (operation,
 * resource listed, and the caller's account and region) and when it was issued, signed with the
 * server's key. A forged, altered, expired (24 hours) or foreign token is refused with the
 * service's own error.
 */
public final class PageTokens {
    private static final Duration LIFETIME = Duration.ofHours(24);
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final byte[] key;
    private final Clock clock;
    private final java.util.function.Supplier<ServiceException> invalid;

    /** Tokens signed with {@code key}; a bad one is refused with {@code invalid}'s error. */
    public PageTokens(byte[] key, Clock clock, java.util.function.Supplier<ServiceException> invalid) {
        this.key = key.clone();
        this.clock = clock;
        this.invalid = invalid;
    }

    /** A token for continuing {@code scope} (the operation and resource listed) after {@code position}. */
    public String issue(Caller caller, String scope, String position) {
        return issue(scoped(caller, scope), position);
    }

    /** The position a token of {@code caller}'s continues from; null for a null token. */
    public String position(Caller caller, String scope, String token) {
        return position(scoped(caller, scope), token);
    }

    private static String scoped(Caller caller, String scope) {
        return caller.account() + "/" + caller.region() + "/" + scope;
    }

    private String issue(String scope, String position) {
        if (position == null) {
            return null;
        }
        ObjectNode payload = Json.object();
        payload.put("p", position);
        payload.put("s", scope);
        payload.put("t", clock.instant().getEpochSecond());
        String body = ENCODER.encodeToString(Json.write(payload).getBytes(StandardCharsets.UTF_8));
        return body + "." + ENCODER.encodeToString(sign(body));
    }

    private String position(String scope, String token) {
        if (token == null) {
            return null;
        }
        int dot = token.indexOf('.');
        if (dot <= 0) {
            throw invalid();
        }
        String body = token.substring(0, dot);
        byte[] signature;
        JsonNode payload;
        try {
            signature = DECODER.decode(token.substring(dot + 1));
            payload = Json.parse(new String(DECODER.decode(body), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw invalid();
        }
        if (!MessageDigest.isEqual(signature, sign(body))) {
            throw invalid();
        }
        if (!scope.equals(payload.path("s").asText())) {
            throw invalid();
        }
        long issued = payload.path("t").asLong();
        if (clock.instant().getEpochSecond() - issued > LIFETIME.toSeconds()) {
            throw invalid();
        }
        return payload.path("p").asText();
    }

    private byte[] sign(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(body.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is always available", e);
        }
    }

    private ServiceException invalid() {
        return invalid.get();
    }
}
