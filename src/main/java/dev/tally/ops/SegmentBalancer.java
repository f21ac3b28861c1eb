package dev.tally.ops;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.tally.shared.axon.NodeId;
import jakarta.annotation.PreDestroy;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Shares each processor's segments fairly among the nodes that are alive. Axon 4 without Axon
 * Server lets a processor claim every free segment, so the node that starts first would do all the
 * work. Every {@code tally.processors.balance-interval} each node marks itself alive in
 * {@code node_presence}, and a node holding more than its share (segments / live nodes, rounded up)
 * releases one segment, which a node below its share then claims. A node that stops removes its
 * row and releases its claims; one that crashes drops out after three intervals (and its claims
 * after Axon's claim timeout), and the others take its segments over.
 */
@Component
class SegmentBalancer {

    private static final Logger log = LoggerFactory.getLogger(SegmentBalancer.class);
    private static final Duration LEAVING = Duration.ofSeconds(2);

    private final EventProcessingConfiguration processing;
    private final JdbcTemplate jdbc;
    private final NodeId node;
    private final Duration interval;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "segment-balancer");
        thread.setDaemon(true);
        return thread;
    });

    SegmentBalancer(EventProcessingConfiguration processing, JdbcTemplate jdbc, NodeId node,
                    @Value("${tally.processors.balance-interval:5s}") Duration interval) {
        this.processing = processing;
        this.jdbc = jdbc;
        this.node = node;
        this.interval = interval;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        timer.scheduleWithFixedDelay(this::balanceSafely, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Leaves the live nodes at once, if the database answers within {@link #LEAVING}: the row would
     * go after three intervals anyway, as a crashed node's does, so a database that is already gone
     * must not hold the shutdown for the connection pool's timeout (30 s).
     */
    @PreDestroy
    void stop() {
        timer.shutdownNow();
        CompletableFuture<Integer> leaving = CompletableFuture.supplyAsync(
                () -> jdbc.update("delete from node_presence where node_id = ?", node.value()));
        try {
            leaving.get(LEAVING.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException databaseGone) {
            log.debug("Could not remove node presence on stop: {}", databaseGone.getMessage());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void balanceSafely() {
        try {
            balance();
        } catch (RuntimeException failure) {
            log.warn("Segment balancing skipped this time: {}", failure.getMessage());
        }
    }

    void balance() {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        if (jdbc.update("update node_presence set last_seen = ? where node_id = ?", now, node.value()) == 0) {
            jdbc.update("insert into node_presence (node_id, last_seen) values (?, ?)", node.value(), now);
        }
        OffsetDateTime aliveSince = now.minus(interval.multipliedBy(3));
        // crashed nodes leave a row behind; it no longer counts, and goes after a while
        jdbc.update("delete from node_presence where last_seen < ?", aliveSince.minusHours(1));
        Integer alive = jdbc.queryForObject("select count(*) from node_presence where last_seen > ?", Integer.class,
                aliveSince);
        int nodes = Math.max(alive == null ? 1 : alive, 1);
        processing.eventProcessors().values().stream()
                .filter(StreamingEventProcessor.class::isInstance)
                .map(StreamingEventProcessor.class::cast)
                .filter(StreamingEventProcessor::isRunning)
                .forEach(processor -> releaseAboveShare(processor, nodes));
    }

    private void releaseAboveShare(StreamingEventProcessor processor, int nodes) {
        Integer segments = jdbc.queryForObject("select count(*) from token_entry where processor_name = ?",
                Integer.class, processor.getName());
        int total = segments == null ? 0 : segments;
        int share = (total + nodes - 1) / nodes; // rounded up: no segment is left without a node
        var mine = processor.processingStatus().keySet();
        if (share > 0 && mine.size() > share) {
            int released = mine.stream().max(Comparator.naturalOrder()).orElseThrow();
            log.info("Processor {} holds {} of {} segments with {} nodes alive: releasing segment {}",
                    processor.getName(), mine.size(), segments, nodes, released);
            processor.releaseSegment(released);
        }
    }
}
