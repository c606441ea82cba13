package dev.stepwise.transfer.pgp;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The machine's gpg, on a home directory of its own (keys, agent), run in batch mode with loopback
 * passphrases. Its agent protects keys with the smallest S2K count, so tests do not spend seconds
 * hashing passphrases.
 */
final class Gpg implements AutoCloseable {

    private final Path executable;
    private final Path home;

    private Gpg(Path executable, Path home) {
        this.executable = executable;
        this.home = home;
    }

    /** An executable named {@code name} on the PATH. */
    static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    static Gpg start(Path executable, Path dir) throws IOException {
        Path home = Files.createDirectories(dir.resolve("gnupg"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
        Files.writeString(home.resolve("gpg-agent.conf"), "s2k-count 65536\n");
        return new Gpg(executable, home);
    }

    /** Runs gpg with {@code args}; its standard output. Fails with gpg's messages when gpg does. */
    byte[] run(String... args) {
        List<String> command = new ArrayList<>(List.of(executable.toString(), "--homedir", home.toString(),
                "--batch", "--no-tty", "--pinentry-mode", "loopback", "--trust-model", "always"));
        command.addAll(List.of(args));
        return execute(command);
    }

    private byte[] execute(List<String> command) {
        try {
            Path out = Files.createTempFile(home, "out", ".bin");
            Path err = Files.createTempFile(home, "err", ".txt");
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .start();
            process.getOutputStream().close();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("gpg did not finish: " + command);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("gpg failed (" + process.exitValue() + "): " + command + "\n"
                        + Files.readString(err, StandardCharsets.UTF_8));
            }
            byte[] stdout = Files.readAllBytes(out);
            Files.delete(out);
            Files.delete(err);
            return stdout;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * A new key for {@code email}: a {@code primary} signing and certification key and a {@code encryption} subkey
     * ("rsa3072", "ed25519" with "cv25519", "nistp256"), protected by {@code passphrase} unless it is empty.
     */
    void generateKey(String email, String primary, String encryption, String passphrase) {
        run("--passphrase", passphrase, "--quick-gen-key", email + " <" + email + ">", primary, "sign", "never");
        run("--passphrase", passphrase, "--quick-add-key", fingerprint(email), encryption, "encr", "never");
    }

    private String fingerprint(String email) {
        String colons = new String(run("--with-colons", "--list-secret-keys", email), StandardCharsets.UTF_8);
        return colons.lines().filter(line -> line.startsWith("fpr:")).findFirst()
                .map(line -> line.split(":")[9])
                .orElseThrow(() -> new IllegalStateException("no key for " + email + ":\n" + colons));
    }

    /** The key's private key block as Transfer's secrets hold it: {@code gpg --armor --export-secret-keys}. */
    String exportSecretKey(String email, String passphrase) {
        return new String(run("--passphrase", passphrase, "--armor", "--export-secret-keys", email),
                StandardCharsets.US_ASCII);
    }

    /** The key's ID of its encryption subkey, as gpg prints it. */
    String encryptionKeyId(String email) {
        String colons = new String(run("--with-colons", "--list-keys", email), StandardCharsets.UTF_8);
        return colons.lines().filter(line -> line.startsWith("sub:")).findFirst()
                .map(line -> line.split(":")[4])
                .orElseThrow(() -> new IllegalStateException("no subkey for " + email + ":\n" + colons));
    }

    /** Stops the agent gpg started for this home. */
    @Override
    public void close() {
        onPath("gpgconf").ifPresent(gpgconf ->
                execute(List.of(gpgconf.toString(), "--homedir", home.toString(), "--kill", "gpg-agent")));
    }
}
