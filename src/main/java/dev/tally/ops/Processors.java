package dev.tally.ops;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The application's streaming processors, as operators see and steer them: their position and lag
 * as the shared token store says (the same on every node), and replaying one from the first event
 * (ReplayCoordination: a read model that names its tables is rebuilt beside the old one, which keeps
 * answering). Only processors that support a reset can be replayed:
 * the payment process (a saga, which sends commands) does not, so a replay never repeats a
 * payment; read models clear themselves in their reset handlers.
 */
@Component
public class Processors {

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;
    private final SharedTokens tokens;
    private final JdbcTemplate jdbc;
    private final ReplayCoordination replays;
    private final Clock clock = Clock.systemUTC();

    Processors(EventProcessingConfiguration processing, EventStore eventStore, SharedTokens tokens, JdbcTemplate jdbc,
               ReplayCoordination replays) {
        this.processing = processing;
        this.eventStore = eventStore;
        this.tokens = tokens;
        this.jdbc = jdbc;
        this.replays = replays;
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
        replays.request(processor);
        return view(processor, head());
    }

    private long head() {
        TrackingToken head = eventStore.createHeadToken();
        return head == null ? -1 : head.position().orElse(-1);
    }

    /**
     * Where the processor stands, from the shared token store: its position (the least advanced
     * segment), lag, replay progress and which nodes hold its segments. Only {@code error} is this
     * node's (an error is a node's own).
     */
    private ProcessorView view(StreamingEventProcessor processor, long head) {
        List<SharedTokens.Segment> segments = tokens.of(processor.getName());
        boolean unstarted = segments.isEmpty() || segments.stream().anyMatch(segment -> segment.token() == null);
        Long position = unstarted ? null : segments.stream()
                .map(segment -> segment.token().position())
                .filter(OptionalLong::isPresent)
                .map(OptionalLong::getAsLong)
                .min(Long::compare)
                .orElse(null);
        List<TrackingToken> rebuilding = segments.stream().map(SharedTokens.Segment::token)
                .filter(Processors::rebuilding).toList();
        List<ProcessorView.Node> nodes = segments.stream()
                .filter(segment -> segment.owner() != null)
                .collect(Collectors.groupingBy(SharedTokens.Segment::owner, TreeMap::new, Collectors.counting()))
                .entrySet().stream()
                .map(owner -> new ProcessorView.Node(owner.getKey(), owner.getValue().intValue()))
                .toList();
        // a read model rebuilt beside the old one: its processor goes on, and the rebuild's progress shows
        BigDecimal progress = replays.rebuildProgress(processor.getName())
                .orElse(rebuilding.isEmpty() ? null : progress(rebuilding));
        return new ProcessorView(processor.getName(), !nodes.isEmpty(), progress != null, segments.size(),
                position, position == null ? Math.max(head + 1, 0) : Math.max(head - position, 0),
                lagSeconds(position), nodes, progress, processor.isError());
    }

    /** The age of the oldest event the processor has not handled (0 when it has handled them all). */
    private long lagSeconds(Long position) {
        List<String> next = jdbc.queryForList("select time_stamp from domain_event_entry where global_index > ?"
                + " order by global_index fetch first 1 rows only", String.class, position == null ? -1 : position);
        return next.isEmpty() ? 0 : Math.max(0, Duration.between(Instant.parse(next.get(0)), clock.instant()).toSeconds());
    }

    /**
     * Whether a segment is still on its way to where the reset found the head. Axon keeps a segment
     * flagged as replaying until it sees an event past that point, which on a quiet store can be
     * long after the read model was rebuilt; an operator asks whether the rebuild is done.
     */
    private static boolean rebuilding(TrackingToken token) {
        return token instanceof ReplayToken replay
                && replay.position().orElse(-1) < replay.getTokenAtReset().position().orElse(-1);
    }

    /** The least advanced segment's way from the start to where the reset found the head. */
    private static BigDecimal progress(List<TrackingToken> rebuilding) {
        return rebuilding.stream()
                .map(ReplayToken.class::cast)
                .map(segment -> {
                    long target = segment.getTokenAtReset().position().orElse(0);
                    long at = segment.position().orElse(0);
                    return target <= 0 ? BigDecimal.ONE
                            : BigDecimal.valueOf(Math.min(at, target)).divide(BigDecimal.valueOf(target), 2,
                            RoundingMode.DOWN);
                })
                .min(BigDecimal::compareTo)
                .orElse(BigDecimal.ONE);
    }
}
