package dev.stepwise.transfer.pgp;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.SplittableRandom;

/** Streams for the decryption tests: generated content, counting, failing and digesting ends. */
final class TestStreams {
    private TestStreams() {}

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code size} pseudo-random bytes from {@code seed}, made as they are read. */
    static InputStream pseudoRandom(long size, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        return new InputStream() {
            private long left = size;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                if (left == 0) {
                    return -1;
                }
                int n = (int) Math.min(length, left);
                for (int i = 0; i < n; i++) {
                    buffer[offset + i] = (byte) random.nextInt(256);
                }
                left -= n;
                return n;
            }
        };
    }

    /** Counts the bytes read from it. */
    static final class CountingInput extends FilterInputStream {
        private long count;

        CountingInput(InputStream in) {
            super(in);
        }

        long count() {
            return count;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }

    /** Throws {@code failure} once {@code failAfter} bytes have been read. */
    static InputStream failingAfter(InputStream in, long failAfter, IOException failure) {
        return new FilterInputStream(in) {
            private long read;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                if (read >= failAfter) {
                    throw failure;
                }
                int n = super.read(buffer, offset, (int) Math.min(length, failAfter - read));
                if (n > 0) {
                    read += n;
                }
                return n;
            }

            @Override
            public boolean markSupported() {
                return false;
            }
        };
    }

    /**
     * Digests what is written and records, at every write, how far the encrypted input has been read
     * beyond the plaintext written so far: a decryption that holds the file in memory shows a lead of
     * nearly the whole file.
     */
    static final class DigestingOutput extends OutputStream {
        private final MessageDigest digest = sha256();
        private final CountingInput source;
        private long written;
        private long greatestLead;

        DigestingOutput(CountingInput source) {
            this.source = source;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] buffer, int offset, int length) {
            greatestLead = Math.max(greatestLead, source.count() - written);
            digest.update(buffer, offset, length);
            written += length;
        }

        byte[] digest() {
            return digest.digest();
        }

        long written() {
            return written;
        }

        long greatestLead() {
            return greatestLead;
        }
    }
}
