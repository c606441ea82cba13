package dev.stepwise.asl.model;

import java.util.List;

/**
 * One Retry entry. {@code maxDelaySeconds} is null when absent; jitter is FULL or NONE.
 */
public record Retrier(List<String> errorEquals, int intervalSeconds, int maxAttempts, double backoffRate,
                      Integer maxDelaySeconds, JitterStrategy jitterStrategy) {

    public enum JitterStrategy { FULL, NONE }
}
