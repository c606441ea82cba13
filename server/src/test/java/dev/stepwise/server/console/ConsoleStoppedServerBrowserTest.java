package dev.stepwise.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.server.api.ServerExtension;
import dev.stepwise.server.api.ServerFixture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * The server stops while the console is open: the page on screen keeps what it showed and says the
 * server cannot be reached, and a page opened then says so instead of staying blank.
 */
class ConsoleStoppedServerBrowserTest {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension(ServerFixture::new);

    private static Chromium chromium;
    private static SfnClient sfn;

    @BeforeAll
    static void browser() throws Exception {
        chromium = Chromium.shared();
        sfn = server.sfn();
    }

    @Test
    void aStoppedServerIsSaidInThePageAndThePageKeepsWhatItShowed() {
        String machine = sfn.createStateMachine(r -> r.name("outlives-its-server").roleArn(ServerFixture.ROLE)
                .definition("{\"StartAt\":\"Hold\",\"States\":{\"Hold\":{\"Type\":\"Wait\",\"Seconds\":3600,"
                        + "\"End\":true}}}")).stateMachineArn();
        String execution = sfn.startExecution(r -> r.stateMachineArn(machine).name("held")).executionArn();
        chromium.open(server.fixture().port(), "/executions/" + Chromium.encoded(execution));
        chromium.until(d -> "running".equals(chromium.node("Hold").getDomAttribute("data-outcome")));

        server.fixture().server().close();
        // the page polls the running execution: the next poll finds no server (each poll draws its message
        // afresh, so what it says is read in one look)
        String said = chromium.until(d -> {
            WebElement alert = d.findElement(By.cssSelector("[data-error=ServerUnreachable]"));
            return alert.getDomAttribute("role") + ": " + alert.getText();
        });
        assertThat(said).startsWith("alert: ").contains("cannot be reached");
        assertThat(chromium.node("Hold").getDomAttribute("data-outcome")).isEqualTo("running");
        assertThat(chromium.driver.findElement(By.id("stop-execution")).isDisplayed()).isTrue();
        chromium.screenshot("stopped-server-execution");

        chromium.driver.findElement(By.linkText("outlives-its-server")).click();
        // the execution page's own message matches too until the new page replaces it
        String page = chromium.until(d -> d.findElement(By.cssSelector("main h1")).getText()
                .equals("Something went wrong") ? d.findElement(By.cssSelector("main [data-error]")).getText() : null);
        assertThat(page).startsWith("ServerUnreachable").contains("Is it running?");
        chromium.screenshot("stopped-server-page");
        // the fixture closes a running server
        server.fixture().restart();
    }
}
