package dev.stepwise.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The number an execution's listing indexes name its state machine by, in place of the machine's
 * ARN: the first eight bytes of the ARN's SHA-256 (UTF-8), big-endian, as a signed 64-bit integer.
 *
 * <p>Why: every execution has an entry in the two indexes by machine (and by machine and status).
 * Keyed by the ARN's 60-odd bytes, their entries were four times the size, and each commit rewrote
 * more of their pages (SQLite balances an index's last three leaves when it fills). The key is a
 * pure function of the ARN, so no table maps it and no cache can go stale; two ARNs may share a
 * key, so a listing also compares the ARN itself on the rows it reads (exact, at no cost: it reads
 * those rows for their summaries anyway).
 */
public final class MachineKeys {
    private MachineKeys() {}

    /** The key of a state machine's ARN (the unqualified one an execution names; a Map run's own for its children). */
    public static long of(String machineArn) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(machineArn.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /**
     * Migration 16 on either database: adds the key to every execution (while the index by machine's
     * ARN still exists to find each machine's rows), then keys the indexes by machine by it.
     *
     * @param keyType the column's type in this database
     */
    public static void migrate(Connection c, String keyType) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE execution ADD COLUMN machine_key " + keyType);
            fill(c);
            s.execute("DROP INDEX execution_by_machine");
            s.execute("CREATE INDEX execution_by_machine ON execution (machine_key, start_ms, id)");
            s.execute("DROP INDEX execution_by_machine_status");
            s.execute("CREATE INDEX execution_by_machine_status ON execution (machine_key, status, start_ms, id)");
            s.execute("DROP INDEX execution_redriven_by_machine");
            s.execute("CREATE INDEX execution_redriven_by_machine ON execution (machine_key, start_ms, id) "
                    + "WHERE redrive_count > 0");
        }
    }

    /** Sets the key of every execution that has none (rows written by SQL of their own), one UPDATE per machine. */
    public static void fill(Connection c) throws SQLException {
        List<String> machines = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT DISTINCT state_machine_arn FROM execution WHERE machine_key IS NULL")) {
            while (r.next()) {
                machines.add(r.getString(1));
            }
        }
        try (PreparedStatement p = c.prepareStatement(
                "UPDATE execution SET machine_key = ? WHERE state_machine_arn = ? AND machine_key IS NULL")) {
            for (String machine : machines) {
                p.setLong(1, of(machine));
                p.setString(2, machine);
                p.executeUpdate();
            }
        }
    }
}
