package dev.stepwise.transfer;

import java.util.regex.Pattern;

/**
 * A string member's constraints in the service model: its length in characters and the pattern
 * the whole value must match ({@code null}: none). {@code pattern} is kept as the model writes it,
 * since AWS's validation messages quote it.
 */
record StringRule(int min, int max, String pattern, Pattern compiled) {

    static StringRule length(int min, int max) {
        return new StringRule(min, max, null, null);
    }

    static StringRule of(int min, int max, String pattern) {
        return new StringRule(min, max, pattern, Pattern.compile(pattern));
    }

    boolean matches(String value) {
        return compiled == null || compiled.matcher(value).matches();
    }
}
