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
    /** Whether the text is (or will be) the tree's compact form, not text it was read from. */
    private final boolean written;

    private Payload(JsonNode node, String text) {
        this.node = node;
        this.text = text;
        this.written = text == null;
    }

    public static Payload of(JsonNode node) {
        return new Payload(node, null);
    }

    /** A document together with the exact text it was read from. */
    public static Payload of(JsonNode node, String text) {
        return new Payload(node, text);
    }

    /**
     * This payload for {@code node} when it is this payload's own tree, in the form {@link #of(JsonNode)}
     * would give it, else a new one. Trees are never changed in place (a state's output is a copy of
     * its input where they differ), so the same tree has the same text; text read from a client keeps
     * its own spacing, so such a payload is not reused for a tree written out.
     */
    public Payload reusedFor(JsonNode node) {
        return node == this.node && written ? this : of(node);
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
