package dev.tally.shared.readmodel;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.data.jpa.repository.JpaRepository;

/**
 * What every projection of one aggregate per row does with an event: find the aggregate's row,
 * and unless it already shows the event, fold the event into its view and store it.
 *
 * <p>It is ready for batches: the events of a batch are handled in one transaction, where a row
 * saved or changed by an earlier event of the batch is found again in the persistence context;
 * and a batch handled again (a redelivery after a failed commit, a replay over existing rows)
 * changes nothing, because each row's version tells which events it already shows. Events of one
 * aggregate arrive in order (the processors sequence by aggregate), so a row that is missing at a
 * later event means the read model lost it: that is an error, not something to paper over.
 *
 * <p>In a batch, the rows of all its aggregates are read with one query at its first event,
 * instead of one query per aggregate (a replay runs in batches of 100: benchmarks.md).
 *
 * @param <V> the view
 * @param <R> the row that stores it
 */
public final class FoldedRows<V, R extends SummaryRow<V>> {

    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final JpaRepository<R, String> rows;
    private final ViewFold<V> fold;
    private final Supplier<R> newRow;
    /** Where a batch keeps what this read model's first read of it found (one per read model). */
    private final String batchKey = FoldedRows.class.getName() + "#" + INSTANCES.incrementAndGet();

    public FoldedRows(JpaRepository<R, String> rows, ViewFold<V> fold, Supplier<R> newRow) {
        this.rows = rows;
        this.fold = fold;
        this.newRow = newRow;
    }

    /** Folds the event into its aggregate's row; the view after it, or empty if the row already showed it. */
    public Optional<V> follow(DomainEventMessage<?> event) {
        String id = event.getAggregateIdentifier();
        Optional<R> stored = stored(id);
        if (stored.isEmpty()) {
            if (event.getSequenceNumber() != 0) {
                throw new IllegalStateException("no row for " + event.getType() + " " + id + " at event "
                        + event.getSequenceNumber());
            }
            V view = fold.initial(event);
            R row = newRow.get();
            row.show(view, fold.version(view));
            rows.save(row);
            return Optional.of(view);
        }
        R row = stored.get();
        if (row.shows(event.getSequenceNumber())) {
            return Optional.empty();
        }
        V view = fold.evolve(row.toView(), event);
        row.show(view, fold.version(view));
        return Optional.of(view);
    }

    /**
     * The aggregate's row. In a batch, rows found by the batch's first read are in the persistence
     * context, where {@code findById} finds them (and rows stored since) without a query; an id the
     * first read did not find needs no second query.
     */
    private Optional<R> stored(String id) {
        Set<String> absent = absentInThisBatch();
        if (absent != null && absent.remove(id)) {
            return Optional.empty();
        }
        return rows.findById(id);
    }

    /** The ids of this batch's aggregates that have no row yet, read once per batch; null outside a batch. */
    private Set<String> absentInThisBatch() {
        if (!CurrentUnitOfWork.isStarted() || !(CurrentUnitOfWork.get() instanceof BatchingUnitOfWork<?> batch)
                || batch.getMessages().size() < 2) {
            return null;
        }
        return batch.root().getOrComputeResource(batchKey, key -> {
            Set<String> ids = new HashSet<>();
            for (var message : batch.getMessages()) {
                if (message instanceof DomainEventMessage<?> domainEvent) {
                    ids.add(domainEvent.getAggregateIdentifier());
                }
            }
            Set<String> absent = new HashSet<>(ids);
            rows.findAllById(ids).forEach(row -> absent.remove(row.getId()));
            return absent;
        });
    }

    /** The view of one aggregate, as the read model has it. */
    public Optional<V> find(String id) {
        return rows.findById(id).map(SummaryRow::toView);
    }

    /** Empties the read model, before a replay fills it again. */
    public void reset() {
        rows.deleteAllInBatch();
    }
}
