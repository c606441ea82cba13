package dev.stepwise.server.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium driven through its chromedriver (Debian's {@code chromium} and
 * {@code chromium-driver} packages), with a fresh profile. Where neither is installed the tests
 * are skipped with a message; under {@code CI=true} that is a failure.
 */
final class Chromium implements AutoCloseable {
    private static final Path BROWSER = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    final ChromeDriver driver;
    private final Path profile;

    private Chromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    private static Chromium shared;

    /**
     * The one browser of this test JVM, started on first use and closed when the JVM exits: starting
     * Chromium costs seconds, and each test class opens its own pages anyway. Skips the calling tests
     * when it is not installed (fails under CI=true).
     */
    static synchronized Chromium shared() throws IOException {
        if (shared == null) {
            shared = start();
            Chromium started = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException | RuntimeException e) {
                    // the JVM is going away; a temp profile left behind is harmless
                }
            }));
        }
        return shared;
    }

    /** Starts a browser, or skips the calling tests when it is not installed (fails under CI=true). */
    private static Chromium start() throws IOException {
        boolean installed = Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER);
        if (!installed && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI=true and no " + BROWSER + " or " + DRIVER
                    + ": install Debian's chromium and chromium-driver");
        }
        Assumptions.assumeTrue(installed, "console browser tests skipped: no " + BROWSER + " or " + DRIVER
                + " (apt-get install chromium chromium-driver)");
        Path profile = Files.createTempDirectory("stepwise-chromium");
        ChromeOptions options = new ChromeOptions().setBinary(BROWSER.toFile()).addArguments(
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1440,1000", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        Files.createDirectories(SCREENSHOTS);
        return new Chromium(new ChromeDriver(service, options), profile);
    }

    /** Waits (up to 10 seconds, polling) until condition answers something other than null or false. */
    <T> T until(Function<WebDriver, T> condition) {
        // the pages redraw as executions move: an element found a moment ago may be gone; look again
        return new WebDriverWait(driver, Duration.ofSeconds(10), Duration.ofMillis(50))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(condition::apply);
    }

    /** Opens the console's page at {@code route} (its address after '#') on the server at {@code port}. */
    void open(int port, String route) {
        driver.get("http://127.0.0.1:" + port + "/#" + route);
    }

    /** The graph's node of the state of that name, once the page has drawn it. */
    WebElement node(String state) {
        return until(d -> d.findElements(By.cssSelector(".node[data-state='" + state + "']")).stream()
                .findFirst().orElse(null));
    }

    /** An ARN as the console's routes carry it. */
    static String encoded(String arn) {
        return URLEncoder.encode(arn, StandardCharsets.UTF_8);
    }

    /** Saves what the page shows as target/console-screenshots/NAME.png. */
    void screenshot(String name) {
        try {
            Files.write(SCREENSHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        driver.quit();
        try (var walk = Files.walk(profile)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // chromium may still be letting go of its profile; a temp folder left behind is harmless
        }
    }
}
