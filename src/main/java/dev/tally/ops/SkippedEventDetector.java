package dev.tally.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.tally.shared.axon.NodeId;
import dev.tally.shared.eventstore.EmptyIndexes;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.AbstractEventProcessor;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.modelling.saga.AbstractSagaManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Finds stored events that a processor passed without handling: events whose transaction committed
 * after the processor had given their global index up (Axon's gap timeout, {@code GapSettings}).
 *
 * <p>The method, every {@code tally.event-store.skip-check} (1 s): read each streaming processor's
 * segment tokens from the shared token store, <em>then</em> ask the event store which of the indexes
 * a token newly covers (passed since the last check, or a gap it no longer holds) have no event. An
 * index that has no event after the token had passed it had none when the token passed it (a commit
 * is never undone, and Tally never deletes events), so the segment did not read it. Such an index is
 * watched for {@code tally.event-store.skip-watch} (10 min, far beyond any transaction's bound); most
 * never fill (a rolled-back append leaves its index empty for good). One that fills is an event the
 * segment never handled: it is recorded in {@code skipped_event}, if the segment is the one that
 * handles the event (its aggregate's segment, for a read model; any, for a saga) and the processor
 * handles its type. So nothing is reported that was handled. What can go unseen: an event that
 * commits within one check of the moment a token passed its index (it already exists at the check,
 * and is taken for read); with the settings' bounds, such a transaction would have been open for
 * more than the gap timeout.
 *
 * <p>Every node checks every processor (the token store is shared), so the detection does not depend
 * on which node holds a segment or lives; the table's key keeps one row per processor and event, and
 * only the node that wrote the row logs it. {@code tally.events.skipped} (per processor) and the
 * health details read the table, the same on every node. A processor reset to before a skipped event
 * (a replay) handles it again, and its rows go.
 */
@Component
class SkippedEventDetector {

    private static final Logger log = LoggerFactory.getLogger(SkippedEventDetector.class);
    private static final int CHUNK = 500;

    private final EventProcessingConfiguration processing;
    private final SharedTokens tokens;
    private final SkippedEvents skipped;
    private final JdbcTemplate jdbc;
    private final EmptyIndexes emptyIndexes;
    private final NodeId node;
    private final MeterRegistry registry;
    private final Duration every;
    private final Duration watchFor;
    private final Clock clock = Clock.systemUTC();
    /** What the detector remembers of each processor segment; touched by the timer thread only. */
    private final Map<SegmentKey, Watch> watches = new ConcurrentHashMap<>();
    /** The table as last read: per processor, its skipped events' indexes. */
    private volatile Map<String, List<Long>> known = Map.of();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "skipped-event-detector");
        thread.setDaemon(true);
        return thread;
    });

    SkippedEventDetector(EventProcessingConfiguration processing, SharedTokens tokens, SkippedEvents skipped,
                         JdbcTemplate jdbc, EmptyIndexes emptyIndexes, NodeId node, MeterRegistry registry,
                         @Value("${tally.event-store.skip-check:1s}") Duration every,
                         @Value("${tally.event-store.skip-watch:10m}") Duration watchFor) {
        this.processing = processing;
        this.tokens = tokens;
        this.skipped = skipped;
        this.jdbc = jdbc;
        this.emptyIndexes = emptyIndexes;
        this.node = node;
        this.registry = registry;
        this.every = every;
        this.watchFor = watchFor;
    }

    private record SegmentKey(String processor, int segment) {
    }

    private static final class Watch {
        private GapAwareTrackingToken last;
        /** Indexes the segment's token passed while they had no event, and when that was seen. */
        private final Map<Long, Instant> passedWhileEmpty = new ConcurrentHashMap<>(); // read by watching()
    }

    /** What one segment's token newly covers since the last check. */
    private record Passed(Watch watch, List<Long> droppedGaps, long from, long to, Set<Long> gapsNow) {
    }

    private record StoredAt(long globalIndex, String aggregateId, String type, String eventId, String payloadType) {
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        for (String processor : streamingProcessors()) {
            Gauge.builder("tally.events.skipped", this, detector -> detector.known.getOrDefault(processor, List.of()).size())
                    .tag("processor", processor)
                    .description("stored events the processor passed without handling (the same on every node)")
                    .register(registry);
        }
        timer.scheduleWithFixedDelay(this::checkSafely, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The indexes every segment of the processor passed while they had no event, watched now (for tests). */
    Set<Long> watchedByEverySegment(String processor) {
        Set<Long> indexes = null;
        for (Map.Entry<SegmentKey, Watch> watch : watches.entrySet()) {
            if (watch.getKey().processor().equals(processor)) {
                if (indexes == null) {
                    indexes = new TreeSet<>(watch.getValue().passedWhileEmpty.keySet());
                } else {
                    indexes.retainAll(watch.getValue().passedWhileEmpty.keySet());
                }
            }
        }
        return indexes == null ? Set.of() : indexes;
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }

    private void checkSafely() {
        try {
            check();
        } catch (RuntimeException failure) {
            log.warn("Skipped-event check failed (tried again in {}): {}", every, failure.getMessage());
        }
    }

    private void check() {
        Instant now = clock.instant();
        // the tokens first, the store second: see the class comment
        Map<String, List<SharedTokens.Segment>> segments = new TreeMap<>();
        for (String processor : streamingProcessors()) {
            segments.put(processor, freshest(processor, tokens.of(processor)));
        }
        List<Passed> passed = new ArrayList<>();
        Map<String, Long> resetTo = new HashMap<>();
        segments.forEach((processor, all) -> all.forEach(segment -> {
            Watch watch = watches.computeIfAbsent(new SegmentKey(processor, segment.segment()), key -> new Watch());
            GapAwareTrackingToken token = gapAware(segment.token());
            GapAwareTrackingToken last = watch.last;
            watch.last = token;
            if (token == null && last != null) {
                watch.passedWhileEmpty.clear(); // reset to the start of the store
                resetTo.merge(processor, -1L, Math::min);
            }
            if (token == null || last == null) {
                return; // nothing to compare with yet: the first check sets where watching starts
            }
            if (token.getIndex() < last.getIndex()) {
                if (segment.token() instanceof ReplayToken) {
                    watch.passedWhileEmpty.clear(); // reset: the segment reads everything again
                    resetTo.merge(processor, token.getIndex(), Math::min);
                } else {
                    watch.last = last; // a stored token behind the one this node held before it let go
                }
                return;
            }
            List<Long> dropped = last.getGaps().stream()
                    .filter(gap -> gap <= token.getIndex() && !token.getGaps().contains(gap))
                    .toList();
            passed.add(new Passed(watch, dropped, last.getIndex() + 1, token.getIndex(), token.getGaps()));
        }));
        NavigableSet<Long> empty = emptyIndexes(passed);
        for (Passed segment : passed) {
            segment.droppedGaps().stream().filter(empty::contains)
                    .forEach(index -> segment.watch().passedWhileEmpty.putIfAbsent(index, now));
            if (segment.from() <= segment.to()) {
                empty.subSet(segment.from(), true, segment.to(), true).stream()
                        .filter(index -> !segment.gapsNow().contains(index))
                        .forEach(index -> segment.watch().passedWhileEmpty.putIfAbsent(index, now));
            }
        }
        resetTo.forEach(skipped::forgetAfter);
        reportCommittedSince(segments);
        Instant forgetBefore = now.minus(watchFor);
        watches.values().forEach(watch -> watch.passedWhileEmpty.values().removeIf(seen -> seen.isBefore(forgetBefore)));
        known = skipped.byProcessor();
    }

    /** The indexes without an event among those the segments newly passed, read in a few ranges. */
    private NavigableSet<Long> emptyIndexes(List<Passed> passed) {
        TreeMap<Long, Long> ranges = new TreeMap<>();
        for (Passed segment : passed) {
            segment.droppedGaps().forEach(gap -> ranges.merge(gap, gap, Math::max));
            if (segment.from() <= segment.to()) {
                ranges.merge(segment.from(), segment.to(), Math::max);
            }
        }
        NavigableSet<Long> empty = new TreeSet<>();
        long coveredTo = Long.MIN_VALUE;
        long start = 0;
        for (Map.Entry<Long, Long> range : ranges.entrySet()) {
            if (range.getKey() > coveredTo + 1) {
                if (coveredTo != Long.MIN_VALUE) {
                    empty.addAll(emptyIndexes.between(start, coveredTo));
                }
                start = range.getKey();
            }
            coveredTo = Math.max(coveredTo, range.getValue());
        }
        if (coveredTo != Long.MIN_VALUE) {
            empty.addAll(emptyIndexes.between(start, coveredTo));
        }
        return empty;
    }

    /** Records the watched indexes that have an event now, where the segment was the one to handle it. */
    private void reportCommittedSince(Map<String, List<SharedTokens.Segment>> segments) {
        Set<Long> watched = new TreeSet<>();
        watches.values().forEach(watch -> watched.addAll(watch.passedWhileEmpty.keySet()));
        if (watched.isEmpty()) {
            return;
        }
        Map<Long, StoredAt> committed = stored(new ArrayList<>(watched));
        watches.forEach((key, watch) -> committed.values().stream()
                .filter(event -> watch.passedWhileEmpty.remove(event.globalIndex()) != null)
                .filter(event -> handledBy(key, segments.getOrDefault(key.processor(), List.of()), event))
                .forEach(event -> report(key, event)));
    }

    private Map<Long, StoredAt> stored(List<Long> indexes) {
        Map<Long, StoredAt> found = new HashMap<>();
        for (int at = 0; at < indexes.size(); at += CHUNK) {
            List<Long> chunk = indexes.subList(at, Math.min(at + CHUNK, indexes.size()));
            String marks = String.join(",", Collections.nCopies(chunk.size(), "?"));
            jdbc.query("select global_index, aggregate_identifier, type, event_identifier, payload_type"
                            + " from domain_event_entry where global_index in (" + marks + ")",
                    row -> {
                        StoredAt event = new StoredAt(row.getLong(1), row.getString(2), row.getString(3),
                                row.getString(4), row.getString(5));
                        found.put(event.globalIndex(), event);
                    }, chunk.toArray());
        }
        return found;
    }

    /**
     * Whether the segment was the one to handle the event: the processor handles its type, and the
     * event falls in the segment as Axon places it (by aggregate, or by the event's id for an event
     * of no aggregate). A saga's segments are found by association, not by aggregate: any of them.
     */
    private boolean handledBy(SegmentKey key, List<SharedTokens.Segment> all, StoredAt event) {
        EventProcessor processor = processing.eventProcessor(key.processor()).orElse(null);
        if (!(processor instanceof AbstractEventProcessor handling)) {
            return true;
        }
        if (!handlesType(handling, event.payloadType())) {
            return false;
        }
        if (handling.eventHandlerInvoker() instanceof AbstractSagaManager<?>) {
            return true;
        }
        int[] ids = all.stream().mapToInt(SharedTokens.Segment::segment).toArray();
        if (ids.length == 0) {
            return true;
        }
        Segment segment = Segment.computeSegment(key.segment(), ids);
        String sequence = event.type() != null ? event.aggregateId() : event.eventId();
        return segment.matches(sequence);
    }

    private static boolean handlesType(AbstractEventProcessor processor, String payloadType) {
        try {
            return processor.eventHandlerInvoker().canHandleType(
                    Class.forName(payloadType, false, SkippedEventDetector.class.getClassLoader()));
        } catch (ClassNotFoundException | LinkageError unknownType) {
            return true; // a type this build does not know: say so rather than stay silent
        }
    }

    private void report(SegmentKey key, StoredAt event) {
        if (skipped.record(new SkippedEvents.Skipped(key.processor(), event.globalIndex(), event.aggregateId(),
                event.payloadType()), node.value())) {
            log.warn("Processor {} passed event {} ({} of {}) before it was committed and will never handle it;"
                            + " a replay of the processor handles it (running.md, \"Gaps and skipped events\")",
                    key.processor(), event.globalIndex(), event.payloadType(), event.aggregateId());
        }
    }

    /**
     * The stored tokens, with this node's own segments as their work is now: a pooled processor stores
     * a segment's token only now and then, so the stored one can trail what the segment has read by
     * seconds, and an event committed in between would pass for read.
     */
    private List<SharedTokens.Segment> freshest(String processor, List<SharedTokens.Segment> stored) {
        Map<Integer, EventTrackerStatus> here = processing.eventProcessor(processor, StreamingEventProcessor.class)
                .map(StreamingEventProcessor::processingStatus)
                .orElse(Map.of());
        return stored.stream().map(segment -> {
            EventTrackerStatus status = here.get(segment.segment());
            TrackingToken now = status == null || status.isErrorState() ? null : status.getTrackingToken();
            return now == null ? segment : new SharedTokens.Segment(segment.segment(), segment.owner(), now);
        }).toList();
    }

    private List<String> streamingProcessors() {
        return processing.eventProcessors().values().stream()
                .filter(StreamingEventProcessor.class::isInstance)
                .map(EventProcessor::getName)
                .sorted()
                .toList();
    }

    /** The position a segment has read up to: a replay's or a merge's lower bound. */
    private static GapAwareTrackingToken gapAware(TrackingToken token) {
        if (token == null) {
            return null;
        }
        return WrappedToken.unwrapLowerBound(token) instanceof GapAwareTrackingToken gapAware ? gapAware : null;
    }
}
