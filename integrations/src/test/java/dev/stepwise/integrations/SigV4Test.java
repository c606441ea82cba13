package dev.stepwise.integrations;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The signer against the examples of AWS's Signature Version 4 test suite. */
class SigV4Test {
    private static final String ACCESS_KEY = "AKIDEXAMPLE";
    private static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static final Instant WHEN = Instant.parse("2015-08-30T12:36:00Z");

    private static Map<String, String> sign(String uri) {
        return SigV4.sign("GET", URI.create(uri), Map.of(), new byte[0], "service", "us-east-1", ACCESS_KEY,
                SECRET_KEY, WHEN);
    }

    @Test
    void getVanilla() {
        Map<String, String> headers = sign("https://example.amazonaws.com/");
        assertThat(headers.get("X-Amz-Date")).isEqualTo("20150830T123600Z");
        assertThat(headers.get("Authorization")).isEqualTo("AWS4-HMAC-SHA256 "
                + "Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, "
                + "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
    }

    @Test
    void getVanillaQueryOrderKeyCase() {
        assertThat(sign("https://example.amazonaws.com/?Param2=value2&Param1=value1").get("Authorization"))
                .endsWith("Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500");
    }
}
