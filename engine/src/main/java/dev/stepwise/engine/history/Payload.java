package dev.stepwise.engine.history;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.asl.json.Json;

/**
 * A JSON document carried by a history event (an input, an output, task parameters). It keeps
 * the tree and serialises it once, on first use, in AWS's compact form; a document that arrived
 * as text (the execution input) keeps that exact text.
 */
public final class Payload {
    private final JsonNode node;
    private String text;

    private Payload(JsonNode node, String text) {
        this.node = node;
        this.text = text;
    }

    public static Payload of(JsonNode node) {
        return new Payload(node, null);
    }

    /** A document together with the exact text it was read from. */
    public static Payload of(JsonNode node, String text) {
        return new Payload(node, text);
    }

    public JsonNode node() {
        return node;
    }

    public String text() {
        String t = text;
        if (t == null) {
            t = Json.write(node);
            text = t;
        }
        return t;
    }

    @Override
    public String toString() {
        return text();
    }
}
