package dev.stepwise.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.server.api.ServerExtension;
import dev.stepwise.server.api.ServerFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The console's files on the wire: content types, ETags and 304s, 404s, and the APIs still answered at POST /. */
class ConsoleHttpTest {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension(ServerFixture::new);

    private static final HttpClient http = HttpClient.newHttpClient();

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create(server.fixture().endpoint() + path));
    }

    @Test
    void theRootAnswersThePageWithItsPolicy() throws Exception {
        HttpResponse<String> page = send(get("/"));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("connect-src 'self'");
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-cache");
        assertThat(page.body()).contains("/console/app.js", "/console/vendor/dagre/dagre.min.js");
    }

    @Test
    void aFileKnownToTheBrowserIsAnswered304() throws Exception {
        HttpResponse<String> first = send(get("/console/app.js"));
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        String etag = first.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> again = send(get("/console/app.js").header("If-None-Match", etag));
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(send(get("/console/app.js").header("If-None-Match", "\"stale\"")).statusCode()).isEqualTo(200);
    }

    @Test
    void headAnswersHeadersWithoutTheBody() throws Exception {
        HttpResponse<String> head = send(get("/console/console.css").method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
        assertThat(head.body()).isEmpty();
    }

    @Test
    void unknownAndClimbingPathsAre404() throws Exception {
        assertThat(send(get("/console/missing.js")).statusCode()).isEqualTo(404);
        assertThat(send(get("/console/%2e%2e/dev/stepwise/console/ConsoleAssets.class")).statusCode())
                .isIn(400, 404);
    }

    @Test
    void theApisAndTheServersOwnRoutesAreUntouched() throws Exception {
        HttpResponse<String> list = send(get("/").POST(HttpRequest.BodyPublishers.ofString("{}"))
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", "AWSStepFunctions.ListStateMachines"));
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("\"stateMachines\"");
        assertThat(send(get("/health")).body()).contains("ok");
    }
}
