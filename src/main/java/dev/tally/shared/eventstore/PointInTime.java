package dev.tally.shared.eventstore;

import java.time.Instant;

import dev.tally.shared.InvalidInput;
import org.axonframework.eventhandling.DomainEventMessage;

/**
 * The moment a temporal query asks about: a point in time ({@code asOf}) or an entity's version
 * ({@code atVersion}, the sequence number of its event). Exactly one of the two is given.
 */
public final class PointInTime {

    private final Instant asOf;
    private final Long atVersion;

    private PointInTime(Instant asOf, Long atVersion) {
        this.asOf = asOf;
        this.atVersion = atVersion;
    }

    /** The point a request names with its {@code asOf} or {@code atVersion} parameter; 400 unless exactly one. */
    public static PointInTime of(Instant asOf, Long atVersion) {
        if ((asOf == null) == (atVersion == null)) {
            throw new InvalidInput("asOf", "or atVersion must be given, and not both");
        }
        return new PointInTime(asOf, atVersion);
    }

    /** Whether the event had happened at this point. */
    public boolean includes(DomainEventMessage<?> event) {
        return asOf != null ? !event.getTimestamp().isAfter(asOf) : event.getSequenceNumber() <= atVersion;
    }

    /**
     * Whether a state of this version answers the query: any state for a time, only that exact
     * version for a version (an entity with three events has no version 7).
     */
    public boolean reachedBy(long version) {
        return atVersion == null || version == atVersion;
    }
}
