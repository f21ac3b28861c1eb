package dev.tally.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.tally.alert.SlidingWindow.Entry;
import dev.tally.alert.SlidingWindow.Excess;
import dev.tally.alert.SlidingWindow.State;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Given events in a rule's window, when one more comes, then an excess or none: the rules without a database. */
class SlidingWindowTest {

    static final Instant T0 = Instant.parse("2026-11-01T09:00:00Z");

    /** The default large-outflow rule: above 10,000 within 60 s. */
    private final SlidingWindow outflow = new SlidingWindow(Duration.ofSeconds(60), new BigDecimal("10000"));
    /** The default rapid-payments rule: more than 10 within 10 min. */
    private final SlidingWindow payments = new SlidingWindow(Duration.ofMinutes(10), BigDecimal.TEN);

    private int events;

    private Entry at(double seconds, String amount) {
        return new Entry("event-" + events++, T0.plusMillis(Math.round(seconds * 1000)), new BigDecimal(amount));
    }

    /** Feeds the entries one by one; the excesses found on the way. */
    private static List<Excess> run(SlidingWindow window, Entry... entries) {
        State state = State.EMPTY;
        List<Excess> excesses = new ArrayList<>();
        for (Entry entry : entries) {
            SlidingWindow.Step step = window.observe(state, entry);
            state = step.after();
            step.excess().ifPresent(excesses::add);
        }
        return excesses;
    }

    @Nested
    class Window_edges {

        @Test
        void two_outflows_59_9_seconds_apart_are_one_window() {
            Entry second = at(59.9, "6000.00");
            List<Excess> excesses = run(outflow, at(0, "5000.00"), second);

            assertThat(excesses).singleElement().satisfies(excess -> {
                assertThat(excess.trigger()).isEqualTo(second);
                assertThat(excess.value()).isEqualByComparingTo("11000.00");
                assertThat(excess.windowEnd()).isEqualTo(second.at());
                assertThat(excess.windowStart()).isEqualTo(second.at().minusSeconds(60));
            });
        }

        @Test
        void two_outflows_60_1_seconds_apart_are_not() {
            assertThat(run(outflow, at(0, "5000.00"), at(60.1, "6000.00"))).isEmpty();
        }
    }

    @Nested
    class The_threshold {

        @Test
        void exactly_the_threshold_is_not_above_it_in_a_currency_with_two_fraction_digits() {
            assertThat(run(outflow, at(0, "4000.00"), at(1, "6000.00"))).isEmpty();
            assertThat(run(outflow, at(0, "4000.00"), at(1, "6000.01"))).hasSize(1);
        }

        @Test
        void exactly_the_threshold_is_not_above_it_in_a_currency_without_fraction_digits() {
            assertThat(run(outflow, at(0, "4000"), at(1, "6000"))).isEmpty();
            assertThat(run(outflow, at(0, "4000"), at(1, "6001"))).hasSize(1);
        }

        @Test
        void ten_payments_within_ten_minutes_are_not_more_than_ten_and_eleven_are() {
            Entry[] ten = new Entry[10];
            for (int i = 0; i < 10; i++) {
                ten[i] = at(i * 50, "1");
            }
            assertThat(run(payments, ten)).isEmpty();

            Entry[] eleven = new Entry[11];
            for (int i = 0; i < 11; i++) {
                eleven[i] = at(i * 50, "1");
            }
            assertThat(run(payments, eleven)).singleElement()
                    .satisfies(excess -> assertThat(excess.value()).isEqualByComparingTo("11"));
        }
    }

    @Nested
    class Episodes {

        @Test
        void a_burst_that_stays_above_the_threshold_is_one_excess() {
            // at 65 s the first outflow has left the window, and what is left is still above 10,000
            assertThat(run(outflow, at(0, "10000.01"), at(10, "500.00"), at(50, "9600.00"), at(65, "1000.00")))
                    .hasSize(1);
        }

        @Test
        void a_window_that_drops_back_and_goes_above_again_is_a_second_excess() {
            // 10,000.01 leaves the window at 60 s: the window just before 61 s is empty, an episode ends
            List<Excess> excesses = run(outflow, at(0, "10000.01"), at(61, "10000.01"));

            assertThat(excesses).hasSize(2);
            assertThat(excesses.get(1).trigger().at()).isEqualTo(T0.plusSeconds(61));
        }

        @Test
        void a_window_back_at_the_threshold_ends_the_episode_too() {
            // at 61 s the window holds 10,000.00 (not above); the next 0.01 goes above again
            assertThat(run(outflow, at(0, "0.01"), at(1, "10000.00"), at(61, "0.01"))).hasSize(2);
        }
    }

    @Nested
    class Redelivered_and_late_events {

        @Test
        void an_event_already_in_the_window_is_not_counted_again() {
            Entry first = at(0, "6000.00");
            State state = outflow.observe(State.EMPTY, first).after();

            SlidingWindow.Step again = outflow.observe(state, first);

            assertThat(again.excess()).isEmpty();
            assertThat(again.after()).isEqualTo(state);
        }

        @Test
        void an_event_older_than_the_window_of_the_latest_is_left_out() {
            Entry latest = at(120, "6000.00");
            State state = outflow.observe(State.EMPTY, latest).after();

            SlidingWindow.Step late = outflow.observe(state, at(30, "6000.00"));

            assertThat(late.excess()).isEmpty();
            assertThat(late.after()).isEqualTo(state);
        }

        @Test
        void an_event_a_little_out_of_order_still_counts_in_the_window() {
            assertThat(run(outflow, at(10, "6000.00"), at(5, "6000.00"))).hasSize(1);
        }
    }
}
