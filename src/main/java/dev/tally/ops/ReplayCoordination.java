package dev.tally.ops;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.axonframework.springboot.TokenStoreProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A replay asked of any node, whichever nodes hold the processor's segments. A replay is a row in
 * {@code processor_replay}; every node, every {@code tally.processors.replay-poll}, moves the
 * replays under way one step on, and the node whose update of the row wins a step does its work.
 *
 * <p><b>A read model that names its tables</b> ({@link Rebuilds}) is rebuilt beside the old one,
 * which keeps answering and keeps following the store:
 * <ol>
 *   <li>{@code REQUESTED}: one node makes empty copies of its tables and clears what a former
 *       rebuild left ({@code PREPARING}), then {@code BUILDING};</li>
 *   <li>{@code BUILDING}: every node runs its part of the rebuild processor, from the first event
 *       into the copies, until it has come as far as the read model's own processor;</li>
 *   <li>{@code SWITCHING}: every node stops its part of the read model's processor (reads go on,
 *       updates wait a moment), and the rebuild goes past where it stopped; then every node stops
 *       the rebuild;</li>
 *   <li>one node ({@code SWAPPING}) moves, in one transaction, the copies' rows into the tables,
 *       the rebuild's tokens into the read model's processor and the rebuild's dead letters in
 *       place of the old ones (the old letters' events were handled again by the rebuild), and
 *       deletes the row. Every node starts the read model's processor again.</li>
 * </ol>
 * <p><b>Any other processor that supports a reset</b> is replayed in place: every node stops its
 * part ({@code STOPPING}); once no node claims a segment, one node ({@code RESETTING}) resets the
 * tokens (its reset handler empties what it keeps), clears its dead letters, starts it and
 * deletes the row; the others start theirs again.
 *
 * <p>A second replay of a processor while one is under way is refused (409). A replay no node
 * has worked on for {@code tally.processors.replay-timeout} (its node died halfway) is given up,
 * and the old read model goes on as it was; so is a rebuild still switching after that long, or
 * whose swap failed. A claim not renewed within the token store's claim timeout is a dead node's
 * and counts as free.
 */
@Component
class ReplayCoordination {

    private static final Logger log = LoggerFactory.getLogger(ReplayCoordination.class);
    private static final String STOPPING = "STOPPING";
    private static final String RESETTING = "RESETTING";
    private static final String REQUESTED = "REQUESTED";
    private static final String PREPARING = "PREPARING";
    private static final String BUILDING = "BUILDING";
    private static final String SWITCHING = "SWITCHING";
    private static final String SWAPPING = "SWAPPING";
    /** The meter counting the rebuilds swapped in on this node, by processor. */
    static final String REBUILDS = "tally.processor.rebuilds";

    private final EventProcessingConfiguration processing;
    private final Rebuilds rebuilds;
    private final SharedTokens tokens;
    private final EventStore eventStore;
    /** The swap's transaction: longer than the 20 s default, which bounds appends (gaps), not this copy. */
    private final TransactionTemplate swapping;
    private final JdbcTemplate jdbc;
    private final MeterRegistry meters;
    private final Duration claimTimeout;
    private final Duration poll;
    private final Duration timeout;
    /** The processors this node stopped for a replay, to start again when it is over. */
    private final Set<String> stoppedHere = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "replay-coordination");
        thread.setDaemon(true);
        return thread;
    });

    ReplayCoordination(EventProcessingConfiguration processing, Rebuilds rebuilds, SharedTokens tokens,
                       EventStore eventStore, PlatformTransactionManager transactions, JdbcTemplate jdbc,
                       MeterRegistry meters, TokenStoreProperties tokenStore,
                       @Value("${tally.processors.replay-poll:500ms}") Duration poll,
                       @Value("${tally.processors.replay-timeout:2m}") Duration timeout) {
        this.processing = processing;
        this.rebuilds = rebuilds;
        this.tokens = tokens;
        this.eventStore = eventStore;
        this.swapping = new TransactionTemplate(transactions);
        // a node that works on nothing else for as long is taken for dead: the swap must be over by then
        this.swapping.setTimeout((int) timeout.toSeconds());
        this.jdbc = jdbc;
        this.meters = meters;
        this.claimTimeout = tokenStore.getClaimTimeout();
        this.poll = poll;
        this.timeout = timeout;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        timer.scheduleWithFixedDelay(this::stepSafely, poll.toMillis(), poll.toMillis(), TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }

    /** Asks every node to replay the processor; refused while a replay of it is under way. */
    void request(StreamingEventProcessor processor) {
        String first = rebuilds.of(processor.getName()).isPresent() ? REQUESTED : STOPPING;
        try {
            jdbc.update("insert into processor_replay (processor_name, state, requested_at, updated_at)"
                    + " values (?, ?, ?, ?)", processor.getName(), first, now(), now());
        } catch (DuplicateKeyException underWay) {
            throw OperationRefused.replayUnderWay(processor.getName());
        }
        // on a single node (or when the others are quick) the replay starts before the answer
        stepSafely();
    }

    /**
     * How far a rebuild beside the old read model has come (0 to 1), if one is under way: its least
     * advanced segment's way to where the store's head was when it was asked for.
     */
    Optional<BigDecimal> rebuildProgress(String processor) {
        Optional<Rebuilds.ReadModel> readModel = rebuilds.of(processor);
        if (readModel.isEmpty()) {
            return Optional.empty();
        }
        List<Long> targets = jdbc.queryForList("select target_position from processor_replay where processor_name = ?",
                Long.class, processor);
        if (targets.isEmpty()) {
            return Optional.empty();
        }
        Long target = targets.get(0);
        List<SharedTokens.Segment> segments = tokens.of(readModel.get().rebuildName());
        if (target == null || target < 0 || segments.isEmpty()) {
            return Optional.of(target != null && target < 0 ? BigDecimal.ONE : BigDecimal.ZERO);
        }
        long at = Math.min(least(segments), target);
        return Optional.of(BigDecimal.valueOf(Math.max(at, 0)).divide(BigDecimal.valueOf(Math.max(target, 1)), 2,
                RoundingMode.DOWN));
    }

    private void stepSafely() {
        try {
            step();
        } catch (RuntimeException failure) {
            log.warn("Replay coordination skipped this time: {}", failure.getMessage(), failure);
        }
    }

    synchronized void step() {
        // a read, and no write, on every poll of every node while no replay is under way
        OffsetDateTime staleBefore = now().minus(timeout);
        List<Replay> replays = jdbc.query("select processor_name, state, requested_at, updated_at, switched_at"
                                + " from processor_replay",
                        (row, index) -> new Replay(row.getString("processor_name"), row.getString("state"),
                                row.getObject("requested_at", OffsetDateTime.class),
                                row.getObject("updated_at", OffsetDateTime.class),
                                row.getObject("switched_at", OffsetDateTime.class)))
                .stream()
                .filter(replay -> !abandoned(replay, staleBefore))
                .toList();
        for (Replay replay : replays) {
            processing.eventProcessor(replay.processor(), StreamingEventProcessor.class).ifPresent(processor ->
                    rebuilds.of(replay.processor()).ifPresentOrElse(
                            readModel -> rebuildBeside(processor, readModel, replay),
                            () -> replayInPlace(processor, replay.state())));
        }
        Set<String> underWay = Set.copyOf(replays.stream().map(Replay::processor).toList());
        for (String processor : Set.copyOf(stoppedHere)) {
            if (!underWay.contains(processor)) {
                stoppedHere.remove(processor);
                processing.eventProcessor(processor, StreamingEventProcessor.class).ifPresent(this::startAgain);
            }
        }
        for (String processor : rebuilds.runningHere()) {
            if (!underWay.contains(processor)) {
                // given up (or finished) while this node was still at it
                rebuilds.stopHere(processor);
            }
        }
    }

    private void rebuildBeside(StreamingEventProcessor processor, Rebuilds.ReadModel readModel, Replay replay) {
        String name = processor.getName();
        switch (replay.state()) {
            case REQUESTED -> {
                if (unclaimed(readModel.rebuildName()) && advance(name, REQUESTED, PREPARING)) {
                    prepare(readModel);
                }
            }
            case BUILDING -> {
                rebuilds.startHere(readModel);
                touch(name);
                if (rebuiltAsFarAs(readModel) && advance(name, BUILDING, SWITCHING)) {
                    jdbc.update("update processor_replay set switched_at = ? where processor_name = ?", now(), name);
                }
            }
            case SWITCHING -> {
                if (replay.switchedAt() != null && replay.switchedAt().isBefore(now().minus(timeout))) {
                    // the read model's processor stands still on every node meanwhile: not for longer
                    giveUp(name, "the rebuild did not come past the read model's processor within " + timeout);
                    return;
                }
                stopHere(processor);
                touch(name);
                boolean past = unclaimed(name) && rebuiltAsFarAs(readModel);
                if (!past) {
                    rebuilds.startHere(readModel);
                    return;
                }
                rebuilds.stopHere(name);
                if (unclaimed(readModel.rebuildName()) && advance(name, SWITCHING, SWAPPING)) {
                    swap(readModel);
                }
            }
            default -> {
                // PREPARING or SWAPPING: another node is at it
            }
        }
    }

    /** Empty copies of the tables, and nothing left of a former rebuild. */
    private void prepare(Rebuilds.ReadModel readModel) {
        String name = readModel.processor();
        try {
            rebuilds.shadow().recreate(readModel.tables());
            jdbc.update("delete from token_entry where processor_name = ?", readModel.rebuildName());
            jdbc.update("delete from dead_letter_entry where processing_group = ?", readModel.rebuildName());
            TrackingToken head = eventStore.createHeadToken();
            jdbc.update("update processor_replay set state = ?, target_position = ?, updated_at = ?"
                            + " where processor_name = ? and state = ?", BUILDING,
                    head == null ? -1 : head.position().orElse(-1), now(), name, PREPARING);
            log.info("Rebuilding read model {} beside the old one, into copies of {}", name, readModel.tables());
        } catch (RuntimeException failed) {
            jdbc.update("delete from processor_replay where processor_name = ?", name);
            throw failed;
        }
    }

    /** The rebuilt rows, tokens and dead letters take the old ones' place, in one transaction. */
    private void swap(Rebuilds.ReadModel readModel) {
        String name = readModel.processor();
        String rebuild = readModel.rebuildName();
        try {
            swapping.executeWithoutResult(status -> {
                rebuilds.shadow().moveIntoPlace(readModel.tables());
                jdbc.update("delete from token_entry where processor_name = ?", name);
                jdbc.update("insert into token_entry (processor_name, segment, token, token_type, timestamp, owner)"
                        + " select ?, segment, token, token_type, timestamp, null from token_entry"
                        + " where processor_name = ?", name, rebuild);
                jdbc.update("delete from token_entry where processor_name = ?", rebuild);
                jdbc.update("delete from dead_letter_entry where processing_group = ?", name);
                jdbc.update("update dead_letter_entry set processing_group = ? where processing_group = ?", name,
                        rebuild);
                // the rebuild read every event again: what it skipped (SkippedEventDetector) replaces the old list
                jdbc.update("delete from skipped_event where processor_name = ?", name);
                jdbc.update("update skipped_event set processor_name = ? where processor_name = ?", name, rebuild);
                jdbc.update("delete from processor_replay where processor_name = ?", name);
            });
        } catch (RuntimeException failed) {
            // it would fail the same way again, while the read model's processor stands still everywhere
            giveUp(name, "its swap failed: " + failed.getMessage());
            throw failed;
        }
        rebuilds.shadow().drop(readModel.tables());
        Counter.builder(REBUILDS).description("Read models rebuilt beside the old one and swapped in")
                .tag("processor", name).register(meters).increment();
        log.info("Read model {} rebuilt: the rebuilt tables answer from now on", name);
    }

    /** The rebuild has handled every event the read model's own processor has (all its segments). */
    private boolean rebuiltAsFarAs(Rebuilds.ReadModel readModel) {
        List<SharedTokens.Segment> rebuilt = tokens.of(readModel.rebuildName());
        List<SharedTokens.Segment> live = tokens.of(readModel.processor());
        if (rebuilt.isEmpty()) {
            return false;
        }
        long furthestLive = live.stream().mapToLong(segment -> position(segment.token())).max().orElse(-1);
        return least(rebuilt) >= furthestLive;
    }

    private static long least(List<SharedTokens.Segment> segments) {
        return segments.stream().mapToLong(segment -> position(segment.token())).min().orElse(-1);
    }

    private static long position(TrackingToken token) {
        if (token == null) {
            return -1;
        }
        OptionalLong position = token.position();
        return position.orElse(-1);
    }

    private void replayInPlace(StreamingEventProcessor processor, String state) {
        stopHere(processor);
        boolean won = STOPPING.equals(state) && unclaimed(processor.getName())
                && advance(processor.getName(), STOPPING, RESETTING);
        if (!won) {
            return;
        }
        try {
            processor.resetTokens();
            processing.deadLetterQueue(processor.getName()).ifPresent(SequencedDeadLetterQueue::clear);
            log.info("Replaying processor {} from the first event", processor.getName());
        } finally {
            processor.start();
            stoppedHere.remove(processor.getName());
            jdbc.update("delete from processor_replay where processor_name = ?", processor.getName());
        }
    }

    private void stopHere(StreamingEventProcessor processor) {
        if (processor.isRunning()) {
            processor.shutDown();
            stoppedHere.add(processor.getName());
        }
    }

    /**
     * No node claims a segment of the processor. A claim its node has not renewed within the token
     * store's claim timeout counts as free: that node is gone (killed), and would otherwise hold the
     * replay up for good.
     */
    private boolean unclaimed(String processor) {
        Instant freshAfter = Instant.now().minus(claimTimeout);
        return jdbc.queryForList("select timestamp from token_entry where processor_name = ? and owner is not null",
                        String.class, processor).stream()
                .noneMatch(claimedAt -> Instant.parse(claimedAt).isAfter(freshAfter));
    }

    /** Moves the replay from one state to the next; true for the one node whose update wins. */
    private boolean advance(String processor, String from, String to) {
        return jdbc.update("update processor_replay set state = ?, updated_at = ? where processor_name = ?"
                + " and state = ?", to, now(), processor, from) == 1;
    }

    /** A node is at it: the replay is not abandoned. */
    private void touch(String processor) {
        jdbc.update("update processor_replay set updated_at = ? where processor_name = ?", now(), processor);
    }

    private void startAgain(StreamingEventProcessor processor) {
        if (!processor.isRunning()) {
            processor.start();
        }
    }

    /** The replay ends without a swap: the old read model goes on, and every node starts it again. */
    private void giveUp(String processor, String why) {
        log.error("Rebuild of {} given up, the old read model goes on: {}", processor, why);
        jdbc.update("delete from processor_replay where processor_name = ?", processor);
    }

    /** A replay no node has worked on for a while (its node died halfway): its row goes. */
    private boolean abandoned(Replay replay, OffsetDateTime staleBefore) {
        OffsetDateTime lastWork = replay.updatedAt() == null ? replay.requestedAt() : replay.updatedAt();
        if (!lastWork.isBefore(staleBefore)) {
            return false;
        }
        log.warn("Replay of {} given up: no node has worked on it since {}", replay.processor(), lastWork);
        jdbc.update("delete from processor_replay where processor_name = ? and requested_at = ?", replay.processor(),
                replay.requestedAt());
        return true;
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    private record Replay(String processor, String state, OffsetDateTime requestedAt, OffsetDateTime updatedAt,
                          OffsetDateTime switchedAt) {
    }
}
