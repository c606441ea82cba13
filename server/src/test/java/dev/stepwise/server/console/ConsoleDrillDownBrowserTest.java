package dev.stepwise.server.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stepwise.server.api.ServerExtension;
import dev.stepwise.server.api.ServerFixture;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * An execution's page in a real headless Chromium: the iterations of an inline Map and the branches
 * of a Parallel drilled into one at a time, a distributed Map's run and child executions, the
 * variables a state assigned and the retries of a Task.
 */
class ConsoleDrillDownBrowserTest {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension(ServerFixture::new);

    private static Chromium chromium;
    private static SfnClient sfn;

    @BeforeAll
    static void browser() throws Exception {
        chromium = Chromium.shared();
        sfn = server.sfn();
    }

    private static String create(String name, String definition) {
        return sfn.createStateMachine(r -> r.name(name).definition(definition).roleArn(ServerFixture.ROLE))
                .stateMachineArn();
    }

    private static void open(String route) {
        chromium.open(server.fixture().port(), route);
    }

    private static String encoded(String arn) {
        return Chromium.encoded(arn);
    }

    private static WebElement node(String state) {
        return chromium.node(state);
    }

    private static String outcome(String state) {
        return node(state).getDomAttribute("data-outcome");
    }

    private static void awaitStatus(String executionArn, ExecutionStatus status) {
        await().atMost(Duration.ofSeconds(20)).until(() -> sfn.describeExecution(r -> r.executionArn(executionArn))
                .status() == status);
    }

    /** The state column of the events table's rows. */
    private static List<String> eventStates() {
        return chromium.driver.findElements(By.cssSelector("#events tbody tr")).stream()
                .map(row -> row.findElements(By.tagName("td")).get(2).getText()).toList();
    }

    @Test
    void mapIterationsAndParallelBranchesAreDrilledIntoAndVariablesAndRetriesShown() {
        String activity = sfn.createActivity(r -> r.name("drill-flaky")).activityArn();
        String arn = create("drill", """
                {"StartAt":"Remember","States":{
                  "Remember":{"Type":"Pass","Assign":{"count":3,"who.$":"$.who"},"Next":"Fan"},
                  "Fan":{"Type":"Parallel","ResultPath":"$.fan","Next":"Each","Branches":[
                     {"StartAt":"Left","States":{"Left":{"Type":"Pass","End":true}}},
                     {"StartAt":"Right","States":{"Right":{"Type":"Pass","End":true}}}]},
                  "Each":{"Type":"Map","ItemsPath":"$.items","ResultPath":"$.each","Next":"Flaky","ItemProcessor":{
                     "StartAt":"Check","States":{
                       "Check":{"Type":"Choice","Choices":[{"Variable":"$","NumericEquals":2,"Next":"Two"}],
                                "Default":"Other"},
                       "Two":{"Type":"Pass","End":true},"Other":{"Type":"Pass","End":true}}}},
                  "Flaky":{"Type":"Task","Resource":"%s","End":true,
                           "Retry":[{"ErrorEquals":["Flaky"],"IntervalSeconds":1,"MaxAttempts":2}]}}}"""
                .formatted(activity));
        String execution = sfn.startExecution(r -> r.stateMachineArn(arn).input("{\"who\":\"Ada\",\"items\":[1,2,3]}"))
                .executionArn();
        var first = sfn.getActivityTask(r -> r.activityArn(activity).workerName("drill-worker"));
        sfn.sendTaskFailure(r -> r.taskToken(first.taskToken()).error("Flaky").cause("try again"));
        var second = sfn.getActivityTask(r -> r.activityArn(activity).workerName("drill-worker"));
        sfn.sendTaskSuccess(r -> r.taskToken(second.taskToken()).output("{}"));
        awaitStatus(execution, ExecutionStatus.SUCCEEDED);

        open("/executions/" + encoded(execution));
        node("Remember").click();
        WebElement count = chromium.until(d -> d.findElement(By.cssSelector("[data-variable=count]")));
        assertThat(count.getText()).isEqualTo("3");
        assertThat(chromium.driver.findElement(By.cssSelector("[data-variable=who]")).getText()).isEqualTo("\"Ada\"");

        node("Flaky").click();
        WebElement retries = chromium.until(d -> d.findElement(By.id("panel-retries")));
        assertThat(retries.getText()).isEqualTo("1");
        List<WebElement> attempts = chromium.driver.findElements(By.cssSelector("#panel-attempts li"));
        assertThat(attempts).extracting(a -> a.getDomAttribute("data-result")).containsExactly("failed", "succeeded");
        assertThat(attempts.get(0).getText()).contains("Flaky", "try again");

        // every iteration of the Map is listed; one of them is shown alone
        node("Each").click();
        List<WebElement> runs = chromium.until(d -> {
            List<WebElement> shown = d.findElements(By.cssSelector("#runs button"));
            return shown.size() == 3 ? shown : null;
        });
        assertThat(runs).extracting(b -> b.getDomAttribute("data-status")).containsOnly("succeeded");
        assertThat(outcome("Two")).isEqualTo("succeeded");
        assertThat(outcome("Other")).isEqualTo("succeeded");
        chromium.driver.findElement(By.cssSelector("#runs button[data-index='1']")).click();
        chromium.until(d -> d.findElement(By.id("focus-label")).getText().equals("Iteration #1"));
        assertThat(outcome("Two")).isEqualTo("succeeded");
        assertThat(outcome("Other")).isEqualTo("not-reached");
        // the iteration's own events: its start and end and the four of Check and Two
        assertThat(eventStates()).hasSize(6).containsOnly("Each", "Check", "Two");
        chromium.screenshot("execution-map-iteration");
        chromium.driver.findElement(By.cssSelector("#runs button[data-index='0']")).click();
        chromium.until(d -> d.findElement(By.id("focus-label")).getText().equals("Iteration #0"));
        assertThat(outcome("Two")).isEqualTo("not-reached");
        assertThat(outcome("Other")).isEqualTo("succeeded");
        assertThat(eventStates()).hasSize(6).containsOnly("Each", "Check", "Other");
        chromium.driver.findElement(By.id("clear-focus")).click();
        chromium.until(d -> d.findElements(By.id("focus")).isEmpty());
        assertThat(outcome("Two")).isEqualTo("succeeded");
        assertThat(eventStates()).hasSize(sfn.getExecutionHistory(r -> r.executionArn(execution)).events().size());

        node("Fan").click();
        List<WebElement> branches = chromium.until(d -> {
            List<WebElement> shown = d.findElements(By.cssSelector("#runs button"));
            return shown.size() == 2 && shown.get(0).getText().startsWith("Branch") ? shown : null;
        });
        assertThat(branches.get(1).getText()).contains("Branch 2 (Right)", "succeeded");
        branches.get(1).click();
        chromium.until(d -> d.findElement(By.id("focus-label")).getText().equals("Branch 2 (Right)"));
        assertThat(eventStates()).isNotEmpty().containsOnly("Right");
    }

