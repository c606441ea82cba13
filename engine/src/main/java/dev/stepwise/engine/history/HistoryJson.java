package dev.stepwise.engine.history;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.SegmentedStringWriter;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Writes history events in the shape of the Step Functions API (GetExecutionHistory's
 * {@code events}): member names, the details member per type, payloads as JSON text with their
 * truncation flags, timestamps as epoch seconds. Events are streamed straight to text: this runs
 * for every event of every execution.
 */
public final class HistoryJson {
    private HistoryJson() {}

    /** One event as JSON text, the form the store keeps and the API returns. */
    public static String text(HistoryEvent e) {
        BufferRecycler recycler = Json.MAPPER.getFactory()._getBufferRecycler();
        try {
            SegmentedStringWriter out = new SegmentedStringWriter(recycler);
            try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
                write(g, e);
            }
            return out.getAndClear();
        } catch (IOException ex) {
            throw new UncheckedIOException("writing to memory cannot fail", ex);
        } finally {
            recycler.releaseToPool(); // as in arrayBytes
        }
    }

    /**
     * The events as one JSON array in UTF-8: written straight to bytes, which is what the store
     * keeps (escaping each payload into its event is most of the cost of recording a step).
     */
    public static byte[] arrayBytes(List<HistoryEvent> events) {
        BufferRecycler recycler = Json.MAPPER.getFactory()._getBufferRecycler();
        try (ByteArrayBuilder out = new ByteArrayBuilder(recycler, 2048)) {
            try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
                g.writeStartArray();
                for (HistoryEvent e : events) {
                    write(g, e);
                }
                g.writeEndArray();
            }
            byte[] bytes = out.toByteArray();
            out.release();
            return bytes;
        } catch (IOException ex) {
            throw new UncheckedIOException("writing to memory cannot fail", ex);
        } finally {
            // the recycler was taken from the shared pool here, and the generator leaves it to its
            // taker (it writes into a ByteArrayBuilder, which carries it): one not given back drains
            // the pool, and then every parser and generator of the process allocates its buffers anew
            recycler.releaseToPool();
        }
    }

    public static ArrayNode events(List<HistoryEvent> events) {
        ArrayNode out = Json.array();
        for (HistoryEvent e : events) {
            out.add(event(e));
        }
        return out;
    }

    public static ObjectNode event(HistoryEvent e) {
        try {
            return (ObjectNode) Json.parse(text(e));
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("an event always serialises to JSON", ex);
        }
    }

    /** Epoch seconds with millisecond precision, the JSON protocol's timestamp form. */
    public static BigDecimal epochSeconds(Instant t) {
        return BigDecimal.valueOf(t.toEpochMilli()).movePointLeft(3);
    }

    /**
     * {@link #epochSeconds} as the text BigDecimal gives it ("1796597397.550"), without making one:
     * every event of every step writes a timestamp.
     */
    static String epochSecondsText(Instant t) {
        long millis = t.toEpochMilli();
        if (millis < 0) {
            return epochSeconds(t).toPlainString();
        }
        long fraction = millis % 1000;
        return (millis / 1000) + (fraction < 10 ? ".00" : fraction < 100 ? ".0" : ".") + fraction;
    }

    private static void write(JsonGenerator g, HistoryEvent e) throws IOException {
        g.writeStartObject();
        g.writeFieldName("timestamp");
        g.writeNumber(epochSecondsText(e.timestamp()));
        g.writeStringField("type", e.type().name());
        g.writeNumberField("id", e.id());
        g.writeNumberField("previousEventId", e.previousEventId());
        String field = e.type().detailsField();
        if (field != null) {
            g.writeFieldName(field);
            details(g, e.details());
        }
        g.writeEndObject();
    }

    private static void details(JsonGenerator g, EventDetails d) throws IOException {
        g.writeStartObject();
        string(g, "resourceType", d.resourceType());
        string(g, "resource", d.resource());
        string(g, "region", d.region());
        if (d.parameters() != null) {
            g.writeStringField("parameters", d.parameters().text());
        }
        string(g, "name", d.name());
        if (d.index() != null) {
            g.writeNumberField("index", d.index());
        }
        if (d.length() != null) {
            g.writeNumberField("length", d.length());
        }
        if (d.input() != null) {
            payload(g, "input", d.input());
        }
        string(g, "roleArn", d.roleArn());
        string(g, "stateMachineAliasArn", d.stateMachineAliasArn());
        string(g, "stateMachineVersionArn", d.stateMachineVersionArn());
        if (d.output() != null) {
            payload(g, "output", d.output());
        }
        if (d.timeoutInSeconds() != null) {
            g.writeNumberField("timeoutInSeconds", d.timeoutInSeconds());
        }
        if (d.heartbeatInSeconds() != null) {
            g.writeNumberField("heartbeatInSeconds", d.heartbeatInSeconds());
        }
        string(g, "workerName", d.workerName());
        string(g, "mapRunArn", d.mapRunArn());
        if (d.redriveCount() != null) {
            g.writeNumberField("redriveCount", d.redriveCount());
        }
        string(g, "error", d.error());
        string(g, "cause", d.cause());
        string(g, "location", d.location());
        string(g, "state", d.state());
        if (d.assignedVariables() != null) {
            g.writeObjectFieldStart("assignedVariables");
            for (Map.Entry<String, String> v : d.assignedVariables().entrySet()) {
                g.writeStringField(v.getKey(), v.getValue());
            }
            g.writeEndObject();
            truncated(g, "assignedVariablesDetails");
        }
        g.writeEndObject();
    }

    private static void payload(JsonGenerator g, String field, Payload p) throws IOException {
        g.writeStringField(field, p.text());
        truncated(g, field + "Details");
    }

    private static void truncated(JsonGenerator g, String field) throws IOException {
        g.writeObjectFieldStart(field);
        g.writeBooleanField("truncated", false);
        g.writeEndObject();
    }

    private static void string(JsonGenerator g, String field, String value) throws IOException {
        if (value != null) {
            g.writeStringField(field, value);
        }
    }
}
