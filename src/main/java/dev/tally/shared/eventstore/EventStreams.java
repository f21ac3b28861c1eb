package dev.tally.shared.eventstore;

import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

/**
 * One aggregate's events read straight from the event store: its first event (who owns an entity
 * and what it was created with never change, so they can be read the moment the entity exists,
 * without waiting for a read model), its last event (a final state, such as a closed account,
 * shows there), or a fold of its events into a view (the state as it is now, or as it was at some
 * point).
 */
@Component
public class EventStreams {

    private final EventStore eventStore;

    public EventStreams(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    /**
     * The payload of the first event of the aggregate with this id, if that aggregate is of the
     * given type and started with an event of the given class; empty otherwise.
     */
    public <T> Optional<T> firstEvent(String aggregateType, String aggregateId, Class<T> eventType) {
        return first(aggregateType, aggregateId).map(DomainEventMessage::getPayload)
                .filter(eventType::isInstance).map(eventType::cast);
    }

    /** The first event of the aggregate with this id, if that aggregate is of the given type; empty otherwise. */
    public Optional<DomainEventMessage<?>> first(String aggregateType, String aggregateId) {
        DomainEventStream events = eventStore.readEvents(aggregateId, 0L);
        if (!events.hasNext()) {
            return Optional.empty();
        }
        DomainEventMessage<?> first = events.next();
        return aggregateType.equals(first.getType()) ? Optional.of(first) : Optional.empty();
    }

    /** The payload of the aggregate's last stored event; empty when it has none. */
    public Optional<Object> lastEvent(String aggregateId) {
        return eventStore.lastSequenceNumberFor(aggregateId).flatMap(last -> {
            DomainEventStream events = eventStore.readEvents(aggregateId, last);
            return events.hasNext() ? Optional.of(events.next().getPayload()) : Optional.empty();
        });
    }

    /**
     * The aggregate's events from the first one on, folded into a view for as long as
     * {@code include} accepts them; empty when the aggregate (of that type) has no such events.
     * It reads from sequence 0 rather than from a snapshot: a snapshot holds the aggregate, not a view.
     *
     * @param evolve the view after an event, given the view before it ({@code null} for the first event)
     */
    public <V> Optional<V> fold(String aggregateType, String aggregateId,
                                BiFunction<V, DomainEventMessage<?>, V> evolve,
                                Predicate<DomainEventMessage<?>> include) {
        DomainEventStream events = eventStore.readEvents(aggregateId, 0L);
        V view = null;
        while (events.hasNext()) {
            DomainEventMessage<?> event = events.next();
            if (!aggregateType.equals(event.getType()) || !include.test(event)) {
                break;
            }
            view = evolve.apply(view, event);
        }
        return Optional.ofNullable(view);
    }

    /**
     * The aggregate's view as it was at {@code point} (a temporal query); empty when the
     * aggregate did not exist then, or never had the version asked for.
     */
    public <V> Optional<V> foldAt(String aggregateType, String aggregateId, PointInTime point,
                                  BiFunction<V, DomainEventMessage<?>, V> evolve, ToLongFunction<V> version) {
        return fold(aggregateType, aggregateId, evolve, point::includes)
                .filter(view -> point.reachedBy(version.applyAsLong(view)));
    }
}
