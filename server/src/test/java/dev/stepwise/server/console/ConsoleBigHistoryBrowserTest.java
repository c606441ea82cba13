package dev.stepwise.server.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stepwise.server.api.ServerExtension;
import dev.stepwise.server.api.ServerFixture;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * An execution at AWS's limits in a real headless Chromium: 24,998 history events and an input of
 * about 250 KB. The page becomes usable (graph coloured, the first page of events drawn) without
 * drawing every event or the whole payload; the time it takes is printed, not asserted.
 */
class ConsoleBigHistoryBrowserTest {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension(ServerFixture::new);

    /** Four events per turn of the loop, plus six: just under AWS's 25,000. */
    private static final int TURNS = 6248;
    private static final int EVENTS = 4 * TURNS + 6;

    private static Chromium chromium;
    private static SfnClient sfn;

    @BeforeAll
    static void browser() throws Exception {
        chromium = Chromium.shared();
        sfn = server.sfn();
    }

    @Test
    void anExecutionWith25000EventsAndA256KiBInputOpensWithoutDrawingEverything() {
        String arn = sfn.createStateMachine(r -> r.name("big-history").roleArn(ServerFixture.ROLE).definition("""
                {"StartAt":"Drop","States":{
                  "Drop":{"Type":"Pass","Parameters":{"n":0},"Next":"Count"},
                  "Count":{"Type":"Pass","Parameters":{"n.$":"States.MathAdd($.n, 1)"},"Next":"More"},
                  "More":{"Type":"Choice","Choices":[{"Variable":"$.n","NumericLessThan":%d,"Next":"Count"}],
                          "Default":"Done"},
                  "Done":{"Type":"Succeed"}}}""".formatted(TURNS))).stateMachineArn();
        String blob = "x".repeat(250_000);
        String execution = sfn.startExecution(r -> r.stateMachineArn(arn).input("{\"blob\":\"" + blob + "\"}"))
                .executionArn();
        await().atMost(Duration.ofSeconds(60)).until(() -> sfn.describeExecution(r -> r.executionArn(execution))
                .status() != ExecutionStatus.RUNNING);
        assertThat(sfn.describeExecution(r -> r.executionArn(execution)).status()).isEqualTo(ExecutionStatus.SUCCEEDED);

        long start = System.nanoTime();
        chromium.driver.get("http://127.0.0.1:" + server.fixture().port() + "/#/executions/"
                + URLEncoder.encode(execution, StandardCharsets.UTF_8));
        // the page redraws as the rest of the history arrives: an element found may be gone a moment later
        var wait = new org.openqa.selenium.support.ui.WebDriverWait(chromium.driver, Duration.ofSeconds(60),
                Duration.ofMillis(20)).ignoring(StaleElementReferenceException.class);
        String firstRange = wait.until(d -> d.findElements(By.id("events-range")).stream().findFirst()
                .map(WebElement::getText).orElse(null));
        long usable = (System.nanoTime() - start) / 1_000_000;
        assertThat(firstRange).startsWith("Events 1–250 of ");
        String all = "Events 1–250 of " + String.format("%,d", EVENTS);
        wait.until(d -> d.findElement(By.id("events-range")).getText().equals(all)
                && d.findElements(By.id("history-loading")).isEmpty());
        long read = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("console: an execution with %,d events and a %,d-character input: usable (graph and first "
                + "events) in %,d ms, whole history read and drawn in %,d ms%n", EVENTS, blob.length() + 11, usable, read);
        assertThat(chromium.driver.findElements(By.cssSelector("#events tbody tr"))).hasSize(250);
        assertThat(chromium.driver.findElement(By.cssSelector(".node[data-state=Done]")).getDomAttribute("data-outcome"))
                .isEqualTo("succeeded");

        // the last page, a page at a time
        chromium.driver.findElement(By.id("events-last")).click();
        chromium.until(d -> d.findElement(By.id("events-range")).getText().equals("Events 24,751–24,998 of 24,998"));
        assertThat(chromium.driver.findElements(By.cssSelector("#events tbody tr")).getLast().getText())
                .contains(String.valueOf(EVENTS), "ExecutionSucceeded");

        // the input shows its beginning until asked for all of it
        WebElement input = chromium.driver.findElement(By.id("execution-input"));
        assertThat(input.getText().length()).isLessThan(20_000);
        long clicked = System.nanoTime();
        chromium.driver.findElement(By.cssSelector(".large-payload button.show-all")).click();
        chromium.until(d -> d.findElement(By.id("execution-input")).getText().length() > 250_000);
        System.out.printf("console: the whole input drawn in %,d ms%n", (System.nanoTime() - clicked) / 1_000_000);
        chromium.screenshot("execution-big-history");
    }
}
