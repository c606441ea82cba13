package dev.stepwise.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Prepared statements kept per connection: reused by SQL text, the least recently used dropped past a bound. */
class StatementsTest {
    @TempDir
    Path dir;

    @Test
    void aStatementIsPreparedOncePerTextAndTheLeastRecentlyUsedIsClosedPastTheBound() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("s.db"));
             Statements statements = new Statements(c)) {
            PreparedStatement first = statements.prepare("SELECT 0");
            PreparedStatement kept = statements.prepare("SELECT 1");
            assertThat(statements.prepare("SELECT 0")).isSameAs(first);
            for (int i = 2; i <= Statements.KEPT; i++) {
                statements.prepare("SELECT " + i);
            }
            // SELECT 1 is now the least recently used: the 65th text drops it, not SELECT 0
            assertThat(statements.prepare("SELECT 0")).isSameAs(first);
            statements.prepare("SELECT " + (Statements.KEPT + 1));
            assertThat(kept.isClosed()).isTrue();
            assertThat(first.isClosed()).isFalse();
            assertThat(statements.prepare("SELECT 1")).isNotSameAs(kept);
        }
    }

    @Test
    void theEmbeddedStoresReadersKeepTheirStatementsFromOneReadToTheNext() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("r.db");
        try (Readers readers = Readers.sqlite(url, 1, List.of("PRAGMA busy_timeout=10000"))) {
            PreparedStatement once = readers.read(c -> c.prepare("SELECT 1"));
            PreparedStatement again = readers.read(c -> {
                PreparedStatement p = c.prepare("SELECT 1");
                try (var r = p.executeQuery()) {
                    r.next();
                    assertThat(r.getInt(1)).isEqualTo(1);
                }
                return p;
            });
            assertThat(again).isSameAs(once);
            assertThat(again.isClosed()).isFalse();
        }
    }
}
