package dev.tally.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * {@code tally.processor.lag}: per processor, how many events it is behind the head of the event
 * store (the same figure as {@code GET /api/admin/processors}), for alerts on a processor that
 * falls behind or stops. Registered once the application is up and its processors exist.
 */
@Component
class ProcessorLagMetrics {

    private final Processors processors;
    private final MeterRegistry registry;

    ProcessorLagMetrics(Processors processors, MeterRegistry registry) {
        this.processors = processors;
        this.registry = registry;
    }

    @EventListener(ApplicationReadyEvent.class)
    void register() {
        for (ProcessorView processor : processors.all()) {
            Gauge.builder("tally.processor.lag", processors, all -> lagOf(all, processor.name()))
                    .tag("processor", processor.name())
                    .description("events the processor is behind the head of the event store")
                    .register(registry);
        }
    }

    /** Per scrape, each gauge reads its own processor and the head of the store once, not all of them. */
    private static long lagOf(Processors processors, String name) {
        return processors.one(name).map(ProcessorView::lag).orElse(0L);
    }
}
