package dev.stepwise.imagebuilder;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The schedule expressions of image pipelines, checked as Image Builder's user guide describes
 * them ("Use cron expressions in Image Builder"): {@code cron(minute hour day month day-of-week year)},
 * each field a value of its range, a name (months jan-dec, days sun-sat), or a combination with
 * the field's wildcards: {@code , - * /} everywhere, {@code ? L W} in the day, {@code ? L #} in the
 * day of the week; the day and the day of the week are not both given (one of them is {@code ?}
 * or {@code *}). The year may be left out, as AWS's own examples write five fields.
 *
 * <p>{@link #next} finds when a checked expression next matches, in a time zone: the days of the
 * week count from Sunday (1) to Saturday (7), {@code L} is the month's last day (in the day of the
 * week: Saturday, or {@code 5L} the month's last Thursday), {@code 15W} the weekday nearest the 15th
 * within its month, {@code LW} the month's last weekday, {@code 2#3} its third Monday. A local time
 * that a daylight-saving change skips runs at the same offset later (as {@link java.time.ZonedDateTime}
 * places it); one that occurs twice runs at the first.
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

    /**
     * The first instant after {@code after} at which {@code expression} (checked) matches, read in
     * {@code zone}; empty when it never matches again (its years are past).
     */
    static Optional<Instant> next(String expression, ZoneId zone, Instant after) {
        var m = CRON.matcher(expression);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a cron expression: " + expression);
        }
        String[] parts = m.group(1).toLowerCase(Locale.ROOT).split(" ", -1);
        BitSet minutes = values(FIELDS.get(0), parts[0]);
        BitSet hours = values(FIELDS.get(1), parts[1]);
        BitSet months = values(FIELDS.get(3), parts[3]);
        BitSet years = parts.length == 6 ? values(FIELDS.get(5), parts[5]) : null;
        LocalDate last = LocalDate.of(FIELDS.get(5).max(), 12, 31);
        for (LocalDate day = after.atZone(zone).toLocalDate(); !day.isAfter(last); day = day.plusDays(1)) {
            if (!months.get(day.getMonthValue()) || years != null && !years.get(day.getYear())
                    || !dayMatches(parts[2], day) || !weekdayMatches(parts[4], day)) {
                continue;
            }
            for (int h = hours.nextSetBit(0); h >= 0; h = hours.nextSetBit(h + 1)) {
                for (int min = minutes.nextSetBit(0); min >= 0; min = minutes.nextSetBit(min + 1)) {
                    Instant at = day.atTime(LocalTime.of(h, min)).atZone(zone).toInstant();
                    if (at.isAfter(after)) {
                        return Optional.of(at);
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** The values a field's list of items (each {@code *}, a value, a range, either with a step) selects. */
    private static BitSet values(Field f, String text) {
        BitSet set = new BitSet();
        if (text.equals("?")) {
            set.set(f.min(), f.max() + 1);
            return set;
        }
        for (String item : text.split(",")) {
            int step = 1;
            String range = item;
            int slash = item.indexOf('/');
            if (slash >= 0) {
                step = Integer.parseInt(item.substring(slash + 1));
                range = item.substring(0, slash);
            }
            int from;
            int to;
            if (range.equals("*")) {
                from = f.min();
                to = f.max();
            } else if (range.indexOf('-') > 0) {
                from = number(f, range.substring(0, range.indexOf('-')));
                to = number(f, range.substring(range.indexOf('-') + 1));
            } else {
                from = number(f, range);
                to = slash >= 0 ? f.max() : from;
            }
            // a range that wraps (FRI-MON) runs to the field's end and on from its start
            int span = to >= from ? to - from : to - from + f.max() - f.min() + 1;
            for (int k = 0; k <= span; k += step) {
                int v = from + k;
                set.set(v > f.max() ? v - (f.max() - f.min() + 1) : v);
            }
        }
        return set;
    }

    private static int number(Field f, String text) {
        int named = f.names().indexOf(text);
        return named >= 0 ? named + 1 : Integer.parseInt(text);
    }

    /** Whether the day-of-the-month field matches {@code day}. */
    private static boolean dayMatches(String field, LocalDate day) {
        if (field.equals("?") || field.equals("*")) {
            return true;
        }
        Field f = FIELDS.get(2);
        LocalDate lastDay = day.with(TemporalAdjusters.lastDayOfMonth());
        for (String item : field.split(",")) {
            boolean match = switch (item) {
                case "l" -> day.equals(lastDay);
                case "lw" -> day.equals(weekdayNear(lastDay));
                default -> item.endsWith("w")
                        ? day.equals(weekdayNear(day.withDayOfMonth(Math.min(lastDay.getDayOfMonth(),
                                Integer.parseInt(item.substring(0, item.length() - 1))))))
                        : values(f, item).get(day.getDayOfMonth());
            };
            if (match) {
                return true;
            }
        }
        return false;
    }

    /** The weekday nearest {@code day} within its month (the day itself when it is one). */
    private static LocalDate weekdayNear(LocalDate day) {
        return switch (day.getDayOfWeek()) {
            case SATURDAY -> day.getDayOfMonth() == 1 ? day.plusDays(2) : day.minusDays(1);
            case SUNDAY -> day.plusDays(1).getMonth() != day.getMonth() ? day.minusDays(2) : day.plusDays(1);
            default -> day;
        };
    }

    /** Whether the day-of-the-week field matches {@code day}. */
    private static boolean weekdayMatches(String field, LocalDate day) {
        if (field.equals("?") || field.equals("*")) {
            return true;
        }
        Field f = FIELDS.get(4);
        int weekday = cronWeekday(day.getDayOfWeek());
        for (String item : field.split(",")) {
            boolean match;
            if (item.equals("l")) {
                match = weekday == 7;
            } else if (item.endsWith("l")) {
                match = weekday == number(f, item.substring(0, item.length() - 1))
                        && day.plusWeeks(1).getMonth() != day.getMonth();
            } else if (item.indexOf('#') > 0) {
                int hash = item.indexOf('#');
                match = weekday == number(f, item.substring(0, hash))
                        && (day.getDayOfMonth() - 1) / 7 + 1 == Integer.parseInt(item.substring(hash + 1));
            } else {
                match = values(f, item).get(weekday);
            }
            if (match) {
                return true;
            }
        }
        return false;
    }

    /** Sunday 1 to Saturday 7, as cron counts them. */
    private static int cronWeekday(DayOfWeek d) {
        return d.getValue() % 7 + 1;
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
