package dev.stepwise.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/** A test's own LISTEN connection: what it hears of the store's notifications. */
final class Listening {
    private Listening() {}

    /** Listens on {@code channel} from {@code connection} (notifications of commits after this). */
    static Connection on(Connection connection, String channel) throws SQLException {
        try (var s = connection.createStatement()) {
            s.execute("LISTEN " + channel);
        }
        return connection;
    }

    /** The payloads heard, once {@code expected} of them are or {@code within} has passed. */
    static List<String> heard(Connection listening, int expected, Duration within) throws SQLException {
        List<String> payloads = new ArrayList<>();
        long deadline = System.nanoTime() + within.toNanos();
        for (long left = within.toMillis(); payloads.size() < expected && left > 0;
                left = (deadline - System.nanoTime()) / 1_000_000) {
            PGNotification[] heard = listening.unwrap(PGConnection.class).getNotifications((int) left);
            if (heard != null) {
                for (PGNotification n : heard) {
                    payloads.add(n.getParameter());
                }
            }
        }
        return payloads;
    }
}
