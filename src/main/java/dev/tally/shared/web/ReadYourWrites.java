package dev.tally.shared.web;

import java.time.Duration;
import java.util.Optional;
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
 */
@Component
public class ReadYourWrites {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(20);

    private final Duration timeout;

    public ReadYourWrites(@Value("${tally.read-your-writes.timeout:5s}") Duration timeout) {
        this.timeout = timeout;
    }

    /**
     * Runs the query until its result has at least {@code minVersion}; without a minimum, once.
     *
     * @return the result, or empty when the entity is not there (and never appeared in time)
     * @throws ReadModelTimeout when the entity is there but still behind after the timeout
     */
    public <V> Optional<V> query(Supplier<Optional<V>> query, ToLongFunction<V> version, Long minVersion) {
        Optional<V> result = query.get();
        if (minVersion == null) {
            return result;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (result.map(view -> version.applyAsLong(view) < minVersion).orElse(true)) {
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

    private static void sleep() {
        try {
            Thread.sleep(POLL_INTERVAL.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the read model", interrupted);
        }
    }
}
