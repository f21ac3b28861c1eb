package dev.tally.order;

import dev.tally.shared.readmodel.ReadModelTables;
import java.util.Optional;

import dev.tally.order.api.FindOrder;
import dev.tally.order.api.OrderEvent;
import dev.tally.order.api.OrderView;
import dev.tally.shared.readmodel.FoldedRows;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

/**
 * The {@code order-summary} read model: one row per order with its lines, kept by a streaming
 * processor: each event goes through {@link OrderViewFold} into the order's {@link OrderSummary}
 * row ({@link FoldedRows}: idempotent by version, ready for batches).
 */
@Component
@ProcessingGroup(OrderProjection.PROCESSING_GROUP)
@ReadModelTables({"order_summary", "order_summary_line"})
class OrderProjection {

    static final String PROCESSING_GROUP = "order-summary";

    private final FoldedRows<OrderView, OrderSummary> rows;

    OrderProjection(OrderSummaryRepository summaries) {
        this.rows = new FoldedRows<>(summaries, new OrderViewFold(), OrderSummary::new);
    }

    @EventHandler
    void on(OrderEvent event, DomainEventMessage<OrderEvent> message) {
        rows.follow(message);
    }

    @ResetHandler
    void reset() {
        // the lines go with their orders (on delete cascade)
        rows.reset();
    }

    @QueryHandler
    Optional<OrderView> handle(FindOrder query) {
        return rows.find(query.orderId());
    }
}
