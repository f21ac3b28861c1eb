package dev.tally.support;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.tally.shared.readmodel.ViewFold;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;

/**
 * One aggregate's events as the event store hands them to folds and projections: numbered from
 * 0, one second apart, for read-model tests that need no event store.
 */
public final class GivenEvents {

    public static final Instant START = Instant.parse("2026-11-01T09:00:00Z");

    private final String aggregateType;
    private final String aggregateId;
    private final List<DomainEventMessage<?>> events = new ArrayList<>();

    private GivenEvents(String aggregateType, String aggregateId) {
        this.aggregateType = aggregateType;
        this.aggregateId = aggregateId;
    }

    public static GivenEvents of(String aggregateType, String aggregateId, Object... payloads) {
        GivenEvents given = new GivenEvents(aggregateType, aggregateId);
        for (Object payload : payloads) {
            given.then(payload);
        }
        return given;
    }

    /** The next event of the aggregate. */
    public GivenEvents then(Object payload) {
        long sequence = events.size();
        events.add(new GenericDomainEventMessage<>(aggregateType, aggregateId, sequence, payload, MetaData.emptyInstance(),
                "event-" + aggregateId + "-" + sequence, START.plusSeconds(sequence)));
        return this;
    }

    public List<DomainEventMessage<?>> events() {
        return List.copyOf(events);
    }

    /** The view after all the events, folded one by one. */
    public <V> V foldedBy(ViewFold<V> fold) {
        V view = null;
        for (DomainEventMessage<?> event : events) {
            view = fold.next(view, event);
        }
        return view;
    }
}
