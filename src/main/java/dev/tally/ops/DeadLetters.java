package dev.tally.ops;

import java.util.ArrayList;
import java.util.List;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.Cause;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.springframework.stereotype.Component;

/**
 * The dead-letter queues of the processors that have one (the read models: see
 * {@code axon.eventhandling.processors.*.dlq.enabled}). A handler that fails on an event parks it
 * here, and later events of the same aggregate follow it, in order, so a read model never applies
 * them out of order; other aggregates keep flowing. A retry handles the parked events again, in order.
 */
@Component
class DeadLetters {

    private final EventProcessingConfiguration processing;

    DeadLetters(EventProcessingConfiguration processing) {
        this.processing = processing;
    }

    List<DeadLetterView> all() {
        List<DeadLetterView> letters = new ArrayList<>();
        for (String processor : processing.eventProcessors().keySet().stream().sorted().toList()) {
            processing.deadLetterQueue(processor).ifPresent(queue -> letters.addAll(of(processor, queue)));
        }
        return letters;
    }

    /** Handles the processor's parked sequences again until none is left or one fails again; how many went through. */
    int retry(String processor) {
        if (!processing.eventProcessors().containsKey(processor)) {
            throw OperationRefused.unknownProcessor(processor);
        }
        SequencedDeadLetterProcessor<EventMessage<?>> letters = processing.sequencedDeadLetterProcessor(processor)
                .orElseThrow(() -> OperationRefused.noDeadLetterQueue(processor));
        int processed = 0;
        long sequences = processing.deadLetterQueue(processor).map(SequencedDeadLetterQueue::amountOfSequences)
                .orElse(0L);
        // each round takes one sequence; a sequence that fails again stays, so stop after one pass
        for (long i = 0; i < sequences && letters.processAny(); i++) {
            processed++;
        }
        return processed;
    }

    private static List<DeadLetterView> of(String processor, SequencedDeadLetterQueue<EventMessage<?>> queue) {
        List<DeadLetterView> letters = new ArrayList<>();
        for (Iterable<DeadLetter<? extends EventMessage<?>>> sequence : queue.deadLetters()) {
            int position = 0;
            for (DeadLetter<? extends EventMessage<?>> letter : sequence) {
                EventMessage<?> event = letter.message();
                String aggregateId = event instanceof DomainEventMessage<?> domain ? domain.getAggregateIdentifier()
                        : null;
                letters.add(new DeadLetterView(processor, aggregateId, position++,
                        event.getPayloadType().getSimpleName(), event.getIdentifier(), event.getTimestamp(),
                        letter.enqueuedAt(), letter.lastTouched(),
                        letter.cause().map(Cause::type).orElse(null),
                        letter.cause().map(Cause::message).orElse(null)));
            }
        }
        return letters;
    }
}
