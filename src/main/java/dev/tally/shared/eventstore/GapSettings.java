package dev.tally.shared.eventstore;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code tally.event-store.*}: how long the processors (and the event feed) wait for a global index
 * that was handed out but whose event is not visible yet. An append takes its index when it inserts
 * and shows it only when its transaction commits; a reader that finds index 7 before 6 keeps 6 as a
 * gap in its token and looks again. Axon gives a gap up once an event after it is older than
 * {@code gapTimeout}, or once it is more than {@code maxGapOffset} indexes behind; an event committed
 * later still is never read by that reader (Axon issue 4829). The skipped-event detector (dev.tally.ops) finds those.
 *
 * <p>Why the defaults. A transaction's statements get 20 s together
 * ({@code spring.transaction.default-timeout}), and on PostgreSQL a session idle in a transaction for
 * 30 s is ended, so a transaction commits at most 50 s after its insert. The event after a gap was
 * inserted after the gap's (indexes follow inserts), at most 20 s after its own timestamp (the insert is
 * one of its transaction's statements). So a gap's event commits at most 70 s after the timestamp of
 * the event that follows it; nodes' clocks may differ by up to 30 s (the same allowance as
 * {@code tally.security.tokens.clock-skew}): 100 s. The gap timeout is 2 minutes. At the highest rate
 * measured (about 8,500 events a second, benchmarks.md) 2 minutes hand out about a million indexes:
 * the offset must not give up sooner than the timeout does.
 *
 * @param gapTimeout           a gap is given up once an event after it is older than this
 * @param maxGapOffset         a gap is given up once it is this many indexes behind the newest event read
 * @param gapCleaningThreshold a token with more gaps than this is cleaned of the gaps that have timed out
 * @param lowestGlobalSequence the first index the store hands out (the sequence starts at 1, V1)
 */
@ConfigurationProperties("tally.event-store")
public record GapSettings(@DefaultValue("2m") Duration gapTimeout, @DefaultValue("1000000") int maxGapOffset,
                          @DefaultValue("250") int gapCleaningThreshold,
                          @DefaultValue("1") long lowestGlobalSequence) {

    public GapSettings {
        if (gapTimeout.isNegative() || gapTimeout.isZero() || gapTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("tally.event-store.gap-timeout must be positive (and below 24 days)");
        }
        if (maxGapOffset < 1 || gapCleaningThreshold < 1 || lowestGlobalSequence < 0) {
            throw new IllegalArgumentException(
                    "tally.event-store needs max-gap-offset and gap-cleaning-threshold >= 1, lowest-global-sequence >= 0");
        }
    }
}
