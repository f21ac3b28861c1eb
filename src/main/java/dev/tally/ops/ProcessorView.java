package dev.tally.ops;

import java.math.BigDecimal;

/**
 * Where a streaming processor stands: {@code position} is the global index it has handled up to
 * (the lowest of its segments), {@code lag} how many positions it is behind the head of the event
 * store, {@code replaying} whether a replay has yet to reach the point where it was started, and
 * {@code progress} how far it has come (0 to 1; null when not replaying).
 */
public record ProcessorView(String name, boolean running, boolean replaying, int segments, Long position, long lag,
                            BigDecimal progress, boolean error) {
}
