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
    void aReusedDeflaterWritesEachChunkAsAFreshOneWould() throws Exception {
        byte[] chain = TEN_PASS_STATES.getBytes(StandardCharsets.UTF_8);
        byte[] other = "[{\"type\":\"WaitStateEntered\",\"id\":7}]".getBytes(StandardCharsets.UTF_8);
        byte[] first = HistoryChunks.encode(chain);
        // callers at once, each taking and giving back deflaters: none carries input or history over
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
