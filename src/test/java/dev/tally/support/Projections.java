package dev.tally.support;

import java.util.List;

import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.DomainEventMessage;

/** Hands events to a projection as its processor does: through its {@code @EventHandler}s, matched by payload. */
public final class Projections {

    private final AnnotationEventHandlerAdapter handlers;

    public Projections(Object projection) {
        this.handlers = new AnnotationEventHandlerAdapter(projection);
    }

    /** Handles each event in turn, as one batch of a processor would. */
    public Projections handle(List<DomainEventMessage<?>> events) throws Exception {
        for (DomainEventMessage<?> event : events) {
            handlers.handle(event);
        }
        return this;
    }

    /** What a replay does first: the projection's {@code @ResetHandler}. */
    public Projections reset() {
        handlers.prepareReset();
        return this;
    }
}
