package dev.stepwise.imagebuilder;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The schedule expressions of image pipelines, checked as Image Builder's user guide describes
 * them ("Use cron expressions in Image Builder"): {@code cron(minute hour day month day-of-week year)},
 * each field a value of its range, a name (months jan-dec, days sun-sat), or a combination with
 * the field's wildcards: {@code , - * /} everywhere, {@code ? L W} in the day, {@code ? L #} in the
 * day of the week; the day and the day of the week are not both given (one of them is {@code ?}
 * or {@code *}). The year may be left out, as AWS's own examples write five fields.
 */
final class CronSchedule {
    private static final Pattern CRON = Pattern.compile("^cron\\((.*)\\)$");
    private static final List<String> MONTHS = List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep",
            "oct", "nov", "dec");
    private static final List<String> DAYS = List.of("sun", "mon", "tue", "wed", "thu", "fri", "sat");

    /** A field of the expression: its name, range and the names that stand for its values (none: numbers only). */
    private record Field(String name, int min, int max, List<String> names) {}

    private static final List<Field> FIELDS = List.of(
            new Field("minute", 0, 59, List.of()),
            new Field("hour", 0, 23, List.of()),
            new Field("day", 1, 31, List.of()),
            new Field("month", 1, 12, MONTHS),
            new Field("day of the week", 1, 7, DAYS),
            new Field("year", 1970, 2199, List.of()));

    private CronSchedule() {}

    /** Checks {@code expression}; InvalidParameterValueException naming what is wrong. */
    static void check(String expression) {
        var m = CRON.matcher(expression);
        if (!m.matches()) {
            throw invalid(expression, "It must be a cron expression, as in cron(0 0 * * ? *).");
        }
        String[] parts = m.group(1).split(" ", -1);
        if (parts.length != 5 && parts.length != 6) {
            throw invalid(expression, "A cron expression has six fields (minute, hour, day, month, day of the week, "
                    + "year) separated by single spaces.");
        }
        for (int i = 0; i < parts.length; i++) {
            if (!validField(FIELDS.get(i), parts[i].toLowerCase(Locale.ROOT))) {
                throw invalid(expression, "The " + FIELDS.get(i).name() + " field '" + parts[i] + "' is not valid.");
            }
        }
        if (given(parts[2]) && given(parts[4])) {
            throw invalid(expression, "The day and the day of the week can't both be given; use ? in one of them.");
        }
        if (parts[2].equals("?") && parts[4].equals("?")) {
            throw invalid(expression, "Only one of the day and the day of the week can be ?.");
        }
    }

    private static boolean given(String field) {
        return !field.equals("?") && !field.equals("*");
    }

    private static boolean validField(Field f, String text) {
        if (text.equals("?")) {
            return f.name().startsWith("day");
        }
        for (String item : text.split(",", -1)) {
            if (!validItem(f, item)) {
                return false;
            }
        }
        return true;
    }

    /** One item of a list: {@code *}, a value, a range, either with {@code /step}, or the day fields' L, W, #. */
    private static boolean validItem(Field f, String item) {
        if (f.name().equals("day") && (item.equals("l") || item.equals("lw")
                || item.endsWith("w") && value(f, item.substring(0, item.length() - 1)))) {
            return true;
        }
        if (f.name().equals("day of the week")) {
            if (item.equals("l") || item.endsWith("l") && value(f, item.substring(0, item.length() - 1))) {
                return true;
            }
            int hash = item.indexOf('#');
            if (hash > 0) {
                return value(f, item.substring(0, hash)) && item.substring(hash + 1).matches("[1-5]");
            }
        }
        String range = item;
        int slash = item.indexOf('/');
        if (slash >= 0) {
            String step = item.substring(slash + 1);
            if (!step.matches("[0-9]{1,4}") || Integer.parseInt(step) < 1) {
                return false;
            }
            range = item.substring(0, slash);
        }
        if (range.equals("*")) {
            return true;
        }
        int dash = range.indexOf('-');
        if (dash > 0) {
            return value(f, range.substring(0, dash)) && value(f, range.substring(dash + 1));
        }
        return value(f, range);
    }

    private static boolean value(Field f, String text) {
        if (f.names().contains(text)) {
            return true;
        }
        if (!text.matches("[0-9]{1,4}")) {
            return false;
        }
        int v = Integer.parseInt(text);
        return v >= f.min() && v <= f.max();
    }

    private static RuntimeException invalid(String expression, String detail) {
        return ImageBuilderErrors.invalidParameterValue("schedule.scheduleExpression", "'" + expression + "': "
                + detail);
    }
}
