package dev.tally.feed;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

import dev.tally.shared.axon.TallyMetaData;
import dev.tally.shared.eventstore.EmptyIndexes;
import dev.tally.shared.security.Caller;
import dev.tally.shared.web.ServerSentEvents;
import dev.tally.shared.web.StreamLimits;
import dev.tally.shared.web.TooManyRequests;
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
 * node, in global order, and can resume after a dropped connection. The tokens it reads with are
 * gap-aware like the processors' (an append that commits after a later one is still sent), and each
 * event's id names the position with its gaps ({@link FeedPosition}), so a client that resumes with
 * it gets such a late event too. A customer sees the events of
 * their own commands (the {@code username} on the event); an admin sees all.
 *
 * <p>Each client's stream has a reader thread of its own, which opens the event-store stream,
 * follows it while the client stays and closes it when the client has gone. There are never more
 * readers than live streams may be open ({@code tally.streams.total}, {@link StreamLimits}).
 */
@Component
public class EventFeed {

    private static final Logger log = LoggerFactory.getLogger(EventFeed.class);

    /** One event as the feed sends it. */
    record FeedEvent(long globalIndex, String type, String aggregateType, String aggregateId, Long sequence,
                     Instant timestamp, Object payload, Map<String, ?> metadata) {
    }

    /** How far below a position the feed looks for indexes that may still fill. */
    private static final int RECENT = 10_000;

    private final EventStore eventStore;
    private final EmptyIndexes emptyIndexes;
    private final ServerSentEvents sse;
    private final ThreadPoolExecutor readers;

