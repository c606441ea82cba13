package dev.stepwise.store;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * How a step's events (a UTF-8 JSON array) are kept in {@code history_chunk.events}: deflated
 * (zlib) with a preset dictionary of the text every history repeats, so that a short execution's
 * chunk (4 KiB of JSON for ten Pass states) takes a few hundred bytes inside its B-tree row instead
 * of an overflow page of its own. Rows written before, plain JSON, read as they are: a JSON array
 * starts with '[', a zlib stream never does.
 *
 * <p>Contract: {@link #DICTIONARY_1} never changes once a build wrote with it (each stream names its
 * dictionary by Adler-32, and only the dictionaries listed in {@link #DICTIONARIES} can be read). A
 * better dictionary is a new constant, added to that list, and written from then on.
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

    /** Every dictionary a stored chunk may name, by its Adler-32. */
    private static final Map<Integer, byte[]> DICTIONARIES = Map.of(adler(DICTIONARY_1), DICTIONARY_1);

    /*
     * Deflaters between uses: making one allocates zlib's window and hash tables (about 256 KiB of
     * native memory) and freeing it releases them, which cost more than the compression of a short
     * chunk itself; a few are kept for the request threads that compress at once.
     */
    private static final BlockingQueue<Deflater> IDLE_DEFLATERS = new ArrayBlockingQueue<>(32);

    /**
     * zlib's fastest level: with the preset dictionary a ten-state chain's 4.5 KiB of events still take
     * about 340 bytes (290 at the default level, which costs twice the CPU on every step's thread).
     */
    static final int LEVEL = Deflater.BEST_SPEED;

    /** A step's events as stored. Runs on the thread that ran the step, not on the store's single writer. */
    public static byte[] encode(byte[] json) {
        if (json == null) {
            return null;
        }
        Deflater deflater = IDLE_DEFLATERS.poll();
        if (deflater == null) {
            deflater = new Deflater(LEVEL);
        }
        try {
            deflater.setDictionary(DICTIONARY_1);
            deflater.setInput(json);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(json.length / 4 + 64);
            byte[] buffer = new byte[Math.max(256, json.length / 4 + 64)];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.reset(); // forgets the input and the dictionary; the native state stays allocated
            if (!IDLE_DEFLATERS.offer(deflater)) {
                deflater.end();
            }
        }
    }

    /** A stored chunk as the UTF-8 JSON array it was written from. */
    public static byte[] decode(byte[] stored) throws DataFormatException {
        if (stored.length == 0 || stored[0] == '[') {
            return stored; // written before chunks were deflated
        }
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(stored);
            ByteArrayOutputStream out = new ByteArrayOutputStream(stored.length * 8);
            byte[] buffer = new byte[Math.max(1024, stored.length * 8)];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0) {
                    if (inflater.needsDictionary()) {
                        byte[] dictionary = DICTIONARIES.get(inflater.getAdler());
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
