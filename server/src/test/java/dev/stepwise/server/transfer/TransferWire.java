package dev.stepwise.server.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.asl.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Transfer requests written by hand, for members the SDK does not know yet (ProtocolDetails.SftpPorts):
 * AWS JSON 1.1 with its target, content type and a SigV4 Authorization header (its credential
 * scope names the account's key and the region; the signature is not checked).
 */
final class TransferWire {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private TransferWire() {}

    record Answer(int status, JsonNode body) {}

    static Answer call(URI endpoint, String operation, String json) {
        return call(endpoint, "AKID", "us-east-1", operation, json);
    }

    static Answer call(URI endpoint, String accessKey, String region, String operation, String json) {
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .header("X-Amz-Target", "TransferService." + operation)
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=" + accessKey + "/20260101/" + region
                        + "/transfer/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, "
                        + "Signature=0000")
                .build();
        try {
            HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), Json.parse(r.body()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The ports DescribeServer shows in ProtocolDetails.SftpPorts. */
    static java.util.List<Integer> sftpPorts(URI endpoint, String serverId) {
        Answer a = call(endpoint, "DescribeServer", "{\"ServerId\": \"" + serverId + "\"}");
        java.util.List<Integer> ports = new java.util.ArrayList<>();
        a.body().path("Server").path("ProtocolDetails").path("SftpPorts")
                .forEach(p -> ports.add(p.path("SftpPort").asInt()));
        return ports;
    }

    /** A port free right now (nothing guarantees it stays free). */
    static int freePort() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Whether something accepts TCP connections on the port on loopback. */
    static boolean accepts(int port) {
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 2000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }
}