    EventFeed(EventStore eventStore, EmptyIndexes emptyIndexes, ServerSentEvents sse, StreamLimits limits) {
        this.eventStore = eventStore;
        this.emptyIndexes = emptyIndexes;
        this.sse = sse;
        AtomicInteger threads = new AtomicInteger();
        // A reader ends within a second of its client's going, and that stream's place under the cap
        // is free at once: a new stream's reader waits in the queue for that second. The queue fills
        // only if clients come and go faster than that (then a 429, see read). Idle threads end after a while.
        this.readers = new ThreadPoolExecutor(limits.total(), limits.total(), 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(limits.total()), task -> {
                    Thread thread = new Thread(task, "event-feed-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        readers.allowCoreThreadTimeOut(true);
    }

    /**
     * @param types the simple names of the event types to send, or empty for all
     * @param after the id of the last event the client saw ({@link FeedPosition}), or null to start now
     * @throws dev.tally.shared.web.TooManyRequests when the caller or the node has as many live streams as it may
     */
    ServerSentEvents.Stream open(Caller caller, Set<String> types, String after) {
        return sse.open(caller.subject(), stream -> {
            // taken here, not by the reader: the client joins when it asks, even if its reader waits a moment
            TrackingToken from = after == null ? now() : resumeAt(after);
            read(() -> follow(stream, from, caller, types));
            return () -> { }; // the reader sees the stream closed within a second and closes what it opened
        });
    }

    /**
     * An aggregate's read-model view now and after each of its events, from whichever node stored
     * the event: the reader follows the event store (not this node's projection, which may not hold
     * the aggregate's segment) and sends the view once the read model has caught up to the event.
     * A slow client holds back only its own reader, never a projection.
     *
     * @param subject whose stream it is (for the per-user cap)
     * @param view    reads the view from the read model
     * @param version the view's version (the sequence of the last event it folded)
     * @param send    sends a view to the client
     */
    public <V> ServerSentEvents.Stream followAggregate(String subject, String aggregateId, Supplier<Optional<V>> view,
                                                       ToLongFunction<V> version,
                                                       BiConsumer<ServerSentEvents.Stream, V> send) {
        return sse.open(subject, stream -> {
            TrackingToken from = now();
            read(() -> {
                AtomicLong sent = new AtomicLong(-1);
                // the aggregate exists (the caller was let in): wait for the read model to show it
                caughtUp(stream, view, version, 0).ifPresent(now -> {
                    send.accept(stream, now);
                    sent.set(version.applyAsLong(now));
                });
                follow(stream, from, event -> event instanceof DomainEventMessage<?> domain
                        && aggregateId.equals(domain.getAggregateIdentifier())
                        && domain.getSequenceNumber() > sent.get(), event -> {
                    long sequence = ((DomainEventMessage<?>) event).getSequenceNumber();
                    caughtUp(stream, view, version, sequence).filter(latest -> version.applyAsLong(latest) > sent.get())
                            .ifPresent(latest -> {
                                send.accept(stream, latest);
                                sent.set(version.applyAsLong(latest));
                            });
                });
            });
            return () -> { };
        });
    }

    /**
     * Starts a stream's reader. The queue is full only when clients have come and gone faster than
     * their readers could notice (within a second each): then this client tries again in a moment,
     * as when the node's streams are all taken.
     */
    private void read(Runnable reader) {
        try {
            readers.execute(reader);
        } catch (RejectedExecutionException full) {
            throw new TooManyRequests("too-many-streams-in-total",
                    "This server is still closing the live streams of clients that left; try again in a moment",
                    Duration.ofSeconds(1));
        }
    }

    /**
     * The head of the store, with the indexes below it that have no event yet as gaps: an append that
     * took its index before the client joined and commits after is an event the client is sent (the
     * store's own head token has no gaps, and a follower started there never saw such an event).
     */
    private TrackingToken now() {
        TrackingToken head = eventStore.createHeadToken();
        if (head == null) {
            return null; // an empty store: from its first event
        }
        return withOpenIndexes(head.position().orElse(-1));
    }

    /**
     * Where a client that comes back resumes: at the position its last event named, gaps and all. A
     * plain index (ids before gaps were named) gets the indexes below it that are empty now as gaps.
     */
    private TrackingToken resumeAt(String after) {
        GapAwareTrackingToken position = FeedPosition.parse(after);
        return FeedPosition.namesGaps(after) ? position
                : withOpenIndexes(position.getIndex());
    }

    /**
     * Only the last {@value #RECENT} indexes: an older one is either empty for good or is given up
     * by the store's own gap cleaning ({@code GapSettings}), for the feed as for the processors.
     */
    private GapAwareTrackingToken withOpenIndexes(long index) {
        return GapAwareTrackingToken.newInstance(index, emptyIndexes.between(Math.max(0, index - RECENT + 1), index));
    }

    /**
     * The view once it has folded the sequence, polled while the client stays (a read model that
     * is far behind keeps only this client's reader waiting); empty if the client went first.
     */
    private static <V> Optional<V> caughtUp(ServerSentEvents.Stream stream, Supplier<Optional<V>> view,
                                            ToLongFunction<V> version, long sequence) {
        long pause = 20;
        Optional<V> latest = view.get();
        while (latest.map(found -> version.applyAsLong(found) < sequence).orElse(true)) {
            if (!stream.isOpen()) {
                return Optional.empty();
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException stopping) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
            pause = Math.min(pause * 2, 500);
            latest = view.get();
        }
        return latest;
    }

    private void follow(ServerSentEvents.Stream stream, TrackingToken from, Caller caller, Set<String> types) {
        follow(stream, from, event -> visible(caller, types, event), event -> {
            FeedEvent sent = feedEvent(event);
            stream.send(sent.type(), FeedPosition.of(event.trackingToken()), sent);
        });
    }

    private void follow(ServerSentEvents.Stream stream, TrackingToken from, Predicate<TrackedEventMessage<?>> wanted,
                        Consumer<TrackedEventMessage<?>> send) {
        if (!stream.isOpen()) {
            return; // the client went while its reader waited for a thread
        }
        try (BlockingStream<TrackedEventMessage<?>> events = eventStore.openStream(from)) {
            while (stream.isOpen()) {
                if (events.hasNextAvailable(1, TimeUnit.SECONDS)) {
                    TrackedEventMessage<?> event = events.nextAvailable();
                    if (wanted.test(event)) {
                        send.accept(event);
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
