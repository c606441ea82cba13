package dev.stepwise.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.server.api.ServerExtension;
import dev.stepwise.server.api.ServerFixture;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * The console in a real headless Chromium against a real server: state machines and executions made
 * with the AWS SDK, then read, followed and acted on through the pages; what the pages show is
 * checked through their DOM and saved as screenshots under target/console-screenshots/.
 */
class ConsoleBrowserTest {
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

    /** Clicks the element; true (for waits that retry a click on an element the page replaced meanwhile). */
    private static boolean click(WebElement element) {
        element.click();
        return true;
    }

    private static Map<String, String> outcomes() {
        return chromium.driver.findElements(By.cssSelector(".node[data-state]")).stream()
                .collect(Collectors.toMap(n -> n.getDomAttribute("data-state"), n -> String.valueOf(n.getDomAttribute("data-outcome"))));
    }

    @Test
    void theListLinksToEachStateMachineAndTheBackButtonReturns() {
        String arn = create("list-orders", "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"End\":true}}}");
        create("list-invoices", "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"End\":true}}}");
        open("/state-machines");
        chromium.until(d -> d.findElements(By.cssSelector("#state-machines tr[data-arn]")).size() >= 2);
        chromium.driver.findElement(By.id("sm-search")).sendKeys("orders");
        List<WebElement> rows = chromium.until(d -> {
            List<WebElement> shown = d.findElements(By.cssSelector("#state-machines tr[data-arn]"));
            return shown.size() == 1 ? shown : null;
        });
        assertThat(rows.get(0).getText()).contains("list-orders", "STANDARD");
        chromium.screenshot("state-machines");

        rows.get(0).findElement(By.linkText("list-orders")).click();
        node("A");
        assertThat(chromium.driver.getCurrentUrl()).endsWith("#/state-machines/" + encoded(arn));
        chromium.driver.navigate().back();
        chromium.until(d -> d.findElements(By.cssSelector("#state-machines")).size() == 1);
        assertThat(chromium.driver.getCurrentUrl()).endsWith("#/state-machines");
    }

    @Test
    void aStateMachinesGraphShowsChoicesCatchesRetriesAndNestedGroups() {
        String definition = """
                {"StartAt":"Route","States":{
                  "Route":{"Type":"Choice","Choices":[{"Variable":"$.kind","StringEquals":"bulk","Next":"Fan"}],
                           "Default":"Call"},
                  "Call":{"Type":"Task","Resource":"arn:aws:states:us-east-1:123456789012:activity:work",
                          "Retry":[{"ErrorEquals":["States.Timeout"],"MaxAttempts":2}],
                          "Catch":[{"ErrorEquals":["States.ALL"],"Next":"Oops"}],"Next":"Each"},
                  "Fan":{"Type":"Parallel","Next":"Each","Branches":[
                     {"StartAt":"Left","States":{"Left":{"Type":"Pass","End":true}}},
                     {"StartAt":"Right","States":{"Right":{"Type":"Pass","End":true}}}]},
                  "Each":{"Type":"Map","ItemsPath":"$.items","End":true,"ItemProcessor":{
                     "ProcessorConfig":{"Mode":"INLINE"},
                     "StartAt":"Item","States":{"Item":{"Type":"Pass","End":true}}}},
                  "Oops":{"Type":"Fail","Error":"Bad","Cause":"worse"}}}""";
        String arn = create("graph-shapes", definition);
        open("/state-machines/" + encoded(arn));
        node("Item");
        var d = chromium.driver;
        assertThat(outcomes().keySet()).containsExactlyInAnyOrder("Route", "Call", "Fan", "Left", "Right", "Each",
                "Item", "Oops");
        assertThat(d.findElements(By.cssSelector("[data-node=start]"))).hasSize(1);
        assertThat(d.findElements(By.cssSelector("[data-node=end]"))).hasSize(1);
        assertThat(d.findElements(By.cssSelector("[data-cluster='cluster:Fan#0'], [data-cluster='cluster:Fan#1']")))
                .hasSize(2);
        assertThat(d.findElements(By.cssSelector("[data-cluster='cluster:Each#0']"))).hasSize(1);
        assertThat(d.findElements(By.cssSelector(".edge-choice[data-from='state:Route'][data-to='state:Fan']")))
                .hasSize(1);
        assertThat(d.findElements(By.cssSelector(".edge-default[data-from='state:Route'][data-to='state:Call']")))
                .hasSize(1);
        assertThat(d.findElements(By.cssSelector(".edge-catch[data-from='state:Call'][data-to='state:Oops']")))
                .hasSize(1);
        assertThat(d.findElements(By.cssSelector(".edge-retry[data-from='state:Call'][data-to='state:Call']")))
                .hasSize(1);
        // a Parallel's branches start from the state and meet at its join before its Next
        assertThat(d.findElements(By.cssSelector(".edge[data-from='state:Fan'][data-to='state:Left']"))).hasSize(1);
        assertThat(d.findElements(By.cssSelector(".edge[data-from='join:Fan'][data-to='state:Each']"))).hasSize(1);
        assertThat(d.findElement(By.id("definition")).getText()).contains("\"StartAt\": \"Route\"");
        assertThat(d.findElement(By.id("no-executions")).getText()).isEqualTo("No executions.");
        chromium.screenshot("state-machine");
    }

