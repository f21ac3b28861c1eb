package dev.tally.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * When a failed delivery is tried again: first after {@code firstRetry}, then after pauses that
 * double, each stretched or shrunk by up to a fifth at random (so that the deliveries of a receiver
 * that was down do not all come back at the same moment), until {@code giveUpAt}; a delivery whose
 * attempt fails at or after that time is given up ({@code FAILED}). The last retry falls on
 * {@code giveUpAt} itself, so a delivery gets its whole budget.
 */
record RetrySchedule(Duration firstRetry, DoubleSupplier random) {

    private static final double JITTER = 0.2;
    private static final int MAX_DOUBLINGS = 30;

    /**
     * @param failedAttempts how many attempts have failed, this one included (1 or more)
     * @return when to try again; empty when the delivery is given up
     */
    Optional<Instant> next(int failedAttempts, Instant now, Instant giveUpAt) {
        if (!now.isBefore(giveUpAt)) {
            return Optional.empty();
        }
        long pause = firstRetry.toMillis() << Math.min(failedAttempts - 1, MAX_DOUBLINGS);
        double jittered = pause * (1 - JITTER + 2 * JITTER * random.getAsDouble());
        Instant next = now.plusMillis(Math.max(1, Math.round(jittered)));
        return Optional.of(next.isAfter(giveUpAt) ? giveUpAt : next);
    }
}
