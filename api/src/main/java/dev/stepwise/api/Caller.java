package dev.stepwise.api;

/**
 * Who a request acts for: the account and region its resources live in, and the access key that
 * signed it (null when unsigned). Every operation receives one; nothing reads a process-wide
 * account. Not yet authenticated: the signature is not checked at this seam (yet).
 */
public record Caller(String account, String region, String accessKeyId) {

    /** The prefix shared by this caller's ARNs of {@code service}: "arn:aws:states:us-east-1:123456789012:". */
    public String arnPrefix(String service) {
        return "arn:aws:" + service + ":" + region + ":" + account + ":";
    }
}
