package dev.stepwise.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One AWS service's model as far as its operations' results go: each operation's output shape
 * and the shapes that shape reaches.
 *
 * <p>The format is the AWS SDKs' JSON model (botocore's {@code service-2.json}, the AWS SDK for
 * Java's {@code models/*-model.json}): {@code operations.<Name>.output.shape} names a shape, and
 * {@code shapes} holds each with its {@code type}, {@code members} (each a {@code shape}),
 * {@code required}, {@code member}, {@code key}, {@code value}, {@code enum}, {@code min} and
 * {@code max}. {@link #reduce} keeps just that, so the index this module carries is itself such a
 * model and {@link #parse} reads either.
 */
public record ServiceModel(Map<String, String> outputs, Map<String, Shape> shapes) {

    /** The keys of a shape that {@link #parse} reads; the rest (documentation, wire names, …) is dropped. */
    private static final Set<String> SHAPE_KEYS = Set.of("type", "members", "required", "member", "key", "value",
            "enum", "min", "max", "document", "eventstream");

    /** The name of {@code operation}'s output shape ("GetFunctionResponse"), or null when it has none. */
    public String output(String operation) {
        return outputs.get(operation);
    }

    /** The shape named {@code name}; a name the model lacks is any JSON. */
    public Shape shape(String name) {
        Shape s = shapes.get(name);
        return s == null ? new Shape.Document() : s;
    }

    /** Reads a model in the SDKs' JSON format (whole or {@link #reduce reduced}). */
    public static ServiceModel parse(JsonNode model) {
        Map<String, String> outputs = new LinkedHashMap<>();
        model.path("operations").properties().forEach(op -> {
            String output = op.getValue().path("output").path("shape").asText(null);
            if (output != null) {
                outputs.put(op.getKey(), output);
            }
        });
        Map<String, Shape> shapes = new LinkedHashMap<>();
        model.path("shapes").properties().forEach(s -> shapes.put(s.getKey(), shape(s.getValue())));
        return new ServiceModel(Map.copyOf(outputs), Map.copyOf(shapes));
    }

    private static Shape shape(JsonNode s) {
        Shape.Bounds bounds = new Shape.Bounds(decimal(s.get("min")), decimal(s.get("max")));
        return switch (s.path("type").asText()) {
            case "structure" -> s.path("document").asBoolean() || s.path("eventstream").asBoolean()
                    ? new Shape.Document() : structure(s);
            case "list" -> new Shape.ListOf(target(s.path("member")), bounds);
            case "map" -> new Shape.MapOf(target(s.path("key")), target(s.path("value")), bounds);
            case "string" -> new Shape.Text(texts(s.path("enum")), bounds);
            case "blob" -> new Shape.Blob(bounds);
            case "integer", "long", "float", "double" -> new Shape.Numeric(bounds);
            case "boolean" -> new Shape.Bool();
            case "timestamp" -> new Shape.Timestamp();
            default -> new Shape.Document();
        };
    }

    private static Shape.Structure structure(JsonNode s) {
        Map<String, String> members = new LinkedHashMap<>();
        s.path("members").properties().forEach(m -> members.put(m.getKey(), target(m.getValue())));
        return new Shape.Structure(members, texts(s.path("required")));
    }

    private static String target(JsonNode ref) {
        return ref.path("shape").asText();
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return List.copyOf(out);
    }

    private static BigDecimal decimal(JsonNode n) {
        return n != null && n.isNumber() ? n.decimalValue() : null;
    }

    /**
     * {@code model} reduced to what {@link #parse} reads of its operations' outputs: the operations
     * that have an output, and the shapes those reach, each with only the keys that constrain a value.
     */
    public static ObjectNode reduce(JsonNode model) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode out = f.objectNode();
        ObjectNode operations = out.putObject("operations");
        Deque<String> reached = new ArrayDeque<>();
        model.path("operations").properties().forEach(op -> {
            JsonNode output = op.getValue().path("output").path("shape");
            if (output.isTextual()) {
                operations.putObject(op.getKey()).putObject("output").put("shape", output.asText());
                reached.add(output.asText());
            }
        });
        ObjectNode shapes = out.putObject("shapes");
        JsonNode all = model.path("shapes");
        while (!reached.isEmpty()) {
            String name = reached.pop();
            JsonNode s = all.get(name);
            if (shapes.has(name) || s == null) {
                continue;
            }
            ObjectNode kept = shapes.putObject(name);
            s.properties().forEach(e -> {
                if (SHAPE_KEYS.contains(e.getKey())) {
                    kept.set(e.getKey(), e.getValue());
                }
            });
            ObjectNode members = kept.has("members") ? kept.putObject("members") : null;
            s.path("members").properties().forEach(m -> {
                members.putObject(m.getKey()).put("shape", target(m.getValue()));
                reached.add(target(m.getValue()));
            });
            for (String ref : List.of("member", "key", "value")) {
                if (s.has(ref)) {
                    kept.putObject(ref).put("shape", target(s.get(ref)));
                    reached.add(target(s.get(ref)));
                }
            }
        }
        return out;
    }
}
