package dev.tally.order;

import java.util.Optional;

import dev.tally.order.OrderRejections.OrderNotFound;
import dev.tally.order.api.FindOrderOwner;
import dev.tally.order.api.OrderView;
import dev.tally.shared.readmodel.AggregateHistory;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

/**
 * Orders read for a caller: now from the read model, as they were from the event store (temporal
 * queries fold through {@link OrderViewFold}), as stored; and whose an order is, for the payments
 * that name it.
 */
@Component
class OrderHistory extends AggregateHistory<OrderView> {

    static final String AGGREGATE_TYPE = Order.class.getSimpleName();

    OrderHistory(Sources sources) {
        super(AGGREGATE_TYPE, new OrderViewFold(), OrderView::owner, sources);
    }

    @Override
    protected RuntimeException notFound(String orderId) {
        return new OrderNotFound(orderId);
    }

    @QueryHandler
    Optional<String> handle(FindOrderOwner query) {
        return owner(query.orderId());
    }
}
