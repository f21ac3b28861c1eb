package dev.tally.ops;

import java.math.BigDecimal;
import java.util.List;

/**
 * Where a streaming processor stands, the same on every node (read from the shared token store):
 * {@code running} whether some node holds its segments, {@code position} the global index it has
 * handled up to (the lowest of its segments), {@code lag} how many positions it is behind the head
 * of the event store, {@code lagSeconds} the age of the oldest event it has not handled (0 when
 * caught up), {@code nodes} which node claims how many segments, {@code replaying} whether a replay
 * has yet to reach the point where it was started, and {@code progress} how far it has come (0 to 1;
 * null when not replaying). {@code error} is the asking node's: whether its part is in error.
 */
public record ProcessorView(String name, boolean running, boolean replaying, int segments, Long position, long lag,
                            long lagSeconds, List<Node> nodes, BigDecimal progress, boolean error) {

    /** A node that claims segments of the processor. */
    public record Node(String nodeId, int segments) {
    }
}
