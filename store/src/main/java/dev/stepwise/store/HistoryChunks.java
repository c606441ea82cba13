package dev.stepwise.store;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdDictCompress;
import com.github.luben.zstd.ZstdDictDecompress;
import com.github.luben.zstd.ZstdException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * How a step's events (a UTF-8 JSON array) are kept in {@code history_chunk.events}: compressed with
 * a preset dictionary of the text every history repeats, so that a short execution's chunk (4 KiB
 * of JSON for ten Pass states) takes a couple of hundred bytes inside its B-tree row instead of an
 * overflow page of its own. Three forms are read, told apart by their first byte:
 * <ul>
 * <li>{@link #ZSTD_DICTIONARY_1} (1): a Zstandard frame compressed with {@link #DICTIONARY_1}, what
 * is written now. The dictionary is prepared once (zlib hashes its preset dictionary again for every
 * stream: that was half of a chunk's compression);
 * <li>'[': plain JSON, written before chunks were compressed;
 * <li>anything else: a zlib stream with a preset dictionary named by its Adler-32 (never '[' nor 1:
 * a zlib stream starts with 0x78), written before Zstandard.
 * </ul>
 *
 * <p>Contract: {@link #DICTIONARY_1} never changes once a build wrote with it. A better dictionary is
 * a new constant with a first byte of its own (and, for zlib's streams, an entry in
 * {@link #ZLIB_DICTIONARIES}), written from then on; the old ones stay readable.
 */
public final class HistoryChunks {
    private HistoryChunks() {}

    /** The events text of common histories, most frequent last (zlib's nearer matches cost fewer bits). */
    static final byte[] DICTIONARY_1 = ("""
            "lambdaFunctionScheduledEventDetails":{"resource":"arn:aws:lambda:us-east-1:123456789012:function:",\
            "lambdaFunctionSucceededEventDetails":{"lambdaFunctionFailedEventDetails":{"error":"States.TaskFailed",\
            "cause":"States.Timeout","activityScheduledEventDetails":{"heartbeatInSeconds":"timeoutInSeconds":\
            "activityStartedEventDetails":{"workerName":"activitySucceededEventDetails":\
            "mapStateStartedEventDetails":{"length":"type":"MapStateEntered","type":"MapIterationStarted",\
            "mapIterationStartedEventDetails":{"index":"type":"MapIterationSucceeded",\
            "mapIterationSucceededEventDetails":{"type":"MapStateSucceeded","type":"MapStateExited",\
            "type":"ParallelStateEntered","type":"ParallelStateStarted","type":"ParallelStateSucceeded",\
            "type":"ParallelStateExited","type":"ChoiceStateEntered","type":"ChoiceStateExited",\
            "type":"SucceedStateEntered","type":"SucceedStateExited","type":"FailStateEntered",\
            "type":"ExecutionFailed","executionFailedEventDetails":{"error":"cause":\
            "type":"ExecutionAborted","type":"ExecutionTimedOut","type":"WaitStateEntered",\
            "type":"WaitStateExited","type":"TaskStateEntered","type":"TaskScheduled",\
            "taskScheduledEventDetails":{"resourceType":"lambda","resource":"invoke","region":"us-east-1",\
            "parameters":"{\\"FunctionName\\":\\"arn:aws:lambda:us-east-1:123456789012:function:",\
            "type":"TaskStarted","taskStartedEventDetails":{"resourceType":"type":"TaskSucceeded",\
            "taskSucceededEventDetails":{"resourceType":"lambda","resource":"invoke","output":"{}",\
            "outputDetails":{"truncated":false}},"type":"TaskFailed","taskFailedEventDetails":{\
            "type":"TaskStateExited","type":"ExecutionSucceeded","executionSucceededEventDetails":{"output":"{}",\
            "outputDetails":{"truncated":false}}},{"timestamp":1796597397.558,"type":"PassStateExited","id":3,\
            "previousEventId":2,"stateExitedEventDetails":{"name":"","output":"{}","outputDetails":{"truncated":false}}},\
            [{"timestamp":1796597397.558,"type":"ExecutionStarted","id":1,"previousEventId":0,\
            "executionStartedEventDetails":{"input":"{}","inputDetails":{"truncated":false},\
            "roleArn":"arn:aws:iam::123456789012:role/"}},{"timestamp":1796597397.558,"type":"PassStateEntered",\
            "id":2,"previousEventId":0,"stateEnteredEventDetails":{"name":"","input":"{}","inputDetails":\
            {"truncated":false}}},{"timestamp":1796597397.558,"type":"PassStateExited","id":3,"previousEventId":2,\
            "stateExitedEventDetails":{"name":"","output":"{}","outputDetails":{"truncated":false}}}\
            """).getBytes(StandardCharsets.UTF_8);

    /** The first byte of a chunk compressed with Zstandard and {@link #DICTIONARY_1}. */
    static final byte ZSTD_DICTIONARY_1 = 1;

    /** Every dictionary a zlib stream of an earlier build may name, by its Adler-32. */
    private static final Map<Integer, byte[]> ZLIB_DICTIONARIES = Map.of(adler(DICTIONARY_1), DICTIONARY_1);

    /**
     * Zstandard's first negative level (its fast mode). With the dictionary, a ten-state chain's 4 KB
     * of events (the shared benchmark's) take 290 bytes in 3.9–4.6 µs, where level 1 takes 274 bytes
     * in 5.7–6.6 µs (three rounds of 100,000 in one process); below -1 a chunk grows and takes no
     * less time. Level 1 was 5–6% of the server's CPU under a StartExecution load, where zlib took
     * 13% (async-profiler; level 3 took 7%). Chunks of any level read alike.
     */
    static final int LEVEL = -1;

    /** The dictionary prepared for compression and for decompression, once; both are shared by every context. */
    private static final ZstdDictCompress COMPRESS_DICTIONARY_1 = new ZstdDictCompress(DICTIONARY_1, LEVEL);
    private static final ZstdDictDecompress DECOMPRESS_DICTIONARY_1 = new ZstdDictDecompress(DICTIONARY_1);

    /*
     * Contexts between uses: each holds native tables that cost more to make and free than the
     * compression of a short chunk; a few are kept for the request threads that compress at once.
     */
    private static final BlockingQueue<ZstdCompressCtx> IDLE_COMPRESSORS = new ArrayBlockingQueue<>(32);
    private static final BlockingQueue<ZstdDecompressCtx> IDLE_DECOMPRESSORS = new ArrayBlockingQueue<>(8);

    /** A step's events as stored. Runs on the thread that ran the step, not on the store's single writer. */
    public static byte[] encode(byte[] json) {
        if (json == null) {
            return null;
        }
        ZstdCompressCtx compressor = IDLE_COMPRESSORS.poll();
        if (compressor == null) {
            compressor = compressor(COMPRESS_DICTIONARY_1);
        }
        try {
            byte[] out = new byte[1 + (int) Zstd.compressBound(json.length)];
            out[0] = ZSTD_DICTIONARY_1;
            int n = compressor.compressByteArray(out, 1, out.length - 1, json, 0, json.length);
            return Arrays.copyOf(out, 1 + n);
        } finally {
            if (!IDLE_COMPRESSORS.offer(compressor)) {
                compressor.close();
            }
        }
    }

    /** A context that writes frames as chunks hold them, with {@code dictionary} (and its level). */
    static ZstdCompressCtx compressor(ZstdDictCompress dictionary) {
        ZstdCompressCtx compressor = new ZstdCompressCtx();
        compressor.loadDict(dictionary);
        compressor.setChecksum(true); // a damaged chunk is refused, as zlib's Adler-32 did, not misread
        compressor.setDictID(false); // the first byte names the dictionary
        compressor.setContentSize(true);
        return compressor;
    }

    /** A stored chunk as the UTF-8 JSON array it was written from. */
    public static byte[] decode(byte[] stored) throws DataFormatException {
        if (stored.length == 0 || stored[0] == '[') {
            return stored; // written before chunks were compressed
        }
        if (stored[0] == ZSTD_DICTIONARY_1) {
            return unzstd(stored);
        }
        return inflate(stored);
    }

    private static byte[] unzstd(byte[] stored) throws DataFormatException {
        long size = Zstd.getFrameContentSize(stored, 1, stored.length - 1);
        if (size < 0 || size > Integer.MAX_VALUE - 8) {
            throw new DataFormatException("a history chunk's frame does not say its size (" + size + ")");
        }
        ZstdDecompressCtx decompressor = IDLE_DECOMPRESSORS.poll();
        if (decompressor == null) {
            decompressor = new ZstdDecompressCtx();
            decompressor.loadDict(DECOMPRESS_DICTIONARY_1);
        }
        try {
            byte[] json = new byte[(int) size];
            int n = decompressor.decompressByteArray(json, 0, json.length, stored, 1, stored.length - 1);
            if (n != json.length) {
                throw new DataFormatException("a history chunk holds " + n + " bytes, not the " + size + " it says");
            }
            return json;
        } catch (ZstdException e) {
            throw new DataFormatException("a history chunk cannot be read: " + e.getMessage());
        } finally {
            if (!IDLE_DECOMPRESSORS.offer(decompressor)) {
                decompressor.close();
            }
        }
    }

    /** A chunk an earlier build deflated (zlib with a preset dictionary). */
    private static byte[] inflate(byte[] stored) throws DataFormatException {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(stored);
            ByteArrayOutputStream out = new ByteArrayOutputStream(stored.length * 8);
            byte[] buffer = new byte[Math.max(1024, stored.length * 8)];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0) {
                    if (inflater.needsDictionary()) {
                        byte[] dictionary = ZLIB_DICTIONARIES.get(inflater.getAdler());
                        if (dictionary == null) {
                            throw new DataFormatException("a history chunk names an unknown dictionary "
                                    + Integer.toHexString(inflater.getAdler()));
                        }
                        inflater.setDictionary(dictionary);
                    } else if (inflater.needsInput()) {
                        throw new DataFormatException("a history chunk ends before its stream does");
                    }
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } finally {
            inflater.end();
        }
    }

    private static int adler(byte[] bytes) {
        java.util.zip.Adler32 a = new java.util.zip.Adler32();
        a.update(bytes);
        return (int) a.getValue();
    }
}
