package dev.tally.ops;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A replay asked of any node, whichever nodes hold the processor's segments. Axon resets a
 * processor's tokens only where nobody claims them, and only on a node where that processor is
 * stopped; with a second node holding segments, a reset on the asking node alone failed (and left
 * its processor stopped). So a replay is a row in {@code processor_replay}, and every node, every
 * {@code tally.processors.replay-poll}:
 * <ol>
 *   <li>stops its part of a processor that has a replay under way (releasing its claims);</li>
 *   <li>once no node claims a segment, one node (the one whose update of the row wins) resets the
 *       tokens (the read model's reset handler empties it), clears the processor's dead letters
 *       (the events they hold are handled again by the rebuild; a letter kept would hold its
 *       aggregate's rebuilt events back for good), starts the processor and deletes the row;</li>
 *   <li>starts its part again once the row is gone.</li>
 * </ol>
 * A second replay of a processor while one is under way is refused (409). A replay whose row is
 * older than {@code tally.processors.replay-timeout} (its node died halfway) is taken over.
 */
@Component
class ReplayCoordination {

    private static final Logger log = LoggerFactory.getLogger(ReplayCoordination.class);
    private static final String STOPPING = "STOPPING";
    private static final String RESETTING = "RESETTING";

    private final EventProcessingConfiguration processing;
    private final JdbcTemplate jdbc;
    private final Duration poll;
    private final Duration timeout;
    /** The processors this node stopped for a replay, to start again when it is over. */
    private final Set<String> stoppedHere = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "replay-coordination");
        thread.setDaemon(true);
        return thread;
    });

    ReplayCoordination(EventProcessingConfiguration processing, JdbcTemplate jdbc,
                       @Value("${tally.processors.replay-poll:500ms}") Duration poll,
                       @Value("${tally.processors.replay-timeout:2m}") Duration timeout) {
        this.processing = processing;
        this.jdbc = jdbc;
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
        try {
            jdbc.update("insert into processor_replay (processor_name, state, requested_at) values (?, ?, ?)",
                    processor.getName(), STOPPING, OffsetDateTime.now(ZoneOffset.UTC));
        } catch (DuplicateKeyException underWay) {
            throw OperationRefused.replayUnderWay(processor.getName());
        }
        // on a single node (or when the others are quick) the replay starts before the answer
        step();
    }

    private void stepSafely() {
        try {
            step();
        } catch (RuntimeException failure) {
            log.warn("Replay coordination skipped this time: {}", failure.getMessage());
        }
    }

    synchronized void step() {
        // a read, and no write, on every poll of every node while no replay is under way
        OffsetDateTime staleBefore = OffsetDateTime.now(ZoneOffset.UTC).minus(timeout);
        List<Replay> replays = jdbc.query("select processor_name, state, requested_at from processor_replay",
                        (row, index) -> new Replay(row.getString("processor_name"), row.getString("state"),
                                row.getObject("requested_at", OffsetDateTime.class)))
                .stream()
                .filter(replay -> !abandoned(replay, staleBefore))
                .toList();
        for (Replay replay : replays) {
            processing.eventProcessor(replay.processor(), StreamingEventProcessor.class)
                    .ifPresent(processor -> advance(processor, replay.state()));
        }
        Set<String> underWay = Set.copyOf(replays.stream().map(Replay::processor).toList());
        for (String processor : Set.copyOf(stoppedHere)) {
            if (!underWay.contains(processor)) {
                stoppedHere.remove(processor);
                processing.eventProcessor(processor, StreamingEventProcessor.class).ifPresent(this::startAgain);
            }
        }
    }

    private void advance(StreamingEventProcessor processor, String state) {
        if (processor.isRunning()) {
            processor.shutDown();
            stoppedHere.add(processor.getName());
        }
        Integer claimed = jdbc.queryForObject("select count(*) from token_entry where processor_name = ?"
                + " and owner is not null", Integer.class, processor.getName());
        boolean won = STOPPING.equals(state) && claimed != null && claimed == 0
                && jdbc.update("update processor_replay set state = ? where processor_name = ? and state = ?",
                RESETTING, processor.getName(), STOPPING) == 1;
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

    private void startAgain(StreamingEventProcessor processor) {
        if (!processor.isRunning()) {
            processor.start();
        }
    }

    /** A replay whose node died halfway: its row goes, and the replay may be asked for again. */
    private boolean abandoned(Replay replay, OffsetDateTime staleBefore) {
        if (!replay.requestedAt().isBefore(staleBefore)) {
            return false;
        }
        jdbc.update("delete from processor_replay where processor_name = ? and requested_at = ?", replay.processor(),
                replay.requestedAt());
        return true;
    }

    private record Replay(String processor, String state, OffsetDateTime requestedAt) {
    }
}
