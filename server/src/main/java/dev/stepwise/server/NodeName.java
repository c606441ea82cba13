package dev.stepwise.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * This node's name: the one given (--node-id), else the one kept in the data folder's
 * {@code node-id} file, else a new one, written there so that the node keeps it across restarts
 * (and finds the executions it owned). Two running nodes must not share a name or a data folder.
 */
public final class NodeName {
    private NodeName() {}

    /** The file of the data folder that keeps a generated name. */
    static final String FILE = "node-id";

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    /** Whether {@code name} is a node name: 1 to 63 letters, digits, '.', '_' or '-', starting with a letter or digit. */
    public static boolean valid(String name) {
        return name != null && VALID.matcher(name).matches();
    }

    /** The node's name (see the class); IllegalArgumentException for a given name that is not one. */
    public static String resolve(Path dataDir, String given) {
        if (given != null) {
            if (!valid(given)) {
                throw new IllegalArgumentException("--node-id must be 1 to 63 letters, digits, '.', '_' or '-', "
                        + "starting with a letter or digit: " + given);
            }
            return given;
        }
        Path file = dataDir.resolve(FILE);
        try {
            if (Files.exists(file)) {
                String kept = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (valid(kept)) {
                    return kept;
                }
                throw new IllegalArgumentException(file + " does not hold a node name: " + kept);
            }
            String generated = generated();
            Files.createDirectories(dataDir);
            Path tmp = dataDir.resolve(FILE + ".tmp");
            Files.writeString(tmp, generated + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return generated;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep this node's name in " + file, e);
        }
    }

    /** The host's name (what an operator recognises) and random hex (two nodes on one host differ). */
    private static String generated() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "node";
        }
        host = host.replaceAll("[^A-Za-z0-9.-]", "-").replaceAll("^[^A-Za-z0-9]+", "");
        if (host.length() > 40) {
            host = host.substring(0, 40);
        }
        byte[] random = new byte[4];
        new SecureRandom().nextBytes(random);
        return (host.isEmpty() ? "node" : host) + "-" + HexFormat.of().formatHex(random);
    }
}
