package dev.stepwise.asl.eval;

import java.util.UUID;

/**
 * Where randomness comes from (States.UUID, States.MathRandom, retry jitter). Injected so that
 * tests and {@code stepwise test} runs are reproducible.
 */
public interface RandomSource {
    /** A random version-4 UUID. */
    UUID uuid();

    /** A double in [0, 1). */
    double nextDouble();

    /** A source backed by the JDK's secure and thread-local generators. */
    static RandomSource system() {
        return new RandomSource() {
            @Override
            public UUID uuid() {
                return UUID.randomUUID();
            }

            @Override
            public double nextDouble() {
                return java.util.concurrent.ThreadLocalRandom.current().nextDouble();
            }
        };
    }

    /** A deterministic source: the same seed gives the same sequence. Not thread-safe. */
    static RandomSource seeded(long seed) {
        java.util.Random random = new java.util.Random(seed);
        return new RandomSource() {
            @Override
            public UUID uuid() {
                byte[] bytes = new byte[16];
                random.nextBytes(bytes);
                bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x40);
                bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80);
                long msb = 0;
                long lsb = 0;
                for (int i = 0; i < 8; i++) {
                    msb = (msb << 8) | (bytes[i] & 0xff);
                    lsb = (lsb << 8) | (bytes[i + 8] & 0xff);
                }
                return new UUID(msb, lsb);
            }

            @Override
            public double nextDouble() {
                return random.nextDouble();
            }
        };
    }
}
