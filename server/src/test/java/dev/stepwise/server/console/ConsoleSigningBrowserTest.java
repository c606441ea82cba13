package dev.stepwise.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.server.api.ServerFixture;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * The console's signing seam in a real headless Chromium: credentials given on its Credentials page
 * make the pages sign their calls (SigV4 with WebCrypto), so the server answers in the account it
 * gives that access key; the signature is the one the AWS SDK's own signer computes.
 */
class ConsoleSigningBrowserTest {
    private static ServerFixture fixture;
    private static Chromium chromium;

    @BeforeAll
    static void start() throws Exception {
        fixture = new ServerFixture(c -> c.withAccessKeyAccounts(Map.of("AKIDCONSOLE", "111111111111")));
        chromium = Chromium.shared();
    }

    @AfterAll
    static void stop() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
    }

    private static void open(String route) {
        chromium.open(fixture.port(), route);
    }

    private static List<String> listed() {
        return chromium.until(d -> {
            List<WebElement> rows = d.findElements(By.cssSelector("#state-machines tr[data-arn]"));
            return rows.isEmpty() ? null : rows.stream().map(r -> r.getDomAttribute("data-arn")).toList();
        });
    }

    @Test
    void givenCredentialsThePagesSignTheirCallsAndActInThatAccount() {
        String definition = "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"End\":true}}}";
        String shared = fixture.sfn().createStateMachine(r -> r.name("default-account").definition(definition)
                .roleArn(ServerFixture.ROLE)).stateMachineArn();
        SfnClient other = fixture.client("AKIDCONSOLE", Region.US_EAST_1);
        String own = other.createStateMachine(r -> r.name("own-account").definition(definition)
                .roleArn("arn:aws:iam::111111111111:role/test")).stateMachineArn();

        open("/state-machines");
        assertThat(listed()).containsExactly(shared);
        chromium.driver.findElement(By.id("nav-credentials")).click();
        chromium.until(d -> d.findElement(By.id("access-key-id"))).sendKeys("AKIDCONSOLE");
        chromium.driver.findElement(By.id("secret-access-key")).sendKeys("console-secret");
        chromium.driver.findElement(By.id("save-credentials")).click();
        chromium.until(d -> d.findElement(By.id("nav-credentials")).getText().equals("Signed: AKIDCONSOLE"));
        chromium.until(d -> listed().equals(List.of(own)));
        chromium.screenshot("credentials-signed");

        open("/credentials");
        chromium.until(d -> d.findElement(By.id("forget-credentials"))).click();
        chromium.until(d -> d.findElement(By.id("nav-credentials")).getText().equals("Credentials"));
        open("/state-machines");
        chromium.until(d -> listed().equals(List.of(shared)));
    }

    private static final Instant AT = Instant.parse("2026-03-04T05:06:07Z");
    private static final Map<String, String> CREDENTIALS = Map.of("accessKeyId", "AKIDEXAMPLE", "secretAccessKey",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "sessionToken", "token/with+specials", "region", "eu-west-3");

    /**
     * The Authorization header api.js's sign gives the request, in the page. The SDK's signer on its own
     * adds and signs x-amz-content-sha256 (the SDK's service clients do not); the page is given that
     * header too, so both sign the same request.
     */
    private static Object signedInThePage(String method, String url, Map<String, String> given, String body,
                                          String service) {
        Map<String, String> headers = new java.util.HashMap<>(given);
        headers.put("X-Amz-Content-Sha256", sha256(body));
        return chromium.driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const [method, url, headers, body, creds, service, at] = arguments;
                import('/console/api.js').then((api) => api.sign({method, url, headers, body}, creds, service,
                  new Date(at))).then((signed) => done(signed.Authorization), (e) => done('failed: ' + e));""",
                method, url, headers, body, CREDENTIALS, service, AT.toString());
    }

    private static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The Authorization header the AWS SDK's SigV4 signer gives the same request. */
    private static String signedByTheSdk(SdkHttpMethod method, String url, Map<String, String> headers, String body,
                                         String service) {
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(method)
                .uri(URI.create("http://127.0.0.1:" + fixture.port() + url));
        headers.forEach(request::putHeader);
        return AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsSessionCredentialsIdentity.create(CREDENTIALS.get("accessKeyId"),
                        CREDENTIALS.get("secretAccessKey"), CREDENTIALS.get("sessionToken")))
                .request(request.build()).payload(ContentStreamProvider.fromUtf8String(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, CREDENTIALS.get("region"))
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(AT, ZoneOffset.UTC)))
                .request().firstMatchingHeader("Authorization").orElseThrow();
    }

    @Test
    void theSignatureIsTheOneTheAwsSdkComputes() {
        open("/state-machines");
        listed();
        Map<String, String> json = Map.of("Content-Type", "application/x-amz-json-1.0",
                "X-Amz-Target", "AWSStepFunctions.ListStateMachines");
        String body = "{\"maxResults\":100}";
        assertThat(signedInThePage("POST", "/", json, body, "states"))
                .isEqualTo(signedByTheSdk(SdkHttpMethod.POST, "/", json, body, "states"));
        // a rest-json GET: its query string is signed in canonical form
        String get = "/GetImage?imageBuildVersionArn=" + java.net.URLEncoder.encode(
                "arn:aws:imagebuilder:eu-west-3:123456789012:image/my image/1.0.0/1", java.nio.charset.StandardCharsets.UTF_8)
                .replace("+", "%20");
        assertThat(signedInThePage("GET", get, Map.of(), "", "imagebuilder"))
                .isEqualTo(signedByTheSdk(SdkHttpMethod.GET, get, Map.of(), "", "imagebuilder"));
    }
}
