package dev.tally.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import dev.tally.analytics.api.AbandonedCart;
import dev.tally.analytics.api.FindHourlySales;
import dev.tally.analytics.api.FindLookToBook;
import dev.tally.analytics.api.HourlySales;
import dev.tally.analytics.api.ListAbandonedCarts;
import dev.tally.analytics.api.LookToBook;
import dev.tally.catalog.api.ProductViewed;
import dev.tally.order.api.CartAbandoned;
import dev.tally.order.api.ItemAdded;
import dev.tally.order.api.OrderCancelled;
import dev.tally.order.api.OrderCheckedOut;
import dev.tally.order.api.OrderLine;
import dev.tally.order.api.OrderPaid;
import dev.tally.shared.money.Money;
import dev.tally.support.ApiTest;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The analytics projections fed events directly, with the timestamps a test chooses, on the
 * application's real database. Sales are put in 2001, so the live processors of the other tests
 * (writing in the present) do not touch the hours looked at here.
 */
class AnalyticsProjectionsIT extends ApiTest {

    private static final Currency EUR = Currency.getInstance("EUR");

    @Autowired
    private HourlySalesProjection hourlySales;
    @Autowired
    private LookToBookProjection lookToBook;
    @Autowired
    private AbandonedCartsProjection abandonedCarts;

    /**
     * Every id these tests made: the rows they fed are said by no stored event, and go after each
     * test, so that a replay elsewhere in the shared context (AnalyticsReplayIT) finds only rows the
     * events give. Products are named {@code <kind>-<id>}.
     */
    private static final Set<String> fed = ConcurrentHashMap.newKeySet();

    @Autowired
    private JdbcTemplate jdbc;

    private static String newId() {
        String id = UUID.randomUUID().toString();
        fed.add(id);
        return id;
    }

    @AfterEach
    void removeTheRowsNoEventSays() {
        for (String id : fed) {
            String itsProducts = "%-" + id;
            jdbc.update("delete from hourly_sales_entry where order_id = ?", id);
            jdbc.update("delete from product_sale where order_id = ? or product_id like ?", id, itsProducts);
            jdbc.update("delete from product_view where product_id like ?", itsProducts);
            jdbc.update("delete from abandoned_cart where order_id = ?", id);
        }
        fed.clear();
    }

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    private static OrderPaid paid(String orderId, String total, String currency, OrderLine... lines) {
        return new OrderPaid(orderId, "pay-" + orderId, List.of(lines), new BigDecimal(total), currency);
    }

    private static OrderCancelled cancelled(String orderId, boolean wasPaid, String total, OrderLine... lines) {
        return new OrderCancelled(orderId, wasPaid, wasPaid ? "pay-" + orderId : null, List.of(lines),
                new BigDecimal(total), "EUR");
    }

    private static HourlySales sales(String hour, long orders, String revenue, String currency) {
        Currency inCurrency = Currency.getInstance(currency);
        return new HourlySales(at(hour), orders, new Money(new BigDecimal(revenue), inCurrency));
    }

    @Nested
    class HourlySalesReadModel {

        private List<HourlySales> between(String from, String to) {
            return hourlySales.handle(new FindHourlySales(at(from), at(to)));
        }

        @Test
        void counts_each_paid_order_in_the_hour_it_was_paid_with_the_hour_boundary_exact() {
            hourlySales.on(paid(newId(), "10.00", "EUR"), at("2001-02-03T10:59:59.999Z"));
            hourlySales.on(paid(newId(), "5.50", "EUR"), at("2001-02-03T11:00:00.000Z"));
            hourlySales.on(paid(newId(), "4.25", "EUR"), at("2001-02-03T11:30:00Z"));
            hourlySales.on(paid(newId(), "1200", "JPY"), at("2001-02-03T11:45:00Z"));

            assertThat(between("2001-02-03T10:00:00Z", "2001-02-03T12:00:00Z")).containsExactly(
                    sales("2001-02-03T10:00:00Z", 1, "10.00", "EUR"),
                    sales("2001-02-03T11:00:00Z", 2, "9.75", "EUR"),
                    sales("2001-02-03T11:00:00Z", 1, "1200", "JPY"));
            assertThat(between("2001-02-03T11:00:00Z", "2001-02-03T12:00:00Z")).hasSize(2);
        }

        @Test
        void a_paid_order_cancelled_later_is_taken_back_in_the_hour_of_the_cancellation() {
            String orderId = newId();
            hourlySales.on(paid(orderId, "30.00", "EUR"), at("2001-03-04T09:15:00Z"));
            hourlySales.on(cancelled(orderId, true, "30.00"), at("2001-03-04T13:05:00Z"));
            hourlySales.on(cancelled(newId(), false, "7.00"), at("2001-03-04T13:10:00Z"));

            assertThat(between("2001-03-04T00:00:00Z", "2001-03-05T00:00:00Z")).containsExactly(
                    sales("2001-03-04T09:00:00Z", 1, "30.00", "EUR"),
                    sales("2001-03-04T13:00:00Z", -1, "-30.00", "EUR"));
        }

