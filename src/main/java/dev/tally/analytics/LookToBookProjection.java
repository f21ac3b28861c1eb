package dev.tally.analytics;

import dev.tally.shared.readmodel.ReadModelTables;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.tally.analytics.api.FindLookToBook;
import dev.tally.analytics.api.LookToBook;
import dev.tally.catalog.api.ProductViewed;
import dev.tally.order.api.OrderCancelled;
import dev.tally.order.api.OrderLine;
import dev.tally.order.api.OrderPaid;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The {@code look-to-book} read model: per product, how often it was viewed and how many units of
 * it were sold, and the ratio of the two.
 *
 * <p>A view is a row keyed by its event's id; a sale is a row per (order, product), written when
 * the order is paid and removed when a paid order is cancelled (its units were not sold after
 * all). Both make a redelivered event harmless; the query counts and sums.
 */
@Component
@ProcessingGroup(LookToBookProjection.PROCESSING_GROUP)
@ReadModelTables({"product_view", "product_sale"})
class LookToBookProjection {

    static final String PROCESSING_GROUP = "look-to-book";

    private final JdbcTemplate jdbc;

    LookToBookProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(ProductViewed event, EventMessage<ProductViewed> message) {
        Integer known = jdbc.queryForObject("select count(*) from product_view where event_id = ?", Integer.class,
                message.getIdentifier());
        if (known == 0) {
            jdbc.update("insert into product_view (event_id, product_id, viewed_at) values (?, ?, ?)",
                    message.getIdentifier(), event.productId(), message.getTimestamp().atOffset(ZoneOffset.UTC));
        }
    }

    @EventHandler
    void on(OrderPaid event) {
        for (OrderLine line : event.lines()) {
            Integer known = jdbc.queryForObject(
                    "select count(*) from product_sale where order_id = ? and product_id = ?", Integer.class,
                    event.orderId(), line.productId());
            if (known == 0) {
                jdbc.update("insert into product_sale (order_id, product_id, units) values (?, ?, ?)",
                        event.orderId(), line.productId(), line.quantity());
            }
        }
    }

    @EventHandler
    void on(OrderCancelled event) {
        if (event.wasPaid()) {
            jdbc.update("delete from product_sale where order_id = ?", event.orderId());
        }
    }

    @ResetHandler
    void reset() {
        jdbc.update("delete from product_view");
        jdbc.update("delete from product_sale");
    }

    @QueryHandler
    List<LookToBook> handle(FindLookToBook query) {
        Map<String, long[]> byProduct = new TreeMap<>();
        jdbc.query("select product_id, count(*) as views from product_view group by product_id",
                row -> {
                    byProduct.computeIfAbsent(row.getString("product_id"), product -> new long[2])[0] =
                            row.getLong("views");
                });
        jdbc.query("select product_id, sum(units) as units from product_sale group by product_id",
                row -> {
                    byProduct.computeIfAbsent(row.getString("product_id"), product -> new long[2])[1] =
                            row.getLong("units");
                });
        return byProduct.entrySet().stream()
                .map(product -> {
                    long views = product.getValue()[0];
                    long units = product.getValue()[1];
                    return new LookToBook(product.getKey(), views, units, ratio(views, units));
                })
                .toList();
    }

    /** Views per unit sold, to two decimals; none when nothing was sold. */
    static BigDecimal ratio(long views, long unitsSold) {
        return unitsSold == 0 ? null
                : BigDecimal.valueOf(views).divide(BigDecimal.valueOf(unitsSold), 2, RoundingMode.HALF_UP);
    }
}