    @Test
    void followingALinkByKeyboardLeavesTheFocusAtTheTopOfTheNewPage() {
        String arn = create("keyboard-route", "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"End\":true}}}");
        open("/state-machines");
        WebElement link = chromium.until(d -> d.findElement(By.cssSelector("#state-machines tr[data-arn='" + arn + "'] a")));
        link.sendKeys(Keys.ENTER);
        node("A");
        // the link pressed is gone with its page: the next Tab goes on in the new page, not back to the header
        chromium.driver.switchTo().activeElement().sendKeys(Keys.TAB);
        WebElement focused = chromium.driver.switchTo().activeElement();
        assertThat(focused.getText()).isEqualTo("State machines");
        assertThat((Boolean) chromium.driver.executeScript(
                "return document.getElementById('main').contains(document.activeElement)")).isTrue();
        assertThat(chromium.driver.getTitle()).startsWith("keyboard-route");
    }

    @Test
    void aDefinitionsDiagnosticsShowAtTheirStatesInTheGraph() {
        // a path in a plain member (NO_DOLLAR), inside a Parallel's branch: a warning, so the machine is created
        String arn = create("with-warnings", """
                {"StartAt":"Fan","States":{"Fan":{"Type":"Parallel","End":true,"Branches":[
                  {"StartAt":"Shape","States":{"Shape":{"Type":"Pass","Parameters":{"id":"$.order.id"},"End":true}}}]}}}""");
        open("/state-machines/" + encoded(arn));
        WebElement shape = node("Shape");
        WebElement listed = chromium.until(d -> d.findElement(By.cssSelector("#diagnostics li")));
        assertThat(listed.getText()).contains("WARNING NO_DOLLAR", "/States/Fan/Branches[0]/States/Shape/Parameters");
        assertThat(shape.getDomAttribute("data-diagnostic")).isEqualTo("WARNING");
        assertThat(shape.getDomAttribute("aria-label")).contains("NO_DOLLAR");
        assertThat(node("Fan").getDomAttribute("data-diagnostic")).isNull();

        // the location leads the keyboard to the state
        WebElement location = listed.findElement(By.cssSelector("button.location"));
        location.sendKeys(Keys.ENTER);
        chromium.until(d -> "Shape".equals(d.switchTo().activeElement().getDomAttribute("data-state")));
        chromium.screenshot("state-machine-diagnostics");
    }

