package dev.tally.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import dev.tally.ops.Processors;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.context.ApplicationContext;

/**
 * Replays a read model as an operator does (rebuilt beside the old one, then swapped in) and
 * checks that it comes back the same, and that the old one answered meanwhile.
 */
public final class Replay {

    private final ApplicationContext app;
    private final String name;

    private Replay(ApplicationContext app, String name) {
        this.app = app;
        this.name = name;
    }

    public static Replay of(ApplicationContext app, String processorName) {
        return new Replay(app, processorName);
    }

    /** @param rows the read model's rows, as its query answers them */
    public <T> void givesTheSameRows(Supplier<List<T>> rows) {
        // a replay another test asked for may still run (a second one is refused): it reads the whole store
        Processors processors = app.getBean(Processors.class);
        await().atMost(Duration.ofSeconds(180)).until(() -> !processors.one(name).orElseThrow().replaying());
        awaitCaughtUp();
        List<T> live = rows.get();
        assertThat(live).as("rows before the replay").isNotEmpty();
        double rebuiltBefore = rebuilds();

        processors.replay(name);
        // the rebuild fills copies of the tables: the old rows answer until it is swapped in
        assertThat(rows.get()).as("rows while it rebuilds").isEqualTo(live);

        await().atMost(Duration.ofSeconds(180)).until(() -> rebuilds() > rebuiltBefore);
        assertThat(rows.get()).as("the rebuilt rows").isEqualTo(live);
        awaitCaughtUp();
        assertThat(rows.get()).isEqualTo(live);
    }

    /** The rebuilds of this read model swapped in so far (a replay that did nothing counts none). */
    private double rebuilds() {
        Counter counter = app.getBean(MeterRegistry.class).find("tally.processor.rebuilds").tag("processor", name)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    /** Every segment has handled everything stored by now (not only "caught up" at its last look). */
    private void awaitCaughtUp() {
        StreamingEventProcessor processor = app.getBean(EventProcessingConfiguration.class)
                .eventProcessor(name, StreamingEventProcessor.class).orElseThrow();
        long head = app.getBean(EventStore.class).createHeadToken().position().orElse(-1);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(processor.processingStatus().values())
                .isNotEmpty()
                .allMatch(segment -> segment.getCurrentPosition().orElse(-1) >= head));
    }
}
