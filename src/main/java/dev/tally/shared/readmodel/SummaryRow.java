package dev.tally.shared.readmodel;

import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;

/**
 * A row of a read model table: one aggregate's view as of its latest event. It only copies a view
 * in ({@link #show}) and out ({@link #toView}); what the view is, its fold decides. The version
 * column tells which events the row already shows, which makes a redelivered event harmless.
 *
 * @param <V> the view the row stores
 */
@MappedSuperclass
public abstract class SummaryRow<V> {

    @Column(nullable = false)
    private long version;

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
