package dev.tally.ops;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * Health of the event store and the processors that feed everything from it ({@code eventProcessing}
 * in {@code /actuator/health}): down only when the event store or the token store cannot be read,
 * which is this node's own trouble. A processor in error (say the Kafka publisher backing off while
 * the broker is away) or not running is named under {@code degraded}, with each processor's position
 * and lag as details, but leaves the node UP: the same cause would mark every node DOWN at once, and
 * a load balancer would drop them all while they still serve (scaling.md). Watch
 * {@code tally.processor.lag} and the details instead. A processor that passed stored events without
 * handling them ({@link SkippedEventDetector}) is degraded too, and {@code skippedEvents} names the
 * events' global indexes per processor: the node still serves, but that read model misses events
 * until it is replayed.
 */
@Component("eventProcessingHealthIndicator") // shows as "eventProcessing"
class EventProcessingHealth extends AbstractHealthIndicator {

    private final Processors processors;
    private final SkippedEvents skipped;

    EventProcessingHealth(Processors processors, SkippedEvents skipped) {
        super("Event store or token store unavailable");
        this.processors = processors;
        this.skipped = skipped;
    }

    @Override
    protected void doHealthCheck(Health.Builder health) {
        List<ProcessorView> all = processors.all();
        Map<String, List<Long>> skippedEvents = skipped.byProcessor();
        List<String> degraded = Stream.concat(all.stream()
                        .filter(processor -> processor.error() || !processor.running())
                        .map(ProcessorView::name), skippedEvents.keySet().stream())
                .distinct()
                .sorted()
                .toList();
        health.up().withDetail("degraded", degraded).withDetail("skippedEvents", skippedEvents);
        all.forEach(processor -> health.withDetail(processor.name(), processor));
    }
}
