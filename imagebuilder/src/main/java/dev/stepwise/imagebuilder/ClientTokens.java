package dev.stepwise.imagebuilder;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.api.Caller;
import dev.stepwise.asl.json.Json;
import dev.stepwise.engine.store.Catalog;
import dev.stepwise.engine.store.Resource;
import dev.stepwise.engine.store.ResourceChange;
import dev.stepwise.engine.store.StoreConflictException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The client tokens of Image Builder's create and update requests: a token that made a change is
 * kept ({@value #TYPE}) under {@code …:client-token/{operation}/{SHA-256 of the token}}, a child of
 * the resource it made or changed (it goes with it), holding the digest of the request and the
 * answer given. The same token with the same request gets that answer again; with another request,
 * IdempotentParameterMismatchException. No client ever sees these ARNs.
 */
final class ClientTokens {
    static final String TYPE = "imagebuilderClientToken";

    private ClientTokens() {}

    /** What a token was used for: the digest of the request and the answer it got. */
    record Used(String requestDigest, ObjectNode response) {}

    static String arn(String region, String account, String operation, String clientToken) {
        return "arn:aws:imagebuilder:" + region + ":" + account + ":client-token/" + operation + "/"
                + digest(clientToken);
    }

    static Optional<Used> find(Catalog catalog, String account, String region, String operation, String clientToken) {
        return catalog.resource(arn(region, account, operation, clientToken)).filter(r -> r.type().equals(TYPE))
                .map(r -> {
                    JsonNode body = body(r);
                    return new Used(body.path("request").asText(), (ObjectNode) body.get("response"));
                });
    }

    /**
     * The answer {@code clientToken} already got for the same request (its digest); empty when the
     * token is new; IdempotentParameterMismatchException when it was used for another request.
     */
    static Optional<ObjectNode> replay(Catalog catalog, Caller caller, String operation, String clientToken,
                                       String requestDigest) {
        Optional<Used> used = find(catalog, caller.account(), caller.region(), operation, clientToken);
        if (used.isEmpty()) {
            return Optional.empty();
        }
        if (!used.get().requestDigest().equals(requestDigest)) {
            throw ImageBuilderErrors.idempotentParameterMismatch(clientToken);
        }
        return Optional.of(used.get().response().deepCopy());
    }

    /** The row that keeps a token's use, a child of {@code parentArn}; to be applied with the change it made. */
    static ResourceChange.Create record(String account, String region, String operation, String clientToken,
                                        String parentArn, Used used) {
        ObjectNode body = Json.object().put("request", used.requestDigest());
        body.set("response", used.response());
        return new ResourceChange.Create(new Resource(arn(region, account, operation, clientToken), account, region,
                TYPE, parentArn, operation + "/" + digest(clientToken), 0, Json.write(body)));
    }

    /** What one attempt of an idempotent write makes: the changes to apply, and the answer once they are. */
    record Write(List<ResourceChange> changes, ObjectNode response) {}

    /**
     * Carries out a create or update made safe to retry by {@code clientToken}: the answer the token
     * already got is given again; otherwise {@code attempt} reads the current state and says what to
     * write (empty: what it read changed under it), and the changes are applied together with the
     * token's row under {@code resourceArn}. A write that loses a race (StoreConflictException: the name,
     * the token or a record it read was changed meanwhile) is tried again from a fresh read, up to
     * {@code attempts} times, then the caller is told to retry (ServiceException).
     */
    static ObjectNode idempotently(Catalog catalog, Caller caller, String operation, String clientToken,
                                   String requestDigest, String resourceArn, int attempts,
                                   Supplier<Optional<Write>> attempt) {
        for (int i = 1; i <= attempts; i++) {
            Optional<ObjectNode> replayed = replay(catalog, caller, operation, clientToken, requestDigest);
            if (replayed.isPresent()) {
                return replayed.get();
            }
            Optional<Write> write = attempt.get();
            if (write.isPresent()) {
                List<ResourceChange> changes = new ArrayList<>(write.get().changes());
                changes.add(record(caller.account(), caller.region(), operation, clientToken, resourceArn,
                        new Used(requestDigest, write.get().response())));
                try {
                    catalog.apply(changes);
                    return write.get().response();
                } catch (StoreConflictException e) {
                    // the next attempt reads again and says which change came first
                }
            }
        }
        throw ImageBuilderErrors.busy();
    }

    /** The digest of a request's members but its client token, whatever the order of their fields. */
    static String requestDigest(JsonNode request) {
        ObjectNode copy = ((ObjectNode) request).deepCopy();
        copy.remove("clientToken");
        return digest(Json.write(canonical(copy)));
    }

    /** The SHA-256 of {@code text}, in hex. */
    static String digest(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /** The same JSON with every object's members in name order, so equal requests have equal text. */
    private static JsonNode canonical(JsonNode node) {
        if (node.isObject()) {
            Map<String, JsonNode> fields = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                fields.put(e.getKey(), e.getValue());
            }
            ObjectNode sorted = Json.object();
            fields.forEach((k, v) -> sorted.set(k, canonical(v)));
            return sorted;
        }
        if (node.isArray()) {
            ArrayNode a = Json.array();
            node.forEach(item -> a.add(canonical(item)));
            return a;
        }
        return node;
    }

    private static JsonNode body(Resource r) {
        try {
            return Json.parse(r.body());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the stored body of a " + r.type() + " row is not JSON", e);
        }
    }
}
