package dev.stepwise.transfer.sftp;

/**
 * A file written over SFTP: by which user of which server in which session (the SessionId AWS
 * shows in ServiceMetadata), and where it is now.
 */
public record Upload(String serverId, String userName, String sessionId, FileLocation location) {}
