package dev.tally.shared.readmodel;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.tally.shared.eventstore.AuditTrail;
import dev.tally.shared.eventstore.EventStreams;
import dev.tally.shared.eventstore.PointInTime;
import dev.tally.shared.eventstore.StoredEvent;
import dev.tally.shared.security.Caller;
import dev.tally.shared.web.ReadYourWrites;
import org.springframework.stereotype.Component;

/**
 * One kind of aggregate read for a caller, the same way for accounts, orders and payments: from
 * the read model now (waiting for a version the caller wrote), as it was (a temporal query folded
 * from the event store through the capability's {@link ViewFold}), and as stored (the audit
 * trail). Whose an aggregate is comes from its first event, which never changes, so it is known
 * the moment the aggregate exists; another customer's aggregate is "not found", as an unknown one.
 *
 * @param <V> the aggregate's view
 */
public abstract class AggregateHistory<V> {

    private final String aggregateType;
    private final ViewFold<V> fold;
    private final Function<V, String> owner;
    private final Sources sources;

    /** What every history reads from: the event store (folded and as stored), and the read model's waits. */
    @Component
    public record Sources(EventStreams eventStreams, AuditTrail auditTrail, ReadYourWrites readYourWrites) {
    }

    /**
     * @param aggregateType the aggregate's type in the event store (its class's simple name)
     * @param owner         the user a view belongs to
     */
    protected AggregateHistory(String aggregateType, ViewFold<V> fold, Function<V, String> owner, Sources sources) {
        this.aggregateType = aggregateType;
        this.fold = fold;
        this.owner = owner;
        this.sources = sources;
    }

    /** The rejection (a 404) for an aggregate that does not exist, or is not the caller's to see. */
    protected abstract RuntimeException notFound(String id);

    /** The event store, for what a capability's history reads beyond the view (first events, last events). */
    protected final EventStreams eventStreams() {
        return sources.eventStreams();
    }

    public final String aggregateType() {
        return aggregateType;
    }

    /**
     * The aggregate from the read model, once it shows at least {@code minVersion} if one is given.
     * Ownership is checked before waiting, so another customer's aggregate is a 404 at once.
     */
    public final V current(String id, Caller caller, Long minVersion, Supplier<Optional<V>> readModel) {
        if (minVersion != null) {
            requireReadable(id, caller);
        }
        return sources.readYourWrites().query(readModel, fold::version, minVersion)
                .filter(view -> caller.mayRead(owner.apply(view)))
                .orElseThrow(() -> notFound(id));
    }

    /** The aggregate as it was at that point, folded from its events (temporal query). */
    public final V at(String id, Caller caller, PointInTime point) {
        return at(id, point).filter(view -> caller.mayRead(owner.apply(view))).orElseThrow(() -> notFound(id));
    }

    /** The aggregate as it was at that point; empty if it did not exist then, or never had that version. */
    public final Optional<V> at(String id, PointInTime point) {
        return sources.eventStreams().foldAt(aggregateType, id, point, fold::next, fold::version);
    }

    /** The aggregate as its events say now, ahead of the read model; empty if there is no such aggregate. */
    public final Optional<V> now(String id) {
        return sources.eventStreams().fold(aggregateType, id, fold::next, event -> true);
    }

    /** A page of the aggregate's events as stored (audit trail). */
    public final AuditTrail.Page events(String id, Caller caller, AuditTrail.PageRequest page) {
        requireReadable(id, caller);
        return sources.auditTrail().of(aggregateType, id, page);
    }

    /** The user the aggregate belongs to, from its first event; empty if there is no such aggregate. */
    public final Optional<String> owner(String id) {
        return sources.eventStreams().first(aggregateType, id).map(fold::initial).map(owner);
    }

    /** Throws {@link #notFound} unless the aggregate exists and the caller may read it. */
    public final void requireReadable(String id, Caller caller) {
        owner(id).filter(caller::mayRead).orElseThrow(() -> notFound(id));
    }
}