    @Test
    void theStartFormChecksItsInputAndOpensTheNewExecution() {
        String arn = create("start-form", """
                {"StartAt":"Greet","States":{"Greet":{"Type":"Pass","Parameters":{"hello.$":"$.who"},"End":true}}}""");
        open("/state-machines/" + encoded(arn));
        WebElement input = chromium.until(d -> d.findElement(By.id("execution-input")));
        input.clear();
        input.sendKeys("{\"who\": ");
        chromium.until(d -> !d.findElement(By.id("start-execution")).isEnabled());
        assertThat(chromium.driver.findElement(By.id("input-check")).getText()).startsWith("Not JSON");
        input.sendKeys("\"Ada\"}");
        chromium.until(d -> d.findElement(By.id("start-execution")).isEnabled());
        chromium.driver.findElement(By.id("execution-name")).sendKeys("from-the-form");
        chromium.driver.findElement(By.id("start-execution")).click();

        chromium.until(d -> d.getCurrentUrl().contains("#/executions/"));
        WebElement greet = node("Greet");
        chromium.until(d -> "succeeded".equals(node("Greet").getDomAttribute("data-outcome")));
        assertThat(chromium.driver.findElement(By.id("execution-output")).getText()).contains("\"hello\": \"Ada\"");
        assertThat(greet).isNotNull();
        String executionArn = sfn.listExecutions(r -> r.stateMachineArn(arn)).executions().get(0).executionArn();
        assertThat(executionArn).endsWith(":from-the-form");
    }

    @Test
    void aFailedExecutionSaysWhichStateFailedAndColoursEveryState() {
        String arn = create("failing", """
                {"StartAt":"Decide","States":{
                  "Decide":{"Type":"Choice","Choices":[{"Variable":"$.go","BooleanEquals":true,"Next":"Lookup"}],
                            "Default":"Skipped"},
                  "Lookup":{"Type":"Task","Resource":"arn:aws:states:us-east-1:123456789012:activity:missing",
                            "Catch":[{"ErrorEquals":["States.ALL"],"ResultPath":"$.problem","Next":"Recover"}],
                            "End":true},
                  "Recover":{"Type":"Pass","Next":"Boom"},
                  "Boom":{"Type":"Fail","Error":"Orders.Oops","Cause":"the order could not be found"},
                  "Skipped":{"Type":"Pass","End":true}}}""");
        String executionArn = sfn.startExecution(r -> r.stateMachineArn(arn).input("{\"go\": true}")).executionArn();
        org.awaitility.Awaitility.await().until(() -> sfn.describeExecution(r -> r.executionArn(executionArn))
                .status() == ExecutionStatus.FAILED);

        open("/state-machines/" + encoded(arn));
        chromium.until(d -> d.findElements(By.cssSelector("tr[data-arn]")).size() == 1);
        chromium.driver.findElement(By.cssSelector("tr[data-arn] a")).click();

        WebElement banner = chromium.until(d -> d.findElement(By.id("failure")));
        assertThat(banner.findElement(By.id("failed-state")).getText()).isEqualTo("Boom");
        assertThat(banner.findElement(By.id("failure-error")).getText()).isEqualTo("Orders.Oops");
        assertThat(banner.findElement(By.id("failure-cause")).getText()).isEqualTo("the order could not be found");
        assertThat(outcomes()).containsExactlyInAnyOrderEntriesOf(Map.of("Decide", "succeeded", "Lookup", "caught",
                "Recover", "succeeded", "Boom", "failed", "Skipped", "not-reached"));
        assertThat(node("Boom").findElement(By.tagName("rect")).getCssValue("fill")).isEqualTo("rgb(251, 220, 217)");
        assertThat(node("Skipped").findElement(By.tagName("rect")).getCssValue("fill"))
                .isEqualTo("rgb(255, 255, 255)");

        banner.findElement(By.id("failed-state")).click();
        chromium.until(d -> d.findElement(By.id("panel-state")).getText().equals("Boom"));
        assertThat(chromium.driver.findElement(By.id("panel-error-name")).getText()).isEqualTo("Orders.Oops");
        assertThat(chromium.driver.findElement(By.id("panel-outcome")).getText()).isEqualTo("failed");

        // the keyboard reaches a state as the mouse does
        node("Lookup").sendKeys(Keys.ENTER);
        chromium.until(d -> d.findElement(By.id("panel-state")).getText().equals("Lookup"));
        assertThat(chromium.driver.findElement(By.id("panel-outcome")).getText()).isEqualTo("caught");
        assertThat(chromium.driver.findElement(By.id("panel-error-name")).getText()).isNotBlank();
        assertThat(chromium.driver.findElement(By.id("panel-input")).getText()).contains("\"go\": true");

        List<WebElement> events = chromium.driver.findElements(By.cssSelector("#events tbody tr"));
        assertThat(events).hasSize(sfn.getExecutionHistory(r -> r.executionArn(executionArn)).events().size());
        assertThat(events.get(events.size() - 1).getText()).contains("ExecutionFailed", "Boom");
        chromium.screenshot("execution-failed");
    }

