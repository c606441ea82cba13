package dev.stepwise.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console's files as the server answers them: the page at {@code /}, its scripts, styles and
 * vendored libraries under {@code /console/}. Free of any HTTP framework; the host writes an
 * {@link Asset}'s headers and body. The files are read once from the class path (they ship in the
 * jar and never change while the server runs).
 */
public final class ConsoleAssets {
    /** The URL prefix of every file but the page itself. */
    public static final String PREFIX = "/console/";
    private static final String ROOT = "console/";

    /**
     * The pages call only this server's APIs and load only its own files: nothing from elsewhere,
     * no inline script, so no telemetry and nothing injected runs.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    private static final Map<String, String> CONTENT_TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "mjs", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "json", "application/json",
            "txt", "text/plain; charset=utf-8");

    /**
     * One file: its bytes, content type and strong ETag (a digest of the bytes). Every file is
     * answered {@code Cache-Control: no-cache}: a browser keeps it but asks again with
     * If-None-Match, so an upgraded server's files are never mixed with an old page's.
     */
    public record Asset(byte[] body, String contentType, String etag) {
        public String cacheControl() {
            return "no-cache";
        }

        /** True when an If-None-Match header (may be null) already names this version. */
        public boolean notModifiedFor(String ifNoneMatch) {
            if (ifNoneMatch == null) {
                return false;
            }
            for (String tag : ifNoneMatch.split(",")) {
                String t = tag.strip();
                if (t.equals("*") || t.equals(etag) || t.equals("W/" + etag)) {
                    return true;
                }
            }
            return false;
        }

        /** The extra headers every answer carries (the page's policy, no content sniffing). */
        public Map<String, String> securityHeaders() {
            return Map.of("Content-Security-Policy", CONTENT_SECURITY_POLICY, "X-Content-Type-Options", "nosniff",
                    "Referrer-Policy", "no-referrer");
        }
    }

    private final ClassLoader loader;
    private final Map<String, Optional<Asset>> loaded = new ConcurrentHashMap<>();

    private ConsoleAssets(ClassLoader loader) {
        this.loader = loader;
    }

    /** The console files shipped with this build. */
    public static ConsoleAssets fromClassPath() {
        return new ConsoleAssets(ConsoleAssets.class.getClassLoader());
    }

    /** True when a GET of {@code path} is the console's to answer (even if the file does not exist). */
    public static boolean owns(String path) {
        return "/".equals(path) || "/index.html".equals(path) || path.startsWith(PREFIX);
    }

    /**
     * The file a GET of {@code path} answers, or empty when there is none. A path that climbs out of
     * the console's folder ({@code ..}), or names a folder, is none.
     */
    public Optional<Asset> find(String path) {
        String resource = resource(path);
        if (resource == null) {
            return Optional.empty();
        }
        return loaded.computeIfAbsent(resource, this::load);
    }

    private static String resource(String path) {
        if ("/".equals(path) || "/index.html".equals(path)) {
            return ROOT + "index.html";
        }
        if (!path.startsWith(PREFIX)) {
            return null;
        }
        String relative = path.substring(PREFIX.length());
        if (relative.isEmpty() || relative.endsWith("/") || relative.contains("\\") || relative.contains("//")) {
            return null;
        }
        for (String segment : relative.split("/")) {
            if (segment.equals("..") || segment.equals(".") || segment.startsWith(".")) {
                return null;
            }
        }
        return ROOT + relative;
    }

    private Optional<Asset> load(String resource) {
        String type = contentType(resource);
        if (type == null) {
            // only the kinds of file the console is made of are served (not the class path at large)
            return Optional.empty();
        }
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] body = in.readAllBytes();
            return Optional.of(new Asset(body, type, etag(body)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the console file " + resource, e);
        }
    }

    private static String contentType(String resource) {
        int dot = resource.lastIndexOf('.');
        String name = resource.substring(resource.lastIndexOf('/') + 1);
        if (name.equals("LICENSE")) {
            return CONTENT_TYPES.get("txt");
        }
        return dot < 0 ? null : CONTENT_TYPES.get(resource.substring(dot + 1));
    }

    private static String etag(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }
}