    @Test
    void aDistributedMapShowsItsMapRunAndLinksToItsChildExecutions() {
        String arn = create("drill-distributed", """
                {"StartAt":"Spread","States":{"Spread":{"Type":"Map","End":true,"ItemProcessor":{
                   "ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},
                   "StartAt":"Work","States":{"Work":{"Type":"Pass","End":true}}}}}}""");
        String execution = sfn.startExecution(r -> r.stateMachineArn(arn).input("[1, 2, 3]")).executionArn();
        awaitStatus(execution, ExecutionStatus.SUCCEEDED);
        String mapRun = sfn.listMapRuns(r -> r.executionArn(execution)).mapRuns().get(0).mapRunArn();

        open("/executions/" + encoded(execution));
        node("Spread").click();
        WebElement counts = chromium.until(d -> d.findElement(By.id("map-run-counts")));
        assertThat(chromium.driver.findElement(By.id("map-run-arn")).getText()).isEqualTo(mapRun);
        assertThat(counts.getText()).startsWith("3 succeeded, 0 failed").endsWith("of 3");
        List<WebElement> children = chromium.until(d -> {
            List<WebElement> rows = d.findElements(By.cssSelector("#map-run-executions tr[data-arn]"));
            return rows.size() == 3 ? rows : null;
        });
        String child = children.get(0).getDomAttribute("data-arn");
        assertThat(sfn.listExecutions(r -> r.mapRunArn(mapRun)).executions())
                .anySatisfy(x -> assertThat(x.executionArn()).isEqualTo(child));
        chromium.screenshot("execution-map-run");
        children.get(0).findElement(By.tagName("a")).click();
        chromium.until(d -> "succeeded".equals(outcome("Work")));
        assertThat(chromium.driver.getCurrentUrl()).endsWith("#/executions/" + encoded(child));
    }
}
