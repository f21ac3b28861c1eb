package dev.tally.analytics;

import dev.tally.shared.readmodel.ReadModelTables;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.List;

import dev.tally.analytics.api.AbandonedCart;
import dev.tally.analytics.api.ListAbandonedCarts;
import dev.tally.order.api.CartAbandoned;
import dev.tally.order.api.ItemAdded;
import dev.tally.order.api.ItemRemoved;
import dev.tally.order.api.OrderCancelled;
import dev.tally.order.api.OrderCheckedOut;
import dev.tally.shared.money.Money;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The {@code abandoned-carts} read model: the carts that are abandoned now. A cart is in it from
 * its {@code CartAbandoned} until the cart changes, is checked out or is cancelled; the Order's
 * deadline decides when a cart is abandoned, this only lists what it decided.
 */
@Component
@ProcessingGroup(AbandonedCartsProjection.PROCESSING_GROUP)
@ReadModelTables("abandoned_cart")
class AbandonedCartsProjection {

    static final String PROCESSING_GROUP = "abandoned-carts";

    private final JdbcTemplate jdbc;

    AbandonedCartsProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(CartAbandoned event, @Timestamp Instant abandonedAt) {
        // delete first: a redelivered event leaves the same single row
        forget(event.orderId());
        jdbc.update("insert into abandoned_cart (order_id, abandoned_at, cart_value, currency) values (?, ?, ?, ?)",
                event.orderId(), abandonedAt.atOffset(ZoneOffset.UTC), event.value(), event.currency());
    }

    @EventHandler
    void on(ItemAdded event) {
        forget(event.orderId());
    }

    @EventHandler
    void on(ItemRemoved event) {
        forget(event.orderId());
    }

    @EventHandler
    void on(OrderCheckedOut event) {
        forget(event.orderId());
    }

    @EventHandler
    void on(OrderCancelled event) {
        forget(event.orderId());
    }

    private void forget(String orderId) {
        jdbc.update("delete from abandoned_cart where order_id = ?", orderId);
    }

    @ResetHandler
    void reset() {
        jdbc.update("delete from abandoned_cart");
    }

    @QueryHandler
    List<AbandonedCart> handle(ListAbandonedCarts query) {
        return jdbc.query("select order_id, abandoned_at, cart_value, currency from abandoned_cart"
                        + " order by abandoned_at desc, order_id",
                (row, index) -> {
                    Currency currency = Currency.getInstance(row.getString("currency"));
                    return new AbandonedCart(row.getString("order_id"),
                            row.getObject("abandoned_at", OffsetDateTime.class).toInstant(),
                            Money.ofStored(row.getBigDecimal("cart_value"), currency));
                });
    }
}
