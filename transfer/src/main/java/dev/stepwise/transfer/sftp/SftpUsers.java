package dev.stepwise.transfer.sftp;

import java.util.Optional;

/**
 * A Transfer server's users as its SFTP endpoint sees them, looked up at each login (so a key
 * imported or deleted, or a home directory changed, counts from the next session on).
 */
@FunctionalInterface
public interface SftpUsers {
    Optional<SftpUser> user(String userName);
}
