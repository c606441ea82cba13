package dev.stepwise.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.server.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code stepwise server --mock-config}: a bad file stops the server before it listens, saying why. */
class ServerMockConfigTest {

    @Test
    void aBadMockConfigurationFailsAtStartupNamingTheProblem(@TempDir Path tmp) throws Exception {
        Path bad = Files.writeString(tmp.resolve("MockConfigFile.json"), """
                {"StateMachines": {"M": {"TestCases": {"Happy": {"S": "Missing"}}}},
                 "MockedResponses": {"R": {"0-": {"Return": 1}}}}""");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), "server", "--port", "0",
                "--data", tmp.resolve("data").toString(), "--mock-config", bad.toString());
        assertThat(code).isEqualTo(2);
        assertThat(out.toString()).doesNotContain("listening");
        assertThat(err.toString()).contains("mock configuration " + bad + " is not usable")
                .contains("MockedResponses.R: the key \"0-\" is not an invocation number (\"0\") or an inclusive "
                        + "range (\"1-2\")")
                .contains("StateMachines.M.TestCases.Happy.S names the mocked response 'Missing', which MockedResponses "
                        + "does not define");
    }
}
