package dev.tally.order;

import java.util.Optional;

import dev.tally.order.api.CartAbandoned;
import dev.tally.order.api.CartCreated;
import dev.tally.order.api.FindOrder;
import dev.tally.order.api.ItemAdded;
import dev.tally.order.api.ItemRemoved;
import dev.tally.order.api.OrderCancelled;
import dev.tally.order.api.OrderCheckedOut;
import dev.tally.order.api.OrderPaid;
import dev.tally.order.api.OrderPaymentFailed;
import dev.tally.order.api.OrderShipped;
import dev.tally.order.api.OrderView;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

/**
 * The {@code order-summary} read model: one row per order with its lines, kept by a streaming
 * processor. The row's version tells which events it already shows, so an event handled twice
 * (a redelivery, a replay over existing rows) changes nothing.
 */
@Component
@ProcessingGroup(OrderProjection.PROCESSING_GROUP)
class OrderProjection {

    static final String PROCESSING_GROUP = "order-summary";

    private final OrderSummaryRepository summaries;

    OrderProjection(OrderSummaryRepository summaries) {
        this.summaries = summaries;
    }

    @EventHandler
    void on(CartCreated event, DomainEventMessage<CartCreated> message) {
        if (summaries.findById(event.orderId()).isEmpty()) {
            summaries.save(OrderSummary.created(event, message.getSequenceNumber()));
        }
    }

    @EventHandler
    void on(ItemAdded event, DomainEventMessage<ItemAdded> message) {
        follow(event.orderId(), message);
    }

    @EventHandler
    void on(ItemRemoved event, DomainEventMessage<ItemRemoved> message) {
        follow(event.orderId(), message);
    }

    @EventHandler
    void on(OrderCheckedOut event, DomainEventMessage<OrderCheckedOut> message) {
        follow(event.orderId(), message);
    }

    @EventHandler
    void on(OrderPaid event, DomainEventMessage<OrderPaid> message) {
        follow(event.orderId(), message);
    }

    @EventHandler
    void on(OrderPaymentFailed event, DomainEventMessage<OrderPaymentFailed> message) {
        follow(event.orderId(), message);
    }

    @EventHandler
    void on(OrderCancelled event, DomainEventMessage<OrderCancelled> message) {
        follow(event.orderId(), message);
    }

    @EventHandler
    void on(OrderShipped event, DomainEventMessage<OrderShipped> message) {
        follow(event.orderId(), message);
    }

    @EventHandler
    void on(CartAbandoned event, DomainEventMessage<CartAbandoned> message) {
        follow(event.orderId(), message);
    }

    private void follow(String orderId, DomainEventMessage<?> message) {
        OrderSummary summary = summaries.findById(orderId)
                .orElseThrow(() -> new IllegalStateException("no summary for order " + orderId
                        + " at event " + message.getSequenceNumber()));
        if (!summary.shows(message.getSequenceNumber())) {
            summary.apply(message.getPayload(), message.getSequenceNumber());
        }
    }

    @ResetHandler
    void reset() {
        // the lines go with their orders (on delete cascade)
        summaries.deleteAllInBatch();
    }

    @QueryHandler
    Optional<OrderView> handle(FindOrder query) {
        return summaries.findById(query.orderId()).map(OrderSummary::toView);
    }
}
