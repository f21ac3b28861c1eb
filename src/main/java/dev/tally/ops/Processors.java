package dev.tally.ops;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

/**
 * The application's streaming processors, as operators see and steer them: their position and lag,
 * and replaying one from the first event. Only processors that support a reset can be replayed:
 * the payment process (a saga, which sends commands) does not, so a replay never repeats a
 * payment; read models clear themselves in their reset handlers.
 */
@Component
public class Processors {

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;

    Processors(EventProcessingConfiguration processing, EventStore eventStore) {
        this.processing = processing;
        this.eventStore = eventStore;
    }

    public List<ProcessorView> all() {
        long head = head();
        return processing.eventProcessors().values().stream()
                .filter(StreamingEventProcessor.class::isInstance)
                .map(StreamingEventProcessor.class::cast)
                .map(processor -> view(processor, head))
                .sorted(Comparator.comparing(ProcessorView::name))
                .toList();
    }

    /** One processor's view, reading the head of the store once; empty if there is no such processor. */
    public Optional<ProcessorView> one(String name) {
        return processing.eventProcessor(name, StreamingEventProcessor.class)
                .map(processor -> view(processor, head()));
    }

    public ProcessorView replay(String name) {
        StreamingEventProcessor processor = processing.eventProcessor(name, StreamingEventProcessor.class)
                .orElseThrow(() -> OperationRefused.unknownProcessor(name));
        if (!processor.supportsReset()) {
            throw OperationRefused.notReplayable(name);
        }
        processor.shutDown();
        processor.resetTokens();
        processor.start();
        return view(processor, head());
    }

    private long head() {
        TrackingToken head = eventStore.createHeadToken();
        return head == null ? -1 : head.position().orElse(-1);
    }

    private static ProcessorView view(StreamingEventProcessor processor, long head) {
        Collection<EventTrackerStatus> segments = processor.processingStatus().values();
        Long position = segments.stream()
                .map(EventTrackerStatus::getCurrentPosition)
                .filter(OptionalLong::isPresent)
                .map(OptionalLong::getAsLong)
                .min(Long::compare)
                .orElse(null);
        boolean replaying = segments.stream().anyMatch(Processors::rebuilding);
        return new ProcessorView(processor.getName(), processor.isRunning(), replaying, segments.size(), position,
                position == null ? Math.max(head + 1, 0) : Math.max(head - position, 0),
                replaying ? progress(segments) : null, processor.isError());
    }

    /**
     * Whether a segment is still on its way to where the reset found the head. Axon keeps a segment
     * flagged as replaying until it sees an event past that point, which on a quiet store can be
     * long after the read model was rebuilt; an operator asks whether the rebuild is done.
     */
    private static boolean rebuilding(EventTrackerStatus segment) {
        return segment.isReplaying() && segment.getCurrentPosition().orElse(-1) < segment.getResetPosition().orElse(-1);
    }

    /** The least advanced segment's way from the start to where the reset found the head. */
    private static BigDecimal progress(Collection<EventTrackerStatus> segments) {
        return segments.stream()
                .filter(Processors::rebuilding)
                .map(segment -> {
                    long target = segment.getResetPosition().orElse(0);
                    long at = segment.getCurrentPosition().orElse(0);
                    return target <= 0 ? BigDecimal.ONE
                            : BigDecimal.valueOf(Math.min(at, target)).divide(BigDecimal.valueOf(target), 2,
                            RoundingMode.DOWN);
                })
                .min(BigDecimal::compareTo)
                .orElse(BigDecimal.ONE);
    }
}
