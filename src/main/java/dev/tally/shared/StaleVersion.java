package dev.tally.shared;

import org.axonframework.modelling.command.AggregateLifecycle;

/**
 * The client's {@code If-Match} version is not the entity's current version (412).
 * Aggregates call {@link #check(Long)} first thing in a command handler.
 */
public class StaleVersion extends DomainRejection {

    public StaleVersion(long expected, long actual) {
        super("expected version " + expected + " but the current version is " + actual);
    }

    /** Rejects the command when an expected version was given and the aggregate is at another. */
    public static void check(Long expectedVersion) {
        Long actual = AggregateLifecycle.getVersion();
        if (expectedVersion != null && !expectedVersion.equals(actual)) {
            throw new StaleVersion(expectedVersion, actual == null ? -1 : actual);
        }
    }
}
