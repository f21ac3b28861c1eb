package dev.tally.feed;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.tally.shared.axon.TallyMetaData;
import dev.tally.shared.security.Caller;
import dev.tally.shared.web.ServerSentEvents;
import jakarta.annotation.PreDestroy;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Streams events to a client as they are stored. Each client reads the event store itself from
 * where it joined (or from the {@code Last-Event-ID} it saw last), so it sees the events of every
 * node, in global order, and can resume after a dropped connection. A customer sees the events of
 * their own commands (the {@code username} on the event); an admin sees all.
 */
@Component
class EventFeed {

    private static final Logger log = LoggerFactory.getLogger(EventFeed.class);

    /** One event as the feed sends it. */
    record FeedEvent(long globalIndex, String type, String aggregateType, String aggregateId, Long sequence,
                     Instant timestamp, Object payload, Map<String, ?> metadata) {
    }

    private final EventStore eventStore;
    private final ServerSentEvents sse;
    private final ExecutorService readers = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "event-feed");
        thread.setDaemon(true);
        return thread;
    });

    EventFeed(EventStore eventStore, ServerSentEvents sse) {
        this.eventStore = eventStore;
        this.sse = sse;
    }

    /**
     * @param types the simple names of the event types to send, or empty for all
     * @param after the global index of the last event the client saw, or null to start now
     */
    ServerSentEvents.Stream open(Caller caller, Set<String> types, Long after) {
        TrackingToken from = after == null ? eventStore.createHeadToken()
                : GapAwareTrackingToken.newInstance(after, Collections.emptySet());
        BlockingStream<TrackedEventMessage<?>> events = eventStore.openStream(from);
        ServerSentEvents.Stream stream = sse.open(events::close);
        readers.execute(() -> {
            try {
                while (stream.isOpen()) {
                    if (events.hasNextAvailable(1, TimeUnit.SECONDS)) {
                        TrackedEventMessage<?> event = events.nextAvailable();
                        if (visible(caller, types, event)) {
                            FeedEvent sent = feedEvent(event);
                            stream.send(sent.type(), Long.toString(sent.globalIndex()), sent);
                        }
                    }
                }
            } catch (InterruptedException stopping) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException failure) {
                log.warn("Event feed stopped: {}", failure.getMessage());
            } finally {
                stream.close();
            }
        });
        return stream;
    }

    private static boolean visible(Caller caller, Set<String> types, TrackedEventMessage<?> event) {
        boolean wanted = types.isEmpty() || types.contains(event.getPayloadType().getSimpleName());
        return wanted && (caller.admin() || caller.subject().equals(event.getMetaData().get(TallyMetaData.USERNAME)));
    }

    private static FeedEvent feedEvent(TrackedEventMessage<?> event) {
        long position = event.trackingToken().position().orElse(-1);
        boolean domain = event instanceof DomainEventMessage<?>;
        DomainEventMessage<?> inAggregate = domain ? (DomainEventMessage<?>) event : null;
        return new FeedEvent(position, event.getPayloadType().getSimpleName(),
                domain ? inAggregate.getType() : null, domain ? inAggregate.getAggregateIdentifier() : null,
                domain ? inAggregate.getSequenceNumber() : null, event.getTimestamp(), event.getPayload(),
                event.getMetaData());
    }

    @PreDestroy
    void stop() {
        readers.shutdownNow();
    }
}
