package dev.stepwise.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

class HistoryChunksTest {
    private static final String TEN_PASS_STATES = tenPassStates();

    @Test
    void anyEventsTextReadsBackAsItWasWritten() {
        java.util.Random random = new java.util.Random(14);
        java.util.List<String> texts = new java.util.ArrayList<>(java.util.List.of("", "\u0000", "é😀\uffff",
                TEN_PASS_STATES, TEN_PASS_STATES.repeat(100)));
        for (int i = 0; i < 200; i++) {
            // random code points of every plane, from none to 64 KiB of them (incompressible text included)
            texts.add(random.ints(random.nextInt(i < 190 ? 200 : 65536), 0, 0x10FFFF)
                    .filter(cp -> cp < 0xD800 || cp > 0xDFFF)
                    .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString());
        }
        for (String text : texts) {
            byte[] json = ("[" + com.fasterxml.jackson.databind.node.TextNode.valueOf(text) + "]")
                    .getBytes(StandardCharsets.UTF_8);
            assertThat(decode(HistoryChunks.encode(json))).isEqualTo(json);
        }
    }

    @Test
    void aReusedCompressorWritesEachChunkAsAFreshOneWould() throws Exception {
        byte[] chain = TEN_PASS_STATES.getBytes(StandardCharsets.UTF_8);
        byte[] other = "[{\"type\":\"WaitStateEntered\",\"id\":7}]".getBytes(StandardCharsets.UTF_8);
        byte[] first = HistoryChunks.encode(chain);
        // callers at once, each taking and giving back compressors: none carries input or history over
        java.util.List<java.util.concurrent.Future<byte[]>> encoded = new java.util.ArrayList<>();
        try (var callers = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 400; i++) {
                byte[] json = i % 2 == 0 ? other : chain;
                encoded.add(callers.submit(() -> HistoryChunks.encode(json)));
            }
        }
        for (int i = 0; i < encoded.size(); i++) {
            byte[] chunk = encoded.get(i).get();
            assertThat(decode(chunk)).isEqualTo(i % 2 == 0 ? other : chain);
            if (i % 2 == 1) {
                assertThat(chunk).isEqualTo(first);
            }
        }
    }

    @Test
    void aShortExecutionsChunkFitsInsideItsRow() {
        byte[] json = TEN_PASS_STATES.getBytes(StandardCharsets.UTF_8);
        byte[] stored = HistoryChunks.encode(json);
        assertThat(json.length).isGreaterThan(4000);
        // SQLite keeps up to about a thousand bytes of a WITHOUT ROWID row on its B-tree page
        assertThat(stored.length).isLessThan(400);
        assertThat(decode(stored)).isEqualTo(json);
    }

    @Test
    void chunksWrittenAsPlainJsonReadAsTheyAre() throws Exception {
        byte[] json = "[{\"id\":1}]".getBytes(StandardCharsets.UTF_8);
        assertThat(HistoryChunks.decode(json)).isSameAs(json);
    }

    @Test
    void chunksAreZstandardFramesNamingTheFirstDictionaryByTheirFirstByte() {
        byte[] json = TEN_PASS_STATES.getBytes(StandardCharsets.UTF_8);
        byte[] stored = HistoryChunks.encode(json);
        assertThat(stored[0]).isEqualTo(HistoryChunks.ZSTD_DICTIONARY_1);
        // the Zstandard frame's own magic number follows
        assertThat(java.util.Arrays.copyOfRange(stored, 1, 5)).containsExactly(0x28, 0xB5, 0x2F, 0xFD);
        // compressed without the dictionary it takes far more room: the dictionary is what made it small
        assertThat(com.github.luben.zstd.Zstd.compress(json, HistoryChunks.LEVEL).length)
                .isGreaterThan(stored.length + 100);
    }

    @Test
    void chunksCompressedAtTheLevelOfEarlierBuildsReadAsTheyWere() {
        byte[] json = TEN_PASS_STATES.getBytes(StandardCharsets.UTF_8);
        // as builds before the negative level wrote them: level 1, the same dictionary and frame settings
        try (com.github.luben.zstd.ZstdDictCompress dictionary =
                     new com.github.luben.zstd.ZstdDictCompress(HistoryChunks.DICTIONARY_1, 1);
             com.github.luben.zstd.ZstdCompressCtx level1 = HistoryChunks.compressor(dictionary)) {
            byte[] frame = level1.compress(json);
            byte[] stored = new byte[1 + frame.length];
            stored[0] = HistoryChunks.ZSTD_DICTIONARY_1;
            System.arraycopy(frame, 0, stored, 1, frame.length);
            assertThat(stored).isNotEqualTo(HistoryChunks.encode(json));
            assertThat(decode(stored)).isEqualTo(json);
        }
    }

    @Test
    void chunksDeflatedByEarlierBuildsReadAsTheyWere() {
        byte[] json = TEN_PASS_STATES.getBytes(StandardCharsets.UTF_8);
        // as builds before Zstandard wrote them: zlib at its fastest level with the same preset dictionary
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        deflater.setDictionary(HistoryChunks.DICTIONARY_1);
        deflater.setInput(json);
        deflater.finish();
        byte[] buffer = new byte[json.length];
        int n = deflater.deflate(buffer);
        deflater.end();
        byte[] deflated = java.util.Arrays.copyOf(buffer, n);
        assertThat(deflated[0]).isEqualTo((byte) 0x78);
        assertThat(decode(deflated)).isEqualTo(json);
    }

    @Test
    void aCorruptedFrameIsRefusedNotMisread() {
        byte[] stored = HistoryChunks.encode(TEN_PASS_STATES.getBytes(StandardCharsets.UTF_8));
        for (int i = 6; i < stored.length; i += 7) {
            stored[i] ^= 0x5A;
        }
        assertThatThrownBy(() -> HistoryChunks.decode(stored)).isInstanceOf(DataFormatException.class);
    }

    @Test
    void aChunkDeflatedWithAnUnknownDictionaryIsRefusedNotMisread() {
        Deflater deflater = new Deflater();
        deflater.setDictionary("another dictionary".getBytes(StandardCharsets.UTF_8));
        deflater.setInput("[]".getBytes(StandardCharsets.UTF_8));
        deflater.finish();
        byte[] buffer = new byte[64];
        int n = deflater.deflate(buffer);
        deflater.end();
        assertThatThrownBy(() -> HistoryChunks.decode(java.util.Arrays.copyOf(buffer, n)))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("unknown dictionary");
    }

    @Test
    void aTruncatedChunkIsRefused() {
        byte[] stored = HistoryChunks.encode(TEN_PASS_STATES.getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> HistoryChunks.decode(java.util.Arrays.copyOf(stored, stored.length / 2)))
                .isInstanceOf(DataFormatException.class);
    }

    private static byte[] decode(byte[] stored) {
        try {
            return HistoryChunks.decode(stored);
        } catch (DataFormatException e) {
            throw new AssertionError(e);
        }
    }

    /** The events of a 10-state Pass chain, as the engine writes them. */
    private static String tenPassStates() {
        StringBuilder s = new StringBuilder("[{\"timestamp\":1796597397.558,\"type\":\"ExecutionStarted\",\"id\":1,"
                + "\"previousEventId\":0,\"executionStartedEventDetails\":{\"input\":\"{\\\"order\\\":0}\","
                + "\"inputDetails\":{\"truncated\":false},\"roleArn\":\"arn:aws:iam::123456789012:role/r\"}}");
        long id = 2;
        for (int i = 0; i < 10; i++) {
            s.append(",{\"timestamp\":1796597397.559,\"type\":\"PassStateEntered\",\"id\":").append(id)
                    .append(",\"previousEventId\":").append(id - 1).append(",\"stateEnteredEventDetails\":{\"name\":\"P")
                    .append(i).append("\",\"input\":\"{\\\"order\\\":0}\",\"inputDetails\":{\"truncated\":false}}}");
            id++;
            s.append(",{\"timestamp\":1796597397.559,\"type\":\"PassStateExited\",\"id\":").append(id)
                    .append(",\"previousEventId\":").append(id - 1).append(",\"stateExitedEventDetails\":{\"name\":\"P")
                    .append(i).append("\",\"output\":\"{\\\"order\\\":0}\",\"outputDetails\":{\"truncated\":false}}}");
            id++;
        }
        s.append(",{\"timestamp\":1796597397.560,\"type\":\"ExecutionSucceeded\",\"id\":").append(id)
                .append(",\"previousEventId\":").append(id - 1).append(",\"executionSucceededEventDetails\":{"
                        + "\"output\":\"{\\\"order\\\":0}\",\"outputDetails\":{\"truncated\":false}}}]");
        return s.toString();
    }
}
