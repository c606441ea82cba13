package dev.stepwise.server.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stepwise.server.api.ServerExtension;
import dev.stepwise.server.api.ServerFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeStateMachineResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * How fast the console's pages open in Chromium with a million executions stored
 * ({@code -Dstepwise.benchmark.executions=N} for another number): a state machine's executions list
 * (the first page, the next ones, filtered by status, searched by name), the state machine's page, and
 * the page of an execution of 24,998 events. The executions are stored by {@link ManyExecutions}
 * (StartExecution's own runtime and store, without HTTP); one in ten fails, one in 5,000 is named
 * {@code audit-…}. Prints the times; asserts only what the pages show. Not part of the default suite:
 * run with {@code -Dstepwise.benchmark=true -Dtest=ConsoleMillionExecutionsBenchmark}.
 */
@Tag("benchmark")
@EnabledIfSystemProperty(named = "stepwise.benchmark", matches = "true")
class ConsoleMillionExecutionsBenchmark {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension(ServerFixture::new);

    private static final int FAILING_EVERY = 10;
    private static final int AUDIT_EVERY = 5_000;
    /** Four events per turn of the big execution's loop, plus six: just under AWS's 25,000. */
    private static final int TURNS = 6248;

    private static Chromium chromium;
    private static SfnClient sfn;
    private static int count;
    private static String machineArn;
    private static String bigExecution;

    @BeforeAll
    static void fill() throws Exception {
        chromium = Chromium.shared();
        sfn = server.sfn();
        count = Integer.getInteger("stepwise.benchmark.executions", 1_000_000);
        machineArn = sfn.createStateMachine(r -> r.name("many-executions").roleArn(ServerFixture.ROLE).definition("""
                {"StartAt":"Check","States":{
                  "Check":{"Type":"Choice","Choices":[{"Variable":"$.fail","BooleanEquals":true,"Next":"Broken"}],
                           "Default":"Work"},
                  "Work":{"Type":"Pass","Result":{"done":true},"ResultPath":"$.result","Next":"Done"},
                  "Broken":{"Type":"Fail","Error":"Bench.Broken","Cause":"one in ten fails"},
                  "Done":{"Type":"Succeed"}}}""")).stateMachineArn();
        DescribeStateMachineResponse machine = sfn.describeStateMachine(r -> r.stateMachineArn(machineArn));
        long started = System.nanoTime();
        ManyExecutions.start(server.fixture().server(), machine, count,
                ConsoleMillionExecutionsBenchmark::name,
                i -> "{\"order\":" + i + ",\"fail\":" + (i % FAILING_EVERY == 0) + "}");
        System.out.printf("console benchmark: %,d executions stored in %,d ms%n", count, millisSince(started));

        String big = sfn.createStateMachine(r -> r.name("big-history").roleArn(ServerFixture.ROLE).definition("""
                {"StartAt":"Drop","States":{
                  "Drop":{"Type":"Pass","Parameters":{"n":0},"Next":"Count"},
                  "Count":{"Type":"Pass","Parameters":{"n.$":"States.MathAdd($.n, 1)"},"Next":"More"},
                  "More":{"Type":"Choice","Choices":[{"Variable":"$.n","NumericLessThan":%d,"Next":"Count"}],
                          "Default":"Done"},
                  "Done":{"Type":"Succeed"}}}""".formatted(TURNS))).stateMachineArn();
        bigExecution = sfn.startExecution(r -> r.stateMachineArn(big).input("{\"blob\":\"" + "x".repeat(250_000)
                + "\"}")).executionArn();
        await().atMost(Duration.ofSeconds(120)).until(() -> sfn.describeExecution(r -> r.executionArn(bigExecution))
                .status() != ExecutionStatus.RUNNING);
    }

    /** The i-th execution's name. */
    private static String name(int i) {
        return i % AUDIT_EVERY == 0 ? "audit-" + i : "run-" + i;
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    /**
     * What the page is to show: at least {@code atLeast} elements match {@code selector}; the first
     * one's data-arn is not {@code notFirst} (null: any); its text matches {@code text} (a regular
     * expression; null: any).
     */
    private record Shown(String selector, int atLeast, String notFirst, String text) {
        static Shown rows(int n) {
            return new Shown("tr[data-arn]", n, null, null);
        }

        static Shown text(String selector, String pattern) {
            return new Shown(selector, 1, null, pattern);
        }

        Map<String, Object> asScriptArgument() {
            Map<String, Object> m = new HashMap<>();
            m.put("selector", selector);
            m.put("atLeast", atLeast);
            m.put("notFirst", notFirst);
            m.put("text", text);
            return m;
        }
    }

    /**
     * Times in the page itself (performance.now, to the animation frame after the DOM shows it) how
     * long the page takes, after {@code act}, to show each of {@code shown}: the browser's own clock,
     * not WebDriver's polling, which on a busy machine costs more than the pages do. {@code act} is
     * "hash:ROUTE" (clear the page, then go to ROUTE) or "click:SELECTOR". Answers the time of each,
     * then how long of it at least one API call was on its way (the rest is the page's own work).
     */
    private static List<Long> timed(String act, Shown... shown) {
        Object answer = chromium.driver.executeAsyncScript("""
                const [act, wanted, done] = arguments;
                const met = wanted.map(() => null);
                performance.clearResourceTimings();
                performance.setResourceTimingBufferSize(10000);
                const start = performance.now();
                const check = (w) => {
                  const all = document.querySelectorAll(w.selector);
                  return all.length >= w.atLeast && (!w.notFirst || all[0].getAttribute('data-arn') !== w.notFirst)
                    && (!w.text || new RegExp(w.text).test(all[0].textContent));
                };
                const look = () => {
                  wanted.forEach((w, i) => {
                    if (met[i] == null && check(w)) {
                      met[i] = -1;
                      requestAnimationFrame(() => { met[i] = Math.round(performance.now() - start); finish(); });
                    }
                  });
                };
                // how long, until the last thing shown, at least one API call was on its way (the rest is the page's own work)
                const apiTime = (until) => {
                  const calls = performance.getEntriesByType('resource')
                    .filter((e) => e.initiatorType === 'fetch' && e.startTime >= start && e.startTime < start + until)
                    .map((e) => [e.startTime, Math.min(e.responseEnd, start + until)]).sort((a, b) => a[0] - b[0]);
                  let total = 0;
                  let end = -1;
                  for (const [from, to] of calls) {
                    if (to > end) {
                      total += to - Math.max(from, end);
                      end = to;
                    }
                  }
                  return Math.round(total);
                };
                const finish = () => {
                  if (met.every((m) => m != null && m >= 0)) {
                    observer.disconnect();
                    done([...met, apiTime(Math.max(...met))]);
                  }
                };
                const observer = new MutationObserver(look);
                observer.observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true});
                const [kind, what] = [act.slice(0, act.indexOf(':')), act.slice(act.indexOf(':') + 1)];
                if (kind === 'hash') {
                  document.getElementById('main').replaceChildren();
                  location.hash = what;
                } else {
                  document.querySelector(what).click();
                }
                """, act, java.util.Arrays.stream(shown).map(Shown::asScriptArgument).toList());
        return ((List<?>) answer).stream().map(n -> ((Number) n).longValue()).toList();
    }

    private static String firstRow() {
        return chromium.driver.findElements(By.cssSelector("tr[data-arn]")).get(0).getDomAttribute("data-arn");
    }

    private static String executions(String query) {
        return "/state-machines/" + Chromium.encoded(machineArn) + "/executions" + query;
    }

    /** How long a page took to show something, and of that how long it waited on the API. */
    private record Took(long ms, long api) {
        static Took of(List<Long> timed, int index) {
            return new Took(timed.get(index), timed.getLast());
        }

        @Override
        public String toString() {
            return String.format("%,d ms (API %,d)", ms, api);
        }
    }

    @Test
    void theConsolesPagesWithAMillionExecutionsStored() {
        chromium.driver.manage().timeouts().scriptTimeout(Duration.ofMinutes(5));
        chromium.open(server.fixture().port(), "/state-machines");
        chromium.until(d -> d.findElements(By.id("state-machines")).isEmpty() ? null : true);

        List<Long> page = timed("hash:/state-machines/" + Chromium.encoded(machineArn), Shown.rows(10),
                new Shown("#graph svg", 1, null, null));
        Took machinePage = new Took(Math.max(page.get(0), page.get(1)), page.getLast());

        Took first = Took.of(timed("hash:" + executions(""), Shown.rows(25)), 0);
        assertThat(firstRow()).endsWith(":" + name(count - 1));
        List<Took> nexts = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            nexts.add(Took.of(timed("click:#next-page", new Shown("tr[data-arn]", 25, firstRow(), null)), 0));
        }
        assertThat(chromium.driver.findElement(By.id("page-number")).getText()).isEqualTo("Page 11");
        chromium.screenshot("executions-benchmark");

        Took failed = Took.of(timed("hash:" + executions("?status=FAILED"), Shown.rows(25)), 0);
        assertThat(chromium.driver.findElements(By.cssSelector("tr[data-arn] [data-status]")))
                .allSatisfy(s -> assertThat(s.getDomAttribute("data-status")).isEqualTo("FAILED"));
        assertThat(firstRow()).endsWith(":" + name((count - 1) / FAILING_EVERY * FAILING_EVERY));

        Took searched = Took.of(timed("hash:" + executions("?name=audit"), Shown.text("#search-note", "found in")), 0);
        String note = chromium.driver.findElement(By.id("search-note")).getText();
        assertThat(chromium.driver.findElements(By.cssSelector("tr[data-arn]")))
                .allSatisfy(r -> assertThat(r.getDomAttribute("data-arn")).contains(":audit-"));
        Took further = Took.of(timed("click:#search-further", Shown.text("#search-note", "in the 20,000 newest")), 0);
        String furtherNote = chromium.driver.findElement(By.id("search-note")).getText();

        List<Long> big = timed("hash:/executions/" + Chromium.encoded(bigExecution),
                Shown.text("#events-range", "^Events 1–250 of "), Shown.text("#events-range", "^Events 1–250 of 24,998$"));
        chromium.until(d -> d.findElements(By.id("history-loading")).isEmpty());
        assertThat(chromium.driver.findElement(By.cssSelector(".node[data-state=Done]")).getDomAttribute("data-outcome"))
                .isEqualTo("succeeded");
        chromium.screenshot("execution-big-history-benchmark");

        System.out.printf("""
                console benchmark: with %,d executions stored (times in Chromium, from the navigation or click to the
                frame that shows the result; in brackets, how long of it an API call was on its way):
                  the state machine's page (graph, 10 recent executions): %s
                  its executions list, first page of 25: %s
                  Next, ten times: %s
                  filtered by status FAILED (one in ten): %s
                  searched by name "audit" (one in 5,000): %s: %s
                  Search further: %s: %s
                  an execution of 24,998 events and a 250 KB input: usable in %,d ms, whole history read in %s
                """, count, machinePage, first, nexts, failed, searched, note, further, furtherNote, big.get(0),
                Took.of(big, 1));
    }
}
