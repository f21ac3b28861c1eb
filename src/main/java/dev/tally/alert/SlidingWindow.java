package dev.tally.alert;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One rule's sliding window over one account's events, in event time: pure (state and event in,
 * state and perhaps an excess out), so the rules are tested without a database, and the processor
 * only loads and stores what this decides.
 *
 * <p>The window ending at an event holds the events of the {@code length} before it, both ends
 * included. An excess is the start of an episode: the window goes above the threshold. It stays one
 * episode while the window stays above; the window only shrinks between events (events leave it), so
 * whether it dropped back to or below the threshold in between shows just before the next event. An
 * event already in the window (redelivered) changes nothing, and so does one older than the window
 * ending at the latest event seen: it belongs to a window that has been decided.
 */
final class SlidingWindow {

    /** An event the rule counts: its id in the store, its event time, and what it adds (an amount, or 1). */
    record Entry(String eventId, Instant at, BigDecimal amount) {
    }

    /**
     * The window as the last event left it: its entries (oldest first), the latest event time seen,
     * and whether an episode is under way (the window is above the threshold).
     */
    record State(List<Entry> entries, Instant latest, boolean inExcess) {

        static final State EMPTY = new State(List.of(), null, false);

        State {
            entries = List.copyOf(entries);
        }
    }

    /** The window went above the threshold at {@code trigger}: an alert, for the window from start to end. */
    record Excess(Entry trigger, BigDecimal value, Instant windowStart, Instant windowEnd) {
    }

    record Step(State after, Optional<Excess> excess) {
    }

    private final Duration length;
    private final BigDecimal threshold;

    SlidingWindow(Duration length, BigDecimal threshold) {
        this.length = length;
        this.threshold = threshold;
    }

    Step observe(State before, Entry event) {
        boolean seen = before.entries().stream().anyMatch(entry -> entry.eventId().equals(event.eventId()));
        if (seen || (before.latest() != null && event.at().isBefore(before.latest().minus(length)))) {
            return new Step(before, Optional.empty());
        }
        Instant latest = before.latest() == null || event.at().isAfter(before.latest()) ? event.at() : before.latest();
        Instant start = latest.minus(length);
        List<Entry> kept = new ArrayList<>(before.entries().stream().filter(entry -> !entry.at().isBefore(start)).toList());
        boolean stillInExcess = before.inExcess() && sum(kept).compareTo(threshold) > 0;
        kept.add(event);
        kept.sort(Comparator.comparing(Entry::at));
        BigDecimal value = sum(kept);
        boolean inExcess = value.compareTo(threshold) > 0;
        State after = new State(kept, latest, inExcess);
        if (inExcess && !stillInExcess) {
            return new Step(after, Optional.of(new Excess(event, value, start, latest)));
        }
        return new Step(after, Optional.empty());
    }

    private static BigDecimal sum(List<Entry> entries) {
        return entries.stream().map(Entry::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
