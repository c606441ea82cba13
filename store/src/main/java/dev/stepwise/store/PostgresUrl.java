package dev.stepwise.store;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code jdbc:postgresql:} URL taken apart: the URL without credentials ({@code url}: safe to
 * print and log), and the user and password it carried, either as
 * {@code jdbc:postgresql://user:password@host:port/db} (percent-encoded, as in a URI) or as the
 * driver's {@code ?user=…&password=…} parameters. {@code null} where the URL names none.
 */
public record PostgresUrl(String url, String user, String password) {
    private static final String PREFIX = "jdbc:postgresql:";

    public static boolean names(String url) {
        return url != null && url.startsWith(PREFIX);
    }

    public static PostgresUrl parse(String url) {
        if (!names(url)) {
            throw new IllegalArgumentException("not a jdbc:postgresql: URL");
        }
        String rest = url.substring(PREFIX.length());
        String query = null;
        int question = rest.indexOf('?');
        if (question >= 0) {
            query = rest.substring(question + 1);
            rest = rest.substring(0, question);
        }
        String user = null;
        String password = null;
        if (rest.startsWith("//")) {
            int slash = rest.indexOf('/', 2);
            String authority = slash < 0 ? rest.substring(2) : rest.substring(2, slash);
            int at = authority.lastIndexOf('@');
            if (at >= 0) {
                String userInfo = authority.substring(0, at);
                int colon = userInfo.indexOf(':');
                user = decodeUserInfo(colon < 0 ? userInfo : userInfo.substring(0, colon));
                password = colon < 0 ? null : decodeUserInfo(userInfo.substring(colon + 1));
                rest = "//" + authority.substring(at + 1) + (slash < 0 ? "" : rest.substring(slash));
            }
        }
        List<String> kept = new ArrayList<>();
        if (query != null) {
            for (String parameter : query.split("&")) {
                int equals = parameter.indexOf('=');
                String name = equals < 0 ? parameter : parameter.substring(0, equals);
                String value = equals < 0 ? ""
                        : URLDecoder.decode(parameter.substring(equals + 1), StandardCharsets.UTF_8);
                switch (name) {
                    case "user" -> user = value;
                    case "password" -> password = value;
                    default -> {
                        if (!parameter.isEmpty()) {
                            kept.add(parameter);
                        }
                    }
                }
            }
        }
        return new PostgresUrl(PREFIX + rest + (kept.isEmpty() ? "" : "?" + String.join("&", kept)), user, password);
    }

    /** The same URL with this user and password instead of the URL's, where they are not null. */
    public PostgresUrl withCredentials(String user, String password) {
        return new PostgresUrl(url, user != null ? user : this.user, password != null ? password : this.password);
    }

    /** In a URI's user information, '+' is a plus sign (not a space, as in a query). */
    private static String decodeUserInfo(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return url + (user == null ? "" : " (user " + user + ")");
    }
}
