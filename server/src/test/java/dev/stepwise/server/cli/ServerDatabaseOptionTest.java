package dev.stepwise.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.server.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code stepwise server --database}: a database that cannot be used stops the server before it
 * listens, saying why.
 */
class ServerDatabaseOptionTest {

    @Test
    void aDatabaseThatDoesNotAnswerStopsTheServerWithAMessageAndNoStackTrace(@TempDir Path tmp) throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String url = "jdbc:postgresql://127.0.0.1:" + closedPort + "/stepwise";
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), "server", "--port", "0",
                "--data", tmp.resolve("data").toString(), "--database", url, "--database-user", "flows",
                "--database-password", "hunter2");
        assertThat(code).isEqualTo(1);
        assertThat(out.toString()).doesNotContain("listening");
        assertThat(err.toString()).startsWith("stepwise: cannot open the store at " + url + " (user flows): ")
                .contains("refused").doesNotContain("hunter2").doesNotContain("\tat ").doesNotContain("Exception");
    }

    @Test
    void aDatabaseUrlOfAnotherKindIsRefusedAsAUsageError(@TempDir Path tmp) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), "server", "--port", "0",
                "--data", tmp.resolve("data").toString(), "--database", "mysql://db/flows");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--database must be a jdbc:postgresql://HOST:PORT/DATABASE URL");
        assertThat(out.toString()).doesNotContain("listening");
    }
}
