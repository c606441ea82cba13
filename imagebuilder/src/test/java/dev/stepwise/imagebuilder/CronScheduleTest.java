package dev.stepwise.imagebuilder;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** When a pipeline's schedule next matches, as Image Builder's cron expressions read, in a time zone. */
class CronScheduleTest {

    private static Instant next(String expression, String zone, String after) {
        return CronSchedule.next(expression, ZoneId.of(zone), Instant.parse(after)).orElseThrow();
    }

    @Test
    void aDailyTimeIsTheNextDaysOnceTodaysHasPassed() {
        assertThat(next("cron(0 2 * * ? *)", "UTC", "2024-01-01T01:59:59Z")).isEqualTo("2024-01-01T02:00:00Z");
        assertThat(next("cron(0 2 * * ? *)", "UTC", "2024-01-01T02:00:00Z")).isEqualTo("2024-01-02T02:00:00Z");
        assertThat(next("cron(0 0 * * SUN)", "UTC", "2024-01-01T00:00:00Z")).isEqualTo("2024-01-07T00:00:00Z");
    }

    @Test
    void theTimeZoneSaysWhoseClockTheExpressionReads() {
        assertThat(next("cron(0 2 * * ? *)", "America/Los_Angeles", "2024-01-01T00:00:00Z"))
                .isEqualTo("2024-01-01T10:00:00Z");
        // 02:30 does not exist in New York on 10 March 2024: the build runs an hour later by the wall clock
        assertThat(next("cron(30 2 * * ? *)", "America/New_York", "2024-03-10T05:00:00Z"))
                .isEqualTo("2024-03-10T07:30:00Z");
    }

    @Test
    void listsRangesStepsAndNamesSelectTheirValues() {
        assertThat(next("cron(0/30 1-2 * * ? *)", "UTC", "2024-01-01T01:10:00Z")).isEqualTo("2024-01-01T01:30:00Z");
        assertThat(next("cron(0 18 ? * MON-FRI *)", "UTC", "2024-01-05T19:00:00Z")).isEqualTo("2024-01-08T18:00:00Z");
        assertThat(next("cron(15 10 ? JAN,MAR * *)", "UTC", "2024-01-31T11:00:00Z")).isEqualTo("2024-03-01T10:15:00Z");
    }

    @Test
    void lastNearestWeekdayAndNthWeekdayAreTheMonthsDays() {
        assertThat(next("cron(0 0 L * ? *)", "UTC", "2024-02-01T00:00:00Z")).isEqualTo("2024-02-29T00:00:00Z");
        assertThat(next("cron(0 0 ? * 6L *)", "UTC", "2024-01-01T00:00:00Z")).isEqualTo("2024-01-26T00:00:00Z");
        assertThat(next("cron(0 10 ? * TUE#2 *)", "UTC", "2024-01-01T00:00:00Z")).isEqualTo("2024-01-09T10:00:00Z");
        // the 15th of June 2024 is a Saturday: the nearest weekday is Friday the 14th
        assertThat(next("cron(0 0 15W * ? *)", "UTC", "2024-06-01T00:00:00Z")).isEqualTo("2024-06-14T00:00:00Z");
        // the last day of June 2024 is a Sunday: its last weekday is Friday the 28th
        assertThat(next("cron(0 0 LW * ? *)", "UTC", "2024-06-01T00:00:00Z")).isEqualTo("2024-06-28T00:00:00Z");
    }

    @Test
    void anExpressionWhoseYearsArePastNeverMatchesAgain() {
        assertThat(CronSchedule.next("cron(0 0 * * ? 2020)", ZoneOffset.UTC, Instant.parse("2024-01-01T00:00:00Z")))
                .isEmpty();
        assertThat(next("cron(0 0 1 1 ? 2030)", "UTC", "2024-01-01T00:00:00Z")).isEqualTo("2030-01-01T00:00:00Z");
    }
}
