package dev.stepwise.transfer;

import java.util.random.RandomGenerator;

/**
 * Transfer's resource ids: a prefix and 17 lowercase hex digits ("s-01234567890abcdef",
 * "w-…", "hostkey-…", "key-…", "c-…"), drawn from an injected source so tests can reproduce them.
 * Thread-safe: draws are serialised, as generators need not be.
 */
final class TransferIds {
    private static final int DIGITS = 17;

    private final RandomGenerator random;

    TransferIds(RandomGenerator random) {
        this.random = random;
    }

    String serverId() {
        return "s-" + hex();
    }

    String workflowId() {
        return "w-" + hex();
    }

    String hostKeyId() {
        return "hostkey-" + hex();
    }

    String sshPublicKeyId() {
        return "key-" + hex();
    }

    String connectorId() {
        return "c-" + hex();
    }

    /** A version 4 UUID (AWS's form of TransferId, ListingId, DeleteId and MoveId). */
    synchronized String uuid() {
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new java.util.UUID(high, low).toString();
    }

    private synchronized String hex() {
        StringBuilder b = new StringBuilder(DIGITS);
        for (int i = 0; i < DIGITS; i++) {
            b.append(Character.forDigit(random.nextInt(16), 16));
        }
        return b.toString();
    }
}
