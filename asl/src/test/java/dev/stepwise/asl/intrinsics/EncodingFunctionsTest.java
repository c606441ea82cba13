package dev.stepwise.asl.intrinsics;

import static dev.stepwise.asl.intrinsics.IntrinsicTesting.assertJson;
import static dev.stepwise.asl.intrinsics.IntrinsicTesting.eval;
import static dev.stepwise.asl.intrinsics.IntrinsicTesting.failure;
import static dev.stepwise.asl.intrinsics.IntrinsicTesting.invalidArguments;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.asl.json.Json;
import org.junit.jupiter.api.Test;

class EncodingFunctionsTest {

    private static String input(String key, String value) {
        return Json.write(Json.object().put(key, value));
    }

    @Test
    void base64EncodeEncodesUtf8WithPadding() {
        assertJson(eval("States.Base64Encode('Data to encode')"), "\"RGF0YSB0byBlbmNvZGU=\"");
        assertJson(eval("States.Base64Encode('é?')"), "\"w6k/\"");
        assertJson(eval("States.Base64Encode('')"), "\"\"");
    }

    @Test
    void base64EncodeDoesNotBreakLongOutputIntoLines() {
        String encoded = eval("States.Base64Encode($.s)", input("s", "x".repeat(200))).textValue();
        assertThat(encoded).hasSize(268).doesNotContain("\r", "\n");
    }

    @Test
    void base64DecodeDecodesToUtf8Text() {
        assertJson(eval("States.Base64Decode('RGF0YSB0byBlbmNvZGU=')"), "\"Data to encode\"");
        assertJson(eval("States.Base64Decode('w6k/')"), "\"é?\"");
        assertJson(eval("States.Base64Decode('')"), "\"\"");
    }

    @Test
    void base64DecodeRejectsTextThatIsNotBase64() {
        String expr = "States.Base64Decode($.s)";
        assertThat(failure(expr, input("s", "not base64!"))).isEqualTo(invalidArguments(expr, "States.Base64Decode"));
        assertThat(failure(expr, input("s", "RGF0YQ=x"))).isEqualTo(invalidArguments(expr, "States.Base64Decode"));
    }

    @Test
    void base64AcceptsUpTo10000Characters() {
        String encoded = eval("States.Base64Encode($.s)", input("s", "a".repeat(10_000))).textValue();
        assertThat(encoded).hasSize(13_336);
        String decoded = eval("States.Base64Decode($.s)", input("s", "QUJD".repeat(2_500))).textValue();
        assertThat(decoded).isEqualTo("ABC".repeat(2_500));
    }

    @Test
    void base64RejectsMoreThan10000Characters() {
        String encode = "States.Base64Encode($.s)";
        assertThat(failure(encode, input("s", "a".repeat(10_001)))).isEqualTo(invalidArguments(encode, "States.Base64Encode"));
        String decode = "States.Base64Decode($.s)";
        assertThat(failure(decode, input("s", "QUJD".repeat(2_500) + "QQ=="))).isEqualTo(invalidArguments(decode, "States.Base64Decode"));
    }

    @Test
    void base64RejectsNonString() {
        String expr = "States.Base64Encode($.s)";
        assertThat(failure(expr, "{\"s\": 12}")).isEqualTo(invalidArguments(expr, "States.Base64Encode"));
    }

    @Test
    void hashGivesLowerCaseHexForEachAlgorithm() {
        assertJson(eval("States.Hash('', 'MD5')"), "\"d41d8cd98f00b204e9800998ecf8427e\"");
        assertJson(eval("States.Hash('abc', 'SHA-1')"), "\"a9993e364706816aba3e25717850c26c9cd0d89d\"");
        assertJson(eval("States.Hash('abc', 'SHA-256')"),
                "\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\"");
        assertJson(eval("States.Hash('abc', 'SHA-384')"),
                "\"cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7\"");
        assertJson(eval("States.Hash('abc', 'SHA-512')"), "\"ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
                + "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f\"");
    }

    @Test
    void hashReadsDataAndAlgorithmFromPaths() {
        assertJson(eval("States.Hash($.Data, $.Algorithm)", "{\"Data\": \"abc\", \"Algorithm\": \"MD5\"}"),
                "\"900150983cd24fb0d6963f7d28e17f72\"");
    }

    @Test
    void hashRejectsUnknownAlgorithm() {
        for (String algorithm : new String[] {"sha-256", "SHA256", "SHA-224", "CRC32"}) {
            String expr = "States.Hash('abc', '" + algorithm + "')";
            assertThat(failure(expr, "{}")).isEqualTo(invalidArguments(expr, "States.Hash"));
        }
    }

    @Test
    void hashAcceptsUpTo10000CharactersAndRejectsMore() {
        assertThat(eval("States.Hash($.s, 'MD5')", input("s", "a".repeat(10_000))).textValue()).hasSize(32);
        String expr = "States.Hash($.s, 'MD5')";
        assertThat(failure(expr, input("s", "a".repeat(10_001)))).isEqualTo(invalidArguments(expr, "States.Hash"));
    }

    @Test
    void hashRejectsNonStringData() {
        String expr = "States.Hash($.d, 'MD5')";
        assertThat(failure(expr, "{\"d\": {\"a\": 1}}")).isEqualTo(invalidArguments(expr, "States.Hash"));
        String algorithm = "States.Hash('a', $.alg)";
        assertThat(failure(algorithm, "{\"alg\": 5}")).isEqualTo(invalidArguments(algorithm, "States.Hash"));
    }
}
