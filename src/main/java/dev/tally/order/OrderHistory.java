package dev.tally.order;

import java.util.Optional;

import dev.tally.order.api.CartCreated;
import dev.tally.order.api.OrderView;
import dev.tally.shared.eventstore.EventStreams;
import dev.tally.shared.eventstore.PointInTime;
import org.axonframework.eventhandling.DomainEventMessage;
import org.springframework.stereotype.Component;

/**
 * Temporal queries: an order rebuilt from its own events up to a point in time or a version,
 * through the same {@link OrderSummary} changes the read model makes, but in memory.
 */
@Component
class OrderHistory {

    private final EventStreams eventStreams;

    OrderHistory(EventStreams eventStreams) {
        this.eventStreams = eventStreams;
    }

    /** The order as it was at that point; empty if it did not exist yet, or never had that version. */
    Optional<OrderView> at(String orderId, PointInTime point) {
        return eventStreams.foldAt(OrderController.AGGREGATE_TYPE, orderId, point, OrderHistory::evolve,
                OrderSummary::version).map(OrderSummary::toView);
    }

    private static OrderSummary evolve(OrderSummary before, DomainEventMessage<?> event) {
        if (before == null) {
            return OrderSummary.created((CartCreated) event.getPayload(), event.getSequenceNumber());
        }
        before.apply(event.getPayload(), event.getSequenceNumber());
        return before;
    }
}
