package dev.tally.shared.readmodel;

import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Transient;
import org.springframework.data.domain.Persistable;

/**
 * A row of a read model table: one aggregate's view as of its latest event. It only copies a view
 * in ({@link #show}) and out ({@link #toView}); what the view is, its fold decides. The version
 * column tells which events the row already shows, which makes a redelivered event harmless.
 *
 * <p>A row knows whether it is new ({@link Persistable}): its id is the aggregate's, assigned
 * rather than generated, and without that Spring Data would take every new row for a stored one
 * and merge it, a second SELECT before each INSERT (benchmarks.md, replay).
 *
 * @param <V> the view the row stores
 */
@MappedSuperclass
public abstract class SummaryRow<V> implements Persistable<String> {

    @Column(nullable = false)
    private long version;

    @Transient
    private boolean stored;

    @Override
    public final boolean isNew() {
        return !stored;
    }

    @PostLoad
    @PostPersist
    final void markStored() {
        stored = true;
    }

    /** Whether this row already shows the event with the given sequence number (or a later one). */
    public final boolean shows(long sequenceNumber) {
        return version >= sequenceNumber;
    }

    /** Makes this row show the view, which is at the given version. */
    public final void show(V view, long viewVersion) {
        copy(view);
        version = viewVersion;
    }

    /** The view this row shows. */
    public abstract V toView();

    /** Copies the view's fields (all but the version) into this row's columns. */
    protected abstract void copy(V view);

    protected final long version() {
        return version;
    }
}
