package dev.tally.support;

import java.util.List;

import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;

/** Hands events to a projection as its processor does: through its {@code @EventHandler}s, matched by payload. */
public final class Projections {

    private final AnnotationEventHandlerAdapter handlers;

    public Projections(Object projection) {
        this.handlers = new AnnotationEventHandlerAdapter(projection);
    }

    /** Handles each event in turn in one unit of work for the batch, as a processor does. */
    public Projections handle(List<DomainEventMessage<?>> events) throws Exception {
        BatchingUnitOfWork<DomainEventMessage<?>> batch = new BatchingUnitOfWork<>(events);
        ResultMessage<?> result = batch.executeWithResult(() -> handlers.handle(batch.getMessage()));
        if (result.isExceptional()) {
            throw result.exceptionResult() instanceof Exception failure ? failure
                    : new IllegalStateException(result.exceptionResult());
        }
        return this;
    }

    /** What a replay does first: the projection's {@code @ResetHandler}. */
    public Projections reset() {
        handlers.prepareReset();
        return this;
    }
}