    @Test
    void aRunningExecutionUpdatesLiveAndIsStoppedAndRedrivenFromThePage() {
        String activity = sfn.createActivity(r -> r.name("console-approval")).activityArn();
        String arn = create("waiting", """
                {"StartAt":"Approve","States":{
                  "Approve":{"Type":"Task","Resource":"%s","Next":"Ship"},
                  "Ship":{"Type":"Pass","End":true}}}""".formatted(activity));
        String first = sfn.startExecution(r -> r.stateMachineArn(arn).name("approved")).executionArn();
        open("/executions/" + encoded(first));
        chromium.until(d -> "running".equals(node("Approve").getDomAttribute("data-outcome")));
        assertThat(node("Ship").getDomAttribute("data-outcome")).isEqualTo("not-reached");
        chromium.screenshot("execution-running");
        // a worker finishes the task while the page is open: the page follows without a reload
        var task = sfn.getActivityTask(r -> r.activityArn(activity).workerName("test"));
        sfn.sendTaskSuccess(r -> r.taskToken(task.taskToken()).output("{\"approved\": true}"));
        chromium.until(d -> "succeeded".equals(node("Ship").getDomAttribute("data-outcome")));
        chromium.until(d -> d.findElement(By.cssSelector("h1 [data-status]")).getText().equals("SUCCEEDED"));
        assertThat(chromium.driver.findElements(By.id("stop-execution"))).isEmpty();

        String second = sfn.startExecution(r -> r.stateMachineArn(arn).name("stopped")).executionArn();
        open("/executions/" + encoded(second));
        // a poll that answers meanwhile redraws the buttons: a click on one just replaced is tried again
        chromium.until(d -> click(d.findElement(By.id("stop-execution"))));
        chromium.until(d -> d.findElement(By.cssSelector("h1 [data-status]")).getText().equals("ABORTED"));
        assertThat(sfn.describeExecution(r -> r.executionArn(second)).status()).isEqualTo(ExecutionStatus.ABORTED);
        assertThat(node("Approve").getDomAttribute("data-outcome")).isEqualTo("cancelled");
        chromium.screenshot("execution-stopped");

        chromium.until(d -> click(d.findElement(By.id("redrive-execution"))));
        chromium.until(d -> d.findElement(By.cssSelector("h1 [data-status]")).getText().equals("RUNNING"));
        assertThat(sfn.describeExecution(r -> r.executionArn(second)).redriveCount()).isEqualTo(1);
        sfn.stopExecution(r -> r.executionArn(second));
    }

