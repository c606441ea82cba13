package dev.stepwise.integrations;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A real HTTP server on a free loopback port for http:invoke tests: HTTPS with a key pair made at
 * test time by the JDK's keytool (and a client {@link SSLContext} that trusts only it), or plain
 * HTTP. It records every request it receives and answers from routes set by the test (200 with
 * {"ok": true} by default).
 */
final class TestWebServer implements AutoCloseable {

    /** A request as the server received it. */
    record Received(String method, String path, String rawQuery, Map<String, List<String>> headers, String body) {
        String header(String name) {
            List<String> v = headers.get(name);
            return v == null ? null : String.join(",", v);
        }
    }

    /** An answer: status, content type (null for none) and body. */
    record Answer(int status, String contentType, String body) {}

    private final HttpServer server;
    private final SSLContext clientContext;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final Map<String, Function<Received, Answer>> routes = new ConcurrentHashMap<>();

    private TestWebServer(HttpServer server, SSLContext clientContext) {
        this.server = server;
        this.clientContext = clientContext;
        server.createContext("/", this::handle);
        server.start();
    }

    /** An HTTPS server whose certificate (CN=localhost, SAN 127.0.0.1) keytool makes in {@code dir}. */
    static TestWebServer https(Path dir) throws Exception {
        Path store = dir.resolve("server.p12");
        char[] password = "changeit".toCharArray();
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2",
                "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", "changeit",
                "-keypass", "changeit").redirectErrorStream(true).start();
        String log = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + log);
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, password);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, password);
        SSLContext serverContext = SSLContext.getInstance("TLS");
        serverContext.init(kmf.getKeyManagers(), null, null);

        Certificate certificate = keys.getCertificate("server");
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        trusted.setCertificateEntry("server", certificate);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext clientContext = SSLContext.getInstance("TLS");
        clientContext.init(null, tmf.getTrustManagers(), null);

        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverContext));
        return new TestWebServer(server, clientContext);
    }

    /** A plain HTTP server. */
    static TestWebServer plain() throws IOException {
        return new TestWebServer(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0),
                null);
    }

    /** An SSLContext that trusts this server's certificate (and nothing else); null for plain HTTP. */
    SSLContext clientContext() {
        return clientContext;
    }

    URI uri(String pathAndQuery) {
        String scheme = server instanceof HttpsServer ? "https" : "http";
        return URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery);
    }

    void route(String path, Function<Received, Answer> answer) {
        routes.put(path, answer);
    }

    void route(String path, int status, String contentType, String body) {
        route(path, r -> new Answer(status, contentType, body));
    }

    /** The next request received, waiting up to 10 seconds for it. */
    Received take() throws InterruptedException {
        Received r = received.poll(10, TimeUnit.SECONDS);
        if (r == null) {
            throw new AssertionError("the server received no request");
        }
        return r;
    }

    /** The next request if one was already received, else null. */
    Received poll() {
        return received.poll();
    }

    private void handle(HttpExchange exchange) throws IOException {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, List.copyOf(v)));
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Received r = new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                exchange.getRequestURI().getRawQuery(), headers, body);
        received.add(r);
        Answer a = routes.getOrDefault(r.path(), x -> new Answer(200, "application/json", "{\"ok\": true}")).apply(r);
        byte[] bytes = a.body() == null ? new byte[0] : a.body().getBytes(StandardCharsets.UTF_8);
        if (a.contentType() != null) {
            exchange.getResponseHeaders().add("Content-Type", a.contentType());
        }
        exchange.getResponseHeaders().add("X-Test-Server", "yes");
        boolean empty = r.method().equals("HEAD") || bytes.length == 0;
        exchange.sendResponseHeaders(a.status(), empty ? -1 : bytes.length);
        if (!empty) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
