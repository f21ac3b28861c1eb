package dev.tally.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** When a failed delivery goes again: after about 10 s, then doubling pauses with jitter, for up to 24 h. */
class RetryScheduleTest {

    private static final Instant DUE = Instant.parse("2026-12-01T10:00:00Z");
    private static final Instant GIVE_UP = DUE.plus(Duration.ofHours(24));

    @Nested
    class Without_jitter {
        // 0.5 is the middle of the jitter's range: the pause itself
        private final RetrySchedule schedule = new RetrySchedule(Duration.ofSeconds(10), () -> 0.5);

        @Test
        void the_first_retry_is_after_10_seconds_and_each_pause_doubles() {
            assertThat(schedule.next(1, DUE, GIVE_UP)).contains(DUE.plusSeconds(10));
            assertThat(schedule.next(2, DUE, GIVE_UP)).contains(DUE.plusSeconds(20));
            assertThat(schedule.next(3, DUE, GIVE_UP)).contains(DUE.plusSeconds(40));
            assertThat(schedule.next(10, DUE, GIVE_UP)).contains(DUE.plusSeconds(10 * 512));
        }

        @Test
        void the_last_retry_falls_on_the_end_of_the_budget_and_a_failure_then_gives_up() {
            Instant late = GIVE_UP.minusSeconds(60);
            assertThat(schedule.next(14, late, GIVE_UP)).contains(GIVE_UP);
            assertThat(schedule.next(15, GIVE_UP, GIVE_UP)).isEmpty();
            assertThat(schedule.next(1, GIVE_UP.plusSeconds(1), GIVE_UP)).isEmpty();
        }

        @Test
        void many_failures_never_overflow_the_pause() {
            assertThat(schedule.next(500, DUE, GIVE_UP)).contains(GIVE_UP);
        }
    }

    @Test
    void jitter_stretches_or_shrinks_a_pause_by_at_most_a_fifth() {
        assertThat(new RetrySchedule(Duration.ofSeconds(10), () -> 0.0).next(2, DUE, GIVE_UP)).contains(DUE.plusSeconds(16));
        assertThat(new RetrySchedule(Duration.ofSeconds(10), () -> 0.999_999).next(2, DUE, GIVE_UP))
                .hasValueSatisfying(next -> assertThat(next).isBetween(DUE.plusMillis(23_999), DUE.plusSeconds(24)));
    }
}
