package dev.tally.ops;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * Health of the event store and the processors that feed everything from it ({@code eventProcessing}
 * in {@code /actuator/health}): down when the event store cannot be read or a processor is in error,
 * with each processor's position and lag as details.
 */
@Component("eventProcessingHealthIndicator") // shows as "eventProcessing"
class EventProcessingHealth extends AbstractHealthIndicator {

    private final Processors processors;

    EventProcessingHealth(Processors processors) {
        super("Event store or processors unavailable");
        this.processors = processors;
    }

    @Override
    protected void doHealthCheck(Health.Builder health) {
        var all = processors.all();
        boolean failing = all.stream().anyMatch(processor -> processor.error() || !processor.running());
        health.status(failing ? "DOWN" : "UP");
        all.forEach(processor -> health.withDetail(processor.name(), processor));
    }
}