    @Test
    void theExecutionsListPagesThroughTheApiAndFiltersByStatus() {
        String arn = create("many", """
                {"StartAt":"Check","States":{
                  "Check":{"Type":"Choice","Choices":[{"Variable":"$.fail","BooleanEquals":true,"Next":"No"}],
                           "Default":"Yes"},
                  "No":{"Type":"Fail","Error":"E"},"Yes":{"Type":"Succeed"}}}""");
        for (int i = 0; i < 28; i++) {
            boolean fail = i < 2;
            sfn.startExecution(r -> r.stateMachineArn(arn).input("{\"fail\": " + fail + "}"));
        }
        org.awaitility.Awaitility.await().until(() -> sfn.listExecutions(r -> r.stateMachineArn(arn)
                .statusFilter(ExecutionStatus.RUNNING)).executions().isEmpty());
        open("/state-machines/" + encoded(arn) + "/executions");
        chromium.until(d -> d.findElements(By.cssSelector("tr[data-arn]")).size() == 25);
        chromium.driver.findElement(By.id("next-page")).click();
        chromium.until(d -> d.findElements(By.cssSelector("tr[data-arn]")).size() == 3);
        assertThat(chromium.driver.findElement(By.id("next-page")).isEnabled()).isFalse();
        assertThat(chromium.driver.findElement(By.id("page-number")).getText()).isEqualTo("Page 2");
        chromium.driver.findElement(By.id("previous-page")).click();
        chromium.until(d -> d.findElements(By.cssSelector("tr[data-arn]")).size() == 25);

        new Select(chromium.driver.findElement(By.id("status-filter"))).selectByValue("FAILED");
        chromium.until(d -> d.getCurrentUrl().endsWith("/executions?status=FAILED"));
        List<WebElement> failed = chromium.until(d -> {
            List<WebElement> rows = d.findElements(By.cssSelector("tr[data-arn]"));
            return rows.size() == 2 ? rows : null;
        });
        assertThat(failed).allSatisfy(row -> assertThat(row.getText()).contains("FAILED"));
        chromium.screenshot("executions");
    }

    @Test
    void theExecutionsListFindsExecutionsByNameAndTheExecutionsPageMergesEveryStateMachine() {
        String arn = create("named", "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"End\":true}}}");
        String other = create("named-other", "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"End\":true}}}");
        for (int i = 0; i < 30; i++) {
            String name = (i == 7 || i == 19 ? "refund-" : "order-") + i;
            sfn.startExecution(r -> r.stateMachineArn(arn).name(name));
        }
        String elsewhere = sfn.startExecution(r -> r.stateMachineArn(other).name("refund-elsewhere")).executionArn();
        open("/state-machines/" + encoded(arn) + "/executions");
        chromium.until(d -> d.findElements(By.cssSelector("tr[data-arn]")).size() == 25);
        WebElement name = chromium.driver.findElement(By.id("name-filter"));
        name.sendKeys("REFUND", Keys.ENTER);
        chromium.until(d -> d.getCurrentUrl().endsWith("/executions?name=REFUND"));
        List<WebElement> found = chromium.until(d -> {
            List<WebElement> rows = d.findElements(By.cssSelector("tr[data-arn]"));
            return rows.size() == 2 ? rows : null;
        });
        assertThat(found).extracting(WebElement::getText).anySatisfy(t -> assertThat(t).contains("refund-7"))
                .anySatisfy(t -> assertThat(t).contains("refund-19"));
        assertThat(chromium.driver.findElement(By.id("search-note")).getText())
                .startsWith("2 found in the 30 newest executions, all of them.").contains("no name filter");
        assertThat(chromium.driver.findElement(By.id("search-further")).isDisplayed()).isFalse();
        chromium.screenshot("executions-by-name");

        // every state machine's newest executions in one list, reached from the top of every page
        chromium.driver.findElement(By.id("nav-executions")).click();
        WebElement row = chromium.until(d -> d.findElement(By.cssSelector("tr[data-arn='" + elsewhere + "']")));
        assertThat(row.getText()).contains("refund-elsewhere", "named-other");
        assertThat(chromium.driver.findElements(By.cssSelector("tr[data-arn*=':execution:named:']"))).hasSizeGreaterThan(2);
        WebElement arnField = chromium.driver.findElement(By.id("open-arn"));
        arnField.sendKeys(elsewhere, Keys.ENTER);
        chromium.until(d -> d.getCurrentUrl().endsWith("#/executions/" + encoded(elsewhere)));
        node("A");
    }

