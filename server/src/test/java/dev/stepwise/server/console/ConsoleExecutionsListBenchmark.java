package dev.stepwise.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.server.api.ServerExtension;
import dev.stepwise.server.api.ServerFixture;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * How fast the executions list opens with a very large number of executions stored (100,000 by
 * default, {@code -Dstepwise.benchmark.executions=N}): each page is one keyset query on the server,
 * so the first, a later and a filtered page should cost alike. Prints the times; asserts only what the
 * pages show. Not part of the default suite: run with
 * {@code -Dstepwise.benchmark=true -Dtest=ConsoleExecutionsListBenchmark}.
 */
@Tag("benchmark")
@EnabledIfSystemProperty(named = "stepwise.benchmark", matches = "true")
class ConsoleExecutionsListBenchmark {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension(ServerFixture::new);

    private static Chromium chromium;
    private static SfnClient sfn;

    @BeforeAll
    static void browser() throws Exception {
        chromium = Chromium.shared();
        sfn = server.sfn();
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** Waits until the table shows rows whose first row is not {@code previousFirst}; answers the time taken. */
    private static long awaitPage(long start, String previousFirst) {
        new WebDriverWait(chromium.driver, Duration.ofSeconds(120), Duration.ofMillis(10)).until(d -> {
            var rows = d.findElements(By.cssSelector("tr[data-arn]"));
            return rows.size() == 25 && !rows.get(0).getDomAttribute("data-arn").equals(previousFirst);
        });
        return millisSince(start);
    }

    private static String firstRow() {
        return chromium.driver.findElements(By.cssSelector("tr[data-arn]")).get(0).getDomAttribute("data-arn");
    }

    @Test
    void theExecutionsListPagesOnTheServerWithAVeryLargeNumberOfExecutions() throws Exception {
        int count = Integer.getInteger("stepwise.benchmark.executions", 100_000);
        String arn = sfn.createStateMachine(r -> r.name("many-executions").roleArn(ServerFixture.ROLE)
                .definition("{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Succeed\"}}}")).stateMachineArn();
        long started = System.nanoTime();
        AtomicInteger next = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        String name = "run-" + i;
                        sfn.startExecution(r -> r.stateMachineArn(arn).name(name));
                    }
                }));
            }
            for (Future<?> w : workers) {
                w.get();
            }
        }
        System.out.printf("console benchmark: %,d executions started through the API in %,d ms%n", count,
                millisSince(started));

        String route = "http://127.0.0.1:" + server.fixture().port() + "/#/state-machines/"
                + URLEncoder.encode(arn, StandardCharsets.UTF_8) + "/executions";
        long open = System.nanoTime();
        chromium.driver.get(route);
        long first = awaitPage(open, "");
        String page1 = firstRow();
        List<Long> nexts = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String before = firstRow();
            long click = System.nanoTime();
            chromium.driver.findElement(By.id("next-page")).click();
            nexts.add(awaitPage(click, before));
        }
        assertThat(chromium.driver.findElement(By.id("page-number")).getText()).isEqualTo("Page 11");
        // the rows on screen are cleared first, so the wait sees the filtered page's own
        chromium.driver.executeScript("document.getElementById('main').replaceChildren()");
        long filtered = System.nanoTime();
        chromium.driver.get(route + "?status=SUCCEEDED");
        long succeeded = awaitPage(filtered, "");
        assertThat(firstRow()).isEqualTo(page1);
        System.out.printf("console benchmark: with %,d executions stored, the executions list's first page drew in "
                + "%,d ms; Next took %s ms; the page filtered by status drew in %,d ms%n", count, first, nexts,
                succeeded);
        chromium.screenshot("executions-benchmark");
    }
}
