package dev.stepwise.server.crash;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * An execution's history exactly as the server's GetExecutionHistory carries it, every page, timestamps
 * removed: what the crash tests compare with a {@link CrashFreeRun}'s.
 */
final class WireHistory {
    private WireHistory() {
    }

    static List<JsonNode> of(HttpClient http, String endpoint, String arn) throws IOException, InterruptedException {
        List<JsonNode> events = new ArrayList<>();
        String token = null;
        do {
            ObjectNode request = Json.object().put("executionArn", arn).put("maxResults", 1000);
            if (token != null) {
                request.put("nextToken", token);
            }
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(endpoint))
                    .header("X-Amz-Target", "AWSStepFunctions.GetExecutionHistory")
                    .header("Content-Type", "application/x-amz-json-1.0")
                    .POST(HttpRequest.BodyPublishers.ofString(Json.write(request))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GetExecutionHistory of " + arn + " answered "
                        + response.statusCode() + ": " + response.body());
            }
            JsonNode page = Json.parse(response.body());
            page.path("events").forEach(e -> events.add(CrashFreeRun.withoutTimestamp((ObjectNode) e)));
            token = page.path("nextToken").isTextual() ? page.path("nextToken").asText() : null;
        } while (token != null);
        return events;
    }
}
