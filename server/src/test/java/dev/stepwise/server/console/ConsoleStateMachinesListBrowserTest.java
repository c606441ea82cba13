package dev.stepwise.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.server.api.ServerExtension;
import dev.stepwise.server.api.ServerFixture;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * The state machines list with more state machines than it loads at once (100): a search by name or
 * a type finds those not loaded yet too. A server of its own, so that its many state machines do not
 * crowd the other tests' lists.
 */
class ConsoleStateMachinesListBrowserTest {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension(ServerFixture::new);

    private static final String PASS = "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"End\":true}}}";
    private static final int STANDARD = 104;

    private static Chromium chromium;

    @BeforeAll
    static void browser() throws Exception {
        chromium = Chromium.shared();
        SfnClient sfn = server.sfn();
        for (int i = 0; i < STANDARD; i++) {
            String name = "bulk-%03d".formatted(i);
            sfn.createStateMachine(r -> r.name(name).roleArn(ServerFixture.ROLE).definition(PASS));
        }
        sfn.createStateMachine(r -> r.name("zz-needle").type("EXPRESS").roleArn(ServerFixture.ROLE).definition(PASS));
    }

    private static List<String> names() {
        return chromium.driver.findElements(By.cssSelector("#state-machines tr[data-arn] a")).stream()
                .map(WebElement::getText).toList();
    }

    @Test
    void aSearchOrATypeFindsTheStateMachinesNotLoadedYet() {
        chromium.open(server.fixture().port(), "/state-machines");
        chromium.until(d -> names().size() == 100);
        assertThat(chromium.driver.findElement(By.id("sm-count")).getText()).isEqualTo("100 of 100+");
        assertThat(names()).doesNotContain("zz-needle");

        chromium.driver.findElement(By.id("sm-search")).sendKeys("needle");
        chromium.until(d -> names().equals(List.of("zz-needle")));
        chromium.until(d -> d.findElement(By.id("sm-count")).getText().equals("1 of 105"));
        assertThat(chromium.driver.findElement(By.id("sm-more")).isDisplayed()).isFalse();

        chromium.driver.findElement(By.id("sm-search")).clear();
        chromium.driver.executeScript("document.getElementById('sm-search').dispatchEvent(new Event('input'))");
        Select type = new Select(chromium.driver.findElement(By.id("sm-type")));
        type.selectByValue("EXPRESS");
        chromium.until(d -> names().equals(List.of("zz-needle")));
        assertThat(chromium.driver.findElement(By.cssSelector("#state-machines tr[data-arn]")).getText())
                .contains("EXPRESS");
        type.selectByValue("STANDARD");
        chromium.until(d -> names().size() == STANDARD);
        assertThat(names()).allSatisfy(n -> assertThat(n).startsWith("bulk-"));
        chromium.screenshot("state-machines-filtered");
    }
}
