package dev.tally.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.context.ApplicationContext;

/** Replays a streaming processor from the first event and checks that its read model comes back the same. */
public final class Replay {

    private final StreamingEventProcessor processor;
    private final EventStore eventStore;

    private Replay(StreamingEventProcessor processor, EventStore eventStore) {
        this.processor = processor;
        this.eventStore = eventStore;
    }

    public static Replay of(ApplicationContext app, String processorName) {
        return new Replay(app.getBean(EventProcessingConfiguration.class)
                .eventProcessor(processorName, StreamingEventProcessor.class).orElseThrow(),
                app.getBean(EventStore.class));
    }

    /** @param rows the read model's rows, as its query answers them */
    public <T> void givesTheSameRows(Supplier<List<T>> rows) {
        awaitCaughtUp();
        List<T> live = rows.get();
        assertThat(live).as("rows before the replay").isNotEmpty();

        processor.shutDown();
        processor.resetTokens();
        // the reset handler cleared the read model: whatever comes back is rebuilt from the events
        assertThat(rows.get()).as("rows right after the reset").isEmpty();
        processor.start();

        // a segment stays "replaying" until it sees an event past the reset point, so wait for the rows
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(rows.get()).isEqualTo(live));
        awaitCaughtUp();
        assertThat(rows.get()).isEqualTo(live);
    }

    /** Every segment has handled everything stored by now (not only "caught up" at its last look). */
    private void awaitCaughtUp() {
        long head = eventStore.createHeadToken().position().orElse(-1);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(processor.processingStatus().values())
                .isNotEmpty()
                .allMatch(segment -> segment.getCurrentPosition().orElse(-1) >= head));
    }
}
