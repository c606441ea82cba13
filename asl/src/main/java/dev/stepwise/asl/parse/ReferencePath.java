package dev.stepwise.asl.parse;

import java.util.regex.Pattern;

/**
 * The syntax of a reference path (ResultPath): {@code $} followed by member ({@code .name},
 * {@code ['name']}) and index ({@code [0]}) steps only.
 */
public final class ReferencePath {
    private static final Pattern SHAPE = Pattern.compile(
            "\\$((\\.[^.\\[\\]'\"*@?()$ ]+)|(\\['[^']*'\\])|(\\[\\d+\\]))*");

    private ReferencePath() {}

    public static boolean isValid(String text) {
        return SHAPE.matcher(text).matches();
    }
}
