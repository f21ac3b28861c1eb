package dev.tally.shared.eventstore;

import java.util.Optional;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

/**
 * The event that started an aggregate, read from the event store. Who owns an entity and what
 * it was created with never change, so they can be read from here the moment the entity exists,
 * without waiting for an eventually consistent read model.
 */
@Component
public class FirstEvents {

    private final EventStore eventStore;

    public FirstEvents(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    /**
     * The payload of the first event of the aggregate with this id, if that aggregate is of the
     * given type and started with an event of the given class; empty otherwise.
     */
    public <T> Optional<T> of(String aggregateType, String aggregateId, Class<T> eventType) {
        DomainEventStream events = eventStore.readEvents(aggregateId, 0L);
        if (!events.hasNext()) {
            return Optional.empty();
        }
        DomainEventMessage<?> first = events.next();
        return aggregateType.equals(first.getType()) && eventType.isInstance(first.getPayload())
                ? Optional.of(eventType.cast(first.getPayload()))
                : Optional.empty();
    }
}
