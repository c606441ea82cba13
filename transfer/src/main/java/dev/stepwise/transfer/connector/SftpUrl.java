package dev.stepwise.transfer.connector;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * A connector's Url: {@code sftp://host[:port]}, port 22 when none is given (AWS's default). A
 * host name, an IPv4 address or an IPv6 address in brackets; nothing else (no user, path, query).
 */
public record SftpUrl(String host, int port) {
    public static final int DEFAULT_PORT = 22;

    /** The URL's host and port; empty when it is not an sftp:// URL of a host and an optional port. */
    public static Optional<SftpUrl> parse(String url) {
        if (url == null) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        if (uri.getScheme() == null || !uri.getScheme().toLowerCase(Locale.ROOT).equals("sftp")
                || uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            return Optional.empty();
        }
        String path = uri.getRawPath();
        if (path != null && !path.isEmpty() && !path.equals("/")) {
            return Optional.empty();
        }
        int port = uri.getPort();
        if (port == 0 || port > 65535) {
            return Optional.empty();
        }
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return Optional.of(new SftpUrl(host, port < 0 ? DEFAULT_PORT : port));
    }
}
