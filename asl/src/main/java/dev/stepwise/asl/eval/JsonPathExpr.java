package dev.stepwise.asl.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.PathNotFoundException;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import dev.stepwise.asl.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A compiled JSONPath as the States Language uses it: rooted at the state input ({@code $}), the
 * context object ({@code $$}) or a variable ({@code $name}). Evaluation follows Jayway JsonPath,
 * whose semantics AWS's own interpreter shares: a definite path that matches nothing is "not
 * found"; an indefinite one (wildcards, slices, filters, deep scans) yields an array, possibly
 * empty. Plain member chains ({@code $.a.b}) are walked directly, without Jayway, because they are
 * the hot path of every execution.
 */
public final class JsonPathExpr {
    public enum Root { INPUT, CONTEXT, VARIABLE }

    private static final Configuration JAYWAY = Configuration.builder()
            .jsonProvider(new JacksonJsonNodeJsonProvider(Json.MAPPER))
            .mappingProvider(new JacksonMappingProvider(Json.MAPPER))
            .build();
    private static final Pattern SIMPLE = Pattern.compile("\\$(\\.[A-Za-z_][A-Za-z0-9_]*)*");
    private static final Pattern VARIABLE = Pattern.compile("\\$([A-Za-z_][A-Za-z0-9_]*)(.*)", Pattern.DOTALL);

    private final String text;
    private final Root root;
    private final String variable;
    private final String[] members;   // non-null for a plain member chain
    private final JsonPath compiled;  // non-null otherwise

    private JsonPathExpr(String text, Root root, String variable, String relative) {
        this.text = text;
        this.root = root;
        this.variable = variable;
        if (SIMPLE.matcher(relative).matches()) {
            this.members = relative.length() <= 1 ? new String[0] : relative.substring(2).split("\\.");
            this.compiled = null;
        } else {
            this.members = null;
            this.compiled = JsonPath.compile(relative);
        }
    }

    /**
     * Compiles a path; {@code allowVariables} admits {@code $name…} references (JSONPath fields
     * that may read variables).
     *
     * @throws IllegalArgumentException with Jayway's explanation when the path is not valid
     */
    public static JsonPathExpr compile(String text, boolean allowVariables) {
        if (text == null || !text.startsWith("$")) {
            throw new IllegalArgumentException("a path must start with '$'");
        }
        try {
            if (text.startsWith("$$")) {
                return new JsonPathExpr(text, Root.CONTEXT, null, text.substring(1));
            }
            var m = VARIABLE.matcher(text);
            if (m.matches()) {
                if (!allowVariables) {
                    throw new IllegalArgumentException("variables are not allowed here");
                }
                return new JsonPathExpr(text, Root.VARIABLE, m.group(1), "$" + m.group(2));
            }
            return new JsonPathExpr(text, Root.INPUT, null, text);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    public static JsonPathExpr compile(String text) {
        return compile(text, true);
    }

    public String text() {
        return text;
    }

    public Root root() {
        return root;
    }

    /** The variable's name for a {@link Root#VARIABLE} path, else null. */
    public String variable() {
        return variable;
    }

    public boolean isDefinite() {
        return members != null || compiled.isDefinite();
    }

    /** True for {@code $} (or {@code $$}, {@code $var}) alone. */
    public boolean isRoot() {
        return members != null && members.length == 0;
    }

    /**
     * Reads the path against the document its root designates. Returns {@link MissingNode} when a
     * definite path matches nothing.
     */
    public JsonNode read(JsonNode document) {
        if (members != null) {
            JsonNode node = document;
            for (String member : members) {
                if (node == null || !node.isObject()) {
                    return readWithJayway(document);
                }
                node = node.get(member);
                if (node == null) {
                    return MissingNode.getInstance();
                }
            }
            return node;
        }
        return readWithJayway(document);
    }

    private JsonNode readWithJayway(JsonNode document) {
        JsonPath path = compiled != null ? compiled : JsonPath.compile(relativeText());
        try {
            Object result = path.read(document, JAYWAY);
            if (result == null) {
                return Json.NODES.nullNode();
            }
            if (result instanceof JsonNode node) {
                return node;
            }
            return Json.MAPPER.valueToTree(result);
        } catch (PathNotFoundException e) {
            // an indefinite path that matches nothing selects an empty list
            return path.isDefinite() ? MissingNode.getInstance() : Json.array();
        }
    }

    private String relativeText() {
        return switch (root) {
            case INPUT -> text;
            case CONTEXT -> text.substring(1);
            case VARIABLE -> "$" + text.substring(1 + variable.length());
        };
    }

    /**
     * The path as Jayway JsonPath writes it in its "No results for path: …" message, which AWS
     * passes on: every step bracketed, names unescaped ({@code $['a']['b c'][0]}); a variable's path
     * as written.
     */
    public String rendered() {
        if (root == Root.VARIABLE) {
            return text;
        }
        return (compiled != null ? compiled : JsonPath.compile(relativeText())).getPath();
    }

    /** The member names of a plain member chain, or null when the path is not one. */
    public List<String> members() {
        return members == null ? null : new ArrayList<>(List.of(members));
    }

    @Override
    public String toString() {
        return text;
    }
}
