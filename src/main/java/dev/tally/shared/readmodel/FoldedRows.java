package dev.tally.shared.readmodel;

import java.util.Optional;
import java.util.function.Supplier;

import org.axonframework.eventhandling.DomainEventMessage;
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
 * @param <V> the view
 * @param <R> the row that stores it
 */
public final class FoldedRows<V, R extends SummaryRow<V>> {

    private final JpaRepository<R, String> rows;
    private final ViewFold<V> fold;
    private final Supplier<R> newRow;

    public FoldedRows(JpaRepository<R, String> rows, ViewFold<V> fold, Supplier<R> newRow) {
        this.rows = rows;
        this.fold = fold;
        this.newRow = newRow;
    }

    /** Folds the event into its aggregate's row; the view after it, or empty if the row already showed it. */
    public Optional<V> follow(DomainEventMessage<?> event) {
        String id = event.getAggregateIdentifier();
        Optional<R> stored = rows.findById(id);
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

    /** The view of one aggregate, as the read model has it. */
    public Optional<V> find(String id) {
        return rows.findById(id).map(SummaryRow::toView);
    }

    /** Empties the read model, before a replay fills it again. */
    public void reset() {
        rows.deleteAllInBatch();
    }
}
