package dev.tally.shared.web;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Lets a client read its own writes from an eventually consistent read model: a query with
 * {@code ?minVersion=N} waits until the read model has caught up to version N.
 *
 * <p>It polls the read model rather than listening for updates in memory, because with several
 * nodes the projection that catches up may run on another node than the one the client waits on.
 *
 * <p>A waiting read holds its request thread, so only {@code tally.streams.read-your-writes-waits}
 * may wait at once ({@link StreamLimits}); one more is refused with 429 rather than queued behind
 * them. A read that finds the version there at once never waits and is never refused.
 */
@Component
public class ReadYourWrites {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(20);

    private final Duration timeout;
    private final int maxWaiting;
    private final Semaphore waits;

    public ReadYourWrites(@Value("${tally.read-your-writes.timeout:5s}") Duration timeout, StreamLimits limits) {
        this.timeout = timeout;
        this.maxWaiting = limits.readYourWritesWaits();
        this.waits = new Semaphore(maxWaiting);
    }

    /**
     * Runs the query until its result has at least {@code minVersion}; without a minimum, once.
     *
     * @return the result, or empty when the entity is not there (and never appeared in time)
     * @throws ReadModelTimeout when the entity is there but still behind after the timeout
     * @throws TooManyRequests  when the read would have to wait and as many reads wait already as may
     */
    public <V> Optional<V> query(Supplier<Optional<V>> query, ToLongFunction<V> version, Long minVersion) {
        Optional<V> result = query.get();
        if (minVersion == null || caughtUp(result, version, minVersion)) {
            return result;
        }
        if (!waits.tryAcquire()) {
            // every wait ends within the timeout, so by then a place has come free
            throw new TooManyRequests("too-many-waiting-reads", maxWaiting + " reads are waiting for read models"
                    + " to catch up already, the most this server lets wait: try again in "
                    + TooManyRequests.wholeSeconds(timeout) + " s, or read without minVersion.", timeout);
        }
        try {
            return waitFor(query, version, minVersion, result);
        } finally {
            waits.release();
        }
    }

    /** How many reads are waiting for a read model now. */
    public int waiting() {
        return maxWaiting - waits.availablePermits();
    }

    private <V> Optional<V> waitFor(Supplier<Optional<V>> query, ToLongFunction<V> version, long minVersion,
                                    Optional<V> first) {
        Optional<V> result = first;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!caughtUp(result, version, minVersion)) {
            if (System.nanoTime() > deadline) {
                if (result.isEmpty()) {
                    return result;
                }
                throw new ReadModelTimeout(minVersion);
            }
            sleep();
            result = query.get();
        }
        return result;
    }

    private static <V> boolean caughtUp(Optional<V> result, ToLongFunction<V> version, long minVersion) {
        return result.map(view -> version.applyAsLong(view) >= minVersion).orElse(false);
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL_INTERVAL.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the read model", interrupted);
        }
    }
}