        @Test
        void an_event_handled_twice_counts_once() {
            String orderId = newId();
            OrderPaid event = paid(orderId, "8.00", "EUR");
            hourlySales.on(event, at("2001-04-05T08:00:00Z"));
            hourlySales.on(event, at("2001-04-05T08:00:00Z"));
            assertThat(between("2001-04-05T08:00:00Z", "2001-04-05T09:00:00Z"))
                    .containsExactly(sales("2001-04-05T08:00:00Z", 1, "8.00", "EUR"));
        }
    }

    @Nested
    class LookToBookReadModel {

        private EventMessage<ProductViewed> view(String productId) {
            return GenericEventMessage.asEventMessage(new ProductViewed(productId, "alice"));
        }

        private void viewed(String productId, int times) {
            for (int i = 0; i < times; i++) {
                EventMessage<ProductViewed> message = view(productId);
                lookToBook.on(message.getPayload(), message);
            }
        }

        private LookToBook of(String productId) {
            return lookToBook.handle(new FindLookToBook()).stream()
                    .filter(product -> product.productId().equals(productId))
                    .findFirst().orElseThrow();
        }

        @Test
        void relates_views_to_units_sold_in_paid_orders() {
            String book = "book-" + newId();
            String pen = "pen-" + newId();
            viewed(book, 5);
            viewed(pen, 3);
            lookToBook.on(paid(newId(), "25.00", "EUR", new OrderLine(book, 2, new BigDecimal("12.50"))));

            assertThat(of(book)).isEqualTo(new LookToBook(book, 5, 2, new BigDecimal("2.50")));
            assertThat(of(pen)).isEqualTo(new LookToBook(pen, 3, 0, null));
        }

        @Test
        void rounds_the_ratio_to_two_decimals() {
            String cup = "cup-" + newId();
            viewed(cup, 2);
            lookToBook.on(paid(newId(), "3.00", "EUR", new OrderLine(cup, 3, new BigDecimal("1.00"))));
            assertThat(of(cup).ratio()).isEqualByComparingTo("0.67");
        }

        @Test
        void units_of_a_paid_order_cancelled_later_are_not_sold() {
            String lamp = "lamp-" + newId();
            String orderId = newId();
            viewed(lamp, 4);
            lookToBook.on(paid(orderId, "20.00", "EUR", new OrderLine(lamp, 1, new BigDecimal("20.00"))));
            lookToBook.on(cancelled(orderId, true, "20.00", new OrderLine(lamp, 1, new BigDecimal("20.00"))));
            assertThat(of(lamp)).isEqualTo(new LookToBook(lamp, 4, 0, null));
        }

        @Test
        void an_event_handled_twice_counts_once() {
            String mug = "mug-" + newId();
            EventMessage<ProductViewed> view = view(mug);
            lookToBook.on(view.getPayload(), view);
            lookToBook.on(view.getPayload(), view);
            OrderPaid sale = paid(newId(), "2.00", "EUR", new OrderLine(mug, 2, new BigDecimal("1.00")));
            lookToBook.on(sale);
            lookToBook.on(sale);
            assertThat(of(mug)).isEqualTo(new LookToBook(mug, 1, 2, new BigDecimal("0.50")));
        }
    }

    @Nested
    class AbandonedCartsReadModel {

        private List<AbandonedCart> listed(String... orderIds) {
            List<String> wanted = List.of(orderIds);
            return abandonedCarts.handle(new ListAbandonedCarts()).stream()
                    .filter(cart -> wanted.contains(cart.orderId()))
                    .toList();
        }

        @Test
        void lists_abandoned_carts_newest_first_until_they_change() {
            String older = newId();
            String newer = newId();
            abandonedCarts.on(new CartAbandoned(older, new BigDecimal("12.50"), "EUR"), at("2001-05-06T10:00:00Z"));
            abandonedCarts.on(new CartAbandoned(newer, new BigDecimal("3600"), "JPY"), at("2001-05-06T11:00:00Z"));

            assertThat(listed(older, newer)).containsExactly(
                    new AbandonedCart(newer, at("2001-05-06T11:00:00Z"),
                            new Money(new BigDecimal("3600"), Currency.getInstance("JPY"))),
                    new AbandonedCart(older, at("2001-05-06T10:00:00Z"), new Money(new BigDecimal("12.50"), EUR)));

            abandonedCarts.on(new ItemAdded(older, "pen", 1, new BigDecimal("1.00"), "EUR"));
            abandonedCarts.on(new OrderCheckedOut(newer, "alice", "acc", "pay", List.of(), new BigDecimal("3600"),
                    "JPY"));
            assertThat(listed(older, newer)).isEmpty();
        }

        @Test
        void an_event_handled_twice_lists_the_cart_once() {
            String orderId = newId();
            CartAbandoned event = new CartAbandoned(orderId, new BigDecimal("5.00"), "EUR");
            abandonedCarts.on(event, at("2001-05-07T10:00:00Z"));
            abandonedCarts.on(event, at("2001-05-07T10:00:00Z"));
            assertThat(listed(orderId)).hasSize(1);
        }
    }
}
