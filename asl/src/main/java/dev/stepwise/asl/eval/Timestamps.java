package dev.stepwise.asl.eval;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/** RFC 3339 timestamps as the States Language accepts them ("2016-03-14T01:59:00Z", offsets allowed). */
public final class Timestamps {
    // RFC 3339 requires the 'T' (AWS rejects a space), seconds, and a 'Z' or a numeric offset.
    private static final Pattern SHAPE = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?([Zz]|[+-]\\d{2}:\\d{2})");

    private Timestamps() {}

    public static boolean isValid(String text) {
        return parse(text) != null;
    }

    /** The instant the text denotes, or null when it is not an RFC 3339 timestamp. */
    public static OffsetDateTime parse(String text) {
        if (text == null || !SHAPE.matcher(text).matches()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text.toUpperCase(), DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
