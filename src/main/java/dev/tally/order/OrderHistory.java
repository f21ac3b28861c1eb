package dev.tally.order;

import java.util.Optional;

import dev.tally.order.api.CartCreated;
import dev.tally.order.api.FindOrderOwner;
import dev.tally.order.api.OrderView;
import dev.tally.shared.eventstore.EventStreams;
import dev.tally.shared.eventstore.PointInTime;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

/**
 * An order straight from the event store: rebuilt from its own events up to a point in time or a
 * version (temporal queries), through the same {@link OrderSummary} changes the read model makes,
 * but in memory; and whose it is, from its first event, which never changes.
 */
@Component
class OrderHistory {

    static final String AGGREGATE_TYPE = Order.class.getSimpleName();

    private final EventStreams eventStreams;

    OrderHistory(EventStreams eventStreams) {
        this.eventStreams = eventStreams;
    }

    /** The order as it was at that point; empty if it did not exist yet, or never had that version. */
    Optional<OrderView> at(String orderId, PointInTime point) {
        return eventStreams.foldAt(AGGREGATE_TYPE, orderId, point, OrderHistory::evolve,
                OrderSummary::version).map(OrderSummary::toView);
    }

    /** The user who created the order, from its first event; empty if there is no such order. */
    Optional<String> owner(String orderId) {
        return eventStreams.firstEvent(AGGREGATE_TYPE, orderId, CartCreated.class).map(CartCreated::owner);
    }

    @QueryHandler
    Optional<String> handle(FindOrderOwner query) {
        return owner(query.orderId());
    }

    private static OrderSummary evolve(OrderSummary before, DomainEventMessage<?> event) {
        if (before == null) {
            return OrderSummary.created((CartCreated) event.getPayload(), event.getSequenceNumber());
        }
        before.apply(event.getPayload(), event.getSequenceNumber());
        return before;
    }
}
