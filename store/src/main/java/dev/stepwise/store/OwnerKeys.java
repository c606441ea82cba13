package dev.stepwise.store;

import dev.stepwise.engine.store.ExecutionLog;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The numbers the listing indexes name an execution's owners by (its state machine, version, alias
 * and Map run) in place of their ARNs: the first eight bytes of the ARN's SHA-256 (UTF-8),
 * big-endian, as a signed 64-bit integer.
 *
 * <p>Why: every execution has an entry in the two indexes by machine (and by machine and status),
 * and one in each pair of its version's, its alias's and its Map run's. Keyed by an ARN's 60 to 130
 * bytes, the entries were about three times the size, and each commit rewrote more of their pages
 * (SQLite balances an index's last three leaves when it fills). The key is a pure function of the ARN, so no
 * table maps it and no cache can go stale; two ARNs may share a key, so a listing also compares the
 * ARN itself on the rows it reads (exact, at no cost: it reads those rows for their summaries anyway).
 */
public final class OwnerKeys {
    private OwnerKeys() {}

    /** An owner's ARN column in the execution table and the column of its key. */
    public enum Column {
        MACHINE("state_machine_arn", "machine_key", "machine"),
        VERSION("version_arn", "version_key", "version"),
        ALIAS("alias_arn", "alias_key", "alias"),
        MAP_RUN("map_run_arn", "map_run_key", "map_run");

        final String arn;
        final String key;
        /** How the owner's indexes are named: execution_by_{index}, …_status, execution_redriven_by_{index}. */
        private final String index;

        Column(String arn, String key, String index) {
            this.arn = arn;
            this.key = key;
            this.index = index;
        }

        /** The columns of the owner a listing of executions names. */
        static Column of(ExecutionLog.Owner owner) {
            return switch (owner) {
                case STATE_MACHINE -> MACHINE;
                case VERSION -> VERSION;
                case ALIAS -> ALIAS;
                case MAP_RUN -> MAP_RUN;
            };
        }
    }

    /** The key of an owner's ARN; null for no owner of that kind. */
    public static Long of(String arn) {
        if (arn == null) {
            return null;
        }
        return ByteBuffer.wrap(JdbcStore.sha256(arn)).getLong();
    }

    /**
     * Migration 16 on either database: adds each owner's key to every execution (while the indexes by
     * ARN still exist to find each owner's rows), then keys the owners' indexes by them, with the
     * same columns and conditions as before.
     *
     * @param keyType the key columns' type in this database
     */
    public static void migrate(Connection c, String keyType) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (Column owner : Column.values()) {
                s.execute("ALTER TABLE execution ADD COLUMN " + owner.key + " " + keyType);
            }
            fill(c);
            for (Column owner : Column.values()) {
                // a machine every execution has; the others only some, whose entries alone are indexed
                String some = owner == Column.MACHINE ? "" : owner.key + " IS NOT NULL";
                index(s, "execution_by_" + owner.index, owner.key + ", start_ms, id", some);
                index(s, "execution_by_" + owner.index + "_status", owner.key + ", status, start_ms, id", some);
                index(s, "execution_redriven_by_" + owner.index, owner.key + ", start_ms, id",
                        "redrive_count > 0" + (some.isEmpty() ? "" : " AND " + some));
            }
        }
    }

    private static void index(Statement s, String name, String columns, String where) throws SQLException {
        s.execute("DROP INDEX " + name);
        s.execute("CREATE INDEX " + name + " ON execution (" + columns + ")" + (where.isEmpty() ? "" : " WHERE " + where));
    }

    /** Sets each owner's key on every execution that has the owner and not its key (rows written by SQL of their own). */
    public static void fill(Connection c) throws SQLException {
        for (Column owner : Column.values()) {
            List<String> arns = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT DISTINCT " + owner.arn
                    + " FROM execution WHERE " + owner.arn + " IS NOT NULL AND " + owner.key + " IS NULL")) {
                while (r.next()) {
                    arns.add(r.getString(1));
                }
            }
            try (PreparedStatement p = c.prepareStatement("UPDATE execution SET " + owner.key + " = ? WHERE "
                    + owner.arn + " = ? AND " + owner.key + " IS NULL")) {
                for (String arn : arns) {
                    p.setLong(1, of(arn));
                    p.setString(2, arn);
                    p.executeUpdate();
                }
            }
        }
    }
}
