package dev.stepwise.transfer.sftp;

import java.security.PublicKey;
import java.util.List;

/**
 * A user who may log in to a Transfer server: the public keys it authenticates with, and its home.
 * {@code homeDirectoryType} is PATH (the user sees {@code homeDirectory}, "/bucket/prefix" or
 * "/fs-id/path", as its root, or "/" of the domain when it has none) or LOGICAL (the user sees only
 * the entries of {@code mappings}).
 */
public record SftpUser(String userName, List<PublicKey> keys, String homeDirectoryType, String homeDirectory,
                       List<HomeMapping> mappings) {

    public SftpUser {
        keys = List.copyOf(keys);
        mappings = List.copyOf(mappings);
    }

    /**
     * A LOGICAL home's entry: what the user sees ({@code entry}, "/" or "/reports") and where it is
     * ({@code target}, "/bucket/prefix"); {@code type} FILE or DIRECTORY, as HomeDirectoryMappings has it.
     */
    public record HomeMapping(String entry, String target, String type) {}
}
