package dev.stepwise.engine.history;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.SerializedString;
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
    // Member names written from their UTF-8 bytes, encoded once: names written from strings are
    // encoded character by character, for every member of every event of every step.
    private static final SerializedString TIMESTAMP = new SerializedString("timestamp");
    private static final SerializedString TYPE = new SerializedString("type");
    private static final SerializedString ID = new SerializedString("id");
    private static final SerializedString PREVIOUS_EVENT_ID = new SerializedString("previousEventId");
    private static final SerializedString RESOURCE_TYPE = new SerializedString("resourceType");
    private static final SerializedString RESOURCE = new SerializedString("resource");
    private static final SerializedString REGION = new SerializedString("region");
    private static final SerializedString PARAMETERS = new SerializedString("parameters");
    private static final SerializedString NAME = new SerializedString("name");
    private static final SerializedString INDEX = new SerializedString("index");
    private static final SerializedString LENGTH = new SerializedString("length");
    private static final SerializedString INPUT = new SerializedString("input");
    private static final SerializedString INPUT_DETAILS = new SerializedString("inputDetails");
    private static final SerializedString ROLE_ARN = new SerializedString("roleArn");
    private static final SerializedString ALIAS_ARN = new SerializedString("stateMachineAliasArn");
    private static final SerializedString VERSION_ARN = new SerializedString("stateMachineVersionArn");
    private static final SerializedString OUTPUT = new SerializedString("output");
    private static final SerializedString OUTPUT_DETAILS = new SerializedString("outputDetails");
    private static final SerializedString TIMEOUT_IN_SECONDS = new SerializedString("timeoutInSeconds");
    private static final SerializedString HEARTBEAT_IN_SECONDS = new SerializedString("heartbeatInSeconds");
    private static final SerializedString WORKER_NAME = new SerializedString("workerName");
    private static final SerializedString MAP_RUN_ARN = new SerializedString("mapRunArn");
    private static final SerializedString REDRIVE_COUNT = new SerializedString("redriveCount");
    private static final SerializedString ERROR = new SerializedString("error");
    private static final SerializedString CAUSE = new SerializedString("cause");
    private static final SerializedString LOCATION = new SerializedString("location");
    private static final SerializedString STATE = new SerializedString("state");
    private static final SerializedString ASSIGNED_VARIABLES = new SerializedString("assignedVariables");
    private static final SerializedString ASSIGNED_VARIABLES_DETAILS = new SerializedString("assignedVariablesDetails");
    private static final SerializedString TRUNCATED = new SerializedString("truncated");
    /** Each event type's name, and the member its details go in (null: none), by ordinal. */
    private static final SerializedString[] TYPE_NAMES = new SerializedString[EventType.values().length];
    private static final SerializedString[] DETAILS_FIELDS = new SerializedString[EventType.values().length];

    static {
        for (EventType type : EventType.values()) {
            TYPE_NAMES[type.ordinal()] = new SerializedString(type.name());
            DETAILS_FIELDS[type.ordinal()] = type.detailsField() == null ? null : new SerializedString(type.detailsField());
        }
    }

    private HistoryJson() {}

    /** One event as JSON text, the form the store keeps and the API returns. */
    public static String text(HistoryEvent e) {
        BufferRecycler recycler = Json.MAPPER.getFactory()._getBufferRecycler();
        try {
            SegmentedStringWriter out = new SegmentedStringWriter(recycler);
            try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
                write(g, e, epochSecondsText(e.timestamp()));
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
                Instant at = null; // a step's events mostly share their time: its text is made once
                String atText = null;
                for (HistoryEvent e : events) {
                    if (!e.timestamp().equals(at)) {
                        at = e.timestamp();
                        atText = epochSecondsText(at);
                    }
                    write(g, e, atText);
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

    private static void write(JsonGenerator g, HistoryEvent e, String timestampText) throws IOException {
        g.writeStartObject();
        g.writeFieldName(TIMESTAMP);
        g.writeNumber(timestampText);
        g.writeFieldName(TYPE);
        g.writeString(TYPE_NAMES[e.type().ordinal()]);
        g.writeFieldName(ID);
        g.writeNumber(e.id());
        g.writeFieldName(PREVIOUS_EVENT_ID);
        g.writeNumber(e.previousEventId());
        SerializedString field = DETAILS_FIELDS[e.type().ordinal()];
        if (field != null) {
            g.writeFieldName(field);
            details(g, e.details());
        }
        g.writeEndObject();
    }

    private static void details(JsonGenerator g, EventDetails d) throws IOException {
        g.writeStartObject();
        string(g, RESOURCE_TYPE, d.resourceType());
        string(g, RESOURCE, d.resource());
        string(g, REGION, d.region());
        if (d.parameters() != null) {
            string(g, PARAMETERS, d.parameters().text());
        }
        string(g, NAME, d.name());
        number(g, INDEX, d.index());
        number(g, LENGTH, d.length());
        payload(g, INPUT, INPUT_DETAILS, d.input());
        string(g, ROLE_ARN, d.roleArn());
        string(g, ALIAS_ARN, d.stateMachineAliasArn());
        string(g, VERSION_ARN, d.stateMachineVersionArn());
        payload(g, OUTPUT, OUTPUT_DETAILS, d.output());
        number(g, TIMEOUT_IN_SECONDS, d.timeoutInSeconds());
        number(g, HEARTBEAT_IN_SECONDS, d.heartbeatInSeconds());
        string(g, WORKER_NAME, d.workerName());
        string(g, MAP_RUN_ARN, d.mapRunArn());
        number(g, REDRIVE_COUNT, d.redriveCount());
        string(g, ERROR, d.error());
        string(g, CAUSE, d.cause());
        string(g, LOCATION, d.location());
        string(g, STATE, d.state());
        if (d.assignedVariables() != null) {
            g.writeFieldName(ASSIGNED_VARIABLES);
            g.writeStartObject();
            for (Map.Entry<String, String> v : d.assignedVariables().entrySet()) {
                g.writeStringField(v.getKey(), v.getValue());
            }
            g.writeEndObject();
            truncated(g, ASSIGNED_VARIABLES_DETAILS);
        }
        g.writeEndObject();
    }

    private static void payload(JsonGenerator g, SerializedString field, SerializedString detailsField, Payload p)
            throws IOException {
        if (p != null) {
            string(g, field, p.text());
            truncated(g, detailsField);
        }
    }

    private static void truncated(JsonGenerator g, SerializedString field) throws IOException {
        g.writeFieldName(field);
        g.writeStartObject();
        g.writeFieldName(TRUNCATED);
        g.writeBoolean(false);
        g.writeEndObject();
    }

    private static void string(JsonGenerator g, SerializedString field, String value) throws IOException {
        if (value != null) {
            g.writeFieldName(field);
            g.writeString(value);
        }
    }

    private static void number(JsonGenerator g, SerializedString field, Number value) throws IOException {
        if (value != null) {
            g.writeFieldName(field);
            g.writeNumber(value.longValue());
        }
    }
}