    @Test
    void anActivitysPageShowsItsWaitingTasksTheTasksTakenAndTheWorkers() {
        String activity = sfn.createActivity(r -> r.name("console-queue")).activityArn();
        String arn = create("queued", """
                {"StartAt":"Work","States":{"Work":{"Type":"Task","Resource":"%s","End":true}}}""".formatted(activity));
        String done = sfn.startExecution(r -> r.stateMachineArn(arn).name("done")).executionArn();
        var first = sfn.getActivityTask(r -> r.activityArn(activity).workerName("worker-b"));
        sfn.sendTaskSuccess(r -> r.taskToken(first.taskToken()).output("{}"));
        String held = sfn.startExecution(r -> r.stateMachineArn(arn).name("held")).executionArn();
        sfn.getActivityTask(r -> r.activityArn(activity).workerName("worker-a"));
        String waiting = sfn.startExecution(r -> r.stateMachineArn(arn).name("waiting").input("{\"n\": 3}"))
                .executionArn();
        org.awaitility.Awaitility.await().until(() -> sfn.getExecutionHistory(r -> r.executionArn(waiting)).events()
                .stream().anyMatch(e -> e.typeAsString().equals("ActivityScheduled")));
        org.awaitility.Awaitility.await().until(() -> sfn.describeExecution(r -> r.executionArn(done)).status()
                == ExecutionStatus.SUCCEEDED);

        open("/state-machines");
        chromium.until(d -> d.findElement(By.id("nav-activities"))).click();
        chromium.until(d -> d.findElement(By.cssSelector("#activities tr[data-arn='" + activity + "'] a"))).click();
        WebElement queue = chromium.until(d -> d.findElement(By.id("waiting-tasks")));
        assertThat(queue.findElements(By.cssSelector("tbody tr"))).extracting(r -> r.getDomAttribute("data-execution"))
                .containsExactly(waiting);
        assertThat(queue.getText()).contains("Work", "{\"n\":3}");
        List<WebElement> taken = chromium.driver.findElements(By.cssSelector("#held-tasks tbody tr"));
        assertThat(taken).extracting(r -> r.getDomAttribute("data-execution")).containsExactly(held);
        assertThat(taken.get(0).getText()).contains("worker-a");
        assertThat(chromium.driver.findElements(By.cssSelector("#workers tr[data-worker]")))
                .extracting(r -> r.getDomAttribute("data-worker")).containsExactlyInAnyOrder("worker-a", "worker-b");
        assertThat(chromium.driver.findElement(By.id("activity-users")).getText()).isEqualTo("queued");
        assertThat(chromium.driver.findElement(By.id("activity-note")).getText()).contains("no API");
        chromium.screenshot("activity");
        sfn.stopExecution(r -> r.executionArn(held));
        sfn.stopExecution(r -> r.executionArn(waiting));
    }

    @Test
    void anExecutionThatDoesNotExistShowsTheApisError() {
        open("/executions/" + encoded("arn:aws:states:us-east-1:123456789012:execution:nothing:here"));
        WebElement error = chromium.until(d -> d.findElement(By.cssSelector("[data-error]")));
        assertThat(error.getDomAttribute("data-error")).isEqualTo("ExecutionDoesNotExist");
        assertThat(error.getText()).contains("ExecutionDoesNotExist");
        open("/no-such-page");
        assertThat(chromium.until(d -> d.findElement(By.cssSelector("[role=alert]"))).getText())
                .contains("/no-such-page");
    }
}
