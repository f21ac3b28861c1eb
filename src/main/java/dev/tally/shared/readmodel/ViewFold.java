package dev.tally.shared.readmodel;

import org.axonframework.eventhandling.DomainEventMessage;

/**
 * How the view of one aggregate follows from its events, one event at a time: the only place a
 * view changes. It is pure (events in, view out, nothing read or written), so the read model, the
 * temporal queries and the tests fold through the same code and cannot tell different stories.
 *
 * @param <V> the view, an immutable record that carries the version of the last event it shows
 */
public interface ViewFold<V> {

    /** The view after the aggregate's first event. */
    V initial(DomainEventMessage<?> first);

    /** The view after {@code event}, given the view before it; an event the view does not show moves its version on. */
    V evolve(V view, DomainEventMessage<?> event);

    /** The version of the last event the view shows (the event's sequence number). */
    long version(V view);

    /** {@link #initial} for the first event ({@code before} is {@code null}), {@link #evolve} for the others. */
    default V next(V before, DomainEventMessage<?> event) {
        return before == null ? initial(event) : evolve(before, event);
    }
}
