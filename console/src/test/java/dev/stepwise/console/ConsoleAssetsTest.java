package dev.stepwise.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ConsoleAssetsTest {
    private final ConsoleAssets assets = ConsoleAssets.fromClassPath();

    @Test
    void theRootAnswersThePageAsHtml() {
        ConsoleAssets.Asset page = assets.find("/").orElseThrow();
        assertThat(page.contentType()).isEqualTo("text/html; charset=utf-8");
        assertThat(new String(page.body(), StandardCharsets.UTF_8)).contains("<script type=\"module\"");
        assertThat(assets.find("/index.html").orElseThrow().etag()).isEqualTo(page.etag());
    }

    @Test
    void scriptsAndStylesCarryTheirContentTypes() {
        assertThat(assets.find("/console/app.js").orElseThrow().contentType())
                .isEqualTo("text/javascript; charset=utf-8");
        assertThat(assets.find("/console/console.css").orElseThrow().contentType())
                .isEqualTo("text/css; charset=utf-8");
    }

    @Test
    void theLayoutLibraryIsVendoredFromItsWebJar() {
        ConsoleAssets.Asset dagre = assets.find("/console/vendor/dagre/dagre.min.js").orElseThrow();
        assertThat(new String(dagre.body(), StandardCharsets.UTF_8)).contains("g.dagre=f()");
        assertThat(assets.find("/console/vendor/dagre/LICENSE").orElseThrow().contentType()).startsWith("text/plain");
    }

    @Test
    void pathsOutsideTheConsoleFolderAreNotServed() {
        assertThat(assets.find("/console/../dev/stepwise/console/ConsoleAssets.class")).isEmpty();
        assertThat(assets.find("/console/vendor/../../META-INF/MANIFEST.MF")).isEmpty();
        assertThat(assets.find("/console/.hidden.js")).isEmpty();
        assertThat(assets.find("/console/")).isEmpty();
        assertThat(assets.find("/console/nothing-here.js")).isEmpty();
        assertThat(assets.find("/ListImages")).isEmpty();
    }

    @Test
    void anETagNamesTheBytesAndAnswersIfNoneMatch() {
        ConsoleAssets.Asset app = assets.find("/console/app.js").orElseThrow();
        assertThat(app.etag()).matches("\"[0-9a-f]{32}\"").isNotEqualTo(assets.find("/").orElseThrow().etag());
        assertThat(app.notModifiedFor(app.etag())).isTrue();
        assertThat(app.notModifiedFor("\"other\", " + app.etag())).isTrue();
        assertThat(app.notModifiedFor("\"other\"")).isFalse();
        assertThat(app.notModifiedFor(null)).isFalse();
        assertThat(app.cacheControl()).isEqualTo("no-cache");
    }

    @Test
    void theConsoleOwnsItsPathsOnly() {
        assertThat(ConsoleAssets.owns("/")).isTrue();
        assertThat(ConsoleAssets.owns("/console/app.js")).isTrue();
        assertThat(ConsoleAssets.owns("/health")).isFalse();
        assertThat(ConsoleAssets.owns("/ListImages")).isFalse();
    }
}
