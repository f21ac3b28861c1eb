package dev.tally.shared.upcasting;

import java.util.Comparator;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * All {@link JsonUpcast} steps of the application in one {@link EventUpcasterChain}, the only
 * upcaster Axon gets. Building the chain here makes its order explicit: per event type by
 * revision, so each step sees the output of the one before, whatever order Spring creates beans in.
 * Axon runs the chain for the event store, so aggregates, temporal queries and every processor
 * (replays too) read old events in today's shape; the audit trail reads the rows as stored.
 */
@Configuration
public class UpcastingConfig {

    @Bean
    EventUpcaster eventUpcasterChain(ObjectProvider<JsonUpcast> steps) {
        return chainOf(steps.stream().toList());
    }

    /** The steps in the order they must run: per event type, from the oldest revision up. */
    public static EventUpcasterChain chainOf(List<JsonUpcast> steps) {
        List<JsonUpcast> ordered = steps.stream()
                .sorted(Comparator.comparing(JsonUpcast::eventType)
                        .thenComparing(step -> revisionNumber(step.fromRevision())))
                .toList();
        for (int i = 1; i < ordered.size(); i++) {
            JsonUpcast previous = ordered.get(i - 1);
            JsonUpcast step = ordered.get(i);
            if (previous.eventType().equals(step.eventType())
                    && previous.fromRevision().equals(step.fromRevision())) {
                throw new IllegalStateException("two upcasts of " + step.eventType() + " from revision "
                        + step.fromRevision());
            }
        }
        return new EventUpcasterChain(ordered.stream().map(UpcastingConfig::upcaster).toList());
    }

    private static int revisionNumber(String revision) {
        try {
            return Integer.parseInt(revision);
        } catch (NumberFormatException notANumber) {
            throw new IllegalStateException("revisions are whole numbers in Tally, not " + revision, notANumber);
        }
    }

    private static EventUpcaster upcaster(JsonUpcast step) {
        SimpleSerializedType from = new SimpleSerializedType(step.eventType(), step.fromRevision());
        SimpleSerializedType to = new SimpleSerializedType(step.eventType(), step.toRevision());
        return new SingleEventUpcaster() {
            @Override
            protected boolean canUpcast(IntermediateEventRepresentation event) {
                return event.getType().equals(from);
            }

            @Override
            protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation event) {
                return event.upcastPayload(to, JsonNode.class, payload -> {
                    ObjectNode upcast = payload.deepCopy();
                    step.change().accept(upcast);
                    return upcast;
                });
            }
        };
    }
}
