package dev.stepwise.integrations;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.asl.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Signed HTTP calls to AWS-style endpoints, and the SDK metadata Step Functions adds to responses. */
final class AwsHttp {
    private final HttpClient client;
    private final IntegrationConfig config;
    private final Clock clock;

    AwsHttp(IntegrationConfig config, Clock clock) {
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
        if (config.ssl() != null) {
            b.sslContext(config.ssl());
        }
        this.client = b.build();
        this.config = config;
        this.clock = clock;
    }

    record Response(int status, Map<String, List<String>> headers, String body) {
        String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                    return e.getValue().getFirst();
                }
            }
            return null;
        }
    }

    /** Sends a SigV4-signed request; an unreachable endpoint fails the task with {@code unreachableError}. */
    Response send(String method, URI uri, Map<String, String> headers, byte[] body, String signingService,
                  String region, String unreachableError) throws IntegrationException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(15))
                .method(method, body.length == 0 && method.equals("GET") ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        SigV4.sign(method, uri, headers, body, signingService, region, config.accessKey(), config.secretKey(),
                clock.instant()).forEach(request::header);
        try {
            HttpResponse<String> r = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.headers().map(), r.body());
        } catch (IOException e) {
            throw new IntegrationException(unreachableError, "Unable to execute HTTP request: " + e.getMessage()
                    + " (calling " + uri + ")");
        }
    }

    /** SdkHttpMetadata and SdkResponseMetadata, as Step Functions records them beside a response. */
    static void addSdkMetadata(ObjectNode output, Response r) {
        ObjectNode http = output.putObject("SdkHttpMetadata");
        ObjectNode all = http.putObject("AllHttpHeaders");
        ObjectNode single = http.putObject("HttpHeaders");
        Map<String, List<String>> sorted = new LinkedHashMap<>(r.headers());
        sorted.remove(":status");
        sorted.forEach((k, v) -> {
            all.set(k, Json.MAPPER.valueToTree(v));
            single.put(k, String.join(",", v));
        });
        http.put("HttpStatusCode", r.status());
        String requestId = r.header("x-amzn-RequestId");
        output.putObject("SdkResponseMetadata").put("RequestId", requestId == null ? "" : requestId);
    }

    /** "com.amazonaws.sqs#QueueDoesNotExist" or "ResourceNotFoundException:http://…" → the bare code. */
    static String errorCode(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String code = raw.contains("#") ? raw.substring(raw.lastIndexOf('#') + 1) : raw;
        return code.contains(":") ? code.substring(0, code.indexOf(':')) : code;
    }
}
