package dev.tally.shared.web;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The live streams open now, per user and in all, held to {@link StreamLimits}: a stream is
 * admitted only when both its user and the node are below their caps. Users without a stream are
 * forgotten, so the memory is bounded by the total cap.
 */
final class StreamQuota {

    private final StreamLimits limits;
    private final Duration retryAfter;
    private final Map<String, Integer> byUser = new HashMap<>(); // guarded by this
    private int open; // guarded by this

    /** @param retryAfter what a refused client is told to wait: a stream of a client that went is freed by then */
    StreamQuota(StreamLimits limits, Duration retryAfter) {
        this.limits = limits;
        this.retryAfter = retryAfter;
    }

    /** Counts a new stream of the user's, or refuses it. */
    synchronized void take(String user) {
        int users = byUser.getOrDefault(user, 0);
        if (users >= limits.perUser()) {
            throw new TooManyRequests("too-many-streams", "You have " + users + " live streams open, the most a"
                    + " user may: close one first. A stream whose connection dropped is noticed and closed within "
                    + TooManyRequests.wholeSeconds(retryAfter) + " s.", retryAfter);
        }
        if (open >= limits.total()) {
            throw new TooManyRequests("too-many-streams-in-total", "This server has as many live streams open as"
                    + " it serves: try again later.", retryAfter);
        }
        byUser.put(user, users + 1);
        open++;
    }

    synchronized void release(String user) {
        byUser.computeIfPresent(user, (name, streams) -> streams > 1 ? streams - 1 : null);
        open--;
    }

    synchronized int open() {
        return open;
    }
}
