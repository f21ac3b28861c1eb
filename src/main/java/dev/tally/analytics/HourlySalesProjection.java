package dev.tally.analytics;

import dev.tally.shared.readmodel.ReadModelTables;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Currency;
import java.util.List;

import dev.tally.analytics.api.FindHourlySales;
import dev.tally.analytics.api.HourlySales;
import dev.tally.order.api.OrderCancelled;
import dev.tally.order.api.OrderPaid;
import dev.tally.shared.money.Money;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The {@code hourly-sales} read model: paid orders and revenue per hour (UTC) and currency.
 *
 * <p>It keeps one row per order and kind rather than counters: a payment adds the order in the
 * hour it was paid, a cancellation after payment takes it away again in the hour it was
 * cancelled. Rows keyed by (order, kind) make a redelivered event harmless, and the query adds
 * them up per hour.
 */
@Component
@ProcessingGroup(HourlySalesProjection.PROCESSING_GROUP)
@ReadModelTables("hourly_sales_entry")
class HourlySalesProjection {

    static final String PROCESSING_GROUP = "hourly-sales";

    private final JdbcTemplate jdbc;

    HourlySalesProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(OrderPaid event, @Timestamp Instant paidAt) {
        record(event.orderId(), "PAID", paidAt, 1, event.total(), event.currency());
    }

    @EventHandler
    void on(OrderCancelled event, @Timestamp Instant cancelledAt) {
        if (event.wasPaid()) {
            record(event.orderId(), "CANCELLED", cancelledAt, -1, event.total().negate(), event.currency());
        }
    }

    private void record(String orderId, String kind, Instant at, int orders, BigDecimal revenue, String currency) {
        Integer known = jdbc.queryForObject(
                "select count(*) from hourly_sales_entry where order_id = ? and kind = ?", Integer.class, orderId, kind);
        if (known == 0) {
            jdbc.update("insert into hourly_sales_entry (order_id, kind, sales_hour, currency, orders, revenue)"
                    + " values (?, ?, ?, ?, ?, ?)", orderId, kind, utc(hourOf(at)), currency, orders, revenue);
        }
    }

    @ResetHandler
    void reset() {
        jdbc.update("delete from hourly_sales_entry");
    }

    @QueryHandler
    List<HourlySales> handle(FindHourlySales query) {
        return jdbc.query("""
                        select sales_hour, currency, sum(orders) as orders, sum(revenue) as revenue
                        from hourly_sales_entry
                        where sales_hour >= ? and sales_hour < ?
                        group by sales_hour, currency
                        order by sales_hour, currency""",
                (row, index) -> {
                    Currency currency = Currency.getInstance(row.getString("currency"));
                    return new HourlySales(row.getObject("sales_hour", OffsetDateTime.class).toInstant(),
                            row.getLong("orders"),
                            Money.ofStored(row.getBigDecimal("revenue"), currency));
                },
                utc(query.from()), utc(query.to()));
    }

    static Instant hourOf(Instant instant) {
        return instant.truncatedTo(ChronoUnit.HOURS);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
