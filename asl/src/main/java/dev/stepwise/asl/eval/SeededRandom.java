package dev.stepwise.asl.eval;

import java.util.UUID;

/**
 * A deterministic source whose whole position is one long (SplitMix64), so that it can be saved
 * beside an execution's snapshot and resumed where it stopped: {@code new SeededRandom(r.state())}
 * continues the sequence {@code r} would have produced. A new source's state is its seed. Not
 * thread-safe: one per execution, used by the one thread stepping it.
 */
public final class SeededRandom implements RandomSource {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private long state;

    /** A source at {@code state}: a seed, or a position saved by {@link #state()}. */
    public SeededRandom(long state) {
        this.state = state;
    }

    /** The position in the sequence: what the next draws depend on, and all they depend on. */
    public long state() {
        return state;
    }

    /** The next 64 random bits. */
    public long nextLong() {
        long z = state += GOLDEN_GAMMA;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    @Override
    public UUID uuid() {
        long msb = (nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }
}
