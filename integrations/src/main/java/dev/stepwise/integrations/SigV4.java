package dev.stepwise.integrations;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 for one request: the Authorization and X-Amz-Date headers. Local
 * stand-ins mostly ignore the signature, but some (and AWS) refuse unsigned calls.
 */
final class SigV4 {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private SigV4() {}

    /**
     * The headers to add to a request already carrying {@code headers} (names as sent). The path
     * and query of {@code uri} must already be encoded as they go on the wire.
     */
    static Map<String, String> sign(String method, URI uri, Map<String, String> headers, byte[] body, String service,
                                    String region, String accessKey, String secretKey, Instant now) {
        String amzDate = STAMP.format(now);
        String date = amzDate.substring(0, 8);
        TreeMap<String, String> canonical = new TreeMap<>();
        headers.forEach((k, v) -> canonical.put(k.toLowerCase(java.util.Locale.ROOT), v.trim()));
        canonical.put("host", uri.getPort() > 0 ? uri.getHost() + ":" + uri.getPort() : uri.getHost());
        canonical.put("x-amz-date", amzDate);
        StringBuilder canonicalHeaders = new StringBuilder();
        canonical.forEach((k, v) -> canonicalHeaders.append(k).append(':').append(v).append('\n'));
        String signedHeaders = String.join(";", canonical.keySet());
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String request = method + "\n" + path + "\n" + canonicalQuery(uri.getRawQuery()) + "\n" + canonicalHeaders
                + "\n" + signedHeaders + "\n" + hex(sha256(body));
        String scope = date + "/" + region + "/" + service + "/aws4_request";
        String toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
                + hex(sha256(request.getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, service);
        key = hmac(key, "aws4_request");
        String signature = hex(hmac(key, toSign));
        return Map.of("X-Amz-Date", amzDate, "Authorization", "AWS4-HMAC-SHA256 Credential=" + accessKey + "/" + scope
                + ", SignedHeaders=" + signedHeaders + ", Signature=" + signature);
    }

    private static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        TreeMap<String, String> sorted = new TreeMap<>();
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            sorted.put(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
        }
        StringBuilder b = new StringBuilder();
        sorted.forEach((k, v) -> b.append(b.isEmpty() ? "" : "&").append(k).append('=').append(v));
        return b.toString();
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
